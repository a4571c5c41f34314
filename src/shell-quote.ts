// A path the founder copies after `cd`: quoted for POSIX shells only when it needs it.
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
