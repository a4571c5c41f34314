// `upgrade` through the CLI against a hostile manifest and tree (issue 23): entries reaching into
// .git or our own bookkeeping, committed symlinked files, and a signal at the Nth rename (strace
// injects it exactly there). Upgrades the fixture 0.0.9 project to this package's templates.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { cliBin, requireTool } from './support/tools.js';
import { tree } from './support/tree.js';
import { generateWith009, PREVIOUS, recordedBy009 } from './support/previous.js';

const ENV = { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: PREVIOUS };

async function upgrade(dir: string, args: string[] = [], prefix: string[] = []) {
  const [cmd, ...rest] = [...prefix, process.execPath, cliBin(), 'upgrade', dir, '--yes', ...args];
  const r = await execa(cmd!, rest, { reject: false, stdin: 'ignore', timeout: 60_000, env: ENV });
  return { exitCode: r.exitCode, out: `${r.stdout}\n${r.stderr}` };
}

const sha = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');
const copy = (from: string) => {
  const to = join(mkdtempSync(join(tmpdir(), 'pyme-hostile-')), 'tienda-demo');
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
};
const editManifest = (dir: string, change: (m: { files: Record<string, { sha256: string }>; deletedByFounder?: string[] }) => void) => {
  const m = JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8'));
  change(m);
  writeFileSync(join(dir, '.pyme-stack.json'), `${JSON.stringify(m, null, 2)}\n`);
};
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });

let project: string;
beforeAll(async () => {
  requireTool('git');
  project = join(mkdtempSync(join(tmpdir(), 'pyme-hostile-old-')), 'tienda-demo');
  await generateWith009(project, recordedBy009());
  git(project, 'init', '-q');
  git(project, 'add', '-A');
  git(project, 'commit', '-qm', 'scaffold');
}, 120_000);

describe('.git and our bookkeeping are never reached through the manifest', () => {
  it.each([
    '.git/HEAD',
    './.git/HEAD',
    '.GIT/HEAD',
    '.Git/config',
    'ops/../.git/HEAD',
    'sub/.git/x',
    '.pyme-stack-tmp-1-0/journal',
    '.pyme-stack.lock',
  ])("an entry %j (with the file's real sha256): refused, .git and every file untouched", async (path) => {
    const dir = copy(project);
    editManifest(dir, (m) => {
      m.files[path] = { sha256: sha(readFileSync(join(dir, '.git/HEAD'))) };
    });
    git(dir, 'commit', '-qam', 'manifest');
    const before = tree(dir);
    const r = await upgrade(dir);
    expect(r.exitCode, r.out).toBe(EXIT.input);
    expect(r.out).toMatch(/\.pyme-stack\.json: .* (is inside \.git|belongs to create-pyme-stack)/);
    expect(tree(dir)).toEqual(before);
    expect(git(dir, 'rev-parse', '--is-inside-work-tree').trim()).toBe('true');
  });

  it('a deletedByFounder entry under .git: refused too', async () => {
    const dir = copy(project);
    editManifest(dir, (m) => {
      m.deletedByFounder = ['.git/index'];
    });
    const before = tree(dir);
    const r = await upgrade(dir, ['--force']);
    expect(r.exitCode, r.out).toBe(EXIT.input);
    expect(tree(dir)).toEqual(before);
  });
});

describe("a symlinked file is the founder's: never read, merged or written through", () => {
  it('README.md -> ../outside-secret.txt (committed): kept with a note, the secret never copied in', async () => {
    const dir = copy(project);
    const secret = join(dir, '..', 'outside-secret.txt');
    writeFileSync(secret, 'TOP SECRET\n');
    rmSync(join(dir, 'README.md'));
    symlinkSync('../outside-secret.txt', join(dir, 'README.md'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'link');
    const r = await upgrade(dir);
    expect([EXIT.ok, EXIT.conflicts], r.out).toContain(r.exitCode);
    expect(r.out).toMatch(/kept\s+README\.md\s+\(enlace simbólico: es tuyo, se deja como está\)/);
    expect(lstatSync(join(dir, 'README.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(secret, 'utf8')).toBe('TOP SECRET\n');
    for (const p of Object.keys(tree(dir)))
      if (!p.startsWith('.git/') && p !== 'README.md') expect(readFileSync(join(dir, p), 'utf8')).not.toContain('TOP SECRET');
  });
});
