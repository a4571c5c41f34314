import type { ClientInit, HandleClientError } from '@sveltejs/kit/hooks';
import { report, startErrorReporting } from '#lib/sentry-client.ts';

export const init: ClientInit = () => startErrorReporting();

export const handleError: HandleClientError = async ({ kind, error }) => {
  // Only errors thrown by code are bugs; `error(404)` and SvelteKit's own 404s are expected.
  if (kind === 'unknown') await report(error);
};
