// Performance traces for GlitchTip, for the requests that are traced and no others. Sentry's own
// BunServer integration wraps every request (an isolation scope, every header copied, a span even
// when the trace is not kept): with GLITCHTIP_DSN set, a small route then cost 8.5 times bare
// Elysia's CPU (1.6 without a DSN); with this file, 1.9 times (create-pyme-stack's
// `node bench/pairs.mjs`, docs/benchmarks.md). Each traced request costs about 1 to 3 ms of CPU
// to build, scrub and send, hence MAX_TRACES_PER_SECOND below.
// A request that is not traced costs one header read, and has no scope of its own: errors.ts gives
// each error its request.
import type { Server } from 'bun';
import * as Sentry from '@sentry/bun';

/** Marks the spans started here, whose sampling this file already decided (see tracesSampler). */
const DECIDED = 'pyme.trace.decided';

type Handler = (this: unknown, request: Request, server: Server<unknown>) => unknown;

/**
 * At most this many traced requests a second, whatever the rate and the callers say: anyone can
 * send `sentry-trace: …-1` on every request, and a trace costs the app 1 to 3 ms of CPU and
 * GlitchTip (on the same VPS) more. Raise it if you need more traces at busy times.
 */
export const MAX_TRACES_PER_SECOND = 10;
let budgetSecond = 0;
let budgetUsed = 0;

/**
 * Whether to trace this request: the caller's decision when its sentry-trace header carries one
 * (a page the browser traced, continued here), else one draw at `rate`; within the budget above.
 */
export function isTraced(request: Request, rate: number, now = Date.now()): boolean {
  const sampled = request.headers.get('sentry-trace')?.split('-')[2];
  if (!(sampled === undefined ? Math.random() < rate : sampled === '1')) return false;
  const second = Math.floor(now / 1000);
  if (second !== budgetSecond) {
    budgetSecond = second;
    budgetUsed = 0;
  }
  return budgetUsed++ < MAX_TRACES_PER_SECOND;
}

/** For Sentry.init: the spans started here are kept (decided above); any other root span, at `rate`. */
export function tracesSampler(rate: number) {
  return ({ attributes, parentSampled }: { attributes?: Record<string, unknown>; parentSampled?: boolean }) =>
    attributes?.[DECIDED] === true ? 1 : (parentSampled ?? rate);
}

/** What GlitchTip shows under "Request" (scrub.ts filters it before it leaves). */
function requestData(request: Request) {
  const url = new URL(request.url);
  return { url: request.url, method: request.method, query_string: url.search.slice(1), headers: request.headers.toJSON() };
}

/** handler, tracing the requests isTraced() picks: one transaction each, named by route. */
export function traceRequests(handler: Handler, rate: number, route?: string): Handler {
  return function traced(this: unknown, request, server) {
    if (!isTraced(request, rate)) return handler.call(this, request, server);
    return Sentry.withIsolationScope((scope) => {
      const data = requestData(request);
      scope.setSDKProcessingMetadata({ normalizedRequest: data });
      const collection = Sentry.getClient()?.getDataCollectionOptions();
      const name = `${request.method} ${route ?? new URL(request.url).pathname}`;
      return Sentry.continueTrace(
        { sentryTrace: request.headers.get('sentry-trace') ?? '', baggage: request.headers.get('baggage') },
        () =>
          Sentry.startSpanManual(
            {
              name,
              op: 'http.server',
              attributes: {
                [DECIDED]: true,
                'http.request.method': request.method,
                'url.path': new URL(request.url).pathname,
                ...(collection ? Sentry.httpHeadersToSpanAttributes(data.headers, collection) : {}),
              },
            },
            async (span) => {
              try {
                const response = await handler.call(this, request, server);
                if (response instanceof Response) Sentry.setHttpStatus(span, response.status);
                return response;
              } catch (error) {
                span.setStatus({ code: 2, message: 'internal_error' }); // 2: error (Sentry's SPAN_STATUS_ERROR)
                throw error;
              } finally {
                span.end();
              }
            },
          ),
      );
    });
  };
}

type ServeOptions = { fetch?: Handler; routes?: Record<string, unknown> };

/** Wraps options' request handlers in place: fetch, and each route's (one handler, or one per method). */
function traceOptions(options: ServeOptions, rate: number): void {
  if (typeof options.fetch === 'function') options.fetch = traceRequests(options.fetch, rate);
  const routes = options.routes ?? {};
  for (const [route, value] of Object.entries(routes)) {
    if (typeof value === 'function') routes[route] = traceRequests(value as Handler, rate, route);
    else if (value && typeof value === 'object' && !(value instanceof Response))
      for (const [method, handler] of Object.entries(value))
        if (typeof handler === 'function') (value as Record<string, Handler>)[method] = traceRequests(handler, rate, route);
  }
}

/** Wraps the handlers of every server Bun.serve starts, and of each reload (Elysia's listen does both). */
export function traceBunServe(rate: number): void {
  Bun.serve = new Proxy(Bun.serve, {
    apply(serve, thisArg, args: Parameters<typeof Bun.serve>) {
      traceOptions(args[0] as ServeOptions, rate);
      const server = Reflect.apply(serve, thisArg, args) as ReturnType<typeof Bun.serve>;
      const reload = server.reload.bind(server);
      server.reload = ((options: ServeOptions) => {
        traceOptions(options, rate);
        return reload(options as Parameters<typeof reload>[0]);
      }) as typeof server.reload;
      return server;
    },
  });
}
