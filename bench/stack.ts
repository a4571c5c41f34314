// npm run bench:stack (not a test): the generated backend and frontend images beside bare
// reference apps (bench/reference-apps.ts), built and run the same way, in one run: image size,
// build time (no cache), idle and loaded memory under the CHECKLIST's 512 MiB limit, req/s and p99
// with autocannon on 127.0.0.1, and each as a ratio of its bare app. Uses the test suite's Docker
// helpers and stand-in base images (test/support), so it needs what the container test needs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureDaemon } from '../test/support/docker.js';
import { buildImage, type BuiltImage } from '../test/support/images.js';
import { load, type LoadResult } from '../test/support/load.js';
import { createNetwork, memoryMiB, remove, run, waitHealthy } from '../test/support/stack.js';
import { ensureStandins, POSTGRES_IMAGE } from '../test/support/standins.js';
import { bareBackend, bareFrontend } from './reference-apps.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LIMIT = '512m';
const NET = 'pyme-bench-net';
const PG = 'pyme-bench-pg';
const API = 'pyme-bench-api'; // the backend the frontends' page asks for /health
const root = resolve(import.meta.dirname ?? '.', '..');
const work = mkdtempSync(join(tmpdir(), 'pyme-bench-stack-'));

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Waits until a path answers 200 (the bare apps have no HEALTHCHECK). */
async function answering(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in 30 s`);
}

interface Measured {
  idleMiB: number;
  loads: Record<string, LoadResult>;
}

/** Runs one image alone (besides Postgres and the API), settles, measures idle memory, loads each path. */
async function measure(name: string, image: string, paths: string[], env: Record<string, string>): Promise<Measured> {
  const c = await run({ name, image, network: NET, port: 3000, memory: LIMIT, env });
  await answering(`${c.url}${paths[0]}`);
  await new Promise((r) => setTimeout(r, 5000));
  const idleMiB = await memoryMiB(name);
  const loads: Record<string, LoadResult> = {};
  for (const path of paths) {
    await load(`${c.url}${path}`, name, 2, CONNECTIONS); // warm-up
    loads[path] = await load(`${c.url}${path}`, name, SECONDS, CONNECTIONS);
    log(`  ${name} ${path}: ${loads[path]!.requestsPerSecond.toFixed(0)} req/s, p99 ${loads[path]!.p99Ms} ms, peak ${loads[path]!.peakMiB.toFixed(0)} MiB`);
  }
  await remove([name]);
  return { idleMiB, loads };
}

const daemon = await ensureDaemon();
try {
  log(`work folder ${work}`);
  const project = join(work, 'bench');
  execFileSync(process.execPath, [join(root, 'bin/create-pyme-stack.js'), project, '--yes', '--no-git', '--app-name', 'bench', '--alert-phone', '+52 55 1234 5678'], { stdio: 'ignore' });
  await ensureStandins(project);
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

  await remove([PG, API], NET);
  await createNetwork(NET);
  await run({ name: PG, image: POSTGRES_IMAGE, network: NET });
  await waitHealthy(PG, 60);
  const db = { DATABASE_URL: `postgres://postgres@${PG}:5432/postgres` };
  log('load');
  const m = {
    backend: await measure('pyme-bench-backend', images.backend.tag, ['/health', '/ready'], { ...db, METRICS_TOKEN: 'bench-metrics-token' }),
    'bare-backend': await measure('pyme-bench-bare-backend', images['bare-backend'].tag, ['/health', '/ready'], db),
  } as Record<string, Measured>;
  // The frontends' page asks the backend's /health: one backend serves both.
  await run({ name: API, image: images.backend.tag, network: NET, env: { ...db, METRICS_TOKEN: 'bench-metrics-token' } });
  await waitHealthy(API, 60);
  const front = { PUBLIC_API_URL: `http://${API}:3000` };
  m.frontend = await measure('pyme-bench-frontend', images.frontend.tag, ['/'], front);
  // A DSN nobody answers (port 9, refused): the SDK loads, traces one request in ten, fails to send.
  m['frontend, DSN set'] = await measure('pyme-bench-frontend-dsn', images.frontend.tag, ['/'], { ...front, PUBLIC_GLITCHTIP_DSN: 'http://public@127.0.0.1:9/1' });
  m['bare-frontend'] = await measure('pyme-bench-bare-frontend', images['bare-frontend'].tag, ['/'], front);
  await remove([PG, API], NET);

  const mb = (n: number) => `${n.toFixed(0)} MB`;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const cpu = cpus();
  const out: string[] = [];
  out.push(
    `Benchmark ${new Date().toISOString().slice(0, 10)}, \`npm run bench:stack\`, ${cpu.length} × ${cpu[0]?.model.trim()}; ` +
      `autocannon -c ${CONNECTIONS} -d ${SECONDS} on 127.0.0.1 after a 2 s warm-up, each container alone with --memory ${LIMIT}; ` +
      'memory as `docker stats` shows it; client, docker-proxy and server share the CPUs.',
    '',
    '| | image | build (no cache) | idle memory | peak memory under load | req/s | p99 | ratio to bare: req/s | ratio to bare: peak memory |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  const rows: [string, keyof typeof images | undefined, string, string][] = [
    ['backend', 'backend', '/health', 'bare-backend'],
    ['backend', undefined, '/ready', 'bare-backend'],
    ['bare Elysia', 'bare-backend', '/health', ''],
    ['bare Elysia', undefined, '/ready', ''],
    ['frontend', 'frontend', '/', 'bare-frontend'],
    ['frontend, DSN set', undefined, '/', 'bare-frontend'],
    ['bare SvelteKit', 'bare-frontend', '/', ''],
  ];
  const keyOf: Record<string, string> = { backend: 'backend', 'bare Elysia': 'bare-backend', frontend: 'frontend', 'frontend, DSN set': 'frontend, DSN set', 'bare SvelteKit': 'bare-frontend' };
  for (const [label, image, path, bare] of rows) {
    const mine = m[keyOf[label]!]!;
    const r = mine.loads[path]!;
    const b = bare ? m[bare]!.loads[path]! : undefined;
    out.push(
      `| ${label} \`${path}\` | ${image ? mb(images[image].megabytes) : ''} | ${image ? `${images[image].seconds.toFixed(0)} s` : ''} | ${mine.idleMiB.toFixed(0)} MiB | ${r.peakMiB.toFixed(0)} MiB | ` +
        `${r.requestsPerSecond.toFixed(0)} | ${r.p99Ms} ms | ${b ? ratio(r.requestsPerSecond, b.requestsPerSecond) : ''} | ${b ? ratio(r.peakMiB, b.peakMiB) : ''} |`,
    );
    if (r.errors || r.non2xx) log(`warning: ${label} ${path}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await daemon.stop();
}
