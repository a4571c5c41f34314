// The generated images, built and run as Dokploy runs them: backend, frontend and alerts from
// their own Dockerfiles (on local stand-ins for oven/bun and node, see support/standins.ts), on
// one network with Postgres, ports on 127.0.0.1 only, with the memory limits the CHECKLIST sets.
// Needs Debian's docker.io and debootstrap (scripts/install-test-tools.sh); a first run builds
// the stand-ins (several minutes), later runs reuse them and Docker's build cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, dockerOut, ensureDaemon, type Daemon } from './support/docker.js';
import { ANSWER_SETS, generateProject } from './support/generate.js';
import { buildProject, PARTS, type BuiltImage, type Part } from './support/images.js';
import { load } from './support/load.js';
import { createNetwork, health, memoryMiB, remove, run, stopTimed, waitHealthy, type Container } from './support/stack.js';
import { ensureStandins, POSTGRES_IMAGE } from './support/standins.js';

const answers = ANSWER_SETS.es;
// Names of this run's own: two runs on one machine (two worktrees) share the daemon, not containers.
const RUN = `pyme-test-${process.pid}`;
const NET = `${RUN}-net`;
const METRICS_TOKEN = 'test-metrics-token-0123456789';
/** docker run --memory of each service: the limits CHECKLIST.md sets in Dokploy (Advanced → Resources). */
const LIMIT_MIB = { backend: 512, frontend: 512, alerts: 256 } as const;
const names = { pg: `${RUN}-pg`, backend: `${RUN}-backend`, frontend: `${RUN}-frontend`, alerts: `${RUN}-alerts` };

let daemon: Daemon | undefined;
let images: Record<Part, BuiltImage>;
const c = {} as Record<Part, Container>;

beforeAll(async () => {
  daemon = await ensureDaemon();
  const project = await generateProject(answers);
  const started = Date.now();
  await ensureStandins(project);
  console.log(`stand-in base images ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  images = await buildProject(project, answers.appName);
  await remove(Object.values(names), NET);
  await createNetwork(NET);
  await run({ name: names.pg, image: POSTGRES_IMAGE, network: NET });
  await waitHealthy(names.pg, 60);
  c.backend = await run({
    name: names.backend,
    image: images.backend.tag,
    network: NET,
    port: 3000,
    memory: `${LIMIT_MIB.backend}m`,
    env: { DATABASE_URL: `postgres://postgres@${names.pg}:5432/postgres`, METRICS_TOKEN },
  });
  c.frontend = await run({
    name: names.frontend,
    image: images.frontend.tag,
    network: NET,
    port: 3000,
    memory: `${LIMIT_MIB.frontend}m`,
    env: { PUBLIC_API_URL: `http://${names.backend}:3000` },
  });
  // WhatsApp is out of reach here: the relay stays up, reports the connection closed, queues alerts.
  c.alerts = await run({
    name: names.alerts,
    image: images.alerts.tag,
    network: NET,
    port: 3001,
    memory: `${LIMIT_MIB.alerts}m`,
    env: { ALERTS_TOKEN: 'test-alerts-token-0123456789', ALERT_PHONE: answers.alertPhone },
    volumes: [`${RUN}-relay-data:/data`],
  });
  await Promise.all(PARTS.map((part) => waitHealthy(names[part], 120)));
  console.log(
    'images:',
    PARTS.map((p) => `${p} ${images[p].megabytes.toFixed(0)} MB built in ${images[p].seconds.toFixed(1)} s`).join('; '),
  );
}, 1_500_000);

afterAll(async () => {
  if (daemon) {
    await remove(Object.values(names), NET);
    await docker(['volume', 'rm', `${RUN}-relay-data`], { reject: false });
    await daemon.stop();
  }
}, 120_000);

