// What code and scripts in the generated repo say, in both languages: one table, read by the
// `t` template helper (`{{sh (t "backup.done" file="x")}}`). Prose — README, CHECKLIST, the
// comments of .env.example — lives in per-language files instead (`name.es.hbs`, `name.en.hbs`).
// A text is plain: `{name}` takes a value from the helper's hash; what a script or Prometheus
// expands itself (`$name`, `{{ $value }}`) is passed in or written as the target reads it.
import type { Lang, Msg } from './i18n.js';
import { msg } from './i18n.js';

export const templateText = {
  // ops/monitoring/grafana/dashboards/vps.json
  'grafana.title': msg('{app}: VPS y backend', '{app}: VPS and backend'),
  'grafana.cpu': msg('CPU del VPS (%)', 'VPS CPU (%)'),
  'grafana.memory': msg('Memoria del VPS (%)', 'VPS memory (%)'),
  'grafana.disk': msg('Disco / (%)', 'Disk / (%)'),
  'grafana.requests': msg('Respuestas del backend por minuto', 'Backend answers a minute'),
  'grafana.errors': msg('Errores 5xx por minuto', '5xx errors a minute'),
  'grafana.latency': msg('Tiempo de respuesta p95 (s)', 'Response time p95 (s)'),
  'grafana.containerMemory': msg('Memoria por contenedor', 'Memory per container'),
  'grafana.backupAge': msg('Horas desde el último respaldo', 'Hours since the last backup'),
  'grafana.up': msg('Servicios arriba (1 = sí)', 'Services up (1 = yes)'),

  // ops/monitoring/alert-rules.yml and its promtool test: {value} is Prometheus' template in
  // the rules and the value it renders to in the test.
  'alert.cpu.summary': msg('CPU del VPS al {value} % desde hace 5 minutos (umbral 85 %)', 'VPS CPU at {value} % for 5 minutes (threshold 85 %)'),
  'alert.cpu.description': msg(
    'Uso de CPU (todas las CPUs, cada minuto) arriba de 85 % durante 5 minutos seguidos.',
    'CPU use (all CPUs, each minute) above 85 % for 5 minutes in a row.',
  ),
  'alert.memory.summary': msg(
    'Memoria del VPS al {value} % desde hace 5 minutos (umbral 90 %)',
    'VPS memory at {value} % for 5 minutes (threshold 90 %)',
  ),
  'alert.memory.description': msg(
    'Memoria en uso (1 - MemAvailable / MemTotal) arriba de 90 % durante 5 minutos seguidos.',
    'Memory in use (1 - MemAvailable / MemTotal) above 90 % for 5 minutes in a row.',
  ),
  'alert.disk.summary': msg('Disco del VPS al {value} % (umbral 85 %)', 'VPS disk at {value} % (threshold 85 %)'),
  'alert.disk.description': msg(
    'Espacio usado del disco raíz (/) arriba de 85 % durante 5 minutos seguidos.',
    'Used space of the root disk (/) above 85 % for 5 minutes in a row.',
  ),
  'alert.errors.summary': msg(
    'El backend responde {value} errores 5xx por minuto (umbral 10)',
    'The backend answers {value} 5xx errors a minute (threshold 10)',
  ),
  'alert.errors.description': msg(
    'Más de 10 respuestas 5xx por minuto durante 5 minutos seguidos. Revisa GlitchTip.',
    'More than 10 5xx answers a minute for 5 minutes in a row. Look at GlitchTip.',
  ),
  'alert.slow.summary': msg(
    'El backend tarda {value} s en responder (p95; umbral 5 s)',
    'The backend takes {value} s to answer (p95; threshold 5 s)',
  ),
  'alert.slow.description': msg(
    'El 5 % más lento de las respuestas tarda más de 5 s, durante 5 minutos seguidos.',
    'The slowest 5 % of answers take more than 5 s, for 5 minutes in a row.',
  ),
  'alert.down.summary': msg('{job} no responde desde hace 5 minutos', '{job} has not answered for 5 minutes'),
  'alert.down.description': msg(
    'Prometheus no pudo leer las métricas de {job} ({instance}) durante 5 minutos.',
    'Prometheus could not read the metrics of {job} ({instance}) for 5 minutes.',
  ),
  'alert.backupOld.summary': msg(
    'El último respaldo correcto fue hace {value} (máximo 26 h)',
    'The last good backup was {value} ago (at most 26 h)',
  ),
  'alert.backupOld.description': msg(
    'El respaldo diario de Postgres no ha terminado bien en más de 26 horas. Revisa ops/backup.',
    'The daily Postgres backup has not succeeded for more than 26 hours. Look at ops/backup.',
  ),
  'alert.backupNever.summary': msg('Ningún respaldo correcto registrado en 26 horas', 'No good backup recorded in 26 hours'),
  'alert.backupNever.description': msg(
    'No existe /var/lib/node_exporter/textfile_collector/pyme_backup.prom en el VPS. Revisa ops/backup.',
    '/var/lib/node_exporter/textfile_collector/pyme_backup.prom does not exist on the VPS. Look at ops/backup.',
  ),

  // .github/scripts/dokploy-deploy.sh: inside double quotes, so $name expands there.
  'deploy.refused': msg(
    'Dokploy rechazó el despliegue de $name (HTTP ${status:-000}): su respuesta está arriba',
    'Dokploy refused the deploy of $name (HTTP ${status:-000}): its answer is above',
  ),
  'deploy.failed': msg(
    'Dokploy no desplegó $name (HTTP $status): su respuesta está arriba',
    'Dokploy did not deploy $name (HTTP $status): its answer is above',
  ),
  'deploy.started': msg('$name: despliegue iniciado en Dokploy', '$name: deploy started in Dokploy'),
  'deploy.skipped': msg(
    '$arg no tiene valor: ese despliegue se omite. Créalo en $WHERE',
    '$arg is not set: that deploy is skipped. Create it in $WHERE',
  ),
  'deploy.missingOne': msg('Falta el secreto de GitHub ${missing[0]}: créalo en $WHERE', 'Missing GitHub secret ${missing[0]}: create it in $WHERE'),
  'deploy.missingMany': msg(
    'Faltan los secretos de GitHub ${missing[*]}: créalos en $WHERE',
    'Missing GitHub secrets ${missing[*]}: create them in $WHERE',
  ),
  'deploy.badUrl': msg(
    'DOKPLOY_URL debe ser solo la dirección de tu Dokploy, p. ej. https://dokploy.tu-dominio.com',
    "DOKPLOY_URL must be just your Dokploy's address, e.g. https://dokploy.your-domain.com",
  ),
  'deploy.badId': msg(
    '$name no parece un ID de Dokploy (la última parte de la dirección de la app o la compose en Dokploy)',
    "$name does not look like a Dokploy ID (the last part of the app's or compose's address in Dokploy)",
  ),
  'deploy.badWebhook': msg(
    '$name no parece un Webhook URL de Dokploy (https://<tu-dokploy>/api/deploy/<token>, pestaña Deployments)',
    '$name does not look like a Dokploy Webhook URL (https://<your-dokploy>/api/deploy/<token>, Deployments tab)',
  ),

  // backend/src/login-alerts.ts: inside a template literal, so ${limit} is filled in there.
  'login.tooMany': msg(
    'Más de ${limit} inicios de sesión fallidos en ${minutes} minutos. Revisa si alguien intenta adivinar contraseñas.',
    'More than ${limit} failed logins in ${minutes} minutes. Check whether someone is guessing passwords.',
  ),

  // frontend/src/lib/text.ts: the home page.
  'home.tagline': msg(
    'Bienvenido. Muy pronto encontrarás aquí todo lo que tenemos para ti.',
    'Welcome. Soon you will find everything we have for you here.',
  ),
  'home.apiHeading': msg('Estado del servidor', 'Server status'),
  'home.api.up': msg('El servidor (API) responde. Todo está en orden.', 'The server (API) is answering. All is well.'),
  'home.api.down': msg(
    'El servidor (API) no responde en este momento. Intenta de nuevo en unos minutos.',
    'The server (API) is not answering right now. Please try again in a few minutes.',
  ),
  'home.api.notConfigured': msg(
    'Falta la dirección del servidor: define PUBLIC_API_URL en Dokploy.',
    "The server's address is missing: set PUBLIC_API_URL in Dokploy.",
  ),
  // ops/backup/cron and ops/backup/systemd: comments for whoever opens the file on the VPS.
  'cron.installedAs': msg(
    'Respaldo diario de Postgres a R2. Se instala como /etc/cron.d/{app}-backup:',
    'Daily Postgres backup to R2. Installed as /etc/cron.d/{app}-backup:',
  ),
  'cron.utc': msg(
    'El cron de Ubuntu ignora CRON_TZ y usa la zona del servidor (UTC en el VPS): las {time}',
    "Ubuntu's cron ignores CRON_TZ and uses the server's zone (UTC on the VPS): {time}",
  ),
  'cron.utcValue': msg(
    'de {zone} son "{cron}" en UTC (calculado el día en que se generó este archivo).',
    'in {zone} is "{cron}" in UTC (computed on the day this file was generated).',
  ),
  'cron.flock': msg(
    'flock -n salta una corrida si la anterior sigue; la salida va al log.',
    'flock -n skips a run while the previous one still runs; output goes to the log.',
  ),
  'timer.installedAs': msg(
    'Se instala como /etc/systemd/system/{app}-backup.timer. La zona va escrita en la hora,',
    'Installed as /etc/systemd/system/{app}-backup.timer. The zone is written into the time,',
  ),
  'timer.zone': msg(
    'así que sigue bien aunque la zona cambie de horario (a diferencia del cron).',
    'so it stays right when the zone changes clocks (unlike cron).',
  ),
  'timer.persistent': msg('Si el VPS estaba apagado a esa hora, corre al arrancar.', 'If the VPS was off at that time, run at boot.'),
  'service.installedAs': msg(
    'Se instala como /etc/systemd/system/{app}-backup.service (lo arranca el timer).',
    'Installed as /etc/systemd/system/{app}-backup.service (started by the timer).',
  ),
  'service.nice': msg('Que el respaldo no le quite CPU ni disco a la app.', 'Keep the backup from taking CPU and disk from the app.'),
} satisfies Record<string, Msg>;

// `${x}` is the shell's or JavaScript's own, never ours.
const PLACEHOLDER = /(?<!\$)\{(\w+)\}/g;

/** The names a text takes from the hash, in order. */
export const placeholders = (s: string): string[] => [...s.matchAll(PLACEHOLDER)].map((m) => m[1]!);

/** One text in one language, its {name}s filled; a missing key or value is an error, not a blank. */
export function text(key: string, lang: Lang, values: Record<string, unknown> = {}): string {
  const entry = (templateText as Record<string, Msg>)[key];
  if (!entry) throw new Error(`no template text "${key}" (src/template-text.ts)`);
  return entry[lang].replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in values)) throw new Error(`template text "${key}" needs ${name}=…`);
    return String(values[name]);
  });
}
