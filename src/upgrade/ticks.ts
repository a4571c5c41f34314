// CHECKLIST.md is the founder's to tick: `- [x]` on a line the template reworded must not become
// a conflict. So the merge runs with every box unticked, and the founder's ticks are put back
// afterwards: on the same item, or on the line the template changed it into (a one-for-one
// replacement between the old and the new template).
import { diffPatch } from 'node-diff3';
import { mergeText, type MergeLabels, type MergeResult } from './merge.js';
import { splitLines } from './text.js';

const BOX = /^(\s*(?:[-*+]|\d+[.)])\s+\[)([ xX])(\])/;

/** The line without its terminator, its box unticked: what identifies an item. */
const key = (line: string) => line.replace(/\r?\n$/, '').replace(BOX, '$1 $3');
const untick = (text: string) =>
  splitLines(text)
    .map((l) => l.replace(BOX, '$1 $3'))
    .join('');
const isTicked = (line: string) => /[xX]/.test(BOX.exec(line)?.[2] ?? '');

/** Old item -> new item, where the template replaced lines one for one. */
function rewordings(base: string, theirs: string): Map<string, string> {
  const map = new Map<string, string>();
  const b = splitLines(base).map(key);
  const t = splitLines(theirs).map(key);
  for (const hunk of diffPatch(b, t)) {
    if (hunk.buffer1.length !== hunk.buffer2.length) continue;
    for (const [i, line] of hunk.buffer1.chunk.entries()) map.set(line, hunk.buffer2.chunk[i]!);
  }
  return map;
}

export function mergeChecklist(ours: string, base: string, theirs: string, labels: MergeLabels): MergeResult {
  const result = mergeText(untick(ours), untick(base), untick(theirs), labels);
  const lines = splitLines(result.text);
  const present = new Set(lines.map(key));
  const moved = rewordings(untick(base), untick(theirs));
  const wanted = new Map<string, number>();
  for (const line of splitLines(ours).filter(isTicked)) {
    const item = key(line);
    const target = present.has(item) ? item : (moved.get(item) ?? item);
    wanted.set(target, (wanted.get(target) ?? 0) + 1);
  }
  const text = lines
    .map((line) => {
      const left = wanted.get(key(line)) ?? 0;
      if (left === 0 || !BOX.test(line)) return line;
      wanted.set(key(line), left - 1);
      return line.replace(BOX, '$1x$3');
    })
    .join('');
  return { text, conflicts: result.conflicts };
}
