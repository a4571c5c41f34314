import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ABOUT_DIR, partsOf } from '../src/parts.js';
import { DEFAULT_TEMPLATES_DIR, render, targetPath } from '../src/render.js';
import { readTree } from '../src/template-tree.js';
import { ANSWER_SETS } from './support/generate.js';
import type { Answers } from '../src/questions.js';

const generator = { name: 'create-pyme-stack', version: '0.1.0' };
const defaultAnswers = (): Answers => ({ ...ANSWER_SETS.es });
const tmp = mkdtempSync(join(tmpdir(), 'pyme-parts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parts', () => {
  const declared = partsOf(readTree(DEFAULT_TEMPLATES_DIR));

  it('every folder under templates/ is a part with a declaration', () => {
    const folders = readdirSync(DEFAULT_TEMPLATES_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(declared.map((p) => p.from).sort()).toEqual(folders);
  });

  it('a new part is one folder: its files, README/CHECKLIST/env fragments and declaration', async () => {
    const dir = join(tmp, 'templates');
    cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    mkdirSync(join(dir, 'extra', ABOUT_DIR), { recursive: true });
    writeFileSync(join(dir, 'extra', ABOUT_DIR, 'part.json'), '{ "to": "ops/extra", "order": 65 }\n');
    writeFileSync(join(dir, 'extra', 'hello.txt.hbs'), 'hola {{appName}}\n');
    writeFileSync(join(dir, 'extra', ABOUT_DIR, 'readme-tree.md.es.hbs'), '| `ops/extra` | Extra de {{appName}} |\n');
    writeFileSync(join(dir, 'extra', ABOUT_DIR, 'checklist.md.es.hbs'), '\n## OPS-XTR Extra\n\n- [ ] Algo extra.\n');
    writeFileSync(join(dir, 'extra', ABOUT_DIR, 'env.hbs'), '# extra\nEXTRA_TOKEN=\n');
    const answers = { ...defaultAnswers(), lang: 'es' as const };
    const files = await render(answers, { generator, templatesDir: dir });
    const text = (path: string) => files.get(path)!.content.toString();
    expect(text('ops/extra/hello.txt')).toBe(`hola ${answers.appName}\n`);
    expect([...files.keys()].some((p) => p.includes(`${ABOUT_DIR}/`))).toBe(false);
    expect(text('README.md')).toContain(`| \`ops/extra\` | Extra de ${answers.appName} |\n`);
    // Order 65 puts it after backups (60) and before monitoring (70) everywhere.
    const checklist = text('CHECKLIST.md');
    expect(checklist.indexOf('## OPS-003')).toBeLessThan(checklist.indexOf('## OPS-XTR Extra'));
    expect(checklist.indexOf('## OPS-XTR Extra')).toBeLessThan(checklist.indexOf('## OPS-004'));
    expect(text('.env.example')).toContain('# extra\nEXTRA_TOKEN=\n');
  });

  it('a part with `when` is off when its answer is no, fragments included', async () => {
    const off = await render({ ...defaultAnswers(), metrics: false }, { generator });
    const on = await render({ ...defaultAnswers(), metrics: true }, { generator });
    expect(off.has('ops/monitoring/prometheus.yml')).toBe(false);
    expect(on.has('ops/monitoring/prometheus.yml')).toBe(true);
    expect(off.get('CHECKLIST.md')!.content.toString()).not.toContain('## OPS-005');
    expect(on.get('CHECKLIST.md')!.content.toString()).toContain('## OPS-005');
  });

  // "From the empty VPS": the first step installs Dokploy and sets UTC, with what to check.
  it.each([
    ['es', /Hostinger KVM 2.*Ubuntu 24\.04/, 'Crea la cuenta de administrador'],
    ['en', /Hostinger KVM 2.*Ubuntu 24\.04/, 'Create the admin account'],
  ] as const)('CHECKLIST (%s) starts at an empty VPS: OPS-000 before OPS-001', async (lang, vps, admin) => {
    const files = await render({ ...defaultAnswers(), lang }, { generator });
    const checklist = files.get('CHECKLIST.md')!.content.toString();
    const start = checklist.indexOf('## OPS-000');
    expect(start).toBeGreaterThan(-1);
    const ops000 = checklist.slice(start, checklist.indexOf('## OPS-001'));
    expect(ops000).toMatch(vps);
    expect(ops000).toContain('curl -sSL https://dokploy.com/install.sh | sh');
    expect(ops000).toContain(admin);
    expect(ops000).toContain('sudo timedatectl set-timezone Etc/UTC');
    expect(ops000).toContain('Time zone: Etc/UTC (UTC, +0000)');
    expect(ops000).toContain('docker service ls');
  });

  it.each([
    ['es', '# Todas las variables'],
    ['en', '# Every variable'],
  ] as const)('.env.example (%s) opens in the project language', async (lang, opening) => {
    const files = await render({ ...defaultAnswers(), lang }, { generator });
    expect(files.get('.env.example')!.content.toString().startsWith(opening)).toBe(true);
  });

  // Markdown needs the blank line: without it some renderers glue the heading to the paragraph.
  it.each([
    ['es', false],
    ['es', true],
    ['en', false],
    ['en', true],
  ] as const)('README.md and CHECKLIST.md (%s, metrics %s) have a blank line before every heading', async (lang, metrics) => {
    const files = await render({ ...defaultAnswers(), lang, metrics }, { generator });
    for (const path of ['README.md', 'CHECKLIST.md']) {
      const lines = files.get(path)!.content.toString().split('\n');
      let fenced = false;
      const glued: string[] = [];
      lines.forEach((line, i) => {
        if (line.startsWith('```')) fenced = !fenced;
        if (!fenced && i > 0 && /^#{1,6} /.test(line) && lines[i - 1] !== '') glued.push(`${path}:${i + 1} ${line}`);
      });
      expect(glued).toEqual([]);
    }
  });

  // One name for two packages confuses npm's workspaces, `npm ls` and the lockfiles' root entries.
  it('every package.json and its lockfile have a name of their own', async () => {
    const files = await render({ ...defaultAnswers(), metrics: true }, { generator });
    const names = [...files.keys()].filter((p) => p.endsWith('package.json')).map((p) => JSON.parse(files.get(p)!.content.toString()).name);
    expect(new Set(names).size).toBe(names.length);
    const frontend = JSON.parse(files.get('frontend/package.json')!.content.toString()).name;
    expect(frontend).toBe(`${defaultAnswers().appName}-frontend`);
    const lock = JSON.parse(files.get('frontend/package-lock.json')!.content.toString());
    expect([lock.name, lock.packages[''].name]).toEqual([frontend, frontend]);
  });

  // The token was generated inline on `npm start`, so the curl example after it ran with an empty
  // $ALERTS_TOKEN and got 401: the README now exports it first, and the curl reads the same one.
  it.each(['es', 'en'] as const)('alerts README (%s): the local curl example uses the token the relay started with', async (lang) => {
    const files = await render({ ...defaultAnswers(), lang }, { generator });
    const readme = files.get('README.md')!.content.toString();
    const section = readme.slice(readme.indexOf('(`alerts/`)'));
    const block = section.slice(section.indexOf('```sh'), section.indexOf('```', section.indexOf('```sh') + 5));
    const lines = block.split('\n');
    const exported = lines.findIndex((l) => /^export ALERTS_TOKEN=\$\(openssl rand -hex 32\)/.test(l));
    const start = lines.findIndex((l) => l.includes('node src/main.ts &'));
    const curl = lines.findIndex((l) => l.includes('curl') && l.includes('127.0.0.1:3001/alert') && l.includes('Bearer $ALERTS_TOKEN'));
    expect(exported).toBeGreaterThan(-1);
    expect(start).toBeGreaterThan(exported);
    expect(lines[start]).not.toContain('ALERTS_TOKEN=');
    expect(curl).toBeGreaterThan(start);
  });

  // One command checks the whole repo, and CI runs each of its pieces (a lint that CI skips rots).
  it('the root `npm run lint` runs every check CI runs: types, svelte-check and shellcheck', async () => {
    const files = await render(defaultAnswers(), { generator });
    const scripts = JSON.parse(files.get('package.json')!.content.toString()).scripts;
    const ci = files.get('.github/workflows/ci.yml')!.content.toString();
    for (const check of ['bun run typecheck', 'npm run check', 'npm run typecheck', 'npm run lint:ops']) {
      expect(scripts.lint).toContain(check);
      expect(ci).toContain(`run: ${check}`);
    }
    expect(scripts['lint:ops']).toContain('shellcheck -x');
  });

  it.each(['es', 'en'] as const)('backup.env.example (%s) names the age key file CHECKLIST copies to the VPS', async (lang) => {
    const files = await render({ ...defaultAnswers(), lang }, { generator });
    const env = files.get('ops/backup/backup.env.example')!.content.toString();
    const path = env.match(/AGE_IDENTITY_FILE=(\S+)/)?.[1];
    expect(path).toBeDefined();
    const checklist = files.get('CHECKLIST.md')!.content.toString();
    expect(checklist).toContain(`root@<${lang === 'es' ? 'IP del VPS' : 'VPS IP'}>:${path}`);
    expect(checklist).toContain(`AGE_IDENTITY_FILE=${path} `);
  });

  it.each([
    ['{ "to": "../out", "order": 1 }', /"to" must be a relative folder/],
    ['{ "to": "x" }', /"order" must be a number/],
    ['{ "to": "x", "order": 1, "when": "appName" }', /"when" must be one of metrics/],
    ['{ "to": ', /templates\/bad\/about\/part.json: /],
  ])('a bad declaration %s names its file and rule', (json, error) => {
    expect(() => partsOf([{ key: 'bad/about/part.json', mode: 0o644, body: json }])).toThrow(error);
  });

  it('a folder where no part declares itself is an error, not an empty project', async () => {
    const dir = join(tmp, 'undeclared');
    mkdirSync(join(dir, 'root'), { recursive: true });
    writeFileSync(join(dir, 'root', 'README.md'), '# x\n');
    await expect(render(defaultAnswers(), { generator, templatesDir: dir })).rejects.toThrow('no part declares itself');
  });

  it('an unknown file in about/ is an error, not silently dropped', async () => {
    const dir = join(tmp, 'unknown');
    cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'backend', ABOUT_DIR, 'readme-run.md.es.hbs'), 'x');
    await expect(render({ ...defaultAnswers(), lang: 'es' }, { generator, templatesDir: dir })).rejects.toThrow(
      'templates/backend/about/readme-run.md.es.hbs: not a fragment',
    );
  });
});

describe('targetPath', () => {
  it.each([
    ['_gitignore', 'es', '.gitignore', false],
    ['_github/workflows/ci.yml.hbs', 'en', '.github/workflows/ci.yml', true],
    ['CHECKLIST.md.es.hbs', 'es', 'CHECKLIST.md', true],
    ['src/app.ts', 'en', 'src/app.ts', false],
  ])('%s (%s) -> %s', (from, lang, path, template) => {
    expect(targetPath(from, lang)).toEqual({ path, template });
  });

  it('drops the other language', () => {
    expect(targetPath('CHECKLIST.md.en.hbs', 'es')).toBeNull();
  });
});
