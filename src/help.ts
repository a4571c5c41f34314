// --help, built from the questions table and the CLI's flags so it can never miss one.
import { questions } from './questions.js';
import { deployFlags, generalFlags } from './args.js';
import { EXIT } from './errors.js';
import type { Lang } from './i18n.js';

export function helpText(lang: Lang, version: string): string {
  const es = lang === 'es';
  const rows: [string, string][] = [];
  for (const q of questions) {
    const spelling =
      q.kind === 'toggle'
        ? `--${q.flag} | --no-${q.flag}`
        : `--${q.flag} <${q.choices ? q.choices.map((c) => c.value).join('|') : 'value'}>`;
    rows.push([spelling, q.help[lang]]);
  }
  const createRows: [string, string][] = [];
  const upgradeRows: [string, string][] = [];
  for (const f of generalFlags) {
    const spelling = `${f.short ? `-${f.short}, ` : ''}--${f.flag}${f.value ? ` ${f.value}` : ''}`;
    if (f.create !== false) createRows.push([spelling, f.help[lang]]);
    if (f.upgrade) upgradeRows.push([spelling, f.help[lang]]);
  }
  const provisionRows: [string, string][] = deployFlags.map((f) => [`--${f.flag} ${f.value}`, f.help[lang]]);
  for (const f of generalFlags) if (f.flag === 'yes' || f.flag === 'dry-run') provisionRows.push([`--${f.flag}`, f.help[lang]]);
  const doctorRows: [string, string][] = [
    ...deployFlags
      .filter((f) => 'doctor' in f || f.flag.endsWith('domain'))
      .map((f): [string, string] => [`--${f.flag} ${f.value}`, f.help[lang]]),
    ...generalFlags.filter((f) => f.flag === 'json').map((f): [string, string] => [`--${f.flag}`, f.help[lang]]),
  ];
  const width = Math.max(...[...rows, ...createRows, ...upgradeRows, ...provisionRows].map(([s]) => s.length)) + 2;
  const table = (r: [string, string][]) => r.map(([s, h]) => `  ${s.padEnd(width)}${h}`).join('\n');
  return `create-pyme-stack ${version}
${es ? 'Crea el repositorio de una app para una pyme: backend Bun + Elysia, frontend SvelteKit, CI, respaldos a R2, GlitchTip y alertas por WhatsApp, para un VPS con Dokploy.' : 'Creates the repository of an SME app: Bun + Elysia backend, SvelteKit frontend, CI, backups to R2, GlitchTip and WhatsApp alerts, for one Dokploy VPS.'}

${es ? 'Uso' : 'Usage'}:
  npm create pyme-stack [${es ? 'carpeta' : 'dir'}] -- [${es ? 'opciones' : 'options'}]
  create-pyme-stack [${es ? 'carpeta' : 'dir'}] [${es ? 'opciones' : 'options'}]
  create-pyme-stack upgrade [${es ? 'carpeta' : 'dir'}] [--dry-run] [--diff] [--check] [--set key=value ...] [--yes] [--force] [--verbose]
  DOKPLOY_API_KEY=... create-pyme-stack provision [${es ? 'carpeta' : 'dir'}] [--domain <${es ? 'dominio' : 'domain'}>] [--yes] [--dry-run]
  create-pyme-stack doctor [${es ? 'carpeta' : 'dir'}] [--json]

${es ? 'Respuestas' : 'Answers'}:
${table(rows)}

${es ? 'Opciones' : 'Options'}:
${table(createRows)}

upgrade:
${table(upgradeRows)}

provision (${es ? 'crea o actualiza en Dokploy el proyecto, la base, las apps y la compose; GITHUB_TOKEN escribe los secretos de Actions' : 'creates or updates in Dokploy the project, database, apps and compose; GITHUB_TOKEN writes the Actions secrets'}):
${table(provisionRows)}

doctor (${es ? 'revisa un despliegue: ✔/✖ por chequeo, sale con 1 si hay un ✖' : 'checks a deployment: ✔/✖ per check, exits 1 on any ✖'}):
${table(doctorRows)}

${es ? 'Códigos de salida' : 'Exit codes'}:
  ${EXIT.ok}    ${es ? 'listo' : 'done'}
  ${EXIT.input}    ${es ? 'un valor no cumple una regla, o la carpeta no es segura para escribir' : 'a value broke a rule, or the folder is not safe to write'}
  ${EXIT.usage}    ${es ? 'uso incorrecto (flag desconocido, falta un valor)' : 'usage error (unknown flag, missing value)'}
  ${EXIT.conflicts}    ${es ? 'upgrade dejó conflictos por resolver' : 'upgrade left conflicts to resolve'}
  ${EXIT.updateAvailable}    ${es ? 'upgrade --check: hay una versión más nueva publicada' : 'upgrade --check: a newer version is published'}
  ${EXIT.offline}    ${es ? 'upgrade --check: el registro de npm no respondió' : 'upgrade --check: the npm registry did not answer'}
  ${EXIT.cancelled}  ${es ? 'cancelado con Ctrl-C' : 'cancelled with Ctrl-C'}

${es ? 'Ejemplo' : 'Example'}:
  npm create pyme-stack mi-tienda -- --yes --alert-phone "55 1234 5678"
`;
}
