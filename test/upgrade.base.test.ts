// The base for a version other than the running one comes from that version's published CLI,
// run through `npm exec`, into a cache; its files must match the manifest's sha256. A fake `npm`
// on PATH stands in for the registry: it logs its arguments and "generates" a prepared tree.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { parseManifest } from '../src/manifest.js';
import { baseFiles, cacheRoot } from '../src/upgrade/base.js';
import { requireTool } from './support/tools.js';
import { generateWith009, recordedBy009 } from './support/previous.js';

const RECORDED = recordedBy009({ lang: 'en' });

/** A project from the fixture 0.0.9, a copy of it as "what npm's 0.0.9 generates", and a fake npm. */
async function setup(tamper = false) {
  const root = mkdtempSync(join(tmpdir(), 'pyme-base-'));
  const project = join(root, 'project');
  await generateWith009(project, RECORDED);
  const published = join(root, 'published');
  cpSync(project, published, { recursive: true });
  if (tamper) writeFileSync(join(published, 'README.md'), 'not what 0.0.9 generated\n');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  // npm exec <options> --package=<pkg> -- create-pyme-stack <out> --answers <file> --yes --no-git
  writeFileSync(
    join(bin, 'npm'),
    `#!/usr/bin/env bash\nset -euo pipefail\necho "$*" >> ${JSON.stringify(join(root, 'npm.log'))}\nwhile [ "$1" != -- ]; do shift; done\ncp "$5" ${JSON.stringify(join(root, 'answers.json'))}\ncp -r ${JSON.stringify(published)} "$3"\n`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
  const env = { PATH: `${bin}:${process.env.PATH}`, XDG_CACHE_HOME: join(root, 'cache'), HOME: root };
  const manifest = parseManifest(readFileSync(join(project, '.pyme-stack.json'), 'utf8'), 'test');
  const calls = () => (existsSync(join(root, 'npm.log')) ? readFileSync(join(root, 'npm.log'), 'utf8').trim().split('\n') : []);
  return { root, project, manifest, env, calls };
}

/** baseFiles reads process.env for PATH (spawn) and the cache folder: swap it for the call. */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  delete process.env.PYME_STACK_BASE_TEMPLATES;
  try {
    return await fn();
  } finally {
    process.env = saved;
  }
}

describe('base from the npm registry', () => {
  it('runs the recorded version with the recorded answers, verifies it, caches it', async () => {
    requireTool('bash');
    const { root, project, manifest, env, calls } = await setup();
    const { files, unverified } = await withEnv(env, () => baseFiles(manifest, { env: process.env }));
    expect(unverified).toEqual([]);
    expect(calls()).toHaveLength(1);
    expect(calls()[0]).toMatch(
      /^exec --yes --prefer-offline --fetch-timeout=10000 --fetch-retries=1 --fetch-retry-mintimeout=1000 --fetch-retry-maxtimeout=2000 --package=create-pyme-stack@0\.0\.9 -- create-pyme-stack \S+ --answers \S+ --yes --no-git$/,
    );
    expect(JSON.parse(readFileSync(join(root, 'answers.json'), 'utf8'))).toEqual(manifest.answers);
    expect([...files.keys()].sort()).toEqual(Object.keys(manifest.files).sort());
    expect(files.get('README.md')!.content.equals(readFileSync(join(project, 'README.md')))).toBe(true);
    expect(files.get('ops/backup/backup.sh')!.mode).toBe(0o755);
    expect(existsSync(join(cacheRoot(env), 'base'))).toBe(true);

    const { files: again } = await withEnv(env, () => baseFiles(manifest, { env: process.env }));
    expect(calls()).toHaveLength(1); // from the cache, no second npm run
    expect([...again.keys()]).toEqual([...files.keys()]);
  });

  it('leaves out (and names) a file npm generated that does not match the manifest', async () => {
    const { manifest, env } = await setup(true);
    const { files, unverified } = await withEnv(env, () => baseFiles(manifest, { env: process.env }));
    expect(unverified).toEqual(['README.md']);
    expect(files.has('README.md')).toBe(false);
    expect(files.size).toBe(Object.keys(manifest.files).length - 1);
  });

  it('says what failed when npm cannot run it', async () => {
    const { root, manifest, env } = await setup();
    writeFileSync(join(root, 'bin', 'npm'), '#!/usr/bin/env bash\necho "npm error 404 Not Found - create-pyme-stack@0.0.9" >&2\nexit 1\n');
    await expect(withEnv(env, () => baseFiles(manifest, { env: process.env }))).rejects.toThrow(
      /^Could not rebuild what create-pyme-stack@0\.0\.9 generated: create-pyme-stack@0\.0\.9 is not on the npm registry.*Next step: .*PYME_STACK_BASE_TEMPLATES/,
    );
  });
});

