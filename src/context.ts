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
  /** The daily backup as a UTC cron schedule ("0 9 * * *"): Ubuntu's cron ignores CRON_TZ. */
  backupCronUtc: string;
  generatorVersion: string;
}

export function templateContext(answers: Answers, generatorVersion: string): TemplateContext {
  return {
    ...answers,
    es: answers.lang === 'es',
    en: answers.lang === 'en',
    dbName: answers.appName.replace(/-/g, '_'),
    alertPhoneDigits: answers.alertPhone.replace(/^\+/, ''),
    backupCronUtc: utcCronSchedule(answers.backupTime, answers.timezone),
    generatorVersion,
  };
}

/**
 * "HH:MM" local time in `timeZone` -> "M H * * *" in UTC, from the zone's standard-time offset
 * (the smaller of January's and July's, in either hemisphere). It does not depend on the day the
 * project is generated, so a later upgrade renders the same line. Zones with DST run an hour
 * later in summer; the systemd timer carries the zone for them. Mexico City has had no DST since 2022.
 */
export function utcCronSchedule(time: string, timeZone: string, year = new Date().getUTCFullYear()): string {
  const [hour, minute] = time.split(':').map(Number);
  // Date reads the zone from TZ, which Node lets us switch and restore at once: a tenth of the
  // cost of starting Intl (about 14 ms, a tenth of a whole run).
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  const behindUtc = Math.max(new Date(Date.UTC(year, 0, 1)).getTimezoneOffset(), new Date(Date.UTC(year, 6, 1)).getTimezoneOffset());
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
  const total = (((hour! * 60 + minute! + behindUtc) % 1440) + 1440) % 1440;
  return `${total % 60} ${Math.floor(total / 60)} * * *`;
}
