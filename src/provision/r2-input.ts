// provision's optional R2 inputs: the account (or a full endpoint, for EU buckets) by flag or
// env, the bucket from the project's answers (or R2_BUCKET, as in backup.env), and the two keys from the environment only (a
// flag would show them in `ps` and the shell history).
import { ProvisionError, say } from './messages.js';
import type { R2Input } from './plan.js';

type R2Flags = Partial<Record<'r2-account-id' | 'r2-endpoint', string>>;

export function r2From(flags: R2Flags, env: NodeJS.ProcessEnv, projectBucket: string): R2Input | undefined {
  const accessKeyId = env.R2_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.R2_SECRET_ACCESS_KEY?.trim();
  const accountId = flags['r2-account-id'] ?? env.R2_ACCOUNT_ID?.trim();
  const endpoint = flags['r2-endpoint'] ?? env.R2_ENDPOINT?.trim();
  if (!accessKeyId && !secretAccessKey && !accountId && !endpoint) return undefined;
  if (!accessKeyId || !secretAccessKey) throw new ProvisionError(say.r2Keys);
  if (endpoint !== undefined && endpoint !== '') {
    if (!/^https:\/\/[^\s/@]+\/?$/.test(endpoint)) throw new ProvisionError(say.r2Account);
  } else if (!accountId || !/^[A-Za-z0-9]+$/.test(accountId)) throw new ProvisionError(say.r2Account);
  return {
    ...(endpoint ? { endpoint: endpoint.replace(/\/$/, '') } : { accountId: accountId! }),
    accessKeyId,
    secretAccessKey,
    bucket: env.R2_BUCKET?.trim() || projectBucket,
  };
}
