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
 * "HH:MM" local time in `timeZone` -> "M H * * *" in UTC, using the zone's offset on `date`
 * (the day of generation; zones with DST drift an hour half the year: the systemd timer carries the zone).
 */
export function utcCronSchedule(time: string, timeZone: string, date = new Date()): string {
  const [hour, minute] = time.split(':').map(Number);
  const offsetMinutes = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(at)
      .reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.type]: Number(p.value) }), {});
    return (Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute) - Math.floor(at / 60_000) * 60_000) / 60_000;
  };
  const day = new Intl.DateTimeFormat('en-CA', { timeZone }).format(date).split('-').map(Number);
  const wallClock = Date.UTC(day[0], day[1] - 1, day[2], hour, minute);
  // Guess with today's offset, then correct once with the offset at the guessed instant.
  let utc = wallClock - offsetMinutes(date.getTime()) * 60_000;
  utc = wallClock - offsetMinutes(utc) * 60_000;
  const at = new Date(utc);
  return `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
}
