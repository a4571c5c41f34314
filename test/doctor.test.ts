// doctor against local servers: the project's /health and /ready, and Dokploy's recorded answers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeployRecord } from '../src/provision/state.js';
import { type ReplayServer, replayServer } from './support/dokploy-replay.js';
import { cliBin } from './support/tools.js';

const servers: (Server | ReplayServer)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await ('url' in s ? s.close() : new Promise((done) => s.close(done)));
});

/** A site answering each path with the given status. */
async function site(statuses: Record<string, number>): Promise<string> {
  const server = createServer((req, res) => res.writeHead(statuses[req.url ?? ''] ?? 404).end('ok'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const record = (api: string, site: string, dokployUrl: string, errors = site): DeployRecord => ({
  dokployUrl,
  dokployVersion: 'v0.30.2',
  domains: { api, site, errors },
  names: { project: 't', database: 't', backend: 't-backend', frontend: 't-frontend', compose: 'monitoring' },
  backend: { id: 'B', name: 't-backend', appName: 't-backend-abc123' },
});

async function doctor(rec: DeployRecord, args: string[] = [], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  writeFileSync(join(dir, '.pyme-stack-deploy.json'), JSON.stringify(rec));
  return execa('node', [cliBin(), 'doctor', ...args], {
    cwd: dir,
    env: { DOKPLOY_API_KEY: 'k', LANG: 'en_US.UTF-8', ...env },
    reject: false,
  });
}

/** GitHub's secrets list (names only) for acme/t, behind a token. */
async function github(names: string[]): Promise<string> {
  const server = createServer((req, res) => {
    if (req.headers.authorization !== 'Bearer gh' || !req.url?.startsWith('/repos/acme/t/actions/secrets?'))
      return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ total_count: names.length, secrets: names.map((name) => ({ name })) }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const dokploy = async (appStatus: string, lastDeploy: string) => {
  const s = await replayServer(
    [
      {
        method: 'GET',
        endpoint: 'application.one',
        query: { applicationId: 'B' },
        status: 200,
        response: { applicationId: 'B', applicationStatus: appStatus },
      },
      {
        method: 'GET',
        endpoint: 'deployment.all',
        query: { applicationId: 'B' },
        status: 200,
        response: [{ deploymentId: 'd', status: lastDeploy, createdAt: '2026-01-01' }],
      },
    ],
    'k',
  );
  servers.push(s);
  return s.url;
};

describe('doctor', () => {
  it('all green: one ✔ line per check, exit 0', async () => {
    const api = await site({ '/health': 200, '/ready': 200 });
    const front = await site({ '/health': 200, '/_health/': 200 });
    const r = await doctor(record(api, front, await dokploy('done', 'done')));
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      `✔ backend /health: ${api}/health → 200`,
      `✔ backend /ready: ${api}/ready → 200`,
      `✔ frontend /health: ${front}/health → 200`,
      `✔ glitchtip /_health/: ${front}/_health/ → 200`,
      '✔ dokploy t-backend: status done, last deployment done',
    ]);
    expect(r.exitCode).toBe(0);
  });

  it('a failing check is a ✖ with its fix, exit 1; --json says the same', async () => {
    const api = await site({ '/health': 200, '/ready': 503 });
    const front = await site({ '/health': 200, '/_health/': 200 });
    const url = await dokploy('error', 'error');
    const r = await doctor(record(api, front, url));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`✖ backend /ready: ${api}/ready → 503 — The backend cannot reach its database: check DATABASE_URL`);
    expect(r.stdout).toContain('✖ dokploy t-backend: status error, last deployment error — Open t-backend in Dokploy, Deployments tab');
    const j = await doctor(record(api, front, await dokploy('error', 'error')), ['--json']);
    expect(j.exitCode).toBe(1);
    const parsed = JSON.parse(j.stdout) as { ok: boolean; checks: { name: string; ok: boolean; fix?: string }[] };
    expect(parsed.ok).toBe(false);
    expect(parsed.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['backend /ready', 'dokploy t-backend']);
  });

  it('with GITHUB_TOKEN, the Actions secrets the CI reads are there (names only)', async () => {
    const api = await site({ '/health': 200, '/ready': 200 });
    const front = await site({ '/health': 200, '/_health/': 200 });
    const rec = { ...record(api, front, await dokploy('done', 'done')), repo: 'acme/t', deployMethod: 'api' as const };
    const all = await github(['DOKPLOY_URL', 'DOKPLOY_API_KEY', 'DOKPLOY_BACKEND_ID', 'DOKPLOY_FRONTEND_ID']);
    const ok = await doctor(rec, [], { GITHUB_TOKEN: 'gh', GITHUB_API_URL: all });
    expect(ok.stdout).toContain('✔ github secrets acme/t: DOKPLOY_URL, DOKPLOY_API_KEY, DOKPLOY_BACKEND_ID, DOKPLOY_FRONTEND_ID');
    expect(ok.exitCode).toBe(0);
    const some = await github(['DOKPLOY_URL']);
    const missing = await doctor({ ...rec, dokployUrl: await dokploy('done', 'done') }, [], { GITHUB_TOKEN: 'gh', GITHUB_API_URL: some });
    expect(missing.stdout).toContain(
      '✖ github secrets acme/t: missing DOKPLOY_API_KEY, DOKPLOY_BACKEND_ID, DOKPLOY_FRONTEND_ID — Run provision with GITHUB_TOKEN',
    );
    expect(missing.exitCode).toBe(1);
  });

  it('a site that is down is a ✖, not a crash', async () => {
    const front = await site({ '/health': 200, '/_health/': 200 });
    const gone = await site({});
    await new Promise((done) => (servers.pop() as Server).close(done));
    const r = await doctor(record(gone, front, await dokploy('done', 'done')));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/✖ backend \/health: .* → ECONNREFUSED — The backend does not answer/);
  });
});
