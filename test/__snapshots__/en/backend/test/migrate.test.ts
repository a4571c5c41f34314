// The migration runner against a real Postgres: DATABASE_URL must point to one (CI starts a
// service container; locally `npm run dev` at the repo's root starts one). Each test works in a
// database of its own, created here and dropped after, so your data is never touched.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQL } from 'bun';
import { MIGRATIONS_DIR, migrate } from '../src/migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('test/migrate.test.ts needs a Postgres: set DATABASE_URL (see the backend README)');
}
const admin = new SQL({ url, max: 1 });
const created: string[] = [];
const clients: SQL[] = [];
const quiet = () => {};

/** A new, empty database and a client on it. */
async function freshDatabase(): Promise<{ sql: SQL; url: string }> {
  const name = `migrate_test_${process.pid}_${created.length}`;
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  created.push(name);
  const dbUrl = new URL(url!);
  dbUrl.pathname = `/${name}`;
  const sql = new SQL({ url: dbUrl.href, max: 2 });
  clients.push(sql);
  return { sql, url: dbUrl.href };
}

/** The migrations folders the tests made, removed at the end. */
const folders: string[] = [];

/** A migrations folder holding these files. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const tables = async (sql: SQL) =>
  (await sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`).map(
    (row: { table_name: string }) => row.table_name,
  );
const recorded = async (sql: SQL) =>
  (await sql`select name from schema_migrations order by name`).map((row: { name: string }) => row.name);

// Dropping a database waits for a checkpoint: about a second each on a busy machine.
afterAll(async () => {
  for (const sql of clients) await sql.close({ timeout: 1 });
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('migrate', () => {
  test('applies the shipped migrations to a fresh database, each recorded with its sha256', async () => {
    const { sql } = await freshDatabase();
    const applied = await migrate(sql, MIGRATIONS_DIR, quiet);
    expect(applied.length).toBeGreaterThan(0);
    expect(await recorded(sql)).toEqual(applied);
    expect(await tables(sql)).toContain('app_events');
    const [row] = await sql`select checksum from schema_migrations order by name limit 1`;
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a second run applies nothing and changes nothing', async () => {
    const { sql } = await freshDatabase();
    const dir = folder({ '0001_a.sql': 'create table a (id int);', '0002_b.sql': 'insert into a values (1);' });
    expect(await migrate(sql, dir, quiet)).toEqual(['0001_a.sql', '0002_b.sql']);
    expect(await migrate(sql, dir, quiet)).toEqual([]);
    expect(await sql`select count(*)::int as n from a`).toEqual([{ n: 1 }]);
  });

  test('applies only the new file when one is added', async () => {
    const { sql } = await freshDatabase();
    const dir = folder({ '0001_a.sql': 'create table a (id int);' });
    await migrate(sql, dir, quiet);
    writeFileSync(join(dir, '0002_b.sql'), 'alter table a add column name text;');
    expect(await migrate(sql, dir, quiet)).toEqual(['0002_b.sql']);
  });

  test('refuses a file edited after it was applied, naming it', async () => {
    const { sql } = await freshDatabase();
    const dir = folder({ '0001_a.sql': 'create table a (id int);', '0002_b.sql': 'create table b (id int);' });
    await migrate(sql, dir, quiet);
    writeFileSync(join(dir, '0001_a.sql'), 'create table a (id bigint);');
    writeFileSync(join(dir, '0003_c.sql'), 'create table c (id int);');
    await expect(migrate(sql, dir, quiet)).rejects.toThrow(/migrations\/0001_a\.sql was changed after it was applied/);
    expect(await tables(sql)).not.toContain('c'); // nothing after it runs
  });

  test('rolls back a failing migration whole and stops there', async () => {
    const { sql } = await freshDatabase();
    const dir = folder({
      '0001_a.sql': 'create table a (id int);',
      '0002_broken.sql': 'create table half (id int);\ninsert into a values (1);\nselect 1 / 0;',
      '0003_c.sql': 'create table c (id int);',
    });
    await expect(migrate(sql, dir, quiet)).rejects.toThrow(/migrations\/0002_broken\.sql failed and was rolled back: division by zero/);
    expect(await tables(sql)).toEqual(['a', 'schema_migrations']);
    expect(await sql`select count(*)::int as n from a`).toEqual([{ n: 0 }]);
    expect(await recorded(sql)).toEqual(['0001_a.sql']);
  });

  test('two processes starting at once: one applies each file, the other waits and finds it done', async () => {
    const { url: dbUrl } = await freshDatabase();
    // Slow migrations, so the two runs overlap: without the lock both would create the table.
    const dir = folder({
      '0001_slow.sql': 'select pg_sleep(1);\ncreate table slow (id int);',
      '0002_next.sql': 'insert into slow values (1);',
    });
    const script = [
      `import { SQL } from 'bun';`,
      `import { migrate } from ${JSON.stringify(join(import.meta.dir, '../src/migrate.ts'))};`,
      'const sql = new SQL({ url: process.env.MIGRATE_URL, max: 1 });',
      'console.log(JSON.stringify(await migrate(sql, process.env.MIGRATE_DIR, () => {})));',
      'await sql.close();',
    ].join('\n');
    const run = () =>
      Bun.spawn([process.execPath, '-e', script], {
        env: { ...process.env, MIGRATE_URL: dbUrl, MIGRATE_DIR: dir },
        stdout: 'pipe',
        stderr: 'pipe',
      });
    const processes = [run(), run()];
    const results = await Promise.all(
      processes.map(async (p) => ({ code: await p.exited, out: await new Response(p.stdout).text(), err: await new Response(p.stderr).text() })),
    );
    for (const r of results) expect(r.code, r.err).toBe(0);
    const applied = results.map((r) => JSON.parse(r.out) as string[]);
    expect(applied.flat().sort()).toEqual(['0001_slow.sql', '0002_next.sql']);
    const check = new SQL({ url: dbUrl, max: 1 });
    clients.push(check);
    expect(await check`select count(*)::int as n from slow`).toEqual([{ n: 1 }]);
  });
});
