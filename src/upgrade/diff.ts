// A unified diff (the `diff -u` / `git diff` format) of two texts, for --dry-run.
import { diffComm } from 'node-diff3';
import { splitLines } from './text.js';

const CONTEXT = 3;

type Line = { op: ' ' | '-' | '+'; text: string; a: number; b: number };

export function unifiedDiff(path: string, before: string | null, after: string | null): string {
  const lines: Line[] = [];
  let a = 0;
  let b = 0;
  for (const block of diffComm(splitLines(before ?? ''), splitLines(after ?? ''))) {
    if (block.common) for (const text of block.common) lines.push({ op: ' ', text, a: a++, b: b++ });
    else {
      for (const text of block.buffer1) lines.push({ op: '-', text, a: a++, b });
      for (const text of block.buffer2) lines.push({ op: '+', text, a, b: b++ });
    }
  }
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  // Group changes whose context windows touch into hunks.
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const last = hunks.at(-1);
    if (last && i - last[1] <= 2 * CONTEXT) last[1] = i;
    else hunks.push([i, i]);
  }
  const out = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ ${after === null ? '/dev/null' : `b/${path}`}`];
  for (const [first, last] of hunks) {
    const slice = lines.slice(Math.max(0, first - CONTEXT), Math.min(lines.length, last + CONTEXT + 1));
    const aLen = slice.filter((l) => l.op !== '+').length;
    const bLen = slice.filter((l) => l.op !== '-').length;
    const aStart = aLen === 0 ? slice[0]!.a : slice[0]!.a + 1;
    const bStart = bLen === 0 ? slice[0]!.b : slice[0]!.b + 1;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const l of slice) {
      const text = l.text.replace(/\r?\n$/, '');
      out.push(`${l.op}${text}${l.text.endsWith('\n') ? '' : '\n\\ No newline at end of file'}`);
    }
  }
  return `${out.join('\n')}\n`;
}
