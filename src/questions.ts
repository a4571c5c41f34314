// The one table of questions. Prompts, flags, --help, answers files and the manifest all read it.
import semverLt from 'semver/functions/lt.js';
import semverValid from 'semver/functions/valid.js';
import { type Lang, type Msg, msg, LANGS } from './i18n.js';
import { normalisePhone } from './phone.js';

export interface Choice {
  value: string;
  title: Msg;
}

/** What defaults see: the answers given so far, each already checked (a default never sees a bad value). */
export type AnswersSoFar = { readonly [key: string]: unknown };

/** A row of the table; its key is one of the table's own (Question below). */
interface QuestionSpec {
  key: string;
  /** Long flag without dashes; booleans also get --no-<flag>. */
  flag: string;
  kind: 'text' | 'select' | 'toggle';
  message: Msg;
  /** Shown in --help after the flag. */
  help: Msg;
  choices?: readonly Choice[];
  /** Default from the answers so far and the target folder; undefined means required. */
  default: (soFar: AnswersSoFar, ctx: { dirName: string; lang: Lang }) => unknown;
  /** Turns accepted spellings into the stored form (runs before validate). */
  normalise?: (raw: unknown) => unknown;
  /** The rule a value breaks, or undefined when it is fine. */
  validate: (value: unknown) => Msg | undefined;
}

/** The newest Bun the templates are tested with (the test suite installs exactly this one). */
export const TESTED_BUN_VERSION = '1.4.5';
export const MIN_BUN_VERSION = '1.1.0';

const APP_NAME = /^[a-z][a-z0-9-]*$/;
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const str = (raw: unknown) => (typeof raw === 'string' ? raw.trim() : raw);

/** Folder names become app names: "Mi Tienda" -> "mi-tienda". */
export function appNameFromDir(dirName: string): string {
  const slug = dirName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '')
    .slice(0, 40)
    .replace(/-$/, '');
  return slug || 'mi-app';
}

/** The IANA spelling of a zone typed in any case (`america/mexico_city` -> `America/Mexico_City`):
 *  systemd and tzdata look zones up by file name, which is case-sensitive. */
