// Tests of /api/{{name}} through the real app (src/app.ts), as a request from outside would reach it.
import { describe, expect, test } from 'bun:test';
import { app } from '../../src/app.ts';

const get = (path: string) => app.handle(new Request(`http://localhost${path}`));

describe('/api/{{name}}', () => {
  test('GET /api/{{name}} answers the list', async () => {
    const response = await get('/api/{{name}}');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [] });
  });

  test('GET /api/{{name}}/:id is 404 for an unknown id', async () => {
    const response = await get('/api/{{name}}/1');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found', id: 1 });
  });

  test('GET /api/{{name}}/:id refuses an id that is not a number', async () => {
    expect((await get('/api/{{name}}/abc')).status).toBe(422);
  });
});
