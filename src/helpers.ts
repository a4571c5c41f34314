// Handlebars helpers that escape a value for the file it lands in. Templates render with
// HTML escaping off, so every answer that reaches YAML, shell, JSON or TypeScript goes through one.
import type { HelperDelegate } from 'handlebars';
import { stringify } from 'yaml';

const plain = (value: unknown) => (value && typeof value === 'object' && 'hash' in value ? '' : value);

/** A YAML scalar that reads back as the same string (quoted when YAML would read it as something else). */
export const yamlScalar = (value: unknown) => stringify(plain(value) ?? '', { lineWidth: 0 }).trimEnd();
/** One single-quoted shell word: the shell expands nothing inside it. */
export const shellWord = (value: unknown) => `'${String(plain(value) ?? '').replace(/'/g, `'\\''`)}'`;
/** A JSON value (strings quoted and escaped). */
export const jsonValue = (value: unknown) => JSON.stringify(plain(value) ?? null);
/** A TypeScript string literal; JSON string syntax is valid TypeScript. */
export const tsString = (value: unknown) => JSON.stringify(String(plain(value) ?? ''));
/** A value for a .env file line: double-quoted only when it needs to be. */
export const envValue = (value: unknown) => {
  const s = String(plain(value) ?? '');
  return /^[\w@%+=:,./-]*$/.test(s) ? s : JSON.stringify(s);
};

export const helpers: Record<string, HelperDelegate> = {
  yaml: yamlScalar,
  sh: shellWord,
  json: jsonValue,
  ts: tsString,
  env: envValue,
  eq: (a: unknown, b: unknown) => a === b,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
};
