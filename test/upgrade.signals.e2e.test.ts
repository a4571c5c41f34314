// A signal at the Nth rename of an upgrade, injected there by strace (e2e lane: needs strace).
// Whatever N, the project ends all old (every written file restored) or all new, and the
// message says which.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { cliBin, requireTool } from './support/tools.js';
import { generateWith009, PREVIOUS, recordedBy009 } from './support/previous.js';
import { tree } from './support/tree.js';

const ENV = { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: PREVIOUS };
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
const copy = (from: string) => {
  const to = join(mkdtempSync(join(tmpdir(), 'pyme-signals-')), 'tienda-demo');
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
};

async function upgrade(dir: string, args: string[], inject?: string) {
  // A project on this version is its own base; one on 0.0.9 needs the fixture templates.
  const base = JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8')).generator.version === '0.0.9' ? PREVIOUS : '';
  const strace = requireTool('strace');
  const trace = inject ? [strace, '-f', '-qq', '-o', '/dev/null', '-e', 'trace=rename,renameat,renameat2', '-e', `inject=${inject}`] : [];
  const [cmd, ...rest] = [...trace, process.execPath, cliBin(), 'upgrade', dir, '--yes', ...args];
  const r = await execa(cmd!, rest, { reject: false, stdin: 'ignore', timeout: 60_000, env: { ...ENV, PYME_STACK_BASE_TEMPLATES: base } });
  return { exitCode: r.exitCode, out: `${r.stdout}\n${r.stderr}` };
}

const changedPaths = (a: Record<string, string>, b: Record<string, string>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((p) => a[p] !== b[p]).sort();

/** 0.0.9 → this version (about 100 files), and this version → --set metrics=true (a handful). */
const projects: Record<string, { dir: string; args: string[] }> = {};
beforeAll(async () => {
  requireTool('git');
  const old = join(mkdtempSync(join(tmpdir(), 'pyme-signals-old-')), 'tienda-demo');
  await generateWith009(old, recordedBy009());
  git(old, 'init', '-q');
  git(old, 'add', '-A');
  git(old, 'commit', '-qm', 'scaffold');
  const current = copy(old);
  expect([EXIT.ok, EXIT.conflicts]).toContain((await upgrade(current, [])).exitCode);
  git(current, 'add', '-A');
  git(current, 'commit', '-qm', 'upgrade');
  projects.old = { dir: old, args: [] };
  projects.current = { dir: current, args: ['--set', 'metrics=true'] };
}, 120_000);

describe('a signal at the Nth rename (strace injection): all old or all new, and the message says which', () => {
  for (const [which, signal, when, code] of [
    ['old', 'SIGINT', 2, 130],
    ['old', 'SIGTERM', 40, 143],
    ['current', 'SIGINT', 1, 130],
    ['current', 'SIGINT', 3, 130],
    ['current', 'SIGINT', 5, 130],
    ['current', 'SIGHUP', 6, 129],
    ['current', 'SIGTERM', 7, 143],
    ['current', 'SIGINT', 9, 130],
  ] as const) {
    it(`${which} project, ${signal} at rename ${when}`, async () => {
      const { dir: from, args } = projects[which]!;
      const dir = copy(from);
      const before = tree(dir);
      const r = await upgrade(dir, args, `rename,renameat,renameat2:signal=${signal}:when=${when}`);
      const after = tree(dir);
      if (r.exitCode === code) {
        // before the first file: nothing was written; after it: every file was put back
        expect(r.out).toMatch(/Cancelado: (no se escribió nada|el proyecto quedó como estaba)/);
        expect(changedPaths(before, after)).toEqual([]);
      } else {
        // The signal came after the last rename: the upgrade is whole, and says so.
        expect([EXIT.ok, EXIT.conflicts], r.out).toContain(r.exitCode);
        expect(after['.pyme-stack.json']).not.toBe(before['.pyme-stack.json']);
        expect(r.out).not.toMatch(/Cancel/);
      }
    });
  }
});
