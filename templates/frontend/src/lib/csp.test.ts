import { describe, expect, it } from 'vitest';
import { cspReportUrl, runtimeSources } from './csp.ts';

const KIT = "default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; frame-ancestors 'none'";

describe('the runtime part of the Content-Security-Policy', () => {
  it("GlitchTip's security endpoint comes from the DSN", () => {
    expect(cspReportUrl('https://k3y@glitchtip.example.com/7')).toBe('https://glitchtip.example.com/api/7/security/?glitchtip_key=k3y');
    expect(cspReportUrl('')).toBeUndefined();
    expect(cspReportUrl('not a url')).toBeUndefined();
  });

  it("adds only the API's and GlitchTip's origins to connect-src, and the report address", () => {
    const policy = runtimeSources('https://api.example.com/v1', 'https://k3y@glitchtip.example.com/7')(KIT);
    expect(policy).toContain("connect-src 'self' https://api.example.com https://glitchtip.example.com;");
    expect(policy).toContain("script-src 'self' 'nonce-abc';");
    expect(policy.endsWith('; report-uri https://glitchtip.example.com/api/7/security/?glitchtip_key=k3y')).toBe(true);
  });

  it('without an API URL or a DSN the policy stays as SvelteKit wrote it', () => {
    expect(runtimeSources('', '')(KIT)).toBe(KIT);
  });
});
