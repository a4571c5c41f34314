import { describe, expect, test } from 'bun:test';
import { Elysia } from 'elysia';
import { createApp } from '../src/app.ts';
import { clientIp, isPrivateAddress, rateLimiter, Windows } from '../src/rate-limit.ts';
import { withEnv } from './with-env.ts';
import { redact } from '../src/redact.ts';

describe('redact', () => {
  test('hides URL passwords, bearer tokens and cookies, keeps the rest', () => {
    const line = 'cannot connect to postgresql://postgres:s3cr%40t@db:5432/app; Authorization: Bearer abc.def; cookie: sid=42';
    const out = redact(line);
    expect(out).toContain('postgresql://postgres:[Filtered]@db:5432/app');
    expect(out).toContain('Bearer [Filtered]');
    expect(out).toContain('cookie: [Filtered]');
    for (const secret of ['s3cr%40t', 'abc.def', 'sid=42']) expect(out).not.toContain(secret);
  });

  test("hides the app's own secrets wherever they appear", () =>
    withEnv({ ALERTS_TOKEN: 'alerts-token-123456' }, () => {
      expect(redact('token was alerts-token-123456.')).toBe('token was [Filtered].');
    }));
});

describe('clientIp', () => {
  const server = (address: string) => ({ requestIP: () => ({ address, family: 'IPv4', port: 1 }) }) as never;
  const request = (forwarded?: string) =>
    new Request('http://localhost/', { headers: forwarded ? { 'x-forwarded-for': forwarded } : {} });

  test("behind Traefik: the right-most X-Forwarded-For entry, the one Traefik added", () => {
    expect(clientIp(request('1.1.1.1, 203.0.113.9'), server('10.0.1.5'))).toBe('203.0.113.9');
  });

  test('straight from the internet: the socket, whatever the header says', () => {
    expect(clientIp(request('1.1.1.1'), server('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientIp(request(), server('10.0.1.5'))).toBe('10.0.1.5');
  });

  test('an empty or trailing-comma header is no address', () => {
    expect(clientIp(request(' '), server('10.0.1.5'))).toBe('10.0.1.5');
    expect(clientIp(request('203.0.113.9,'), server('10.0.1.5'))).toBe('10.0.1.5');
  });

  test('private ranges are the ones Docker networks use', () => {
    for (const ip of ['127.0.0.1', '10.0.0.2', '172.18.0.3', '192.168.1.1', '::1', '::ffff:10.0.0.2', 'fd00::1'])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['203.0.113.7', '172.32.0.1', '8.8.8.8', '2001:db8::1']) expect(isPrivateAddress(ip), ip).toBe(false);
  });
});

describe('rate limit windows', () => {
  test('max requests per client per window, then the seconds left; a new window starts afresh', () => {
    const windows = new Windows(3, 60_000);
    const t = 1_000_000;
    expect([1, 2, 3, 4].map((i) => windows.hit('a', t + i))).toEqual([0, 0, 0, 60]);
    expect(windows.hit('b', t + 5)).toBe(0); // another client has its own window
    expect(windows.hit('a', t + 30_001)).toBe(30); // its window opened at t + 1
    expect(windows.hit('a', t + 59_999)).toBe(1); // never 0 while limited
    expect(windows.hit('a', t + 60_001)).toBe(0);
  });

  test('a flood of new addresses cannot grow memory past maxClients; ended windows go first', () => {
    const windows = new Windows(1, 1_000, 100);
    windows.hit('kept', 0);
    windows.hit('kept', 1); // limited
    for (let i = 0; i < 99; i++) windows.hit(`old-${i}`, -10_000); // windows that have already ended
    for (let i = 0; i < 1_000; i++) windows.hit(`new-${i}`, 2);
    // Full: the ended windows went first, then the oldest open ones, down to 90 at a time.
    expect(windows.size).toBeLessThanOrEqual(100);
    expect(windows.size).toBeGreaterThanOrEqual(90);
  });
});

// Elysia's own reading of a hook (isAsync in its compose.ts): an async function, or source that
// returns a call. A hook it takes for async makes every route after it await a promise.
const readsAsync = (fn: (...args: never[]) => unknown) =>
  fn.constructor.name === 'AsyncFunction' || /(?:return|=>)\s?\S+\(|a(?:sync|wait)/.test(fn.toString());

describe('rate limit settings', () => {
  const statuses = (env: Record<string, string>, requests: number) =>
    withEnv({ RATE_LIMIT_MAX: undefined, RATE_LIMIT_WINDOW_SECONDS: undefined, ...env }, async () => {
      const app = new Elysia().use(rateLimiter()).get('/x', () => 'ok');
      const out: number[] = [];
      for (let i = 0; i < requests; i++)
        out.push((await app.handle(new Request('http://localhost/x', { headers: { 'x-forwarded-for': '203.0.113.7' } }))).status);
      return out;
    });

  test('its hooks read as plain functions to Elysia, so the routes below them stay synchronous', () => {
    const app = new Elysia().use(rateLimiter());
    const hooks = [...(app.event.beforeHandle ?? []), ...(app.event.error ?? [])];
    expect(hooks.map((hook) => hook.fn.name)).toEqual(['limitRequest', 'limitScanner']);
    for (const hook of hooks) expect(readsAsync(hook.fn), hook.fn.name).toBe(false);
  });

  test("the app's hooks on the way to every route read as plain functions too", () => {
    const app = createApp();
    // Error hooks are left out: they run only when a request fails.
    const hooks = (['parse', 'transform', 'beforeHandle', 'afterHandle', 'mapResponse'] as const).flatMap((kind) =>
      (app.event[kind] ?? []).map((hook) => ({ kind, fn: hook.fn as (...args: never[]) => unknown })),
    );
    expect(hooks.map((hook) => hook.kind)).toEqual(['parse', 'transform', 'beforeHandle', 'mapResponse', 'mapResponse']);
    for (const hook of hooks) expect(readsAsync(hook.fn), `${hook.kind}: ${hook.fn.toString()}`).toBe(false);
  });

  test('the socket is read when a window opens: a forged X-Forwarded-For from the internet counts against the socket', () =>
    withEnv({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: undefined }, async () => {
      const app = new Elysia().use(rateLimiter()).get('/x', () => 'ok');
      let socket = '10.0.1.5'; // Traefik, on Docker's network
      let socketReads = 0;
      app.server = {
        requestIP: () => {
          socketReads++;
          return { address: socket, family: 'IPv4', port: 1 };
        },
      } as never;
      const get = async (forwarded: string) =>
        (await app.handle(new Request('http://localhost/x', { headers: { 'x-forwarded-for': forwarded } }))).status;
      // Through Traefik: one socket read opens 198.51.100.1's window; its next requests need none.
      expect([await get('198.51.100.1'), await get('198.51.100.1'), await get('198.51.100.1')]).toEqual([200, 200, 429]);
      expect(socketReads).toBe(1);
      // Straight from a public address, a new forged address each time: every one counts for the socket.
      socket = '203.0.113.7';
      expect([await get('192.0.2.1'), await get('192.0.2.2'), await get('192.0.2.3')]).toEqual([200, 200, 429]);
    }));

  test('RATE_LIMIT_MAX=0 turns it off', async () => {
    expect(new Set(await statuses({ RATE_LIMIT_MAX: '0' }, 400))).toEqual(new Set([200]));
  });

  test('a typo keeps the defaults (300 per 60 s), it never turns the limit off', async () => {
    const out = await statuses({ RATE_LIMIT_MAX: '3OO', RATE_LIMIT_WINDOW_SECONDS: 'sixty' }, 301);
    expect(out.filter((s) => s === 200).length).toBe(300);
    expect(out.at(-1)).toBe(429);
  });
});
