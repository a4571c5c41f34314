// `git init` + a first commit, so the founder can push to GitHub right away.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

const run = (cwd: string, args: string[], env?: NodeJS.ProcessEnv) =>
  spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });

export function hasGit(): boolean {
  return run(process.cwd(), ['--version']).status === 0;
}

export type RepoState =
  | { kind: 'none' } // no repository here or above: ours to create
  | { kind: 'own'; committed: boolean } // the folder is itself a repository's top (it held only .git, or --force)
  | { kind: 'enclosed'; top: string }; // inside another repository's work tree (a checkout, a monorepo)

/** Where `dir` stands: decides whether its first commit is ours to make. */
export function repoState(dir: string): RepoState {
  const top = run(dir, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) return { kind: 'none' };
  const topDir = realpathSync(top.stdout.trim());
  if (topDir !== realpathSync(dir)) return { kind: 'enclosed', top: topDir };
  return { kind: 'own', committed: run(dir, ['rev-parse', '-q', '--verify', 'HEAD']).status === 0 };
}

/**
 * Returns an error text, or undefined when the first commit was made. `executables` are recorded
 * as 100755 whatever the file system says: a Windows git (core.fileMode false) records every new
 * file as 644, and the backup script and the cron job would then not run on the VPS.
 */
export function initialCommit(dir: string, message: string, executables: string[] = []): string | undefined {
  const init = run(dir, ['init', '-q', '-b', 'main']);
  if (init.status !== 0) return init.stderr.trim();
  run(dir, ['add', '-A']);
  if (executables.length > 0) {
    const chmod = run(dir, ['update-index', '--chmod=+x', '--', ...executables]);
    if (chmod.status !== 0) return chmod.stderr.trim();
  }
  // A machine without a git identity still gets its first commit.
  const identity = run(dir, ['config', 'user.email']).stdout.trim()
    ? {}
    : {
        GIT_AUTHOR_NAME: 'create-pyme-stack',
        GIT_AUTHOR_EMAIL: 'create-pyme-stack@localhost',
        GIT_COMMITTER_NAME: 'create-pyme-stack',
        GIT_COMMITTER_EMAIL: 'create-pyme-stack@localhost',
      };
  const commit = run(dir, ['commit', '-q', '--no-verify', '-m', message], identity);
  return commit.status === 0 ? undefined : commit.stderr.trim();
}
