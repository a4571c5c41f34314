// A part of the generated repo is one folder under templates/: the files it writes, and an
// `about/` folder that says where they go (part.json) and what the part adds to the root README,
// CHECKLIST and .env.example (fragments the root templates loop over). Adding a part means adding
// a folder; nothing else lists parts.
import { type Answers, questions } from './questions.js';
import type { TemplateFile } from './template-tree.js';

export interface Part {
  /** Folder under templates/. */
  from: string;
  /** Where its files land in the generated repo ('' = the root). */
  to: string;
  /** Parts render, and their fragments join, in this order. */
  order: number;
  /** A yes/no answer that turns the part on; always on without it. */
  when?: BooleanAnswer;
}

type BooleanAnswer = { [K in keyof Answers]: Answers[K] extends boolean ? K : never }[keyof Answers];
const BOOLEAN_ANSWERS: readonly string[] = questions.filter((q) => q.kind === 'toggle').map((q) => q.key);

/** Not copied: the part's declaration and its fragments. */
export const ABOUT_DIR = 'about';
const DECLARATION = 'part.json';

/** Fragment name in about/ (before `.<lang>.hbs` or `.hbs`) -> the list root templates loop over. */
export const ABOUT_FRAGMENTS = {
  'readme-tree.md': 'readmeTree',
  'readme.md': 'readme',
  'checklist.md': 'checklist',
  env: 'env',
} as const;
export type AboutList = (typeof ABOUT_FRAGMENTS)[keyof typeof ABOUT_FRAGMENTS];

/** Every part declared in a template tree, in order. A malformed declaration names its file. */
export function partsOf(files: TemplateFile[]): Part[] {
  const found: Part[] = [];
  for (const file of files) {
    const segments = file.key.split('/');
    if (segments.length !== 3 || segments[1] !== ABOUT_DIR || segments[2] !== DECLARATION) continue;
    const where = `templates/${file.key}`;
    let raw: unknown;
    try {
      raw = JSON.parse(String(file.body));
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    const { to, order, when } = (raw ?? {}) as Record<string, unknown>;
    if (typeof to !== 'string' || to.startsWith('/') || to.split('/').includes('..'))
      throw new Error(`${where}: "to" must be a relative folder ('' for the root), got ${JSON.stringify(to)}`);
    if (typeof order !== 'number') throw new Error(`${where}: "order" must be a number`);
    if (when !== undefined && !(typeof when === 'string' && BOOLEAN_ANSWERS.includes(when)))
      throw new Error(`${where}: "when" must be one of ${BOOLEAN_ANSWERS.join(', ')}, got ${JSON.stringify(when)}`);
    found.push({ from: segments[0]!, to, order, ...(when ? { when: when as BooleanAnswer } : {}) });
  }
  return found.sort((a, b) => a.order - b.order || (a.from < b.from ? -1 : 1));
}

export function partIsOn(part: Part, answers: Answers): boolean {
  return part.when === undefined || answers[part.when] === true;
}
