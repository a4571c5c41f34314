// Security headers on every page. The Content-Security-Policy itself comes from SvelteKit (csp in
// vite.config.ts: a fresh nonce for its inline scripts on every page); the origins known only when
// the server starts (the API's, GlitchTip's) are added to it here.
import type { Handle } from '@sveltejs/kit/hooks';
import { PUBLIC_API_URL, PUBLIC_GLITCHTIP_DSN } from '$app/env/public';
import { runtimeSources } from './csp.ts';

const HEADERS: Record<string, string> = {
  // Browsers remember for a year to use HTTPS only (Dokploy's domains have Let's Encrypt).
  'strict-transport-security': 'max-age=31536000',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  // Older browsers' frame-ancestors 'none'.
  'x-frame-options': 'DENY',
  // Features the app does not use are off, also for anything embedded in it.
  'permissions-policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()',
};

const withRuntimeSources = runtimeSources(PUBLIC_API_URL, PUBLIC_GLITCHTIP_DSN);

export const securityHeaders: Handle = async ({ event, resolve }) => {
  let response = await resolve(event);
  // Some responses (redirects, fetched ones) have read-only headers: copy them first.
  try {
    response.headers.set('x-content-type-options', 'nosniff');
  } catch {
    response = new Response(response.body, response);
  }
  for (const [name, value] of Object.entries(HEADERS)) response.headers.set(name, value);
  const policy = response.headers.get('content-security-policy');
  if (policy) response.headers.set('content-security-policy', withRuntimeSources(policy));
  return response;
};
