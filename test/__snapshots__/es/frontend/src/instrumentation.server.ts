// SvelteKit loads this file before the app: error reporting to GlitchTip on the server.
// The SDK loads only when a DSN is set (see hooks.server.ts). It is Sentry's light SDK (no
// OpenTelemetry, no server traces): errors with their request's data, each request in its own
// scope, and the trace id passed on to the API and the page. The full SDK with one trace in ten
// cost more than twice the CPU per page (README, npm run bench:stack); the browser still traces
// one page load in ten, which includes the server's answer time.
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';

if (PUBLIC_GLITCHTIP_DSN) {
  const Sentry = await import('@sentry/node-core/light');
  Sentry.init({
    dsn: PUBLIC_GLITCHTIP_DSN,
    // GlitchTip does not implement sessions.
    integrations: (defaults) => defaults.filter((integration) => integration.name !== 'ProcessSession'),
  });
}
