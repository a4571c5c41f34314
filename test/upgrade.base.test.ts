// The base for a version other than the running one comes from that version's published CLI,
// run through `npm exec`, into a cache; its files must match the manifest's sha256. A fake `npm`
// on PATH stands in for the registry: it logs its arguments and "generates" a prepared tree.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  // npm exec --yes --package=<pkg> -- create-pyme-stack <out> --answers <file> --yes --no-git
  writeFileSync(
    join(bin, 'npm'),
    `#!/usr/bin/env bash\nset -euo pipefail\necho "$*" >> ${JSON.stringify(join(root, 'npm.log'))}\ncp "$8" ${JSON.stringify(join(root, 'answers.json'))}\ncp -r ${JSON.stringify(published)} "$6"\n`,
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
    const { files, unverified } = await withEnv(env, () => baseFiles(manifest, process.env));
    expect(unverified).toEqual([]);
    expect(calls()).toHaveLength(1);
    expect(calls()[0]).toMatch(/^exec --yes --package=create-pyme-stack@0\.0\.9 -- create-pyme-stack \S+ --answers \S+ --yes --no-git$/);
    expect(JSON.parse(readFileSync(join(root, 'answers.json'), 'utf8'))).toEqual(manifest.answers);
    expect([...files.keys()].sort()).toEqual(Object.keys(manifest.files).sort());
    expect(files.get('README.md')!.content.equals(readFileSync(join(project, 'README.md')))).toBe(true);
    expect(files.get('ops/backup/backup.sh')!.mode).toBe(0o755);
    expect(existsSync(join(cacheRoot(env), 'base'))).toBe(true);

    const { files: again } = await withEnv(env, () => baseFiles(manifest, process.env));
    expect(calls()).toHaveLength(1); // from the cache, no second npm run
    expect([...again.keys()]).toEqual([...files.keys()]);
  });

  it('leaves out (and names) a file npm generated that does not match the manifest', async () => {
    const { manifest, env } = await setup(true);
    const { files, unverified } = await withEnv(env, () => baseFiles(manifest, process.env));
    expect(unverified).toEqual(['README.md']);
    expect(files.has('README.md')).toBe(false);
    expect(files.size).toBe(Object.keys(manifest.files).length - 1);
  });

  it('says what failed when npm cannot run it', async () => {
    const { root, manifest, env } = await setup();
    writeFileSync(join(root, 'bin', 'npm'), '#!/usr/bin/env bash\necho "npm error 404 Not Found - create-pyme-stack@0.0.9" >&2\nexit 1\n');
    await expect(withEnv(env, () => baseFiles(manifest, process.env))).rejects.toThrow(/could not run create-pyme-stack@0\.0\.9 from the npm registry.*404 Not Found/);
  });
});
