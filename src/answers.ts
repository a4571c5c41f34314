// Answers come in layers, lowest first: defaults < answers file < flags < prompts.
// Every value from any layer passes the question's normalise + validate before it is used.
import { readFileSync } from 'node:fs';
import { questions, questionByKey, questionByFlag, type Answers, type AnswerKey, type Question } from './questions.js';
import { CliError, UsageError } from './errors.js';
import { type Lang, ui } from './i18n.js';

export type RawAnswers = Partial<Record<AnswerKey, unknown>>;

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** Normalises and validates one value; the error names where it came from, the value and the rule. */
export function checkAnswer(q: Question, raw: unknown, source: string, lang: Lang): unknown {
  const value = q.normalise ? q.normalise(raw) : raw;
  const broken = q.validate(value);
  if (broken) throw new CliError(`${source} ${show(raw)}: ${broken[lang]}`);
  return value;
}

/** Reads an answers file (YAML or JSON). Keys are the answer keys or their flag names. */
export async function readAnswersFile(file: string): Promise<RawAnswers> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--answers ${show(file)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const { default: YAML } = await import('yaml'); // only answers files need it
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    throw new CliError(`--answers ${show(file)}: not valid YAML or JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new CliError(`--answers ${show(file)}: must be a mapping of answers`);
  const out: RawAnswers = {};
  for (const [key, value] of Object.entries(data)) {
    const q = questionByKey.get(key as AnswerKey) ?? questionByFlag.get(key);
    if (!q) {
      const known = questions.map((x) => x.key).join(', ');
      throw new CliError(`--answers ${show(file)}: unknown key ${show(key)} (known keys: ${known})`);
    }
    out[q.key] = typeof value === 'number' ? String(value) : value;
  }
  return out;
}

export interface ResolveOptions {
  fromFile: RawAnswers;
  fileName?: string;
  fromFlags: RawAnswers;
  /** --yes: take defaults, never prompt. */
  yes: boolean;
  interactive: boolean;
  dirName: string;
  lang: Lang;
  /** Asks one question; only called when interactive. */
  ask?: (q: Question, initial: unknown, lang: Lang, answered: Partial<Answers>) => Promise<unknown>;
}

export async function resolveAnswers(opts: ResolveOptions): Promise<Answers> {
  const given: Partial<Answers> = {};
  for (const q of questions) {
    if (opts.fromFile[q.key] !== undefined) {
      (given as Record<string, unknown>)[q.key] = checkAnswer(q, opts.fromFile[q.key], `--answers ${opts.fileName}: ${q.key}`, opts.lang);
    }
    if (opts.fromFlags[q.key] !== undefined) {
      (given as Record<string, unknown>)[q.key] = checkAnswer(q, opts.fromFlags[q.key], `--${q.flag}`, opts.lang);
    }
  }
  const lang = (given.lang as Lang | undefined) ?? opts.lang;

  if (!opts.yes && !opts.interactive) {
    const missing = questions.filter((q) => given[q.key] === undefined);
    if (missing.length > 0) {
      throw new CliError(`${ui.noTty[lang]}\n${missing.map((q) => `  --${q.flag}  ${q.help[lang]}`).join('\n')}`);
    }
  }

  const answers: Partial<Answers> = {};
  for (const q of questions) {
    const value = given[q.key];
    const fallback = q.default(answers, { dirName: opts.dirName, lang });
    if (value !== undefined) {
      (answers as Record<string, unknown>)[q.key] = value;
    } else if (opts.yes || !opts.interactive) {
      if (fallback === undefined) throw new CliError(`--${q.flag} ${ui.required[lang]} (--yes ${lang === 'es' ? 'no tiene un valor por defecto para' : 'has no default for'} ${q.key}): ${q.help[lang]}`);
      (answers as Record<string, unknown>)[q.key] = fallback;
    } else {
      const raw = await opts.ask!(q, fallback, (answers.lang as Lang | undefined) ?? lang, answers);
      (answers as Record<string, unknown>)[q.key] = checkAnswer(q, raw, q.message[lang], lang);
    }
  }
  return answers as Answers;
}
