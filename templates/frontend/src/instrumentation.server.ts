// SvelteKit loads this file before the app: error reporting to GlitchTip on the server.
// The SDK loads only when a DSN is set (see hooks.server.ts).
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';
import { TRACES_SAMPLE_RATE } from '#lib/glitchtip.ts';

if (PUBLIC_GLITCHTIP_DSN) {
  const Sentry = await import('@sentry/sveltekit');
  Sentry.init({
    dsn: PUBLIC_GLITCHTIP_DSN,
    tracesSampleRate: TRACES_SAMPLE_RATE,
    // GlitchTip does not implement sessions.
    integrations: [Sentry.httpIntegration({ trackIncomingRequestsAsSessions: false })],
  });
}
