// The generated repo's `npm run dev`, run as the founder runs it at the root: compose.dev.yml's
// Postgres in Docker (the local stand-in image: no Docker Hub here, DEV_POSTGRES_IMAGE points the
// file at it), the backend's and frontend's installs, the migrations, both servers; then Ctrl-C
// (SIGINT to the whole process group, as a terminal sends it) and nothing of it may be left.
// Needs Debian's docker.io, docker-compose and debootstrap (scripts/install-test-tools.sh).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { docker, dockerOut, ensureDaemon, type Daemon } from './support/docker.js';
import { ANSWER_SETS, generateProject, renderSet } from './support/generate.js';
import { freePort } from './support/postgres.js';
import { ensureStandins, POSTGRES_IMAGE } from './support/standins.js';
import { bun, node24, REPO, requireTool } from './support/tools.js';

const SCHEMA = join(REPO, 'test', 'fixtures', 'compose-spec', 'compose-spec.json');

function validateCompose(doc: unknown): string[] {
  if (!existsSync(SCHEMA)) throw new Error(`${SCHEMA} is missing: the compose schema is vendored in test/fixtures/compose-spec`);
  const { $schema: _metaSchema, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('compose.dev.yml and npm run dev: templates', () => {
  for (const answers of Object.values(ANSWER_SETS)) {
    it(`(${answers.lang}) is valid Compose, Postgres on 127.0.0.1 with a named volume, its password in .env.example`, async () => {
      const files = await renderSet(answers);
      const text = (path: string) => files.get(path)!.content.toString();
      const compose = parse(text('compose.dev.yml'));
      expect(validateCompose(compose)).toEqual([]);
      const db = compose.services.db;
      expect(db.ports).toEqual(['127.0.0.1:${DEV_DB_PORT:-5432}:5432']);
      expect(db.volumes).toEqual(['dev-db:/var/lib/postgresql']);
      expect(Object.keys(compose.volumes)).toEqual(['dev-db']);
      expect(db.environment.POSTGRES_DB).toBe(answers.appName.replace(/-/g, '_'));
      expect(db.environment.POSTGRES_PASSWORD).toBe('${DEV_DB_PASSWORD:-dev-only-password}');
      expect(text('.env.example')).toContain('\nDEV_DB_PASSWORD=dev-only-password\n');
      expect(JSON.parse(text('package.json')).scripts.dev).toBe('node tools/dev.mjs');
      // The README shows it first, before the folder table.
      const readme = text('README.md');
      expect(readme.indexOf('npm run dev')).toBeLessThan(readme.indexOf('| `backend/` |'));
      expect(readme).toContain(`postgres://postgres:dev-only-password@localhost:5432/${answers.appName.replace(/-/g, '_')}`);
    });
  }
});

/** Pids of every process whose working folder is inside dir (what `npm run dev` started there). */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`))
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

describe('npm run dev (Docker)', () => {
  const answers = ANSWER_SETS.en;
  const dbName = answers.appName.replace(/-/g, '_');
  // docker-compose v1 drops anything but letters and digits from project names: use none.
  const project = `pymedev${process.pid}`;
  let root = '';
  let daemon: Daemon | undefined;
  let dev: ChildProcess | undefined;
  let output = '';
  const ports = { db: 0, backend: 0, frontend: 0 };
  let env: NodeJS.ProcessEnv = {};

  const composeDown = () =>
    docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { reject: false }).then(async (r) => {
      const ids = String(r.stdout).trim().split('\n').filter(Boolean);
      if (ids.length) await docker(['rm', '-f', '-v', ...ids], { reject: false });
      await docker(['volume', 'rm', `${project}_dev-db`], { reject: false });
      await docker(['network', 'rm', `${project}_default`], { reject: false });
    });

  beforeAll(async () => {
    requireTool('docker-compose');
    daemon = await ensureDaemon();
    root = await generateProject(answers);
    await ensureStandins(root);
    ports.db = await freePort();
    ports.backend = await freePort();
    ports.frontend = await freePort();
    env = {
      ...process.env,
      PATH: [dirname(bun()), dirname(node24()), process.env.PATH].join(':'),
      NO_COLOR: '1',
      COMPOSE_PROJECT_NAME: project,
      DEV_POSTGRES_IMAGE: POSTGRES_IMAGE,
      DEV_DB_PORT: String(ports.db),
      DEV_BACKEND_PORT: String(ports.backend),
      DEV_FRONTEND_PORT: String(ports.frontend),
    };
    delete env.DATABASE_URL;
  }, 1_800_000);

  afterAll(async () => {
    // Only when the test failed halfway: its process group may still run.
    if (dev?.pid && dev.exitCode === null && dev.signalCode === null) {
      try {
        process.kill(-dev.pid, 'SIGKILL');
      } catch {
        // the group is gone
      }
    }
    // And whatever a broken stop left behind in the project (the processes this test started).
    if (root) {
      for (const line of processesIn(root)) {
        try {
          process.kill(Number(line.split(' ')[0]), 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }
    await composeDown();
    await daemon?.stop();
  }, 120_000);

  it('starts Postgres, migrates, serves /ready 200 and a home page that sees the API up; Ctrl-C leaves nothing running', {
    timeout: 900_000,
  }, async () => {
    dev = spawn('npm', ['run', 'dev'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    dev.stdout!.on('data', (d) => (output += d));
    dev.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => dev!.once('exit', (code) => resolve(code)));

    // The official image creates POSTGRES_DB itself; the stand-in does not: create it the same way,
    // as soon as the container answers (the script waits for it meanwhile).
    const deadline = Date.now() + 600_000;
    let created = false;
    while (!created && Date.now() < deadline && dev.exitCode === null && dev.signalCode === null) {
      const id = (await dockerOut(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).split('\n')[0];
      if (id) {
        const r = await docker(
          ['exec', id, '/usr/lib/postgresql/15/bin/psql', '-h', '127.0.0.1', '-U', 'postgres', '-c', `create database ${dbName}`],
          {
            reject: false,
          },
        );
        created = r.exitCode === 0;
      }
      if (!created) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(created, output).toBe(true);

    const backend = `http://127.0.0.1:${ports.backend}`;
    const frontend = `http://localhost:${ports.frontend}`;
    const until = async (what: string, probe: () => Promise<boolean>, ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (dev!.exitCode !== null || dev!.signalCode !== null)
          throw new Error(`npm run dev exited (${dev!.exitCode}) while waiting for ${what}:\n${output}`);
        if (await probe().catch(() => false)) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`timed out waiting for ${what}:\n${output}`);
    };
    await until('/ready', async () => (await fetch(`${backend}/ready`)).status === 200, 600_000);
    expect(output).toContain('migration applied: 0001_app_events.sql');
    await until('the home page', async () => (await fetch(frontend)).ok, 180_000);
    const page = await (await fetch(frontend)).text();
    expect(page).toMatch(/class="status up\b/);
    expect(output).toMatch(/^\[backend\] listening on /m);
    expect(output).toMatch(/^\[frontend\] /m);
    expect(processesIn(root).length).toBeGreaterThanOrEqual(3); // npm, the script, the servers

    // Ctrl-C in a terminal: SIGINT to the foreground process group.
    process.kill(-dev.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000, 'still running'))]);
    expect(code, output).not.toBe('still running');
    await new Promise((r) => setTimeout(r, 1000));
    expect(processesIn(root), output).toEqual([]);
    expect(await dockerOut(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).toBe('');
    expect(output).toContain('[dev] stopped.');
    // The data stays: the volume is still there for the next run.
    expect((await docker(['volume', 'inspect', `${project}_dev-db`], { reject: false })).exitCode).toBe(0);
  });

  it('Ctrl-C while a setup step runs (the frontend install) also stops Postgres', { timeout: 600_000 }, async () => {
    rmSync(join(root, 'frontend/node_modules'), { recursive: true, force: true });
    let out = '';
    const run = spawn('npm', ['run', 'dev'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    run.stdout!.on('data', (d) => (out += d));
    run.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => run.once('exit', (code) => resolve(code)));
    const end = Date.now() + 300_000;
    while (!out.includes('installing the frontend dependencies') && Date.now() < end && run.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(out).toContain('installing the frontend dependencies');
    expect(await dockerOut(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).not.toBe('');
    process.kill(-run.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 120_000, 'still running'))]);
    expect(code, out).not.toBe('still running');
    expect(code, out).not.toBe(0);
    expect(out).toContain('[dev] stopped.');
    expect(await dockerOut(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).toBe('');
    await new Promise((r) => setTimeout(r, 1000));
    expect(processesIn(root), out).toEqual([]);
  });
});
