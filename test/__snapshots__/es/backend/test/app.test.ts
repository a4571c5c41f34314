import { describe, expect, test } from 'bun:test';
import { app, createApp } from '../src/app.ts';

const get = (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init));

describe('app', () => {
  test('GET /health answers without touching the database', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('GET /ready is 503 with a reason when the database is not configured', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const response = await get('/ready');
      expect(response.status).toBe(503);
      expect(((await response.json()) as { reason: string }).reason).toContain('DATABASE_URL');
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

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

  test('GET /metrics counts requests by route template and status', async () => {
    process.env.METRICS_TOKEN = 'metrics-secret';
    try {
      await get('/health');
      await Bun.sleep(20); // metrics are recorded after the response is sent
      const response = await get('/metrics', { headers: { authorization: 'Bearer metrics-secret' } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
      expect(text).toContain('http_request_duration_seconds_bucket{le="5"');
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });

  test('GET /metrics is closed (401) when METRICS_TOKEN is unset', async () => {
    delete process.env.METRICS_TOKEN;
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
  });

  test('GET /metrics wants the bearer token when METRICS_TOKEN is set', async () => {
    process.env.METRICS_TOKEN = 'metrics-secret';
    try {
      expect((await get('/metrics')).status).toBe(401);
      const ok = await get('/metrics', { headers: { authorization: 'Bearer metrics-secret' } });
      expect(ok.status).toBe(200);
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });
});
