// The generated WhatsApp relay, run as Dokploy runs it: npm ci and Node 24, its own tests and
// type check (against the real Baileys package), then the service on loopback with the outbox
// transport, posted to the way the backend, the backup script, Alertmanager and GlitchTip post.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_SETS, generateProject, renderSet } from './support/generate.js';
import { startService, type Service } from './support/service.js';
import { node24 } from './support/tools.js';

const answers = ANSWER_SETS.es;
const TOKEN = 'e2e-relay-token-0123456789abcdef';
/** npm and the project's scripts on Node 24, as in the Dockerfile. */
const nodeEnv = () => ({ ...process.env, PATH: `${dirname(node24())}:${process.env.PATH}`, NO_COLOR: '1', CI: '1' });

/** A `node` on PATH older than 24 (npm puts Node 24 first; Debian's nodejs is further on). */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const node = join(dir, 'node');
    if (!dir || !existsSync(node)) continue;
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' });
    if (Number(version.slice(1).split('.')[0]) < 24) return node;
  }
  return undefined;
}

interface Relay extends Service {
  outbox: string;
}

async function startRelay(cwd: string, env: Record<string, string> = {}): Promise<Relay> {
  const outbox = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'sent.jsonl');
  const service = await startService('relay', node24(), ['src/main.ts'], {
    cwd,
    env: { ...nodeEnv(), ALERTS_TOKEN: TOKEN, ALERTS_TRANSPORT: 'outbox', ALERTS_OUTBOX_FILE: outbox, ...env },
    seconds: 10,
  });
  return { ...service, outbox };
}

