// `upgrade` through the CLI against what a hostile manifest, a clumsy founder or a killed run
// leaves: two upgrades at once, paths outside the project, symlinked folders, stray bookkeeping.
// Upgrades the fixture 0.0.9 project to this package's real templates.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { cliBin, requireTool } from './support/tools.js';
import { generateWith009, PREVIOUS, recordedBy009 } from './support/previous.js';

async function upgrade(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const r = await execa(process.execPath, [cliBin(), 'upgrade', dir, '--yes', ...args], {
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
    env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: PREVIOUS, ...env },
  });
  return { exitCode: r.exitCode, out: `${r.stdout}\n${r.stderr}` };
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === '.git') continue;
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

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
let project: string;
let done: string;
let doneCode: number | undefined;
const copy = (from: string) => {
  const to = join(mkdtempSync(join(tmpdir(), 'pyme-usafe-')), 'tienda-demo');
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
};
const editManifest = (dir: string, change: (m: { files: Record<string, { sha256: string }> }) => void) => {
  const m = JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8'));
  change(m);
  writeFileSync(join(dir, '.pyme-stack.json'), `${JSON.stringify(m, null, 2)}\n`);
};
const gitCommitAll = (dir: string) => {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'scaffold');
};

beforeAll(async () => {
  project = join(mkdtempSync(join(tmpdir(), 'pyme-usafe-old-')), 'tienda-demo');
  await generateWith009(project, recordedBy009());
  done = copy(project);
  doneCode = (await upgrade(done)).exitCode;
  expect([EXIT.ok, EXIT.conflicts]).toContain(doneCode);
}, 120_000);

describe('two upgrades of one project at once', () => {
  it('20 trials: the folder lock lets one through; the files and the manifest always match one whole upgrade', async () => {
    let refused = 0;
    for (let trial = 0; trial < 20; trial++) {
      const dir = copy(project);
      const runs = await Promise.all([upgrade(dir), upgrade(dir)]);
      for (const r of runs) {
        if (r.exitCode === EXIT.input) {
          expect(r.out).toMatch(/another create-pyme-stack \(pid \d+\) is writing into this folder/);
          refused += 1;
        } else {
          expect(r.exitCode, r.out).toBe(doneCode);
        }
      }
      expect(tree(dir)).toEqual(tree(done));
    }
    expect(refused).toBeGreaterThan(0); // they did overlap
  }, 300_000);
});

describe('paths from the manifest stay inside the project', () => {
  it.each(['../victim.txt', '/tmp/pyme-victim.txt', 'ops/../../victim.txt'])(
    'a manifest entry %j: refused, nothing outside (or inside) touched',
    async (path) => {
      const dir = copy(project);
      const victim = path.startsWith('/') ? path : join(dir, '..', 'victim.txt');
      writeFileSync(victim, 'do not delete\n');
      // Recorded as generated and untouched, and the template no longer has it: a plain "removed".
      editManifest(dir, (m) => {
        m.files[path] = { sha256: sha('do not delete\n') };
      });
      const before = tree(dir);
      const r = await upgrade(dir);
      expect(r.exitCode).toBe(EXIT.input);
      expect(r.out).toContain(`.pyme-stack.json: the path ${JSON.stringify(path)} leaves the project folder`);
      expect(readFileSync(victim, 'utf8')).toBe('do not delete\n');
      expect(tree(dir)).toEqual(before);
      rmSync(victim); // it is outside the run's temp folder when absolute
    },
  );

  it('a committed symlink to a folder elsewhere: refused, nothing written through it', async () => {
    const dir = copy(project);
    const outside = mkdtempSync(join(tmpdir(), 'pyme-outside-'));
    cpSync(join(dir, 'ops/backup'), outside, { recursive: true });
    const outsideBefore = tree(outside);
    execFileSync('rm', ['-r', join(dir, 'ops/backup')]);
    symlinkSync(outside, join(dir, 'ops/backup'));
    const r = await upgrade(dir);
    expect(r.exitCode).toBe(EXIT.input);
    // once the answers are read the run speaks the project's language (Spanish here), errors too
    expect(r.out).toMatch(/"ops\/backup" es un enlace simbólico; no se escribe a través de él/);
    expect(tree(outside)).toEqual(outsideBefore);
  });
});

