import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRelay, type RelayOptions } from '../src/relay.ts';
import type { Transport } from '../src/transport.ts';

function fakeTransport(failures = 0) {
  const sent: string[] = [];
  const transport: Transport = {
    state: () => 'open',
    async send(_to, text) {
      if (failures > 0) {
        failures--;
        throw new Error('not connected');
      }
      sent.push(text);
    },
  };
  return { sent, transport };
}

function relayWith(transport: Transport, options: Partial<RelayOptions> = {}) {
  return createRelay({
    transport,
    to: '525512345678',
    dedupMs: 60_000,
    maxPerHour: 20,
    queueMax: 5,
    droppedNote: (n) => `(+${n} dropped)`,
    retryMs: 10,
    log: () => {},
    ...options,
  });
}

test('an alert is sent once; the same key inside the window is a duplicate', async () => {
  const { sent, transport } = fakeTransport();
  const relay = relayWith(transport);
  assert.equal(relay.submit('disk full', 'disk'), 'queued');
  assert.equal(relay.submit('disk still full', 'disk'), 'duplicate');
  await sleep(20);
  assert.deepEqual(sent, ['disk full']);
  relay.stop();
});

test('the same key is sent again after the window', async () => {
  let clock = 0;
  const { sent, transport } = fakeTransport();
  const relay = relayWith(transport, { now: () => clock });
  relay.submit('a', 'k');
  clock += 60_000;
  assert.equal(relay.submit('a again', 'k'), 'queued');
  await sleep(20);
  assert.deepEqual(sent, ['a', 'a again']);
  relay.stop();
});

test('a failed send is retried, not lost', async () => {
  const { sent, transport } = fakeTransport(2);
  const relay = relayWith(transport);
  relay.submit('backup failed');
  await sleep(100);
  assert.deepEqual(sent, ['backup failed']);
  relay.stop();
});

test('no more than maxPerHour messages go out; the rest wait', async () => {
  const { sent, transport } = fakeTransport();
  const relay = relayWith(transport, { maxPerHour: 2 });
  for (const text of ['1', '2', '3']) relay.submit(text);
  await sleep(30);
  assert.deepEqual(sent, ['1', '2']);
  assert.equal(relay.pending(), 1);
  relay.stop();
});

test('the queue is bounded; the next message says how many were dropped', async () => {
  let down = true;
  const sent: string[] = [];
  const transport: Transport = {
    state: () => (down ? 'closed' : 'open'),
    async send(_to, text) {
      if (down) throw new Error('not connected');
      sent.push(text);
    },
  };
  const relay = relayWith(transport);
  for (let i = 1; i <= 8; i++) relay.submit(`alert ${i}`);
  assert.equal(relay.pending(), 5);
  down = false;
  await sleep(50);
  assert.deepEqual(sent, ['alert 4\n(+3 dropped)', 'alert 5', 'alert 6', 'alert 7', 'alert 8']);
  relay.stop();
});
