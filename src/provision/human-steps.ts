// What only a person can do after provision, in order, with the values provision learned.
import type { Lang } from '../i18n.js';
import type { ProvisionResult } from './run.js';

export function humanSteps(result: ProvisionResult, lang: Lang, o: { githubProviderMissing: boolean; secretsWritten: boolean }): string[] {
  const d = result.record.domains;
  const n = result.record.names;
  const ip = result.serverIp ?? (lang === 'es' ? '<IP del VPS: Dokploy → Settings → Server>' : '<VPS IP: Dokploy → Settings → Server>');
  const es = lang === 'es';
  const steps = [
    o.githubProviderMissing
      ? es
        ? `En Dokploy: Settings → Git → GitHub → Create GitHub App, instálala solo en este repositorio y vuelve a correr provision (elige el proveedor con --github-provider).`
        : `In Dokploy: Settings → Git → GitHub → Create GitHub App, install it on this repository only and run provision again (pick the provider with --github-provider).`
      : es
        ? `En GitHub: instala la GitHub App de Dokploy en este repositorio (Dokploy → Settings → Git → GitHub → Install).`
        : `In GitHub: install Dokploy's GitHub App on this repository (Dokploy → Settings → Git → GitHub → Install).`,
    es
      ? `En tu DNS: registros A de ${d.api}, ${d.site} y ${d.errors} a ${ip} (en Cloudflare, como DNS only: con su proxy el límite por cliente vería la IP de Cloudflare).`
      : `In your DNS: A records for ${d.api}, ${d.site} and ${d.errors} to ${ip} (at Cloudflare, DNS only: behind its proxy the per-client limit would see Cloudflare's IP).`,
    es
      ? `Despliega la compose ${n.compose}, abre https://${d.errors}, crea tu cuenta, la organización y los proyectos ${n.backend} y ${n.frontend}; copia sus dos DSN y ponlos con \`provision --backend-dsn <dsn> --frontend-dsn <dsn>\` (o en Dokploy, pestaña Environment: GLITCHTIP_DSN en ${n.backend}, PUBLIC_GLITCHTIP_DSN en ${n.frontend}); luego vuelve a desplegar las dos apps.`
      : `Deploy the ${n.compose} compose, open https://${d.errors}, sign up, create the organisation and the ${n.backend} and ${n.frontend} projects; set their two DSNs with \`provision --backend-dsn <dsn> --frontend-dsn <dsn>\` (or in Dokploy, Environment tab: GLITCHTIP_DSN in ${n.backend}, PUBLIC_GLITCHTIP_DSN in ${n.frontend}); then redeploy both apps.`,
    es
      ? `WhatsApp: en Dokploy, compose ${n.compose} → Logs → contenedor relay, escanea el QR desde el teléfono del número que envía (CHECKLIST.md, OPS-004).`
      : `WhatsApp: in Dokploy, compose ${n.compose} → Logs → relay container, scan the QR code with the sending number's phone (CHECKLIST.md, OPS-004).`,
  ];
  if (!o.secretsWritten)
    steps.push(
      es
        ? 'Crea los secretos de GitHub Actions con las líneas `gh secret set` de arriba.'
        : 'Create the GitHub Actions secrets with the `gh secret set` lines above.',
    );
  // Committed: IDs and names only, and an untracked file would stop `upgrade` (dirty work tree).
  steps.push(
    es
      ? 'Haz commit de .pyme-stack-deploy.json (IDs y nombres, sin secretos; doctor y upgrade lo leen) y push a main: el CI prueba y despliega.'
      : 'Commit .pyme-stack-deploy.json (IDs and names, no secrets; doctor and upgrade read it) and push to main: the CI tests and deploys.',
  );
  return steps;
}
