// A value quoted in a message: JSON-quoted when it is text, and cut short, so that a 10 MB
// paste is not echoed back whole.
const MAX = 80;

export function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  if (text.length <= MAX) return text;
  const length = typeof value === 'string' ? value.length : text.length;
  return `${text.slice(0, MAX)}… (${length} chars)`;
}
