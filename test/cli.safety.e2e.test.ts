// The built CLI against a hostile or clumsy world: signals while writing, a full or read-only
// disk, names at the file system's limit, and two runs into one folder at once.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { cliBin, requireTool } from './support/tools.js';

const PHONE = ['--alert-phone', '+52 55 1234 5678'];
const parentDir = () => mkdtempSync(join(tmpdir(), 'pyme-safety-'));
beforeAll(() => void cliBin());

/** Every file under dir (without .git) -> sha256. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === '.git') continue;
      if (e.isDirectory()) walk(p);
      else
        out[p] = createHash('sha256')
          .update(readFileSync(join(dir, p)))
          .digest('hex');
    }
  };
  walk('');
  return out;
}

/** The folder holds exactly what its manifest records: one run's project, nothing mixed in. */
function expectOneWholeProject(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8')) as { files: Record<string, { sha256: string }> };
  const onDisk = tree(dir);
  delete onDisk['.pyme-stack.json'];
  expect(onDisk).toEqual(Object.fromEntries(Object.entries(manifest.files).map(([p, f]) => [p, f.sha256])));
}

/** Runs the CLI paused after `after` files (PYME_STACK_TEST_PAUSE_AFTER), sends signal, waits. */
async function signalled(args: string[], signal: NodeJS.Signals, after = 3, env: Record<string, string> = {}) {
  const child = execa(process.execPath, [cliBin(), ...args], {
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
    env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_TEST_PAUSE_AFTER: String(after), ...env },
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
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('signals while writing', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} into a new folder: exit ${code}, nothing left, no git`, async () => {
      requireTool('git');
      const parent = parentDir();
      const r = await signalled([join(parent, 'app'), '--yes', ...PHONE], signal);
      expect(r.exitCode, r.stderr).toBe(code);
      expect(r.stderr).toContain('Cancelled: nothing was written.');
      expect(r.stdout).not.toMatch(/Git repository|Project created/);
      expect(readdirSync(parent)).toEqual([]);
    });
  }

  it('SIGINT during --force into a folder: every file back as it was, no lock left', async () => {
    const dir = join(parentDir(), 'app');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.md'), 'old readme');
    writeFileSync(join(dir, 'notas.txt'), 'mío');
    const before = tree(dir);
    // pause after the staged files are renamed into place, half-way
    const r = await signalled([dir, '--yes', '--force', '--no-git', ...PHONE], 'SIGINT', 40);
    expect(r.exitCode, r.stderr).toBe(130);
    expect(tree(dir)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'notas.txt']);
  });
});

describe('Ctrl-C after the project is written', () => {
  it('during --install (the terminal signals the whole group): exit 130, says the project is written, no next steps', async () => {
    requireTool('bash');
    const parent = parentDir();
    const bin = join(parent, 'bin');
    mkdirSync(bin);
    const started = join(parent, 'install-started');
    // A slow install, as npm ci or bun install on a slow connection. The marker is written by bash
    // itself (no child), then the script becomes `sleep`: a Ctrl-C that lands while bash waits for a
    // child that exits 0 (a `touch`) is taken as handled by it, and bash would carry on.
    for (const tool of ['npm', 'bun']) {
      writeFileSync(join(bin, tool), `#!/usr/bin/env bash\n: > ${JSON.stringify(started)}\nexec sleep 20\n`, { mode: 0o755 });
    }
    const child = execa(process.execPath, [cliBin(), join(parent, 'app'), '--yes', '--no-git', '--install', ...PHONE], {
      reject: false,
      stdin: 'ignore',
      detached: true, // its own process group, as a shell gives a foreground job
      timeout: 30_000,
      env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', PATH: `${bin}:${process.env.PATH}` },
    });
    for (const since = Date.now(); !existsSync(started); await new Promise((r) => setTimeout(r, 20)))
      if (Date.now() - since > 20_000) throw new Error(`the install did not start in 20 s: ${String((await child).stderr)}`);
    process.kill(-child.pid!, 'SIGINT');
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(130);
    expect(String(r.stderr)).toContain('Cancelled: the project was already written; what came next (git, installs) did not finish.');
    expect(String(r.stdout)).not.toContain('Next steps');
  });
});

