// Sends a WhatsApp alert through the relay (alerts/ in this repo). Never throws: an alert that
// cannot be sent is logged, and the request that raised it goes on.
export interface AlertOptions {
  /** Alerts with the same key are sent once per window by the relay (de-duplication). */
  key?: string;
}

export async function sendAlert(text: string, options: AlertOptions = {}): Promise<boolean> {
  const base = process.env.ALERTS_URL;
  const token = process.env.ALERTS_TOKEN;
  if (!base || !token) {
    console.warn(`alert not sent (ALERTS_URL or ALERTS_TOKEN not set): ${text}`);
    return false;
  }
  try {
    const response = await fetch(`${base.replace(/\/+$/, '')}/alert`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text, key: options.key }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) console.error(`alert not sent: relay answered ${response.status}: ${text}`);
    return response.ok;
  } catch (error) {
    console.error(`alert not sent (${(error as Error).message}): ${text}`);
    return false;
  }
}
