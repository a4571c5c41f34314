// src/ is a tree of modules, not a web: no module reaches back to one that imports it (type-only
// imports count: they tie the files just as tightly), and none reaches outside src/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/tools.js';

const SRC = join(REPO, 'src');
const modules = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(SRC, f));

/** Module -> the local modules it imports, read by TypeScript's own pre-processor. */
const graph = new Map(
  modules.map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const local = importedFiles.map((i) => i.fileName).filter((name) => name.startsWith('.'));
    return [file, local.map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')))];
  }),
);

/** Every cycle, each as a path of files relative to src/ (depth-first, three colours). */
function cycles(): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)).join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('src/ imports', () => {
  it('form no cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('stay inside src/ and name files that exist', () => {
    const outside = [...graph].flatMap(([file, imports]) =>
      imports.filter((i) => !i.startsWith(`${SRC}/`) || !graph.has(i)).map((i) => `${relative(SRC, file)} -> ${relative(SRC, i)}`),
    );
    expect(outside).toEqual([]);
  });

  it('the check sees a cycle when there is one', () => {
    const a = join(SRC, 'a.ts');
    const b = join(SRC, 'b.ts');
    graph.set(a, [b]);
    graph.set(b, [a]);
    try {
      expect(cycles()).toContain('a.ts -> b.ts -> a.ts');
    } finally {
      graph.delete(a);
      graph.delete(b);
    }
  });
});
