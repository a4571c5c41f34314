// Summaries of repeated measurements, shared by the benches (JavaScript and TypeScript alike).

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median, quartiles and range. */
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: median(s), p25: q(0.25), p75: q(0.75), min: s[0], max: s.at(-1) };
}
