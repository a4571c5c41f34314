import { type Handle, type HandleServerError, sequence } from '@sveltejs/kit/hooks';
import { PUBLIC_GLITCHTIP_DSN } from '$app/env/public';
import { securityHeaders } from '#lib/security-headers.ts';

// Without a DSN (reporting off) the Sentry SDK is never loaded: it adds memory to the server and
// per-request work that would report to nobody.
const sentry = PUBLIC_GLITCHTIP_DSN ? await import('#lib/sentry-server.ts') : undefined;

export const handle: Handle = sentry ? sequence(securityHeaders, sentry.handle) : securityHeaders;
// SvelteKit's own default: log it, answer "Internal Error".
export const handleError: HandleServerError =
  sentry?.handleError ??
  (({ error }) => {
    console.error(error);
  });
