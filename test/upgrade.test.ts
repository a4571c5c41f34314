// `upgrade` from the fixture 0.0.9 templates to a 0.1.0 built from them with one change per case.
// Every case is asserted on what ends up on disk, not on what is printed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../src/render.js';
import { CliError, EXIT } from '../src/errors.js';
import type { Answers } from '../src/questions.js';
import { upgradeProject, type UpgradeOptions } from '../src/upgrade/run.js';
import { fileRenames, migrationsFor, migrateAnswers, type Migration } from '../src/upgrade/migrations.js';
import { isCrlf, toCrlf } from '../src/upgrade/text.js';
import { planUpgrade } from '../src/upgrade/plan.js';
import { requireTool } from './support/tools.js';
import { generateWith009, PREVIOUS, recordedBy009 } from './support/previous.js';

const NEW = { name: 'create-pyme-stack', version: '0.1.0' };
const RECORDED = recordedBy009({ deployWebhook: true });

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const modeOf = (dir: string, path: string) => statSync(join(dir, path)).mode & 0o777;
const write = (dir: string, path: string, text: string) => writeFileSync(join(dir, path), text);
const edit = (dir: string, path: string, from: string, to: string) => {
  const text = read(dir, path);
  if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
  write(dir, path, text.replace(from, to));
};

async function previousProject(): Promise<string> {
  const dir = join(tmp('pyme-upgrade-'), 'tienda-demo');
  await generateWith009(dir, RECORDED);
  return dir;
}

/** 0.1.0: the fixture with one template change for each case. */
function nextTemplates(): string {
  const next = tmp('pyme-next-');
  cpSync(PREVIOUS, next, { recursive: true });
  write(next, 'root/_gitignore', 'node_modules/\n.env\n.svelte-kit/\n');
  rmSync(join(next, 'root/env.example.hbs'));
  write(
    next,
    'root/_env.example.hbs',
    '# {{appName}}: copy to .env, fill in, never commit it\nDATABASE_URL=postgres://app:change-me@localhost:5432/{{dbName}}\nALERT_PHONE={{env alertPhone}}\nDEPLOY_METHOD={{deployMethod}}\nR2_BUCKET={{env r2Bucket}}\n',
  );
  edit(next, 'root/README.md.es.hbs', 'corre `bun install`.', 'corre `bun install --frozen-lockfile`.');
  edit(
    next,
    'root/CHECKLIST.md.es.hbs',
    'Conecta el repositorio en Dokploy.',
    'Conecta el repositorio en Dokploy (Projects → Create Project).',
  );
  edit(next, 'root/CONTRIBUTING.md', 'CI must pass.', 'CI must pass and a review is needed.');
  write(next, 'root/SECURITY.md', '# Seguridad\n\nReporta fallas a seguridad@ejemplo.mx.\n');
  write(next, 'backup/restore.sh', '#!/usr/bin/env bash\nset -euo pipefail\npg_restore --clean "$1"\n');
  chmodSync(join(next, 'backup/restore.sh'), 0o755);
  edit(next, 'backup/backup.sh.hbs', 'pg_dump --format=custom', 'pg_dump --format=custom --no-owner');
  edit(next, 'backup/README.md', 'Keep 7 daily copies.', 'Keep 14 daily copies.');
  rmSync(join(next, 'backup/old-cron.txt.hbs'));
  rmSync(join(next, 'backup/notes.txt'));
  return next;
}

/** What the founder did to their 0.0.9 project. */
function founderEdits(dir: string) {
  write(dir, '.gitignore', toCrlf(read(dir, '.gitignore'))); // a Windows editor, nothing else
  write(dir, '.editorconfig', `${read(dir, '.editorconfig')}\n[*.md]\ntrim_trailing_whitespace = false\n`);
  write(dir, 'env.example', `${read(dir, 'env.example')}MY_API_KEY=\n`);
  write(dir, 'README.md', `${read(dir, 'README.md')}\n## Notas del equipo\n\nEl deploy es los viernes.\n`);
  edit(dir, 'CHECKLIST.md', '- [ ] Conecta el repositorio en Dokploy.', '- [x] Conecta el repositorio en Dokploy.');
  rmSync(join(dir, 'CONTRIBUTING.md'));
  write(dir, 'SECURITY.md', '# Seguridad\n\nEscríbenos por WhatsApp.\n');
  write(dir, 'ops/backup/README.md', toCrlf(read(dir, 'ops/backup/README.md').replace('# Backups\n', '# Backups\n\nOwner: Ana\n')));
  write(dir, 'ops/backup/notes.txt', 'Restore by hand with pg_restore.\nAna knows the password.\n');
}

