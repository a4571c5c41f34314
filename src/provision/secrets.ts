// Fresh secrets for a first run; later runs read the ones already in Dokploy (run.ts), so a
// re-run never rotates a password under a running database.
import { randomBytes } from 'node:crypto';
import type { Secrets } from './plan.js';

/** Hex only: it goes inside URLs and env lines and matches Dokploy's password pattern. */
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function newSecrets(): Secrets {
  return {
    databasePassword: hex(24),
    alertsToken: hex(32),
    metricsToken: hex(32),
    glitchtipSecretKey: hex(32),
    glitchtipDbPassword: hex(24),
  };
}
