// The first commit as a Windows founder's git makes it, and a checkout on Windows: what reaches
// the VPS must still be executable and LF.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { ANSWER_SETS, flagsFor, renderSet } from './support/generate.js';
import { cliBin, requireTool } from './support/tools.js';
import { initialCommit } from '../src/git.js';

// Git for Windows sets core.fileMode=false (git then records every new file as 100644, whatever
// the disk says) and core.autocrlf=true (text files are checked out with CRLF unless
// .gitattributes says otherwise). GIT_CONFIG_COUNT applies them like `git -c`, over the repo's config.
const windowsGit = {
  GIT_CONFIG_COUNT: '2',
  GIT_CONFIG_KEY_0: 'core.fileMode',
  GIT_CONFIG_VALUE_0: 'false',
  GIT_CONFIG_KEY_1: 'core.autocrlf',
  GIT_CONFIG_VALUE_1: 'true',
};
const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@localhost' };
const git = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...identity, ...env } });

/** path -> mode git recorded in HEAD ("100644" / "100755"). */
const recordedModes = (dir: string) =>
  new Map(
    git(dir, ['ls-tree', '-r', 'HEAD'])
      .trim()
      .split('\n')
      .map((line) => [line.split('\t')[1]!, line.split(' ')[0]!]),
  );

const VPS_FILES = [
  'ops/backup/backup-postgres-to-r2.sh',
  'ops/backup/restore-from-r2.sh',
  'ops/backup/cron/backup-postgres',
  'backend/Dockerfile',
  '.github/scripts/dokploy-deploy.sh',
];

describe('first commit and checkout on Windows', () => {
  let dir = '';
  beforeAll(async () => {
    requireTool('git');
    cliBin();
    dir = join(mkdtempSync(join(tmpdir(), 'pyme-git-')), 'tienda');
    const r = await runCli([dir, '--yes', ...flagsFor(ANSWER_SETS.es)], { env: { ...windowsGit, ...identity } });
    expect(r.exitCode, r.stderr).toBe(0);
  }, 60_000);

  it('records every executable file as 100755 even when git ignores the file mode', async () => {
    const files = await renderSet(ANSWER_SETS.es);
    const executables = [...files]
      .filter(([, f]) => f.mode & 0o111)
      .map(([p]) => p)
      .sort();
    expect(executables).toContain('ops/backup/backup-postgres-to-r2.sh');
    const modes = recordedModes(dir);
    expect(
      [...modes]
        .filter(([, m]) => m === '100755')
        .map(([p]) => p)
        .sort(),
    ).toEqual(executables);
  });

  it('without the explicit modes, the same git records 100644 (the check above can fail)', () => {
    const plain = mkdtempSync(join(tmpdir(), 'pyme-git-plain-'));
    writeFileSync(join(plain, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    const extra: Record<string, string> = { ...windowsGit, ...identity };
    const saved = Object.fromEntries(Object.keys(extra).map((key) => [key, process.env[key]]));
    Object.assign(process.env, extra);
    try {
      expect(initialCommit(plain, 'plain')).toBeUndefined();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(recordedModes(plain).get('run.sh')).toBe('100644');
  });

  it('checks scripts, cron and systemd files and Dockerfiles out with LF under core.autocrlf=true', () => {
    const clone = join(mkdtempSync(join(tmpdir(), 'pyme-clone-')), 'c');
    git(dir, ['clone', '-q', dir, clone], windowsGit);
    expect(readFileSync(join(clone, '.gitattributes'), 'utf8')).toContain('* text=auto eol=lf');
    for (const path of [...VPS_FILES, 'ops/backup/systemd/backup-postgres.service']) {
      expect(readFileSync(join(clone, path), 'utf8'), path).not.toContain('\r');
    }
  });

  it('without .gitattributes the same clone gets CRLF (the check above can fail)', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'pyme-noattr-')), 'c');
    git(dir, ['clone', '-q', dir, copy]);
    git(copy, ['rm', '-q', '.gitattributes']);
    git(copy, ['commit', '-q', '-m', 'no attributes']);
    const clone = join(mkdtempSync(join(tmpdir(), 'pyme-clone-')), 'c');
    git(copy, ['clone', '-q', copy, clone], windowsGit);
    expect(readFileSync(join(clone, 'ops/backup/backup-postgres-to-r2.sh'), 'utf8')).toContain('\r\n');
  });
});

// A project generated inside another work tree (the generator's own checkout, a monorepo): the
// founder still needs its own repository, or `git remote add origin` fails and `git push` pushes
// the enclosing repository.
describe('generated inside another git work tree', () => {
  const outer = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyme-outer-'));
    git(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(join(dir, 'outer.txt'), 'outer\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'outer']);
    return dir;
  };

  it('gets its own repository with its first commit and a line saying so', async () => {
    requireTool('git');
    const parent = outer();
    const dir = join(parent, 'tienda');
    const r = await runCli([dir, '--yes', ...flagsFor(ANSWER_SETS.en)], { env: identity });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(realpathSync(git(dir, ['rev-parse', '--show-toplevel']).trim())).toBe(realpathSync(dir));
    expect(git(dir, ['log', '--oneline'])).toMatch(/scaffold/);
    expect(git(dir, ['log', '--oneline'])).not.toMatch(/outer/);
    expect(r.stdout).toContain(`inside the git repository ${realpathSync(parent)}`);
    expect(r.stdout).toContain('--no-git');
    // the enclosing repository is untouched: still one commit, the project is only untracked there
    expect(git(parent, ['rev-list', '--count', 'HEAD']).trim()).toBe('1');
  }, 60_000);

  it('with --no-git leaves it to the enclosing repository and says nothing about git', async () => {
    requireTool('git');
    const parent = outer();
    const dir = join(parent, 'tienda');
    const r = await runCli([dir, '--yes', '--no-git', ...flagsFor(ANSWER_SETS.en)], { env: identity });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(dir, '.git'))).toBe(false);
    expect(r.stdout).not.toMatch(/git repository/i);
  }, 60_000);

  it('a folder that already is its own repository (holding only .git) gets the first commit in it', async () => {
    requireTool('git');
    const dir = join(mkdtempSync(join(tmpdir(), 'pyme-own-')), 'tienda');
    execFileSync('git', ['init', '-q', '-b', 'main', dir]);
    const r = await runCli([dir, '--yes', ...flagsFor(ANSWER_SETS.en)], { env: identity });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(git(dir, ['log', '--oneline'])).toMatch(/scaffold/);
  }, 60_000);

  it('a folder that is a repository with history (--force) is not committed into, and says so', async () => {
    requireTool('git');
    const dir = outer();
    const r = await runCli([dir, '--yes', '--force', ...flagsFor(ANSWER_SETS.en)], { env: identity });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(git(dir, ['rev-list', '--count', 'HEAD']).trim()).toBe('1');
    expect(r.stdout).toContain('already is a git repository with commits');
  }, 60_000);
});
