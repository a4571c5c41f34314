// The generated backend, run as the founder's CI and Dokploy run it: Bun from the npm registry,
// `bun install --frozen-lockfile`, its own tests and type check, then the server on loopback
// against a real Postgres and a fake GlitchTip.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_SETS, generateProject, renderSet } from './support/generate.js';
import { startPostgres, type Postgres } from './support/postgres.js';
import { startService, type Service } from './support/service.js';
import { bun } from './support/tools.js';

const answers = ANSWER_SETS.es;
const bunEnv = () => ({ ...process.env, PATH: `${dirname(bun())}:${process.env.PATH}`, NO_COLOR: '1', CI: '1' });

/** Starts the backend as the Dockerfile does (instrument.ts preloaded) and waits for /health. */
function startBackend(cwd: string, env: Record<string, string>, entry = 'src/index.ts'): Promise<Service> {
  return startService('backend', bun(), ['--preload', './src/instrument.ts', entry], { cwd, env: { ...bunEnv(), ...env } });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A stand-in for GlitchTip's ingest: keeps every envelope item the SDK posts. */
// biome-ignore lint/suspicious/noExplicitAny: envelope payloads are whatever JSON the SDK sends; the assertions walk them.
function fakeIngest(): Promise<{ server: Server; port: number; items: { type: string; payload: any }[] }> {
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const items: { type: string; payload: any }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.url?.startsWith('/api/1/envelope/')) {
        const lines = body.toString('utf8').split('\n').filter(Boolean);
        for (let i = 1; i < lines.length; i += 2) {
          const header = JSON.parse(lines[i]!);
          items.push({ type: header.type, payload: lines[i + 1] ? JSON.parse(lines[i + 1]!) : undefined });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, items })),
  );
}

describe('generated backend: templates', () => {
  it('names the app in package.json and bun.lock, and builds on the chosen Bun image', async () => {
    for (const set of Object.values(ANSWER_SETS)) {
      const files = await renderSet(set);
      const text = (path: string) => files.get(`backend/${path}`)!.content.toString();
      expect(JSON.parse(text('package.json')).name).toBe(`${set.appName}-backend`);
      expect(text('bun.lock')).toContain(`"name": "${set.appName}-backend"`);
      expect(text('Dockerfile')).toContain(`FROM oven/bun:${set.bunVersion}-slim`);
      expect(text('src/login-alerts.ts')).toContain(set.lang === 'es' ? 'inicios de sesión fallidos' : 'failed logins');
    }
  });
});

