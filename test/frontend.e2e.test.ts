// The generated frontend, run as the founder's CI and Dokploy run it: npm ci, test, check and
// build on Node 24, then the built server on loopback, looked at in headless Chromium.
import { createServer, type Server } from 'node:http';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_SETS, generateProject, renderSet } from './support/generate.js';
import { freePort } from './support/postgres.js';
import { startService, type Service } from './support/service.js';
import { node24, REPO, requireTool } from './support/tools.js';

const answers = ANSWER_SETS.es;
const ARTIFACTS = join(REPO, 'test/artifacts');

/** npm and the project's scripts on Node 24, as in the Dockerfile and CI. */
const nodeEnv = () => ({ ...process.env, PATH: `${dirname(node24())}:${process.env.PATH}`, NO_COLOR: '1', CI: '1' });

/** A stand-in backend: /health answers 200 while `up`, else 503; keeps the trace header of each call. */
function startApi(): Promise<{ server: Server; url: string; state: { up: boolean; hits: number; traces: string[] } }> {
  const state = { up: true, hits: 0, traces: [] as string[] };
  const server = createServer((req, res) => {
    if (req.url === '/health') state.hits++;
    state.traces.push(String(req.headers['sentry-trace']));
    res.writeHead(req.url === '/health' && state.up ? 200 : 503).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, state });
    }),
  );
}

/** A stand-in GlitchTip: keeps the items of every envelope the SDKs send to project 7. */
function startGlitchTip(): Promise<{ server: Server; dsn: string; items: { type: string; payload: string }[]; cspReports: string[] }> {
  const items: { type: string; payload: string }[] = [];
  // CSP violation reports the browser posts to GlitchTip's security endpoint (report-uri).
  const cspReports: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.startsWith('/api/7/envelope/')) items.push(...envelopeItems(Buffer.concat(chunks)));
      if (req.method === 'POST' && req.url === '/api/7/security/?glitchtip_key=0123456789abcdef')
        cspReports.push(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'access-control-allow-origin': '*' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, dsn: `http://0123456789abcdef@127.0.0.1:${port}/7`, items, cspReports });
    }),
  );
}

/** Envelope: a header line, then item header + payload pairs (payload `length` bytes when given). */
function envelopeItems(body: Buffer): { type: string; payload: string }[] {
  const items = [];
  let at = body.indexOf(10) + 1;
  while (at > 0 && at < body.length) {
    const headerEnd = body.indexOf(10, at);
    const header = JSON.parse(body.subarray(at, headerEnd === -1 ? body.length : headerEnd).toString());
    const start = headerEnd + 1;
    let end = header.length !== undefined ? start + header.length : body.indexOf(10, start);
    if (end === -1) end = body.length;
    items.push({ type: header.type as string, payload: body.subarray(start, end).toString() });
    at = end + 1;
  }
  return items;
}

async function until(what: string, ok: () => boolean, ms = 10_000) {
  for (const start = Date.now(); Date.now() - start < ms; ) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function chromium(args: string[]) {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  return execa(
    requireTool('chromium'),
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--window-size=900,700',
      ...args,
    ],
    { timeout: 60_000 },
  );
}

describe('generated frontend: templates', () => {
  it('speaks the chosen language and names the app in both answer sets', async () => {
    for (const set of Object.values(ANSWER_SETS)) {
      const files = await renderSet(set);
      const text = files.get('frontend/src/lib/text.ts')!.content.toString();
      expect(text).toContain(`export const appName = ${JSON.stringify(set.appName)};`);
      expect(text).toContain(set.lang === 'es' ? 'no responde' : 'not answering');
      expect(files.get('frontend/src/app.html')!.content.toString()).toContain(`<html lang="${set.lang}">`);
      for (const name of ['package.json', 'package-lock.json']) {
        const json = JSON.parse(files.get(`frontend/${name}`)!.content.toString());
        // Its own name: the root package.json holds the bare app name (npm workspaces and logs tell them apart).
        expect(json.name, name).toBe(`${set.appName}-frontend`);
      }
    }
  });

  it('pins every dependency exactly and the lockfile matches package.json', async () => {
    const files = await renderSet(answers);
    const pkg = JSON.parse(files.get('frontend/package.json')!.content.toString());
    const lock = JSON.parse(files.get('frontend/package-lock.json')!.content.toString());
    const pins = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    for (const [name, version] of Object.entries(pins)) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
  });
});

