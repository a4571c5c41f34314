// The generated workflow, run here as GitHub would run it on the first push to main: every test
// job's run: steps with Bun and Node 24 from the npm registry, then the deploy job against a fake
// Dokploy on loopback. Slow (installs each part's packages): its own file, long timeouts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANSWER_SETS, generateProject } from './support/generate.js';
import { freePort } from './support/postgres.js';
import { requireTool } from './support/tools.js';
import { deployJobName, runJob, type StepResult, stepRuns, testJobNames, type Workflow } from './fixtures/workflow-sim.js';
import { startFakeDokploy, type FakeDokploy } from './fixtures/workflow-fake-dokploy.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const ON_MAIN = {
  GITHUB_REF_NAME: 'main',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: SHA,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '4242',
  // Ask the fake often: a real run asks every 5 s.
  DOKPLOY_POLL_SECONDS: '0.2',
};
const API_KEY = 'test-api-key-Zx81';
// Two apps, then the monitoring compose (GlitchTip and the alert relay), which is optional.
const APP_IDS = { DOKPLOY_BACKEND_ID: 'bkN3x_backend-1', DOKPLOY_FRONTEND_ID: 'frQ9_frontend-2' };
const COMPOSE_ID = 'moN8_monitoring-3';
const TOKENS = { DOKPLOY_BACKEND_WEBHOOK: 'tokBackend_1', DOKPLOY_FRONTEND_WEBHOOK: 'tokFrontend_2' };
const COMPOSE_TOKEN = 'tokMonitoring_3';
const API_PATHS = ['/api/application.deploy', '/api/application.deploy', '/api/compose.deploy'];
/** The deploy POSTs among all calls (the others follow each deployment). */
const posts = (dokploy: FakeDokploy) => dokploy.calls.filter((c) => c.method === 'POST');
const HOOK_PATHS = [...Object.values(TOKENS).map((t) => `/api/deploy/${t}`), `/api/deploy/compose/${COMPOSE_TOKEN}`];

const readWorkflow = (repo: string) => parse(readFileSync(join(repo, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const report = (results: StepResult[]) => results.map((r) => `--- ${r.step}: exit ${r.exitCode}\n${r.output}`).join('\n');
const failed = (results: StepResult[]) => results.some((r) => r.exitCode !== 0 && !r.continueOnError);

let fake: FakeDokploy | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const apiSecrets = (url: string): Record<string, string> => ({
  DOKPLOY_URL: url,
  DOKPLOY_API_KEY: API_KEY,
  ...APP_IDS,
  DOKPLOY_MONITORING_COMPOSE_ID: COMPOSE_ID,
});
const webhookSecrets = (url: string): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(TOKENS).map(([name, token]) => [name, `${url}/api/deploy/${token}`])),
  DOKPLOY_MONITORING_WEBHOOK: `${url}/api/deploy/compose/${COMPOSE_TOKEN}`,
});
const apiFake = (failFirst?: number[], more: Partial<Parameters<typeof startFakeDokploy>[0]> = {}) =>
  startFakeDokploy({ apiKey: API_KEY, applicationIds: Object.values(APP_IDS), composeIds: [COMPOSE_ID], failFirst, ...more });
const hookFake = (branch: string) => startFakeDokploy({ refreshTokens: Object.values(TOKENS), composeTokens: [COMPOSE_TOKEN], branch });

