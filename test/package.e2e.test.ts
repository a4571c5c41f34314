// What `npm create pyme-stack` downloads: the packed tarball, installed as npm installs it, then run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, REPO } from './support/tools.js';
import { ANSWER_SETS, expectSameAsRender, flagsFor, renderSet } from './support/generate.js';

let work: string;
let packed: { filename: string; files: { path: string }[] };
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pyme-package-'));
  // dist/ as `npm test` built it (prepare would rebuild it under the other test files' feet).
  cliBin();
  [packed] = JSON.parse(
    execFileSync('npm', ['pack', REPO, '--ignore-scripts', '--json', '--pack-destination', work], { cwd: work, encoding: 'utf8' }),
  );
}, 120_000);

describe('the published package', () => {
  it('holds the bundle, README and licence only: no templates/ folder, no sources, no tests', () => {
    const top = new Set(packed.files.map((f) => f.path.split('/')[0]));
    expect([...top].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('installs as one package and generates, byte for byte, what the in-memory render gives', async () => {
    const prefix = join(work, 'install');
    execFileSync('mkdir', ['-p', prefix]);
    execFileSync('npm', ['init', '-y'], { cwd: prefix, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)], {
      cwd: prefix,
      stdio: 'ignore',
    });
    const lock = JSON.parse(readFileSync(join(prefix, 'package-lock.json'), 'utf8'));
    expect(Object.keys(lock.packages).filter((p) => p !== '')).toEqual(['node_modules/create-pyme-stack']);

    const answers = ANSWER_SETS.es;
    const dir = join(work, 'generated');
    const bin = join(prefix, 'node_modules/.bin/create-pyme-stack');
    const r = await execa(bin, [dir, '--yes', '--no-git', ...flagsFor(answers)], { reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expectSameAsRender(dir, await renderSet(answers));
  }, 120_000);
});
