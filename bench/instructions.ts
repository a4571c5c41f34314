// npm run bench:instructions (not a test): the instructions the generated backend's Bun process
// executes per /api/items request, counted by valgrind's callgrind, beside bare Elysia and beside
// the generated app with one plugin taken out of app.ts at a time. Counts barely move with
// whatever else the machine does (±3% between runs), where CPU time per request moves ±20%
// (bench:variants): small changes to the hooks show here first. It counts user space only; the
// kernel's share of each request (sockets) is the same for every way and is not in it.
//   BENCH_WARM=<requests before counting, default 20000: the JIT has finished by then>
//   BENCH_REQUESTS=<requests counted, default 5000>
// Extra ways: npm run bench:instructions -- 'name|folder' ...: each folder an edited copy of a
// generated backend's src/ (index.ts, instrument.ts and the rest; with routes/items.ts).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import autocannon from 'autocannon';
import { bun, REPO } from '../test/support/tools.js';
import { addItemsRoute } from './items-route.js';
import { TRAEFIK_HEADERS } from './traefik.mjs';

const WARM = Number(process.env.BENCH_WARM ?? 20_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
const PATH = '/api/items';
// The plugins of app.ts, each taken out in a way of its own.
const PLUGINS = { 'rate limiter': 'rateLimiter()', 'request metrics': 'metrics', 'security headers': 'security', 'errors hook': 'errors' };

const log = (line: string) => process.stderr.write(`${line}\n`);
try {
  execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
} catch {
  throw new Error('valgrind is missing (a bench tool, not a test one): apt-get install valgrind');
}
const work = mkdtempSync(join(tmpdir(), 'pyme-bench-instructions-'));
const backend = join(work, 'bench/backend');

/** A copy of src/ beside it, without one `.use(...)` line of app.ts. */
function without(name: string, plugin: string): string {
  const folder = join(backend, `without-${name.replace(/\W+/g, '-')}`);
  cpSync(join(backend, 'src'), folder, { recursive: true });
  const appFile = join(folder, 'app.ts');
  const app = readFileSync(appFile, 'utf8');
  const edited = app.replace(new RegExp(`^\\s*\\.use\\(${plugin.replace(/[()]/g, '\\$&')}\\)\\n`, 'm'), '');
  if (edited === app) throw new Error(`bench: app.ts has no .use(${plugin}) line`);
  writeFileSync(appFile, edited);
  return folder;
}

/** Bare Elysia with the same /api/items (bench/reference-apps.ts's app, without Postgres). */
function bareElysia(): string {
  const folder = join(backend, 'bare-elysia');
  mkdirSync(folder);
  writeFileSync(join(folder, 'instrument.ts'), '');
  writeFileSync(
    join(folder, 'index.ts'),
    `import { Elysia } from 'elysia';

new Elysia()
  .get('/health', () => ({ status: 'ok' }))
  .get('/api/items', () => ({ items: [] }))
  .listen({ port: Number(process.env.PORT), hostname: '127.0.0.1' });
`,
  );
  return folder;
}

const load = (url: string, amount: number) =>
  new Promise<autocannon.Result>((ok, fail) =>
    autocannon({ url, amount, connections: 4, headers: TRAEFIK_HEADERS, timeout: 60 }, (e, r) => (e ? fail(e) : ok(r))),
  );

/** Instructions per request of one way: all threads, and the main (JavaScript) thread alone. */
async function count(name: string, folder: string, port: number): Promise<{ all: number; main: number }> {
  const out = join(work, 'callgrind', name.replace(/\W+/g, '-'));
  mkdirSync(out, { recursive: true });
  const rel = relative(backend, folder);
  const child: ChildProcess = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--smc-check=all-non-file', // the JIT writes code
      '--separate-threads=yes',
      `--callgrind-out-file=${out}/cg.%p`,
      bun(),
      '--preload',
      `./${rel}/instrument.ts`,
      `./${rel}/index.ts`,
    ],
    {
      cwd: backend,
      // No HOST: valgrind names its control pipe after that variable, and callgrind_control would not find it.
      env: { ...process.env, PORT: String(port), RATE_LIMIT_MAX: '1000000000', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  try {
    const url = `http://127.0.0.1:${port}${PATH}`;
    for (
      let i = 0;
      !(await fetch(url).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 240 || child.exitCode !== null) throw new Error(`${name} never answered ${PATH}:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await load(url, WARM);
    execFileSync('callgrind_control', ['--zero', String(child.pid)], { stdio: 'ignore' }); // counted from here
    const result = await load(url, REQUESTS);
    if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    execFileSync('callgrind_control', ['--dump', String(child.pid)], { stdio: 'ignore' });
    // The dump is written once the process next runs: wait for the main thread's file, then a
    // second more for the other threads' files, written just after it.
    const counts = () =>
      readdirSync(out).map((file) => ({
        main: file.endsWith('-01'), // thread 1: where JavaScript runs
        count: Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(join(out, file), 'utf8'))?.[1] ?? 0),
      }));
    for (let i = 0; !counts().some((c) => c.main && c.count); i++) {
      if (i > 120) throw new Error(`${name}: callgrind wrote no count in ${out}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 1000));
    const final = counts();
    const all = final.reduce((sum, c) => sum + c.count, 0);
    const main = final.find((c) => c.main)!.count;
    return { all: all / result.requests.total, main: main / result.requests.total };
  } finally {
    child.kill('SIGKILL');
  }
}

try {
  log(`work folder ${work}`);
  execFileSync(
    process.execPath,
    [
      join(REPO, 'bin/create-pyme-stack.js'),
      join(work, 'bench'),
      '--yes',
      '--no-git',
      '--app-name',
      'bench',
      '--alert-phone',
      '+52 55 1234 5678',
    ],
    { stdio: 'ignore' },
  );
  addItemsRoute(backend);
  execFileSync(bun(), ['install', '--frozen-lockfile'], { cwd: backend, stdio: 'ignore' });
  const ways: [string, string][] = [
    ['bare Elysia', bareElysia()],
    ['generated', join(backend, 'src')],
    ...Object.entries(PLUGINS).map(([name, plugin]): [string, string] => [`without the ${name}`, without(name, plugin)]),
    // Copied into the backend, so their imports resolve from its node_modules.
    ...process.argv.slice(3).map((arg, i): [string, string] => {
      const [name, folder] = arg.split('|');
      const copy = join(backend, `extra-${i + 1}`);
      cpSync(resolve(folder!), copy, { recursive: true });
      return [name!, copy];
    }),
  ];
  const counted: Record<string, { all: number; main: number }> = {};
  for (const [i, [name, folder]] of ways.entries()) {
    counted[name] = await count(name, folder, 5500 + i);
    log(`${name}: ${(counted[name].main / 1000).toFixed(1)} k on the main thread`);
  }
  const bare = counted['bare Elysia']!;
  const generated = counted.generated!;
  process.stdout.write(
    `Bun (the generated backend's), valgrind callgrind, ${WARM} requests to warm up, then ${REQUESTS} counted, ${PATH} with Traefik's headers.\n\n` +
      `| way | k instructions per request, main thread | ÷ bare Elysia | − generated | all threads |\n| --- | --- | --- | --- | --- |\n`,
  );
  for (const [name, c] of Object.entries(counted))
    process.stdout.write(
      `| ${name} | ${(c.main / 1000).toFixed(1)} | ${(c.main / bare.main).toFixed(2)} | ${((c.main - generated.main) / 1000).toFixed(1)} | ${(c.all / 1000).toFixed(1)} |\n`,
    );
} finally {
  if (process.env.BENCH_KEEP) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