describe('deploy job, API way (es answers)', async () => {
  const repo = await generateProject(ANSWER_SETS.es);
  const wf = readWorkflow(repo);
  const deploy = deployJobName(wf);
  const startApi = async (failFirst?: number[], more?: Parameters<typeof apiFake>[1]) => (fake = await apiFake(failFirst, more));

  // Request bodies and query strings are checked by the fake against Dokploy's openapi.json
  // (test/fixtures/dokploy-openapi-deploy.json): any difference lands in `mismatches`.
  it('POSTs application.deploy for each app, then compose.deploy, titled with the commit, and follows each to done', async () => {
    const dokploy = await startApi();
    const results = await runJob(wf, deploy, { repo, secrets: apiSecrets(dokploy.url), env: ON_MAIN, timeout: 120_000 });
    expect(failed(results), report(results)).toBe(false);
    expect(dokploy.mismatches).toEqual([]);
    const bodies = posts(dokploy).map((c) => [c.path, JSON.parse(c.body)]);
    expect(bodies.map(([path, body]) => [path, body.applicationId ?? body.composeId])).toEqual([
      [API_PATHS[0], APP_IDS.DOKPLOY_BACKEND_ID],
      [API_PATHS[1], APP_IDS.DOKPLOY_FRONTEND_ID],
      [API_PATHS[2], COMPOSE_ID],
    ]);
    // Dokploy shows the title in its list of deployments, instead of "Manual deployment".
    for (const [, body] of bodies) {
      expect(body.title).toMatch(/^GitHub 0123456/);
      expect(body.description).toContain(`/actions/runs/4242 attempt 1, commit ${SHA}`);
    }
    // Each app is followed before the next deploys: backend done, then the frontend starts.
    const order = dokploy.calls.map((c) => c.path.replace(/\?.*/, ''));
    expect(order.indexOf('/api/deployment.all')).toBeLessThan(order.lastIndexOf('/api/application.deploy'));
    expect(order).toContain('/api/deployment.allByCompose');
    expect(dokploy.deployments.map((d) => d.status)).toEqual(['done', 'done', 'done']);
    expect(report(results)).toContain('despliegue iniciado');
    expect(report(results)).toContain('DOKPLOY_FRONTEND_ID: desplegado (Dokploy: done)');
  });

  it("fails when a deployment ends in error, printing the end of Dokploy's log, and deploys nothing after it", async () => {
    const dokploy = await startApi(undefined, { outcome: { [APP_IDS.DOKPLOY_FRONTEND_ID]: 'error' } });
    const results = await runJob(wf, deploy, { repo, secrets: apiSecrets(dokploy.url), env: ON_MAIN, timeout: 120_000 });
    const out = report(results);
    expect(failed(results), out).toBe(true);
    expect(dokploy.mismatches).toEqual([]);
    expect(out).toContain('Error: e2e build failed');
    expect(out).toContain('log line 150 of dep-2');
    expect(out).not.toContain('log line 100 of dep-2'); // only the tail (40 lines)
    expect(out).toContain('El despliegue de DOKPLOY_FRONTEND_ID terminó en error en Dokploy');
    expect(posts(dokploy).map((c) => c.path)).toEqual(API_PATHS.slice(0, 2));
  });

  it('fails when a deployment does not end within DOKPLOY_DEPLOY_TIMEOUT', async () => {
    const dokploy = await startApi(undefined, { pollsToSettle: 1_000_000 });
    const env = { ...ON_MAIN, DOKPLOY_DEPLOY_TIMEOUT: '2' };
    const results = await runJob(wf, deploy, { repo, secrets: apiSecrets(dokploy.url), env, timeout: 120_000 });
    expect(failed(results)).toBe(true);
    expect(report(results)).toContain('El despliegue de DOKPLOY_BACKEND_ID no terminó en 2 s (último estado: running)');
    expect(posts(dokploy)).toHaveLength(1);
  });

  it('retries while nothing answers on the port (nothing sent), then deploys once each', async () => {
    const port = await freePort();
    const running = runJob(wf, deploy, {
      repo,
      secrets: apiSecrets(`http://127.0.0.1:${port}`),
      env: ON_MAIN,
      timeout: 120_000,
    });
    await new Promise((r) => setTimeout(r, 2500));
    const dokploy = await startApi(undefined, { port });
    const results = await running;
    expect(failed(results), report(results)).toBe(false);
    expect(report(results)).toContain('Dokploy no contesta (no se envió nada); otro intento');
    expect(posts(dokploy).map((c) => c.path)).toEqual(API_PATHS);
    expect(dokploy.mismatches).toEqual([]);
  });

  it('skips the monitoring compose with a warning while its secret is not set (before OPS-004)', async () => {
    const dokploy = await startApi();
    const secrets = apiSecrets(dokploy.url);
    delete secrets.DOKPLOY_MONITORING_COMPOSE_ID;
    const results = await runJob(wf, deploy, { repo, secrets, env: ON_MAIN, timeout: 120_000 });
    expect(failed(results), report(results)).toBe(false);
    expect(report(results)).toContain('::warning::DOKPLOY_MONITORING_COMPOSE_ID no tiene valor: ese despliegue se omite.');
    expect(posts(dokploy).map((c) => c.path)).toEqual(API_PATHS.slice(0, 2));
  });

  it('names a missing secret, in Spanish, and deploys nothing', async () => {
    const dokploy = await startApi();
    const secrets = apiSecrets(dokploy.url);
    delete secrets.DOKPLOY_FRONTEND_ID;
    const results = await runJob(wf, deploy, { repo, secrets, env: ON_MAIN, timeout: 120_000 });
    expect(failed(results)).toBe(true);
    const out = report(results);
    expect(out).toContain('Falta el secreto de GitHub DOKPLOY_FRONTEND_ID: créalo en GitHub');
    expect(out).toContain('Settings → Secrets and variables → Actions');
    expect(out).not.toContain(API_KEY);
    expect(dokploy.calls).toEqual([]);
  });

  it('lists every missing secret at once when none is set yet', async () => {
    const dokploy = await startApi();
    const results = await runJob(wf, deploy, { repo, secrets: {}, env: ON_MAIN });
    expect(failed(results)).toBe(true);
    expect(report(results)).toContain(
      'Faltan los secretos de GitHub DOKPLOY_URL DOKPLOY_API_KEY DOKPLOY_BACKEND_ID DOKPLOY_FRONTEND_ID: créalos en GitHub',
    );
    expect(dokploy.calls).toEqual([]);
  });

  it("fails on a refused API key, showing Dokploy's answer and not the key", async () => {
    const dokploy = await startApi();
    const results = await runJob(wf, deploy, {
      repo,
      secrets: { ...apiSecrets(dokploy.url), DOKPLOY_API_KEY: 'wrong' },
      env: ON_MAIN,
      timeout: 120_000,
    });
    const out = report(results);
    expect(failed(results)).toBe(true);
    expect(out).toContain('HTTP 401');
    expect(out).toContain('Unauthorized');
    expect(dokploy.calls).toHaveLength(1); // stops at the first app
  });

  // An answer means the request reached Dokploy (or its proxy): the deploy may be queued already.
  it('does not retry a deploy POST that got an answer, even a 503', async () => {
    const dokploy = await startApi([503]);
    const results = await runJob(wf, deploy, { repo, secrets: apiSecrets(dokploy.url), env: ON_MAIN, timeout: 120_000 });
    expect(failed(results)).toBe(true);
    expect(report(results)).toContain('HTTP 503');
    expect(dokploy.calls).toHaveLength(1);
  });

  it('rejects a DOKPLOY_URL with a path before calling anything', async () => {
    const dokploy = await startApi();
    const results = await runJob(wf, deploy, {
      repo,
      secrets: { ...apiSecrets(dokploy.url), DOKPLOY_URL: `${dokploy.url}/dashboard/projects` },
      env: ON_MAIN,
    });
    expect(failed(results)).toBe(true);
    expect(report(results)).toContain('DOKPLOY_URL debe ser solo la dirección');
    expect(dokploy.calls).toEqual([]);
  });
});

