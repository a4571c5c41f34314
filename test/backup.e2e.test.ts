// The generated ops/backup scripts, run for real: a Debian Postgres reached through a `docker`
// stand-in on PATH (test/fixtures/backup-bin/docker; there is no Docker engine here), a loopback
// S3 that checks every SigV4 signature as R2 does (test/support/s3.ts) as the bucket, and a fake
// relay. The real-sized round trips are in backup.large.e2e.test.ts.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CronFileParser } from 'cron-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_SETS, generateProject, renderSet } from './support/generate.js';
import { freePort, startPostgres, type Postgres } from './support/postgres.js';
import { startS3, type S3Server } from './support/s3.js';
import { REPO, requireTool } from './support/tools.js';
import { utcCronSchedule } from '../src/context.js';

const TOOLS = ['shellcheck', 'curl', 'flock', 'gzip', 'zstd', 'age', 'age-keygen', 'promtool', 'systemd-analyze'];
const FAKE_BIN = join(REPO, 'test/fixtures/backup-bin');
const SERVICE = 'tienda-demo-tiendademo-x1y2z3';
const BUCKET = ANSWER_SETS.es.r2Bucket;
/** A row value that must show up in a plain dump and never in an encrypted one. */
const MARKER = 'Ferreteria-Marcador-7731';
const STEP_TIMEOUT = 120_000;
/**
 * What else pg_dump writes: bytea, jsonb, arrays, emoji, text that reads like SQL, and two large
 * objects (pg_restore wraps those in its own BEGIN/COMMIT unless --single-transaction). The large
 * objects are md5 bytes (incompressible), so every archive spans several age chunks.
 */
const EXTRA_TYPES = `
  CREATE TABLE adjuntos (id serial PRIMARY KEY, datos bytea, meta jsonb, etiquetas text[], nota text);
  INSERT INTO adjuntos (datos, meta, etiquetas, nota) VALUES
    (decode(repeat('00ff10', 3000), 'hex'), '{"cliente": "Núñez 🛠️", "líneas": [1, 2]}', ARRAY['ferretería', 'COMMIT;', '🔩'], E'COMMIT;\\nBEGIN;'),
    (NULL, 'null', '{}', '😀 \\. fin');
  SELECT lo_from_bytea(0, decode(string_agg(md5(n::text), '' ORDER BY n), 'hex')) FROM generate_series(1, 20000) n;
  SELECT lo_from_bytea(0, convert_to(repeat('factura 🧾 ', 5000), 'UTF8'));`;
const KEY_ID = 'r2-key-id';
const SECRET = 'r2-secret-access-key';

let tmp: string;
let scripts: string;
let pg: Postgres;
let s3: S3Server;
let relay: Server;
let relayPort: number;
const alerts: { auth?: string; body: string }[] = [];

beforeAll(async () => {
  for (const tool of TOOLS) requireTool(tool);
  tmp = mkdtempSync(join(tmpdir(), 'backup-e2e-'));
  scripts = join(await generateProject(ANSWER_SETS.es, tmp), 'ops/backup');
  pg = await startPostgres();
  pg.psql('CREATE DATABASE tienda_demo');
  pg.psql(
    `CREATE TABLE clientes (id serial PRIMARY KEY, nombre text NOT NULL);
     INSERT INTO clientes (nombre) SELECT 'cliente ' || n FROM generate_series(1, 500) n;
     INSERT INTO clientes (nombre) VALUES ('${MARKER}');
     ${EXTRA_TYPES}`,
    'tienda_demo',
  );
  s3 = await startS3({ bucket: BUCKET, accessKeyId: KEY_ID, secretAccessKey: SECRET, dir: join(tmp, 's3') });
  relay = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/alert' && req.method === 'POST') alerts.push({ auth: req.headers.authorization, body });
      res.writeHead(202).end();
    });
  });
  relayPort = await freePort();
  await new Promise<void>((resolve) => relay.listen(relayPort, '127.0.0.1', resolve));
}, 300_000);

