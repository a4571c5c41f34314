// Removes secrets from anything about to leave the process (error events and traces for GlitchTip).
// Keys are matched at any depth, so a password in a request body, a header or an extra context
// is caught the same way.

const FILTERED = '[Filtered]';

// Matched against the key in lowercase without '-', '_' or spaces.
const SECRET_KEY = /pass|secret|token|auth|cookie|session|apikey|credential|privatekey|signature|cvv|cvc|cardnumber|tarjeta|clabe|^pin$|^nip$/;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_\s]/g, ''));
}

/** `a=1&token=x` -> `a=1&token=[Filtered]` (query strings and URLs). */
export function scrubQuery(text: string): string {
  return text.replace(/([?&]?)([^=&?#\s]+)=([^&#\s]*)/g, (match, sep: string, key: string) =>
    isSecretKey(decodeURIComponent(key)) ? `${sep}${key}=${FILTERED}` : match,
  );
}

/** A deep copy of value with every secret-looking key's value replaced. */
export function scrub<T>(value: T, seen = new WeakSet<object>()): T {
  if (Array.isArray(value)) {
    if (seen.has(value)) return FILTERED as T;
    seen.add(value);
    // Header lists come as [name, value] pairs.
    if (value.length === 2 && typeof value[0] === 'string' && isSecretKey(value[0])) return [value[0], FILTERED] as T;
    return value.map((item) => scrub(item, seen)) as T;
  }
  if (value && typeof value === 'object') {
    if (seen.has(value)) return FILTERED as T;
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (isSecretKey(key)) out[key] = FILTERED;
      else if (typeof item === 'string' && (key === 'query_string' || key === 'url')) out[key] = scrubQuery(item);
      else out[key] = scrub(item, seen);
    }
    return out as T;
  }
  return value;
}
