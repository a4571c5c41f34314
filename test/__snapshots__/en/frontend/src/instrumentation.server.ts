// SvelteKit loads this file before the app: error reporting to GlitchTip on the server.
// The SDK loads only when a DSN is set (see hooks.server.ts). It is @sentry/sveltekit's own server
// init, the setup Sentry documents for SvelteKit (and keeps in v11, where the light SDK is gone),
// with no tracesSampleRate: no server traces, which cost more CPU per page than rendering it
// (README.md, frontend section). The browser still traces one page load in ten, server time included.
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';

/**
 * Integrations left out: GlitchTip has no sessions; the hooks in lib/sentry-server.ts do Http's
 * job; NodeFetch comes back below, configured.
 */
const LEFT_OUT = ['ProcessSession', 'Http', 'SvelteKitSpansEnhancement', 'NodeFetch'];

if (PUBLIC_GLITCHTIP_DSN) {
  const Sentry = await import('@sentry/sveltekit');
  Sentry.init({
    dsn: PUBLIC_GLITCHTIP_DSN,
    // 'Http' wraps every request to record its data; the hooks in lib/sentry-server.ts do the same
    // for far less, reading the request only on an error.
    integrations: (defaults) => [
      ...defaults.filter((integration) => !LEFT_OUT.includes(integration.name)),
      // Calls to the API still carry the request's trace id (GlitchTip links the page to the API),
      // but leave no breadcrumb: recording them made each page 3% more work (create-pyme-stack's
      // `npm run bench:parts`), and in a check by hand none of them reached an error report.
      Sentry.nativeNodeFetchIntegration({ breadcrumbs: false }),
    ],
    // No ESM loader hooks: they serve OpenTelemetry's auto-instrumentation, which only records
    // server traces (off here). Without them the server uses about 15 MiB less memory at rest.
    registerEsmLoaderHooks: false,
    // The app's own frames (src/routes/...) count as in-app, named app:///src/... like the source
    // maps the build uploads: the SDK's own rewriteFramesIntegration does it, nothing to add here.
  });
}