afterAll(async () => {
  pg?.destroy();
  await s3?.close();
  relay?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Writes a backup.env for one case (each case has its own R2 prefix and local folder). */
function envFile(name: string, overrides: Record<string, string> = {}, base = true): string {
  const settings: Record<string, string> = base
    ? {
        R2_ENDPOINT: s3.url,
        R2_ACCESS_KEY_ID: KEY_ID,
        R2_SECRET_ACCESS_KEY: SECRET,
        R2_PREFIX: `${name}/`,
        PG_SERVICE: SERVICE,
        BACKUP_DIR: join(tmp, 'local', name),
        LOCK_FILE: join(tmp, 'backup.lock'),
        METRICS_TEXTFILE_DIR: join(tmp, 'textfile', name),
        ALERTS_URL: `http://127.0.0.1:${relayPort}`,
        ALERTS_TOKEN: 'relay-secret',
        ...overrides,
      }
    : overrides;
  const path = join(tmp, `${name}.env`);
  writeFileSync(
    path,
    Object.entries(settings)
      .map(([k, v]) => `${k}='${v}'\n`)
      .join(''),
    { mode: 0o600 },
  );
  if (settings.METRICS_TEXTFILE_DIR) mkdirSync(settings.METRICS_TEXTFILE_DIR, { recursive: true });
  return path;
}

function run(script: string, env: string, args: string[] = [], extra: Record<string, string> = {}) {
  return execa(join(scripts, script), args, {
    reject: false,
    timeout: STEP_TIMEOUT,
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
const backup = (env: string, extra?: Record<string, string>) => run('backup-postgres-to-r2.sh', env, [], extra);

// The bucket is read and seeded directly; test/s3-server.e2e.test.ts shows it answers awscli too.
const bucketKeys = async (prefix: string) => s3.keys(prefix);
const bucketObject = async (key: string) => s3.object(key);
const rows = (db: string) => pg.psql(`SELECT count(*) || ' ' || bool_or(nombre = '${MARKER}') FROM clientes`, db);
/** Everything a restore must bring back or leave alone: the rows, the other types, the large objects. */
const state = (db: string) => [
  rows(db),
  pg.psql(`SELECT count(*) || ' ' || md5(string_agg(md5(a::text), '' ORDER BY id)) FROM adjuntos a`, db),
  pg.psql(`SELECT count(*) || ' ' || md5(string_agg(md5(lo_get(oid)), '' ORDER BY oid)) FROM pg_largeobject_metadata`, db),
];
const localArchives = (name: string) => readdirSync(join(tmp, 'local', name)).filter((f) => f.includes('.dump.'));
/** Three older local copies in the local folder of a case, oldest first; returns their names. */
function seedOldCopies(name: string): string[] {
  const dir = join(tmp, 'local', name);
  mkdirSync(dir, { recursive: true });
  const old = ['20240101T000000Z', '20240102T000000Z', '20240103T000000Z'].map((t) => `tienda_demo-${t}.dump.gz`);
  for (const file of old) writeFileSync(join(dir, file), 'old');
  return old;
}
/** The demo database as Dokploy's own backups hold it: `pg_dump -Fc`. */
const demoDump = () =>
  execFileSync(join(pg.binDir, 'pg_dump'), ['-Fc', '-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-d', 'tienda_demo']);
const lastAlert = () => JSON.parse(alerts.at(-1)!.body) as { text: string; key: string };

describe('shellcheck on the generated scripts', () => {
  for (const [set, answers] of Object.entries(ANSWER_SETS)) {
    it(`passes for every script (${set})`, async () => {
      const files = await renderSet(answers);
      const dir = mkdtempSync(join(tmpdir(), `backup-sc-${set}-`));
      const shells: string[] = [];
      for (const [path, file] of files) {
        if (!path.startsWith('ops/backup/') || !path.endsWith('.sh')) continue;
        writeFileSync(join(dir, path.slice('ops/backup/'.length)), file.content);
        shells.push(path.slice('ops/backup/'.length));
        if (!path.endsWith('common.sh')) expect(file.mode, `${path} is executable`).toBe(0o755);
      }
      expect(shells.sort()).toEqual(['backup-common.sh', 'backup-postgres-to-r2.sh', 'restore-from-r2.sh']);
      const result = await execa('shellcheck', ['-x', ...shells], { cwd: dir, reject: false });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('fails on a deliberately broken script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-sc-broken-'));
    const files = await renderSet(ANSWER_SETS.es);
    for (const name of ['backup-common.sh', 'backup-postgres-to-r2.sh']) {
      writeFileSync(join(dir, name), files.get(`ops/backup/${name}`)!.content);
    }
    const script = join(dir, 'backup-postgres-to-r2.sh');
    const source = readFileSync(script, 'utf8');
    expect(source).toContain('mkdir -p -- "$BACKUP_DIR"');
    writeFileSync(script, source.replace('mkdir -p -- "$BACKUP_DIR"', 'mkdir -p -- $BACKUP_DIR'));
    const result = await execa('shellcheck', ['-x', 'backup-postgres-to-r2.sh'], { cwd: dir, reject: false });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toContain('SC2086');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('backup and restore round trip', () => {
  it(
    'gzip: uploads a verified archive, writes the metric, restores into a new database',
    async () => {
      const env = envFile('gzip');
      const result = await backup(env);
      expect(result.exitCode, result.stderr).toBe(0);
      // One timestamped line per step.
      for (const line of result.stdout.split('\n')) expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ /);
      expect(result.stdout).toContain('== verificar el archivo (pg_restore lo lee entero)');
      const keys = await bucketKeys('gzip/');
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^gzip\/tienda_demo-\d{8}T\d{6}Z\.dump\.gz$/);
      expect(localArchives('gzip')).toEqual([keys[0].slice('gzip/'.length)]);
      // The plain archive holds the rows (so the age case below proves encryption hides them).
      expect(execFileSync('gzip', ['-dc'], { input: await bucketObject(keys[0]) }).includes(MARKER)).toBe(true);

      const metric = readFileSync(join(tmp, 'textfile/gzip/pyme_backup.prom'), 'utf8');
      expect(metric).toMatch(/^pyme_backup_last_success_timestamp_seconds (\d+)$/m);
      const stamp = Number(/ (\d+)$/m.exec(metric)![1]);
      expect(Math.abs(stamp - Date.now() / 1000)).toBeLessThan(120);
      execFileSync('promtool', ['check', 'metrics'], { input: metric });
      expect(readdirSync(join(tmp, 'textfile/gzip'))).toEqual(['pyme_backup.prom']);

      const listed = await run('restore-from-r2.sh', env, ['--list']);
      expect(listed.exitCode, listed.stderr).toBe(0);
      expect(listed.stdout).toContain(keys[0]);

      const restored = await run('restore-from-r2.sh', env, ['--yes', '--backup', keys[0], 'restored_gzip']);
      expect(restored.exitCode, restored.stderr).toBe(0);
      expect(rows('restored_gzip')).toBe('501 true');
      expect(state('restored_gzip')).toEqual(state('tienda_demo'));
    },
    STEP_TIMEOUT,
  );

  it(
    'zstd: restores the newest backup when none is named',
    async () => {
      const env = envFile('zstd', { COMPRESSION: 'zstd' });
      const result = await backup(env);
      expect(result.exitCode, result.stderr).toBe(0);
      const keys = await bucketKeys('zstd/');
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/\.dump\.zst$/);
      // An older, broken object: picking it instead of the newest would fail the restore.
      s3.put('zstd/tienda_demo-20200101T000000Z.dump.zst', Buffer.from('not a backup'));
      const restored = await run('restore-from-r2.sh', env, ['--yes', 'restored_zstd']);
      expect(restored.exitCode, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(keys[0]);
      expect(rows('restored_zstd')).toBe('501 true');
    },
    STEP_TIMEOUT,
  );

  it(
    'age: the object is encrypted and restores only with the private key',
    async () => {
      const identity = join(tmp, 'age-key.txt');
      execFileSync('age-keygen', ['-o', identity], { stdio: 'ignore' });
      const recipient = execFileSync('age-keygen', ['-y', identity], { encoding: 'utf8' }).trim();
      const env = envFile('age', { AGE_RECIPIENT: recipient });
      const result = await backup(env);
      expect(result.exitCode, result.stderr).toBe(0);
      const keys = await bucketKeys('age/');
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/\.dump\.gz\.age$/);
      const object = await bucketObject(keys[0]);
      expect(object.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      expect(object.includes(MARKER)).toBe(false);
      expect(() => execFileSync('gzip', ['-dc'], { input: object, stdio: 'pipe' })).toThrow();

      const withoutKey = await run('restore-from-r2.sh', env, ['--yes', 'restored_age']);
      expect(withoutKey.exitCode).not.toBe(0);
      expect(withoutKey.stderr).toContain('AGE_IDENTITY_FILE');

      const withKey = await run('restore-from-r2.sh', envFile('age', { AGE_RECIPIENT: recipient, AGE_IDENTITY_FILE: identity }), [
        '--yes',
        'restored_age',
      ]);
      expect(withKey.exitCode, withKey.stderr).toBe(0);
      expect(rows('restored_age')).toBe('501 true');
      expect(state('restored_age')).toEqual(state('tienda_demo'));
    },
    STEP_TIMEOUT,
  );

  it(
    "restores Dokploy's own backups (pg_dump -Fc | gzip, named by an ISO time)",
    async () => {
      const key = 'dokploy/2026-11-29T12:00:00.123Z.sql.gz';
      const dump = demoDump();
      s3.put(key, execFileSync('gzip', ['-c'], { input: dump }));
      const restored = await run('restore-from-r2.sh', envFile('gzip'), ['--yes', '--backup', key, 'restored_dokploy']);
      expect(restored.exitCode, restored.stderr).toBe(0);
      expect(rows('restored_dokploy')).toBe('501 true');
    },
    STEP_TIMEOUT,
  );

  it(
    'restore asks for the database name and stops on a wrong answer',
    async () => {
      const env = envFile('gzip');
      const result = await execa(join(scripts, 'restore-from-r2.sh'), ['not_confirmed'], {
        reject: false,
        timeout: STEP_TIMEOUT,
        input: 'otra_base\n',
        env: {
          BACKUP_ENV_FILE: env,
          PATH: `${FAKE_BIN}:${process.env.PATH}`,
          FAKE_PG_BIN: pg.binDir,
          FAKE_PG_PORT: String(pg.port),
          FAKE_PG_SERVICE: SERVICE,
        },
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('cancelado');
      expect(result.stderr).not.toContain('FALLÓ');
      expect(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'not_confirmed'")).toBe('0');
    },
    STEP_TIMEOUT,
  );

  it(
    'restores a local copy with --file (when R2 is out of reach)',
    async () => {
      const [copy] = localArchives('gzip');
      const env = envFile('localonly', { R2_ENDPOINT: `http://127.0.0.1:${await freePort()}` });
      const restored = await run('restore-from-r2.sh', env, ['--yes', '--file', join(tmp, 'local/gzip', copy), 'restored_local']);
      expect(restored.exitCode, restored.stderr).toBe(0);
      expect(rows('restored_local')).toBe('501 true');
    },
    STEP_TIMEOUT,
  );

  it(
    'restore without a database name shows how to call it',
    async () => {
      const result = await run('restore-from-r2.sh', envFile('gzip'));
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('falta el nombre de la base de datos destino');
      expect(result.stderr).toContain('restore-from-r2.sh [--yes] --backup KEY DATABASE');
    },
    STEP_TIMEOUT,
  );

  it(
    'keeps the last 3 local copies',
    async () => {
      const old = seedOldCopies('keep');
      const result = await backup(envFile('keep'));
      expect(result.exitCode, result.stderr).toBe(0);
      const left = localArchives('keep').sort();
      expect(left).toHaveLength(3);
      expect(left.slice(0, 2)).toEqual(old.slice(1));
      expect(left[2]).toBe((await bucketKeys('keep/'))[0].slice('keep/'.length));
    },
    STEP_TIMEOUT,
  );
});

describe('backup failures', () => {
  it(
    'Postgres down: exits non-zero, uploads nothing, keeps no archive, alerts the relay',
    async () => {
      const before = alerts.length;
      pg.stop();
      try {
        const result = await backup(envFile('pgdown'));
        expect(result.exitCode).not.toBe(0);
        expect(result.stderr).toContain('FALLÓ');
      } finally {
        pg.start();
      }
      expect(await bucketKeys('pgdown/')).toEqual([]);
      expect(readdirSync(join(tmp, 'local', 'pgdown'))).toEqual([]);
      expect(existsSync(join(tmp, 'textfile/pgdown/pyme_backup.prom'))).toBe(false);
      expect(alerts.length).toBe(before + 1);
      expect(alerts.at(-1)!.auth).toBe('Bearer relay-secret');
      expect(lastAlert().key).toBe('backup-failed');
      expect(lastAlert().text).toContain('volcar la base tienda_demo');
    },
    STEP_TIMEOUT,
  );

  it(
    'bucket unreachable: exits non-zero, keeps the local copy, alerts the relay',
    async () => {
      const before = alerts.length;
      const result = await backup(envFile('nobucket', { R2_ENDPOINT: `http://127.0.0.1:${await freePort()}` }));
      expect(result.exitCode).not.toBe(0);
      expect(localArchives('nobucket')).toHaveLength(1);
      expect(readdirSync(join(tmp, 'local', 'nobucket'))).toEqual(localArchives('nobucket'));
      expect(alerts.length).toBe(before + 1);
      expect(lastAlert().text).toContain('subir a R2');
    },
    STEP_TIMEOUT,
  );

  it(
    'R2 refuses the key: exits non-zero with the reason and uploads nothing',
    async () => {
      const result = await backup(envFile('badkey', { R2_ACCESS_KEY_ID: 'NOT-A-KEY' }));
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('InvalidAccessKeyId');
      expect(result.stderr).toContain('revisa R2_ACCESS_KEY_ID y R2_SECRET_ACCESS_KEY');
      expect(await bucketKeys('badkey/')).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'R2 refuses a wrong secret (the signature is checked): exits non-zero with the reason',
    async () => {
      const result = await backup(envFile('badsecret', { R2_SECRET_ACCESS_KEY: 'not-the-secret' }));
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('SignatureDoesNotMatch');
      expect(result.stderr).toContain('revisa R2_ACCESS_KEY_ID y R2_SECRET_ACCESS_KEY');
      expect(s3.requests.filter((r) => r.key.startsWith('badsecret/')).map((r) => [r.status, r.code])).toContainEqual([
        403,
        'SignatureDoesNotMatch',
      ]);
      expect(await bucketKeys('badsecret/')).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    'a dump cut short fails verification: nothing uploaded, the alert names the step',
    async () => {
      const before = alerts.length;
      const result = await backup(envFile('truncated'), { FAKE_PG_DUMP_TRUNCATE: '3000' });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain('FALLÓ en el paso «verificar el archivo');
      expect(await bucketKeys('truncated/')).toEqual([]);
      expect(alerts.length).toBe(before + 1);
      expect(lastAlert().text).toContain('verificar el archivo');
    },
    STEP_TIMEOUT,
  );

  it(
    'upload fails: the local copies are pruned all the same',
    async () => {
      const old = seedOldCopies('pruneonfail');
      const result = await backup(envFile('pruneonfail', { R2_ENDPOINT: `http://127.0.0.1:${await freePort()}` }));
      expect(result.exitCode).not.toBe(0);
      const left = localArchives('pruneonfail').sort();
      expect(left).toHaveLength(3);
      expect(left.slice(0, 2)).toEqual(old.slice(1));
      expect(left[2]).toMatch(/^tienda_demo-\d{8}T\d{6}Z\.dump\.gz$/);
    },
    STEP_TIMEOUT,
  );

  it(
    'a stalled upload is given up after PYME_BACKUP_STALL_SECONDS, not after an hour',
    async () => {
      s3.stall = (method, url) => method === 'PUT' && url.includes('/stall/');
      try {
        const started = Date.now();
        const result = await backup(envFile('stall'), { PYME_BACKUP_STALL_SECONDS: '2' });
        expect(result.exitCode).not.toBe(0);
        expect(result.stderr).toMatch(/Operation too slow|timed out/);
        // 4 tries (curl --retry 3) of 2 s each, plus curl's waits between them.
        expect(Date.now() - started).toBeLessThan(60_000);
        expect(s3.requests.filter((r) => r.method === 'PUT' && r.status === 0).length).toBe(4);
      } finally {
        s3.stall = undefined;
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'two runs at once: the second does nothing',
    async () => {
      const env = envFile('lock');
      // The first run holds the lock and stops inside pg_dump until the gate opens: two fifos,
      // no clock (a run that never gets there fails by the test's timeout, not by a guess).
      const gate = join(tmp, 'lock-gate');
      execFileSync('mkfifo', [gate, `${gate}.started`]);
      const first = backup(env, { FAKE_PG_DUMP_GATE: gate });
      expect(await readFile(`${gate}.started`, 'utf8')).toBe('started\n');
      const second = await backup(env);
      expect(second.exitCode).toBe(0);
      expect(second.stdout).toContain('ya hay otro respaldo corriendo');
      expect(second.stdout).not.toContain('== volcar');
      await writeFile(gate, 'go\n');
      const done = await first;
      expect(done.exitCode, done.stderr).toBe(0);
      expect(done.stdout).toContain('== volcar');
      expect(await bucketKeys('lock/')).toHaveLength(1);
    },
    STEP_TIMEOUT,
  );

  it(
    'kill <pid> during an upload stops the upload with the script: nothing in R2, and the run says so',
    async () => {
      let arrived!: () => void;
      const inFlight = new Promise<void>((resolve) => (arrived = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      s3.hold = (method, url) => {
        if (method !== 'PUT' || !url.includes('/killed/')) return undefined;
        arrived();
        return released;
      };
      try {
        const before = alerts.length;
        const running = backup(envFile('killed'));
        await inFlight;
        // The script alone, as `kill <pid>` does (not its process group).
        process.kill(running.pid!, 'SIGTERM');
        // The bucket still holds the upload: a curl left running would keep the script (and this
        // test) waiting, and would finish the upload once released below.
        const result = await running;
        const uploads = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
          .split('\n')
          .filter((line) => line.startsWith('curl') && line.includes('/killed/'));
        expect(uploads).toEqual([]);
        release();
        expect(result.exitCode).toBe(143);
        expect(await bucketKeys('killed/')).toEqual([]);
        expect(result.stderr).toContain('el respaldo FALLÓ en el paso «subir a R2');
        expect(alerts.length).toBe(before + 1);
        expect(lastAlert().text).toContain('subir a R2');
        // The local copy stays; the work folder went with the exit trap.
        expect(readdirSync(join(tmp, 'local', 'killed'))).toEqual(localArchives('killed'));
        expect(localArchives('killed')).toHaveLength(1);
      } finally {
        release();
        s3.hold = undefined;
      }
    },
    STEP_TIMEOUT,
  );

  it(
    "the next run removes what a killed run left in BACKUP_DIR (its work folder, older versions' .work.* and .part.*)",
    async () => {
      const dir = join(tmp, 'local', 'leftovers');
      for (const folder of ['.work', '.work.Ab12Cd']) {
        mkdirSync(join(dir, folder), { recursive: true });
        writeFileSync(join(dir, folder, 'tienda_demo-20240101T000000Z.dump.gz'), 'half an archive');
      }
      for (const file of ['.part.Zz9Yy8', '.part.Zz9Yy8.headers', '.r2.Qq1Ww2']) writeFileSync(join(dir, file), 'a slice');
      const result = await backup(envFile('leftovers'));
      expect(result.exitCode, result.stderr).toBe(0);
      expect(readdirSync(dir)).toEqual(localArchives('leftovers'));
      expect(localArchives('leftovers')).toHaveLength(1);
    },
    STEP_TIMEOUT,
  );

  it(
    'names every missing setting',
    async () => {
      const result = await backup(envFile('empty', { COMPRESSION: 'rar' }, false));
      expect(result.exitCode).toBe(1);
      for (const name of ['R2_ACCOUNT_ID', 'R2_ACCESS_KEY_ID', 'R2_SECRET_ACCESS_KEY', 'PG_SERVICE', 'COMPRESSION']) {
        expect(result.stderr).toContain(`- ${name}:`);
      }
      const noFile = await backup(join(tmp, 'missing.env'));
      expect(noFile.exitCode).toBe(1);
      expect(noFile.stderr).toContain('backup.env.example');
    },
    STEP_TIMEOUT,
  );
});

describe('restore failures and keys', () => {
  it(
    'a damaged archive changes nothing, large objects included: an existing database keeps its rows, a new one is dropped',
    async () => {
      const [copy] = localArchives('gzip');
      const whole = readFileSync(join(tmp, 'local/gzip', copy));
      const dump = execFileSync('gzip', ['-dc'], { input: whole });
      // Damage found only at the very end, after every byte of the archive was written out: by
      // then pg_restore has read a whole archive, so only the commit gate stops it.
      // gzip's trailer: CRC-32 then length.
      const badCrc = Buffer.from(whole);
      badCrc[badCrc.length - 8] ^= 0xff;
      // zstd's frame ends with a checksum of the content (the CLI writes one by default).
      const zst = readFileSync(join(tmp, 'local/zstd', localArchives('zstd')[0]));
      const badZstd = Buffer.from(zst);
      badZstd[badZstd.length - 1] ^= 0xff;
      // age checks each 64 KiB chunk: the last one altered fails after the others were decrypted.
      const aged = readFileSync(join(tmp, 'local/age', localArchives('age')[0]));
      const badAge = Buffer.from(aged);
      badAge[badAge.length - 5] ^= 0xff;
      const cases = {
        'cut.dump.gz': whole.subarray(0, whole.length - 200),
        'short.dump.gz': execFileSync('gzip', ['-c'], { input: dump.subarray(0, dump.length - 2000) }),
        'badcrc.dump.gz': badCrc,
        'badsum.dump.zst': badZstd,
        'lastchunk.dump.gz.age': badAge,
      };
      const settings = { AGE_IDENTITY_FILE: join(tmp, 'age-key.txt') };
      expect(
        (await run('restore-from-r2.sh', envFile('gzip'), ['--yes', '--file', join(tmp, 'local/gzip', copy), 'restored_keep'])).exitCode,
      ).toBe(0);
      pg.psql(`INSERT INTO clientes (nombre) VALUES ('only-in-restored_keep'); SELECT lo_from_bytea(0, 'only here')`, 'restored_keep');
      const kept = state('restored_keep');
      expect(kept[0]).toBe('502 true');
      expect(kept[2]).toMatch(/^3 /);
      for (const [name, bytes] of Object.entries(cases)) {
        writeFileSync(join(tmp, name), bytes);
        const intoNew = await run('restore-from-r2.sh', envFile('gzip', settings), ['--yes', '--file', join(tmp, name), 'restored_cut']);
        expect(intoNew.exitCode, name).not.toBe(0);
        expect(intoNew.stderr, name).toContain('la restauración FALLÓ en el paso «restaurar en la base restored_cut»');
        expect(intoNew.stdout, name).toContain('se borró la base restored_cut, creada por esta restauración');
        expect(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'restored_cut'"), name).toBe('0');

        const intoOld = await run('restore-from-r2.sh', envFile('gzip', settings), ['--yes', '--file', join(tmp, name), 'restored_keep']);
        expect(intoOld.exitCode, name).not.toBe(0);
        expect(intoOld.stdout, name).not.toContain('se borró');
        // --clean dropped the tables and large objects first, inside the transaction that was never committed.
        expect(state('restored_keep'), name).toEqual(kept);
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'a file that is not a pg_dump archive, or the wrong age key, stops before the question',
    async () => {
      const identity = join(tmp, 'other-age-key.txt');
      execFileSync('age-keygen', ['-o', identity], { stdio: 'ignore' });
      const recipient = execFileSync('age-keygen', ['-y', identity], { encoding: 'utf8' }).trim();
      const [copy] = localArchives('gzip');
      writeFileSync(join(tmp, 'notes.dump.gz'), execFileSync('gzip', ['-c'], { input: 'not a dump\n' }));
      writeFileSync(join(tmp, 'plain.dump.zst'), 'not zstd either');
      // Encrypted to another key than the one AGE_IDENTITY_FILE holds.
      execFileSync('age', ['-r', recipient, '-o', join(tmp, 'other.dump.gz.age'), join(tmp, 'local/gzip', copy)]);
      const wrongKey = join(tmp, 'wrong-age-key.txt');
      execFileSync('age-keygen', ['-o', wrongKey], { stdio: 'ignore' });
      for (const [name, error] of [
        ['notes.dump.gz', ''],
        ['plain.dump.zst', 'zstd'],
        ['other.dump.gz.age', 'no identity matched'],
      ]) {
        // No --yes and no input: reaching the question would fail differently ("cancelado").
        const result = await run('restore-from-r2.sh', envFile('gzip', { AGE_IDENTITY_FILE: wrongKey }), [
          '--file',
          join(tmp, name),
          'restored_bad',
        ]);
        expect(result.exitCode, name).toBe(1);
        expect(result.stderr, name).toContain(`${name} no es un archivo de pg_dump comprimido con gzip o zstd`);
        expect(result.stderr, name).toContain('FALLÓ en el paso «revisar el comienzo del archivo»');
        expect(result.stderr, name).toContain(error);
        expect(result.stdout, name).not.toContain('BORRA');
        expect(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'restored_bad'"), name).toBe('0');
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'follows listing pages to the newest backup; a page that fails fails the restore',
    async () => {
      const dump = demoDump();
      const good = execFileSync('gzip', ['-c'], { input: dump });
      for (const day of ['20200101', '20200102', '20200103', '20200104'])
        s3.put(`pages/tienda_demo-${day}T000000Z.dump.gz`, Buffer.from('an old, broken backup'));
      s3.put('pages/tienda_demo-20261201T000000Z.dump.gz', good);
      s3.pageSize = 2;
      try {
        const env = envFile('pages');
        const restored = await run('restore-from-r2.sh', env, ['--yes', 'restored_pages']);
        expect(restored.exitCode, restored.stderr).toBe(0);
        expect(restored.stdout).toContain('pages/tienda_demo-20261201T000000Z.dump.gz');
        expect(rows('restored_pages')).toBe('501 true');

        s3.failList = (query) => 'continuation-token' in query;
        const failed = await run('restore-from-r2.sh', env, ['--yes', 'restored_lost_page']);
        expect(failed.exitCode).not.toBe(0);
        expect(failed.stderr).toContain('no se pudo leer la lista de respaldos');
        expect(failed.stderr).toContain('la restauración FALLÓ en el paso «buscar el respaldo más nuevo en R2»');
        expect(failed.stdout).not.toContain('20200');
        expect(pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'restored_lost_page'")).toBe('0');
        const listed = await run('restore-from-r2.sh', env, ['--list']);
        expect(listed.exitCode).not.toBe(0);
      } finally {
        s3.pageSize = 1000;
        s3.failList = undefined;
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'a prefix with spaces, accents and & is stored as typed (UTF-8), listed and restored',
    async () => {
      const prefix = 'respaldos diarios/año 2026 & más/';
      const env = envFile('utf8', { R2_PREFIX: prefix });
      const result = await backup(env);
      expect(result.exitCode, result.stderr).toBe(0);
      const keys = await bucketKeys(prefix);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^respaldos diarios\/año 2026 & más\/tienda_demo-\d{8}T\d{6}Z\.dump\.gz$/);
      const listed = await run('restore-from-r2.sh', env, ['--list']);
      expect(listed.stdout.split('\n')).toContain(keys[0]);
      const restored = await run('restore-from-r2.sh', env, ['--yes', 'restored_utf8']);
      expect(restored.exitCode, restored.stderr).toBe(0);
      expect(rows('restored_utf8')).toBe('501 true');
    },
    STEP_TIMEOUT,
  );

  it(
    "Postgres down: the restore shows psql's connection error and a summary line",
    async () => {
      const [copy] = localArchives('gzip');
      pg.stop();
      try {
        const restored = await run('restore-from-r2.sh', envFile('gzip'), [
          '--yes',
          '--file',
          join(tmp, 'local/gzip', copy),
          'restored_pgdown',
        ]);
        expect(restored.exitCode).not.toBe(0);
        expect(restored.stderr).toMatch(/connection to server at "127\.0\.0\.1".* failed|could not connect/);
        expect(restored.stderr).toContain('no se pudo consultar Postgres');
        expect(restored.stderr).toContain('la restauración FALLÓ en el paso «restaurar en la base restored_pgdown»');
      } finally {
        pg.start();
      }
    },
    STEP_TIMEOUT,
  );
});

describe('schedule', () => {
  it('the cron file parses and runs 03:00 America/Mexico_City at 09:00 UTC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backup-cron-'));
    for (const [set, utc] of [
      ['es', '09:00'],
      ['en', '08:30'],
    ] as const) {
      const files = await renderSet(ANSWER_SETS[set]);
      const cronPaths = [...files.keys()].filter((p) => p.startsWith('ops/backup/cron/'));
      expect(cronPaths).toEqual(['ops/backup/cron/backup-postgres']); // no dots: cron skips such files
      const path = join(dir, `${set}-backup`);
      writeFileSync(path, files.get(cronPaths[0])!.content);
      const parsed = CronFileParser.parseFileSync(path);
      expect(parsed.errors).toEqual({});
      expect(parsed.expressions).toHaveLength(1);
      const next = parsed.expressions[0].next().toDate();
      expect(next.toISOString().slice(11, 16)).toBe(utc);
      const line = readFileSync(path, 'utf8')
        .split('\n')
        .find((l) => /^\d/.test(l))!;
      const [, , , , , user, ...command] = line.split(/\s+/);
      expect(user).toBe('root');
      expect(command.join(' ')).toMatch(
        /^flock -n \/run\/lock\/\S+ \/opt\/\S+\/ops\/backup\/backup-postgres-to-r2\.sh >> \/var\/log\/\S+\.log 2>&1$/,
      );
    }
    // The same check rejects a broken schedule.
    writeFileSync(join(dir, 'broken'), '0 25 * * * root /bin/true\n');
    expect(Object.keys(CronFileParser.parseFileSync(join(dir, 'broken')).errors)).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the systemd timer carries the zone', async () => {
    const files = await renderSet(ANSWER_SETS.es);
    const timer = files.get('ops/backup/systemd/backup-postgres.timer')!.content.toString();
    const onCalendar = /^OnCalendar=(.+)$/m.exec(timer)![1];
    expect(onCalendar).toBe('*-*-* 03:00:00 America/Mexico_City');
    const out = execFileSync('systemd-analyze', ['calendar', onCalendar], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(out).toMatch(/Next elapse: .* 09:00:00 UTC/);
    expect(() => execFileSync('systemd-analyze', ['calendar', '*-*-* 25:00:00'], { stdio: 'pipe' })).toThrow();
    expect(files.get('ops/backup/systemd/backup-postgres.service')!.content.toString()).toContain(
      'ExecStart=/opt/tienda-demo/ops/backup/backup-postgres-to-r2.sh',
    );
  });

  it("computes the UTC cron time from the zone's standard offset, whatever the day of generation", () => {
    // Mexico City: UTC-6 all year since 2022.
    expect(utcCronSchedule('03:00', 'America/Mexico_City', 2026)).toBe('0 9 * * *');
    // Before 2022 it had DST; its standard offset was still UTC-6.
    expect(utcCronSchedule('03:00', 'America/Mexico_City', 2020)).toBe('0 9 * * *');
    // A zone with DST uses standard time (EST, UTC-5), so the line does not depend on the season.
    expect(utcCronSchedule('03:00', 'America/New_York', 2026)).toBe('0 8 * * *');
    // Southern hemisphere: Santiago's DST is in January; standard time is UTC-4.
    expect(utcCronSchedule('03:00', 'America/Santiago', 2026)).toBe('0 7 * * *');
    // Crossing midnight backwards, and a half-hour zone.
    expect(utcCronSchedule('00:30', 'Asia/Kolkata', 2026)).toBe('0 19 * * *');
    expect(utcCronSchedule('23:00', 'Pacific/Auckland', 2026)).toBe('0 11 * * *');
  });
});
