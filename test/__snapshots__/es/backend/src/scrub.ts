// Removes secrets from anything about to leave the process (error events and traces for GlitchTip).
// Keys are matched at any depth, so a password in a request body, a header or an extra context
// is caught the same way.

const FILTERED = '[Filtered]';

// Matched against the key in lowercase without '-', '_' or spaces.
const SECRET_KEY = /pass|secret|token|auth|cookie|session|apikey|credential|privatekey|signature|cvv|cvc|cardnumber|tarjeta|clabe|^pin$|^nip$/;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_\s]/g, ''));
}

// A malformed escape (`%E0`) must not throw inside the SDK's hook: the event would be lost.
const decodeKey = (key: string) => {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
};

/** `a=1&token=x` -> `a=1&token=[Filtered]` (query strings, URLs and form bodies). */
export function scrubQuery(text: string): string {
  return text.replace(/([?&]?)([^=&?#\s]+)=([^&#\s]*)/g, (match, sep: string, key: string) =>
    isSecretKey(decodeKey(key)) ? `${sep}${key}=${FILTERED}` : match,
  );
}

/**
 * A request body the SDK kept as text (traces do: `request.data` is the raw JSON or form body):
 * parsed, scrubbed and written back the same way. Other text is left as it is.
 */
export function scrubBody(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return JSON.stringify(scrub(parsed));
  } catch {
    // not JSON: maybe a form
  }
  return /^[^=&\s]+=/.test(text) ? scrubQuery(text) : text;
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
      else if (typeof item === 'string' && key === 'data') out[key] = scrubBody(item);
      else out[key] = scrub(item, seen);
    }
    return out as T;
  }
  return value;
}
