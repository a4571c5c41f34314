// What the founder reads: one line per file, then (dry run) the diffs, then what is left to do.
import kleur from 'kleur';
import { printable } from '../printable.js';
import type { Lang } from '../i18n.js';
import type { PlanEntry, Status } from './plan-entry.js';
import { countsText, type LineCounts } from './changes.js';

const LABEL: Record<Status, (s: string) => string> = {
  updated: kleur.green,
  added: kleur.green,
  merged: kleur.cyan,
  kept: kleur.dim,
  removed: kleur.yellow,
  deleted: kleur.dim,
  conflict: kleur.red,
};

const NOTE: Record<NonNullable<PlanEntry['note']>, Record<Lang, string>> = {
  moved: { es: 'movido desde', en: 'moved from' },
  'template-dropped': {
    es: 'la plantilla ya no lo trae; lo editaste, así que se queda',
    en: 'the template dropped it; you edited it, so it stays',
  },
  binary: {
    es: 'archivo binario: se quedó el tuyo; compáralo con la plantilla a mano',
    en: 'binary file: yours was kept; compare it with the template by hand',
  },
  exists: { es: 'la plantilla ahora trae este archivo y ya tenías uno', en: 'the template now adds this file and you already had one' },
  unresolved: { es: 'todavía tiene marcas de conflicto', en: 'still has conflict markers' },
  renamed: { es: 'renombrado desde', en: 'renamed from' },
  symlink: {
    es: 'enlace simbólico: es tuyo, se deja como está',
    en: 'symbolic link: yours, left as it is',
  },
  'no-base': {
    es: 'no se pudo reconstruir la versión anterior de este archivo: compara las dos versiones completas',
    en: 'the previous version of this file could not be rebuilt: compare the two whole versions',
  },
};

const DELETED: Record<Lang, string> = {
  es: 'lo borraste; sigue borrado; no se vuelve a avisar',
  en: 'you deleted it; it stays deleted; not reported again',
};

const LOST_TICKS: Record<Lang, (n: number) => string> = {
  es: (n) =>
    n === 1
      ? 'una casilla marcada ya no tiene su paso; márcala de nuevo donde corresponda'
      : `${n} casillas marcadas ya no tienen su paso; márcalas de nuevo donde correspondan`,
  en: (n) =>
    n === 1
      ? 'a ticked box no longer has its step; tick it again where it belongs'
      : `${n} ticked boxes no longer have their step; tick them again where they belong`,
};

/** One file of the plan; counts: the lines its write or removal adds and drops. */
export function planLine(e: PlanEntry, lang: Lang, counts?: LineCounts): string {
  const notes: string[] = [];
  const from = e.note === 'renamed' ? NOTE.renamed : NOTE.moved;
  if (e.movedFrom) notes.push(`${from[lang]} ${printable(e.movedFrom)}`);
  if (e.note && e.note !== 'moved' && e.note !== 'renamed') notes.push(NOTE[e.note][lang]);
  if (e.status === 'deleted') notes.push(DELETED[lang]);
  if (e.lostTicks?.length)
    notes.push(`${LOST_TICKS[lang](e.lostTicks.length)}: ${e.lostTicks.map((t) => `«${printable(t).slice(0, 80)}»`).join(', ')}`);
  const size = counts ? `  ${countsText(counts)}` : '';
  return `  ${LABEL[e.status](e.status.padEnd(8))} ${printable(e.path)}${size}${notes.length ? kleur.dim(`  (${notes.join('; ')})`) : ''}`;
}

/** Conflict-marker labels. With --set the template side is not just a new version: it names the
 *  answers that changed (recorded ones only), so the founder sees why both sides differ. */
export function conflictLabels(o: {
  name: string;
  from: string;
  to: string;
  recorded: Record<string, unknown>;
  answers: Record<string, unknown>;
}): { ours: string; base: string; theirs: string } {
  const changed = Object.keys(o.recorded)
    .filter((k) => k in o.answers && JSON.stringify(o.answers[k]) !== JSON.stringify(o.recorded[k]))
    .map((k) => `${k}=${typeof o.answers[k] === 'string' ? o.answers[k] : JSON.stringify(o.answers[k])}`);
  const note = changed.length > 0 ? ` (${printable(changed.join(', ')).slice(0, 120)})` : '';
  return { ours: 'yours', base: `${o.name}@${o.from}`, theirs: `${o.name}@${o.to}${note}` };
}

export function summary(plan: PlanEntry[], from: string, to: string, lang: Lang): string {
  const counts = new Map<Status, number>();
  for (const e of plan) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const parts = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  const head = lang === 'es' ? `create-pyme-stack ${from} → ${to}` : `create-pyme-stack ${from} → ${to}`;
  return `${head}: ${parts || (lang === 'es' ? 'nada que cambiar' : 'nothing to change')}`;
}

export function conflictHelp(paths: string[], lang: Lang, dryRun = false): string {
  const list = paths.map((p) => `  ${kleur.red('✖')} ${printable(p)}`).join('\n');
  if (dryRun)
    return lang === 'es'
      ? `El upgrade dejaría conflictos por resolver en:\n${list}\n`
      : `The upgrade would leave conflicts to resolve in:\n${list}\n`;
  return lang === 'es'
    ? `Quedan conflictos por resolver en:\n${list}\nBusca las marcas <<<<<<< ||||||| ======= >>>>>>> (tu editor las resalta), deja la versión correcta, borra las marcas y haz commit. En un repositorio git aparecen como sin fusionar (git status, git mergetool): haz git add de cada uno al resolverlo.\n`
    : `Conflicts left to resolve in:\n${list}\nLook for the <<<<<<< ||||||| ======= >>>>>>> markers (your editor highlights them), keep the right version, delete the markers and commit. In a git repository they show as unmerged (git status, git mergetool): git add each one once resolved.\n`;
}
