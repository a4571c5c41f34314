// `npm run dev` at the repo's root: the whole app on your machine, one command.
//   1. the local Postgres of compose.dev.yml (Docker), in the background;
//   2. the backend's and the frontend's dependencies, when they are not installed yet;
//   3. waits for Postgres and applies the migrations (`bun run migrate` in backend/);
//   4. the backend (`bun run dev`) and the frontend (`npm run dev`) together, every line of
//      their logs prefixed with [backend] or [frontend];
//   5. Ctrl-C stops both, then Postgres (its data stays in the Docker volume).
// A small script rather than a package such as concurrently: it has no dependencies (nothing to
// install or update), and it also runs the steps that must come before the two servers.
// Variables (all optional; compose.dev.yml reads the same ones, .env.example lists them):
// DEV_DB_PASSWORD, DEV_DB_PORT, DEV_BACKEND_PORT, DEV_FRONTEND_PORT, DEV_POSTGRES_IMAGE, and
// DATABASE_URL to use another Postgres than compose.dev.yml's.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DB_NAME = "shop_demo";
const WAIT_SECONDS = 60;

// compose.dev.yml reads .env by itself; this script takes the same DEV_* values from it (and
// nothing else: a .env copied from .env.example holds production's DATABASE_URL).
const env = { ...process.env };
if (existsSync(join(root, '.env'))) {
  for (const line of readFileSync(join(root, '.env'), 'utf8').split(/\r?\n/)) {
    const m = /^\s*(DEV_\w+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && env[m[1]] === undefined) env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
}
const dbPassword = env.DEV_DB_PASSWORD || 'dev-only-password';
const dbPort = env.DEV_DB_PORT || '5432';
const backendPort = env.DEV_BACKEND_PORT || '3000';
const frontendPort = env.DEV_FRONTEND_PORT || '5173';
const databaseUrl = env.DATABASE_URL || `postgres://postgres:${encodeURIComponent(dbPassword)}@localhost:${dbPort}/${DB_NAME}`;
const usesComposeDb = !env.DATABASE_URL;

const color = process.stdout.isTTY && !env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (text) => console.log(paint('1', `[dev] ${text}`));
const fail = (text) => {
  console.error(paint('31', `[dev] ${text}`));
  process.exit(1);
};

const runs = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
for (const tool of ['bun', 'npm']) if (!runs(tool, ['--version'])) fail(`${tool} is not on the PATH: install it (README, "Local development").`);

// Docker Compose v2 is `docker compose`; some Linux packages still ship v1, `docker-compose`.
let compose;
if (usesComposeDb) {
  if (!runs('docker', ['info'])) fail(`Docker does not answer ("docker info" failed): install and start it (README, "Local development").`);
  compose = runs('docker', ['compose', 'version']) ? ['docker', 'compose'] : runs('docker-compose', ['version']) ? ['docker-compose'] : fail(`Docker Compose is missing (neither "docker compose" nor "docker-compose"): install it (README, "Local development").`);
}
const composeRun = (...args) =>
  spawnSync(compose[0], [...compose.slice(1), '-f', 'compose.dev.yml', ...args], { cwd: root, stdio: 'inherit', env: { ...env, DEV_DB_PASSWORD: dbPassword, DEV_DB_PORT: dbPort } });

/** Runs a step in the foreground; a failure stops here with its own output above. */
async function step(command, args, cwd, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: join(root, cwd), stdio: 'inherit', env: { ...env, ...extraEnv } });
  await interrupted(result);
  return result.status;
}

// Ctrl-C at any point, also while a setup step runs (installs, the wait for Postgres), stops
// what was started, Postgres included. A step run with spawnSync gets the same SIGINT from the
// terminal and ends; its result says so (interrupted) and the step calls stop() itself.
const children = [];
// One stop, however many callers (a signal and the step it interrupted): each awaits the same one.
let stopping;
function stop(exitCode) {
  stopping ??= stopAll(exitCode);
  return stopping;
}
async function stopAll(exitCode) {
  say(`stopping the backend, the frontend and Postgres…`);
  const exits = children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((resolve) => c.once('exit', resolve)));
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'));
  if ((await Promise.race([Promise.all(exits), timeout])) === 'timeout') {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  if (usesComposeDb) composeRun('stop', 'db');
  say(`stopped. Your data stays in the Docker volume ("docker compose -f compose.dev.yml down -v" deletes it).`);
  process.exit(exitCode);
}
process.on('SIGINT', () => stop(130));
process.on('SIGTERM', () => stop(143));
// Killed by the signal, or ended with its exit code (npm and bun catch SIGINT and exit 130).
const interrupted = (result) => {
  const code = result.signal === 'SIGTERM' || result.status === 143 ? 143 : result.signal || result.status === 130 ? 130 : 0;
  return code ? stop(code) : undefined;
};

if (usesComposeDb) {
  say(`starting the local Postgres (compose.dev.yml)…`);
  if (composeRun('up', '-d', 'db').status !== 0) process.exit(1);
}

for (const [part, program, args] of [
  ['backend', 'bun', ['install', '--frozen-lockfile']],
  ['frontend', 'npm', ['ci', '--no-audit', '--no-fund']],
]) {
  if (existsSync(join(root, part, 'node_modules'))) continue;
  const command = [program, ...args].join(' ');
  say(`installing the ${part} dependencies (${command})…`);
  if ((await step(program, args, part)) !== 0) await stop(1);
}

// `bun run migrate` exits 2 while Postgres does not answer yet, 1 when a migration fails.
const where = new URL(databaseUrl).host + new URL(databaseUrl).pathname;
say(`waiting for Postgres at ${where} and applying the migrations…`);
const deadline = Date.now() + WAIT_SECONDS * 1000;
for (;;) {
  const r = spawnSync('bun', ['run', '--silent', 'migrate'], { cwd: join(root, 'backend'), env: { ...env, DATABASE_URL: databaseUrl }, encoding: 'utf8' });
  await interrupted(r);
  if (r.status === 0) {
    process.stdout.write(r.stdout);
    break;
  }
  if (r.status !== 2) {
    process.stderr.write(r.stdout + r.stderr);
    fail(`the migrations failed (above): fix the file it names and run npm run dev again.`);
  }
  if (Date.now() > deadline) {
    process.stderr.write(r.stderr);
    const seconds = WAIT_SECONDS;
    fail(`Postgres did not answer in ${seconds} s: see "docker compose -f compose.dev.yml logs db".`);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

// Each server in a process group of its own, so stopping it stops what it started (vite under npm).
function start(name, code, command, args, extraEnv) {
  const child = spawn(command, args, { cwd: join(root, name), env: { ...env, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = paint(code, `[${name}]`);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${prefix} ${line}`));
  }
  child.on('exit', (exitCode, signal) => {
    if (!stopping) {
      const code = exitCode ?? signal;
      console.error(paint('31', `[dev] ${name} stopped (exit code ${code}): stopping everything.`));
      stop(1);
    }
  });
  children.push(child);
}


start('backend', '36', 'bun', ['run', 'dev'], { DATABASE_URL: databaseUrl, PORT: backendPort });
start('frontend', '35', 'npm', ['run', 'dev', '--', '--port', frontendPort, '--strictPort'], { PUBLIC_API_URL: `http://localhost:${backendPort}` });
const backend = backendPort;
const frontend = frontendPort;
say(`backend http://localhost:${backend} · frontend http://localhost:${frontend} · Ctrl-C stops everything`);
