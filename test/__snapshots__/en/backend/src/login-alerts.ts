// Example alert rule: more than 10 failed logins in 5 minutes raise ONE alert, not one per
// failure. Call recordFailedLogin() from your login route each time a password is wrong:
//   if (!passwordOk) { recordFailedLogin(); return status(401, 'wrong email or password'); }
import { sendAlert } from './alerts.ts';

const MESSAGE = (limit: number, minutes: number) =>
  `More than ${limit} failed logins in ${minutes} minutes. Check whether someone is guessing passwords.`;

export interface FailedLoginRule {
  limit?: number;
  windowMs?: number;
  alert?: (text: string, options: { key: string }) => unknown;
  now?: () => number;
}

export function failedLoginRule({ limit = 10, windowMs = 5 * 60_000, alert = sendAlert, now = Date.now }: FailedLoginRule = {}) {
  // Only the newest limit + 1 failures matter: if the oldest of them is inside the window,
  // more than `limit` failed in it. This keeps memory flat during an attack.
  const recent: number[] = [];
  let quietUntil = 0;

  return function recordFailedLogin(): void {
    const t = now();
    recent.push(t);
    if (recent.length > limit + 1) recent.shift();
    const tooMany = recent.length > limit && t - recent[0]! < windowMs;
    if (tooMany && t >= quietUntil) {
      quietUntil = t + windowMs; // one alert per window while the attack goes on
      void alert(MESSAGE(limit, windowMs / 60_000), { key: 'failed-logins' });
    }
  };
}

/** The app's rule: shared by every login route. */
export const recordFailedLogin = failedLoginRule();
