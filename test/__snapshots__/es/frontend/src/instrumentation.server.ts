// SvelteKit loads this file before the app: error reporting to GlitchTip on the server.
import * as Sentry from '@sentry/sveltekit';
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';
import { TRACES_SAMPLE_RATE } from '#lib/glitchtip.ts';

Sentry.init({
  dsn: PUBLIC_GLITCHTIP_DSN || undefined,
  tracesSampleRate: TRACES_SAMPLE_RATE,
  // GlitchTip does not implement sessions.
  integrations: [Sentry.httpIntegration({ trackIncomingRequestsAsSessions: false })],
});