describe('generated backend: runs', () => {
  let backend = '';
  let pg: Postgres | undefined;
  const running: Service[] = [];

  beforeAll(async () => {
    backend = join(await generateProject(answers), 'backend');
    await execa(bun(), ['install', '--frozen-lockfile'], { cwd: backend, env: bunEnv(), timeout: 300_000 });
  }, 320_000);

  /** An entry with a route that throws, added the way the founder adds routes: on createApp(). */
  const writeThrowingEntry = () =>
    writeFileSync(
      join(backend, 'src/e2e-throws.ts'),
      [
        "import { createApp } from './app.ts';",
        "createApp().post('/boom', () => { throw new Error('secret internal detail 42'); })",
        '  .listen({ port: Number(process.env.PORT), hostname: process.env.HOST });',
        '',
      ].join('\n'),
    );

  afterAll(async () => {
    for (const r of running) await r.stop();
    pg?.destroy();
  });

  it('passes its own tests (bun test) against a real Postgres, the migration tests among them', async () => {
    pg ??= await startPostgres();
    const result = await execa(bun(), ['test'], {
      cwd: backend,
      env: { ...bunEnv(), DATABASE_URL: pg.url() },
      all: true,
      reject: false,
      timeout: 120_000,
    });
    expect(result.exitCode, result.all).toBe(0);
    // Every test the generated files declare ran: none skipped, none left out.
    const declared = readdirSync(join(backend, 'test'))
      .filter((file) => file.endsWith('.test.ts'))
      .reduce((n, file) => n + (readFileSync(join(backend, 'test', file), 'utf8').match(/^\s*(test|it)\(/gm)?.length ?? 0), 0);
    expect(declared).toBeGreaterThanOrEqual(30);
    expect(result.all).toMatch(new RegExp(`\\b${declared} pass\\b`));
    expect(result.all).toContain(' 0 fail');
    for (const name of [
      'fresh database',
      'second run applies nothing',
      'edited after it was applied',
      'rolls back a failing',
      'two processes',
    ]) {
      expect(result.all).toMatch(new RegExp(`\\(pass\\) migrate > [^\\n]*${name}`));
    }
  }, 130_000);

  it('without DATABASE_URL its tests fail and say why (the migration tests are never skipped)', async () => {
    const env: NodeJS.ProcessEnv = { ...bunEnv() };
    delete env.DATABASE_URL;
    const result = await execa(bun(), ['test', 'test/migrate.test.ts'], { cwd: backend, env, all: true, reject: false, timeout: 120_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('needs a Postgres: set DATABASE_URL');
  }, 130_000);

  it('applies the migrations before it listens, once, and a failing one stops the start-up (exit 1, port never open)', async () => {
    pg ??= await startPostgres();
    pg.psql('create database migrate_startup');
    const url = pg.url('migrate_startup');
    const first = await startBackend(backend, { DATABASE_URL: url });
    running.push(first);
    expect(first.log()).toContain('migration applied: 0001_app_events.sql');
    expect(pg.psql('select name from schema_migrations', 'migrate_startup')).toBe('0001_app_events.sql');
    expect(pg.psql("select count(*) from information_schema.tables where table_name = 'app_events'", 'migrate_startup')).toBe('1');
    await first.stop();

    const bad = join(backend, 'migrations/9999_e2e_fails.sql');
    writeFileSync(bad, 'create table e2e_half (id int);\nselect 1 / 0;\n');
    try {
      const result = await execa(bun(), ['--preload', './src/instrument.ts', 'src/index.ts'], {
        cwd: backend,
        env: { ...bunEnv(), DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1' },
        all: true,
        reject: false,
        timeout: 30_000,
      });
      expect(result.exitCode, result.all).toBe(1);
      expect(result.all).toContain('migrations/9999_e2e_fails.sql failed and was rolled back: division by zero');
      expect(result.all).not.toContain('listening on');
      expect(pg.psql("select count(*) from information_schema.tables where table_name = 'e2e_half'", 'migrate_startup')).toBe('0');
    } finally {
      rmSync(bad);
    }
  }, 60_000);

  it('passes its type check (bun run typecheck)', async () => {
    const result = await execa(bun(), ['run', 'typecheck'], { cwd: backend, env: bunEnv(), all: true, reject: false, timeout: 120_000 });
    expect(result.exitCode, result.all).toBe(0);
  }, 130_000);

  it('the type check fails on a type error (it really checks)', async () => {
    const broken = join(backend, 'src/broken-on-purpose.ts');
    writeFileSync(broken, "import { app } from './app.ts';\nexport const n: number = app;\n");
    try {
      const result = await execa(bun(), ['run', 'typecheck'], { cwd: backend, env: bunEnv(), all: true, reject: false, timeout: 120_000 });
      expect(result.exitCode).not.toBe(0);
      expect(result.all).toContain('broken-on-purpose.ts');
    } finally {
      rmSync(broken);
    }
  }, 130_000);

  it('installs production dependencies only, as the Dockerfile does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backend-prod-'));
    for (const f of ['package.json', 'bun.lock']) copyFileSync(join(backend, f), join(dir, f));
    await execa(bun(), ['install', '--frozen-lockfile', '--production'], { cwd: dir, env: bunEnv(), timeout: 300_000 });
    expect(existsSync(join(dir, 'node_modules/elysia/package.json'))).toBe(true);
  }, 310_000);

  it('/health and /ready follow Postgres: 200, then 503 when it stops, then 200 again', async () => {
    pg ??= await startPostgres();
    const app = await startBackend(backend, { DATABASE_URL: pg.url() });
    running.push(app);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    const ready = await fetch(`${app.url}/ready`);
    expect(ready.status, app.log()).toBe(200);

    pg.stop();
    const down = await fetch(`${app.url}/ready`, { signal: AbortSignal.timeout(10_000) });
    expect(down.status).toBe(503);
    expect(((await down.json()) as { reason: string }).reason).toMatch(/database/);
    expect((await fetch(`${app.url}/health`)).status).toBe(200); // liveness does not depend on the database

    pg.start();
    await eventually('/ready back to 200', async () => ((await fetch(`${app.url}/ready`)).status === 200 ? true : undefined));
    await app.stop();
  }, 60_000);

  // Docker stops a container with SIGTERM and kills it 10 s later: the backend must drain and exit 0.
  it('on SIGTERM an in-flight request still answers, then the process exits 0 at once', async () => {
    writeFileSync(
      join(backend, 'src/e2e-slow.ts'),
      [
        "import { createApp } from './app.ts';",
        "import { drainOnSignals } from './shutdown.ts';",
        "const app = createApp().get('/slow', async () => { await Bun.sleep(800); return { done: true }; })",
        '  .listen({ port: Number(process.env.PORT), hostname: process.env.HOST });',
        'drainOnSignals(app);',
        '',
      ].join('\n'),
    );
    pg ??= await startPostgres();
    const app = await startBackend(backend, { DATABASE_URL: pg.url() }, 'src/e2e-slow.ts');
    running.push(app);
    expect((await fetch(`${app.url}/ready`)).status, app.log()).toBe(200); // the pool is open
    const inFlight = fetch(`${app.url}/slow`);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
    app.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect(await exited, app.log()).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(app.log()).toContain('SIGTERM');
  }, 60_000);

  it('reports an unexpected error to GlitchTip with secrets scrubbed; the client sees only an id', async () => {
    const ingest = await fakeIngest();
    writeThrowingEntry();
    const app = await startBackend(
      backend,
      // Every request traced: the failed request's transaction keeps the body as text, and must be
      // scrubbed too (at the default 0.1 this test caught it one run in ten).
      { GLITCHTIP_DSN: `http://publickey@127.0.0.1:${ingest.port}/1`, METRICS_TOKEN: 'metrics-token', GLITCHTIP_TRACES_SAMPLE_RATE: '1' },
      'src/e2e-throws.ts',
    );
    running.push(app);
    try {
      const response = await fetch(`${app.url}/boom?page=2&token=query-secret-9`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-live-secret-1', cookie: 'sid=cookie-secret-2', 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ana@example.com', password: 'hunter2-secret-3' }),
      });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain('secret internal detail');
      const { id } = JSON.parse(text) as { id: string };
      expect(id).toMatch(/^[0-9a-f]{32}$/);

      const event = await eventually('the error event', async () => ingest.items.find((i) => i.type === 'event')?.payload);
      expect(event.event_id).toBe(id); // the id the client got finds the event in GlitchTip
      expect(event.exception.values[0].value).toBe('secret internal detail 42');
      expect(event.request.data.email).toBe('ana@example.com');
      expect(event.request.data.password).toBe('[Filtered]');
      expect(event.request.headers.authorization).toBe('[Filtered]');
      expect(event.request.headers.cookie).toBe('[Filtered]');
      const raw = JSON.stringify(ingest.items);
      for (const secret of ['sk-live-secret-1', 'cookie-secret-2', 'hunter2-secret-3', 'query-secret-9']) expect(raw).not.toContain(secret);
      expect(ingest.items.map((i) => i.type)).not.toContain('session');

      // The 500 is counted for the monitoring rules (more than 10 5xx a minute).
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      const metrics = await (await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer metrics-token' } })).text();
      expect(metrics).toMatch(/http_requests_total\{method="POST",route="\/boom",status="500"\} 1/);
      expect(metrics).toMatch(/http_request_duration_seconds_bucket\{le="2.5",method="POST",route="\/boom",status="500"\} 1/);
      // The app's own two metrics (src/http-series.ts) pass Prometheus' own parser and linter.
      // (prom-client's default nodejs_active_*_total gauges draw lint warnings of their own.)
      const own = metrics.split('\n').filter((line) => /^(# (HELP|TYPE) )?http_/.test(line));
      expect(own.length).toBeGreaterThan(14);
      const lint = await execa('promtool', ['check', 'metrics'], { input: `${own.join('\n')}\n`, reject: false });
      expect(`${lint.stdout}${lint.stderr}`).toBe('');
      expect(lint.exitCode).toBe(0);
    } finally {
      await app.stop();
      ingest.server.close();
    }
  }, 60_000);

  // Upstream: @sentry/core 11 defaults traceLifecycle to 'stream' (client.js: anything but
  // 'static' is 'stream') and then sends `span` envelope items and skips beforeSendTransaction
  // (utils/warnAboutIgnoredTransactionOptions.js). GlitchTip ingests only events and
  // transactions, so instrument.ts sets 'static': a trace must arrive as a transaction, scrubbed.
  it('sends a performance trace as a transaction GlitchTip stores, with secrets scrubbed', async () => {
    const ingest = await fakeIngest();
    const app = await startBackend(backend, {
      GLITCHTIP_DSN: `http://publickey@127.0.0.1:${ingest.port}/1`,
      GLITCHTIP_TRACES_SAMPLE_RATE: '1',
    });
    running.push(app);
    try {
      // x-clabe: a secret only scrub.ts knows (the SDK's own filter leaves it alone).
      await fetch(`${app.url}/health?token=query-secret-9`, { headers: { 'x-clabe': 'clabe-secret-4', cookie: 'sid=cookie-secret-2' } });
      // startService's own GET /health probes send transactions too: take the one with the query.
      const transaction = await eventually(
        'the transaction',
        async () => ingest.items.find((i) => i.type === 'transaction' && i.payload.request?.query_string)?.payload,
      );
      expect(transaction.transaction).toBe('GET /health');
      expect(transaction.request.headers['x-clabe']).toBe('[Filtered]');
      expect(transaction.contexts.trace.data['http.request.header.x-clabe']).toBe('[Filtered]');
      const raw = JSON.stringify(ingest.items);
      for (const secret of ['clabe-secret-4', 'cookie-secret-2', 'query-secret-9']) expect(raw).not.toContain(secret);
      expect(ingest.items.map((i) => i.type)).not.toContain('span');
    } finally {
      await app.stop();
      ingest.server.close();
    }
  }, 60_000);

  it("traces only what is picked: at rate 0 a plain request sends nothing; one from a traced page continues the page's trace; at most 10 a second, however many callers ask", async () => {
    const ingest = await fakeIngest();
    const app = await startBackend(backend, {
      GLITCHTIP_DSN: `http://publickey@127.0.0.1:${ingest.port}/1`,
      GLITCHTIP_TRACES_SAMPLE_RATE: '0',
    });
    running.push(app);
    try {
      const traceId = 'c0ffee00c0ffee00c0ffee00c0ffee00';
      await fetch(`${app.url}/health?plain=1`);
      await fetch(`${app.url}/health?from=page`, { headers: { 'sentry-trace': `${traceId}-aaaaaaaaaaaaaaaa-1` } });
      const transaction = await eventually(
        "the traced page's transaction",
        async () => ingest.items.find((i) => i.type === 'transaction')?.payload,
      );
      expect(transaction.contexts.trace.trace_id).toBe(traceId);
      expect(transaction.request.query_string).toBe('from=page');
      await new Promise((r) => setTimeout(r, 1500)); // the SDK sends each transaction as it ends
      expect(ingest.items.filter((i) => i.type === 'transaction')).toHaveLength(1);
      // Every caller asking for a trace (anyone can send the header): at most 10 a second are kept.
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          fetch(`${app.url}/health?forged=${i}`, { headers: { 'sentry-trace': `${traceId}-aaaaaaaaaaaaaaaa-1` } }),
        ),
      );
      const seconds = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1; // budget windows touched
      await new Promise((r) => setTimeout(r, 1500));
      const forged = ingest.items.filter((i) => i.type === 'transaction' && /forged=/.test(i.payload.request?.query_string ?? ''));
      expect(forged.length).toBeGreaterThan(0);
      expect(forged.length).toBeLessThanOrEqual(10 * seconds);
      expect(seconds).toBeLessThan(6); // 60 requests on loopback: the bound above is well under 60
    } finally {
      await app.stop();
      ingest.server.close();
    }
  }, 60_000);

  it("without traceLifecycle: 'static' the SDK sends only span items, which GlitchTip drops (the check above can fail)", async () => {
    const ingest = await fakeIngest();
    const file = join(backend, 'src/instrument.ts');
    const original = readFileSync(file, 'utf8');
    const streaming = original.replace(/^\s*traceLifecycle: 'static',\n/m, '');
    expect(streaming).not.toBe(original);
    writeFileSync(file, streaming);
    const app = await startBackend(backend, {
      GLITCHTIP_DSN: `http://publickey@127.0.0.1:${ingest.port}/1`,
      GLITCHTIP_TRACES_SAMPLE_RATE: '1',
    });
    running.push(app);
    try {
      await fetch(`${app.url}/health`, { headers: { 'x-clabe': 'clabe-secret-4' } });
      const span = await eventually('the span item of this request', async () =>
        ingest.items.find((i) => i.type === 'span' && JSON.stringify(i.payload).includes('x-clabe')),
      );
      expect(JSON.stringify(span)).toContain('clabe-secret-4'); // beforeSendTransaction (scrub) never ran
      expect(ingest.items.map((i) => i.type)).not.toContain('transaction');
    } finally {
      writeFileSync(file, original);
      await app.stop();
      ingest.server.close();
    }
  }, 60_000);

  // What a security reviewer checks first: headers on every answer, a body limit and a rate limit
  // at the server, CORS closed unless the founder opens it. Real requests to the real server.
  it('sends the security headers, refuses large bodies (413) and floods (429 with Retry-After); CORS only when opened', async () => {
    writeFileSync(
      join(backend, 'src/e2e-echo.ts'),
      [
        "import { createApp } from './app.ts';",
        "createApp().post('/echo', ({ body }) => ({ size: JSON.stringify(body).length }))",
        '  .listen({ port: Number(process.env.PORT), hostname: process.env.HOST });',
        '',
      ].join('\n'),
    );
    const env = { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_SECONDS: '60', BODY_LIMIT_BYTES: '1000' };
    const app = await startBackend(backend, env, 'src/e2e-echo.ts');
    running.push(app);
    try {
      for (const path of ['/health', '/ready', '/no-such-route']) {
        const response = await fetch(`${app.url}${path}`);
        expect(response.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d{7,}/);
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('cache-control'), path).toBe('no-store');
        expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
        for (const banner of ['server', 'x-powered-by']) expect(response.headers.get(banner), path).toBeNull();
        expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      }

      const post = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${app.url}/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.50', ...headers },
          body,
        });
      expect((await post('{"a":1}')).status).toBe(200);
      const big = JSON.stringify({ a: 'x'.repeat(5000) });
      expect((await post(big)).status).toBe(413);
      // Chunked, with no Content-Length: Bun still stops at the limit.
      const chunked = await execa('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-X',
        'POST',
        '-H',
        'content-type: application/json',
        '-H',
        'transfer-encoding: chunked',
        '-H',
        'x-forwarded-for: 203.0.113.51',
        '--data-binary',
        big,
        `${app.url}/echo`,
      ]);
      expect(chunked.stdout).toBe('413');

      // Behind Traefik (socket on a private address) the client is the right-most X-Forwarded-For
      // entry: what a client writes to its left does not get it a fresh allowance.
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await fetch(`${app.url}/x`, { headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` } })).status);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
      const limited = await fetch(`${app.url}/x`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await limited.json()).toEqual({ error: 'too_many_requests' });
      // Another client is not affected, and the probes are never limited.
      expect((await fetch(`${app.url}/x`, { headers: { 'x-forwarded-for': '203.0.113.10' } })).status).toBe(404);
      for (let i = 0; i < 10; i++) {
        expect((await fetch(`${app.url}/health`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
        expect((await fetch(`${app.url}/ready`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).not.toBe(429);
      }
    } finally {
      await app.stop();
    }

    // CORS_ORIGIN opens it to that origin only.
    const open = await startBackend(backend, { CORS_ORIGIN: 'https://app.example.com' }, 'src/e2e-echo.ts');
    running.push(open);
    try {
      const preflight = (origin: string) =>
        fetch(`${open.url}/echo`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.stop();
    }
  }, 60_000);

  // Logs end up in Dokploy's UI and in whatever the founder pastes into a chat: no secret in them.
  it('never logs the Authorization header, cookies or the DATABASE_URL password', async () => {
    writeThrowingEntry();
    const databaseUrl = 'postgresql://postgres:pg-secret-pass-7@127.0.0.1:9/app';
    writeFileSync(
      join(backend, 'src/e2e-leaky.ts'),
      [
        "import { createApp } from './app.ts';",
        '// The usual way a connection string reaches a log: inside an error message.',
        "createApp().get('/leak', () => { throw new Error(`cannot connect to ${process.env.DATABASE_URL}`); })",
        '  .listen({ port: Number(process.env.PORT), hostname: process.env.HOST });',
        '',
      ].join('\n'),
    );
    const app = await startBackend(backend, { DATABASE_URL: databaseUrl }, 'src/e2e-leaky.ts');
    running.push(app);
    try {
      const headers = { authorization: 'Bearer sk-live-secret-1', cookie: 'sid=cookie-secret-2' };
      expect((await fetch(`${app.url}/leak`, { headers })).status).toBe(500);
      expect((await fetch(`${app.url}/ready`, { headers })).status).toBe(503);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await app.stop();
    }
    expect(app.log()).toContain('cannot connect to postgresql://postgres:');
    for (const secret of ['pg-secret-pass-7', 'sk-live-secret-1', 'cookie-secret-2']) expect(app.log()).not.toContain(secret);
  }, 60_000);

  it('without scrub.ts the same request would leak its secrets (the check above can fail)', async () => {
    const ingest = await fakeIngest();
    writeThrowingEntry();
    const scrubFile = join(backend, 'src/scrub.ts');
    const original = readFileSync(scrubFile, 'utf8');
    writeFileSync(scrubFile, '// Disabled on purpose by the test.\nexport const scrub = <T>(value: T): T => value;\n');
    const app = await startBackend(backend, { GLITCHTIP_DSN: `http://publickey@127.0.0.1:${ingest.port}/1` }, 'src/e2e-throws.ts');
    running.push(app);
    try {
      await fetch(`${app.url}/boom`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-live-secret-1', 'content-type': 'application/json' },
        body: JSON.stringify({ password: 'hunter2-secret-3' }),
      });
      const event = await eventually('the error event', async () => ingest.items.find((i) => i.type === 'event')?.payload);
      expect(event.request.data.password).toBe('hunter2-secret-3');
      expect(event.request.headers.authorization).toBe('Bearer sk-live-secret-1');
    } finally {
      writeFileSync(scrubFile, original);
      await app.stop();
      ingest.server.close();
    }
  }, 60_000);
});
