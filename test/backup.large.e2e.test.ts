// Real-sized backups: a database of about 355 MB (test/fixtures/backup-large.sql, built once and
// shared by every case) backed up and restored by the generated scripts, for gzip, zstd and each
// with age, against the loopback S3 that checks every SigV4 signature (test/support/s3.ts). Each
// restored table must equal the original row for row: the same count and the same hash of its
// rows in key order. One case goes up as a multipart upload: the single-PUT limit is lowered by
// PYME_BACKUP_SINGLE_PUT_LIMIT and the bucket refuses any PUT above it.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_SETS, generateProject } from './support/generate.js';
import { startPostgres, type Postgres } from './support/postgres.js';
import { startS3, type S3Server } from './support/s3.js';
import { REPO, requireTool } from './support/tools.js';

const FAKE_BIN = join(REPO, 'test/fixtures/backup-bin');
const SERVICE = 'tienda-demo-tiendademo-x1y2z3';
const BUCKET = ANSWER_SETS.es.r2Bucket;
const KEY_ID = 'r2-key-id';
const SECRET = 'r2-secret-access-key';
const DB = 'tienda_grande';
const TABLES = ['clientes', 'movimientos', 'adjuntos'];
const CASE_TIMEOUT = 600_000;
const MIB = 1024 * 1024;

let tmp: string;
let scripts: string;
let pg: Postgres;
let s3: S3Server;
let recipient: string;
let identity: string;
let original: string[];

/** Per table: row count and md5 over the md5 of each row, in primary key order; then the indexes. */
function fingerprint(db: string): string[] {
  return [
    ...TABLES.map((t) => pg.psql(`SELECT '${t} ' || count(*) || ' ' || md5(string_agg(md5(x::text), '' ORDER BY x.id)) FROM ${t} x`, db)),
    pg.psql("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'", db),
    pg.psql(`SELECT count(*) || ' ' || md5(string_agg(md5(lo_get(oid)), '' ORDER BY oid)) FROM pg_largeobject_metadata`, db),
  ];
}

beforeAll(async () => {
  for (const tool of ['curl', 'flock', 'gzip', 'zstd', 'age', 'age-keygen']) requireTool(tool);
  tmp = mkdtempSync(join(tmpdir(), 'backup-large-'));
  scripts = join(await generateProject(ANSWER_SETS.es, tmp), 'ops/backup');
  pg = await startPostgres();
  pg.psql(`CREATE DATABASE ${DB}`);
  execFileSync(join(pg.binDir, 'psql'), [
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-h',
    '127.0.0.1',
    '-p',
    String(pg.port),
    '-U',
    'postgres',
    '-d',
    DB,
    '-f',
    join(REPO, 'test/fixtures/backup-large.sql'),
  ]);
  original = fingerprint(DB);
  s3 = await startS3({ bucket: BUCKET, accessKeyId: KEY_ID, secretAccessKey: SECRET, dir: join(tmp, 's3') });
  identity = join(tmp, 'age-key.txt');
  execFileSync('age-keygen', ['-o', identity], { stdio: 'ignore' });
  recipient = execFileSync('age-keygen', ['-y', identity], { encoding: 'utf8' }).trim();
}, 900_000);