describe('Ctrl-C during an upgrade', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} half-way through the files: exit ${code}, every file as it was, no journal, lock or staging left`, async () => {
      const dir = copy(project);
      const before = tree(dir);
      const child = execa(process.execPath, [cliBin(), 'upgrade', dir, '--yes'], {
        reject: false,
        stdin: 'ignore',
        timeout: 60_000,
        env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: PREVIOUS, PYME_STACK_TEST_PAUSE_AFTER: '3' },
      });
      let sent = false;
      child.stderr!.on('data', (chunk: Buffer) => {
        if (!sent && chunk.toString().includes('paused')) {
          sent = true;
          child.kill(signal);
        }
      });
      const r = await child;
      expect(sent).toBe(true);
      expect(r.exitCode, String(r.stderr)).toBe(code);
      // the project's language; files were already replaced, so the message says they were put back
      expect(String(r.stderr)).toContain('Cancelado: el proyecto quedó como estaba');
      expect(tree(dir)).toEqual(before);
    });
  }
});

describe('a full disk during an upgrade', () => {
  it('ENOSPC half-way: one clear line, exit 1, every file as it was, nothing half-written', async () => {
    const dir = copy(project);
    const before = tree(dir);
    const r = await upgrade(dir, [], { PYME_STACK_TEST_FAIL_AFTER: '4:ENOSPC', LANG: 'es_MX.UTF-8' });
    expect(r.exitCode).toBe(EXIT.input);
    expect(r.out).toMatch(/no queda espacio en el disco \(ENOSPC\)\. No se escribió nada\./);
    // write(2) names no file; the message does (the project's path, never the staging folder)
    expect(r.out).toMatch(/✖ \S*tienda-demo\/\S+: no queda espacio en el disco/);
    expect(r.out).not.toMatch(/pyme-stack-tmp|error nuestro/);
    expect(tree(dir)).toEqual(before);
  });
});

describe('what a killed run leaves does not block the next one', () => {
  it('a staging folder (killed between writing the journal and renaming it) and 0.1.0\'s journal .tmp: cleaned, not "uncommitted changes"', async () => {
    requireTool('git');
    const dir = copy(project);
    gitCommitAll(dir);
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(dir, `.pyme-stack-tmp-${deadPid}-0`));
    writeFileSync(join(dir, `.pyme-stack-tmp-${deadPid}-0`, 'journal'), '{"to":');
    writeFileSync(join(dir, '.pyme-stack-upgrade.json.tmp'), '{"to":');
    writeFileSync(join(dir, '.pyme-stack.lock'), `${deadPid}\n`);
    const r = await upgrade(dir);
    expect(r.exitCode, r.out).toBe(doneCode);
    expect(tree(dir)).toEqual(tree(done));
  });
});

describe('migrations', () => {
  it('rename a file only when the manifest recorded it at the old path', async () => {
    const dir = copy(project);
    // The founder's own env.example (not generated: the manifest does not list it) stays theirs.
    editManifest(dir, (m) => {
      delete m.files['env.example'];
    });
    writeFileSync(join(dir, 'env.example'), 'MINE=1\n');
    const r = await upgrade(dir);
    expect([EXIT.ok, EXIT.conflicts]).toContain(r.exitCode);
    expect(readFileSync(join(dir, 'env.example'), 'utf8')).toBe('MINE=1\n');
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toBe(readFileSync(join(done, '.env.example'), 'utf8'));
    expect(r.out).not.toMatch(/moved from env\.example/);
  });
});
