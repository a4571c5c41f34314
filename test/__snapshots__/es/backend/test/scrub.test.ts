import { expect, test } from 'bun:test';
import { scrub, scrubBody, scrubQuery } from '../src/scrub.ts';

test('secrets are filtered at any depth; other data stays', () => {
  const event = {
    request: {
      headers: { Authorization: 'Bearer abc', Cookie: 'sid=1', 'content-type': 'application/json' },
      data: { email: 'ana@example.com', password: 'hunter2', profile: { apiKey: 'k', nested: [{ refresh_token: 't' }] } },
      query_string: 'page=2&token=xyz',
    },
    extra: { card_number: '4111111111111111', amount: 120 },
  };
  expect(scrub(event)).toEqual({
    request: {
      headers: { Authorization: '[Filtered]', Cookie: '[Filtered]', 'content-type': 'application/json' },
      data: { email: 'ana@example.com', password: '[Filtered]', profile: { apiKey: '[Filtered]', nested: [{ refresh_token: '[Filtered]' }] } },
      query_string: 'page=2&token=[Filtered]',
    },
    extra: { card_number: '[Filtered]', amount: 120 },
  });
});

test('header pairs and URLs are scrubbed too', () => {
  expect(scrub([['authorization', 'Bearer x'], ['accept', '*/*']])).toEqual([['authorization', '[Filtered]'], ['accept', '*/*']]);
  expect(scrubQuery('https://x.mx/reset?user=5&password=p')).toBe('https://x.mx/reset?user=5&password=[Filtered]');
});

test('cycles do not loop forever', () => {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  expect(scrub(a)).toEqual({ name: 'a', self: '[Filtered]' });
});

// Traces keep the request body as text (the SDK's RequestData for a transaction): a JSON or form
// body there must be scrubbed as well as the parsed one in an error event.
test('a body kept as text is scrubbed as JSON or as a form', () => {
  const json = JSON.stringify({ email: 'ana@example.com', password: 'hunter2', card: { cvv: '123' } });
  expect(scrub({ request: { data: json } })).toEqual({
    request: { data: JSON.stringify({ email: 'ana@example.com', password: '[Filtered]', card: { cvv: '[Filtered]' } }) },
  });
  expect(scrubBody('email=ana%40example.com&pass+word=hunter2')).toBe('email=ana%40example.com&pass+word=[Filtered]');
  expect(scrubBody('just some text')).toBe('just some text');
  expect(scrubQuery('%E0%A4%A=1&token=x')).toBe('%E0%A4%A=1&token=[Filtered]');
});