describe('deploy job, webhook way (en answers)', async () => {
  const repo = await generateProject(ANSWER_SETS.en);
  const wf = readWorkflow(repo);
  const deploy = deployJobName(wf);
  const startHooks = async (branch: string) => (fake = await hookFake(branch));

  it('POSTs each webhook (apps, then the monitoring compose) with X-GitHub-Event and the pushed branch', async () => {
    const dokploy = await startHooks('main');
    const results = await runJob(wf, deploy, { repo, secrets: webhookSecrets(dokploy.url), env: ON_MAIN, timeout: 120_000 });
    expect(failed(results), report(results)).toBe(false);
    expect(dokploy.mismatches).toEqual([]);
    expect(dokploy.calls.map((c) => c.path)).toEqual(HOOK_PATHS);
    for (const call of dokploy.calls) {
      expect(call.headers['x-github-event']).toBe('push');
      expect(JSON.parse(call.body)).toMatchObject({ ref: 'refs/heads/main', head_commit: { id: SHA } });
    }
    expect(report(results)).toContain('deploy started');
  });

  it('treats Dokploy\'s 301 "Branch Not Match" as a failure', async () => {
    const dokploy = await startHooks('production');
    const results = await runJob(wf, deploy, { repo, secrets: webhookSecrets(dokploy.url), env: ON_MAIN, timeout: 120_000 });
    const out = report(results);
    expect(failed(results)).toBe(true);
    expect(out).toContain('HTTP 301');
    expect(out).toContain('Branch Not Match');
    expect(dokploy.calls).toHaveLength(1);
  });

  it('names a missing webhook secret and deploys nothing', async () => {
    const dokploy = await startHooks('main');
    const secrets = webhookSecrets(dokploy.url);
    delete secrets.DOKPLOY_FRONTEND_WEBHOOK;
    const results = await runJob(wf, deploy, { repo, secrets, env: ON_MAIN });
    expect(failed(results)).toBe(true);
    expect(report(results)).toContain('Missing GitHub secret DOKPLOY_FRONTEND_WEBHOOK: create it in GitHub');
    expect(dokploy.calls).toEqual([]);
  });
});

