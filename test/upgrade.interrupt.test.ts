// The built CLI, killed part-way through an upgrade (PYME_STACK_TEST_KILL_AFTER: SIGKILL, no
// cleanup, between two files): every file is wholly old or wholly new, the manifest is still
// the old one, and a second run ends exactly where an uninterrupted upgrade ends.
// Upgrades the fixture 0.0.9 project to this package's real templates.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { toCrlf } from '../src/upgrade/text.js';
import { cliBin, requireTool } from './support/tools.js';
import { generateWith009, PREVIOUS, recordedBy009 } from './support/previous.js';

const RECORDED = recordedBy009();
// What a killed run may leave: its journal, its lock and its staging folder (all cleared by the next run).
const BOOKKEEPING = /(\.pyme-stack-tmp|^\.pyme-stack-upgrade\.json|^\.pyme-stack\.lock)$|^\.pyme-stack-tmp-\d+-\d+\//;

async function upgrade(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const r = await execa(process.execPath, [cliBin(), 'upgrade', dir, '--yes', ...args], {
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
    env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: PREVIOUS, ...env },
  });
  return { exitCode: r.exitCode, signal: r.signal, out: `${r.stdout}\n${r.stderr}` };
}

/** path -> mode + sha256 of every file (without .git). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else
        out[p] = `${(statSync(join(dir, p)).mode & 0o777).toString(8)} ${createHash('sha256')
          .update(readFileSync(join(dir, p)))
          .digest('hex')}`;
    }
  };
  walk('');
  return out;
}

const copy = (from: string, name: string) => {
  const to = join(mkdtempSync(join(tmpdir(), `pyme-${name}-`)), 'tienda-demo');
  cpSync(from, to, { recursive: true });
  return to;
};

describe('upgrade through the CLI, interrupted and resumed', () => {
  let project: string;
  let done: string;
  let first: Awaited<ReturnType<typeof upgrade>>;

  beforeAll(async () => {
    project = join(mkdtempSync(join(tmpdir(), 'pyme-old-')), 'tienda-demo');
    await generateWith009(project, RECORDED);
    const read = (p: string) => readFileSync(join(project, p), 'utf8');
    writeFileSync(join(project, 'README.md'), `${read('README.md')}\n## Notas del equipo\n\nEl deploy es los viernes.\n`);
    writeFileSync(join(project, 'env.example'), `${read('env.example')}MY_API_KEY=\n`);
    writeFileSync(join(project, '.gitignore'), toCrlf(read('.gitignore')));
    rmSync(join(project, 'CONTRIBUTING.md'));
    done = copy(project, 'done');
    first = await upgrade(done);
  }, 120_000);

  it('an uninterrupted run upgrades to this version and exits 3 exactly when it left conflict markers', () => {
    const manifest = JSON.parse(readFileSync(join(done, '.pyme-stack.json'), 'utf8'));
    expect(manifest.generator.version).toBe(
      JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')).version,
    );
    expect(existsSync(join(done, 'env.example'))).toBe(false);
    const withMarkers = Object.keys(tree(done)).filter((p) => readFileSync(join(done, p), 'utf8').includes('<<<<<<< yours'));
    expect(first.exitCode).toBe(withMarkers.length > 0 ? EXIT.conflicts : EXIT.ok);
    for (const p of withMarkers) expect(first.out).toContain(p);
    expect(readFileSync(join(done, 'README.md'), 'utf8')).toContain('El deploy es los viernes.');
    expect(Object.keys(tree(done)).filter((p) => BOOKKEEPING.test(p))).toEqual([]);
  });

  it('a second run changes nothing (the base is now this version, rendered from its own templates)', async () => {
    const before = tree(done);
    const second = await upgrade(done, [], { PYME_STACK_BASE_TEMPLATES: '' });
    expect(second.out).not.toMatch(/could not|no se pudo|do not match|no coinciden/);
    expect(second.exitCode).toBe(first.exitCode); // unresolved conflicts are still listed
    expect(tree(done)).toEqual(before);
  }, 60_000);

  it('--dry-run --diff writes nothing and prints unified diffs', async () => {
    const dir = copy(project, 'dry');
    const before = tree(dir);
    const r = await upgrade(dir, ['--dry-run', '--diff']);
    expect(r.exitCode).toBe(first.exitCode);
    expect(r.out).toMatch(/^--- a\/README\.md\n\+\+\+ b\/README\.md\n@@ /m);
    expect(tree(dir)).toEqual(before);
  }, 60_000);

  it('in a git repo: refuses while dirty, but resumes its own interrupted run without --force', async () => {
    requireTool('git');
    const dir = copy(project, 'git');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'scaffold');
    writeFileSync(join(dir, 'notes.md'), 'wip\n');
    const refused = await upgrade(dir);
    expect(refused.exitCode).toBe(EXIT.input);
    expect(refused.out).toMatch(/uncommitted changes.*notes\.md/);
    rmSync(join(dir, 'notes.md'));
    const killed = await upgrade(dir, [], { PYME_STACK_TEST_KILL_AFTER: '4' });
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await upgrade(dir);
    expect(resumed.exitCode).toBe(first.exitCode);
    expect(Object.fromEntries(Object.entries(tree(dir)).filter(([p]) => !p.startsWith('.git/')))).toEqual(tree(done));
  }, 120_000);

  for (const killAfter of [1, 4, 9]) {
    it(`killed after ${killAfter} file(s): each file old or new, then a rerun finishes the same`, async () => {
      const old = tree(project);
      const upgraded = tree(done);
      const dir = copy(project, `kill${killAfter}`);
      const killed = await upgrade(dir, [], { PYME_STACK_TEST_KILL_AFTER: String(killAfter) });
      expect(killed.signal).toBe('SIGKILL');
      const now = tree(dir);
      const paths = new Set([...Object.keys(old), ...Object.keys(upgraded), ...Object.keys(now)]);
      let changed = 0;
      for (const p of paths) {
        if (BOOKKEEPING.test(p)) continue;
        expect([old[p], upgraded[p]], p).toContain(now[p]);
        if (now[p] !== old[p]) changed += 1;
      }
      expect(changed).toBe(killAfter); // it did stop part-way, after exactly that many files
      expect(now['.pyme-stack.json']).toBe(old['.pyme-stack.json']); // manifest last

      const resumed = await upgrade(dir);
      expect(resumed.exitCode).toBe(first.exitCode);
      expect(tree(dir)).toEqual(upgraded);
    }, 120_000);
  }
});
