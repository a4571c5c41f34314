// Security headers on every answer, and the request body limit (applied by Bun: app.ts).
// Traefik (Dokploy's proxy) adds none of these by itself. Answers are private by default (Cache-Control: no-store): a route
// that serves public, cacheable data sets its own Cache-Control.
import { Elysia } from 'elysia';

const HEADERS = {
  // Browsers remember for a year to use HTTPS only (Dokploy's domains have Let's Encrypt).
  'strict-transport-security': 'max-age=31536000',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  // An API answer is data, never a page: nothing in it may run or be framed.
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
} as const;

/**
 * BODY_LIMIT_BYTES, default 1 MiB: the largest request body the server reads. Bun answers a
 * larger one 413 before any of the app's code runs, whether it declares its length or is chunked.
 */
export function bodyLimit(): number {
  const value = Number(process.env.BODY_LIMIT_BYTES || 1_048_576);
  return Number.isInteger(value) && value > 0 ? value : 1_048_576;
}

// Default headers: Elysia writes them into each route's compiled handler (and onto error answers),
// with no hook to run per request (0.8 µs per request in all; an onRequest hook copying them,
// 1.0 µs: create-pyme-stack's `npm run bench:parts`).
export const security = new Elysia({ name: 'security' }).headers(HEADERS);
