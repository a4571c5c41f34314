#!/usr/bin/env node
// npm run bench:backup: the generated backup and restore scripts on a database of about 355 MB
// (test/fixtures/backup-large.sql, two large objects included), per compression choice, beside
// the floor: plain `pg_dump -Fc | gzip` to a file (what Dokploy runs) and `gzip -dc | pg_restore`
// back.
// The scripts run as on the VPS but for the docker stand-in (test/fixtures/backup-bin/docker)
// and the bucket: the loopback S3 of the tests, which checks each SigV4 signature and hashes each
// body. Wall time and peak RSS (GNU time: the largest process the script ran; the Postgres server
// is not a child, so neither side counts it). Medians of BENCH_RUNS (3) interleaved runs after a
// warm-up. Needs what the e2e tests need: bash scripts/install-test-tools.sh, npm ci.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { measure, stats } from './measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'pyme-bench-backup-'));
chmodSync(work, 0o755);
const DB = 'tienda_grande';
const KEY_ID = 'bench-key';
const SECRET = 'bench-secret';
const SERVICE = 'bench-postgres';

// The loopback S3 is the tests' TypeScript, bundled and run in its own process: the timed runs
// below block this one (spawnSync), and a server here would stall every upload.
await build({
  entryPoints: [join(root, 'test/support/s3.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: join(work, 's3.mjs'),
  logLevel: 'error',
});
writeFileSync(
  join(work, 's3-serve.mjs'),
  "import { startS3 } from './s3.mjs';\nconst s3 = await startS3(JSON.parse(process.argv[2]));\nconsole.log(s3.url);\n",
);

// Postgres (Debian's) as user postgres on loopback, as test/support/postgres.ts starts it.
const bin = `/usr/lib/postgresql/${
  execFileSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort((a, b) => b - a)[0]
}/bin`;
const asPostgres = (args) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
const data = join(work, 'pg');
mkdirSync(join(data, 'run'), { recursive: true });
execFileSync('chown', ['-R', 'postgres', data]);
asPostgres([`${bin}/initdb`, '-D', join(data, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
const port = 20000 + Math.floor(Math.random() * 20000);
asPostgres([
  `${bin}/pg_ctl`,
  '-D',
  join(data, 'data'),
  '-w',
  '-l',
  join(data, 'log'),
  '-o',
  `-c listen_addresses=127.0.0.1 -p ${port} -k ${join(data, 'run')}`,
  'start',
]);
const pgEnv = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres' };
const psql = (sql, db = 'postgres') =>
  execFileSync(`${bin}/psql`, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], { env: pgEnv, encoding: 'utf8' }).trim();
const s3Process = spawn(
  'node',
  [join(work, 's3-serve.mjs'), JSON.stringify({ bucket: 'bench', accessKeyId: KEY_ID, secretAccessKey: SECRET, dir: join(work, 's3') })],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const s3 = { url: (await once(s3Process.stdout, 'data')).toString().trim() };

try {
  process.stderr.write('building the database...\n');
  psql(`CREATE DATABASE ${DB}`);
  execFileSync(`${bin}/psql`, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', DB, '-f', join(root, 'test/fixtures/backup-large.sql')], {
    env: pgEnv,
  });
  const dbSize = Number(psql(`SELECT pg_database_size('${DB}')`));

  execFileSync(
    'node',
    [join(root, 'bin/create-pyme-stack.js'), join(work, 'app'), '--yes', '--alert-phone', '55 1234 5678', '--lang', 'en', '--no-git'],
    { stdio: 'ignore' },
  );
  const scripts = join(work, 'app/ops/backup');
  execFileSync('age-keygen', ['-o', join(work, 'age-key.txt')], { stdio: 'ignore' });
  const recipient = execFileSync('age-keygen', ['-y', join(work, 'age-key.txt')], { encoding: 'utf8' }).trim();
  const scriptEnv = {
    ...process.env,
    PATH: `${join(root, 'test/fixtures/backup-bin')}:${process.env.PATH}`,
    FAKE_PG_BIN: bin,
    FAKE_PG_PORT: String(port),
    FAKE_PG_SERVICE: SERVICE,
  };
  const dropRestored = () => psql('DROP DATABASE IF EXISTS restored');

  const choices = [
    { name: 'gzip', settings: { COMPRESSION: 'gzip' } },
    { name: 'zstd', settings: { COMPRESSION: 'zstd' } },
    { name: 'gzip + age', settings: { COMPRESSION: 'gzip', AGE_RECIPIENT: recipient, AGE_IDENTITY_FILE: join(work, 'age-key.txt') } },
    { name: 'zstd + age', settings: { COMPRESSION: 'zstd', AGE_RECIPIENT: recipient, AGE_IDENTITY_FILE: join(work, 'age-key.txt') } },
  ];
  for (const [i, c] of choices.entries()) {
    const env = join(work, `bench-${i}.env`);
    const settings = {
      R2_ENDPOINT: s3.url,
      R2_BUCKET: 'bench',
      R2_ACCESS_KEY_ID: KEY_ID,
      R2_SECRET_ACCESS_KEY: SECRET,
      R2_PREFIX: `c${i}/`,
      PG_SERVICE: SERVICE,
      PG_DB: DB,
      BACKUP_DIR: join(work, `local-${i}`),
      KEEP_LOCAL: '1',
      LOCK_FILE: join(work, 'lock'),
      ...c.settings,
    };
    writeFileSync(
      env,
      Object.entries(settings)
        .map(([k, v]) => `${k}='${v}'\n`)
        .join(''),
      { mode: 0o600 },
    );
    c.env = env;
    c.backup = [];
    c.restore = [];
  }
  const floor = { name: '`pg_dump -Fc \\| gzip` (floor)', backup: [], restore: [] };
  const floorFile = join(work, 'floor.dump.gz');

  /** One run under GNU time: wall seconds and peak RSS (kB). */
  const timed = (cmd, args, env) => measure(cmd, args, work, env);

  for (let run = -1; run < RUNS; run++) {
    process.stderr.write(run < 0 ? 'warm-up...\n' : `run ${run + 1} of ${RUNS}...\n`);
    const keep = run >= 0;
    // The restore's target database is dropped before each restore, outside the timing.
    const f = timed('bash', ['-c', `set -o pipefail; ${bin}/pg_dump -Fc -d ${DB} | gzip > ${floorFile}`], pgEnv);
    floor.size = statSync(floorFile).size;
    dropRestored();
    psql('CREATE DATABASE restored');
    const fr = timed(
      'bash',
      ['-c', `set -o pipefail; gzip -dc ${floorFile} | ${bin}/pg_restore --clean --if-exists --no-owner --single-transaction -d restored`],
      pgEnv,
    );
    if (keep) {
      floor.backup.push(f);
      floor.restore.push(fr);
    }
    for (const [i, c] of choices.entries()) {
      const b = timed(join(scripts, 'backup-postgres-to-r2.sh'), [], { ...scriptEnv, BACKUP_ENV_FILE: c.env });
      // KEEP_LOCAL=1: the one local copy is the object just uploaded.
      const [name] = readdirSync(join(work, `local-${i}`)).filter((f) => f.includes('.dump.'));
      const key = `c${i}/${name}`;
      c.size = statSync(join(work, `local-${i}`, name)).size;
      dropRestored();
      const r = timed(join(scripts, 'restore-from-r2.sh'), ['--yes', '--backup', key, 'restored'], {
        ...scriptEnv,
        BACKUP_ENV_FILE: c.env,
      });
      if (keep) {
        c.backup.push(b);
        c.restore.push(r);
      }
    }
  }

  const med = (xs, k) => stats(xs.map((x) => x[k])).median;
  const sec = (s) => `${s.toFixed(1)} s`;
  const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
  const fb = med(floor.backup, 'wall');
  const fr = med(floor.restore, 'wall');
  const cpu = cpus();
  const node = process.version;
  const date = new Date().toISOString().slice(0, 10);
  const rows = [floor, ...choices].map((c) => {
    const b = med(c.backup, 'wall');
    const r = med(c.restore, 'wall');
    return `| ${c.name} | ${(c.size / 1e6).toFixed(1)} MB | ${sec(b)} | ${(b / fb).toFixed(2)} | ${mb(med(c.backup, 'rss'))} | ${sec(r)} | ${(r / fr).toFixed(2)} | ${mb(med(c.restore, 'rss'))} |`;
  });
  console.log(`Benchmark ${date}, \`npm run bench:backup\`, node ${node}, ${cpu.length} × ${cpu[0].model}; database ${(dbSize / 1e6).toFixed(0)} MB (pg_database_size), PostgreSQL ${psql('SHOW server_version').split(' ')[0]}; medians of ${RUNS} interleaved runs after a warm-up.

| compression | archive | backup wall | ÷ floor | backup peak RSS | restore wall | ÷ floor | restore peak RSS |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`);
} finally {
  s3Process.kill();
  spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, '-D', join(data, 'data'), '-w', '-m', 'fast', 'stop'], {
    stdio: 'ignore',
  });
  rmSync(work, { recursive: true, force: true });
}
