// `bun run migrate`: applies the pending migrations and exits (CI before `bun test`, and
// `npm run dev` at the repo's root). The server does the same at every start (src/index.ts).
import { checkDatabase, closeDatabase, db } from './db.ts';
import { migrate } from './migrate.ts';

/** Applies the pending migrations; false (after saying why) when they could not be applied. */
export async function migrateOrSay(): Promise<boolean> {
  const sql = db();
  if (!sql) {
    console.error('DATABASE_URL is not set: migrations not applied');
    return false;
  }
  try {
    const applied = await migrate(sql);
    if (applied.length === 0) console.log('migrations: the database is up to date');
    return true;
  } catch (error) {
    console.error(`migrations: ${(error as Error).message}`);
    return false;
  }
}

// Exit 2 when Postgres does not answer (`npm run dev` waits and tries again), 1 when a
// migration failed or was edited.
if (import.meta.main) {
  const unreachable = db() ? await checkDatabase() : null;
  if (unreachable) console.error(`migrations: ${unreachable}`);
  const ok = !unreachable && (await migrateOrSay());
  await closeDatabase();
  process.exit(unreachable ? 2 : ok ? 0 : 1);
}
