// npm run bench:stack (not a test): the generated backend and frontend images beside bare
// reference apps (bench/reference-apps.ts), built and run the same way, in one run: image size,
// build time (no cache), idle and loaded memory under the CHECKLIST's 512 MiB limit, req/s and p99
// with autocannon on 127.0.0.1 (sending the headers Traefik adds), and each as a ratio of its bare app. Uses the test suite's Docker
// helpers and stand-in base images (test/support), so it needs what the container test needs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, ensureDaemon } from '../test/support/docker.js';
import { buildImage, type BuiltImage } from '../test/support/images.js';
import { load, type LoadResult } from '../test/support/load.js';
import { createNetwork, memoryMiB, remove, run, waitHealthy } from '../test/support/stack.js';
import { ensureStandins, POSTGRES_IMAGE } from '../test/support/standins.js';
import { REPO } from '../test/support/tools.js';
import { addItemsRoute } from './items-route.js';
import { bareBackend, bareFrontend } from './reference-apps.js';
import { median } from './stats.mjs';
import { TRAEFIK_HEADERS } from './traefik.mjs';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIMIT = '512m';
const NET = 'pyme-bench-net';
const PG = 'pyme-bench-pg';
const API = 'pyme-bench-api'; // the backend the frontends' page asks for /health
const SINK = 'pyme-bench-glitchtip'; // answers every envelope the SDKs send, as GlitchTip would
const work = mkdtempSync(join(tmpdir(), 'pyme-bench-stack-'));

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Waits until a path answers 200 (the bare apps have no HEALTHCHECK). */
async function answering(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in 30 s`);
}

interface Measured {
  idleMiB: number;
  loads: Record<string, LoadResult>;
}

type Variant = [key: string, image: string, paths: string[], env: Record<string, string>];

/**
 * Starts a group's containers together (besides Postgres and the API), lets them settle, reads
 * their idle memory, then loads each path on each of them in turn: the loads compared are seconds
 * apart, so a slow spell of these shared cores falls on all of them more evenly than when each
 * ran alone a minute apart. Only the loaded container works; the others sit idle. `reverse` flips
 * the order, so that no variant always goes first.
 */
async function measureGroup(group: Variant[], reverse: boolean): Promise<Record<string, Measured>> {
  const started = await Promise.all(
    group.map(async ([key, image, paths, env]) => {
      const name = `pyme-bench-${key.replace(/\W+/g, '-')}`;
      const c = await run({ name, image, network: NET, port: 3000, memory: LIMIT, env });
      await answering(`${c.url}${paths[0]}`);
      return { key, name, url: c.url, paths };
    }),
  );
  await new Promise((r) => setTimeout(r, 5000));
  const measured: Record<string, Measured> = {};
  for (const { key, name } of started) measured[key] = { idleMiB: await memoryMiB(name), loads: {} };
  const order = reverse ? [...started].reverse() : started;
  const paths = [...new Set(group.flatMap(([, , p]) => p))];
  for (const path of paths)
    for (const { key, name, url, paths: own } of order) {
      if (!own.includes(path)) continue;
      await load(`${url}${path}`, name, 2, CONNECTIONS, TRAEFIK_HEADERS); // warm-up
      const r = await load(`${url}${path}`, name, SECONDS, CONNECTIONS, TRAEFIK_HEADERS);
      measured[key]!.loads[path] = r;
      log(
        `  ${name} ${path}: ${r.requestsPerSecond.toFixed(0)} req/s, p99 ${r.p99Ms} ms, ${r.cpuMicrosPerRequest.toFixed(0)} µs CPU/request, peak ${r.peakMiB.toFixed(0)} MiB`,
      );
    }
  await remove(started.map((c) => c.name));
  return measured;
}

const daemon = await ensureDaemon();
try {
  log(`work folder ${work}`);
  const project = join(work, 'bench');
  execFileSync(
    process.execPath,
    [join(REPO, 'bin/create-pyme-stack.js'), project, '--yes', '--no-git', '--app-name', 'bench', '--alert-phone', '+52 55 1234 5678'],
    { stdio: 'ignore' },
  );
  await ensureStandins(project);
  addItemsRoute(join(project, 'backend'));
  const folders = {
    backend: join(project, 'backend'),
    'bare-backend': bareBackend(project, work),
    frontend: join(project, 'frontend'),
    'bare-frontend': bareFrontend(project, work),
  };
  const images = {} as Record<keyof typeof folders, BuiltImage>;
  for (const [name, folder] of Object.entries(folders) as [keyof typeof folders, string][]) {
    log(`docker build --no-cache ${name}`);
    images[name] = await buildImage(folder, `pyme-bench-${name}:bench`, true);
  }

  await remove([PG, API, SINK], NET);
  await createNetwork(NET);
  await run({ name: PG, image: POSTGRES_IMAGE, network: NET });
  await waitHealthy(PG, 60);
  const db = { DATABASE_URL: `postgres://postgres@${PG}:5432/postgres` };
  // The frontends' page asks the backend's /health: one more backend serves them all.
  await run({ name: API, image: images.backend.tag, network: NET, env: { ...db, METRICS_TOKEN: 'bench-metrics-token' } });
  await waitHealthy(API, 60);
  const nodeImage = /^FROM (\S+)/m.exec(readFileSync(join(folders.frontend, 'Dockerfile'), 'utf8'))![1]!;
  const sink = "require('http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('{}')); }).listen(8000)";
  await docker(['run', '-d', '--name', SINK, '--network', NET, nodeImage, 'node', '-e', sink]);
  const front = { PUBLIC_API_URL: `http://${API}:3000` };
  const backends: Variant[] = [
    // The rate limiter counts every /api/items request but never refuses one: one client sends them all.
    [
      'backend',
      images.backend.tag,
      ['/health', '/ready', '/api/items'],
      { ...db, METRICS_TOKEN: 'bench-metrics-token', RATE_LIMIT_MAX: '1000000000' },
    ],
    // As deployed: the CHECKLIST sets GLITCHTIP_DSN, and @sentry/bun then wraps every request.
    [
      'backend, DSN set',
      images.backend.tag,
      ['/health', '/api/items'],
      { ...db, METRICS_TOKEN: 'bench-metrics-token', RATE_LIMIT_MAX: '1000000000', GLITCHTIP_DSN: `http://public@${SINK}:8000/1` },
    ],
    ['bare-backend', images['bare-backend'].tag, ['/health', '/ready', '/api/items'], db],
  ];
  const frontends: Variant[] = [
    ['frontend', images.frontend.tag, ['/'], front],
    // Reporting on: @sentry/sveltekit's server SDK loads; it sends errors only, so a working page sends nothing.
    ['frontend, DSN set', images.frontend.tag, ['/'], { ...front, PUBLIC_GLITCHTIP_DSN: `http://public@${SINK}:8000/1` }],
    ['bare-frontend', images['bare-frontend'].tag, ['/'], front],
  ];
  // Rounds repeat the groups; each round every variant is loaded once per path.
  const runs: Record<string, Measured[]> = {};
  for (let round = 1; round <= ROUNDS; round++) {
    log(`load, round ${round} of ${ROUNDS}`);
    for (const group of [backends, frontends])
      for (const [key, measured] of Object.entries(await measureGroup(group, round % 2 === 0)))
        runs[key] = [...(runs[key] ?? []), measured];
  }
  await remove([PG, API, SINK], NET);
  /** Medians over the rounds; peak memory is the highest seen. */
  const m: Record<string, Measured> = {};
  for (const [key, list] of Object.entries(runs)) {
    const loads: Record<string, LoadResult> = {};
    for (const path of Object.keys(list[0]!.loads)) {
      const all = list.map((x) => x.loads[path]!);
      loads[path] = {
        requestsPerSecond: median(all.map((r) => r.requestsPerSecond)),
        p99Ms: median(all.map((r) => r.p99Ms)),
        cpuMicrosPerRequest: median(all.map((r) => r.cpuMicrosPerRequest)),
        peakMiB: Math.max(...all.map((r) => r.peakMiB)),
        errors: all.reduce((n, r) => n + r.errors, 0),
        non2xx: all.reduce((n, r) => n + r.non2xx, 0),
      };
    }
    m[key] = { idleMiB: median(list.map((x) => x.idleMiB)), loads };
  }

  const mb = (n: number) => `${n.toFixed(0)} MB`;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const cpu = cpus();
  const out: string[] = [];
  out.push(
    `Benchmark ${new Date().toISOString().slice(0, 10)}, \`npm run bench:stack\`, ${cpu.length} × ${cpu[0]?.model.trim()}; ` +
      `autocannon -c ${CONNECTIONS} -d ${SECONDS} on 127.0.0.1 with the headers Traefik adds (bench/traefik.mjs) after a 2 s warm-up, ` +
      `each container with --memory ${LIMIT}, started with the others of its group (the backends, the frontends) and loaded one at a time, path by path; ` +
      `medians of ${ROUNDS} rounds (peak memory: the highest; ratios: the median of each round's ratio); memory as \`docker stats\` shows it; CPU per request ` +
      "from the container's cgroup; client, docker-proxy and server share the CPUs.",
    '',
    '| | image | build (no cache) | idle memory | peak memory under load | req/s | p99 | CPU per request | ratio to bare: req/s | CPU per request | peak memory |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  const rows: [string, keyof typeof images | undefined, string, string][] = [
    ['backend', 'backend', '/health', 'bare-backend'],
    ['backend', undefined, '/ready', 'bare-backend'],
    ['backend', undefined, '/api/items', 'bare-backend'],
    ['backend, DSN set', undefined, '/health', 'bare-backend'],
    ['backend, DSN set', undefined, '/api/items', 'bare-backend'],
    ['bare Elysia', 'bare-backend', '/health', ''],
    ['bare Elysia', undefined, '/ready', ''],
    ['bare Elysia', undefined, '/api/items', ''],
    ['frontend', 'frontend', '/', 'bare-frontend'],
    ['frontend, DSN set', undefined, '/', 'bare-frontend'],
    ['bare SvelteKit', 'bare-frontend', '/', ''],
  ];
  const keyOf: Record<string, string> = {
    backend: 'backend',
    'backend, DSN set': 'backend, DSN set',
    'bare Elysia': 'bare-backend',
    frontend: 'frontend',
    'frontend, DSN set': 'frontend, DSN set',
    'bare SvelteKit': 'bare-frontend',
  };
  /** Each round's ratio of a variant to its bare app, on one path and measure (the loads were seconds apart). */
  const perRound = (key: string, bare: string, path: string, of: (r: LoadResult) => number) =>
    runs[key]!.map((round, i) => of(round.loads[path]!) / of(runs[bare]![i]!.loads[path]!));
  const rps = (r: LoadResult) => r.requestsPerSecond;
  const cpuOf = (r: LoadResult) => r.cpuMicrosPerRequest;
  const rounds: string[] = [];
  for (const [label, image, path, bare] of rows) {
    const mine = m[keyOf[label]!]!;
    const r = mine.loads[path]!;
    const b = bare ? m[bare]!.loads[path]! : undefined;
    const byRound = bare ? perRound(keyOf[label]!, bare, path, rps) : [];
    const cpuByRound = bare ? perRound(keyOf[label]!, bare, path, cpuOf) : [];
    out.push(
      `| ${label} \`${path}\` | ${image ? mb(images[image].megabytes) : ''} | ${image ? `${images[image].seconds.toFixed(0)} s` : ''} | ${mine.idleMiB.toFixed(0)} MiB | ${r.peakMiB.toFixed(0)} MiB | ` +
        `${r.requestsPerSecond.toFixed(0)} | ${r.p99Ms} ms | ${r.cpuMicrosPerRequest.toFixed(0)} µs | ` +
        `${b ? median(byRound).toFixed(2) : ''} | ${b ? median(cpuByRound).toFixed(2) : ''} | ${b ? ratio(r.peakMiB, b.peakMiB) : ''} |`,
    );
    if (bare)
      rounds.push(
        `${label} \`${path}\` ${byRound.map((x) => x.toFixed(2)).join(', ')} (CPU ${cpuByRound.map((x) => x.toFixed(2)).join(', ')})`,
      );
    if (r.errors || r.non2xx) log(`warning: ${label} ${path}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  }
  out.push('', `Per round (req/s ÷ bare's in the same round; CPU per request ÷ bare's): ${rounds.join('; ')}.`);
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await daemon.stop();
  // The generated project and the bare apps' folders: about 300 MB a run. BENCH_KEEP=1 keeps them.
  if (process.env.BENCH_KEEP === '1') log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
