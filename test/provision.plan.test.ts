// provision's pure parts: domains, repo from a remote, env merging, masking.
import { describe, expect, it } from 'vitest';
import { mergeEnv, sameEnv } from '../src/provision/env-text.js';
import { maskJson } from '../src/provision/mask.js';
import { backendEnv, domainsFrom, frontendEnv, isDsn, repoFromRemote } from '../src/provision/plan.js';
import { newSecrets } from '../src/provision/secrets.js';

describe('provision plan', () => {
  it('derives the three domains from one, in the project language', () => {
    expect(domainsFrom('tienda.mx', 'es')).toEqual({ api: 'api.tienda.mx', site: 'tienda.mx', errors: 'errores.tienda.mx' });
    expect(domainsFrom('shop.io', 'en', { site: 'www.shop.io' })).toEqual({
      api: 'api.shop.io',
      site: 'www.shop.io',
      errors: 'errors.shop.io',
    });
  });

  it('reads owner/name from https and ssh GitHub remotes, nothing from others', () => {
    expect(repoFromRemote('https://github.com/acme/tienda.git\n')).toEqual({ owner: 'acme', name: 'tienda' });
    expect(repoFromRemote('git@github.com:acme/tienda')).toEqual({ owner: 'acme', name: 'tienda' });
    expect(repoFromRemote('https://gitlab.com/acme/tienda.git')).toBeUndefined();
  });

  it('keeps secrets and lines already in Dokploy, sets the owned keys', () => {
    const plan = backendEnv({
      appName: 'app',
      dbAppName: 'app-db-x1y2z3',
      dbName: 'app',
      secrets: { ...newSecrets(), databasePassword: 'pw' },
    });
    const current = 'ALERTS_TOKEN=old\nMY_OWN=1\nPORT=9999\nGLITCHTIP_DSN=https://k@e/1';
    const merged = mergeEnv(current, plan);
    expect(merged).toContain('ALERTS_TOKEN=old');
    expect(merged).toContain('MY_OWN=1');
    expect(merged).toContain('PORT=3000');
    expect(merged).toContain('GLITCHTIP_DSN=https://k@e/1');
    expect(merged).toContain('DATABASE_URL=postgresql://postgres:pw@app-db-x1y2z3:5432/app');
    // merging again changes nothing: the second run's "no change"
    expect(sameEnv(mergeEnv(merged, plan), merged)).toBe(true);
    expect(sameEnv(merged, current)).toBe(false);
  });

  it('new secrets are hex of the right length and differ each time', () => {
    const a = newSecrets();
    expect(a.alertsToken).toMatch(/^[0-9a-f]{64}$/);
    expect(a.databasePassword).toMatch(/^[0-9a-f]{48}$/);
    expect(newSecrets().alertsToken).not.toBe(a.alertsToken);
  });

  it('masks passwords, tokens and secret env values, keeps the rest', () => {
    const masked = maskJson({
      databasePassword: 'pw',
      env: 'DATABASE_URL=postgresql://u:pw@h/db\nPORT=3000\nALERTS_TOKEN=abc\nGLITCHTIP_DSN=',
      name: 'x',
    });
    expect(masked).toEqual({
      databasePassword: '***',
      env: 'DATABASE_URL=postgresql://u:***@h/db\nPORT=3000\nALERTS_TOKEN=***\nGLITCHTIP_DSN=',
      name: 'x',
    });
  });
});

describe('GlitchTip DSNs (--backend-dsn, --frontend-dsn)', () => {
  const secrets = { ...newSecrets(), databasePassword: 'pw' };
  const dsn = 'https://0123abcd@errores.tienda.mx/1';

  it('a given DSN replaces the one in Dokploy; without one, the one there stays', () => {
    const current = 'GLITCHTIP_DSN=https://old@errores.tienda.mx/1\nALERTS_TOKEN=t';
    const base = { appName: 'app', dbAppName: 'db-x', dbName: 'app', secrets };
    expect(mergeEnv(current, backendEnv({ ...base, dsn }))).toContain(`GLITCHTIP_DSN=${dsn}`);
    expect(mergeEnv(current, backendEnv(base))).toContain('GLITCHTIP_DSN=https://old@errores.tienda.mx/1');
    const domains = domainsFrom('tienda.mx', 'es');
    expect(mergeEnv('PUBLIC_GLITCHTIP_DSN=', frontendEnv({ domains, dsn }))).toContain(`PUBLIC_GLITCHTIP_DSN=${dsn}`);
    expect(mergeEnv('PUBLIC_GLITCHTIP_DSN=https://k@h/2', frontendEnv({ domains }))).toContain('PUBLIC_GLITCHTIP_DSN=https://k@h/2');
  });

  it('only a DSN-shaped value is taken', () => {
    expect(isDsn(dsn)).toBe(true);
    expect(isDsn('https://k@glitchtip.example/sub/12')).toBe(true);
    for (const bad of ['', 'errores.tienda.mx', 'https://errores.tienda.mx/1', 'https://k@h/x', 'https://k@h/1\nX=1'])
      expect(isDsn(bad)).toBe(false);
  });
});
