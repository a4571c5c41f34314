// The parts of the Content-Security-Policy known only at run time (see security-headers.ts).

const origin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** GlitchTip's endpoint for CSP violation reports, from the DSN (https://KEY@host/ID). */
export function cspReportUrl(dsn: string): string | undefined {
  try {
    const url = new URL(dsn);
    const project = url.pathname.replace(/^\/+|\/+$/g, '');
    if (!url.username || !project) return undefined;
    return `${url.origin}/api/${project}/security/?glitchtip_key=${url.username}`;
  } catch {
    return undefined;
  }
}

/**
 * The policy SvelteKit wrote, with the API's and GlitchTip's origins and the report address. The
 * URLs are read once, when the server starts: only the policy (its nonce) changes per page.
 */
export function runtimeSources(apiUrl: string, dsn: string): (policy: string) => string {
  const sources = [origin(apiUrl), origin(dsn)].filter((o): o is string => Boolean(o)).join(' ');
  const report = cspReportUrl(dsn);
  const suffix = report ? `; report-uri ${report}` : '';
  return (policy) =>
    (sources ? policy.replace(/(^|;\s*)connect-src ([^;]*)/, (_, start, list) => `${start}connect-src ${list} ${sources}`) : policy) +
    suffix;
}
