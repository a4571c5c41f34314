// Issue 24's "done means": a fresh clone, the generator README's run command and the generated
// README followed word for word. The commands come from the READMEs' ```sh blocks (never copied
// here), so this breaks when a README drifts. Allowed deviations, all through the environment:
// Node 24 and Bun from the npm registry on PATH, the stand-in Postgres image (no Docker Hub; it
// does not create POSTGRES_DB, so the test does, as dev-stack.e2e does), and free ports instead of
// 5432/3000/5173 (other runs share this machine), which the backend's DATABASE_URL line follows.
// Needs git, script (util-linux), Docker (docker.io, docker-compose, debootstrap) and shellcheck.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, docker, dockerOut, ensureDaemon } from './support/docker.js';
import { freePort } from './support/postgres.js';
import { ensureStandins, POSTGRES_IMAGE } from './support/standins.js';
import { bun, node24, REPO, requireTool } from './support/tools.js';

/** The lines of the ```sh blocks of a markdown text, or of its `## ` section whose heading matches. */
function shLines(markdown: string, heading?: RegExp): string[] {
  let text = markdown;
  if (heading) {
    const sections = markdown.split(/^(?=## )/m);
    const found = sections.filter((s) => heading.test(s.split('\n')[0]));
    if (found.length !== 1) throw new Error(`expected one section matching ${heading}, found ${found.length}`);
    text = found[0];
  }
  const blocks = [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length === 0) throw new Error(`no \`\`\`sh block${heading ? ` under ${heading}` : ''}`);
  return blocks.flatMap((b) => b.split('\n')).filter((l) => l.trim() !== '');
}

/** What a part's block starts and never ends (servers, and the lines that talk to them): skipped.
 * Every other line is run as written, so a mistyped command there fails the test. */
const SERVER = /(\brun dev$|\bnode (src\/main\.ts &|build)$|^sleep \d)/;
/** Tests and checks: each part must document at least one. */
const CHECK = /^(bun test|npm test|bun run typecheck|npm run typecheck|npm run check|npm run build)\b/;

/** Pids of processes whose working folder is inside dir. */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`))
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('the READMEs followed word for word', () => {
  const work = mkdtempSync(join(tmpdir(), 'pyme-walk-'));
  const clone = join(work, 'create-pyme-stack');
  const project = `pymewalk${process.pid}`; // docker-compose v1 keeps letters and digits only
  const ports = { db: 0, backend: 0, frontend: 0 };
  let root = '';
  let env: NodeJS.ProcessEnv = {};
  let daemon: Daemon | undefined;
  let dev: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    for (const tool of ['git', 'script', 'docker-compose', 'shellcheck']) requireTool(tool);
    daemon = await ensureDaemon();
    ports.db = await freePort();
    ports.backend = await freePort();
    ports.frontend = await freePort();
    env = {
      ...process.env,
      PATH: [dirname(bun()), dirname(node24()), process.env.PATH].join(':'),
      LANG: 'en_US.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      COMPOSE_PROJECT_NAME: project,
      DEV_POSTGRES_IMAGE: POSTGRES_IMAGE,
      DEV_DB_PORT: String(ports.db),
      DEV_BACKEND_PORT: String(ports.backend),
      DEV_FRONTEND_PORT: String(ports.frontend),
    };
    for (const k of ['DATABASE_URL', 'LC_ALL', 'LC_MESSAGES', 'npm_config_prefix', 'INIT_CWD']) delete env[k];
  }, 600_000);

  afterAll(async () => {
    if (dev?.pid && dev.exitCode === null && dev.signalCode === null) {
      try {
        process.kill(-dev.pid, 'SIGKILL');
      } catch {
        // the group is gone
      }
    }
    if (root)
      for (const line of processesIn(root)) {
        try {
          process.kill(Number(line.split(' ')[0]), 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    const ids = (await dockerOut(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]).catch(() => ''))
      .split('\n')
      .filter(Boolean);
    if (ids.length) await docker(['rm', '-f', '-v', ...ids], { reject: false });
    await docker(['volume', 'rm', `${project}_dev-db`], { reject: false });
    await docker(['network', 'rm', `${project}_default`], { reject: false });
    await daemon?.stop();
    rmSync(work, { recursive: true, force: true }); // the clone and the project: about 900 MB
  }, 120_000);

  it('clone, run command, first commit, npm run dev, every part’s tests and lint, Ctrl-C', { timeout: 1_800_000 }, async () => {
    await execa('git', ['clone', '-q', REPO, clone]);

    // 1. The generator README's first block, in a terminal (it asks the questions there).
    const run = shLines(readFileSync(join(clone, 'README.md'), 'utf8'))[0];
    const target = /create-pyme-stack\.js\s+(\S+)/.exec(run)?.[1];
    expect(target, run).toBeDefined();
    root = join(clone, target!);
    const cli = execa('script', ['-qfec', run, '/dev/null'], { cwd: clone, env, extendEnv: false, reject: false, timeout: 900_000 });
    let seen = '';
    cli.stdout!.on('data', (d: Buffer) => (seen += d.toString()));
    const waitFor = async (text: string, from: number) => {
      const end = Date.now() + 900_000;
      while (seen.indexOf(text, from) < 0 && Date.now() < end && cli.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      if (seen.indexOf(text, from) < 0) throw new Error(`never saw ${JSON.stringify(text)} in:\n${seen.slice(-4000)}`);
      return seen.indexOf(text, from) + text.length;
    };
    let at = 0;
    // Every default, except the phone, which has none.
    for (const [prompt, keys] of [
      ['App name', '\r'],
      ['Bun version', '\r'],
      ['R2 bucket', '\r'],
      ['WhatsApp phone', '55 1234 5678\r'],
      ['Language', '\r'],
      ['Prometheus', '\r'],
      ['deploy', '\r'],
      ['backup', '\r'],
      ['time zone', '\r'],
    ] as const) {
      at = await waitFor(prompt, at);
      cli.stdin!.write(keys);
    }
    const generated = await cli;
    expect(generated.exitCode, seen.slice(-4000)).toBe(0);

    // 2. Its own first commit, not the checkout's.
    expect((await execa('git', ['rev-parse', '--show-toplevel'], { cwd: root })).stdout).toBe(root);
    const log = (await execa('git', ['-C', root, 'log', '--oneline'])).stdout.split('\n');
    expect(log, log.join('\n')).toHaveLength(1);

    // 3. "Local development": its block, as is.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const devLines = shLines(readme, /`npm run dev`/);
    expect(devLines).toHaveLength(1);
    await ensureStandins(root);
    dev = spawn('bash', ['-c', devLines[0]], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    dev.stdout!.on('data', (d) => (output += d));
    dev.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => dev!.once('exit', (code) => resolve(code)));

    // The stand-in Postgres does not create POSTGRES_DB itself (the official image does).
    const dbName = /database `(\w+)`/.exec(readme)?.[1] ?? '';
    expect(dbName, 'the README names the local database').not.toBe('');
    const deadline = Date.now() + 600_000;
    let created = false;
    while (!created && Date.now() < deadline && dev.exitCode === null) {
      const id = (await dockerOut(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).split('\n')[0];
      if (id) {
        const psql = ['/usr/lib/postgresql/15/bin/psql', '-h', '127.0.0.1', '-U', 'postgres', '-c', `create database ${dbName}`];
        created = (await docker(['exec', id, ...psql], { reject: false })).exitCode === 0;
      }
      if (!created) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(created, output).toBe(true);
    const until = async (what: string, probe: () => Promise<boolean>, ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (dev!.exitCode !== null) throw new Error(`npm run dev exited (${dev!.exitCode}) waiting for ${what}:\n${output}`);
        if (await probe().catch(() => false)) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`timed out waiting for ${what}:\n${output}`);
    };
    await until('/ready', async () => (await fetch(`http://127.0.0.1:${ports.backend}/ready`)).status === 200, 600_000);
    expect(output).toMatch(/migration applied: 0001_/);
    const home = `http://localhost:${ports.frontend}`;
    await until('the home page', async () => (await fetch(home)).ok, 180_000);
    expect(await (await fetch(home)).text()).toMatch(/class="status up\b/);

    // 4. Each part's block, every line but its servers (set-up, tests, checks), in order,
    // in one shell as a reader types them; while `npm run dev` runs, as the README says.
    const ran: string[] = [];
    for (const part of ['backend', 'frontend', 'alerts']) {
      const lines = shLines(readme, new RegExp(`\\(\`${part}/\`\\)`))
        .map((l) => l.replace(/\s+#\s.*$/, '').trim())
        .flatMap((l) => l.split(' && ')) // `npm run build && node build`: the build, not the server
        .filter((l) => !SERVER.test(l))
        .map((l) => l.replace(/(DATABASE_URL=\S*@localhost):5432\//, `$1:${ports.db}/`));
      expect(lines.filter((l) => CHECK.test(l)).length, `${part}: no test or check in its README block`).toBeGreaterThan(0);
      ran.push(...lines);
      const r = await execa('bash', ['-ec', lines.join('\n')], { cwd: root, env, extendEnv: false, reject: false, all: true });
      expect(r.exitCode, `${part}:\n${lines.join('\n')}\n${String(r.all).slice(-6000)}`).toBe(0);
    }
    console.log(`ran from the README:\n${ran.join('\n')}`);

    // 5. The root's lint, which the README says runs every part's checks.
    expect(readme).toMatch(/`npm run lint` at the root/);
    const lint = await execa('npm', ['run', 'lint'], { cwd: root, env, extendEnv: false, reject: false, all: true });
    expect(lint.exitCode, String(lint.all).slice(-6000)).toBe(0);

    // 6. Ctrl-C: SIGINT to the foreground process group; nothing is left.
    process.kill(-dev.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000, 'still running'))]);
    expect(code, output).not.toBe('still running');
    await new Promise((r) => setTimeout(r, 1000));
    expect(processesIn(root), output).toEqual([]);
    expect(await dockerOut(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).toBe('');
  });
});
