// What provision and doctor say, in Spanish and English. Each error is one line: the cause and
// the next step.
import { UserError } from '../errors.js';
import { type Msg, msg } from '../i18n.js';

export class ProvisionError extends UserError {
  constructor(text: Msg) {
    super(text);
  }
}

export const say = {
  unreachable: (url: string, why: string) =>
    msg(
      `No se pudo conectar con Dokploy en ${url} (${why}). Revisa la dirección (con https://) y que el VPS esté encendido.`,
      `Could not reach Dokploy at ${url} (${why}). Check the address (with https://) and that the VPS is up.`,
    ),
  unauthorized: (url: string) =>
    msg(
      `Dokploy en ${url} rechazó la API key (401). Genera otra en Settings → Profile → API/CLI y pásala en DOKPLOY_API_KEY.`,
      `Dokploy at ${url} refused the API key (401). Generate a new one in Settings → Profile → API/CLI and pass it in DOKPLOY_API_KEY.`,
    ),
  httpError: (endpoint: string, status: number, why: string) =>
    msg(
      `Dokploy respondió ${status} a ${endpoint}: ${why}. Corrige eso y vuelve a correr provision (retoma donde quedó).`,
      `Dokploy answered ${status} to ${endpoint}: ${why}. Fix that and run provision again (it resumes where it stopped).`,
    ),
  unknownVersion: (version: string, range: string) =>
    msg(
      `Dokploy ${version} no es una versión que provision conozca (${range}). Actualiza create-pyme-stack o sigue CHECKLIST.md a mano.`,
      `Dokploy ${version} is not a version provision knows (${range}). Update create-pyme-stack or follow CHECKLIST.md by hand.`,
    ),
  nameTaken: (kind: string, name: string, project: string) =>
    msg(
      `El nombre "${name}" ya lo usa otro ${kind} en el proyecto ${project}. Renómbralo en Dokploy o bórralo y vuelve a correr provision.`,
      `The name "${name}" is taken by another ${kind} in project ${project}. Rename or delete it in Dokploy and run provision again.`,
    ),
  noGithubProvider: msg(
    'Dokploy no tiene un proveedor de GitHub. Créalo en Settings → Git → GitHub → Create GitHub App y vuelve a correr provision (o usa --github-provider none).',
    'Dokploy has no GitHub provider. Create one in Settings → Git → GitHub → Create GitHub App and run provision again (or pass --github-provider none).',
  ),
  unknownGithubProvider: (id: string, known: string) =>
    msg(
      `No hay un proveedor de GitHub "${id}" en Dokploy; hay: ${known}. Pasa uno de esos en --github-provider.`,
      `Dokploy has no GitHub provider "${id}"; it has: ${known}. Pass one of those in --github-provider.`,
    ),
  manyGithubProviders: (known: string) =>
    msg(
      `Dokploy tiene varios proveedores de GitHub (${known}). Elige uno con --github-provider <id>.`,
      `Dokploy has several GitHub providers (${known}). Pick one with --github-provider <id>.`,
    ),
  noApiKey: msg(
    'Falta la API key de Dokploy: ponla en la variable DOKPLOY_API_KEY (nunca como flag: quedaría en el historial y en ps).',
    'The Dokploy API key is missing: put it in the DOKPLOY_API_KEY variable (never as a flag: it would land in the shell history and in ps).',
  ),
  noUrl: msg(
    'Falta la dirección de Dokploy: --dokploy-url https://<tu-dokploy> o la variable DOKPLOY_URL.',
    "Dokploy's address is missing: --dokploy-url https://<your-dokploy> or the DOKPLOY_URL variable.",
  ),
  noDomain: msg(
    'Falta el dominio: --domain <tu-dominio> (api.<dominio>, <dominio> y errores.<dominio>) o --api-domain, --site-domain y --errors-domain.',
    'The domain is missing: --domain <your-domain> (api.<domain>, <domain> and errors.<domain>) or --api-domain, --site-domain and --errors-domain.',
  ),
  r2Keys: msg(
    'Para el respaldo en R2 faltan llaves: pon R2_ACCESS_KEY_ID y R2_SECRET_ACCESS_KEY en el entorno (Cloudflare → R2 → Manage R2 API Tokens).',
    'The R2 backup is missing keys: set R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY in the environment (Cloudflare → R2 → Manage R2 API Tokens).',
  ),
  r2Account: msg(
    'Para el respaldo en R2 pasa --r2-account-id <Account ID de Cloudflare → R2> (o R2_ACCOUNT_ID), o --r2-endpoint https://<cuenta>.eu.r2.cloudflarestorage.com.',
    'For the R2 backup pass --r2-account-id <Account ID from Cloudflare → R2> (or R2_ACCOUNT_ID), or --r2-endpoint https://<account>.eu.r2.cloudflarestorage.com.',
  ),
  noRepo: msg(
    'No sé cuál es el repositorio de GitHub: haz `git remote add origin <url de github>` o pasa --repo dueño/nombre.',
    'Which GitHub repository? Run `git remote add origin <github url>` or pass --repo owner/name.',
  ),
  notAProject: (dir: string) =>
    msg(
      `${dir} no tiene .pyme-stack.json: corre provision dentro del proyecto generado.`,
      `${dir} has no .pyme-stack.json: run provision inside the generated project.`,
    ),
  badDsn: (flag: string) =>
    msg(
      `--${flag} no parece un DSN de GlitchTip (https://<clave>@<host>/<número>): cópialo de Settings → Client Keys (DSN) del proyecto.`,
      `--${flag} does not look like a GlitchTip DSN (https://<key>@<host>/<number>): copy it from the project's Settings → Client Keys (DSN).`,
    ),
  askProvider: msg(
    '¿Qué proveedor de GitHub de Dokploy usa este repositorio?',
    "Which of Dokploy's GitHub providers does this repository use?",
  ),
  askUrl: msg('Dirección de Dokploy (https://...)', "Dokploy's address (https://...)"),
  askKey: msg('API key de Dokploy (no se muestra)', 'Dokploy API key (hidden)'),
  askDomain: msg('Tu dominio (ej. tienda.mx)', 'Your domain (e.g. shop.example)'),
  version: (v: string) => msg(`Dokploy ${v}`, `Dokploy ${v}`),
  created: msg('creado', 'created'),
  updated: msg('actualizado', 'updated'),
  unchanged: msg('sin cambios', 'unchanged'),
  deployed: msg('desplegado', 'deployed'),
  deployFailed: msg('el despliegue falló; míralo en Dokploy, pestaña Deployments', 'the deploy failed; see Dokploy, Deployments tab'),
  nothingChanged: msg(
    'Nada que cambiar: Dokploy ya está como lo pide el proyecto.',
    'Nothing to change: Dokploy already matches the project.',
  ),
  changes: (n: number) => msg(`${n} cambio(s) aplicados en Dokploy.`, `${n} change(s) applied in Dokploy.`),
  dryRunHeader: msg(
    'Simulación (--dry-run): estas son las llamadas que haría (los secretos van ocultos). No se cambió nada.',
    'Dry run (--dry-run): these are the calls it would make (secrets masked). Nothing was changed.',
  ),
  recorded: (file: string) => msg(`IDs y nombres guardados en ${file} (sin secretos).`, `IDs and names recorded in ${file} (no secrets).`),
  calls: (n: number, s: string) => msg(`${n} llamadas a la API en ${s} s.`, `${n} API calls in ${s} s.`),
} as const;
