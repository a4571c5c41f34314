import { afterEach, expect, test } from 'bun:test';
import { sendAlert } from '../src/alerts.ts';

afterEach(() => {
  delete process.env.ALERTS_URL;
  delete process.env.ALERTS_TOKEN;
});

test('posts the text and key to the relay with the bearer token', async () => {
  let seen: { auth: string | null; body: unknown } | undefined;
  const relay = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (request) => {
      seen = { auth: request.headers.get('authorization'), body: await request.json() };
      return Response.json({ status: 'queued' }, { status: 202 });
    },
  });
  try {
    process.env.ALERTS_URL = `http://127.0.0.1:${relay.port}/`;
    process.env.ALERTS_TOKEN = 'relay-token';
    expect(await sendAlert('disco lleno', { key: 'disk' })).toBe(true);
    expect(seen).toEqual({ auth: 'Bearer relay-token', body: { text: 'disco lleno', key: 'disk' } });
  } finally {
    relay.stop(true);
  }
});

test('never throws when the relay is down or not configured', async () => {
  expect(await sendAlert('sin relay')).toBe(false);
  process.env.ALERTS_URL = 'http://127.0.0.1:9';
  process.env.ALERTS_TOKEN = 'x';
  expect(await sendAlert('relay caído')).toBe(false);
});
