// What the project wants in Dokploy, from its recorded answers and the domains: names, memory
// limits, env lines. Pure: no call, no secret generated here (secrets.ts does that).
import type { Lang } from '../i18n.js';

export interface Domains {
  api: string;
  site: string;
  errors: string;
}

/** `--domain shop.mx` → api.shop.mx, shop.mx, errores.shop.mx (es) / errors.shop.mx (en). */
export function domainsFrom(base: string, lang: Lang, given: Partial<Domains> = {}): Domains {
  return {
    api: given.api ?? `api.${base}`,
    site: given.site ?? base,
    errors: given.errors ?? `${lang === 'es' ? 'errores' : 'errors'}.${base}`,
  };
}

export interface Repo {
  owner: string;
  name: string;
  branch: string;
}

/** owner/name from a GitHub remote URL (https or ssh), or undefined. */
export function repoFromRemote(url: string): { owner: string; name: string } | undefined {
  const m = /github\.com[:/]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? { owner: m[1]!, name: m[2]! } : undefined;
}

const MiB = 1024 * 1024;
/** Memory limits in bytes, as Dokploy's Resources form takes them (CHECKLIST's budget). */
export const MEMORY = { app: String(512 * MiB), database: String(1024 * MiB) } as const;

/** Swarm update config: one task at a time, start the new one first, roll back if it fails its health check. */
export const UPDATE_CONFIG = {
  Parallelism: 1,
  Delay: 10_000_000_000,
  Monitor: 30_000_000_000,
  FailureAction: 'rollback',
  Order: 'start-first',
} as const;

export const COMPOSE_PATH = './ops/monitoring/docker-compose.monitoring.yml';
export const PORTS = { backend: 3000, frontend: 3000, glitchtip: 8000 } as const;

export interface Names {
  project: string;
  database: string;
  backend: string;
  frontend: string;
  compose: string;
}

export function namesFor(appName: string): Names {
  return {
    project: appName,
    database: appName.replace(/-/g, '_'),
    backend: `${appName}-backend`,
    frontend: `${appName}-frontend`,
    compose: 'monitoring',
  };
}

export interface Secrets {
  databasePassword: string;
  alertsToken: string;
  metricsToken: string;
  glitchtipSecretKey: string;
  glitchtipDbPassword: string;
}

/** Env lines, as ordered pairs. `keep` keys keep the value already in Dokploy when there is one. */
export interface EnvPlan {
  set: [string, string][];
  keep: [string, string][];
}

/** A GlitchTip DSN (https://<key>@<host>/<project id>), as `--backend-dsn`/`--frontend-dsn` take it. */
export const isDsn = (value: string) => /^https?:\/\/[A-Za-z0-9]+@[^\s/@]+(\/[^\s/@]+)*\/\d+$/.test(value);

/** The DSN line: set when given (--backend-dsn), else kept as it is in Dokploy (empty at first). */
const dsnLine = (key: string, dsn: string | undefined): { set?: [string, string]; keep?: [string, string] } =>
  dsn ? { set: [key, dsn] } : { keep: [key, ''] };

export function backendEnv(o: { appName: string; dbAppName: string; dbName: string; secrets: Secrets; dsn?: string }): EnvPlan {
  const dsn = dsnLine('GLITCHTIP_DSN', o.dsn);
  return {
    set: [
      ['DATABASE_URL', `postgresql://postgres:${o.secrets.databasePassword}@${o.dbAppName}:5432/${o.dbName}`],
      ['PORT', String(PORTS.backend)],
      ['ALERTS_URL', `http://${o.appName}-relay:3001`],
      ...(dsn.set ? [dsn.set] : []),
    ],
    keep: [...(dsn.keep ? [dsn.keep] : []), ['ALERTS_TOKEN', o.secrets.alertsToken], ['METRICS_TOKEN', o.secrets.metricsToken]],
  };
}

export function frontendEnv(o: { domains: Domains; dsn?: string }): EnvPlan {
  const dsn = dsnLine('PUBLIC_GLITCHTIP_DSN', o.dsn);
  return {
    set: [['PUBLIC_API_URL', `https://${o.domains.api}`], ['PORT', String(PORTS.frontend)], ...(dsn.set ? [dsn.set] : [])],
    keep: dsn.keep ? [dsn.keep] : [],
  };
}

export function composeEnv(o: { domains: Domains; secrets: Secrets; alertPhone: string; backendAppName?: string }): EnvPlan {
  return {
    set: [
      ['GLITCHTIP_DOMAIN', `https://${o.domains.errors}`],
      ['ALERT_PHONE', o.alertPhone.replace(/^\+/, '')],
      ...(o.backendAppName ? ([['BACKEND_APP_NAME', o.backendAppName]] as [string, string][]) : []),
    ],
    keep: [
      ['GLITCHTIP_SECRET_KEY', o.secrets.glitchtipSecretKey],
      ['GLITCHTIP_DB_PASSWORD', o.secrets.glitchtipDbPassword],
      ['GLITCHTIP_FROM_EMAIL', `glitchtip@${o.domains.site}`],
      ['GLITCHTIP_EMAIL_URL', 'consolemail://'],
      ['ALERTS_TOKEN', o.secrets.alertsToken],
      ['WA_PAIRING_NUMBER', ''],
    ],
  };
}

/** The optional R2 keys (`--r2-account-id` or `--r2-endpoint`, R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY). */
export interface R2Input {
  /** Builds the endpoint; `endpoint` wins when given (EU jurisdiction buckets). */
  accountId?: string;
  endpoint?: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

/** What destination.create takes for R2 (region `auto`, as Cloudflare's S3 API wants). */
export function r2Destination(appName: string, r2: R2Input) {
  return {
    name: `${appName}-r2`,
    provider: 'Cloudflare',
    accessKey: r2.accessKeyId,
    secretAccessKey: r2.secretAccessKey,
    bucket: r2.bucket,
    region: 'auto',
    endpoint: r2.endpoint ?? `https://${r2.accountId}.r2.cloudflarestorage.com`,
    additionalFlags: [] as string[],
  };
}

/**
 * Dokploy's own daily dump of the database, beside the VPS's backup script (prefix postgres/):
 * 09:30 UTC is 03:30 in Mexico City, half an hour after that script's default time. R2's
 * lifecycle rule deletes old copies, so Dokploy keeps a count only as a second guard.
 */
export const DOKPLOY_BACKUP = { schedule: '30 9 * * *', prefix: 'dokploy/', enabled: true, keepLatestCount: 30 } as const;
