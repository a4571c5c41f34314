// The generated deploy script against a real Dokploy (v0.30.x from source, ../shared/dokploy-lab.sh):
// `npm run test:dokploy` with DOKPLOY_URL and DOKPLOY_API_KEY set, e.g.
//   eval "$(LAB_DIR=... DOKPLOY_PORT=... ../shared/dokploy-lab.sh env)"
// The lab has no GitHub App, so a GitHub-sourced application's deploy ends in `error` there: the
// script must follow it to that end, say so and fail.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ANSWER_SETS, renderSet } from './support/generate.js';

const url = process.env.DOKPLOY_URL ?? '';
const key = process.env.DOKPLOY_API_KEY ?? '';

/** One call to Dokploy's API (x-api-key), failing the test on anything but 200. */
// biome-ignore lint/suspicious/noExplicitAny: Dokploy publishes no response schemas (openapi.json has them empty).
async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}/api/${path}`, {
    method,
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

describe('deploy script against a real Dokploy', () => {
  it('follows a deploy that ends in error (no GitHub App), prints its log and fails; the deployment carries our title', {
    timeout: 300_000,
  }, async () => {
    if (!url || !key) throw new Error('set DOKPLOY_URL and DOKPLOY_API_KEY (../shared/dokploy-lab.sh up, then env)');
    const stamp = Date.now();
    // The same calls as the lab (and CHECKLIST OPS-002): project, application, its GitHub source.
    const { environment } = await api('POST', 'project.create', { name: `deploy-${stamp}`, description: 'dokploy-deploy.sh test' });
    const app = await api('POST', 'application.create', {
      name: 'web',
      appName: `deploy-web-${stamp}`,
      environmentId: environment.environmentId,
    });
    await api('POST', 'application.saveGithubProvider', {
      applicationId: app.applicationId,
      repository: 'hello-world',
      owner: 'octocat',
      branch: 'main',
      buildPath: '/',
      githubId: null,
      triggerType: 'push',
    });

    const files = await renderSet(ANSWER_SETS.es);
    const script = join(mkdtempSync(join(tmpdir(), 'deploy-')), 'dokploy-deploy.sh');
    writeFileSync(script, files.get('.github/scripts/dokploy-deploy.sh')!.content);
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const run = await execa('bash', [script, 'DOKPLOY_BACKEND_ID'], {
      reject: false,
      all: true,
      env: {
        DEPLOY_METHOD: 'api',
        DOKPLOY_URL: url,
        DOKPLOY_API_KEY: key,
        DOKPLOY_BACKEND_ID: app.applicationId,
        GITHUB_SHA: sha,
        GITHUB_RUN_ID: String(stamp),
        DOKPLOY_POLL_SECONDS: '1',
        DOKPLOY_DEPLOY_TIMEOUT: '240',
      },
    });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toContain('DOKPLOY_BACKEND_ID: despliegue iniciado en Dokploy');
    expect(run.all).toContain('El despliegue de DOKPLOY_BACKEND_ID terminó en error en Dokploy');
    expect(run.all).toContain('::group::DOKPLOY_BACKEND_ID: final del log de Dokploy');
    // Dokploy's own words in that log (its GitHub builder, without a GitHub App).
    expect(run.all).toContain('Github Provider not found');
    expect(run.all).not.toContain(key);

    const deployments = await api('GET', `deployment.all?applicationId=${app.applicationId}`);
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({ status: 'error', title: 'GitHub 0123456' });
    expect(deployments[0].description).toContain(`/actions/runs/${stamp} attempt 1, commit ${sha}`);
  });
});
