// The server's hooks when reporting is on (loaded by hooks.server.ts only with a DSN). Not
// Sentry's sentryHandle(): it opens a span for every request, which cost more CPU per page than
// rendering it (README, npm run bench:stack). The light SDK (instrumentation.server.ts) already
// gives each request its own scope holding the request's data.
import { captureException, getIsolationScope, getTraceMetaTags } from '@sentry/node-core/light';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';

export const handle: Handle = ({ event, resolve }) => {
  // Errors grouped by route ("GET /orders/[id]"), not by each URL.
  if (event.route.id) getIsolationScope().setTransactionName(`${event.request.method} ${event.route.id}`);
  // The request's trace id in the page: a traced page load in the browser continues it, so GlitchTip
  // links it to this request's errors and to the API call it made.
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('<head>', `<head>\n${getTraceMetaTags()}`) });
};

export const handleError: HandleServerError = ({ kind, error }) => {
  // Only errors thrown by code are bugs; `error(404)` and SvelteKit's own 404s are expected.
  if (kind === 'unknown') captureException(error, { mechanism: { type: 'auto.function.sveltekit.handle_error', handled: false } });
  console.error(error);
};
