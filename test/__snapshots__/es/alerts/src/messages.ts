// Turns Alertmanager's and GlitchTip's webhook payloads into one short WhatsApp message each,
// in the language chosen for this project.

export type Lang = 'es' | 'en';

const TEXT = {
  es: {
    firing: '🔴 Alerta',
    resolved: '✅ Resuelto',
    alerts: (n: number) => `${n} alertas`,
    more: (n: number) => `…y ${n} más`,
    error: '🐞 Error en',
    down: '🔴 Sin respuesta',
    up: '✅ De nuevo en línea',
    dropped: (n: number) => `(${n} alertas anteriores se descartaron: demasiadas a la vez)`,
  },
  en: {
    firing: '🔴 Alert',
    resolved: '✅ Resolved',
    alerts: (n: number) => `${n} alerts`,
    more: (n: number) => `…and ${n} more`,
    error: '🐞 Error in',
    down: '🔴 Down',
    up: '✅ Back up',
    dropped: (n: number) => `(${n} earlier alerts were dropped: too many at once)`,
  },
} as const;

/** WhatsApp shows long messages folded; alerts must be readable at a glance. */
export const MAX_LENGTH = 1000;
const clip = (text: string, max = MAX_LENGTH) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const droppedNote = (lang: Lang, count: number) => TEXT[lang].dropped(count);

export interface Message {
  text: string;
  /** De-duplication key. */
  key: string;
}

interface AlertmanagerAlert {
  status?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  fingerprint?: string;
}

/** Alertmanager webhook payload (version 4): one message per notification. */
export function fromAlertmanager(payload: unknown, lang: Lang): Message | undefined {
  const body = payload as { status?: string; alerts?: AlertmanagerAlert[]; groupKey?: string };
  if (!body || !Array.isArray(body.alerts) || body.alerts.length === 0) return undefined;
  const t = TEXT[lang];
  const resolved = body.status === 'resolved';
  const alerts = body.alerts.filter((a) => (a.status ?? body.status) === body.status);
  const shown = alerts.length > 0 ? alerts : body.alerts;
  const line = (a: AlertmanagerAlert) => {
    const name = a.labels?.alertname ?? 'alert';
    const about = a.annotations?.summary ?? a.annotations?.description;
    const where = a.labels?.instance ?? a.labels?.service;
    return `${name}${about ? ` — ${about}` : ''}${where ? ` (${where})` : ''}`;
  };
  const head = resolved ? t.resolved : t.firing;
  let text: string;
  if (shown.length === 1) {
    text = `${head}: ${line(shown[0]!)}`;
  } else {
    const lines = shown.slice(0, 3).map((a) => `• ${line(a)}`);
    if (shown.length > 3) lines.push(t.more(shown.length - 3));
    text = `${head}: ${t.alerts(shown.length)}\n${lines.join('\n')}`;
  }
  const fingerprints = shown.map((a) => a.fingerprint ?? line(a)).sort().join(',');
  return { text: clip(text), key: `alertmanager:${body.status}:${fingerprints}` };
}

interface SlackAttachment {
  title?: string;
  title_link?: string;
  text?: string;
  fields?: { title?: string; value?: string }[];
}

// GlitchTip's uptime webhook (apps/uptime/webhooks.py, send_uptime_as_webhook): text "GlitchTip
// Uptime Alert", one attachment whose title and link are the monitor's for both changes; only
// its text tells "has gone down" from "is back up".
const UPTIME = 'GlitchTip Uptime Alert';
const WENT_DOWN = /gone down/i;

function fromUptime(first: SlackAttachment, lang: Lang): Message {
  const down = WENT_DOWN.test(first.text ?? '');
  const monitor = first.title ?? 'GlitchTip';
  const lines = [`${down ? TEXT[lang].down : TEXT[lang].up}: ${clip(monitor, 300)}`];
  if (first.title_link) lines.push(first.title_link);
  // The state is in the key: a recovery minutes after the outage is news, not a duplicate.
  return { text: clip(lines.join('\n')), key: `glitchtip-uptime:${first.title_link ?? monitor}:${down ? 'down' : 'up'}` };
}

/** GlitchTip's webhook (Slack-compatible): {text, attachments: [{title, title_link, text, fields}]}. */
export function fromGlitchTip(payload: unknown, lang: Lang): Message | undefined {
  const body = payload as { text?: string; attachments?: SlackAttachment[] };
  if (!body || (typeof body.text !== 'string' && !Array.isArray(body.attachments))) return undefined;
  const first = body.attachments?.[0];
  if (!first) return { text: clip(`${TEXT[lang].error} GlitchTip: ${body.text}`), key: `glitchtip:${body.text}` };
  if (body.text === UPTIME) return fromUptime(first, lang);
  const project = first.fields?.find((f) => f.title?.toLowerCase() === 'project')?.value;
  const title = first.title ?? body.text ?? 'GlitchTip';
  const lines = [`${TEXT[lang].error} ${project ?? 'GlitchTip'}: ${clip(title, 300)}`];
  if (first.text) lines.push(clip(first.text, 300));
  if (first.title_link) lines.push(first.title_link);
  const more = (body.attachments?.length ?? 1) - 1;
  if (more > 0) lines.push(TEXT[lang].more(more));
  return { text: clip(lines.join('\n')), key: `glitchtip:${first.title_link ?? title}` };
}