for (const [set, answers] of Object.entries(ANSWER_SETS)) {
  describe(`first push of a freshly generated repo (${set} answers, deploy ${answers.deployMethod})`, async () => {
    const repo = await generateProject(answers);
    // The runner checks out a commit: make the generated folder one.
    const git = (...args: string[]) =>
      execFileSync(requireTool('git'), ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'first commit');
    const wf = readWorkflow(repo);
    const passed: string[] = [];

    for (const job of testJobNames(wf)) {
      it(`test job ${job} passes`, { timeout: 1_200_000 }, async () => {
        const results = await runJob(wf, job, { repo, env: ON_MAIN, timeout: 900_000, log: (l) => console.log(l) });
        expect(failed(results), report(results)).toBe(false);
        expect(results.length).toBe(wf.jobs[job].steps.filter((s) => s.run && stepRuns(s, ON_MAIN)).length);
        // The backend job applies the migrations to its Postgres service before its tests.
        if (job === 'backend')
          expect(report(results)).toMatch(
            /--- bun run migrate: exit 0\n(?:\$ bun src\/migrate-main\.ts\n)?migration applied: 0001_app_events\.sql\n/,
          );
        passed.push(job);
      });
    }

    it('then deploys, after every test job passed', { timeout: 120_000 }, async () => {
      const deploy = deployJobName(wf);
      expect(wf.jobs[deploy].needs).toEqual(testJobNames(wf));
      expect(passed).toEqual(testJobNames(wf));
      const api = answers.deployMethod === 'api';
      fake = await (api ? apiFake() : hookFake('main'));
      const dokploy = fake;
      const secrets = api ? apiSecrets(dokploy.url) : webhookSecrets(dokploy.url);
      const results = await runJob(wf, deploy, { repo, secrets, env: ON_MAIN });
      expect(failed(results), report(results)).toBe(false);
      expect(posts(dokploy).map((c) => c.path)).toEqual(api ? API_PATHS : HOOK_PATHS);
      expect(dokploy.mismatches).toEqual([]);
    });
  });
}
