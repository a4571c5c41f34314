// Dokploy keeps an app's environment as one text, KEY=value per line. Provision owns some keys,
// fills others once (secrets, DSNs) and leaves every other line the founder added alone.
import type { EnvPlan } from './plan.js';

export function parseEnv(text: string | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) map.set(m[1]!, m[2]!);
  }
  return map;
}

/** The env text the app should have: the plan's `set` values win, `keep` values stay when present and not empty. */
export function mergeEnv(current: string | null | undefined, plan: EnvPlan): string {
  const now = parseEnv(current);
  const out = new Map<string, string>();
  for (const [k, v] of plan.set) out.set(k, v);
  for (const [k, v] of plan.keep) out.set(k, now.get(k) || v);
  for (const [k, v] of now) if (!out.has(k)) out.set(k, v);
  return [...out].map(([k, v]) => `${k}=${v}`).join('\n');
}

/** Same keys and values, whatever the order and blank lines. */
export function sameEnv(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = parseEnv(a);
  const y = parseEnv(b);
  return x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);
}
