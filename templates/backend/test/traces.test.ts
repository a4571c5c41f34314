import { describe, expect, test } from 'bun:test';
import { isTraced, MAX_TRACES_PER_SECOND, traceRequests, tracesSampler } from '../src/traces.ts';

const TRACE = '0123456789abcdef0123456789abcdef-0123456789abcdef';
const request = (sentryTrace?: string) =>
  new Request('http://localhost/api/items', sentryTrace ? { headers: { 'sentry-trace': sentryTrace } } : {});

describe('which requests are traced', () => {
  test("the caller's decision first: a traced page's call is traced, an untraced one's is not", () => {
    expect(isTraced(request(`${TRACE}-1`), 0, 1000)).toBe(true);
    expect(isTraced(request(`${TRACE}-0`), 1, 2000)).toBe(false);
  });

  test('without one, a draw at the rate', () => {
    expect(isTraced(request(), 1, 3000)).toBe(true);
    expect(isTraced(request(), 0, 4000)).toBe(false);
    expect(isTraced(request(TRACE), 0, 5000)).toBe(false); // a trace id with no decision in it
    // Each draw in a second of its own, so the budget below never stops one.
    const drawn = Array.from({ length: 2000 }, (_, i) => isTraced(request(), 0.25, i * 1000)).filter(Boolean).length;
    expect(drawn).toBeGreaterThan(400);
    expect(drawn).toBeLessThan(600);
  });

  test('at most MAX_TRACES_PER_SECOND a second, even when every caller asks for a trace', () => {
    const second = 5_000_000_000_000;
    const forced = Array.from({ length: 500 }, (_, i) => isTraced(request(`${TRACE}-1`), 1, second + i)).filter(Boolean);
    expect(forced).toHaveLength(MAX_TRACES_PER_SECOND);
    expect(isTraced(request(`${TRACE}-1`), 1, second + 1000)).toBe(true); // the next second has its own
  });

  test('the sampler keeps what was decided here, follows a parent, and draws for any other span', () => {
    const sampler = tracesSampler(0.1);
    expect(sampler({ attributes: { 'pyme.trace.decided': true } })).toBe(1);
    expect(sampler({ parentSampled: false })).toBe(false);
    expect(sampler({ parentSampled: true })).toBe(true);
    expect(sampler({})).toBe(0.1);
  });

  test('a request that is not traced goes straight to the handler, which gets the same arguments', () => {
    const server = {} as Parameters<ReturnType<typeof traceRequests>>[1];
    const seen: unknown[] = [];
    const response = new Response('ok');
    const handler = traceRequests((req, srv) => {
      seen.push(req, srv);
      return response;
    }, 0);
    const req = request();
    expect(handler(req, server)).toBe(response); // not a promise: nothing of Sentry's ran
    expect(seen).toEqual([req, server]);
  });
});
