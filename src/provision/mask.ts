// Secrets never leave this process in clear: every call printed (--dry-run) or recorded (test
// fixtures) goes through here first.

/** Keys whose value is a secret wherever they appear in a request or a response. */
const SECRET_KEYS = /^(databasePassword|password|apiKey|key|token|refreshToken|encrypted_value|secret|accessKey|secretAccessKey)$/i;
/** Lines of an env text (KEY=value) whose value is a secret. */
const SECRET_ENV = /^([A-Z0-9_]*(TOKEN|SECRET|PASSWORD|KEY|DSN)[A-Z0-9_]*)=(.+)$/gm;
/** The password in a URL's user info (postgresql://user:password@host/db), wherever it is. */
const URL_PASSWORD = /(\w+:\/\/[^:/@\s]+:)[^@\s]+@/g;

export const MASK = '***';

/** The env text with each secret value replaced (an empty value stays empty: nothing to hide). */
export function maskEnv(env: string): string {
  return env.replace(SECRET_ENV, (_all, key: string) => `${key}=${MASK}`).replace(URL_PASSWORD, `$1${MASK}@`);
}

/** A deep copy of a JSON value with secret fields and secret env lines masked. */
export function maskJson(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (SECRET_KEYS.test(key) && value !== '') return MASK;
    return value.includes('=') || value.includes('://') ? maskEnv(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => maskJson(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskJson(v, k)]));
  }
  return value;
}
