// SvelteKit loads this file before the app: error reporting to GlitchTip on the server.
// The SDK loads only when a DSN is set (see hooks.server.ts). It is Sentry's light SDK: no
// OpenTelemetry and no server traces, which cost more CPU per page than rendering it (README.md,
// frontend section). The browser still traces one page load in ten, server time included.
// Sentry calls the light SDK experimental (it may change in a minor release): it is pinned exactly
// in package.json, beside @sentry/core; bump the three @sentry packages together.
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';

if (PUBLIC_GLITCHTIP_DSN) {
  const Sentry = await import('@sentry/node-core/light');
  Sentry.init({
    dsn: PUBLIC_GLITCHTIP_DSN,
    // GlitchTip does not implement sessions. 'Http' wraps every request to record its data; the
    // hooks in lib/sentry-server.ts do the same for far less, reading the request only on an error.
    integrations: (defaults) => defaults.filter((integration) => !['ProcessSession', 'Http'].includes(integration.name)),
    // Node names the app's own frames by their source paths (src/routes/...). The SDK takes a
    // relative path for Node's internals (in_app: false); marked as the app's, GlitchTip shows them
    // first and groups errors by them.
    beforeSend(event) {
      for (const exception of event.exception?.values ?? []) {
        for (const frame of exception.stacktrace?.frames ?? []) if (frame.filename?.startsWith('src/')) frame.in_app = true;
      }
      return event;
    },
  });
}
