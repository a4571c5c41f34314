// Settings from the environment, checked once at start so a typo stops the service early.
import { DEFAULT_LANG, DEFAULT_PHONE } from './defaults.ts';

export interface Config {
  port: number;
  token: string;
  /** Recipient: digits with country code, no '+'. */
  phone: string;
  lang: 'es' | 'en';
  /** WhatsApp credentials; a persistent volume in Dokploy. */
  authDir: string;
  /** Number of the sending WhatsApp account: when set, pair with a code instead of a QR. */
  pairingNumber: string | undefined;
  transport: 'whatsapp' | 'outbox';
  outboxFile: string;
  /** Same key within this window is sent once. */
  dedupMs: number;
  maxPerHour: number;
  queueMax: number;
}

const digits = (value: string) => value.replace(/\D/g, '');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const token = env.ALERTS_TOKEN ?? '';
  if (token.length < 16) throw new Error('ALERTS_TOKEN must be set, at least 16 characters (openssl rand -hex 32)');
  const lang = env.ALERTS_LANG ?? DEFAULT_LANG;
  if (lang !== 'es' && lang !== 'en') throw new Error(`ALERTS_LANG must be es or en, not ${lang}`);
  const transport = env.ALERTS_TRANSPORT ?? 'whatsapp';
  if (transport !== 'whatsapp' && transport !== 'outbox') throw new Error(`ALERTS_TRANSPORT must be whatsapp or outbox, not ${transport}`);
  if (transport === 'outbox' && !env.ALERTS_OUTBOX_FILE) throw new Error('ALERTS_TRANSPORT=outbox needs ALERTS_OUTBOX_FILE');
  const phone = digits(env.ALERT_PHONE ?? DEFAULT_PHONE);
  if (phone.length < 10) throw new Error(`ALERT_PHONE must have the country code, e.g. 52 and 10 digits (got ${phone})`);
  return {
    port: Number(env.PORT ?? 3001),
    token,
    phone,
    lang,
    authDir: env.WA_AUTH_DIR ?? '/data/auth',
    pairingNumber: env.WA_PAIRING_NUMBER ? digits(env.WA_PAIRING_NUMBER) : undefined,
    transport,
    outboxFile: env.ALERTS_OUTBOX_FILE ?? '',
    dedupMs: Number(env.ALERTS_DEDUP_MINUTES ?? 30) * 60_000,
    maxPerHour: Number(env.ALERTS_MAX_PER_HOUR ?? 20),
    queueMax: Number(env.ALERTS_QUEUE_MAX ?? 50),
  };
}
