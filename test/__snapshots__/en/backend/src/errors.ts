// One place that turns unexpected errors into a generic answer. The client gets an error id it
// can quote; the message and stack go to the log and to GlitchTip, never to the client.
import * as Sentry from '@sentry/bun';
import { Elysia } from 'elysia';
import { redact } from './redact.ts';

// Mistakes of the client: Elysia's own answer (404, 400 with the validation detail) is right.
const CLIENT_ERRORS = new Set(['NOT_FOUND', 'VALIDATION', 'PARSE', 'INVALID_COOKIE_SIGNATURE', 'INVALID_FILE_TYPE']);

export const errors = new Elysia({ name: 'errors' }).onError({ as: 'global' }, ({ code, error, request, body, set }) => {
  if (CLIENT_ERRORS.has(String(code)) || (typeof code === 'number' && code < 500)) return;

  const id = Sentry.withScope((scope) => {
    // What GlitchTip shows under "Request"; instrument.ts scrubs passwords, tokens and cookies.
    scope.addEventProcessor((event) => ({
      ...event,
      request: {
        ...event.request,
        method: request.method,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        data: body,
      },
    }));
    return Sentry.captureException(error);
  });
  // The stack as text, through redact(): an error message may quote a connection string.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(redact(`error ${id} on ${request.method} ${new URL(request.url).pathname}: ${detail}`));
  set.status = 500;
  return { error: 'internal_error', id };
});
