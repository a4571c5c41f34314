// The WhatsApp side, through Baileys (pinned in package.json: 7.0.0-rc14). Baileys does not
// reconnect by itself: every closed socket is replaced unless WhatsApp logged us out.
import { mkdir, rm } from 'node:fs/promises';
import makeWASocket, { Browsers, DisconnectReason, fetchLatestBaileysVersion, useMultiFileAuthState, type WASocket } from '@whiskeysockets/baileys';
import qrcode from 'qrcode-terminal';
import type { Transport } from './transport.ts';
import { maskPhone, maskPhones } from './mask.ts';

export interface WhatsAppOptions {
  /** Folder for the session keys: a persistent volume, never git. */
  authDir: string;
  /** Digits of the SENDING account: pair with an 8-character code instead of scanning a QR. */
  pairingNumber: string | undefined;
  log?: (message: string) => void;
}

// Baileys logs every protocol step; only its warnings matter here.
const quietLogger = {
  level: 'warn',
  child() {
    return quietLogger;
  },
  trace() {},
  debug() {},
  info() {},
  warn(obj: unknown, msg?: string) {
    console.warn('[baileys]', msg ?? '', obj instanceof Error ? maskPhones(obj.message) : '');
  },
  error(obj: unknown, msg?: string) {
    console.error('[baileys]', msg ?? '', obj instanceof Error ? maskPhones(obj.message) : '');
  },
};

// The linked device shows as "Chrome (Ubuntu)". Baileys sends the browser name as the companion
// platform (Utils/companion-reg-client-utils.js): any name but a known browser becomes
// OTHER_WEB_CLIENT, and pairing codes for those fail in reported issues. Chrome works.
export const BROWSER = Browsers.ubuntu('Chrome');

export function whatsappTransport({ authDir, pairingNumber, log = console.log }: WhatsAppOptions): Transport {
  let sock: WASocket | undefined;
  let state = 'connecting';
  const jids = new Map<string, string>();

  async function connect(): Promise<void> {
    const { state: auth, saveCreds } = await useMultiFileAuthState(authDir);
    const { version } = await fetchLatestBaileysVersion();
    const socket = makeWASocket({
      version,
      auth,
      logger: quietLogger,
      browser: BROWSER,
      markOnlineOnConnect: false, // keep notifications on the founder's phone
      syncFullHistory: false,
    });
    sock = socket;
    socket.ev.on('creds.update', saveCreds);
    let askedForCode = false;

    socket.ev.on('connection.update', (update) => {
      const { connection, lastDisconnect, qr } = update;
      if (qr && !auth.creds.registered) {
        if (pairingNumber && !askedForCode) {
          askedForCode = true;
          socket.requestPairingCode(pairingNumber).then(
            (code) => log(`WhatsApp: on the phone of ${maskPhone(pairingNumber)} open Linked devices > Link with phone number and type ${code}`),
            (error: Error) => log(`WhatsApp: could not get a pairing code (${maskPhones(error.message)})`),
          );
        } else if (!pairingNumber) {
          log('WhatsApp: scan this QR from Linked devices > Link a device on the sending phone:');
          qrcode.generate(qr, { small: true });
        }
      }
      if (connection === 'open') {
        state = 'open';
        log('WhatsApp: connected');
      }
      if (connection === 'close') {
        state = 'closed';
        const status = (lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
        if (status === DisconnectReason.loggedOut) {
          // The phone removed this linked device: the saved keys are dead. Start over, so a
          // new QR (or pairing code) shows up in the log without anyone touching the volume.
          state = 'logged-out';
          log('WhatsApp: logged out; forgetting the old session and asking to pair again');
          setTimeout(() => forgetSession().then(connect).catch(onConnectError), 5000);
          return;
        }
        // 515 "restart required" right after pairing is normal: reconnect at once.
        const delay = status === DisconnectReason.restartRequired ? 0 : 5000;
        log(`WhatsApp: connection closed (${status ?? 'no status'}); reconnecting in ${delay / 1000} s`);
        setTimeout(() => connect().catch(onConnectError), delay);
      }
    });
  }

  async function forgetSession() {
    await rm(authDir, { recursive: true, force: true });
    await mkdir(authDir, { recursive: true });
    jids.clear();
  }

  function onConnectError(error: Error) {
    state = 'closed';
    log(`WhatsApp: could not connect (${maskPhones(error.message)}); retrying in 30 s`);
    setTimeout(() => connect().catch(onConnectError), 30_000);
  }

  connect().catch(onConnectError);

  /** Mexican mobiles may be registered as 521 + 10 digits or 52 + 10: ask WhatsApp. */
  async function jidFor(phone: string): Promise<string> {
    const known = jids.get(phone);
    if (known) return known;
    const [result] = (await sock!.onWhatsApp(phone)) ?? [];
    if (!result?.exists) throw new Error(`+${phone} has no WhatsApp account`);
    jids.set(phone, result.jid);
    return result.jid;
  }

  return {
    state: () => state,
    async send(to, text) {
      if (state !== 'open' || !sock) throw new Error(`WhatsApp is ${state}`);
      await sock.sendMessage(await jidFor(to), { text });
    },
  };
}
