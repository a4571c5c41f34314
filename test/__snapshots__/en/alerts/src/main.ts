// Starts the relay: `node src/main.ts` (Node 24 runs TypeScript directly).
import { mkdirSync } from 'node:fs';
import { loadConfig } from './config.ts';
import { maskPhone, maskPhones } from './mask.ts';
import { droppedNote } from './messages.ts';
import { createRelay } from './relay.ts';
import { createAlertServer } from './server.ts';
import { outboxTransport, type Transport } from './transport.ts';

const config = loadConfig();

let transport: Transport;
if (config.transport === 'outbox') {
  transport = outboxTransport(config.outboxFile);
} else {
  mkdirSync(config.authDir, { recursive: true });
  // Loaded only here, so tests with the outbox never load Baileys.
  const { whatsappTransport } = await import('./whatsapp.ts');
  transport = whatsappTransport({ authDir: config.authDir, pairingNumber: config.pairingNumber });
}

const relay = createRelay({
  transport,
  to: config.phone,
  dedupMs: config.dedupMs,
  maxPerHour: config.maxPerHour,
  queueMax: config.queueMax,
  droppedNote: (count) => droppedNote(config.lang, count),
});

// An alert service must outlive any one failed alert.
const describe = (error: unknown) => maskPhones(error instanceof Error ? (error.stack ?? error.message) : String(error));
process.on('unhandledRejection', (error) => console.error('unhandled rejection:', describe(error)));
process.on('uncaughtException', (error) => console.error('uncaught exception:', describe(error)));

const server = createAlertServer({ token: config.token, lang: config.lang, relay, transport });
server.listen(config.port, process.env.HOST ?? '0.0.0.0', () => {
  console.log(`alerts relay on :${config.port}, sending to ${maskPhone(config.phone)} by ${config.transport}`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    relay.stop();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
