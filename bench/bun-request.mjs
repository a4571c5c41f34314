// npm run bench:bun-request (not a test; runs under Bun): what reading one thing of a request costs
// in Bun's server, the per-request work the generated backend's hooks do (src/metrics.ts,
// src/rate-limit.ts). One Bun.serve per way; each answers the same, after timing one operation
// on the request it got. Requests carry the headers Traefik adds (bench/traefik.mjs), as in
// production. Rounds interleave the ways; the report gives each way's median µs per request, and
// its difference from "nothing" (the timer's own cost).
//   BENCH_REQUESTS=<per way and round, default 5000> BENCH_ROUNDS=<default 5>
import { median } from './stats.mjs';
import { TRAEFIK_HEADERS } from './traefik.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const started = new WeakMap();

/** The ways: what each server does to every request it gets. */
const ways = {
  nothing: () => 0,
  'performance.now()': () => performance.now(),
  'request.method': (request) => request.method,
  'request.url (an onRequest hook makes Elysia read it)': (request) => request.url,
  'request.headers.get(x-forwarded-for)': (request) => request.headers.get('x-forwarded-for'),
  'server.requestIP(request)': (request, server) => server.requestIP(request),
  'WeakMap set, get, delete on the request': (request) => {
    started.set(request, 1);
    const value = started.get(request);
    started.delete(request);
    return value;
  },
};

const servers = Object.entries(ways).map(([name, op]) => {
  const timing = { name, micros: 0, count: 0, rounds: [] };
  const server = Bun.serve({
    port: 0,
    fetch(request, server) {
      const start = performance.now();
      op(request, server);
      timing.micros += (performance.now() - start) * 1000;
      timing.count++;
      return new Response('{"items":[]}', { headers: { 'content-type': 'application/json' } });
    },
  });
  return { server, timing };
});

const headers = { ...TRAEFIK_HEADERS, accept: 'application/json', 'user-agent': 'Mozilla/5.0 (bench)' };
for (let round = 0; round <= ROUNDS; round++) {
  for (const { server, timing } of servers) {
    timing.micros = 0;
    timing.count = 0;
    const url = `http://127.0.0.1:${server.port}/api/items`;
    // Ten requests in flight at a time, as a few clients would send them.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < REQUESTS / 10; i++) await (await fetch(url, { headers })).text();
      }),
    );
    if (round > 0) timing.rounds.push(timing.micros / timing.count); // round 0 warms up
  }
}
for (const { server } of servers) server.stop(true);

const base = median(servers[0].timing.rounds);
process.stdout.write(
  `Bun ${Bun.version}, ${REQUESTS} requests per way and round, ${ROUNDS} rounds (medians); the handler's own time only.\n\n` +
    '| operation, once per request | µs per request | minus "nothing" |\n| --- | --- | --- |\n',
);
for (const { timing } of servers) {
  const m = median(timing.rounds);
  process.stdout.write(`| ${timing.name} | ${m.toFixed(3)} | ${(m - base).toFixed(3)} |\n`);
}
