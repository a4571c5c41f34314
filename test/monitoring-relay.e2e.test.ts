// The monitoring wiring end to end: the generated relay (alerts/, Node 24, outbox transport instead
// of WhatsApp) receives what ops/monitoring sends it: an Alertmanager notification built from the
// generated alert-rules.yml, and a GlitchTip webhook on /glitchtip/<token>. Each must become one
// readable message for the answered phone. Then the real thing: Debian's Alertmanager runs the
// generated alertmanager.yml (relay address and group wait shortened) and calls the relay itself.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANSWER_SETS, generateProject } from './support/generate.js';
import { freePort } from './support/postgres.js';
import { startService, type Service } from './support/service.js';
import { node24, requireTool } from './support/tools.js';

const TOKEN = 'monitoring-e2e-token-0123456789';

for (const answers of [ANSWER_SETS.es, { ...ANSWER_SETS.en, metrics: true }]) {
  describe(`relay fed by ops/monitoring (${answers.lang})`, () => {
    let project: string;
    let relay: Service;
    let url: string;
    let outbox: string;

    beforeAll(async () => {
      project = await generateProject({ ...answers, metrics: true });
      await execa('npm', ['ci', '--no-audit', '--no-fund'], { cwd: join(project, 'alerts'), timeout: 600_000 });
      outbox = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'outbox.jsonl');
      // The environment the compose file gives the relay, with the outbox instead of WhatsApp.
      relay = await startService('relay', node24(), ['src/main.ts'], {
        cwd: join(project, 'alerts'),
        env: {
          PATH: process.env.PATH,
          ALERTS_TOKEN: TOKEN,
          ALERT_PHONE: answers.alertPhone.replace('+', ''),
          ALERTS_LANG: answers.lang,
          WA_AUTH_DIR: mkdtempSync(join(tmpdir(), 'wa-auth-')),
          ALERTS_TRANSPORT: 'outbox',
          ALERTS_OUTBOX_FILE: outbox,
        },
        seconds: 10,
      });
      url = relay.url;
    }, 900_000);

    afterAll(async () => {
      await relay?.stop();
    });

    const sent = () =>
      existsSync(outbox)
        ? readFileSync(outbox, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { to: string; text: string })
        : [];
    const waitForMessages = async (count: number) => {
      for (let i = 0; i < 50 && sent().length < count; i++) await new Promise((r) => setTimeout(r, 100));
      return sent();
    };

    it('turns an Alertmanager notification from the generated rules into one readable message', async () => {
      // HighMemory as Prometheus renders it at 95 %: the annotations come from the generated rule file.
      const rules = parse(readFileSync(join(project, 'ops/monitoring/alert-rules.yml'), 'utf8')) as {
        groups: { rules: { alert: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[];
      };
      const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === 'HighMemory')!;
      const annotations = Object.fromEntries(
        Object.entries(rule.annotations).map(([k, v]) => [k, v.replace('{{ $value | printf "%.0f" }}', '95')]),
      );
      expect(annotations.summary).not.toContain('{{');
      const labels = { alertname: 'HighMemory', instance: 'node-exporter:9100', job: 'node', ...rule.labels };
      const payload = {
        version: '4',
        groupKey: '{}:{alertname="HighMemory"}',
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'whatsapp',
        groupLabels: { alertname: 'HighMemory' },
        commonLabels: labels,
        commonAnnotations: annotations,
        externalURL: 'http://alertmanager:9093',
        alerts: [
          {
            status: 'firing',
            labels,
            annotations,
            startsAt: '2026-11-29T03:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus:9090/graph',
            fingerprint: '5f1c0a7e3b2d9c41',
          },
        ],
      };
      // Alertmanager authenticates with http_config.authorization (Bearer): without it, 401.
      const post = (auth?: string) =>
        fetch(`${url}/alertmanager`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
          body: JSON.stringify(payload),
        });
      expect((await post()).status).toBe(401);
      expect((await post(`Bearer ${TOKEN}`)).ok).toBe(true);

      const messages = await waitForMessages(1);
      expect(messages).toHaveLength(1);
      const [message] = messages;
      expect(message!.to).toBe(answers.alertPhone.replace('+', ''));
      expect(message!.text).toContain('HighMemory');
      expect(message!.text).toContain(annotations.summary);
      expect(message!.text).toContain(answers.lang === 'es' ? 'Memoria del VPS al 95 %' : 'VPS memory at 95 %');
      expect(message!.text).not.toMatch(/undefined|\{\{|\[object/);
      expect(message!.text.length).toBeLessThan(300);
    });

    it('Alertmanager with the generated alertmanager.yml delivers an alert through the relay, authenticated by its secret file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'alertmanager-'));
      const config = readFileSync(join(project, 'ops/monitoring/alertmanager.yml'), 'utf8');
      const local = config.replace('http://relay:3001', url).replace('group_wait: 30s', 'group_wait: 1s');
      expect(local).not.toBe(config);
      writeFileSync(join(dir, 'alertmanager.yml'), local);
      // What the compose file mounts from ALERTS_TOKEN (secrets: alerts_token).
      mkdirSync(join(dir, 'secrets'));
      writeFileSync(join(dir, 'secrets/alerts_token'), TOKEN);
      const port = await freePort();
      let amLog = '';
      const am = spawn(
        requireTool('prometheus-alertmanager'),
        [
          '--config.file=alertmanager.yml',
          `--storage.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=',
        ],
        { cwd: dir },
      );
      am.stdout!.on('data', (d) => (amLog += d));
      am.stderr!.on('data', (d) => (amLog += d));
      try {
        const api = `http://127.0.0.1:${port}`;
        let ready = false;
        for (let i = 0; i < 100 && !ready; i++) {
          if (am.exitCode !== null) throw new Error(`alertmanager exited (${am.exitCode}):\n${amLog}`);
          ready = await fetch(`${api}/-/ready`).then(
            (r) => r.ok,
            () => false,
          );
          if (!ready) await new Promise((r) => setTimeout(r, 100));
        }
        expect(ready, amLog).toBe(true);
        const summary = answers.lang === 'es' ? 'Disco del VPS al 91 % (umbral 85 %)' : 'VPS disk at 91 % (threshold 85 %)';
        const before = sent().length;
        const posted = await fetch(`${api}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify([
            {
              labels: { alertname: 'HighDisk', severity: 'critical', instance: 'node-exporter:9100', job: 'node', mountpoint: '/' },
              annotations: { summary },
              startsAt: new Date().toISOString(),
            },
          ]),
        });
        expect(posted.ok).toBe(true);
        let messages = sent();
        for (let i = 0; i < 150 && messages.length === before; i++) {
          await new Promise((r) => setTimeout(r, 100));
          messages = sent();
        }
        expect(messages.length, `relay log:\n${relay.log()}\nalertmanager log:\n${amLog}`).toBe(before + 1);
        expect(messages.at(-1)!.text).toContain(`HighDisk — ${summary}`);
      } finally {
        am.kill('SIGTERM');
      }
    }, 60_000);

    it('takes GlitchTip’s webhook on the URL the CHECKLIST gives (token in the path)', async () => {
      const checklist = readFileSync(join(project, 'CHECKLIST.md'), 'utf8');
      expect(checklist).toContain('http://relay:3001/glitchtip/<ALERTS_TOKEN>');
      const before = sent().length;
      const body = {
        text: 'GlitchTip Alert',
        attachments: [
          {
            title: 'TypeError: Cannot read properties of undefined (reading "total")',
            title_link: 'https://errors.example.com/tienda/issues/42',
            text: 'POST /api/orders',
            fields: [{ title: 'Project', value: `${answers.appName}-backend`, short: true }],
          },
        ],
      };
      const wrong = await fetch(`${url}/glitchtip/not-the-token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(wrong.status).toBe(401);
      const r = await fetch(`${url}/glitchtip/${TOKEN}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.ok).toBe(true);
      const messages = await waitForMessages(before + 1);
      expect(messages).toHaveLength(before + 1);
      expect(messages.at(-1)!.text).toContain(`${answers.appName}-backend`);
      expect(messages.at(-1)!.text).toContain('TypeError');
    });
  });
}
