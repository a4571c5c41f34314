// Handlebars helpers that escape a value for the file it lands in. Templates render with
// HTML escaping off, so every answer that reaches YAML, shell, JSON or TypeScript goes through one.
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { text } from './template-text.js';

const plain = (value: unknown) => (value && typeof value === 'object' && 'hash' in value ? '' : value);

/**
 * A YAML scalar that reads back as the same value: JSON is valid YAML 1.2, and a double-quoted
 * string is never read as a number, a boolean or a block (and keeps the YAML library off the hot path).
 */
export const yamlScalar = (value: unknown) => JSON.stringify(plain(value) ?? '');
/** One single-quoted shell word: the shell expands nothing inside it. */
export const shellWord = (value: unknown) => `'${String(plain(value) ?? '').replace(/'/g, `'\\''`)}'`;
/** A JSON value (strings quoted and escaped). */
export const jsonValue = (value: unknown) => JSON.stringify(plain(value) ?? null);
/** A TypeScript string literal; JSON string syntax is valid TypeScript. */
export const tsString = (value: unknown) => JSON.stringify(String(plain(value) ?? ''));
/**
 * A value for a .env line, read the same by bash `source`, Docker Compose, Bun and dotenv:
 * bare when safe, else single-quoted (literal everywhere). Nothing reads a quote inside
 * single quotes the same way, so such values are refused rather than mangled.
 */
export const envValue = (value: unknown) => {
  const s = String(plain(value) ?? '');
  if (/^[\w@%+=:,./-]*$/.test(s)) return s;
  if (/['\n\r]/.test(s)) throw new Error(`cannot write ${JSON.stringify(s)} safely into a .env file`);
  return `'${s}'`;
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
  concat: (...args: unknown[]) => args.slice(0, -1).join(''),
  /** `{{t "key" name=value}}`: a text of src/template-text.ts in the project's language. */
  t: (key: string, options: HelperOptions) => text(key, options.data.root.lang, options.hash),
};
