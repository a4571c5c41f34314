import { describe, expect, test } from 'bun:test';
import { createApp } from '../src/app.ts';
import { drain } from '../src/shutdown.ts';

/** A real server on a free loopback port with a route that answers after `ms`. */
function slowServer(ms: number) {
  const app = createApp()
    .get('/slow', async () => {
      await Bun.sleep(ms);
      return { done: true };
    })
    .listen({ port: 0, hostname: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${app.server!.port}` };
}

describe('shutdown', () => {
  test('an in-flight request finishes, new connections are refused, exit code 0', async () => {
    const { app, url } = slowServer(300);
    const inFlight = fetch(`${url}/slow`);
    await Bun.sleep(50);
    const started = performance.now();
    const code = drain(app, { deadlineMs: 5000 });
    await Bun.sleep(20);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect(await code).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('a request past the deadline is cut off and the exit code is 1', async () => {
    const { app, url } = slowServer(5000);
    const inFlight = fetch(`${url}/slow`).then(
      () => 'answered',
      () => 'cut off',
    );
    await Bun.sleep(50);
    const started = performance.now();
    expect(await drain(app, { deadlineMs: 200 })).toBe(1);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await inFlight).toBe('cut off');
  });
});
