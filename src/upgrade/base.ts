// The base of the three-way merge: the files the recorded version generated from the recorded
// answers. It never comes from the project's git history (there may be none). In order:
// - PYME_STACK_BASE_TEMPLATES=<dir>: render that template tree (tests, template development);
// - the recorded version is the running one: render our own templates;
// - otherwise run that version's own published CLI from the npm registry (`npm exec`) into a
//   cache folder, once per version and answers.
// Whatever the source, every file must match the sha256 the manifest recorded, or we stop:
// a wrong base would make the merge silently drop or duplicate the founder's lines.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MANIFEST_PATH, sha256, type Manifest } from '../manifest.js';
import { render, type FileMap } from '../render.js';
import { CliError } from '../errors.js';
import type { Answers } from '../questions.js';
import { GENERATOR } from '../version.js';

export const BASE_TEMPLATES_ENV = 'PYME_STACK_BASE_TEMPLATES';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'create-pyme-stack');
}

/** The manifest's files read from a folder, or the list of paths that do not match. */
function readVerified(dir: string, manifest: Manifest): { files: FileMap; wrong: string[] } {
  const files: FileMap = new Map();
  const wrong: string[] = [];
  for (const [path, entry] of Object.entries(manifest.files)) {
    const abs = join(dir, path);
    const content = existsSync(abs) && statSync(abs).isFile() ? readFileSync(abs) : null;
    if (!content || sha256(content) !== entry.sha256) wrong.push(path);
    else files.set(path, { content, mode: entry.executable ? 0o755 : 0o644 });
  }
  return { files, wrong };
}

function verified(files: FileMap, manifest: Manifest, source: string): FileMap {
  const wrong = Object.entries(manifest.files)
    .filter(([path, entry]) => !files.has(path) || sha256(files.get(path)!.content) !== entry.sha256)
    .map(([path]) => path);
  if (wrong.length > 0) throw baseMismatch(manifest, source, wrong);
  return new Map([...files].filter(([path]) => path !== MANIFEST_PATH && manifest.files[path]));
}

function baseMismatch(manifest: Manifest, source: string, wrong: string[]): CliError {
  const shown = wrong.slice(0, 5).join(', ') + (wrong.length > 5 ? ` (+${wrong.length - 5})` : '');
  return new CliError(
    `cannot rebuild what create-pyme-stack ${manifest.generator.version} generated (${source}): ${wrong.length} file(s) differ from ${MANIFEST_PATH}: ${shown}. ` +
      `Was ${MANIFEST_PATH} edited by hand? Restore it from git, or set ${BASE_TEMPLATES_ENV} to that version's templates folder.`,
  );
}

/** Runs `create-pyme-stack@<version>` from the registry with the recorded answers, into a cache. */
function fromRegistry(manifest: Manifest): FileMap {
  const { version } = manifest.generator;
  const key = `${version}-${sha256(JSON.stringify(manifest.answers)).slice(0, 16)}`;
  const cached = join(cacheRoot(), 'base', key);
  if (existsSync(cached)) {
    const { files, wrong } = readVerified(cached, manifest);
    if (wrong.length === 0) return files;
    rmSync(cached, { recursive: true, force: true });
  }
  const work = mkdtempSync(join(tmpdir(), 'pyme-stack-base-'));
  try {
    const answersFile = join(work, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(manifest.answers));
    const out = join(work, 'out');
    const args = ['exec', '--yes', `--package=${manifest.generator.name}@${version}`, '--', 'create-pyme-stack', out, '--answers', answersFile, '--yes', '--no-git'];
    const run = spawnSync('npm', args, { cwd: work, encoding: 'utf8', shell: process.platform === 'win32', env: { ...process.env, [BASE_TEMPLATES_ENV]: '' } });
    if (run.status !== 0) {
      throw new CliError(`could not run ${manifest.generator.name}@${version} from the npm registry to rebuild the base (npm ${args.join(' ')}): ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
    }
    const { files, wrong } = readVerified(out, manifest);
    if (wrong.length > 0) throw baseMismatch(manifest, `npm ${manifest.generator.name}@${version}`, wrong);
    mkdirSync(dirname(cached), { recursive: true });
    try {
      renameSync(out, cached);
    } catch {
      /* another run cached it first */
    }
    return files;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Renders with the current code; a template that cannot render is a base we cannot rebuild. */
async function rendered(manifest: Manifest, source: string, templatesDir?: string): Promise<FileMap> {
  try {
    return verified(await render(manifest.answers as Answers, { generator: manifest.generator, templatesDir }), manifest, source);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot rebuild what create-pyme-stack ${manifest.generator.version} generated (${source}): ${(error as Error).message}`);
  }
}

export async function baseFiles(manifest: Manifest, env: NodeJS.ProcessEnv = process.env): Promise<FileMap> {
  const templatesDir = env[BASE_TEMPLATES_ENV];
  if (templatesDir) return rendered(manifest, `${BASE_TEMPLATES_ENV}=${templatesDir}`, templatesDir);
  if (manifest.generator.name === GENERATOR.name && manifest.generator.version === GENERATOR.version) {
    return rendered(manifest, "this version's templates");
  }
  return fromRegistry(manifest);
}