const sent = (relay: Relay): { to: string; text: string }[] =>
  existsSync(relay.outbox)
    ? readFileSync(relay.outbox, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

async function waitForCount(relay: Relay, count: number) {
  for (let i = 0; i < 100 && sent(relay).length < count; i++) await new Promise((r) => setTimeout(r, 50));
  // A little longer: a duplicate that slipped through would show up now.
  await new Promise((r) => setTimeout(r, 300));
  return sent(relay);
}

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('generated alert relay: templates', () => {
  it('defaults to the answered phone and language', async () => {
    for (const set of Object.values(ANSWER_SETS)) {
      const files = await renderSet(set);
      const defaults = files.get('alerts/src/defaults.ts')!.content.toString();
      expect(defaults).toContain(`DEFAULT_PHONE = ${JSON.stringify(set.alertPhone.slice(1))}`);
      expect(defaults).toContain(`DEFAULT_LANG: 'es' | 'en' = ${JSON.stringify(set.lang)}`);
      const pkg = JSON.parse(files.get('alerts/package.json')!.content.toString());
      expect(pkg.name).toBe(`${set.appName}-alerts`);
      expect(pkg.dependencies['@whiskeysockets/baileys']).toBe('7.0.0-rc14');
      const lock = JSON.parse(files.get('alerts/package-lock.json')!.content.toString());
      expect(lock.packages[''].name).toBe(`${set.appName}-alerts`);
      expect(lock.packages['node_modules/@whiskeysockets/baileys'].version).toBe('7.0.0-rc14');
    }
  });
});

describe('generated alert relay: runs', () => {
  let alerts = '';
  const relays: Relay[] = [];

  beforeAll(async () => {
    alerts = join(await generateProject(answers), 'alerts');
    await execa('npm', ['ci', '--no-audit', '--no-fund'], { cwd: alerts, env: nodeEnv(), timeout: 300_000 });
  }, 320_000);

  afterAll(async () => {
    for (const r of relays) await r.stop();
  });

  it('type-checks against the real Baileys package', async () => {
    const result = await execa(node24(), ['node_modules/typescript/bin/tsc', '--noEmit'], {
      cwd: alerts,
      all: true,
      reject: false,
      timeout: 120_000,
    });
    expect(result.exitCode, result.all).toBe(0);
  }, 130_000);

  it('the type check fails on a wrong Baileys import (there is no `Baileys` export)', async () => {
    const source = readFileSync(join(alerts, 'src/whatsapp.ts'), 'utf8');
    expect(source).toContain('import makeWASocket, {');
    const broken = join(alerts, 'src/whatsapp-wrong-import.ts');
    writeFileSync(broken, source.replace('import makeWASocket, {', 'import { Baileys as makeWASocket,'));
    try {
      const result = await execa(node24(), ['node_modules/typescript/bin/tsc', '--noEmit'], {
        cwd: alerts,
        all: true,
        reject: false,
        timeout: 120_000,
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.all).toMatch(/whatsapp-wrong-import\.ts.*has no exported member 'Baileys'/);
    } finally {
      rmSync(broken);
    }
  }, 130_000);

  it('loads the Baileys adapter under Node 24 (the ESM imports resolve at run time too)', async () => {
    const script = "const m = await import('./src/whatsapp.ts'); if (typeof m.whatsappTransport !== 'function') process.exit(1);";
    const result = await execa(node24(), ['--input-type=module', '-e', script], {
      cwd: alerts,
      env: nodeEnv(),
      all: true,
      reject: false,
      timeout: 60_000,
    });
    expect(result.exitCode, result.all).toBe(0);
  }, 70_000);

  it('passes its own tests under Node 24 (npm test)', async () => {
    const result = await execa('npm', ['test'], { cwd: alerts, env: nodeEnv(), all: true, reject: false, timeout: 120_000 });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/ℹ pass 1\d/);
    expect(result.all).toContain('ℹ fail 0');
  }, 130_000);

  // Plain `node --test` on Node 20 finds no .ts file, runs 0 tests and exits 0.
  it('npm test fails on a Node older than 24, saying which one is needed', async () => {
    const oldNode = olderNode();
    expect(oldNode, 'this test needs a Node older than 24 on PATH (Debian nodejs)').toBeDefined();
    const env = { ...process.env, PATH: `${dirname(oldNode!)}:${process.env.PATH}`, NO_COLOR: '1' };
    const result = await execa('npm', ['test'], { cwd: alerts, env, all: true, reject: false, timeout: 60_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('Node 24 or later is needed');
    // and npm ci refuses it first (.npmrc engine-strict), in a copy: npm ci empties node_modules
    const copy = mkdtempSync(join(tmpdir(), 'alerts-oldnode-'));
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(alerts, f), join(copy, f));
    const install = await execa('npm', ['ci', '--ignore-scripts'], { cwd: copy, env, all: true, reject: false, timeout: 60_000 });
    expect(install.exitCode).not.toBe(0);
    expect(install.all).toContain('EBADENGINE');
  }, 70_000);

  it('npm test fails when no test runs (no test file, or files that declare none)', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'alerts-notests-'));
    cpSync(join(alerts, 'package.json'), join(copy, 'package.json'));
    cpSync(join(alerts, 'scripts'), join(copy, 'scripts'), { recursive: true });
    mkdirSync(join(copy, 'test'));
    const npmTest = () => execa('npm', ['test'], { cwd: copy, env: nodeEnv(), all: true, reject: false, timeout: 60_000 });
    let result = await npmTest();
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('no test ran (0 files');
    writeFileSync(join(copy, 'test/empty.test.ts'), '// no test yet\n');
    result = await npmTest();
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('no test ran (1 files');
    writeFileSync(join(copy, 'test/one.test.ts'), "import test from 'node:test';\ntest('one', () => {});\n");
    result = await npmTest();
    expect(result.exitCode, result.all).toBe(0);
  }, 70_000);

  it('refuses to start without ALERTS_TOKEN', async () => {
    const result = await execa(node24(), ['src/main.ts'], {
      cwd: alerts,
      env: { ...nodeEnv(), ALERTS_TOKEN: '' },
      all: true,
      reject: false,
      timeout: 20_000,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('ALERTS_TOKEN must be set');
  });

  it('401 without the token; an alert is delivered once; the same key is de-duplicated', async () => {
    const relay = await startRelay(alerts);
    relays.push(relay);
    expect((await post(`${relay.url}/alert`, { text: 'x' })).status).toBe(401);
    expect((await post(`${relay.url}/alert`, { text: 'x' }, 'wrong-token')).status).toBe(401);
    expect((await post(`${relay.url}/alertmanager`, { alerts: [] })).status).toBe(401);
    expect((await post(`${relay.url}/glitchtip/wrong-token`, { text: 'x' })).status).toBe(401);
    expect(sent(relay)).toEqual([]);

    const first = await post(`${relay.url}/alert`, { text: 'El respaldo de anoche falló', key: 'backup-failed' }, TOKEN);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'queued' });
    const again = await post(`${relay.url}/alert`, { text: 'El respaldo de anoche falló (otra vez)', key: 'backup-failed' }, TOKEN);
    expect(await again.json()).toEqual({ status: 'duplicate' });

    expect(await waitForCount(relay, 1)).toEqual([{ to: '525512345678', text: 'El respaldo de anoche falló' }]);
  }, 30_000);

  it('an Alertmanager notification with two alerts becomes one readable message', async () => {
    const relay = await startRelay(alerts);
    relays.push(relay);
    const payload = {
      version: '4',
      groupKey: '{}:{alertname=~".*"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'whatsapp',
      groupLabels: {},
      commonLabels: { severity: 'critical' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'BackendErrors', severity: 'critical' },
          annotations: { summary: 'Más de 10 respuestas 5xx en un minuto' },
          startsAt: '2026-11-29T03:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: 'a1',
        },
        {
          status: 'firing',
          labels: { alertname: 'BackendSlow', severity: 'warning' },
          annotations: { summary: 'p95 arriba de 5 s' },
          startsAt: '2026-11-29T03:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: 'b2',
        },
      ],
    };
    expect((await post(`${relay.url}/alertmanager`, payload, TOKEN)).status).toBe(202);
    const messages = await waitForCount(relay, 1);
    expect(messages).toEqual([
      {
        to: '525512345678',
        text: '🔴 Alerta: 2 alertas\n• BackendErrors — Más de 10 respuestas 5xx en un minuto\n• BackendSlow — p95 arriba de 5 s',
      },
    ]);
  }, 30_000);

  // GlitchTip's uptime webhook (apps/uptime/webhooks.py, send_uptime_as_webhook) repeats the
  // monitor's title and link for "gone down" and "back up": a quick recovery must not be a duplicate.
  it('a GlitchTip uptime "down" and its "back up" minutes later both reach the phone', async () => {
    const relay = await startRelay(alerts);
    relays.push(relay);
    const uptime = (text: string) => ({
      alias: 'GlitchTip',
      text: 'GlitchTip Uptime Alert',
      attachments: [{ title: 'tienda.mx', title_link: 'https://errores.tienda.mx/tienda/uptime-monitors/3', text, color: '#e52b50' }],
    });
    for (const text of ['The monitored site has gone down.', 'The monitored site is back up.']) {
      const response = await post(`${relay.url}/glitchtip/${TOKEN}`, uptime(text));
      expect(await response.json()).toEqual({ status: 'queued' });
    }
    expect(await waitForCount(relay, 2)).toEqual([
      { to: '525512345678', text: '🔴 Sin respuesta: tienda.mx\nhttps://errores.tienda.mx/tienda/uptime-monitors/3' },
      { to: '525512345678', text: '✅ De nuevo en línea: tienda.mx\nhttps://errores.tienda.mx/tienda/uptime-monitors/3' },
    ]);
  }, 30_000);

  it('a GlitchTip webhook (token in the path) becomes one message with the issue link', async () => {
    const relay = await startRelay(alerts, { ALERT_PHONE: '+52 55 9876 5432' });
    relays.push(relay);
    const payload = {
      alias: 'GlitchTip',
      text: 'GlitchTip Alert',
      attachments: [
        {
          title: 'Error: secret internal detail 42',
          title_link: 'https://errores.tienda.mx/tienda/issues/12',
          text: 'POST /boom',
          color: '#e52b50',
          fields: [{ title: 'Project', value: 'backend', short: true }],
        },
      ],
    };
    expect((await post(`${relay.url}/glitchtip/${TOKEN}`, payload)).status).toBe(202);
    expect(await waitForCount(relay, 1)).toEqual([
      {
        to: '525598765432',
        text: '🐞 Error en backend: Error: secret internal detail 42\nPOST /boom\nhttps://errores.tienda.mx/tienda/issues/12',
      },
    ]);
  }, 30_000);
  // Logs end up in Dokploy's UI and in screenshots: the relay's token and the phone numbers it
  // sends to (whole numbers can be called, spammed or looked up) never appear in them.
  it('no relay above logged its token or a whole phone number', async () => {
    // One more whose sending fails with the WhatsApp id in the error, as Baileys' errors do.
    const relay = await startRelay(alerts, { ALERT_PHONE: '+52 55 9876 5432', ALERTS_OUTBOX_FILE: '/proc/no-such-dir/sent.jsonl' });
    relays.push(relay);
    expect((await post(`${relay.url}/alert`, { text: 'Llamar al 55 1122 3344' }, TOKEN)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    const logs = relays.map((r) => r.log()).join('\n');
    expect(logs).toContain('alerts relay on');
    expect(logs).toMatch(/\+52\*+5432/); // the phone stays recognisable: country and last digits
    for (const secret of [TOKEN, '525512345678', '525598765432', '5598765432', '5512345678', '55 1122 3344'])
      expect(logs).not.toContain(secret);
  }, 30_000);
});
