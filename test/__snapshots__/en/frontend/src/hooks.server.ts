import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';

// Without a DSN (reporting off) the Sentry SDK is never loaded: it adds memory to the server and
// per-request work that would report to nobody.
const sentry = PUBLIC_GLITCHTIP_DSN ? await import('#lib/sentry-server.ts') : undefined;

export const handle: Handle = sentry?.handle ?? (({ event, resolve }) => resolve(event));
// SvelteKit's own default: log it, answer "Internal Error".
export const handleError: HandleServerError =
  sentry?.handleError ??
  (({ error }) => {
    console.error(error);
  });
