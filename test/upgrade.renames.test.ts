// Issue 27: a generated file the founder renamed keeps getting the template's changes. Upgrades
// the fixture 0.0.9 project to this package's templates, through the CLI.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { cliBin, requireTool } from './support/tools.js';
import { generateWith009, PREVIOUS, recordedBy009 } from './support/previous.js';

async function upgrade(dir: string) {
  const r = await execa(process.execPath, [cliBin(), 'upgrade', dir, '--yes'], {
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
    env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: PREVIOUS },
  });
  return { exitCode: r.exitCode, out: `${r.stdout}\n${r.stderr}` };
}
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });

let project: string;
let plain: string; // the same project upgraded without any rename
beforeAll(async () => {
  requireTool('git');
  project = join(mkdtempSync(join(tmpdir(), 'pyme-renames-')), 'tienda-demo');
  await generateWith009(project, recordedBy009({ lang: 'en' }));
  plain = join(mkdtempSync(join(tmpdir(), 'pyme-renames-plain-')), 'tienda-demo');
  cpSync(project, plain, { recursive: true });
  expect([EXIT.ok, EXIT.conflicts]).toContain((await upgrade(plain)).exitCode);
}, 120_000);

const copy = () => {
  const to = join(mkdtempSync(join(tmpdir(), 'pyme-renames-')), 'tienda-demo');
  cpSync(project, to, { recursive: true });
  return to;
};

describe('a generated file the founder renamed', () => {
  for (const history of [false, true]) {
    it(`README.md renamed to LEEME.md (${history ? 'committed in git' : 'no git history'}): merged into LEEME.md, reported as renamed`, async () => {
      const dir = copy();
      if (history) {
        git(dir, 'init', '-q');
        git(dir, 'add', '-A');
        git(dir, 'commit', '-qm', 'scaffold');
      }
      renameSync(join(dir, 'README.md'), join(dir, 'LEEME.md'));
      if (history) {
        git(dir, 'add', '-A');
        git(dir, 'commit', '-qm', 'rename');
      }
      const r = await upgrade(dir);
      expect([EXIT.ok, EXIT.conflicts], r.out).toContain(r.exitCode);
      expect(r.out).toMatch(/merged\s+LEEME\.md\s+\+\d+ −\d+\s+\(renamed from README\.md\)/);
      expect(r.out).not.toMatch(/deleted\s+README\.md/);
      expect(existsSync(join(dir, 'README.md'))).toBe(false);
      // the renamed copy got exactly what an upgrade of README.md gives
      expect(readFileSync(join(dir, 'LEEME.md'), 'utf8')).toBe(readFileSync(join(plain, 'README.md'), 'utf8'));
    });
  }

  it('renamed and edited: the edit is kept (merged, or a conflict holding both)', async () => {
    const dir = copy();
    renameSync(join(dir, 'README.md'), join(dir, 'LEEME.md'));
    writeFileSync(join(dir, 'LEEME.md'), `${readFileSync(join(dir, 'LEEME.md'), 'utf8')}\n## Team notes\n\nDeploys on Fridays.\n`);
    const r = await upgrade(dir);
    expect(r.out).toMatch(/(merged|conflict)\s+LEEME\.md\s+\+\d+ −\d+\s+\(renamed from README\.md\)/);
    expect(readFileSync(join(dir, 'LEEME.md'), 'utf8')).toContain('Deploys on Fridays.');
    expect(existsSync(join(dir, 'README.md'))).toBe(false);
  });

  it('a generated file deleted with nothing like it on disk: still "deleted", nothing else touched', async () => {
    const dir = copy();
    rmSync(join(dir, 'README.md'));
    writeFileSync(join(dir, 'notes.md'), 'nothing like a README\n');
    const r = await upgrade(dir);
    expect(r.out).toMatch(/deleted\s+README\.md/);
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('nothing like a README\n');
  });
});

describe('issue 27: run from a subfolder', () => {
  it('upgrade in backend/ finds the project in the folder above, as git and npm do', async () => {
    const dir = copy();
    const r = await execa(process.execPath, [cliBin(), 'upgrade', '--yes'], {
      cwd: join(dir, 'ops', 'backup'),
      reject: false,
      stdin: 'ignore',
      timeout: 60_000,
      env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: PREVIOUS },
    });
    expect([EXIT.ok, EXIT.conflicts], `${r.stdout}\n${r.stderr}`).toContain(r.exitCode);
    expect(JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8')).generator.version).not.toBe('0.0.9');
  });

  it('no project above either: the usual "not a create-pyme-stack project"', async () => {
    const lonely = mkdtempSync(join(tmpdir(), 'pyme-lonely-'));
    const r = await execa(process.execPath, [cliBin(), 'upgrade', '--yes'], {
      cwd: lonely,
      reject: false,
      stdin: 'ignore',
      env: { LANG: 'en_US.UTF-8' },
    });
    expect(r.exitCode).toBe(EXIT.input);
    expect(r.stderr).toMatch(/is not a create-pyme-stack project/);
  });
});

describe('issue 27: kept files only with --verbose', () => {
  it('a run that changes nothing lists no kept file; --verbose lists them', async () => {
    const dir = copy();
    await upgrade(dir);
    writeFileSync(join(dir, 'backend/src/app.ts'), `${readFileSync(join(dir, 'backend/src/app.ts'), 'utf8')}// mine\n`);
    const run = (args: string[]) =>
      execa(process.execPath, [cliBin(), 'upgrade', dir, '--yes', '--force', ...args], {
        reject: false,
        stdin: 'ignore',
        env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: '' },
      });
    const quiet = await run([]);
    expect(quiet.stdout).toMatch(/1 kept/); // still counted
    expect(quiet.stdout).not.toMatch(/^\s+kept\s+backend\/src\/app\.ts/m);
    const verbose = await run(['--verbose']);
    expect(verbose.stdout).toMatch(/^\s+kept\s+backend\/src\/app\.ts/m);
  });
});
