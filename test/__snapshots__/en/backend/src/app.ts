// The HTTP app. Exported without listening, so tests call app.handle(new Request(...)).
// createApp() builds a fresh one: tests add routes to it (an app that has served is sealed).
import { Elysia } from 'elysia';
import { corsFromEnv } from './cors.ts';
import { checkDatabase } from './db.ts';
import { errors } from './errors.ts';
import { metrics } from './metrics.ts';
import { rateLimiter } from './rate-limit.ts';
import { bodyLimit, security } from './security.ts';
// plop:imports (`npm run new -- route <name>` adds its import above this line)

export const createApp = () =>
  // Bun refuses a body past the limit (413), also one sent without Content-Length.
  new Elysia({ serve: { maxRequestBodySize: bodyLimit() } })
    // Global hooks first: they only cover routes registered after them.
    .use(errors)
    // metrics before security: Elysia stops at the first mapResponse hook that gives an answer,
    // and security's gives one (src/security.ts), so the metrics' hook must see every answer first.
    .use(metrics)
    .use(security)
    // Liveness: the process answers. No I/O, so a slow database never restarts the container.
    .get('/health', () => ({ status: 'ok' }))
    // Readiness: the app can serve real requests (Postgres answers).
    .get('/ready', async ({ set }) => {
      const problem = await checkDatabase();
      if (problem) {
        set.status = 503;
        return { status: 'unavailable', reason: problem };
      }
      return { status: 'ok' };
    })
    // The limiter covers the routes below it: the probes above (and /metrics) are never limited.
    .use(rateLimiter())
    // plop:routes (`npm run new -- route <name>` registers its routes above this line)
    // CORS answers in onRequest, before any routing: it covers every route, wherever it is used.
    .use(corsFromEnv());

export const app = createApp();
export type App = typeof app;
