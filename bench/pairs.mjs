// node bench/pairs.mjs ROUNDS 'name|docker run arguments' ... (not a test): backend variants in
// containers, all running and loaded at the same time, so a slow spell on these shared cores hits
// every one of them alike. CPU per request (to /health, or PAIRS_PATH) comes from each container's cgroup; each
// round gives every way's ratio to the first way; the report shows their medians. A way may name
// its own path as a third field: 'name|docker run arguments|/api/items'.
//
// The ratios are what this measures: with every container and client on 2 cores at once, each
// request costs about twice what it costs alone (npm run bench:stack measures that).
// Example, after a `npm run bench:stack` run built the images, comparing the template's src/ with
// an edited copy (the image runs `bun` from /app):
//   node bench/pairs.mjs 8 'image|pyme-bench-backend:bench' \
//     'edited|-v /tmp/edited-src:/app/src:ro pyme-bench-backend:bench'
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { median } from './stats.mjs';
import { TRAEFIK_HEADERS } from './traefik.mjs';

const [rounds, ...ways] = process.argv.slice(2);
if (!(Number(rounds) > 0) || ways.length < 2) {
  process.stderr.write("usage: node bench/pairs.mjs ROUNDS 'name|docker run arguments' 'name|...' ...\n");
  process.exit(2);
}
const docker = (args) =>
  execFileSync('docker', args, { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();

/** CPU microseconds a container has used (cgroup v1 or v2). */
function cpuMicros(name) {
  const id = docker(['inspect', '-f', '{{.Id}}', name]);
  for (const f of [
    `/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`,
    `/sys/fs/cgroup/cpuacct/system.slice/docker-${id}.scope/cpuacct.usage`,
  ])
    if (existsSync(f)) return Number(readFileSync(f, 'utf8')) / 1000;
  for (const f of [`/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`, `/sys/fs/cgroup/docker/${id}/cpu.stat`])
    if (existsSync(f)) return Number(/usage_usec (\d+)/.exec(readFileSync(f, 'utf8'))[1]);
  throw new Error(`no cgroup CPU file for container ${name}`);
}
const load = (url, duration, connections, overallRate = undefined) =>
  new Promise((resolve, reject) =>
    autocannon({ url, connections, duration, overallRate, headers: TRAEFIK_HEADERS }, (e, r) => (e ? reject(e) : resolve(r))),
  );

const connections = Math.max(10, Math.round(50 / ways.length));
// PAIRS_PATH: the path to load when a way names none (default /health). PAIRS_ALONE=<req/s>: after
// the warm-up, load the ways one at a time at that fixed rate, so that no way competes with
// another for the cores (CPU per request then varies less, and is closer to what one app costs).
const ALONE = Number(process.env.PAIRS_ALONE) || undefined;
const PATH = process.env.PAIRS_PATH ?? '/health';
const results = {};
for (let round = 1; round <= Number(rounds); round++) {
  const running = ways.map((way, i) => {
    const [name, args, path = PATH] = way.split('|');
    const container = `pyme-pairs-${i}`;
    const port = 4950 + i;
    execFileSync('docker', ['rm', '-f', container], { stdio: 'ignore' });
    execFileSync('sh', ['-c', `docker run -d --name ${container} -p 127.0.0.1:${port}:3000 -e NODE_ENV=production ${args}`], {
      stdio: 'ignore',
    });
    return { name, container, url: `http://127.0.0.1:${port}${path}` };
  });
  for (const { url } of running)
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
  await Promise.all(running.map(({ url }) => load(url, 3, connections))); // warm-up
  let loads;
  let micros;
  if (ALONE) {
    // One way after another, each at a fixed rate the others are not competing with.
    loads = [];
    micros = [];
    for (const { url, container } of running) {
      const before = cpuMicros(container);
      const loaded = await load(url, 5, 10, ALONE);
      loads.push(loaded);
      micros.push((cpuMicros(container) - before) / loaded.requests.total);
    }
  } else {
    const before = running.map(({ container }) => cpuMicros(container));
    loads = await Promise.all(running.map(({ url }) => load(url, 5, connections)));
    micros = running.map(({ container }, i) => (cpuMicros(container) - before[i]) / loads[i].requests.total);
  }
  running.forEach(({ name }, i) => {
    if (loads[i].non2xx || loads[i].errors) throw new Error(`${name}: ${loads[i].non2xx} non-2xx answers, ${loads[i].errors} errors`);
    results[name] ??= [];
    results[name].push({ micros: micros[i], ratio: micros[i] / micros[0] });
  });
  execFileSync('docker', ['rm', '-f', ...running.map((r) => r.container)], { stdio: 'ignore' });
  process.stderr.write(`round ${round}: ${running.map(({ name }, i) => `${name} ${micros[i].toFixed(1)} µs`).join(', ')}\n`);
}
const first = ways[0].split('|')[0];
process.stdout.write(`| way | CPU µs per request, median | ÷ ${first}, median | ÷ ${first}, each round |\n| --- | --- | --- | --- |\n`);
for (const [name, list] of Object.entries(results))
  process.stdout.write(
    `| ${name} | ${median(list.map((x) => x.micros)).toFixed(1)} | ${median(list.map((x) => x.ratio)).toFixed(2)} | ${list.map((x) => x.ratio.toFixed(2)).join(' ')} |\n`,
  );
