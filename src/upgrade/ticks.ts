// CHECKLIST.md is the founder's to tick: `- [x]` on a line the template reworded must not become
// a conflict. So the merge runs with every box unticked, and the founder's ticks are put back
// afterwards, each on its own item: the founder's line is followed by position (a diff between
// their copy and the merge result), never by its text alone, since the same wording can appear
// in several steps and sections (issue 27). An item the template reworded one-for-one is followed
// through the base and the template by position as well. A tick never goes on the base or
// template side of a conflict block (resolving the conflict would drop it or tick the wrong text).
import { diffPatch } from 'node-diff3';
import { mergeText, type MergeLabels, type MergeResult } from './merge.js';
import { splitLines } from './text.js';

const BOX = /^(\s*(?:[-*+]|\d+[.)])\s+\[)([ xX])(\])/;

const untickLine = (line: string) => line.replace(BOX, '$1 $3');
const isTicked = (line: string) => /[xX]/.test(BOX.exec(line)?.[2] ?? '');

/** Line index in a -> line index in b, for lines the diff leaves in common. */
function align(a: string[], b: string[]): Map<number, number> {
  const map = new Map<number, number>();
  let i = 0;
  let j = 0;
  const common = (untilA: number) => {
    while (i < untilA) map.set(i++, j++);
  };
  for (const hunk of diffPatch(a, b)) {
    common(hunk.buffer1.offset);
    i += hunk.buffer1.length;
    j += hunk.buffer2.length;
  }
  common(a.length);
  return map;
}

/** Base line -> template line where the template replaced lines one for one (a rewording). */
function rewordings(base: string[], theirs: string[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const hunk of diffPatch(base, theirs)) {
    if (hunk.buffer1.length !== hunk.buffer2.length) continue;
    for (let k = 0; k < hunk.buffer1.length; k++) map.set(hunk.buffer1.offset + k, hunk.buffer2.offset + k);
  }
  return map;
}

/** For each result line: may a tick go there? Not on markers, nor on a conflict's base or template side. */
function tickable(lines: string[], labels: MergeLabels): boolean[] {
  let side: 'out' | 'ours' | 'other' = 'out';
  return lines.map((line) => {
    const text = line.replace(/\r?\n$/, '');
    if (text === `<<<<<<< ${labels.ours}`) side = 'ours';
    else if (side !== 'out' && text.startsWith('||||||| ')) side = 'other';
    else if (side !== 'out' && text === '=======') side = 'other';
    else if (side !== 'out' && text.startsWith('>>>>>>> ')) side = 'out';
    else return side !== 'other';
    return false;
  });
}

export function mergeChecklist(ours: string, base: string, theirs: string, labels: MergeLabels): MergeResult {
  const o = splitLines(ours).map(untickLine);
  const b = splitLines(base).map(untickLine);
  const t = splitLines(theirs).map(untickLine);
  const result = mergeText(o.join(''), b.join(''), t.join(''), labels);
  const r = splitLines(result.text);
  const oToR = align(o, r);
  const oToB = align(o, b);
  const bToT = rewordings(b, t);
  const tToR = align(t, r);
  const allowed = tickable(r, labels);
  const ticks = new Set<number>();
  const lost: string[] = [];
  splitLines(ours).forEach((line, i) => {
    if (!isTicked(line)) return;
    const k = oToB.get(i);
    const m = k === undefined ? undefined : bToT.get(k);
    const at = oToR.get(i) ?? (m === undefined ? undefined : tToR.get(m));
    if (at !== undefined && allowed[at] && BOX.test(r[at]!)) ticks.add(at);
    // No sure place for it (its item was replaced or sits in a conflict's other side): say so
    // rather than guess, so the founder ticks it again where it belongs.
    else lost.push(line.trim());
  });
  const text = r.map((line, i) => (ticks.has(i) ? line.replace(BOX, '$1x$3') : line)).join('');
  return { text, conflicts: result.conflicts, ...(lost.length ? { lostTicks: lost } : {}) };
}
