// The built CLI run as a process: what a founder (or their CI) sees.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { cliBin, REPO, requireTool } from './support/tools.js';
import { questions } from '../src/questions.js';
import { ANSWER_SETS, expectSameAsRender, flagsFor, renderSet } from './support/generate.js';
import { deployFlags, generalFlags } from '../src/args.js';

const PHONE = ['--alert-phone', '+52 55 1234 5678'];
let work: string;
beforeAll(() => {
  cliBin(); // fails at once when dist/ is stale
  work = mkdtempSync(join(tmpdir(), 'pyme-cli-'));
});
const target = (name: string) => join(work, name);

describe('create-pyme-stack --yes', () => {
  it('writes the project with a manifest of answers and hashes, and a first commit', async () => {
    const dir = target('demo');
    const r = await runCli([dir, '--yes', '--app-name', 'demo', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const f of ['README.md', 'CHECKLIST.md', '.gitignore', '.env.example', '.editorconfig'])
      expect(existsSync(join(dir, f))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8'));
    expect(manifest.answers).toMatchObject({
      appName: 'demo',
      alertPhone: '+525512345678',
      r2Bucket: 'demo-backups',
      lang: 'en',
      metrics: false,
    });
    const onDisk = execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((p) => p !== '.pyme-stack.json');
    expect(Object.keys(manifest.files).sort()).toEqual(onDisk.sort());
    for (const [path, entry] of Object.entries<{ sha256: string; executable?: boolean }>(manifest.files)) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex'),
        path,
      ).toBe(entry.sha256);
      expect(Boolean(statSync(join(dir, path)).mode & 0o100), path).toBe(Boolean(entry.executable));
    }
    expect(execFileSync('git', ['log', '--oneline'], { cwd: dir, encoding: 'utf8' })).toMatch(/scaffold demo/);
  });

  // `bun: command not found` was the founder's first surprise after the printed installs.
  it.each([
    ['es', 'Necesitas Bun 1.3.4 (backend) y Node 24 o más nuevo'],
    ['en', 'You need Bun 1.3.4 (backend) and Node 24 or newer'],
  ])('next steps (%s) say which Bun and Node the project needs, before the installs', async (lang, needs) => {
    const dir = target(`needs-${lang}`);
    const r = await runCli([dir, '--yes', '--no-git', '--lang', lang, '--bun-version', '1.3.4', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(needs);
    expect(r.stdout.indexOf(needs)).toBeLessThan(r.stdout.indexOf('bun install --frozen-lockfile'));
  });

  it('writes byte for byte what the in-memory render gives (the bundle ships its templates precompiled)', async () => {
    for (const answers of Object.values(ANSWER_SETS)) {
      const dir = target(`same-${answers.lang}`);
      const r = await runCli([dir, '--yes', '--no-git', ...flagsFor(answers)]);
      expect(r.exitCode, r.stderr).toBe(0);
      expectSameAsRender(dir, await renderSet(answers));
    }
  });

  it("renders from the bundle alone, as published: no templates/ folder, Handlebars' compiler never loaded", async () => {
    const pkg = join(work, 'pkg-without-compiler');
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(REPO, part), join(pkg, part), { recursive: true });
    const compiler = readdirSync(join(pkg, 'dist')).filter((f) =>
      readFileSync(join(pkg, 'dist', f), 'utf8').includes('Parse error on line'),
    );
    expect(compiler.length).toBe(1); // the chunk with Handlebars' parser
    rmSync(join(pkg, 'dist', compiler[0]!));
    for (const answers of Object.values(ANSWER_SETS)) {
      const dir = target(`bundle-only-${answers.lang}`);
      const r = await execa(process.execPath, [join(pkg, 'bin/create-pyme-stack.js'), dir, '--yes', '--no-git', ...flagsFor(answers)], {
        reject: false,
      });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expectSameAsRender(dir, await renderSet(answers));
    }
  });

  it('in a checkout whose templates changed after the build, renders the templates, not the stale bundle', async () => {
    const pkg = join(work, 'pkg-stale-build');
    for (const part of ['bin', 'dist', 'package.json', 'templates']) cpSync(join(REPO, part), join(pkg, part), { recursive: true });
    const edited = { verbatim: join(pkg, 'templates/root/_editorconfig'), template: join(pkg, 'templates/backup/backup-common.sh.hbs') };
    writeFileSync(edited.verbatim, `${readFileSync(edited.verbatim, 'utf8')}# edited after the build\n`);
    writeFileSync(edited.template, `${readFileSync(edited.template, 'utf8')}# edited too, for {{appName}}\n`);
    const dir = target('stale-build');
    const r = await execa(
      process.execPath,
      [join(pkg, 'bin/create-pyme-stack.js'), dir, '--yes', '--no-git', '--app-name', 'fresh', ...PHONE],
      { reject: false },
    );
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(readFileSync(join(dir, '.editorconfig'), 'utf8')).toMatch(/# edited after the build\n$/);
    expect(readFileSync(join(dir, 'ops/backup/backup-common.sh'), 'utf8')).toMatch(/# edited too, for fresh\n$/);
  });

  it('takes the app name from the folder and fills the checklist in the chosen language', async () => {
    const dir = target('Mi Tienda');
    const r = await runCli([dir, '--yes', '--lang', 'es', '--no-git', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    const checklist = readFileSync(join(dir, 'CHECKLIST.md'), 'utf8');
    expect(checklist).toContain('`mi-tienda`');
    expect(checklist).toContain('`mi-tienda-backups`');
    expect(checklist).toContain('OPS-001 Conectar GitHub con Dokploy');
    expect(existsSync(join(dir, '.git'))).toBe(false);
  });

  it('fails when a required answer has no default', async () => {
    const dir = target('no-phone');
    const r = await runCli([dir, '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--alert-phone is required');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('bad input: exit 1, the flag, the value and the rule, nothing written', () => {
  it.each([
    [['--app-name', 'Mi_App'], '--app-name "Mi_App": only lowercase letters, digits and hyphens'],
    [['--bun-version', '1.0.0'], '--bun-version "1.0.0": must be at least 1.1.0'],
    [['--r2-bucket', 'x'], '--r2-bucket "x": 3 to 63 characters'],
    [['--alert-phone', '55-12'], '--alert-phone "55-12": a Mexican number needs 10 digits'],
    [['--lang', 'fr'], '--lang "fr": must be es or en'],
    [['--deploy-method', 'ftp'], '--deploy-method "ftp": must be api or webhook'],
    [['--backup-time', '25:00'], '--backup-time "25:00": must be 24-hour HH:MM'],
    [['--timezone', 'Mars/Olympus'], '--timezone "Mars/Olympus": must be an IANA zone'],
  ])('%j', async (flags, message) => {
    const dir = target(`bad-${flags[0]!.slice(2)}`);
    const r = await runCli([dir, '--yes', ...PHONE, ...flags]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(message);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(work).filter((n) => n.includes('pyme-stack-tmp'))).toEqual([]);
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const r = await runCli([target('unknown'), '--yes', '--colour', 'red']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--colour'/);
    expect(existsSync(target('unknown'))).toBe(false);
  });

  it("usage errors speak the founder's language too", async () => {
    const es = { env: { LANG: 'es_MX.UTF-8' } };
    const unknown = await runCli([target('unknown-es'), '--colour', 'red'], es);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'\. Corre con --help para ver todos los flags\./);
    const both = await runCli([target('both-es'), '--metrics', '--no-metrics'], es);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('--metrics y --no-metrics se contradicen');
    const set = await runCli([target('set-es'), '--set', 'metrics=true'], es);
    expect(set.stderr).toContain('--set solo funciona con `upgrade`');
    const two = await runCli(['a', 'b'], es);
    expect(two.stderr).toContain('se espera una sola carpeta, llegaron 2: a b');
  });

  it('a flag without its value is a usage error (exit 2)', async () => {
    const r = await runCli([target('novalue'), '--yes', '--app-name']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--app-name/);
  });
});

describe('safety', () => {
  it('refuses a non-empty folder without --force and touches nothing', async () => {
    const dir = target('occupied');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notas.txt'), 'mío');
    const r = await runCli([dir, '--yes', ...PHONE]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('notas.txt');
    expect(readdirSync(dir)).toEqual(['notas.txt']);
    expect(readFileSync(join(dir, 'notas.txt'), 'utf8')).toBe('mío');
  });

  it('--force lists the files it changes, then writes and keeps unrelated files', async () => {
    const dir = target('forced');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notas.txt'), 'mío');
    writeFileSync(join(dir, 'README.md'), 'old readme');
    const r = await runCli([dir, '--yes', '--force', '--no-git', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/M README\.md/);
    expect(readFileSync(join(dir, 'notas.txt'), 'utf8')).toBe('mío');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('# forced');
  });

  it('--dry-run prints the tree with sizes and writes nothing', async () => {
    const dir = target('dry');
    const r = await runCli([dir, '--yes', '--dry-run', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+ B\s+CHECKLIST\.md/);
    expect(r.stdout).toMatch(/\.pyme-stack\.json/);
    expect(existsSync(dir)).toBe(false);
  });

  it('--force --dry-run marks what would be added or modified and writes nothing', async () => {
    const dir = target('forced-dry');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.md'), 'old readme');
    const r = await runCli([dir, '--yes', '--force', '--dry-run', ...PHONE]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/M\s+\d+ B\s+README\.md/);
    expect(r.stdout).toMatch(/A\s+\d+ B\s+CHECKLIST\.md/);
    expect(readdirSync(dir)).toEqual(['README.md']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('old readme');
  });

  it('an interrupted write leaves the target as it was', async () => {
    const dir = target('killed');
    const r = await runCli([dir, '--yes', '--no-git', ...PHONE], { env: { PYME_STACK_TEST_KILL_AFTER: '2' } });
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('answers', () => {
  it('reads a YAML answers file; flags win over it', async () => {
    const file = join(work, 'answers.yml');
    writeFileSync(file, 'app-name: from-file\nalertPhone: "33 1234 5678"\nmetrics: true\nlang: es\n');
    const dir = target('answers');
    const r = await runCli([dir, '--answers', file, '--yes', '--no-git', '--app-name', 'from-flag']);
    expect(r.exitCode, r.stderr).toBe(0);
    const { answers } = JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8'));
    expect(answers).toMatchObject({ appName: 'from-flag', alertPhone: '+523312345678', metrics: true, lang: 'es' });
  });

  it('rejects unknown keys in an answers file', async () => {
    const file = join(work, 'unknown.json');
    writeFileSync(file, JSON.stringify({ appName: 'x-app', colour: 'red' }));
    const dir = target('unknown-key');
    const r = await runCli([dir, '--answers', file, '--yes', ...PHONE]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('unknown key "colour"');
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects a bad value in an answers file, naming the file and key', async () => {
    const file = join(work, 'bad.yml');
    writeFileSync(file, 'r2Bucket: NO\n');
    const r = await runCli([target('bad-file'), '--answers', file, '--yes', ...PHONE]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/bad\.yml: r2Bucket "NO": 3 to 63 characters/);
  });
});

describe('answers files a clumsy or hostile user points at', () => {
  const answersRun = async (name: string, content: string | null, lang = 'en_US.UTF-8', extra: string[] = []) => {
    const file = content === null ? name : join(work, name);
    if (content !== null) writeFileSync(file, content);
    const dir = target(`af-${name.replace(/\W/g, '')}`);
    const r = await runCli([dir, '--answers', file, '--yes', '--no-git', ...extra], { env: { LANG: lang } });
    return { ...r, dir };
  };

  it('YAML numbers are kept as typed: +52…, 1e3 and 1.10 are text for the rules, never reshaped', async () => {
    const r = await answersRun('typed.yml', 'alertPhone: +525512345678\nbunVersion: 1.10.0\n');
    expect(r.exitCode, r.stderr).toBe(0);
    const { answers } = JSON.parse(readFileSync(join(r.dir, '.pyme-stack.json'), 'utf8'));
    expect(answers).toMatchObject({ alertPhone: '+525512345678', bunVersion: '1.10.0' });
    // a value YAML 1.2 would read as a float is refused as written, not as 1.1
    const float = await answersRun('float.yml', 'alertPhone: +525512345678\nbunVersion: 1.10\n');
    expect(float.exitCode).toBe(1);
    expect(float.stderr).toContain('bunVersion "1.10":');
    const exp = await answersRun('exp.yml', 'alertPhone: +525512345678\nbackupTime: 1e3\n');
    expect(exp.exitCode).toBe(1);
    expect(exp.stderr).toContain('backupTime "1e3":');
  });

  it('a key twice, or one answer under both spellings, is an error', async () => {
    const twice = await answersRun('twice.yml', 'appName: a-app\nappName: b-app\nalertPhone: "5512345678"\n');
    expect(twice.exitCode).toBe(1);
    expect(twice.stderr).toMatch(/Map keys must be unique/);
    const both = await answersRun('both.yml', 'appName: a-app\napp-name: b-app\nalertPhone: "5512345678"\n');
    expect(both.exitCode).toBe(1);
    expect(both.stderr).toContain('"appName" and "app-name" are the same answer; keep only one');
    const es = await answersRun('both-es.yml', 'appName: a-app\napp-name: b-app\n', 'es_MX.UTF-8');
    expect(es.stderr).toContain('"appName" y "app-name" son la misma respuesta; deja solo una');
    expect(existsSync(both.dir)).toBe(false);
  });

  it('a file over 64 KiB is refused; /dev/zero too, at once and without eating memory', async () => {
    const big = await answersRun('big.yml', `appName: x-app\n# ${'x'.repeat(70_000)}\n`);
    expect(big.exitCode).toBe(1);
    expect(big.stderr).toMatch(/larger than 64 KiB/);
    const started = Date.now();
    const zero = await answersRun('/dev/zero', null);
    expect(zero.exitCode).toBe(1);
    expect(zero.stderr).toMatch(/--answers "\/dev\/zero": larger than 64 KiB/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a huge value is quoted cut short, not echoed whole', async () => {
    const r = await answersRun('huge.yml', `alertPhone: "${'5'.repeat(60_000)}"\n`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/alertPhone "5{70,80}… \(60000 chars\)/);
    expect(r.stderr.length).toBeLessThan(1_000);
  });
});

describe('no terminal', () => {
  it('without --yes fails at once listing the missing answers', async () => {
    const started = Date.now();
    const r = await runCli([target('no-tty'), '--app-name', 'x-app']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.exitCode).toBe(1);
    for (const q of questions.filter((x) => x.key !== 'appName')) expect(r.stderr).toContain(`--${q.flag}`);
    expect(r.stderr).not.toContain('--app-name');
    expect(existsSync(target('no-tty'))).toBe(false);
  });
});

describe('--help and --version', () => {
  it('--help lists every flag', async () => {
    const r = await runCli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const q of questions) expect(r.stdout).toContain(`--${q.flag}`);
    expect(r.stdout).toContain('--no-metrics');
    for (const f of generalFlags) expect(r.stdout).toContain(`--${f.flag}`);
    for (const f of deployFlags) expect(r.stdout).toContain(`--${f.flag} ${f.value}`);
    expect(r.stdout).toContain('create-pyme-stack provision');
    expect(r.stdout).toContain('create-pyme-stack doctor');
    expect(r.stdout).toContain('-y, --yes');
    expect(r.stdout).toContain('upgrade');
  });

  it('--help speaks Spanish when LANG says so', async () => {
    const r = await runCli(['-h'], { env: { LANG: 'es_MX.UTF-8' } });
    expect(r.stdout).toContain('Uso:');
  });

  it('-v prints the version', async () => {
    const r = await runCli(['-v']);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('in a terminal', () => {
  // util-linux `script` gives the CLI a real pseudo-terminal; we type into it.
  const inPty = (dir: string) => {
    requireTool('script');
    const command = `${process.execPath} ${cliBin()} ${dir} --no-git`;
    return execa('script', ['-qfec', command, '/dev/null'], {
      reject: false,
      env: { LANG: 'en_US.UTF-8', TERM: 'xterm' },
      timeout: 30_000,
    });
  };
  /** Resolves when `text` shows up in the screen output after what earlier waits consumed. */
  const screen = (child: ReturnType<typeof inPty>) => {
    let seen = '';
    let cursor = 0;
    child.stdout!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    return async (text: string) => {
      for (let i = 0; i < 200; i++) {
        const at = seen.indexOf(text, cursor);
        if (at >= 0) {
          cursor = at + text.length;
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`never saw ${JSON.stringify(text)} in:\n${seen.slice(cursor)}`);
    };
  };

  it('colours its summary on a terminal, and never into a pipe or a file', async () => {
    const ESC = '\x1b[';
    const args = ['--yes', '--no-git', ...PHONE];
    // Only these variables: no NO_COLOR or FORCE_COLOR from whoever runs the tests.
    const env = { PATH: process.env.PATH!, LANG: 'en_US.UTF-8', TERM: 'xterm' };
    const piped = await execa(process.execPath, [cliBin(), target('colour-pipe'), ...args], {
      reject: false,
      env,
      extendEnv: false,
      stdin: 'ignore',
    });
    expect(piped.exitCode, String(piped.stderr)).toBe(0);
    expect(String(piped.stdout)).toContain('CHECKLIST.md');
    expect(String(piped.stdout)).not.toContain(ESC);
    const file = join(work, 'colour-file.txt');
    const toFile = await execa(process.execPath, [cliBin(), target('colour-file'), ...args], {
      reject: false,
      env,
      extendEnv: false,
      stdin: 'ignore',
      stdout: { file },
    });
    expect(toFile.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain(ESC);
    requireTool('script');
    const command = `${process.execPath} ${cliBin()} ${target('colour-tty')} ${args.map((a) => `'${a}'`).join(' ')}`;
    const tty = await execa('script', ['-qfec', command, '/dev/null'], { reject: false, env, extendEnv: false, timeout: 30_000 });
    expect(tty.exitCode, String(tty.stdout)).toBe(0);
    expect(String(tty.stdout)).toContain(`${ESC}32m✔`);
  });

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const dir = target('ctrl-c');
    const child = inPty(dir);
    const waitFor = screen(child);
    await waitFor('App name');
    child.stdin!.write('\x03');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toContain('Cancelled: nothing was written.');
    expect(existsSync(dir)).toBe(false);
  });

  it('asks every question with defaults, validates as they type, then writes', async () => {
    const dir = target('typed');
    const child = inPty(dir);
    const waitFor = screen(child);
    const steps: [string, string][] = [
      ['App name', '\r'],
      ['Bun version', '\r'],
      ['R2 bucket', '\r'],
      ['WhatsApp phone', '55-12\r'],
      ['10 digits', `${'\x7f'.repeat(5)}55 1234 5678\r`], // backspace over the bad value
      ['Language', '\r'],
      ['Prometheus', '\r'],
      ['deploy', '\r'],
      ['backup', '\r'],
      ['time zone', '\r'],
    ];
    for (const [prompt, keys] of steps) {
      await waitFor(prompt);
      child.stdin!.write(keys);
    }
    const r = await child;
    expect(r.exitCode, r.stdout).toBe(0);
    const { answers } = JSON.parse(readFileSync(join(dir, '.pyme-stack.json'), 'utf8'));
    expect(answers).toMatchObject({ appName: 'typed', r2Bucket: 'typed-backups', alertPhone: '+525512345678', bunVersion: '1.4.5' });
  });
});
