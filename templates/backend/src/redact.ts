// What the app prints must not hold secrets: logs end up in Dokploy's UI, in support chats and
// in screenshots. Error messages are the usual leak (a driver quoting its connection string).

const FILTERED = '[Filtered]';

/** The values of the secrets this app is given, read when a line is written (tests change them). */
function secretValues(): string[] {
  const values: string[] = [];
  for (const name of ['ALERTS_TOKEN', 'METRICS_TOKEN']) {
    const value = process.env[name];
    if (value && value.length >= 8) values.push(value);
  }
  try {
    const password = decodeURIComponent(new URL(process.env.DATABASE_URL ?? '').password);
    if (password) values.push(password);
  } catch {
    // not set or not a URL: nothing to hide
  }
  return values;
}

/** text with passwords in URLs, bearer tokens, cookies and the app's own secrets replaced. */
export function redact(text: string): string {
  let out = text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)[^@/?#\s]*@/gi, `$1${FILTERED}@`)
    .replace(/\b(bearer|basic)\s+[^\s"',;]+/gi, `$1 ${FILTERED}`)
    .replace(/\b((?:set-)?cookie["']?\s*[:=]\s*["']?)[^"'\n]+/gi, `$1${FILTERED}`);
  for (const secret of secretValues()) out = out.split(secret).join(FILTERED);
  return out;
}
