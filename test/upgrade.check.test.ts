// Issue 27: `upgrade --check` against a local registry (the real npm asks it): 0 when the project
// is on the newest published version, its own code when one is available (with the counts and the
// changelog), and another when the registry does not answer.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { checkProject, type CheckOptions } from '../src/upgrade/check.js';
import { parseCli } from '../src/args.js';
import { helpText } from '../src/help.js';
import { requireTool } from './support/tools.js';
import { generateWith009, PREVIOUS, recordedBy009 } from './support/previous.js';

const NEW = { name: 'create-pyme-stack', version: '0.1.0' };
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A registry that publishes create-pyme-stack at the version in argv; prints its port. */
const REGISTRY = `
const latest = process.argv[1];
const server = require('node:http').createServer((req, res) => {
  if (!req.url.startsWith('/create-pyme-stack')) return res.writeHead(404).end('{}');
  const manifest = { name: 'create-pyme-stack', version: latest, repository: { type: 'git', url: 'git+https://github.com/pyme/create-pyme-stack.git' },
    dist: { tarball: 'http://127.0.0.1/x.tgz', shasum: '0' } };
  res.writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ name: 'create-pyme-stack', 'dist-tags': { latest }, versions: { [latest]: manifest }, time: { [latest]: '2026-12-01T00:00:00.000Z' } }));
});
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));`;

async function registry(latest: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', REGISTRY, latest], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok) =>
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const m = /port (\d+)/.exec(chunk);
      if (m) ok(Number(m[1]));
    }),
  );
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** The fixture's 0.1.0: one template change (backup.sh) on top of 0.0.9. */
function nextTemplates(): string {
  const next = tmp('pyme-check-next-');
  cpSync(PREVIOUS, next, { recursive: true });
  const file = join(next, 'backup/backup.sh.hbs');
  writeFileSync(file, readFileSync(file, 'utf8').replace('pg_dump --format=custom', 'pg_dump --format=custom --no-owner'));
  return next;
}

async function project(registryUrl: string): Promise<{ dir: string; root: string }> {
  const root = tmp('pyme-check-');
  const dir = join(root, 'tienda-demo');
  await generateWith009(dir, recordedBy009());
  writeFileSync(join(dir, '.npmrc'), `registry=${registryUrl}\n`);
  return { dir, root };
}

function options(dir: string, root: string, printed: string[]): CheckOptions {
  return {
    dir,
    lang: 'en',
    out: (t) => printed.push(t),
    target: { generator: NEW, templatesDir: nextTemplates() },
    env: {
      PATH: process.env.PATH,
      HOME: root,
      npm_config_cache: join(root, 'npm-cache'),
      npm_config_update_notifier: 'false',
      PYME_STACK_BASE_TEMPLATES: PREVIOUS,
    },
  };
}

describe('upgrade --check', () => {
  let newer: { url: string; stop: () => void };
  let same: { url: string; stop: () => void };
  beforeAll(async () => {
    requireTool('npm');
    newer = await registry('0.1.0');
    same = await registry('0.0.9');
  });
  afterAll(() => {
    newer?.stop();
    same?.stop();
  });

  it('a newer version published: its own exit code, the version, the counts and the changelog', async () => {
    const { dir, root } = await project(newer.url);
    const printed: string[] = [];
    const code = await checkProject(options(dir, root, printed));
    const out = printed.join('');
    expect(code).toBe(EXIT.updateAvailable);
    expect(out).toContain('create-pyme-stack 0.1.0 is available (this project is on 0.0.9)');
    expect(out).toMatch(/[1-9]\d* updated, 0 merged, 0 conflicts \(\d+ added, \d+ removed\)/);
    expect(out).toContain('https://github.com/pyme/create-pyme-stack/releases/tag/v0.1.0');
  }, 60_000);

  it('on the newest version: exit 0', async () => {
    const { dir, root } = await project(same.url);
    const printed: string[] = [];
    expect(await checkProject(options(dir, root, printed))).toBe(EXIT.ok);
    expect(printed.join('')).toContain('0.0.9 is the newest version');
  }, 60_000);

  it('a registry that does not answer: a clear message and its own code, in seconds', async () => {
    const { dir, root } = await project('http://127.0.0.1:9/');
    const printed: string[] = [];
    const started = performance.now();
    const code = await checkProject(options(dir, root, printed));
    expect(code).toBe(EXIT.offline);
    expect(printed.join('')).toMatch(/Could not ask http:\/\/127\.0\.0\.1:9\/ .*ECONNREFUSED/);
    expect((performance.now() - started) / 1000).toBeLessThan(15);
  }, 60_000);
});

describe('upgrade --check on the command line', () => {
  it('is an upgrade flag, and --help lists its exit codes', () => {
    expect(parseCli(['upgrade', '--check']).check).toBe(true);
    expect(() => parseCli(['--check'])).toThrow();
    for (const lang of ['es', 'en'] as const) {
      const help = helpText(lang, '0.1.0');
      expect(help).toMatch(/upgrade \[[a-z]+\] .*--check/);
      expect(help).toMatch(new RegExp(`\\n  ${EXIT.updateAvailable} +upgrade --check`));
      expect(help).toMatch(new RegExp(`\\n  ${EXIT.offline} +upgrade --check`));
    }
  });
});
