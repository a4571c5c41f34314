// Per-client rate limit, in memory (one process on one VPS). Tune it in Dokploy's Environment:
// RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_SECONDS per client IP (default 300 per 60 s);
// RATE_LIMIT_MAX=0 turns it off. Over the limit: 429 with Retry-After (seconds). It covers the
// routes registered after it (app.ts): /health, /ready and /metrics come before it, so probes and
// Prometheus, which ask often from inside the VPS, are never limited and pay nothing for it.
//
// Written here rather than taken from elysia-rate-limit: that plugin's hooks read `cookie`, and
// Elysia then parses cookies on every route of the app, the probes too. With it /health cost
// 1.2 µs more and a limited route 2.8 µs, against 0 and 0.4 µs with this one
// (create-pyme-stack's `npm run bench:parts`). These hooks read only the request.
import type { Server } from 'bun';
import type { AnyElysia } from 'elysia';

/** Loopback and private ranges: where Traefik reaches the container from (Docker's networks). */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.replace(/^::ffff:/, '');
  return (
    /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(v4) || ip === '::1' || /^f[cd][0-9a-f]{2}:/i.test(ip)
  );
}

/** The right-most X-Forwarded-For entry: the one Traefik appended (entries to its left come from the client). */
export function forwardedFor(request: Request): string | undefined {
  const header = request.headers.get('x-forwarded-for');
  return header?.slice(header.lastIndexOf(',') + 1).trim() || undefined;
}

/**
 * The client's IP. Behind Traefik the socket is Traefik's, on a private address, and the client
 * is the address Traefik forwarded. A request straight from a public address is keyed on its
 * socket, whatever its X-Forwarded-For says.
 */
export function clientIp(request: Request, server: Server<unknown> | null | undefined): string {
  const socket = server?.requestIP(request)?.address ?? '';
  const forwarded = forwardedFor(request);
  if (forwarded && (socket === '' || isPrivateAddress(socket))) return forwarded;
  return socket || 'unknown';
}

/**
 * Fixed windows, one per client: a client's first request opens its window, and `max` requests
 * fit in it. At most `maxClients` windows are kept (a flood from many addresses cannot grow memory
 * without bound): when full, ended windows go first, then the oldest.
 */
export class Windows {
  readonly #open = new Map<string, { count: number; endsAt: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly maxClients = 100_000,
  ) {}

  /** Counts one request of `client`: 0 when it is within the limit, else the seconds until its window ends. */
  hit(client: string, now = Date.now()): number {
    let window = this.#open.get(client);
    if (!window || window.endsAt <= now) {
      this.#open.delete(client); // re-added last: the map stays in the order windows opened
      if (this.#open.size >= this.maxClients) this.#prune(now);
      window = { count: 0, endsAt: now + this.windowMs };
      this.#open.set(client, window);
    }
    window.count++;
    return window.count > this.max ? Math.max(1, Math.ceil((window.endsAt - now) / 1000)) : 0;
  }

  /** Whether `client` has a window that has not ended. */
  isOpen(client: string, now = Date.now()): boolean {
    const window = this.#open.get(client);
    return window !== undefined && window.endsAt > now;
  }

  get size(): number {
    return this.#open.size;
  }

  /** Frees a tenth of the room at once, so a flood of new addresses does not prune on every request. */
  #prune(now: number): void {
    const target = Math.floor(this.maxClients * 0.9);
    for (const [client, window] of this.#open) if (window.endsAt <= now) this.#open.delete(client);
    for (const client of this.#open.keys()) {
      if (this.#open.size <= target) break;
      this.#open.delete(client);
    }
  }
}

/** A whole number from the environment; a typo keeps the default (and says so) rather than turning the limit off. */
function setting(name: string, fallback: number, least: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (Number.isInteger(value) && value >= least) return value;
  console.warn(`${name}=${text} is not a whole number of at least ${least}: using ${fallback}`);
  return fallback;
}

// Errors that reach no handler, so no onBeforeHandle: a scanner probing unknown paths, or sending
// bodies that do not parse or validate, is counted here and limited the same way.
const COUNTED_ERRORS = new Set(['NOT_FOUND', 'PARSE', 'VALIDATION']);

/**
 * The limiter (nothing when RATE_LIMIT_MAX=0): hooks on the app it is used in, which read the
 * server from that app. A hook that named `server` in its context would make Elysia define it on
 * every request of every route.
 */
export function rateLimiter() {
  const max = setting('RATE_LIMIT_MAX', 300, 0);
  const seconds = setting('RATE_LIMIT_WINDOW_SECONDS', 60, 1);
  return <App extends AnyElysia>(app: App) => {
    if (!(max > 0)) return app;
    const windows = new Windows(max, seconds * 1000);
    // A Response, not a body: Elysia sends an object returned from an error hook as an empty body
    // when a mapResponse hook (metrics.ts) exists. Elysia adds the security headers to it.
    const tooMany = (seconds: number) =>
      new Response('{"error":"too_many_requests"}', {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': String(seconds) },
      });
    // Which client a request counts for. Reading the socket's address (server.requestIP) costs Bun
    // 3.2-3.4 µs per request (create-pyme-stack's `npm run bench:bun-request`), so it is checked
    // when a client's window opens, not on each request in it. What that leaves: a client that
    // reaches the container directly (a published port, which Dokploy does not add) and forges the
    // address of a client whose window is open counts against that client's window, never against
    // a window of its choosing. Both steps take the request's one clock reading, so the window
    // found open is the window the request is counted in.
    const clientOf = (request: Request, now: number) => {
      const forwarded = forwardedFor(request);
      return forwarded !== undefined && windows.isOpen(forwarded, now) ? forwarded : clientIp(request, app.server);
    };
    // The hooks return no call's result directly: Elysia reads a hook's source, and takes one
    // that returns a call (`=> f(x)`, `return f(x)`) for async, and then every route below it
    // awaits a promise per request (/api/items in `npm run bench:stack`: 45 µs of CPU per
    // request against bare Elysia's 25 when it did).
    app
      .onBeforeHandle({ as: 'global' }, function limitRequest({ request }) {
        const now = Date.now();
        const retryAfter = windows.hit(clientOf(request, now), now);
        return retryAfter === 0 ? undefined : tooMany(retryAfter);
      })
      .onError({ as: 'global' }, function limitScanner({ code, request }) {
        if (!COUNTED_ERRORS.has(String(code))) return undefined;
        const now = Date.now();
        const retryAfter = windows.hit(clientOf(request, now), now);
        return retryAfter === 0 ? undefined : tooMany(retryAfter);
      });
    return app;
  };
}
