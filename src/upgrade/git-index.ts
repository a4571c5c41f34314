// Conflicts as git sees them: when the project is a git repository, each conflicted file is
// recorded as unmerged in the index (stage 1 the old template's output, 2 the founder's copy,
// 3 the new output), so `git status` lists it as such, `git mergetool` opens it and
// `git commit -a` refuses until it is resolved and added.
import { spawnSync } from 'node:child_process';
import type { PlanEntry } from './plan-entry.js';

const git = (cwd: string, args: string[], input?: Buffer | string) => spawnSync('git', args, { cwd, input });

/** Writes the stages; returns an error text, or undefined (also when dir is not in a git repo). */
export function recordConflicts(dir: string, plan: PlanEntry[]): string | undefined {
  const entries = plan.filter((e) => e.status === 'conflict' && e.sides && !e.done);
  if (entries.length === 0) return undefined;
  const prefix = git(dir, ['rev-parse', '--show-prefix']);
  if (prefix.status !== 0) return undefined; // not a git work tree (or no git): nothing to record
  const inRepo = (path: string) => `${prefix.stdout.toString('utf8').trim()}${path}`;
  const lines: string[] = [];
  for (const e of entries) {
    const { base, ours, theirs, mode } = e.sides!;
    const gitMode = mode & 0o111 ? '100755' : '100644';
    lines.push(`0 ${'0'.repeat(40)}\t${inRepo(e.path)}`); // drop stage 0 first, as git wants
    const stages: [number, Buffer | undefined][] = [
      [1, base],
      [2, ours],
      [3, theirs],
    ];
    for (const [stage, content] of stages) {
      if (!content) continue;
      const blob = git(dir, ['hash-object', '-w', '--stdin'], content);
      if (blob.status !== 0) return blob.stderr.toString('utf8').trim();
      lines.push(`${gitMode} ${blob.stdout.toString('utf8').trim()} ${stage}\t${inRepo(e.path)}`);
    }
  }
  const update = git(dir, ['update-index', '--index-info'], `${lines.join('\n')}\n`);
  return update.status === 0 ? undefined : update.stderr.toString('utf8').trim();
}
