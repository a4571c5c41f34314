// Property: whatever the founder edits in lines the template left alone, and whatever the
// template changes elsewhere, the upgrade keeps every founder line and every template change;
// when both edit the same line, the result is conflict markers and exit code 3, never a loss.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import type { FileMap } from '../src/file-map.js';
import { exitCodeFor, planUpgrade } from '../src/upgrade/plan.js';
import { toCrlf } from '../src/upgrade/text.js';

type Owner = '-' | 'F' | 'T' | 'both';
type Kind = 'replace' | 'insert' | 'delete';

const LABELS = { ours: 'yours', base: 'create-pyme-stack@1.0.0', theirs: 'create-pyme-stack@1.1.0' };
const file = (text: string) => ({ content: Buffer.from(text), mode: 0o644 });

/** Applies the edits owned by `who` to base lines; new lines are unique so a loss is visible. */
function applyEdits(base: string[], owners: Owner[], kinds: Kind[], who: Array<'F' | 'T'>): string[] {
  return base.flatMap((line, i) => {
    const owner = owners[i] === 'both' ? who[0] : owners[i];
    if (owner === '-' || owner === undefined || !who.includes(owner as 'F' | 'T')) return [line];
    const name = owner === 'F' ? 'founder' : 'template';
    const kind = owners[i] === 'both' ? 'replace' : kinds[i];
    if (kind === 'replace') return [`${name} wrote ${i}\n`];
    if (kind === 'insert') return [line, `${name} added ${i}\n`];
    return [];
  });
}

/** Keeps founder and template edits at least one untouched line apart (diff3 needs a stable line between). */
function separate(owners: Owner[]): Owner[] {
  const out = [...owners];
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    if (prev !== '-' && out[i] !== '-' && prev !== out[i]) out[i] = '-';
  }
  return out;
}

const edits = (allowBoth: boolean) =>
  fc.integer({ min: 4, max: 40 }).chain((n) =>
    fc.record({
      owners: fc.array(fc.constantFrom<Owner>('-', '-', 'F', 'T', ...(allowBoth ? (['both'] as Owner[]) : [])), {
        minLength: n,
        maxLength: n,
      }),
      kinds: fc.array(fc.constantFrom<Kind>('replace', 'insert', 'delete'), { minLength: n, maxLength: n }),
      crlf: fc.boolean(),
      n: fc.constant(n),
    }),
  );

function upgradeOne(n: number, owners: Owner[], kinds: Kind[], crlf: boolean) {
  // The founder never deletes here: every founder line must survive.
  const founderKinds = kinds.map((k) => (k === 'delete' ? 'replace' : k));
  const base = Array.from({ length: n }, (_, i) => `line ${i}\n`);
  const founder = applyEdits(base, owners, founderKinds, ['F']);
  const template = applyEdits(base, owners, kinds, ['T']);
  const onDisk = crlf ? toCrlf(founder.join('')) : founder.join('');
  const plan = planUpgrade({
    base: new Map([['f.txt', file(base.join(''))]]) as FileMap,
    target: new Map([['f.txt', file(template.join(''))]]) as FileMap,
    disk: (p) => (p === 'f.txt' ? file(onDisk) : null),
    labels: LABELS,
  });
  const written = plan[0]?.write?.content.toString('utf8') ?? onDisk;
  // Separate edits applied together: the one right answer of a clean merge.
  const kindsOf = owners.map((o, i) => (o === 'F' ? founderKinds[i]! : kinds[i]!));
  const both = applyEdits(base, owners, kindsOf, ['F', 'T']).join('');
  return { plan, written, founder, template, expected: crlf ? toCrlf(both) : both };
}

describe('upgrade merge properties', () => {
  it('separate edits: clean merge holding every founder line and every template change, in the founder line endings', () => {
    fc.assert(
      fc.property(edits(false), ({ n, owners: raw, kinds, crlf }) => {
        const owners = separate(raw);
        const { plan, written, expected } = upgradeOne(n, owners, kinds, crlf);
        expect(written).toBe(expected);
        expect(exitCodeFor(plan)).toBe(EXIT.ok);
        expect(plan.map((e) => e.status)).not.toContain('conflict');
      }),
      { numRuns: 300 },
    );
  });

  it('overlapping edits: conflict markers, exit code 3, and no line of either side lost', () => {
    fc.assert(
      fc.property(edits(true), fc.nat(), ({ n, owners: raw, kinds, crlf }, pick) => {
        const owners = separate(raw);
        owners[pick % n] = 'both'; // at least one line both sides rewrote differently
        const { plan, written, founder, template } = upgradeOne(n, owners, kinds, crlf);
        expect(plan[0]!.status).toBe('conflict');
        expect(exitCodeFor(plan)).toBe(EXIT.conflicts);
        expect(written).toContain('<<<<<<< yours');
        expect(written).toContain('||||||| create-pyme-stack@1.0.0');
        expect(written).toContain('>>>>>>> create-pyme-stack@1.1.0');
        const lines = new Set(written.split(/\r?\n/));
        // Lines either side wrote (base lines may rightly go when the other side changed them).
        for (const line of [...founder, ...template]) if (!line.startsWith('line ')) expect(lines).toContain(line.replace(/\n$/, ''));
      }),
      { numRuns: 300 },
    );
  });
});
