// Answers come in layers, lowest first: defaults < answers file < flags < prompts.
// Every value from any layer passes the question's normalise + validate before it is used.
import { questions, type Answers, type AnswerKey, type Question } from './questions.js';
import { CliError } from './errors.js';
import { shown } from './shown.js';
import { type Lang, ui } from './i18n.js';

export type RawAnswers = Partial<Record<AnswerKey, unknown>>;

/** Normalises and validates one value; the error names where it came from, the value and the rule. */
export function checkAnswer(q: Question, raw: unknown, source: string, lang: Lang): unknown {
  const value = q.normalise ? q.normalise(raw) : raw;
  const broken = q.validate(value);
  if (broken) throw new CliError(`${source} ${shown(raw)}: ${broken[lang]}`);
  return value;
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
      if (fallback === undefined)
        throw new CliError(
          `--${q.flag} ${ui.required[lang]} (--yes ${lang === 'es' ? 'no tiene un valor por defecto para' : 'has no default for'} ${q.key}): ${q.help[lang]}`,
        );
      (answers as Record<string, unknown>)[q.key] = fallback;
    } else {
      const raw = await opts.ask!(q, fallback, (answers.lang as Lang | undefined) ?? lang, answers);
      (answers as Record<string, unknown>)[q.key] = checkAnswer(q, raw, q.message[lang], lang);
    }
  }
  return answers as Answers;
}
