import { describe, expect, test } from 'bun:test';
import { app, createApp } from '../src/app.ts';
import { withEnv } from './with-env.ts';

const get = (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init));

describe('app', () => {
  test('GET /health answers without touching the database', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('GET /ready is 503 with a reason when the database is not configured', () =>
    withEnv({ DATABASE_URL: undefined }, async () => {
      const response = await get('/ready');
      expect(response.status).toBe(503);
      expect(((await response.json()) as { reason: string }).reason).toContain('DATABASE_URL');
    }));

  test('unknown paths are 404', async () => {
    expect((await get('/no-such-page')).status).toBe(404);
  });

  test('an unexpected error answers a generic body with an id, never the message', async () => {
    const throwing = createApp().get('/test-throws', () => {
      throw new Error('internal detail: connection string postgres://user:pw@db');
    });
    const response = await throwing.handle(new Request('http://localhost/test-throws'));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('internal detail');
    expect(JSON.parse(text)).toEqual({ error: 'internal_error', id: expect.any(String) });
  });

  test('GET /metrics counts requests by route template and status', () =>
    withEnv({ METRICS_TOKEN: 'metrics-secret' }, async () => {
      await get('/health');
      const response = await get('/metrics', { headers: { authorization: 'Bearer metrics-secret' } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
      expect(text).toContain('http_request_duration_seconds_bucket{le="5"');
    }));

  test('GET /metrics times each request: a slow one is above its lower buckets', () =>
    withEnv({ METRICS_TOKEN: 'metrics-secret' }, async () => {
      const probe = createApp()
        .get('/test-slow', async () => {
          await Bun.sleep(60);
          return 'done';
        })
        .post('/test-json', ({ body }) => body);
      expect((await probe.handle(new Request('http://localhost/test-slow'))).status).toBe(200);
      // A body that does not parse is answered before the route runs: counted once, under its 400.
      const bad = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"not json' };
      expect((await probe.handle(new Request('http://localhost/test-json', bad))).status).toBe(400);
      const text = await (
        await probe.handle(new Request('http://localhost/metrics', { headers: { authorization: 'Bearer metrics-secret' } }))
      ).text();
      const bucket = (route: string, le: string, status = 200, method = 'GET') =>
        Number(
          text
            .split('\n')
            .find((line) => line.startsWith(`http_request_duration_seconds_bucket{le="${le}",method="${method}",route="${route}",status="${status}"} `))
            ?.split(' ')[1],
        );
      // Lower bounds only: a loaded machine may take longer, never shorter.
      expect(bucket('/test-slow', '0.05')).toBe(0);
      expect(bucket('/test-slow', '+Inf')).toBe(1);
      const sum = /^http_request_duration_seconds_sum\{method="GET",route="\/test-slow",status="200"\} (\S+)$/m.exec(text)?.[1];
      expect(Number(sum)).toBeGreaterThanOrEqual(0.05);
      expect(bucket('/test-json', '+Inf', 400, 'POST')).toBe(1);
      expect(text).toMatch(/^http_requests_total\{method="POST",route="\/test-json",status="400"\} 1$/m);
    }));

  test('every answer is counted once, under the status the client got, and carries the security headers', () =>
    withEnv({ RATE_LIMIT_MAX: '3', METRICS_TOKEN: 'metrics-secret' }, async () => {
      const probe = createApp()
        .get('/test-conflict', ({ status }) => status(409, 'taken'))
        .get('/test-response', () => new Response('brewing', { status: 418 }))
        .get('/test-boom', () => {
          throw new Error('boom');
        });
      const count = async (route: string, status: number) => {
        const metricsAnswer = await probe.handle(
          new Request('http://localhost/metrics', { headers: { authorization: 'Bearer metrics-secret' } }),
        );
        const line = new RegExp(`^http_requests_total\\{method="GET",route="${route}",status="${status}"\\} (\\d+)$`, 'm');
        return Number(line.exec(await metricsAnswer.text())?.[1] ?? 0);
      };
      const cases: [string, string, number][] = [
        ['/test-conflict', '/test-conflict', 409],
        ['/test-response', '/test-response', 418],
        ['/test-boom', '/test-boom', 500],
        ['/no-such-page', 'unmatched', 404],
      ];
      for (const [i, [path, route, status]] of cases.entries()) {
        const before = await count(route, status);
        const response = await probe.handle(new Request(`http://localhost${path}`, { headers: { 'x-forwarded-for': `198.51.100.${i}` } }));
        expect(response.status, path).toBe(status);
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('cache-control'), path).toBe('no-store');
        expect(await count(route, status), path).toBe(before + 1);
      }
      // One client's fourth request within the window is answered 429, and counted so on a route.
      const client = { headers: { 'x-forwarded-for': '203.0.113.1' } };
      const okBefore = await count('/test-conflict', 409);
      const limitedBefore = await count('/test-conflict', 429);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await probe.handle(new Request('http://localhost/test-conflict', client))).status);
      expect(statuses).toEqual([409, 409, 409, 429]);
      const limited = await probe.handle(new Request('http://localhost/test-conflict', client));
      expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await limited.json()).toEqual({ error: 'too_many_requests' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await count('/test-conflict', 409)).toBe(okBefore + 3);
      expect(await count('/test-conflict', 429)).toBe(limitedBefore + 2);
      // An unknown path is counted once, as the 404 it is, also when the limiter answers 429.
      const unknownBefore = await count('unmatched', 404);
      const unknown = await probe.handle(new Request('http://localhost/no-such-page', client));
      expect(unknown.status).toBe(429);
      expect(await unknown.json()).toEqual({ error: 'too_many_requests' });
      expect(await count('unmatched', 404)).toBe(unknownBefore + 1);
      // Probes and /metrics come before the limiter: never limited, still counted.
      const healthBefore = await count('/health', 200);
      for (let i = 0; i < 5; i++) expect((await probe.handle(new Request('http://localhost/health', client))).status).toBe(200);
      expect((await probe.handle(new Request('http://localhost/metrics', client))).status).toBe(401);
      expect(await count('/health', 200)).toBe(healthBefore + 5);
    }));

  test('a plain JSON answer carries the same security headers as any other; a route that sets its own keeps them', async () => {
    const probe = createApp()
      .get('/test-list', () => [1, 2])
      .post('/test-created', ({ set }) => {
        set.status = 201;
        return { created: true };
      })
      .get('/test-public', ({ set }) => {
        set.headers['cache-control'] = 'public, max-age=60';
        return { cached: true };
      })
      .get('/test-cookie', ({ cookie: { seen } }) => {
        seen!.value = 'yes';
        return { cookie: true };
      });
    const answer = (path: string, method = 'GET') => probe.handle(new Request(`http://localhost${path}`, { method }));
    // The reference: a text answer, which takes Elysia's own way (src/security.ts).
    const reference = await answer('/metrics');
    expect(reference.status).toBe(401);
    const names = [...reference.headers.keys()].filter((name) => !['content-type', 'content-length', 'date'].includes(name));
    expect(names).toContain('x-content-type-options');
    const headers = (response: Response) => Object.fromEntries(names.map((name) => [name, response.headers.get(name)]));
    const expected = headers(reference);

    const health = await answer('/health');
    expect(headers(health)).toEqual(expected);
    expect(health.headers.get('content-type')).toBe('application/json;charset=utf-8');
    const list = await answer('/test-list');
    expect(headers(list)).toEqual(expected);
    expect(await list.json()).toEqual([1, 2]);
    const created = await answer('/test-created', 'POST');
    expect(created.status).toBe(201);
    expect(headers(created)).toEqual(expected);
    expect(created.headers.get('content-type')).toBe('application/json;charset=utf-8');
    // A route's own header wins over the default; the other defaults stay.
    const cached = await answer('/test-public');
    expect(headers(cached)).toEqual({ ...expected, 'cache-control': 'public, max-age=60' });
    const cookie = await answer('/test-cookie');
    expect(headers(cookie)).toEqual(expected);
    expect(cookie.headers.get('set-cookie')).toStartWith('seen=yes');
  });

  test('GET /metrics is closed (401) when METRICS_TOKEN is unset', () =>
    withEnv({ METRICS_TOKEN: undefined }, async () => {
      expect((await get('/metrics')).status).toBe(401);
      expect((await get('/metrics', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
    }));

  test('GET /metrics wants the bearer token when METRICS_TOKEN is set', () =>
    withEnv({ METRICS_TOKEN: 'metrics-secret' }, async () => {
      expect((await get('/metrics')).status).toBe(401);
      const ok = await get('/metrics', { headers: { authorization: 'Bearer metrics-secret' } });
      expect(ok.status).toBe(200);
    }));
});
