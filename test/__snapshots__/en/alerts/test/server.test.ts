import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createRelay } from '../src/relay.ts';
import { createAlertServer } from '../src/server.ts';
import type { Transport } from '../src/transport.ts';

const TOKEN = 'test-token-0123456789';
const sent: string[] = [];
const transport: Transport = { state: () => 'open', send: async (_to, text) => void sent.push(text) };
const relay = createRelay({ transport, to: '525512345678', dedupMs: 60_000, maxPerHour: 20, queueMax: 5, droppedNote: String });
const server = createAlertServer({ token: TOKEN, lang: 'es', relay, transport });
let base = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  relay.stop();
  server.close();
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

test('POST /alert without or with a wrong token is 401', async () => {
  assert.equal((await post('/alert', { text: 'x' })).status, 401);
  assert.equal((await post('/alert', { text: 'x' }, 'wrong')).status, 401);
  assert.equal((await post('/glitchtip/wrong', { text: 'x' })).status, 401);
});

test('POST /alert with the token is accepted; an empty text is 400', async () => {
  const response = await post('/alert', { text: 'hola', key: 'k1' }, TOKEN);
  assert.equal(response.status, 202);
  assert.deepEqual(await response.json(), { status: 'queued' });
  assert.equal((await post('/alert', { text: '' }, TOKEN)).status, 400);
});

test('GET /health answers', async () => {
  const response = await fetch(`${base}/health`);
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { status: string }).status, 'ok');
});

// GlitchTip's uptime webhook repeats title and link for "down" and "back up" (apps/uptime/webhooks.py):
// a recovery inside the de-duplication window must still reach the phone.
test('a GlitchTip uptime "down" and its "back up" both go out', async () => {
  const uptime = (text: string) => ({ text: 'GlitchTip Uptime Alert', attachments: [{ title: 'tienda.mx', title_link: 'https://e.mx/m/3', text }] });
  const down = await post(`/glitchtip/${TOKEN}`, uptime('The monitored site has gone down.'));
  const up = await post(`/glitchtip/${TOKEN}`, uptime('The monitored site is back up.'));
  const again = await post(`/glitchtip/${TOKEN}`, uptime('The monitored site is back up.'));
  assert.deepEqual([await down.json(), await up.json(), await again.json()], [{ status: 'queued' }, { status: 'queued' }, { status: 'duplicate' }]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(sent.includes('🔴 Sin respuesta: tienda.mx\nhttps://e.mx/m/3'));
  assert.ok(sent.includes('✅ De nuevo en línea: tienda.mx\nhttps://e.mx/m/3'));
});