/** Every file under dir with its mode, to prove that nothing changed. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git') continue;
      if (e.isDirectory()) walk(p);
      else out[p] = `${modeOf(dir, p).toString(8)} ${read(dir, p)}`;
    }
  };
  walk('');
  return out;
}

function options(dir: string, base: string, next: string, extra: Partial<UpgradeOptions> = {}): UpgradeOptions {
  const printed: string[] = [];
  return {
    dir,
    dryRun: false,
    force: false,
    yes: true,
    interactive: false,
    sets: {},
    lang: 'en',
    out: (t) => printed.push(t),
    target: { generator: NEW, templatesDir: next },
    env: { PYME_STACK_BASE_TEMPLATES: base },
    ...extra,
  };
}

describe('upgrade 0.0.9 -> 0.1.0, every case of the plan', async () => {
  const next = nextTemplates();
  const dir = await previousProject();
  founderEdits(dir);
  const { plan, exitCode } = await upgradeProject(options(dir, PREVIOUS, next));
  const { deployWebhook: _old, ...kept } = RECORDED as unknown as Record<string, unknown>;
  const migrated = { ...kept, deployMethod: 'webhook', timezone: 'America/Mexico_City' } as unknown as Answers;
  const newRender = await render(migrated, { generator: NEW, templatesDir: next });
  const generated = (path: string) => newRender.get(path)!.content.toString('utf8');

  it('plans one line per file with the expected status', () => {
    expect(Object.fromEntries(plan.map((e) => [e.path, e.status]))).toEqual({
      '.editorconfig': 'kept',
      '.env.example': 'merged',
      '.gitignore': 'updated',
      'CHECKLIST.md': 'merged',
      'CONTRIBUTING.md': 'deleted',
      'README.md': 'merged',
      'SECURITY.md': 'conflict',
      'ops/backup/README.md': 'merged',
      'ops/backup/backup.sh': 'updated',
      'ops/backup/notes.txt': 'kept',
      'ops/backup/old-cron.txt': 'removed',
      'ops/backup/restore.sh': 'added',
    });
  });

  it('exits with the conflicts code', () => expect(exitCode).toBe(EXIT.conflicts));

  it('updated: an untouched file gets the new output, in its CRLF line endings', () => {
    expect(read(dir, '.gitignore')).toBe(toCrlf(generated('.gitignore')));
  });

  it('updated: an untouched script keeps its executable bit', () => {
    expect(read(dir, 'ops/backup/backup.sh')).toBe(generated('ops/backup/backup.sh'));
    expect(read(dir, 'ops/backup/backup.sh')).toContain('--no-owner');
    expect(modeOf(dir, 'ops/backup/backup.sh')).toBe(0o755);
  });

  it('kept: an edited file whose template did not change is left alone', () => {
    expect(read(dir, '.editorconfig')).toContain('trim_trailing_whitespace = false');
    expect(read(dir, '.editorconfig')).toBe(`${read(PREVIOUS, 'root/_editorconfig')}\n[*.md]\ntrim_trailing_whitespace = false\n`);
  });

  it('merged: the founder lines and the template change are both there', () => {
    expect(read(dir, 'README.md')).toBe(`${generated('README.md')}\n## Notas del equipo\n\nEl deploy es los viernes.\n`);
  });

  it('merged: a CRLF file stays CRLF', () => {
    const text = read(dir, 'ops/backup/README.md');
    expect(isCrlf(text)).toBe(true);
    expect(text).toBe(toCrlf(generated('ops/backup/README.md').replace('# Backups\n', '# Backups\n\nOwner: Ana\n')));
  });

  it("CHECKLIST.md: the founder's tick on a line the template reworded is no conflict; the tick moves to the new wording", () => {
    expect(read(dir, 'CHECKLIST.md')).toBe(
      [
        '# Checklist de tienda-demo',
        '',
        '- [ ] Renta el VPS KVM 2 en Hostinger con Dokploy.',
        '- [ ] Crea el bucket tienda-demo-backups en Cloudflare R2.',
        '- [x] Conecta el repositorio en Dokploy (Projects → Create Project).',
        '',
      ].join('\n'),
    );
  });

  it('added: a new template file is written, with its executable bit', () => {
    expect(read(dir, 'ops/backup/restore.sh')).toBe(generated('ops/backup/restore.sh'));
    expect(modeOf(dir, 'ops/backup/restore.sh')).toBe(0o755);
  });

  it('added where the founder already has a file: a conflict that keeps theirs', () => {
    const text = read(dir, 'SECURITY.md');
    expect(text).toMatch(
      /^<<<<<<< yours\n[\s\S]*Escríbenos por WhatsApp\.\n\|\|\|\|\|\|\| create-pyme-stack@0\.0\.9\n=======\n[\s\S]*seguridad@ejemplo\.mx\.\n>>>>>>> create-pyme-stack@0\.1\.0\n$/,
    );
  });

  it('removed: an untouched file the template dropped is deleted', () => {
    expect(existsSync(join(dir, 'ops/backup/old-cron.txt'))).toBe(false);
  });

  it('removed from the template but edited: kept', () => {
    expect(read(dir, 'ops/backup/notes.txt')).toBe('Restore by hand with pg_restore.\nAna knows the password.\n');
  });

  it('deleted by the founder: stays deleted and is recorded so it is reported once', () => {
    expect(existsSync(join(dir, 'CONTRIBUTING.md'))).toBe(false);
    expect(JSON.parse(read(dir, '.pyme-stack.json')).deletedByFounder).toEqual(['CONTRIBUTING.md']);
  });

  it('migration: env.example moved to .env.example with the founder line, and deployWebhook became deployMethod', () => {
    expect(existsSync(join(dir, 'env.example'))).toBe(false);
    expect(read(dir, '.env.example')).toBe(`${generated('.env.example')}MY_API_KEY=\n`);
    expect(read(dir, '.env.example')).toContain('DEPLOY_METHOD=webhook');
    const manifest = JSON.parse(read(dir, '.pyme-stack.json'));
    expect(manifest.answers.deployMethod).toBe('webhook');
    expect(manifest.answers).not.toHaveProperty('deployWebhook');
  });

  it('writes the new manifest: version, the new question defaulted (--yes), hashes of the new output', () => {
    const manifest = JSON.parse(read(dir, '.pyme-stack.json'));
    expect(manifest.generator).toEqual(NEW);
    expect(manifest.answers.timezone).toBe('America/Mexico_City');
    expect(manifest).toEqual({ ...JSON.parse(generated('.pyme-stack.json')), deletedByFounder: ['CONTRIBUTING.md'] });
  });

  it('a second run changes nothing, reports no deleted file again, and still lists the unresolved conflicts', async () => {
    const before = tree(dir);
    const second = await upgradeProject(options(dir, next, next));
    expect(tree(dir)).toEqual(before);
    expect(second.plan.filter((e) => e.write || e.remove.length > 0)).toEqual([]);
    expect(second.plan.map((e) => e.status)).not.toContain('deleted');
    expect(second.plan.filter((e) => e.status === 'conflict').map((e) => [e.path, e.note])).toEqual([['SECURITY.md', 'unresolved']]);
    expect(second.exitCode).toBe(EXIT.conflicts);
  });

  it('once the founder resolves the markers, a run exits 0 and still writes nothing', async () => {
    write(dir, 'SECURITY.md', '# Seguridad\n\nEscríbenos por WhatsApp o a seguridad@ejemplo.mx.\n');
    const before = tree(dir);
    const third = await upgradeProject(options(dir, next, next));
    expect(tree(dir)).toEqual(before);
    expect(third.exitCode).toBe(EXIT.ok);
    expect(third.plan.filter((e) => e.write || e.remove.length > 0)).toEqual([]);
  });
});

describe('upgrade safety', () => {
  it('--dry-run prints the plan (line counts, no diffs) and what to do next, and writes nothing', async () => {
    const next = nextTemplates();
    const dir = await previousProject();
    founderEdits(dir);
    const before = tree(dir);
    const printed: string[] = [];
    const { exitCode } = await upgradeProject(options(dir, PREVIOUS, next, { dryRun: true, out: (t) => printed.push(t) }));
    expect(tree(dir)).toEqual(before);
    expect(exitCode).toBe(EXIT.conflicts);
    const out = printed.join('');
    expect(out).toMatch(/updated\s+ops\/backup\/backup\.sh\s+\+1 −1/);
    expect(out).not.toContain('--- a/');
    expect(out).toMatch(/--dry-run --diff/);
  });

  it('--dry-run --diff adds the unified diffs after the plan', async () => {
    const next = nextTemplates();
    const dir = await previousProject();
    founderEdits(dir);
    const printed: string[] = [];
    await upgradeProject(options(dir, PREVIOUS, next, { dryRun: true, diff: true, out: (t) => printed.push(t) }));
    const out = printed.join('');
    const diffAt = out.indexOf('--- a/ops/backup/backup.sh\n+++ b/ops/backup/backup.sh\n@@ -1,5 +1,5 @@\n');
    expect(diffAt).toBeGreaterThan(out.search(/updated\s+ops\/backup\/backup\.sh/));
    expect(out).toContain('+pg_dump --format=custom --no-owner');
  });

  it('refuses a git repo with uncommitted changes unless --force, and says which', async () => {
    requireTool('git');
    const next = nextTemplates();
    const dir = await previousProject();
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'scaffold');
    write(dir, 'README.md', `${read(dir, 'README.md')}wip\n`);
    const before = tree(dir);
    const refused = upgradeProject(options(dir, PREVIOUS, next));
    await expect(refused).rejects.toThrow(CliError);
    await expect(refused).rejects.toThrow(/uncommitted changes.*README\.md/);
    expect(tree(dir)).toEqual(before);
    const forced = await upgradeProject(options(dir, PREVIOUS, next, { force: true }));
    expect(forced.exitCode).toBe(EXIT.ok);
    expect(read(dir, 'README.md')).toContain('--frozen-lockfile');
    expect(read(dir, 'README.md')).toContain('wip\n');
  });

  it('in a git repo, each conflict is unmerged in the index (stages 1, 2, 3): git status, diff, commit and mergetool see it', async () => {
    requireTool('git');
    const next = nextTemplates();
    const dir = join(tmp('pyme-upgrade-git-'), 'repo', 'tienda-demo'); // a project inside a bigger repo
    await generateWith009(dir, RECORDED);
    const generatedBackup = read(dir, 'ops/backup/backup.sh');
    founderEdits(dir);
    edit(dir, 'ops/backup/backup.sh', 'pg_dump --format=custom', 'pg_dump --format=custom --jobs=2'); // the line the template changes
    const repo = join(dir, '..');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'scaffold');
    const founders = read(dir, 'ops/backup/backup.sh');
    const { plan, exitCode } = await upgradeProject(options(dir, PREVIOUS, next));
    expect(exitCode).toBe(EXIT.conflicts);
    expect(plan.filter((e) => e.status === 'conflict').map((e) => e.path)).toEqual(['SECURITY.md', 'ops/backup/backup.sh']);
    const unmerged = git('ls-files', '-u', '-s')
      .trim()
      .split('\n')
      .map((l) => l.replace(/ [0-9a-f]{40} /, ' '));
    expect(unmerged).toEqual([
      '100644 2\ttienda-demo/SECURITY.md', // no base: the template now adds a file the founder has ("both added")
      '100644 3\ttienda-demo/SECURITY.md',
      '100755 1\ttienda-demo/ops/backup/backup.sh',
      '100755 2\ttienda-demo/ops/backup/backup.sh',
      '100755 3\ttienda-demo/ops/backup/backup.sh',
    ]);
    expect(git('status', '--porcelain')).toMatch(/^AA tienda-demo\/SECURITY\.md$/m);
    expect(git('status', '--porcelain')).toMatch(/^UU tienda-demo\/ops\/backup\/backup\.sh$/m);
    expect(git('show', ':2:tienda-demo/ops/backup/backup.sh')).toBe(founders);
    expect(git('show', ':3:tienda-demo/ops/backup/backup.sh')).toContain('--no-owner');
    expect(git('show', ':1:tienda-demo/ops/backup/backup.sh')).toBe(generatedBackup);
    expect(git('diff', '--', 'tienda-demo/ops/backup/backup.sh')).toMatch(/^diff --cc /); // git's conflict view
    expect(() => git('commit', '-qm', 'upgrade')).toThrow(/unmerged/i);
    // git mergetool finds them; a "tool" that keeps the founder's side resolves both
    git(
      '-c',
      'mergetool.keep.cmd=cp "$LOCAL" "$MERGED"',
      '-c',
      'mergetool.keep.trustExitCode=true',
      'mergetool',
      '--tool=keep',
      '--no-prompt',
    );
    expect(git('ls-files', '-u')).toBe('');
    expect(read(dir, 'ops/backup/backup.sh')).toBe(founders);
    git('commit', '-qam', 'upgrade');
    expect(git('status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  it('a journal left by a run killed after its manifest is stale: cleared, not trusted', async () => {
    const next = nextTemplates();
    const dir = await previousProject();
    await upgradeProject(options(dir, PREVIOUS, next));
    const manifestSha = createHash('sha256')
      .update(readFileSync(join(dir, '.pyme-stack.json')))
      .digest('hex');
    const readme = createHash('sha256')
      .update(readFileSync(join(dir, 'README.md')))
      .digest('hex');
    write(
      dir,
      '.pyme-stack-upgrade.json',
      JSON.stringify({
        to: '0.1.0',
        manifest: manifestSha,
        files: { 'README.md': { wrote: readme, target: readme, status: 'merged' } },
        remove: {},
      }),
    );
    const again = await upgradeProject(options(dir, next, next));
    expect(again.plan).toEqual([]);
    expect(existsSync(join(dir, '.pyme-stack-upgrade.json'))).toBe(false);
  });

  it('a base file that does not match the manifest is never merged from: an edited copy becomes a whole-file conflict', async () => {
    const next = nextTemplates();
    const dir = await previousProject();
    founderEdits(dir);
    const wrongBase = tmp('pyme-wrong-');
    cpSync(PREVIOUS, wrongBase, { recursive: true });
    edit(wrongBase, 'root/README.md.es.hbs', '## Desarrollo', '## Desarrollo local');
    edit(wrongBase, 'root/_gitignore', '.env', '.env.local');
    const printed: string[] = [];
    const { plan } = await upgradeProject(options(dir, wrongBase, next, { out: (t) => printed.push(t) }));
    expect(printed.join('')).toMatch(/no coinciden con lo que la versión anterior generó.*\.gitignore, README\.md/);
    const readme = read(dir, 'README.md');
    expect(plan.find((e) => e.path === 'README.md')).toMatchObject({ status: 'conflict', note: 'no-base' });
    expect(readme).toMatch(
      /^<<<<<<< yours\n# tienda-demo\n[\s\S]*El deploy es los viernes\.\n\|\|\|\|\|\|\| create-pyme-stack@0\.0\.9\n=======\n# tienda-demo\n[\s\S]*--frozen-lockfile[\s\S]*>>>>>>> create-pyme-stack@0\.1\.0\n$/,
    );
    // Untouched is told by the manifest's hash, not by the base: still a plain update.
    expect(plan.find((e) => e.path === '.gitignore')?.status).toBe('updated');
  });

  it('a base template that cannot render stops before writing', async () => {
    const dir = await previousProject();
    const before = tree(dir);
    await expect(upgradeProject(options(dir, nextTemplates(), nextTemplates()))).rejects.toThrow(
      /cannot rebuild what create-pyme-stack 0\.0\.9 generated.*deployMethod/,
    );
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a folder without a manifest', async () => {
    await expect(upgradeProject(options(tmp('pyme-empty-'), PREVIOUS, PREVIOUS))).rejects.toThrow(/not a create-pyme-stack project/);
  });
});

describe('upgrade answers', () => {
  it('--set goes through the question rules (normalised)', async () => {
    const dir = await previousProject();
    await upgradeProject(options(dir, PREVIOUS, nextTemplates(), { sets: { backupTime: '4:30', deployMethod: 'API' } }));
    const { answers } = JSON.parse(read(dir, '.pyme-stack.json'));
    expect(answers.backupTime).toBe('04:30');
    expect(answers.deployMethod).toBe('api');
    expect(read(dir, '.env.example')).toContain('DEPLOY_METHOD=api');
  });

  it('--set with a value that breaks a rule stops before writing', async () => {
    const dir = await previousProject();
    const before = tree(dir);
    await expect(upgradeProject(options(dir, PREVIOUS, nextTemplates(), { sets: { backupTime: '25:00' } }))).rejects.toThrow(
      /25:00.*HH:MM/,
    );
    expect(tree(dir)).toEqual(before);
  });

  it('asks the question a newer version added', async () => {
    const dir = await previousProject();
    const asked: string[] = [];
    await upgradeProject(
      options(dir, PREVIOUS, nextTemplates(), {
        yes: false,
        interactive: true,
        ask: async (q) => {
          asked.push(q.key);
          return 'America/Tijuana';
        },
      }),
    );
    expect(asked).toEqual(['timezone']);
    expect(JSON.parse(read(dir, '.pyme-stack.json')).answers.timezone).toBe('America/Tijuana');
  });

  it('without a terminal and without --yes, names the new question instead of guessing', async () => {
    const dir = await previousProject();
    await expect(upgradeProject(options(dir, PREVIOUS, nextTemplates(), { yes: false }))).rejects.toThrow(/--timezone/);
  });
});

describe('migrations', () => {
  it('apply only between the recorded and the running version', () => {
    expect(migrationsFor('0.0.9', '0.1.0')).toHaveLength(1);
    expect(migrationsFor('0.1.0', '0.2.0')).toHaveLength(0);
    expect(migrationsFor('0.0.1', '0.0.9')).toHaveLength(0);
  });

  it('chain file renames and move answers', () => {
    const list: Migration[] = [
      { before: '1.0.0', why: 'a', renameFiles: { 'a.txt': 'b.txt' } },
      { before: '2.0.0', why: 'b', renameFiles: { 'b.txt': 'c.txt' } },
    ];
    expect([...fileRenames(list)]).toEqual([['a.txt', 'c.txt']]);
    expect(migrateAnswers({ deployWebhook: false, appName: 'x' }, migrationsFor('0.0.9', '0.1.0'))).toEqual({
      appName: 'x',
      deployMethod: 'api',
    });
  });
});

describe('executable bits', () => {
  const labels = { ours: 'yours', base: 'old', theirs: 'new' };
  const one = (content: string, mode: number) => new Map([['run.sh', { content: Buffer.from(content), mode }]]);
  const planOne = (base: [string, number], target: [string, number], disk: [string, number]) =>
    planUpgrade({ base: one(...base), target: one(...target), disk: () => ({ content: Buffer.from(disk[0]), mode: disk[1] }), labels })[0];

  it('the founder removed +x: the new content comes with their mode', () => {
    expect(planOne(['v1\n', 0o755], ['v2\n', 0o755], ['v1\n', 0o644])).toMatchObject({ status: 'updated', write: { mode: 0o644 } });
  });

  it('the template added +x to an untouched file: updated to the new mode', () => {
    expect(planOne(['v1\n', 0o644], ['v1\n', 0o755], ['v1\n', 0o644])).toMatchObject({ status: 'updated', write: { mode: 0o755 } });
  });

  it('a merge keeps the founder mode when they changed it', () => {
    expect(planOne(['a\nb\nc\n', 0o755], ['a\nb\nC\n', 0o755], ['A\nb\nc\n', 0o644])).toMatchObject({
      status: 'merged',
      write: { content: Buffer.from('A\nb\nC\n'), mode: 0o644 },
    });
  });
});
