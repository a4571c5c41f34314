// doctor's checks. Each returns one result: ok, what was seen, and the fix when it is not ok.
import { connect } from 'node:tls';
import type { DokployClient } from '../provision/client.js';
import type { ApplicationRecord, ComposeRecord, DeploymentRecord, PostgresRecord } from '../provision/dokploy-types.js';
import type { DeployRecord } from '../provision/state.js';
import { type Msg, msg } from '../i18n.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  fix?: Msg;
}

/** `api.shop.mx` → https://api.shop.mx; an address with its scheme (a local test server) stays as given. */
export const siteUrl = (host: string) => (/^https?:\/\//.test(host) ? host.replace(/\/+$/, '') : `https://${host}`);

export async function httpCheck(name: string, url: string, fix: Msg, timeoutMs = 10_000): Promise<CheckResult> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return res.status === 200 ? { name, ok: true, detail: `${url} → 200` } : { name, ok: false, detail: `${url} → ${res.status}`, fix };
  } catch (error) {
    const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { name, ok: false, detail: `${url} → ${why}`, fix };
  }
}

/** Days until the certificate served for host expires; fewer than 14 is a ✖ (Let's Encrypt renews at 30). */
export function tlsCheck(host: string, port = 443, timeoutMs = 10_000): Promise<CheckResult> {
  const name = `tls ${host}`;
  const fix = msg(
    `Revisa en Dokploy el dominio ${host} (HTTPS + Let's Encrypt) y que su registro DNS A apunte al VPS; Traefik renueva solo.`,
    `Check the ${host} domain in Dokploy (HTTPS + Let's Encrypt) and that its DNS A record points at the VPS; Traefik renews by itself.`,
  );
  return new Promise((done) => {
    const socket = connect({ host, port, servername: host, timeout: timeoutMs }, () => {
      const cert = socket.getPeerCertificate();
      const authorized = socket.authorized;
      socket.end();
      const days = Math.floor((new Date(cert.valid_to).getTime() - Date.now()) / 86_400_000);
      if (!authorized) done({ name, ok: false, detail: String(socket.authorizationError), fix });
      else done({ name, ok: days >= 14, detail: `${days} d`, ...(days >= 14 ? {} : { fix }) });
    });
    socket.on('error', (e) => done({ name, ok: false, detail: (e as NodeJS.ErrnoException).code ?? e.message, fix }));
    socket.on('timeout', () => {
      socket.destroy();
      done({ name, ok: false, detail: 'timeout', fix });
    });
  });
}

const redeploy = (name: string) =>
  msg(
    `Abre ${name} en Dokploy, pestaña Deployments: lee el log del último despliegue, corrige y haz Deploy.`,
    `Open ${name} in Dokploy, Deployments tab: read the last deploy's log, fix it and press Deploy.`,
  );

/** A Dokploy service: its status and its newest deployment, both must not be `error`. */
export async function dokployChecks(api: DokployClient, record: DeployRecord): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const judge = (name: string, status: string | undefined, last: DeploymentRecord | undefined) => {
    const lastStatus = last?.status ?? 'none';
    const ok = status === 'done' && (lastStatus === 'done' || lastStatus === 'none');
    results.push({
      name: `dokploy ${name}`,
      ok,
      detail: `status ${status ?? '?'}, last deployment ${lastStatus}`,
      ...(ok ? {} : { fix: redeploy(name) }),
    });
  };
  if (record.database) {
    const db = await api.get<PostgresRecord>('postgres.one', { postgresId: record.database.id });
    judge(record.database.name, db.applicationStatus, undefined);
  }
  for (const ref of [record.backend, record.frontend]) {
    if (!ref) continue;
    const app = await api.get<ApplicationRecord>('application.one', { applicationId: ref.id });
    const deployments = await api.get<DeploymentRecord[]>('deployment.all', { applicationId: ref.id });
    judge(ref.name, app.applicationStatus, newest(deployments));
  }
  if (record.compose) {
    const compose = await api.get<ComposeRecord>('compose.one', { composeId: record.compose.id });
    const deployments = await api.get<DeploymentRecord[]>('deployment.allByCompose', { composeId: record.compose.id });
    judge(record.compose.name, compose.composeStatus, newest(deployments));
  }
  return results;
}

function newest(list: DeploymentRecord[]): DeploymentRecord | undefined {
  return [...list].sort((a, b) => String(b.createdAt ?? '').localeCompare(String(a.createdAt ?? '')))[0];
}

/** The Actions secrets the CI workflow reads (names only), for the record's deploy method. */
export async function githubSecretsCheck(record: DeployRecord, token: string, apiUrl: string): Promise<CheckResult> {
  const { listGithubSecrets } = await import('../provision/github-secrets.js');
  const [owner, repo] = (record.repo ?? '/').split('/') as [string, string];
  const needed =
    record.deployMethod === 'webhook'
      ? ['DOKPLOY_BACKEND_WEBHOOK', 'DOKPLOY_FRONTEND_WEBHOOK']
      : ['DOKPLOY_URL', 'DOKPLOY_API_KEY', 'DOKPLOY_BACKEND_ID', 'DOKPLOY_FRONTEND_ID'];
  const name = `github secrets ${record.repo}`;
  const fix = msg(
    'Corre provision con GITHUB_TOKEN (o las líneas `gh secret set` que imprime) para crearlos.',
    'Run provision with GITHUB_TOKEN (or the `gh secret set` lines it prints) to create them.',
  );
  try {
    const have = new Set(await listGithubSecrets({ owner, repo, token, apiUrl }));
    const missing = needed.filter((n) => !have.has(n));
    return missing.length === 0
      ? { name, ok: true, detail: needed.join(', ') }
      : { name, ok: false, detail: `missing ${missing.join(', ')}`, fix };
  } catch (error) {
    return { name, ok: false, detail: (error as { text?: Msg }).text?.en ?? (error as Error).message, fix };
  }
}
