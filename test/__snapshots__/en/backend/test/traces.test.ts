import { describe, expect, test } from 'bun:test';
import { isTraced, traceRequests, tracesSampler } from '../src/traces.ts';

const TRACE = '0123456789abcdef0123456789abcdef-0123456789abcdef';
const request = (sentryTrace?: string) =>
  new Request('http://localhost/api/items', sentryTrace ? { headers: { 'sentry-trace': sentryTrace } } : {});

describe('which requests are traced', () => {
  test("the caller's decision first: a traced page's call is traced, an untraced one's is not", () => {
    expect(isTraced(request(`${TRACE}-1`), 0)).toBe(true);
    expect(isTraced(request(`${TRACE}-0`), 1)).toBe(false);
  });

  test('without one, a draw at the rate', () => {
    expect(isTraced(request(), 1)).toBe(true);
    expect(isTraced(request(), 0)).toBe(false);
    expect(isTraced(request(TRACE), 0)).toBe(false); // a trace id with no decision in it
    const drawn = Array.from({ length: 2000 }, () => isTraced(request(), 0.25)).filter(Boolean).length;
    expect(drawn).toBeGreaterThan(400);
    expect(drawn).toBeLessThan(600);
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
