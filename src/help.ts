// --help, built from the questions table and the CLI's flags so it can never miss one.
import { questions } from './questions.js';
import { generalFlags } from './args.js';
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
  const width = Math.max(...[...rows, ...createRows, ...upgradeRows].map(([s]) => s.length)) + 2;
  const table = (r: [string, string][]) => r.map(([s, h]) => `  ${s.padEnd(width)}${h}`).join('\n');
  return `create-pyme-stack ${version}
${es ? 'Crea el repositorio de una app para una pyme: backend Bun + Elysia, frontend SvelteKit, CI, respaldos a R2, GlitchTip y alertas por WhatsApp, para un VPS con Dokploy.' : 'Creates the repository of an SME app: Bun + Elysia backend, SvelteKit frontend, CI, backups to R2, GlitchTip and WhatsApp alerts, for one Dokploy VPS.'}

${es ? 'Uso' : 'Usage'}:
  npm create pyme-stack [${es ? 'carpeta' : 'dir'}] -- [${es ? 'opciones' : 'options'}]
  create-pyme-stack [${es ? 'carpeta' : 'dir'}] [${es ? 'opciones' : 'options'}]
  create-pyme-stack upgrade [${es ? 'carpeta' : 'dir'}] [--dry-run] [--set key=value ...] [--yes] [--force] [--verbose]

${es ? 'Respuestas' : 'Answers'}:
${table(rows)}

${es ? 'Opciones' : 'Options'}:
${table(createRows)}

upgrade:
${table(upgradeRows)}

${es ? 'Códigos de salida' : 'Exit codes'}:
  ${EXIT.ok}    ${es ? 'listo' : 'done'}
  ${EXIT.input}    ${es ? 'un valor no cumple una regla, o la carpeta no es segura para escribir' : 'a value broke a rule, or the folder is not safe to write'}
  ${EXIT.usage}    ${es ? 'uso incorrecto (flag desconocido, falta un valor)' : 'usage error (unknown flag, missing value)'}
  ${EXIT.conflicts}    ${es ? 'upgrade dejó conflictos por resolver' : 'upgrade left conflicts to resolve'}
  ${EXIT.cancelled}  ${es ? 'cancelado con Ctrl-C' : 'cancelled with Ctrl-C'}

${es ? 'Ejemplo' : 'Example'}:
  npm create pyme-stack mi-tienda -- --yes --alert-phone "55 1234 5678"
`;
}
