// Prometheus metrics at GET /metrics. The alert rules in ops/monitoring use exactly these
// names: http_requests_total{method,route,status} and http_request_duration_seconds.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Elysia } from 'elysia';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const labelNames = ['method', 'route', 'status'] as const;

export const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route template and status code.',
  labelNames,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer an HTTP request, in seconds.',
  labelNames,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const started = new WeakMap<Request, number>();

/** Compares hashes, so the time taken says nothing about the token. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Elysia may hold the status as a number or as a name ('Not Found'). */
function statusCode(status: unknown, fallback: number): string {
  return typeof status === 'number' ? String(status) : String(fallback);
}

export const metrics = new Elysia({ name: 'metrics' })
  // onRequest is always global in Elysia; onAfterResponse needs 'global' to cover the app's routes.
  .onRequest(({ request }) => {
    started.set(request, performance.now());
  })
  .onAfterResponse({ as: 'global' }, ({ request, route, set, responseValue }) => {
    const start = started.get(request);
    if (start === undefined) return;
    // Unknown paths share one label: a scanner must not create a series per URL.
    const labels = {
      method: request.method,
      route: route || 'unmatched',
      status: statusCode(responseValue instanceof Response ? responseValue.status : set.status, 200),
    };
    httpRequests.inc(labels);
    httpDuration.observe(labels, (performance.now() - start) / 1000);
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
