// Running a published version's CLI through `npm exec`, for the upgrade's base. The founder sees a
// line before npm starts (it may download), npm reuses its cache first (--prefer-offline), reads
// the project's .npmrc (a private registry or mirror), and gives up within seconds when the
// registry does not answer. A failure is one line: what went wrong, and what to do next.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Msg } from '../i18n.js';

/** Seconds: one registry request, and the whole npm run (download and generation included). */
export const FETCH_TIMEOUT_S = 10;
export const RUN_TIMEOUT_S = 180;

export interface ExecOptions {
  pkg: string;
  version: string;
  args: string[];
  /** Where npm runs; the project's .npmrc is copied here. */
  work: string;
  projectDir?: string;
  env: NodeJS.ProcessEnv;
  progress?: (text: Msg) => void;
}

type Cause = 'missing' | 'unreachable' | 'timeout' | 'other';

function causeOf(stderr: string, timedOut: boolean): Cause {
  if (timedOut) return 'timeout';
  if (/\bE404\b|\bETARGET\b|404 Not Found|No matching version/i.test(stderr)) return 'missing';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ENETUNREACH|EHOSTUNREACH|network|socket hang up/i.test(stderr))
    return 'unreachable';
  return 'other';
}

/** The registry npm asks from the work folder (the project's .npmrc honoured), when npm says. */
function registryOf(o: ExecOptions): string | undefined {
  const run = spawnSync('npm', ['config', 'get', 'registry'], { cwd: o.work, encoding: 'utf8', env: o.env, timeout: 10_000 });
  const url = run.status === 0 ? run.stdout.trim() : '';
  return /^https?:\/\/\S+$/.test(url) ? url : undefined;
}

function failure(cause: Cause, o: ExecOptions, detail: string): UserError {
  const spec = `${o.pkg}@${o.version}`;
  const registry = cause === 'missing' ? registryOf(o) : undefined;
  const why: Msg = (
    {
      missing: registry
        ? {
            es: `${spec} no está en ${registry} (el registro que consultó npm)`,
            en: `${spec} is not on ${registry} (the registry npm asked)`,
          }
        : {
            es: `${spec} no está en el registro de npm (o en el de tu .npmrc)`,
            en: `${spec} is not on the npm registry (or the one your .npmrc names)`,
          },
      unreachable: { es: `no se pudo llegar al registro de npm (${detail})`, en: `the npm registry could not be reached (${detail})` },
      timeout: { es: `npm no terminó en ${RUN_TIMEOUT_S} s`, en: `npm did not finish within ${RUN_TIMEOUT_S} s` },
      other: { es: `npm falló (${detail})`, en: `npm failed (${detail})` },
    } satisfies Record<Cause, Msg>
  )[cause];
  // The registry answered: the version is not there, so the connection is not the thing to check.
  const next: Msg =
    cause === 'missing'
      ? {
          es: `si publicas en otro registro, ponlo en el .npmrc del proyecto; o apunta PYME_STACK_BASE_TEMPLATES a la carpeta templates/ de ${spec} (un checkout de esa versión)`,
          en: `if you publish to another registry, name it in the project's .npmrc; or point PYME_STACK_BASE_TEMPLATES at the templates/ folder of ${spec} (a checkout of that version)`,
        }
      : {
          es: `revisa tu conexión o el registry de tu .npmrc y vuelve a correr upgrade, o apunta PYME_STACK_BASE_TEMPLATES a la carpeta templates/ de ${spec} (un checkout de esa versión)`,
          en: `check your connection or your .npmrc's registry and run upgrade again, or point PYME_STACK_BASE_TEMPLATES at the templates/ folder of ${spec} (a checkout of that version)`,
        };
  return new UserError({
    es: `No se pudo reconstruir lo que generó ${spec}: ${why.es}. Siguiente paso: ${next.es}.`,
    en: `Could not rebuild what ${spec} generated: ${why.en}. Next step: ${next.en}.`,
  });
}

/** The last meaningful line npm printed, short. */
function lastLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim())
    .filter((l) => l && !/^(A complete log|Log files|code\b)/.test(l));
  const line = lines.find((l) => /network|timeout/i.test(l)) ?? lines.find((l) => /\bE[A-Z0-9]{3,}|404/.test(l)) ?? lines.at(-1) ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

export function npmExec(o: ExecOptions): void {
  const spec = `${o.pkg}@${o.version}`;
  if (o.projectDir && existsSync(join(o.projectDir, '.npmrc'))) copyFileSync(join(o.projectDir, '.npmrc'), join(o.work, '.npmrc'));
  o.progress?.({
    es: `Reconstruyendo lo que generó ${spec}: npm exec ${spec} (usa la caché de npm si lo tiene; si no, lo descarga)…`,
    en: `Rebuilding what ${spec} generated: npm exec ${spec} (from npm's cache when it has it, else downloaded)…`,
  });
  const args = [
    'exec',
    '--yes',
    '--prefer-offline',
    `--fetch-timeout=${FETCH_TIMEOUT_S * 1000}`,
    '--fetch-retries=1',
    '--fetch-retry-mintimeout=1000',
    '--fetch-retry-maxtimeout=2000',
    `--package=${spec}`,
    '--',
    ...o.args,
  ];
  // Windows runs npm.cmd only through a shell, which splits unquoted paths at spaces.
  const windows = process.platform === 'win32';
  const run = spawnSync('npm', windows ? args.map((a) => `"${a}"`) : args, {
    cwd: o.work,
    encoding: 'utf8',
    shell: windows,
    env: o.env,
    timeout: RUN_TIMEOUT_S * 1000,
  });
  if (run.status === 0) return;
  const timedOut = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const stderr = run.stderr || run.error?.message || '';
  const cause = causeOf(stderr, timedOut);
  const code = /\b(E(?:CONNREFUSED|NOTFOUND|AI_AGAIN|TIMEDOUT|CONNRESET|NETUNREACH|HOSTUNREACH))\b/.exec(stderr)?.[1];
  throw failure(cause, o, cause === 'unreachable' && code ? code : lastLine(stderr));
}