export function canonicalTimeZone(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const value = raw.trim();
  if (!value.includes('/') && value.toUpperCase() !== 'UTC') return value; // "CST" and friends stay refused
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return value;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

const table = [
  {
    key: 'appName',
    flag: 'app-name',
    kind: 'text',
    message: msg('Nombre de la app', 'App name'),
    help: msg('nombre de la app (default: el nombre de la carpeta)', "the app's name (default: the folder's name)"),
    default: (_a, { dirName }) => appNameFromDir(dirName),
    normalise: str,
    validate: (v) => {
      if (typeof v !== 'string' || v === '') return msg('no puede estar vacío', 'must not be empty');
      if (v.length > 40) return msg('máximo 40 caracteres', 'at most 40 characters');
      if (!APP_NAME.test(v)) {
        return msg(
          'solo minúsculas, dígitos y guiones, empezando con una letra',
          'only lowercase letters, digits and hyphens, starting with a letter',
        );
      }
      return undefined;
    },
  },
  {
    key: 'bunVersion',
    flag: 'bun-version',
    kind: 'text',
    message: msg('Versión de Bun', 'Bun version'),
    help: msg(
      `versión exacta x.y.z de Bun (default: ${TESTED_BUN_VERSION}, la probada con las plantillas)`,
      `exact Bun version x.y.z (default: ${TESTED_BUN_VERSION}, the one the templates are tested with)`,
    ),
    default: () => TESTED_BUN_VERSION,
    normalise: (raw) => (typeof raw === 'string' ? raw.trim().replace(/^v/, '') : raw),
    validate: (v) => {
      if (typeof v !== 'string' || !/^\d+\.\d+\.\d+$/.test(v) || !semverValid(v)) {
        return msg('debe ser una versión exacta x.y.z, como 1.4.5', 'must be an exact version x.y.z, like 1.4.5');
      }
      if (semverLt(v, MIN_BUN_VERSION)) return msg(`debe ser al menos ${MIN_BUN_VERSION}`, `must be at least ${MIN_BUN_VERSION}`);
      return undefined;
    },
  },
  {
    key: 'r2Bucket',
    flag: 'r2-bucket',
    kind: 'text',
    message: msg('Bucket de Cloudflare R2 para respaldos', 'Cloudflare R2 bucket for backups'),
    help: msg('bucket de R2 para respaldos (default: <app-name>-backups)', 'R2 bucket for backups (default: <app-name>-backups)'),
    default: (a) => (a.appName ? `${a.appName}-backups`.slice(0, 63).replace(/-+$/, '') : undefined),
    normalise: str,
    validate: (v) => {
      if (typeof v !== 'string' || v.length < 3 || v.length > 63) return msg('de 3 a 63 caracteres', '3 to 63 characters');
      if (!BUCKET.test(v)) {
        return msg(
          'solo minúsculas, dígitos y guiones, empezando y terminando con letra o dígito',
          'only lowercase letters, digits and hyphens, starting and ending with a letter or digit',
        );
      }
      return undefined;
    },
  },
  {
    key: 'alertPhone',
    flag: 'alert-phone',
    kind: 'text',
    message: msg('Teléfono de WhatsApp que recibe las alertas', 'WhatsApp phone that receives alerts'),
    help: msg(
      'WhatsApp que recibe alertas, p. ej. "55 1234 5678" o "+52 55 1234 5678" (obligatorio)',
      'WhatsApp number that receives alerts, e.g. "55 1234 5678" or "+52 55 1234 5678" (required)',
    ),
    default: () => undefined,
    normalise: (raw) => {
      if (typeof raw !== 'string') return raw;
      const r = normalisePhone(raw);
      return r.ok ? r.e164 : raw;
    },
    validate: (v) => {
      if (typeof v !== 'string') return msg('debe ser texto', 'must be text');
      const r = normalisePhone(v);
      return r.ok ? undefined : r.rule;
    },
  },
  {
    key: 'lang',
    flag: 'lang',
    kind: 'select',
    message: msg('Idioma de la documentación generada', 'Language of the generated docs'),
    help: msg(
      'es|en, idioma de las preguntas y los documentos (default: de LC_ALL/LC_MESSAGES/LANG)',
      'es|en, language of prompts and generated docs (default: from LC_ALL/LC_MESSAGES/LANG)',
    ),
    choices: [
      { value: 'es', title: msg('Español', 'Spanish') },
      { value: 'en', title: msg('Inglés', 'English') },
    ],
    default: (_a, { lang }) => lang,
    normalise: (raw) => (typeof raw === 'string' ? raw.trim().toLowerCase() : raw),
    validate: (v) => (LANGS.includes(v as Lang) ? undefined : msg('debe ser es o en', 'must be es or en')),
  },
  {
    key: 'metrics',
    flag: 'metrics',
    kind: 'toggle',
    message: msg(
      '¿Incluir Prometheus + Grafana + exporters? (para 500+ usuarios)',
      'Include Prometheus + Grafana + exporters? (for 500+ users)',
    ),
    help: msg(
      'incluye Prometheus + Grafana + exporters (default: no; útil desde 500+ usuarios)',
      'include Prometheus + Grafana + exporters (default: off; worth it from 500+ users)',
    ),
    default: () => false,
    normalise: toBoolean,
    validate: (v) => (typeof v === 'boolean' ? undefined : msg('debe ser sí o no (true/false)', 'must be yes or no (true/false)')),
  },
  {
    key: 'deployMethod',
    flag: 'deploy-method',
    kind: 'select',
    message: msg('¿Cómo despliega GitHub Actions en Dokploy?', 'How does GitHub Actions deploy to Dokploy?'),
    help: msg(
      'api|webhook: API de Dokploy con token (default: api) o webhook de despliegue',
      "api|webhook: Dokploy's API with a token (default: api) or the deploy webhook",
    ),
    choices: [
      { value: 'api', title: msg('API de Dokploy (recomendado)', "Dokploy's API (recommended)") },
      { value: 'webhook', title: msg('Webhook de despliegue', 'Deploy webhook') },
    ],
    default: () => 'api',
    normalise: (raw) => (typeof raw === 'string' ? raw.trim().toLowerCase() : raw),
    validate: (v) => (v === 'api' || v === 'webhook' ? undefined : msg('debe ser api o webhook', 'must be api or webhook')),
  },
  {
    key: 'backupTime',
    flag: 'backup-time',
    kind: 'text',
    message: msg('Hora local del respaldo diario (HH:MM)', 'Local time of the daily backup (HH:MM)'),
    help: msg('HH:MM, hora local del respaldo diario (default: 03:00)', 'HH:MM, local time of the daily backup (default: 03:00)'),
    default: () => '03:00',
    normalise: (raw) => (typeof raw === 'string' ? raw.trim().replace(/^(\d):/, '0$1:') : raw),
    validate: (v) =>
      typeof v === 'string' && TIME.test(v)
        ? undefined
        : msg('debe ser HH:MM en 24 horas, como 03:00', 'must be 24-hour HH:MM, like 03:00'),
  },
  {
    key: 'timezone',
    flag: 'timezone',
    kind: 'text',
    message: msg('Zona horaria del negocio', "The business's time zone"),
    help: msg('zona horaria IANA (default: America/Mexico_City)', 'IANA time zone (default: America/Mexico_City)'),
    default: () => 'America/Mexico_City',
    normalise: canonicalTimeZone,
    validate: (v) =>
      typeof v === 'string' && isTimeZone(v)
        ? undefined
        : msg('debe ser una zona IANA, como America/Mexico_City', 'must be an IANA zone, like America/Mexico_City'),
  },
] as const satisfies readonly QuestionSpec[];

/** The table as everything but the Answers type reads it. */
export const questions: readonly Question[] = table;

/** A question's stored value: yes/no for a toggle, one of its choices for a select, else text. */
type ValueOf<Q> = Q extends { kind: 'toggle' } ? boolean : Q extends { choices: readonly { value: infer V }[] } ? V : string;

/** The answers, as the table above defines them (key -> stored value). */
export type Answers = { -readonly [Q in (typeof table)[number] as Q['key']]: ValueOf<Q> };
export type AnswerKey = keyof Answers;
export interface Question extends QuestionSpec {
  key: AnswerKey;
}

export function toBoolean(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  const v = raw.trim().toLowerCase();
  if (['true', 'yes', 'y', 'si', 'sí', '1', 'on'].includes(v)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(v)) return false;
  return raw;
}

export const questionByKey = new Map<string, Question>(questions.map((q) => [q.key, q]));
export const questionByFlag = new Map<string, Question>(questions.map((q) => [q.flag, q]));
