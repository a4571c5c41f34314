// Settings of the browser Sentry SDK, which reports to GlitchTip.

/** One page load in ten is traced: enough to see slow pages, cheap for GlitchTip. */
export const TRACES_SAMPLE_RATE = 0.1;

/** GlitchTip has no release-health sessions: the SDK's session integration would only send noise. */
export function withoutSessions<T extends { name: string }>(integrations: T[]): T[] {
  return integrations.filter((integration) => integration.name !== 'BrowserSession');
}
