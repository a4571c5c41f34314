// The browser SDK weighs more than the rest of the page's JavaScript, so most visits never
// download it: only the one visit in ten that is traced (loaded once the page is idle) and
// any visit at its first error.
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';
import { TRACES_SAMPLE_RATE, withoutSessions } from './glitchtip.ts';

type Sentry = typeof import('./sentry-sdk.ts');
let loading: Promise<Sentry | null> | undefined;

/** Decided once per page load; over all visits this traces TRACES_SAMPLE_RATE of them. */
export const traced = Math.random() < TRACES_SAMPLE_RATE;

const onError = (event: ErrorEvent) => void report(event.error ?? event.message);
const onRejection = (event: PromiseRejectionEvent) => void report(event.reason);

/** The initialised SDK, or null when no DSN is set (reporting off). */
export function loadSentry(): Promise<Sentry | null> {
  if (!PUBLIC_GLITCHTIP_DSN) return Promise.resolve(null);
  loading ??= import('./sentry-sdk.ts').then((Sentry) => {
    Sentry.init({
      dsn: PUBLIC_GLITCHTIP_DSN,
      // The sampling already happened above: a traced visit sends its trace, the others none.
      tracesSampleRate: traced ? 1 : 0,
      // A trace as one `transaction` item when the page load ends: GlitchTip ingests `event` and
      // `transaction` only and drops the rest of an envelope at an unknown item type. From v11 the
      // SDK's default is 'stream' (`span` items), which GlitchTip would throw away.
      traceLifecycle: 'static',
      integrations: withoutSessions,
    });
    // From here on the SDK's own handlers catch uncaught errors.
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
    return Sentry;
  });
  return loading;
}

/** Reports an error, loading the SDK first if needed. */
export async function report(error: unknown, tags: Record<string, string | number> = {}): Promise<void> {
  (await loadSentry())?.captureException(error, { tags });
}

/** Starts reporting: errors outside SvelteKit's reach (event handlers, timers, promises) load the SDK. */
export function startErrorReporting(): void {
  if (!PUBLIC_GLITCHTIP_DSN) return;
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);
  if (traced) {
    // Wait until the browser is idle, so the SDK never competes with the page itself.
    const later = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 2000));
    later(() => void loadSentry());
  }
}
