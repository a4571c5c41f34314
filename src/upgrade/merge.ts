// Three-way merge of one text file: the founder's copy (ours), what the recorded version generated
// (base) and what this version generates (theirs). Overlaps become the standard diff3 conflict
// markers, labelled, so editors and `git mergetool` recognise them; nothing is ever dropped.
import { diff3Merge } from 'node-diff3';
import { splitLines } from './text.js';

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

export interface MergeResult {
  text: string;
  /** Number of conflict blocks left in text. */
  conflicts: number;
  /** CHECKLIST.md: ticked lines of the founder's that have no line to go to any more (said in the report). */
  lostTicks?: string[];
}

export function mergeText(ours: string, base: string, theirs: string, labels: MergeLabels): MergeResult {
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  // A side whose last line has no line break would glue the next marker onto it.
  const block = (lines: string[]) => {
    const last = lines.at(-1);
    return last !== undefined && !last.endsWith('\n') ? [...lines.slice(0, -1), last + eol] : lines;
  };
  const out: string[] = [];
  let conflicts = 0;
  for (const region of diff3Merge(splitLines(ours), splitLines(base), splitLines(theirs))) {
    if (region.ok) {
      out.push(...region.ok);
    } else if (region.conflict) {
      conflicts += 1;
      const { a, o, b } = region.conflict;
      out.push(`<<<<<<< ${labels.ours}${eol}`, ...block(a), `||||||| ${labels.base}${eol}`, ...block(o));
      out.push(`=======${eol}`, ...block(b), `>>>>>>> ${labels.theirs}${eol}`);
    }
  }
  return { text: out.join(''), conflicts };
}
