// The server's hooks when reporting is on (loaded by hooks.server.ts only with a DSN), in place of
// Sentry's sentryHandle(), whose span per request cost more CPU than rendering the page
// (measured by create-pyme-stack before it chose this setup).
import { captureException, getTraceMetaTags, withIsolationScope, withScope } from '@sentry/sveltekit';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';

export const handle: Handle = ({ event, resolve }) =>
  // Each request gets its own scope and trace id: what one request adds (breadcrumbs, a user) never
  // reaches another's reports, and its calls to the API carry its trace id.
  withIsolationScope(() =>
    // The trace id in the page too: a traced page load in the browser continues it, so GlitchTip
    // links the visit to this request's errors and to the API's trace.
    resolve(event, { transformPageChunk: ({ html }) => html.replace('<head>', `<head>\n${getTraceMetaTags()}`) }),
  );

// Headers that carry credentials (a session cookie, a bearer token, an API key) never leave the
// server: the names the backend's scrub.ts filters, matched without '-', '_' or case.
const SECRET_HEADER = /pass|secret|token|auth|cookie|session|apikey|credential|signature/;

/** The failing request as GlitchTip shows it, its credential headers replaced by "[Filtered]". */
function requestData(request: Request) {
  const url = new URL(request.url);
  const headers = [...request.headers].map(([name, value]) => [
    name,
    SECRET_HEADER.test(name.replace(/[-_]/g, '')) ? '[Filtered]' : value,
  ]);
  // The shape of Sentry's RequestEventData (url, method, query_string, headers).
  return { url: request.url, method: request.method, query_string: url.search.slice(1), headers: Object.fromEntries(headers) };
}

export const handleError: HandleServerError = ({ kind, error, event }) => {
  // Only errors thrown by code are bugs; `error(404)` and SvelteKit's own 404s are expected.
  if (kind === 'unknown') {
    withScope((scope) => {
      // The failing request (the SDK filters query values that look secret), grouped by route
      // ("GET /orders/[id]"), not by each URL.
      scope.setSDKProcessingMetadata({ normalizedRequest: requestData(event.request) });
      if (event.route.id) scope.setTransactionName(`${event.request.method} ${event.route.id}`);
      captureException(error, { mechanism: { type: 'auto.function.sveltekit.handle_error', handled: false } });
    });
  }
  console.error(error);
};