afterAll(async () => {
  pg?.destroy();
  await s3?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function run(script: string, name: string, settings: Record<string, string>, args: string[] = [], extra: Record<string, string> = {}) {
  const env = join(tmp, `${name}.env`);
  const all = {
    R2_ENDPOINT: s3.url,
    R2_ACCESS_KEY_ID: KEY_ID,
    R2_SECRET_ACCESS_KEY: SECRET,
    R2_PREFIX: `${name}/`,
    PG_SERVICE: SERVICE,
    PG_DB: DB,
    BACKUP_DIR: join(tmp, 'local', name),
    LOCK_FILE: join(tmp, 'backup.lock'),
    ...settings,
  };
  writeFileSync(
    env,
    Object.entries(all)
      .map(([k, v]) => `${k}='${v}'\n`)
      .join(''),
    { mode: 0o600 },
  );
  return execa(join(scripts, script), args, {
    reject: false,
    timeout: CASE_TIMEOUT,
    env: {
      BACKUP_ENV_FILE: env,
      PATH: `${FAKE_BIN}:${process.env.PATH}`,
      FAKE_PG_BIN: pg.binDir,
      FAKE_PG_PORT: String(pg.port),
      FAKE_PG_SERVICE: SERVICE,
      ...extra,
    },
  });
}

function head(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(bytes);
  readSync(fd, buf, 0, bytes, 0);
  closeSync(fd);
  return buf;
}

const CASES = [
  { name: 'gzip', settings: { COMPRESSION: 'gzip' }, ext: '.dump.gz', magic: '1f8b', damaged: true },
  { name: 'zstd', settings: { COMPRESSION: 'zstd' }, ext: '.dump.zst', magic: '28b52ffd' },
  { name: 'gzip-age', settings: { COMPRESSION: 'gzip', AGE: '1' }, ext: '.dump.gz.age', magic: '' },
  { name: 'zstd-age-multipart', settings: { COMPRESSION: 'zstd', AGE: '1' }, ext: '.dump.zst.age', magic: '', partLimit: 16 * MIB },
];

describe(`backup and restore of a real-sized database (${TABLES.join(', ')})`, () => {
  it('the database is over 200 MB, with two large objects', () => {
    expect(Number(pg.psql(`SELECT pg_database_size('${DB}')`))).toBeGreaterThan(200 * MIB);
    expect(original[1]).toMatch(/^movimientos 1500000 [0-9a-f]{32}$/);
    expect(original[2]).toMatch(/^adjuntos 20000 [0-9a-f]{32}$/);
    expect(original[4]).toMatch(/^2 [0-9a-f]{32}$/);
  });

  for (const c of CASES) {
    it(
      `${c.name}: backup, restore, every row equal`,
      async () => {
        const { AGE, ...settings } = c.settings as Record<string, string>;
        if (AGE) Object.assign(settings, { AGE_RECIPIENT: recipient, AGE_IDENTITY_FILE: identity });
        const extra: Record<string, string> = {};
        s3.maxPutSize = c.partLimit ?? 5 * 1024 * MIB;
        if (c.partLimit) extra.PYME_BACKUP_SINGLE_PUT_LIMIT = String(c.partLimit);
        const seen = s3.requests.length;
        try {
          const backup = await run('backup-postgres-to-r2.sh', c.name, settings, [], extra);
          expect(backup.exitCode, backup.stderr).toBe(0);
          // Nothing but the archive is left in the local folder (no work folder, no multipart slice).
          expect(readdirSync(join(tmp, 'local', c.name)).filter((f) => !f.endsWith(c.ext))).toEqual([]);
          const keys = s3.keys(`${c.name}/`);
          expect(keys).toHaveLength(1);
          expect(keys[0].endsWith(c.ext)).toBe(true);
          const first = head(s3.file(keys[0]), 21);
          if (c.magic) expect(first.subarray(0, c.magic.length / 2).toString('hex')).toBe(c.magic);
          else expect(first.toString()).toBe('age-encryption.org/v1');

          const writes = s3.requests.slice(seen).filter((r) => r.key === keys[0] && r.method !== 'GET');
          if (c.partLimit) {
            const parts = writes.filter((r) => r.method === 'PUT');
            expect(parts.length).toBeGreaterThan(2);
            expect(parts.every((r) => typeof r.query.uploadId === 'string' && r.status === 200)).toBe(true);
            expect(writes.map((r) => r.method)).toEqual(['POST', ...parts.map(() => 'PUT'), 'POST']);
            expect(backup.stdout).toMatch(new RegExp(`subida en ${parts.length} partes de 16 MiB`));
          } else {
            expect(writes.map((r) => [r.method, r.status, r.query.uploadId])).toEqual([['PUT', 200, undefined]]);
          }

          const restored = `restored_${c.name.replaceAll('-', '_')}`;
          const restore = await run('restore-from-r2.sh', c.name, settings, ['--yes', '--backup', keys[0], restored]);
          expect(restore.exitCode, restore.stderr).toBe(0);
          expect(fingerprint(restored)).toEqual(original);
          if (c.damaged) {
            // The same archive with gzip's CRC wrong, found only after every byte reached
            // pg_restore (large objects included): the existing database keeps what it holds.
            pg.psql(
              `INSERT INTO adjuntos VALUES (9999999, '\\x00', '{}', '{}', 'only here'); SELECT lo_from_bytea(0, 'only here')`,
              restored,
            );
            const before = fingerprint(restored);
            const bad = readFileSync(s3.file(keys[0]));
            bad[bad.length - 8] ^= 0xff;
            writeFileSync(join(tmp, 'badcrc.dump.gz'), bad);
            const failed = await run('restore-from-r2.sh', c.name, settings, ['--yes', '--file', join(tmp, 'badcrc.dump.gz'), restored]);
            expect(failed.exitCode).not.toBe(0);
            expect(failed.stderr).toContain('la restauración FALLÓ');
            expect(fingerprint(restored)).toEqual(before);
            rmSync(join(tmp, 'badcrc.dump.gz'));
          }
          pg.psql(`DROP DATABASE ${restored}`);
        } finally {
          s3.maxPutSize = 5 * 1024 * MIB;
          rmSync(join(tmp, 'local', c.name), { recursive: true, force: true });
        }
      },
      CASE_TIMEOUT,
    );
  }
});
