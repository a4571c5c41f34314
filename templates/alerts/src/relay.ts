// De-duplication, rate limit and a bounded retry queue in front of the transport.
// WhatsApp bans numbers that send too much, and an alert storm must not become a message storm.
import type { Transport } from './transport.ts';
import { maskPhones } from './mask.ts';

export interface RelayOptions {
  transport: Transport;
  to: string;
  dedupMs: number;
  maxPerHour: number;
  queueMax: number;
  /** Appended to the next message when the queue overflowed. */
  droppedNote: (count: number) => string;
  retryMs?: number;
  now?: () => number;
  log?: (message: string) => void;
}

export type Accepted = 'queued' | 'duplicate';

const HOUR = 3_600_000;

export function createRelay(options: RelayOptions) {
  const { transport, to, dedupMs, maxPerHour, queueMax, droppedNote } = options;
  const retryMs = options.retryMs ?? 15_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? console.error;

  const seen = new Map<string, number>(); // key -> when accepted
  const sentAt: number[] = []; // send times within the last hour
  const queue: string[] = [];
  let dropped = 0;
  let sending = false;
  let timer: NodeJS.Timeout | undefined;

  function submit(text: string, key = text): Accepted {
    const t = now();
    for (const [k, at] of seen) if (t - at >= dedupMs) seen.delete(k);
    if (seen.has(key)) return 'duplicate';
    seen.set(key, t);
    if (queue.length >= queueMax) {
      queue.shift(); // the oldest goes: the newest says most about now
      dropped++;
    }
    queue.push(text);
    wake(0);
    return 'queued';
  }

  function wake(delayMs: number) {
    if (sending || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delayMs);
  }

  /** Sends what the queue and the hourly budget allow; returns the wait before the next try. */
  async function sendSome(): Promise<number | undefined> {
    while (queue.length > 0) {
      const t = now();
      while (sentAt.length > 0 && t - sentAt[0]! >= HOUR) sentAt.shift();
      if (sentAt.length >= maxPerHour) return HOUR - (t - sentAt[0]!);
      const text = dropped > 0 ? `${queue[0]}\n${droppedNote(dropped)}` : queue[0]!;
      try {
        await transport.send(to, text);
      } catch (error) {
        log(`alert not sent yet (${maskPhones((error as Error).message)}); retrying in ${retryMs / 1000} s`);
        return retryMs;
      }
      queue.shift();
      dropped = 0;
      sentAt.push(now());
    }
    return undefined;
  }

  async function flush() {
    sending = true;
    let wait: number | undefined;
    try {
      wait = await sendSome();
    } finally {
      sending = false;
    }
    if (wait !== undefined) wake(wait);
  }

  return {
    submit,
    /** Messages waiting to be sent (for /health). */
    pending: () => queue.length,
    stop: () => clearTimeout(timer),
  };
}

export type Relay = ReturnType<typeof createRelay>;
