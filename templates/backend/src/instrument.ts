// Error reporting to GlitchTip (it speaks Sentry's protocol). Loaded before the app with
// `bun --preload ./src/instrument.ts`, so the SDK is ready before anything else runs.
// Without GLITCHTIP_DSN it does nothing (local development, tests).
import * as Sentry from '@sentry/bun';
import { scrub } from './scrub.ts';
import { traceBunServe, tracesSampler } from './traces.ts';

const dsn = process.env.GLITCHTIP_DSN;

if (dsn) {
  // Performance traces are sampled (GlitchTip stores every one it gets); errors are all sent.
  const rate = Number(process.env.GLITCHTIP_TRACES_SAMPLE_RATE || 0.1);
  Sentry.init({
    dsn,
    environment: process.env.NODE_ENV ?? 'production',
    // traces.ts decides which requests are traced, before any of Sentry's work.
    tracesSampler: tracesSampler(rate),
    // SDK 11 streams traces as span items by default; GlitchTip drops those and the SDK then skips
    // beforeSendTransaction. 'static' sends whole transactions, which GlitchTip stores, scrubbed.
    traceLifecycle: 'static',
    // GlitchTip has no release-health sessions: do not send them. BunServer wraps every request
    // (traces.ts wraps only the traced ones).
    integrations: (defaults) => defaults.filter((integration) => !['ProcessSession', 'BunServer'].includes(integration.name)),
    beforeSend: (event) => scrub(event),
    beforeSendTransaction: (event) => scrub(event),
    beforeBreadcrumb: (breadcrumb) => scrub(breadcrumb),
  });
  traceBunServe(rate);
}