describe('issue 27: a missing version names the registry asked and the version it lacks', () => {
  it('no advice to check the connection: the registry answered', async () => {
    const { root, manifest, env } = await setup();
    writeFileSync(
      join(root, 'bin', 'npm'),
      '#!/usr/bin/env bash\nif [ "$1" = config ]; then echo "https://npm.example.mx/"; exit 0; fi\necho "npm error code ETARGET" >&2\necho "npm error notarget No matching version found for create-pyme-stack@0.0.9." >&2\nexit 1\n',
    );
    const error = await withEnv(env, () => baseFiles(manifest, { env: process.env })).catch((e: unknown) => e);
    const text = (error as Error).message;
    expect(text).toContain('create-pyme-stack@0.0.9 is not on https://npm.example.mx/ (the registry npm asked)');
    expect(text).not.toMatch(/connection/);
  });
});

/** A registry that knows no package: answers 404 to everything, prints each path asked. */
const REGISTRY_404 = `
const server = require('node:http').createServer((req, res) => {
  console.log(req.url);
  res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
});
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));`;

describe('base from the npm registry, with the real npm', () => {
  /** An environment with none of the caller's npm settings: a fresh cache, no user .npmrc. */
  const cleanEnv = (root: string) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, XDG_CACHE_HOME: join(root, 'xdg') };
    return { ...env, npm_config_cache: join(root, 'npm-cache'), npm_config_update_notifier: 'false' };
  };

  it("the project's .npmrc names the registry; a version it lacks is one translated line with the next step, in seconds", async () => {
    requireTool('npm');
    const { root, project, manifest } = await setup();
    // In its own process: npm runs synchronously (spawnSync) and would starve a server in this one.
    const registry = spawn(process.execPath, ['-e', REGISTRY_404], { stdio: ['ignore', 'pipe', 'inherit'] });
    const asked: string[] = [];
    const port = await new Promise<number>((ok) => {
      registry.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter(Boolean)) {
          if (line.startsWith('port ')) ok(Number(line.slice(5)));
          else asked.push(line);
        }
      });
    });
    try {
      writeFileSync(join(project, '.npmrc'), `registry=http://127.0.0.1:${port}/\n`);
      const said: string[] = [];
      const started = performance.now();
      const error = await baseFiles(manifest, { env: cleanEnv(root), projectDir: project, progress: (t) => said.push(t.en) }).catch(
        (e: unknown) => e,
      );
      const seconds = (performance.now() - started) / 1000;
      expect(said).toEqual([expect.stringMatching(/^Rebuilding what create-pyme-stack@0\.0\.9 generated: npm exec/)]);
      expect(error).toBeInstanceOf(UserError);
      // the registry the project's .npmrc names, read back from npm itself
      expect((error as UserError).text.en).toContain(
        `create-pyme-stack@0.0.9 is not on http://127.0.0.1:${port}/ (the registry npm asked)`,
      );
      expect((error as UserError).text.en).toMatch(/Next step: .*PYME_STACK_BASE_TEMPLATES/);
      expect((error as UserError).text.es).toMatch(/no está en http:\/\/127\.0\.0\.1:\d+\/ .*Siguiente paso: .*PYME_STACK_BASE_TEMPLATES/);
      expect((error as UserError).text.en).not.toContain('\n');
      await new Promise((ok) => setTimeout(ok, 100)); // the server's last lines
      expect(asked.some((u) => u.startsWith('/create-pyme-stack'))).toBe(true); // the .npmrc was read
      expect(seconds).toBeLessThan(15);
    } finally {
      registry.kill();
    }
  }, 60_000);

  it('a registry that is down: says so (ECONNREFUSED) with the next step, in seconds', async () => {
    requireTool('npm');
    const { root, project, manifest } = await setup();
    writeFileSync(join(project, '.npmrc'), 'registry=http://127.0.0.1:9/\n'); // nothing listens on the discard port
    const started = performance.now();
    const error = await baseFiles(manifest, { env: cleanEnv(root), projectDir: project }).catch((e: unknown) => e);
    const seconds = (performance.now() - started) / 1000;
    expect((error as UserError).text.en).toMatch(
      /the npm registry could not be reached \(ECONNREFUSED\)\. Next step: .*PYME_STACK_BASE_TEMPLATES/,
    );
    expect(seconds).toBeLessThan(15);
  }, 60_000);
});
