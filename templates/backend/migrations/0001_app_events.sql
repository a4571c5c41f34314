-- The first migration: an example table, safe to keep or to drop in a later migration.
-- Each file here runs once, in name order, inside its own transaction, before the server
-- listens. Never edit a file that was already applied: add the next number instead
-- (`npm run new -- migration <name>` at the repo's root).
create table app_events (
  id bigint generated always as identity primary key,
  kind text not null,
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
