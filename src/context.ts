// What templates see: the answers plus values derived from them, computed once here so
// templates never repeat a computation.
import type { Answers } from './questions.js';

export interface TemplateContext extends Answers {
  es: boolean;
  en: boolean;
  /** Postgres identifiers cannot hold '-'. */
  dbName: string;
  /** The phone without '+', as WhatsApp and the relay want it. */
  alertPhoneDigits: string;
  generatorVersion: string;
}

export function templateContext(answers: Answers, generatorVersion: string): TemplateContext {
  return {
    ...answers,
    es: answers.lang === 'es',
    en: answers.lang === 'en',
    dbName: answers.appName.replace(/-/g, '_'),
    alertPhoneDigits: answers.alertPhone.replace(/^\+/, ''),
    generatorVersion,
  };
}