describe('generated images in containers', () => {
  it('each image has its own HEALTHCHECK on /health, and Docker reports every container healthy by it', async () => {
    for (const part of PARTS) {
      const check = await dockerOut(['image', 'inspect', '-f', '{{json .Config.Healthcheck}}', images[part].tag]);
      expect(check, part).toContain('/health');
      expect(await health(names[part]), part).toBe('healthy');
    }
  });

  it('backend: /health and /ready answer 200 against Postgres', async () => {
    const live = await fetch(`${c.backend.url}/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${c.backend.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it('backend: /metrics needs the token', async () => {
    expect((await fetch(`${c.backend.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${c.backend.url}/metrics`, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    const ok = await fetch(`${c.backend.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\}/);
  });

  it('frontend: the page renders on the server and shows the backend as up', async () => {
    const page = await fetch(`${c.frontend.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html');
    expect(html).toMatch(/class="status up[ "]/); // Svelte adds its scoping class after ours
    expect(html).toContain('El servidor (API) responde');
    expect((await fetch(`${c.frontend.url}/health`)).status).toBe(200);
  });

  it('alerts: the relay answers /health', async () => {
    const r = await fetch(`${c.alerts.url}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
  });

  // Traefik adds no security header: each service must send its own (issue 28).
  it('every service sends its security headers from inside its container', async () => {
    const headers = async (url: string) => (await fetch(url)).headers;
    for (const path of ['/health', '/ready', '/no-such-route']) {
      const h = await headers(`${c.backend.url}${path}`);
      expect(h.get('strict-transport-security'), `backend ${path}`).toMatch(/^max-age=\d{7,}/);
      expect(h.get('x-content-type-options'), `backend ${path}`).toBe('nosniff');
      expect(h.get('cache-control'), `backend ${path}`).toBe('no-store');
      expect(h.get('content-security-policy'), `backend ${path}`).toContain("frame-ancestors 'none'");
      expect(h.get('x-powered-by'), `backend ${path}`).toBeNull();
      expect(h.get('server'), `backend ${path}`).toBeNull();
      expect(h.get('access-control-allow-origin'), `backend ${path}`).toBeNull();
    }
    const page = await headers(`${c.frontend.url}/`);
    expect(page.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    expect(page.get('x-content-type-options')).toBe('nosniff');
    expect(page.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.get('permissions-policy')).toContain('camera=()');
    expect(page.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(page.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const relay = await headers(`${c.alerts.url}/health`);
    expect(relay.get('x-content-type-options')).toBe('nosniff');
    expect(relay.get('cache-control')).toBe('no-store');
  });

  it('backend: /ready is 503 while Postgres is stopped and 200 once it is back; /health stays 200', async () => {
    await dockerOut(['stop', names.pg]);
    const down = await fetch(`${c.backend.url}/ready`, { signal: AbortSignal.timeout(10_000) });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable' });
    expect((await fetch(`${c.backend.url}/health`)).status).toBe(200);
    await dockerOut(['start', names.pg]);
    await waitHealthy(names.pg, 60);
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await fetch(`${c.backend.url}/ready`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  }, 90_000);

  it('under load each service stays within its memory limit and answers every request', async () => {
    const rows: string[] = [];
    for (const [part, path] of [
      ['backend', '/ready'],
      ['frontend', '/'],
      ['alerts', '/health'],
    ] as const) {
      const idle = await memoryMiB(names[part]);
      const r = await load(`${c[part].url}${path}`, names[part], 5, 20);
      rows.push(
        `${part} ${path}: idle ${idle.toFixed(0)} MiB, peak ${r.peakMiB.toFixed(0)} MiB of ${LIMIT_MIB[part]}, ${r.requestsPerSecond.toFixed(0)} req/s, p99 ${r.p99Ms} ms`,
      );
      expect(r.errors, part).toBe(0);
      expect(r.non2xx, part).toBe(0);
      expect(r.peakMiB, part).toBeLessThan(LIMIT_MIB[part]);
      expect(await health(names[part]), part).toBe('healthy');
    }
    console.log(`memory under load (autocannon -c 20 -d 5):\n  ${rows.join('\n  ')}`);
  }, 120_000);

  it('docker stop ends every service cleanly in under 2 s (SIGTERM handled, no SIGKILL)', async () => {
    // A request in flight when the backend is stopped still gets its answer.
    const inFlight = fetch(`${c.backend.url}/ready`);
    const results = [];
    for (const part of PARTS) results.push({ part, ...(await stopTimed(names[part])) });
    expect((await inFlight).status).toBe(200);
    console.log('docker stop:', results.map((r) => `${r.part} ${r.seconds.toFixed(2)} s exit ${r.exitCode}`).join('; '));
    for (const r of results) {
      expect(r.exitCode, r.part).toBe(0);
      expect(r.oomKilled, r.part).toBe(false);
      expect(r.seconds, r.part).toBeLessThan(2);
    }
  }, 60_000);
});
