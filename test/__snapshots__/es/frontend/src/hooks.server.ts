import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';

// Without a DSN (reporting off) the Sentry SDK is never loaded: it adds about 40 MiB to the
// server's memory and per-request work that would report to nobody.
const sentry = PUBLIC_GLITCHTIP_DSN ? await import('@sentry/sveltekit') : undefined;

export const handle: Handle = sentry?.sentryHandle() ?? (({ event, resolve }) => resolve(event));
// SvelteKit's own default: log it, answer "Internal Error".
export const handleError: HandleServerError =
  sentry?.handleErrorWithSentry() ??
  (({ error }) => {
    console.error(error);
  });