describe('file system errors: one clear line, exit 1, nothing left', () => {
  it.each([
    ['ENOSPC', 'en_US.UTF-8', /no space left on the disk \(ENOSPC\)\. Nothing was written\./],
    ['ENOSPC', 'es_MX.UTF-8', /no queda espacio en el disco \(ENOSPC\)\. No se escribió nada\./],
    ['EROFS', 'en_US.UTF-8', /the file system is read-only \(EROFS\)/],
    ['EACCES', 'en_US.UTF-8', /you have no permission to write there \(EACCES\)/],
  ])('%s (%s) half-way through a new folder', async (code, lang, message) => {
    const parent = parentDir();
    const r = await runCli([join(parent, 'app'), '--yes', '--no-git', ...PHONE], {
      env: { PYME_STACK_TEST_FAIL_AFTER: `5:${code}`, LANG: lang },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/app\//); // names where the file was going, not a staging path
    expect(r.stderr).not.toMatch(/pyme-stack-tmp|our bug|error nuestro/);
    expect(readdirSync(parent)).toEqual([]); // no half-written file, no staging folder
  });

  it('ENOSPC half-way through --force: the folder is as it was, no staged file left', async () => {
    const dir = join(parentDir(), 'app');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.md'), 'old readme');
    const r = await runCli([dir, '--yes', '--force', '--no-git', ...PHONE], { env: { PYME_STACK_TEST_FAIL_AFTER: '7:ENOSPC' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no space left on the disk/);
    expect(readdirSync(dir)).toEqual(['README.md']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('old readme');
  });

  it('a folder name over 255 bytes: "name too long", exit 1, nothing left', async () => {
    const parent = parentDir();
    const r = await runCli([join(parent, 'a'.repeat(256)), '--yes', '--no-git', ...PHONE]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/the name is too long for the file system \(ENAMETOOLONG\)/);
    expect(r.stderr).not.toMatch(/our bug/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a folder name of exactly 255 bytes works', async () => {
    const parent = parentDir();
    const r = await runCli([join(parent, 'a'.repeat(255)), '--yes', '--no-git', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    expectOneWholeProject(join(parent, 'a'.repeat(255)));
    expect(readdirSync(parent)).toEqual(['a'.repeat(255)]);
  });
});

describe('two generations into one folder at once', () => {
  const race = async (dir: string) => {
    const runs = await Promise.all([
      runCli([dir, '--yes', '--no-git', '--alert-phone', '+52 55 1111 1111']),
      runCli([dir, '--yes', '--no-git', '--alert-phone', '+52 55 2222 2222']),
    ]);
    const codes = runs.map((r) => r.exitCode).sort();
    expect(codes, runs.map((r) => r.stderr).join('\n')).toEqual([0, 1]);
    const loser = runs.find((r) => r.exitCode === 1)!;
    expect(loser.stderr).toMatch(/another run wrote into this folder|another create-pyme-stack|not empty/);
    expectOneWholeProject(dir);
  };

  it('a new folder (and new parents): one wins whole, the other exits 1 and removes nothing of it (8 trials)', async () => {
    for (let trial = 0; trial < 8; trial++) {
      const parent = parentDir();
      await race(join(parent, 'new', 'app'));
      expect(readdirSync(join(parent, 'new'))).toEqual(['app']);
    }
  }, 120_000);

  it('a folder holding only .git: one wins whole, the other exits 1 (8 trials)', async () => {
    requireTool('git');
    for (let trial = 0; trial < 8; trial++) {
      const dir = join(parentDir(), 'app');
      mkdirSync(dir);
      execFileSync('git', ['init', '-q'], { cwd: dir });
      await race(dir);
      expect(statSync(join(dir, '.git')).isDirectory()).toBe(true);
    }
  }, 120_000);
});

describe('leftovers and next steps', () => {
  it('the staging folder of a SIGKILLed run is removed by the next run in that folder', async () => {
    const parent = parentDir();
    const killed = await runCli([join(parent, 'app'), '--yes', '--no-git', ...PHONE], { env: { PYME_STACK_TEST_KILL_AFTER: '2' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(parent)).toEqual([expect.stringMatching(/^\.pyme-stack-tmp-\d+-\d+$/)]);
    const r = await runCli([join(parent, 'app'), '--yes', '--no-git', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual(['app']);
  });

  it('an install that cannot run says so in one line, exit 1, the project kept', async () => {
    const parent = parentDir();
    const r = await runCli([join(parent, 'app'), '--yes', '--no-git', '--install', ...PHONE], { env: { PATH: '/nonexistent' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/An install failed \(its output is above\)\. The project is written; fix it and install again in \S*app/);
    expect(readdirSync(parent)).toEqual(['app']);
  });

  it('"next steps" quotes the cd path when the shell needs it', async () => {
    const parent = parentDir();
    const r = await runCli(["mi tienda d'Ana", '--yes', '--no-git', ...PHONE], { cwd: parent });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`cd 'mi tienda d'\\''Ana'`);
  });
});
