// Prometheus metrics at GET /metrics. The alert rules in ops/monitoring use exactly these
// names: http_requests_total{method,route,status} and http_request_duration_seconds.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Elysia, ElysiaCustomStatusResponse, StatusMap } from 'elysia';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { HttpSeries } from './http-series.ts';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const http = new HttpSeries([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
for (const metric of http.metrics(
  { name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status code.' },
  { name: 'http_request_duration_seconds', help: 'Time to answer an HTTP request, in seconds.' },
))
  registry.registerMetric(metric);

// When each request started, then COUNTED once it is: Elysia may run the mapResponse hook more
// than once for one failed request (once after each error hook), and an answer counts once.
const started = new WeakMap<Request, number>();
const COUNTED = -1;

/** Compares hashes, so the time taken says nothing about the token. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The status the client gets: a Response's own, `status(409, ...)`'s code, else what `set` holds. */
function statusOf(value: unknown, status: unknown): number {
  if (value instanceof Response) return value.status;
  if (value instanceof ElysiaCustomStatusResponse) return value.code;
  if (typeof status === 'number') return status;
  // set.status = 'Conflict' is allowed too.
  return StatusMap[status as keyof typeof StatusMap] ?? 200;
}

function record(request: Request, route: string | undefined, status: number): void {
  const start = started.get(request);
  if (start === COUNTED) return;
  started.set(request, COUNTED);
  const seconds = start === undefined ? 0 : (performance.now() - start) / 1000;
  // Unknown paths share one label: a scanner must not create a series per URL. (Methods are
  // bounded already: Bun answers 400 to one it does not know.)
  http.record(request.method, route || 'unmatched', status, seconds);
}

// The clock starts when Elysia parses a body (requests that have one), else when it transforms:
// both come after routing. Not in onRequest: an onRequest hook makes Elysia read the URL and build
// the context up front on every route, 1.8 k more instructions per request than here (under
// callgrind, create-pyme-stack's `npm run bench:instructions`), for a start a few µs earlier.
// An unknown path has neither: it is counted with 0 s, as the instant 404 it is.
const startClock = ({ request }: { request: Request }) => {
  if (started.get(request) === undefined) started.set(request, performance.now());
};

export const metrics = new Elysia({ name: 'metrics' })
  .onParse({ as: 'global' }, startClock)
  .onTransform({ as: 'global' }, startClock)
  // mapResponse runs for every answer a route or an error hook gives, just before it is sent.
  // onAfterResponse would also see the send, but cost 3.0 µs per request against 0.2 µs here
  // (create-pyme-stack's `npm run bench:parts`).
  .mapResponse({ as: 'global' }, ({ request, route, set, responseValue }) => {
    record(request, route, statusOf(responseValue, set.status));
  })
  // An unknown path reaches no route, so no mapResponse: counted here, as the 404 it is (also
  // when the rate limiter then answers 429 for a client that probes too many of them).
  .onError({ as: 'global' }, ({ code, request }) => {
    if (code === 'NOT_FOUND') record(request, undefined, 404);
  })
  .get('/metrics', async ({ request, set }) => {
    // Without a token the route stays closed: an unset variable must not publish the metrics.
    const token = process.env.METRICS_TOKEN;
    if (!token || !sameToken(request.headers.get('authorization') ?? '', `Bearer ${token}`)) {
      set.status = 401;
      return 'unauthorized';
    }
    set.headers['content-type'] = registry.contentType;
    return registry.metrics();
  });
