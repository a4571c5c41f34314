// Interactive questions (loaded only when a terminal is there to answer them).
import type { Question } from './questions.js';
import { CancelledError } from './errors.js';
import { type Lang, ui } from './i18n.js';
import { out } from './output.js';
import { plainTerminal } from './plain-terminal.js';

export async function askQuestion(q: Question, initial: unknown, lang: Lang): Promise<unknown> {
  const { default: prompts } = await import('prompts');
  const base = { name: 'value', message: q.message[lang] };
  // Validate as they type: the same rule the flags use.
  const validate = (raw: unknown) => {
    const value = q.normalise ? q.normalise(raw) : raw;
    const broken = q.validate(value);
    return broken ? broken[lang] : true;
  };
  const question =
    q.kind === 'toggle'
      ? { ...base, type: 'toggle' as const, initial: Boolean(initial), active: lang === 'es' ? 'sí' : 'yes', inactive: 'no' }
      : q.kind === 'select'
        ? {
            ...base,
            type: 'select' as const,
            choices: q.choices!.map((c) => ({ title: c.title[lang], value: c.value })),
            initial: Math.max(
              0,
              q.choices!.findIndex((c) => c.value === initial),
            ),
          }
        : { ...base, type: 'text' as const, initial: initial === undefined ? '' : String(initial), validate };
  let cancelled = false;
  // A dumb terminal cannot move the cursor: prompts then writes through a stream without escape codes.
  const stdout = process.env.TERM === 'dumb' ? plainTerminal(out, process.stdout.columns || 80) : undefined;
  const result = await prompts(
    { ...question, ...(stdout ? { stdout } : {}) },
    {
      onCancel: () => {
        cancelled = true;
        return false;
      },
    },
  );
  if (cancelled || !('value' in result)) throw new CancelledError(ui.cancelled[lang]);
  return result.value;
}
