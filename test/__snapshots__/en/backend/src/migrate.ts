// Applies the SQL files in migrations/ in name order, before the server listens (src/index.ts):
// a migration that fails stops the start-up, so the deploy fails and Swarm rolls back.
// - Each file runs in its own transaction: a failing one leaves nothing half done.
// - A Postgres advisory lock, held on one connection for the whole run, makes a second
//   replica starting at the same moment wait and then find the work done.
// - Each applied file is recorded in schema_migrations with its sha256: a file changed after
//   it was applied is refused by name (add a new migration instead of editing an old one).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQL } from 'bun';

export const MIGRATIONS_DIR = join(import.meta.dir, '..', 'migrations');
// Any fixed number: every process of this app takes the same one ("migrate" in ASCII).
const LOCK_ID = 0x6d696772617465;

export class MigrationError extends Error {}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Applies the pending migrations; returns the names it applied (empty when none was pending). */
export async function migrate(sql: SQL, dir = MIGRATIONS_DIR, log: (line: string) => void = console.log): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${LOCK_ID}::bigint)`;
    await conn`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
    const rows: { name: string; checksum: string }[] = await conn`select name, checksum from schema_migrations`;
    const applied = new Map(rows.map((row) => [row.name, row.checksum]));
    const done: string[] = [];
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const checksum = sha256(text);
      const recorded = applied.get(name);
      if (recorded !== undefined) {
        if (recorded !== checksum) {
          throw new MigrationError(
            `migrations/${name} was changed after it was applied (recorded sha256 ${recorded}, now ${checksum}): put it back as it was and write the change in a new migration`,
          );
        }
        continue;
      }
      try {
        await conn.begin(async (tx) => {
          await tx.unsafe(text);
          await tx`insert into schema_migrations (name, checksum) values (${name}, ${checksum})`;
        });
      } catch (error) {
        throw new MigrationError(`migrations/${name} failed and was rolled back: ${(error as Error).message}`);
      }
      log(`migration applied: ${name}`);
      done.push(name);
    }
    return done;
  } finally {
    await conn`select pg_advisory_unlock(${LOCK_ID}::bigint)`.catch(() => {});
    conn.release();
  }
}
