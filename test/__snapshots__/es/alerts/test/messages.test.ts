import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromAlertmanager, fromGlitchTip } from '../src/messages.ts';

const alert = (name: string, summary: string, fingerprint: string) => ({
  status: 'firing',
  labels: { alertname: name, severity: 'critical' },
  annotations: { summary },
  fingerprint,
});

test('one Alertmanager alert becomes one line', () => {
  const message = fromAlertmanager({ version: '4', status: 'firing', alerts: [alert('HighErrorRate', 'More than 10 5xx a minute', 'f1')] }, 'en');
  assert.equal(message?.text, '🔴 Alert: HighErrorRate — More than 10 5xx a minute');
});

test('a group is summarised in one message', () => {
  const alerts = ['A', 'B', 'C', 'D', 'E'].map((n, i) => alert(n, `about ${n}`, `f${i}`));
  const message = fromAlertmanager({ version: '4', status: 'firing', alerts }, 'es');
  assert.equal(message?.text, '🔴 Alerta: 5 alertas\n• A — about A\n• B — about B\n• C — about C\n…y 2 más');
});

test('resolved notifications say so and have their own key', () => {
  const firing = fromAlertmanager({ status: 'firing', alerts: [alert('X', 's', 'f')] }, 'es');
  const resolved = fromAlertmanager({ status: 'resolved', alerts: [{ ...alert('X', 's', 'f'), status: 'resolved' }] }, 'es');
  assert.match(resolved!.text, /^✅ Resuelto: X/);
  assert.notEqual(firing!.key, resolved!.key);
});

test('payloads without alerts are refused', () => {
  assert.equal(fromAlertmanager({ status: 'firing', alerts: [] }, 'es'), undefined);
  assert.equal(fromAlertmanager('nope', 'es'), undefined);
});

test('a GlitchTip webhook becomes title, project and link', () => {
  const message = fromGlitchTip(
    {
      alias: 'GlitchTip',
      text: 'GlitchTip Alert',
      attachments: [
        {
          title: 'TypeError: x is undefined',
          title_link: 'https://errors.example.mx/acme/issues/7',
          text: 'src/app.ts in handler',
          fields: [{ title: 'Project', value: 'backend', short: true }],
        },
      ],
    },
    'es',
  );
  assert.equal(message?.text, '🐞 Error en backend: TypeError: x is undefined\nsrc/app.ts in handler\nhttps://errors.example.mx/acme/issues/7');
  assert.equal(message?.key, 'glitchtip:https://errors.example.mx/acme/issues/7');
});

// GlitchTip's uptime webhook (apps/uptime/webhooks.py, send_uptime_as_webhook) sends the same
// title and link for "down" and "back up"; only the attachment's text differs.
const uptime = (text: string) => ({
  alias: 'GlitchTip',
  text: 'GlitchTip Uptime Alert',
  attachments: [{ title: 'tienda.mx', title_link: 'https://errores.tienda.mx/tienda/uptime-monitors/3', text }],
});

test('a GlitchTip uptime "down" and its "back up" are two messages with two keys', () => {
  const down = fromGlitchTip(uptime('The monitored site has gone down.'), 'es');
  const up = fromGlitchTip(uptime('The monitored site is back up.'), 'es');
  assert.equal(down?.text, '🔴 Sin respuesta: tienda.mx\nhttps://errores.tienda.mx/tienda/uptime-monitors/3');
  assert.equal(up?.text, '✅ De nuevo en línea: tienda.mx\nhttps://errores.tienda.mx/tienda/uptime-monitors/3');
  assert.notEqual(down!.key, up!.key);
  assert.equal(fromGlitchTip(uptime('The monitored site has gone down.'), 'en')?.key, down!.key);
});
