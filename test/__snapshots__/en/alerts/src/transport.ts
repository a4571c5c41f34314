// Where messages go. WhatsApp in production; an outbox file in tests, so no phone is needed.
import { appendFile } from 'node:fs/promises';

export interface Transport {
  /** Resolves when the message left; rejects when it could not (the relay retries). */
  send(to: string, text: string): Promise<void>;
  /** 'open' when messages can go out now. */
  state(): string;
}

/** ALERTS_TRANSPORT=outbox: one JSON line {"to","text"} per message. */
export function outboxTransport(file: string): Transport {
  return {
    send: (to, text) => appendFile(file, `${JSON.stringify({ to, text })}\n`),
    state: () => 'open',
  };
}
