// `bun run migrate`: applies the pending migrations and exits (CI before `bun test`, and
// `npm run dev` at the repo's root). The server does the same at every start (src/index.ts).
import { closeDatabase, db } from './db.ts';
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

if (import.meta.main) {
  const ok = await migrateOrSay();
  await closeDatabase();
  process.exit(ok ? 0 : 1);
}
