// Text helpers for merging: lines keep their own endings, so a merge never rewrites an ending
// the founder's editor (or git's autocrlf) chose.

/** Splits into lines that each keep their terminator ('\n' or '\r\n'); the last may have none. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** True when every line break is CRLF (and there is at least one). */
export function isCrlf(text: string): boolean {
  const lf = text.split('\n').length - 1;
  return lf > 0 && text.split('\r\n').length - 1 === lf;
}

/** True when no CR precedes a line break: plain LF text. */
export function isLf(text: string): boolean {
  return !text.includes('\r\n');
}

export const toLf = (text: string) => text.replace(/\r\n/g, '\n');
export const toCrlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** Binary files are never merged: a NUL byte in the first 8 KB marks them, as git does. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
