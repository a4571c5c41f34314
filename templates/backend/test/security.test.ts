import { describe, expect, test } from 'bun:test';
import { clientIp, isPrivateAddress } from '../src/rate-limit.ts';
import { redact } from '../src/redact.ts';

describe('redact', () => {
  test('hides URL passwords, bearer tokens and cookies, keeps the rest', () => {
    const line = 'cannot connect to postgresql://postgres:s3cr%40t@db:5432/app; Authorization: Bearer abc.def; cookie: sid=42';
    const out = redact(line);
    expect(out).toContain('postgresql://postgres:[Filtered]@db:5432/app');
    expect(out).toContain('Bearer [Filtered]');
    expect(out).toContain('cookie: [Filtered]');
    for (const secret of ['s3cr%40t', 'abc.def', 'sid=42']) expect(out).not.toContain(secret);
  });

  test("hides the app's own secrets wherever they appear", () => {
    const saved = process.env.ALERTS_TOKEN;
    process.env.ALERTS_TOKEN = 'alerts-token-123456';
    try {
      expect(redact('token was alerts-token-123456.')).toBe('token was [Filtered].');
    } finally {
      if (saved === undefined) delete process.env.ALERTS_TOKEN;
      else process.env.ALERTS_TOKEN = saved;
    }
  });
});

describe('clientIp', () => {
  const server = (address: string) => ({ requestIP: () => ({ address, family: 'IPv4', port: 1 }) }) as never;
  const request = (forwarded?: string) =>
    new Request('http://localhost/', { headers: forwarded ? { 'x-forwarded-for': forwarded } : {} });

  test("behind Traefik: the right-most X-Forwarded-For entry, the one Traefik added", () => {
    expect(clientIp(request('1.1.1.1, 203.0.113.9'), server('10.0.1.5'))).toBe('203.0.113.9');
  });

  test('straight from the internet: the socket, whatever the header says', () => {
    expect(clientIp(request('1.1.1.1'), server('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientIp(request(), server('10.0.1.5'))).toBe('10.0.1.5');
  });

  test('private ranges are the ones Docker networks use', () => {
    for (const ip of ['127.0.0.1', '10.0.0.2', '172.18.0.3', '192.168.1.1', '::1', '::ffff:10.0.0.2', 'fd00::1'])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['203.0.113.7', '172.32.0.1', '8.8.8.8', '2001:db8::1']) expect(isPrivateAddress(ip), ip).toBe(false);
  });
});
