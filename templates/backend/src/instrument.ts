// Error reporting to GlitchTip (it speaks Sentry's protocol). Loaded before the app with
// `bun --preload ./src/instrument.ts`, so the SDK is ready before anything else runs.
// Without GLITCHTIP_DSN it does nothing (local development, tests).
import * as Sentry from '@sentry/bun';
import { scrub } from './scrub.ts';

const dsn = process.env.GLITCHTIP_DSN;

if (dsn) {
  Sentry.init({
    dsn,
    environment: process.env.NODE_ENV ?? 'production',
    // Performance traces are sampled (GlitchTip stores every one it gets); errors are all sent.
    tracesSampleRate: Number(process.env.GLITCHTIP_TRACES_SAMPLE_RATE || 0.1),
    // SDK 11 streams traces as span items by default; GlitchTip drops those and the SDK then skips
    // beforeSendTransaction. 'static' sends whole transactions, which GlitchTip stores, scrubbed.
    traceLifecycle: 'static',
    // GlitchTip has no release-health sessions: do not send them.
    integrations: (defaults) => defaults.filter((integration) => integration.name !== 'ProcessSession'),
    beforeSend: (event) => scrub(event),
    beforeSendTransaction: (event) => scrub(event),
    beforeBreadcrumb: (breadcrumb) => scrub(breadcrumb),
  });
}
