// The base of the three-way merge: the files the recorded version generated from the recorded
// answers. It never comes from the project's git history (there may be none). In order:
// - PYME_STACK_BASE_TEMPLATES=<dir>: render that template tree (tests, template development);
// - the recorded version is the running one: render our own templates;
// - otherwise run that version's own published CLI from the npm registry (`npm exec`) into a
//   cache folder, once per version and answers.
// Whatever the source, each file must match the sha256 the manifest recorded: one that does not
// is left out (a wrong base would make a merge drop or duplicate the founder's lines), and the
// plan then treats an edited copy of it as a whole-file conflict.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha256, type Manifest } from '../manifest.js';
import { render } from '../render.js';
import type { FileMap } from '../file-map.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n.js';
import type { Answers } from '../questions.js';
import { GENERATOR } from '../version.js';
import type { Msg } from '../i18n.js';
import { npmExec } from './registry.js';

export const BASE_TEMPLATES_ENV = 'PYME_STACK_BASE_TEMPLATES';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'create-pyme-stack');
}

/** The manifest's files as found in a folder (modes come from the manifest). */
function readFolder(dir: string, manifest: Manifest): FileMap {
  const files: FileMap = new Map();
  for (const path of Object.keys(manifest.files)) {
    const abs = join(dir, path);
    if (existsSync(abs) && statSync(abs).isFile()) files.set(path, { content: readFileSync(abs), mode: 0o644 });
  }
  return files;
}

export interface Base {
  /** The recorded version's files that match the manifest. */
  files: FileMap;
  /** Manifest paths whose recorded output could not be rebuilt. */
  unverified: string[];
}

function verified(files: FileMap, manifest: Manifest): Base {
  const out: FileMap = new Map();
  const unverified: string[] = [];
  for (const [path, entry] of Object.entries(manifest.files)) {
    const file = files.get(path);
    if (file && sha256(file.content) === entry.sha256) out.set(path, { content: file.content, mode: entry.executable ? 0o755 : 0o644 });
    else unverified.push(path);
  }
  return { files: out, unverified };
}

/** Runs `create-pyme-stack@<version>` from the registry with the recorded answers, into a cache. */
function fromRegistry(manifest: Manifest, o: BaseOptions): Base {
  const { version } = manifest.generator;
  const key = `${version}-${sha256(JSON.stringify(manifest.answers)).slice(0, 16)}`;
  const cached = join(cacheRoot(o.env), 'base', key);
  if (existsSync(cached)) return verified(readFolder(cached, manifest), manifest);
  const work = mkdtempSync(join(tmpdir(), 'pyme-stack-base-'));
  try {
    const answersFile = join(work, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(manifest.answers));
    const out = join(work, 'out');
    npmExec({
      pkg: manifest.generator.name,
      version,
      args: ['create-pyme-stack', out, '--answers', answersFile, '--yes', '--no-git'],
      work,
      projectDir: o.projectDir,
      env: { ...o.env, [BASE_TEMPLATES_ENV]: '' },
      progress: o.progress,
    });
    const base = verified(readFolder(out, manifest), manifest);
    mkdirSync(dirname(cached), { recursive: true });
    try {
      renameSync(out, cached);
    } catch {
      /* another run cached it first */
    }
    return base;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Renders with the current code; a template that cannot render is a base we cannot rebuild. */
async function rendered(manifest: Manifest, source: string, templatesDir?: string): Promise<Base> {
  try {
    return verified(await render(manifest.answers as Answers, { generator: manifest.generator, templatesDir }), manifest);
  } catch (error) {
    const v = manifest.generator.version;
    const why = (error as Error).message;
    throw new UserError(
      msg(
        `no se puede reconstruir lo que generó create-pyme-stack ${v} (${source}): ${why}`,
        `cannot rebuild what create-pyme-stack ${v} generated (${source}): ${why}`,
      ),
    );
  }
}

export interface BaseOptions {
  env: NodeJS.ProcessEnv;
  /** The project: its .npmrc is honoured when npm runs. */
  projectDir?: string;
  /** Said before npm starts (it may take a while to download). */
  progress?: (text: Msg) => void;
}

export async function baseFiles(manifest: Manifest, o: BaseOptions = { env: process.env }): Promise<Base> {
  const templatesDir = o.env[BASE_TEMPLATES_ENV];
  if (templatesDir) return rendered(manifest, `${BASE_TEMPLATES_ENV}=${templatesDir}`, templatesDir);
  if (manifest.generator.name === GENERATOR.name && manifest.generator.version === GENERATOR.version) {
    return rendered(manifest, "this version's templates");
  }
  return fromRegistry(manifest, o);
}
