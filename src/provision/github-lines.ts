// The Actions secrets the CI workflow reads, and the `gh secret set` lines that write them when
// no GitHub token is given. Values go through stdin (`--body` would put them in ps and history);
// the API key is read from the founder's own DOKPLOY_API_KEY variable, never printed.
import { shellQuote } from '../shell-quote.js';
import type { ProvisionResult } from './run.js';

export interface ActionsSecret {
  name: string;
  /** undefined: the value is the founder's DOKPLOY_API_KEY, which provision never prints. */
  value?: string;
}

export function actionsSecrets(result: ProvisionResult, deployMethod: 'api' | 'webhook'): ActionsSecret[] {
  const r = result.record;
  if (deployMethod === 'webhook') {
    return [
      { name: 'DOKPLOY_BACKEND_WEBHOOK', value: result.webhooks.backend },
      { name: 'DOKPLOY_FRONTEND_WEBHOOK', value: result.webhooks.frontend },
      { name: 'DOKPLOY_MONITORING_WEBHOOK', value: result.webhooks.compose },
    ].filter((s): s is { name: string; value: string } => Boolean(s.value));
  }
  return [
    { name: 'DOKPLOY_URL', value: r.dokployUrl },
    { name: 'DOKPLOY_API_KEY' },
    ...(r.backend ? [{ name: 'DOKPLOY_BACKEND_ID', value: r.backend.id }] : []),
    ...(r.frontend ? [{ name: 'DOKPLOY_FRONTEND_ID', value: r.frontend.id }] : []),
    ...(r.compose ? [{ name: 'DOKPLOY_MONITORING_COMPOSE_ID', value: r.compose.id }] : []),
  ];
}

/** One line per secret; webhook URLs hold a token, so they are shown masked with where to copy them. */
export function ghSecretLines(secrets: ActionsSecret[], repo: string): string[] {
  return secrets.map((s) => {
    const target = `gh secret set ${s.name} --repo ${shellQuote(repo)}`;
    if (s.value === undefined) return `printf %s "$DOKPLOY_API_KEY" | ${target}`;
    if (s.name.endsWith('_WEBHOOK'))
      return `${target}   # ${s.value.replace(/[^/]+$/, '<refresh token: Dokploy → Deployments → Webhook URL>')}`;
    return `printf %s ${shellQuote(s.value)} | ${target}`;
  });
}
