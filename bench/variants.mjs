// node bench/variants.mjs ROUNDS 'name|src folder' ... (not a test): edited copies of a generated
// backend's src/ as plain Bun processes on this machine, no Docker, loaded one after another at a
// fixed rate; CPU per request from each process's /proc/<pid>/stat (all its threads). Quieter than
// `bench:pairs` for taking the app apart: no docker-proxy, no containers idling beside it.
// Each folder holds instrument.ts and index.ts (bare Elysia: an empty instrument.ts); modules
// resolve from the node_modules beside it. Rounds alternate the order; the report gives each way's
// median µs and the median of its per-round ratio to the first way.
//   VARIANTS_PATH=<default /api/items> VARIANTS_RATE=<req/s, default 3000>
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import autocannon from 'autocannon';
import { median } from './stats.mjs';
import { TRAEFIK_HEADERS } from './traefik.mjs';

const [rounds, ...ways] = process.argv.slice(2);
if (!(Number(rounds) > 0) || ways.length < 2) {
  process.stderr.write("usage: node bench/variants.mjs ROUNDS 'name|src folder' 'name|src folder' ...\n");
  process.exit(2);
}
const PATH = process.env.VARIANTS_PATH ?? '/api/items';
const RATE = Number(process.env.VARIANTS_RATE ?? 3000);
const BUN = resolve('node_modules/.bin/bun');
const TICK_MICROS = 10_000; // USER_HZ is 100 on Linux

const running = ways.map((way, i) => {
  const [name, folder] = way.split('|');
  const src = resolve(folder);
  const port = 5100 + i;
  const child = spawn(BUN, ['--preload', `./${basename(src)}/instrument.ts`, `./${basename(src)}/index.ts`], {
    cwd: dirname(src),
    env: { ...process.env, PORT: String(port), RATE_LIMIT_MAX: '1000000000', NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  return { name, child, url: `http://127.0.0.1:${port}${PATH}`, micros: [] };
});
const cpuTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime
};
const load = (url, seconds) =>
  new Promise((ok, fail) =>
    autocannon({ url, duration: seconds, connections: 10, overallRate: RATE, headers: TRAEFIK_HEADERS }, (e, r) => (e ? fail(e) : ok(r))),
  );

try {
  await new Promise((r) => setTimeout(r, 3000));
  for (const way of running) await load(way.url, 3); // warm-up
  for (let round = 1; round <= Number(rounds); round++) {
    for (const way of round % 2 ? running : [...running].reverse()) {
      const before = cpuTicks(way.child.pid);
      const r = await load(way.url, 5);
      if (r.non2xx || r.errors) throw new Error(`${way.name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      way.micros.push(((cpuTicks(way.child.pid) - before) * TICK_MICROS) / r.requests.total);
    }
    process.stderr.write(`round ${round}: ${running.map((w) => `${w.name} ${w.micros.at(-1).toFixed(1)} µs`).join(', ')}\n`);
  }
  const first = running[0];
  process.stdout.write(`| way | CPU µs per ${PATH}, median | ÷ ${first.name}, median of rounds |\n| --- | --- | --- |\n`);
  for (const way of running)
    process.stdout.write(
      `| ${way.name} | ${median(way.micros).toFixed(1)} | ${median(way.micros.map((m, i) => m / first.micros[i])).toFixed(2)} |\n`,
    );
} finally {
  for (const way of running) way.child.kill();
}
