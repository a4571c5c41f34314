// `create-pyme-stack doctor [dir]`: one line per check, ✔ or ✖ with the fix; exit 1 on any ✖.
// Reads .pyme-stack-deploy.json (written by provision) for the domains and Dokploy's IDs.
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import kleur from 'kleur';
import type { CliOptions } from '../args.js';
import { EXIT } from '../errors.js';
import { type Lang, msg } from '../i18n.js';
import { out } from '../output.js';
import { DokployClient } from '../provision/client.js';
import { ProvisionError } from '../provision/messages.js';
import { DEPLOY_FILE, readDeployRecord } from '../provision/state.js';
import { MANIFEST_PATH, parseManifest } from '../manifest.js';
import { type CheckResult, dokployChecks, githubSecretsCheck, httpCheck, siteUrl, tlsCheck } from './checks.js';
import { backupAgeCheck, backupScheduleCheck, budgetCheck } from './vps.js';

export async function runDoctor(opts: CliOptions, lang: Lang, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dir = resolve(opts.dir ?? '.');
  const record = readDeployRecord(dir);
  const f = opts.deploy;
  const api = f['api-domain'] ?? record?.domains.api;
  const site = f['site-domain'] ?? record?.domains.site;
  const errors = record?.domains.errors;
  if (!api || !site) {
    throw new ProvisionError(
      msg(
        `No encuentro ${DEPLOY_FILE}: corre provision primero, o pasa --api-domain y --site-domain.`,
        `No ${DEPLOY_FILE} here: run provision first, or pass --api-domain and --site-domain.`,
      ),
    );
  }
  const checks: Promise<CheckResult | CheckResult[]>[] = [
    httpCheck(
      'backend /health',
      `${siteUrl(api)}/health`,
      msg(
        'El backend no responde: revisa su despliegue y su log en Dokploy.',
        'The backend does not answer: check its deploy and log in Dokploy.',
      ),
    ),
    httpCheck(
      'backend /ready',
      `${siteUrl(api)}/ready`,
      msg(
        'El backend no llega a su base: revisa DATABASE_URL y la base en Dokploy.',
        'The backend cannot reach its database: check DATABASE_URL and the database in Dokploy.',
      ),
    ),
    httpCheck(
      'frontend /health',
      `${siteUrl(site)}/health`,
      msg(
        'El frontend no responde: revisa su despliegue y su log en Dokploy.',
        'The frontend does not answer: check its deploy and log in Dokploy.',
      ),
    ),
  ];
  if (errors) {
    checks.push(
      httpCheck(
        'glitchtip /_health/',
        `${siteUrl(errors)}/_health/`,
        msg(
          'GlitchTip no responde: despliega la compose monitoring y revisa su dominio y su log en Dokploy.',
          'GlitchTip does not answer: deploy the monitoring compose and check its domain and log in Dokploy.',
        ),
      ),
    );
  }
  for (const host of [api, site]) if (!/^http:\/\//.test(host)) checks.push(tlsCheck(host.replace(/^https:\/\//, '').replace(/\/.*$/, '')));
  const url = f['dokploy-url'] ?? env.DOKPLOY_URL ?? record?.dokployUrl;
  const key = env.DOKPLOY_API_KEY;
  if (record && url && key) {
    checks.push(
      dokployChecks(new DokployClient({ url, apiKey: key }), record).catch((error: unknown) => ({
        name: 'dokploy',
        ok: false,
        detail: error instanceof ProvisionError ? error.text[lang] : (error as Error).message,
      })),
    );
  } else {
    checks.push(
      Promise.resolve({
        name: 'dokploy',
        ok: false,
        detail: lang === 'es' ? 'sin DOKPLOY_API_KEY o sin registro de provision' : 'no DOKPLOY_API_KEY or no provision record',
        fix: msg(
          'Exporta DOKPLOY_URL y DOKPLOY_API_KEY y corre provision una vez.',
          'Export DOKPLOY_URL and DOKPLOY_API_KEY and run provision once.',
        ),
      }),
    );
  }
  if (record?.repo && env.GITHUB_TOKEN)
    checks.push(githubSecretsCheck(record, env.GITHUB_TOKEN, env.GITHUB_API_URL ?? 'https://api.github.com'));
  if (record) {
    // On the VPS (the project checked out in /opt/<app>, as the CHECKLIST has it) or given a root.
    const root = f['vps-root'] ?? (existsSync(join('/opt', record.names.project, 'ops/backup')) ? '/' : undefined);
    if (root !== undefined) checks.push(vpsChecks(root, record.names.project, metricsOn(dir)));
  }
  const results = (await Promise.all(checks)).flat();
  if (opts.json) {
    out(`${JSON.stringify({ ok: results.every((r) => r.ok), checks: results.map((r) => ({ ...r, fix: r.fix?.[lang] })) }, null, 2)}\n`);
  } else {
    for (const r of results) {
      out(`${r.ok ? kleur.green('✔') : kleur.red('✖')} ${r.name}: ${r.detail}${r.fix ? ` — ${r.fix[lang]}` : ''}\n`);
    }
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.input;
}

/** Metrics on (the bigger memory budget) unless the project says otherwise. */
function metricsOn(dir: string): boolean {
  try {
    return parseManifest(readFileSync(join(dir, MANIFEST_PATH), 'utf8'), MANIFEST_PATH).answers.metrics;
  } catch {
    return true;
  }
}

/** Linux's MemAvailable (what can be had without swapping); os.freemem() elsewhere. */
function availableMemory(): number {
  try {
    const kb = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return freemem();
}

async function vpsChecks(root: string, appName: string, metrics: boolean): Promise<CheckResult[]> {
  const disk = statfsSync(root);
  return [
    backupScheduleCheck(root, appName),
    await backupAgeCheck(join(root, 'opt', appName, 'ops/backup/backup.env'), appName),
    ...budgetCheck(
      { totalMem: totalmem(), availableMem: availableMemory(), diskSize: disk.blocks * disk.bsize, diskFree: disk.bavail * disk.bsize },
      metrics,
    ),
  ];
}
