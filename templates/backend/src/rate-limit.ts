// Per-client rate limit, in memory (one process on one VPS). Tune it in Dokploy's Environment:
// RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_SECONDS per client IP (default 300 per 60 s);
// RATE_LIMIT_MAX=0 turns it off. Over the limit: 429 with Retry-After (seconds). It covers the
// routes registered after it (app.ts): /health, /ready and /metrics come before it, so probes and
// Prometheus, which ask often from inside the VPS, are never limited and pay nothing for it.
import type { Server } from 'bun';
import { Elysia } from 'elysia';
import { rateLimit } from 'elysia-rate-limit';

/** Loopback and private ranges: where Traefik reaches the container from (Docker's networks). */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.replace(/^::ffff:/, '');
  return (
    /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(v4) || ip === '::1' || /^f[cd][0-9a-f]{2}:/i.test(ip)
  );
}

/**
 * The client's IP. Behind Traefik the socket is Traefik's; the client is the right-most
 * X-Forwarded-For entry, the one Traefik itself appended (entries to its left come from the
 * client and can be anything). A request straight from a public address is keyed on its socket.
 */
export function clientIp(request: Request, server: Server<unknown> | null | undefined): string {
  const socket = server?.requestIP(request)?.address ?? '';
  const forwarded = request.headers.get('x-forwarded-for');
  if (forwarded && (socket === '' || isPrivateAddress(socket))) {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return socket || 'unknown';
}

/** The limiter (a plugin that does nothing when RATE_LIMIT_MAX=0). */
export function rateLimiter() {
  const max = Number(process.env.RATE_LIMIT_MAX ?? 300);
  const seconds = Number(process.env.RATE_LIMIT_WINDOW_SECONDS || 60);
  if (!(max > 0)) return new Elysia({ name: 'rate-limit-off' });
  return rateLimit({
    max,
    duration: seconds * 1000,
    generator: (request, server) => clientIp(request, server),
    errorResponse: new Response(JSON.stringify({ error: 'too_many_requests' }), {
      status: 429,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    }),
  });
}
