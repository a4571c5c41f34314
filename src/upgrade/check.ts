// `create-pyme-stack upgrade --check`: is a newer version published, and what would upgrading to
// it touch? For scripts and the generated repo's weekly workflow, so the answer is an exit code:
// 0 up to date, EXIT.updateAvailable, EXIT.offline when the registry did not answer.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { CliError, EXIT, UserError } from '../errors.js';
import type { Lang } from '../i18n.js';
import { MANIFEST_PATH, type Manifest, parseManifest } from '../manifest.js';
import { GENERATOR } from '../version.js';
import { FETCH_TIMEOUT_S } from './registry.js';
import { findProject, upgradeProject } from './run.js';
import { say } from './messages.js';

export interface CheckOptions {
  dir: string;
  lang: Lang;
  out: (text: string) => void;
  /** Tests: the "running" version and its templates (default: this package). */
  target?: { generator: Manifest['generator']; templatesDir?: string };
  env?: NodeJS.ProcessEnv;
}

interface Published {
  latest: string;
  repository?: string;
}

/** What the registry the project's .npmrc names says about the package; a one-line cause when it
 *  did not answer. npm itself asks, so auth, proxies and mirrors work as for any npm command. */
function askRegistry(pkg: string, dir: string, env: NodeJS.ProcessEnv): Published | { failed: string; registry: string } {
  const args = [
    'view',
    pkg,
    '--json',
    '--prefer-online',
    `--fetch-timeout=${FETCH_TIMEOUT_S * 1000}`,
    '--fetch-retries=1',
    '--fetch-retry-mintimeout=1000',
    '--fetch-retry-maxtimeout=2000',
  ];
  const windows = process.platform === 'win32';
  const run = spawnSync('npm', args, { cwd: dir, encoding: 'utf8', env, shell: windows, timeout: 60_000 });
  const registry = spawnSync('npm', ['config', 'get', 'registry'], {
    cwd: dir,
    encoding: 'utf8',
    env,
    shell: windows,
    timeout: 10_000,
  }).stdout?.trim();
  if (run.status === 0) {
    try {
      const data = JSON.parse(run.stdout) as {
        version?: string;
        'dist-tags'?: { latest?: string };
        repository?: { url?: string } | string;
      };
      const latest = data['dist-tags']?.latest ?? data.version;
      const repo = typeof data.repository === 'string' ? data.repository : data.repository?.url;
      if (latest && semver.valid(latest)) return { latest, repository: repo };
    } catch {
      // falls through: an answer that is not a packument
    }
  }
  const stderr = run.stderr || run.error?.message || '';
  const code = /\b(E404|E(?:CONNREFUSED|NOTFOUND|AI_AGAIN|TIMEDOUT|CONNRESET|NETUNREACH|HOSTUNREACH))\b/.exec(stderr)?.[1];
  return { failed: code ?? (stderr.trim().split('\n').at(-1)?.slice(0, 160) || 'no answer'), registry: registry || 'npm' };
}

/** Where to read what changed: the GitHub release of that tag, else the package's npm page. */
export function changelogUrl(pkg: string, version: string, repository?: string): string {
  const gh = /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(repository ?? '');
  return gh ? `https://github.com/${gh[1]}/releases/tag/v${version}` : `https://www.npmjs.com/package/${pkg}/v/${version}`;
}

export async function checkProject(o: CheckOptions): Promise<number> {
  const es = o.lang === 'es';
  const dir = findProject(resolve(o.dir));
  const file = join(dir, MANIFEST_PATH);
  if (!existsSync(file)) throw new CliError(`${o.dir} ${say.noManifest[o.lang]}`);
  const manifest = parseManifest(readFileSync(file, 'utf8'), MANIFEST_PATH);
  const current = manifest.generator.version;
  const running = o.target?.generator ?? GENERATOR;
  const env = o.env ?? process.env;
  const asked = askRegistry(running.name, dir, env);
  if ('failed' in asked) {
    o.out(
      es
        ? `No se pudo preguntar a ${asked.registry} por ${running.name} (${asked.failed}); revisa tu conexión o el registry de tu .npmrc.\n`
        : `Could not ask ${asked.registry} about ${running.name} (${asked.failed}); check your connection or your .npmrc's registry.\n`,
    );
    return EXIT.offline;
  }
  const { latest } = asked;
  if (!semver.valid(current) || semver.gte(current, latest)) {
    o.out(
      es
        ? `${running.name} ${current} es la versión más nueva; nada que actualizar.\n`
        : `${running.name} ${current} is the newest version; nothing to upgrade.\n`,
    );
    return EXIT.ok;
  }
  o.out(
    es
      ? `Hay ${running.name} ${latest} (este proyecto está en ${current}).\n`
      : `${running.name} ${latest} is available (this project is on ${current}).\n`,
  );
  o.out(`  ${await counts(o, dir, latest, running)}\n`);
  o.out(`  ${es ? 'Qué cambió' : 'What changed'}: ${changelogUrl(running.name, latest, asked.repository)}\n`);
  o.out(`  ${es ? 'Siguiente' : 'Next'}: npx ${running.name}@${latest} upgrade --dry-run\n`);
  return EXIT.updateAvailable;
}

/** The plan's counts for the newest version, from a dry run; only this very version can plan it. */
async function counts(o: CheckOptions, dir: string, latest: string, running: Manifest['generator']): Promise<string> {
  const es = o.lang === 'es';
  if (running.version !== latest)
    return es
      ? `Para ver qué archivos cambiaría: npx ${running.name}@${latest} upgrade --check`
      : `To see which files it would change: npx ${running.name}@${latest} upgrade --check`;
  try {
    const { plan } = await upgradeProject({
      dir,
      dryRun: true,
      force: false,
      yes: true,
      interactive: false,
      sets: {},
      lang: o.lang,
      out: () => {},
      target: o.target,
      env: o.env,
    });
    const n = (status: string) => plan.filter((e) => e.status === status && !e.done).length;
    return es
      ? `${n('updated')} actualizados, ${n('merged')} mezclados, ${n('conflict')} conflictos (${n('added')} nuevos, ${n('removed')} quitados)`
      : `${n('updated')} updated, ${n('merged')} merged, ${n('conflict')} conflicts (${n('added')} added, ${n('removed')} removed)`;
  } catch (error) {
    const text = error instanceof UserError ? error.text[o.lang] : error instanceof Error ? error.message : String(error);
    return es ? `No se pudo calcular el plan: ${text}` : `The plan could not be worked out: ${text}`;
  }
}