describe('generated frontend: npm ci, test, check, build, serve, look (Node 24)', () => {
  let app: string;
  /** The folder laid out as the Dockerfile's final stage leaves it. */
  let image: string;
  let api: Awaited<ReturnType<typeof startApi>>;
  let glitchtip: Awaited<ReturnType<typeof startGlitchTip>>;
  let server: Service | undefined;
  let url: string;
  const npm = (args: string[], timeout: number) => execa('npm', args, { cwd: app, env: nodeEnv(), timeout, all: true });

  beforeAll(async () => {
    app = join(await generateProject(answers), 'frontend');
    api = await startApi();
    glitchtip = await startGlitchTip();
  });
  afterAll(() => {
    void server?.stop();
    api?.server.close();
    glitchtip?.server.close();
  });

  it('npm ci installs from the shipped lockfile', { timeout: 600_000 }, async () => {
    const r = await npm(['ci', '--no-audit', '--no-fund'], 600_000);
    expect(r.exitCode, r.all).toBe(0);
  });

  it('npm test passes', { timeout: 120_000 }, async () => {
    const r = await npm(['test'], 120_000);
    expect(r.all).toMatch(/Tests\s+\d+ passed/);
  });

  it('npm run check is clean', { timeout: 180_000 }, async () => {
    const r = await npm(['run', 'check'], 180_000);
    expect(r.all).toMatch(/svelte-check found 0 errors and 0 warnings/);
  });

  it('npm run build writes the Node server', { timeout: 300_000 }, async () => {
    await npm(['run', 'build'], 300_000);
    expect(statSync(join(app, 'build/index.js')).isFile()).toBe(true);
  });

  it("the Dockerfile's steps work from a clean copy: npm ci, build, prune to production deps", { timeout: 600_000 }, async () => {
    const dockerfile = readFileSync(join(app, 'Dockerfile'), 'utf8');
    // The steps below are the Dockerfile's (no Docker engine here): keep the two in step.
    expect(dockerfile).toMatch(/^FROM node:24-slim AS build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/^RUN npm run build && npm prune --omit=dev$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "build"\]$/m);
    image = join(mkdtempSync(join(tmpdir(), 'pyme-image-')), 'app');
    // .dockerignore's plain names (its globs match nothing in a fresh project).
    const ignored = readFileSync(join(app, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.includes('*'));
    const skip = (src: string) => ignored.some((name) => src === join(app, name) || src.startsWith(`${join(app, name)}/`));
    cpSync(app, image, { recursive: true, filter: (src) => !skip(src) });
    // One page added for the browser error-reporting test below: its load fails in the browser only.
    mkdirSync(join(image, 'src/routes/e2e-boom'), { recursive: true });
    writeFileSync(
      join(image, 'src/routes/e2e-boom/+page.ts'),
      "import { browser } from '$app/env';\n\nexport function load() {\n  if (browser) throw new Error('e2e boom in the browser');\n  return {};\n}\n",
    );
    writeFileSync(join(image, 'src/routes/e2e-boom/+page.svelte'), '<p>boom page</p>\n');
    // And one whose load fails on the server, after `wait` ms: requests can overlap.
    mkdirSync(join(image, 'src/routes/e2e-server-boom'), { recursive: true });
    writeFileSync(
      join(image, 'src/routes/e2e-server-boom/+page.server.ts'),
      "export async function load({ url }) {\n  await new Promise((r) => setTimeout(r, Number(url.searchParams.get('wait'))));\n  throw new Error(`e2e boom on the server ${url.searchParams.get('id')}`);\n}\n",
    );
    writeFileSync(join(image, 'src/routes/e2e-server-boom/+page.svelte'), '<p>server boom page</p>\n');
    // And one that breaks the CSP on purpose (an image from a host img-src does not allow): the
    // zero-violation checks below can fail.
    mkdirSync(join(image, 'src/routes/e2e-csp-violation'), { recursive: true });
    writeFileSync(
      join(image, 'src/routes/e2e-csp-violation/+page.svelte'),
      '<p>csp violation page</p>\n<img alt="" src="http://203.0.113.1/pixel.png" />\n',
    );
    // A release, as a source-map upload would set: without one the browser SDK never sends sessions,
    // so the "no sessions" check below could not fail.
    const html = join(image, 'src/app.html');
    writeFileSync(
      html,
      readFileSync(html, 'utf8').replace(
        '%sveltekit.head%',
        [
          // With SvelteKit's nonce, as any inline script must carry under the CSP.
          '<script nonce="%sveltekit.nonce%">window.SENTRY_RELEASE = { id: \'e2e\' };',
          // ?e2e-traced makes this visit one of the traced ones (Math.random decides in sentry-client.ts).
          "      if (location.search === '?e2e-traced') Math.random = () => 0;</script>",
          '    %sveltekit.head%',
        ].join('\n'),
      ),
    );
    for (const args of [
      ['ci', '--no-audit', '--no-fund'],
      ['run', 'build'],
      ['prune', '--omit=dev'],
    ]) {
      await execa('npm', args, { cwd: image, env: nodeEnv(), timeout: 600_000 });
    }
    expect(statSync(join(image, 'build/index.js')).isFile()).toBe(true);
  });

  it('the built server answers / with the app name and the API status, and /health', { timeout: 60_000 }, async () => {
    server = await startService('frontend server', node24(), ['build'], {
      cwd: image,
      env: { ...process.env, PUBLIC_API_URL: `${api.url}/`, PUBLIC_GLITCHTIP_DSN: glitchtip.dsn },
      seconds: 10,
    });
    url = server.url;

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');

    const home = await fetch(url);
    const html = await home.text();
    expect(home.status).toBe(200);
    expect(html).toContain(`<title>${answers.appName}</title>`);
    expect(html).toContain('El servidor (API) responde');
    expect(api.state.hits).toBeGreaterThan(0);
    // Public env vars are read when the server starts, not baked in at build time.
    expect(html).toContain(glitchtip.dsn);

    api.state.up = false;
    const down = await (await fetch(url)).text();
    expect(down).toContain('El servidor (API) no responde en este momento');
    api.state.up = true;
  });

  it('every page carries the security headers and a CSP with a nonce, allowing only the API and GlitchTip', {
    timeout: 60_000,
  }, async () => {
    const apiOrigin = new URL(api.url).origin;
    const glitchtipOrigin = new URL(glitchtip.dsn).origin;
    const nonces = new Set<string>();
    for (const path of ['/', '/no-such-page']) {
      const response = await fetch(`${url}${path}`);
      const headers = response.headers;
      expect(headers.get('strict-transport-security'), path).toMatch(/^max-age=\d{7,}/);
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(headers.get('permissions-policy'), path).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
      const policy = headers.get('content-security-policy') ?? '';
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).toContain(`connect-src 'self' ${apiOrigin} ${glitchtipOrigin};`);
      expect(policy, path).toContain(`report-uri ${glitchtipOrigin}/api/7/security/?glitchtip_key=0123456789abcdef`);
      expect(policy.match(/script-src [^;]*/)?.[0], path).not.toContain('unsafe-inline');
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce, path).toBeDefined();
      nonces.add(nonce!);
      // Every inline script SvelteKit wrote carries it.
      const html = await response.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
      expect(inline.length, path).toBeGreaterThan(0);
      for (const attributes of inline) expect(attributes, path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(2); // a fresh nonce per page
  });

  it("the Dockerfile's HEALTHCHECK command passes while the server runs and fails when it does not", { timeout: 60_000 }, async () => {
    const dockerfile = readFileSync(join(app, 'Dockerfile'), 'utf8');
    const script = dockerfile.match(/CMD node -e "(.+)"\n/)?.[1];
    expect(script).toBeDefined();
    const check = (port: string) =>
      execa(node24(), ['-e', script!], { env: { ...process.env, PORT: port }, reject: false, timeout: 20_000 });
    expect((await check(new URL(url).port)).exitCode).toBe(0);
    expect((await check(String(await freePort()))).exitCode).toBe(1);
  });

  it('headless Chromium shows the app name and the API status (screenshot kept)', { timeout: 120_000 }, async () => {
    const dom = await chromium(['--virtual-time-budget=5000', '--dump-dom', url]);
    expect(dom.stdout).toContain(`<h1>${answers.appName}</h1>`);
    expect(dom.stdout).toContain('El servidor (API) responde');

    mkdirSync(ARTIFACTS, { recursive: true });
    const png = join(ARTIFACTS, 'frontend-home-es.png');
    await chromium([`--screenshot=${png}`, url]);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('the server reports each error to GlitchTip with its own request and nothing of others, secrets filtered', {
    timeout: 60_000,
  }, async () => {
    // Pages that call the API first: the breadcrumbs of those calls belong to their own requests.
    for (let i = 0; i < 3; i++) expect((await fetch(url)).status).toBe(200);
    const before = glitchtip.items.length;
    // Three requests at once that fail in reverse order: each report must carry its own request.
    const answers = await Promise.all(
      [1, 2, 3].map((id) =>
        fetch(`${url}/e2e-server-boom?id=${id}&wait=${(4 - id) * 150}&token=e2e-secret`, {
          // A signed-in customer's credentials: none of them may reach GlitchTip.
          headers: {
            'x-e2e-id': String(id),
            cookie: 'session=e2e-secret-cookie; theme=dark',
            authorization: 'Bearer e2e-secret-bearer',
            'x-api-key': 'e2e-secret-key',
          },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([500, 500, 500]);
    const events = () =>
      glitchtip.items
        .slice(before)
        .filter((item) => item.type === 'event')
        .map((item) => JSON.parse(item.payload));
    await until('three server error events', () => events().length >= 3);
    expect(events()).toHaveLength(3);
    for (const event of events()) {
      const id = /^e2e boom on the server (\d)$/.exec(event.exception.values[0].value)?.[1];
      expect(id).toBeDefined();
      expect(event.request.headers['x-e2e-id']).toBe(id);
      expect(event.request.url).toContain(`id=${id}&`);
      expect(event.transaction).toBe('GET /e2e-server-boom');
      // The route's own frame counts as the app's code (GlitchTip shows and groups by those first).
      const frames: { filename?: string; in_app?: boolean }[] = event.exception.values[0].stacktrace.frames;
      // @sentry/sveltekit's rewriteFramesIntegration names them app:///src/... (as the uploaded maps).
      const own = frames.find((frame) => frame.filename === 'app:///src/routes/e2e-server-boom/+page.server.ts');
      expect(own?.in_app, JSON.stringify(frames.map((f) => [f.filename, f.in_app]))).toBe(true);
      expect(frames.filter((frame) => frame.filename?.includes('node_modules')).every((frame) => frame.in_app === false)).toBe(true);
      expect(JSON.stringify(event)).not.toContain('e2e-secret');
      expect(event.request.headers).toMatchObject({ cookie: '[Filtered]', authorization: '[Filtered]', 'x-api-key': '[Filtered]' });
      expect(JSON.stringify(event.breadcrumbs ?? [])).not.toContain('/health');
    }
  });

  it("the server sends no traces, sessions or 404s; the page and its API call carry the request's trace id", {
    timeout: 60_000,
  }, async () => {
    const before = glitchtip.items.length;
    api.state.traces = [];
    const html = await (await fetch(url)).text();
    // A traced page load in the browser continues this trace, linking it to the API's.
    const trace = /<meta name="sentry-trace" content="([0-9a-f]{32})-[0-9a-f]{16}"/.exec(html)?.[1];
    expect(trace).toBeDefined();
    expect(api.state.traces).toHaveLength(1);
    expect(api.state.traces[0]).toMatch(new RegExp(`^${trace}-[0-9a-f]{16}$`));
    for (let i = 0; i < 50; i++) await fetch(url);
    // A missing page is expected, not a bug: no report.
    expect((await fetch(`${url}/no-such-page`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 1000)); // let anything sent arrive
    const types = glitchtip.items.slice(before).map((item) => item.type);
    expect(types).not.toContain('event');
    expect(types).not.toContain('transaction');
    expect(types).not.toContain('span');
    expect(types).not.toContain('session');
    expect(types).not.toContain('sessions');
  });

  // The server SDK costs memory and per-request work: only a DSN loads it, and then through
  // @sentry/sveltekit's documented server entry, never `@sentry/node-core/light` (experimental per
  // its README, removed in v11 by getsentry/sentry-javascript PR #22418).
  it('without PUBLIC_GLITCHTIP_DSN the server never loads @sentry; with it, the SvelteKit SDK, not the light one', {
    timeout: 60_000,
  }, async () => {
    const probe = join(mkdtempSync(join(tmpdir(), 'probe-')), 'probe.mjs');
    writeFileSync(
      probe,
      [
        "import { registerHooks } from 'node:module';",
        'registerHooks({ resolve(specifier, context, next) {',
        '  const resolved = next(specifier, context);',
        '  if (/\\/node_modules\\/@(sentry|opentelemetry)\\//.test(resolved.url)) process.stderr.write(`loaded ${resolved.url}\\n`);',
        '  return resolved;',
        '} });',
        '',
      ].join('\n'),
    );
    const serve = async (dsn: string) => {
      const s = await startService('frontend server', node24(), ['--import', probe, 'build'], {
        cwd: image,
        env: { ...process.env, PUBLIC_API_URL: `${api.url}/`, PUBLIC_GLITCHTIP_DSN: dsn },
        seconds: 10,
      });
      expect((await fetch(s.url)).status).toBe(200);
      await s.stop();
      return s.log();
    };
    expect(await serve('')).not.toContain('/@sentry/');
    const withDsn = await serve(glitchtip.dsn);
    expect(withDsn).toContain('/node_modules/@sentry/sveltekit/build/esm/index.server.js');
    expect(withDsn).not.toMatch(/\/node_modules\/@sentry\/node-core\/build\/esm\/light\//);
  });

  it('the browser loads the SDK at its first error and reports it; nothing sends sessions', { timeout: 120_000 }, async () => {
    const dom = await chromium(['--virtual-time-budget=10000', '--dump-dom', `${url}/e2e-boom`]);
    expect(dom.stdout).toContain('500');
    await until('the browser error event', () =>
      glitchtip.items.some((item) => item.type === 'event' && item.payload.includes('e2e boom in the browser')),
    );
    const event = JSON.parse(glitchtip.items.find((item) => item.payload.includes('e2e boom in the browser'))!.payload);
    expect(event.sdk.name).toBe('sentry.javascript.sveltekit');
    expect(glitchtip.items.map((item) => item.type)).not.toContain('session');
    expect(glitchtip.items.map((item) => item.type)).not.toContain('sessions');
  });

  // What GlitchTip's ingest accepts (glitchtip-backend apps/event_ingest/schema.py): it drops the
  // rest of an envelope at any other item type. Sentry v11 streams spans (`span` items) unless
  // traceLifecycle is 'static' (@sentry/core Options.traceLifecycle).
  const GLITCHTIP_ITEM_TYPES = ['event', 'transaction'];

  it('a traced visit in the browser sends only item types GlitchTip ingests, its page load as a transaction', {
    timeout: 120_000,
  }, async () => {
    const before = glitchtip.items.length;
    await chromium(['--virtual-time-budget=15000', '--dump-dom', `${url}/?e2e-traced`]);
    await until('the page load transaction', () => glitchtip.items.slice(before).some((item) => item.type === 'transaction'));
    const sent = glitchtip.items.slice(before);
    expect(sent.filter((item) => !GLITCHTIP_ITEM_TYPES.includes(item.type)).map((item) => item.type)).toEqual([]);
    const transaction = JSON.parse(sent.find((item) => item.type === 'transaction')!.payload);
    expect(transaction.contexts.trace.op).toBe('pageload');
  });

  // Every page above ran in Chromium under the CSP: the page rendered and hydrated, the lazy SDK
  // loaded and reported. Not one violation may have reached GlitchTip's security endpoint.
  it('Chromium reported zero CSP violations for the pages above, and reports one that breaks the policy', {
    timeout: 120_000,
  }, async () => {
    await chromium(['--virtual-time-budget=5000', '--dump-dom', url]);
    await new Promise((r) => setTimeout(r, 1000)); // a report is sent after the page loads
    expect(glitchtip.cspReports).toEqual([]);

    await chromium(['--virtual-time-budget=5000', '--dump-dom', `${url}/e2e-csp-violation`]);
    await until('the violation report', () => glitchtip.cspReports.length > 0);
    const report = JSON.parse(glitchtip.cspReports[0]!)['csp-report'];
    expect(report['blocked-uri']).toContain('203.0.113.1');
    expect(report['effective-directive']).toBe('img-src');
  });
});
