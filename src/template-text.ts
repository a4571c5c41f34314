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
  'alert.cpu.summary': msg(
    'CPU del VPS al {value} % desde hace 5 minutos (umbral 85 %)',
    'VPS CPU at {value} % for 5 minutes (threshold 85 %)',
  ),
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
  'deploy.retrying': msg(
    'Dokploy no contesta (no se envió nada); otro intento',
    'Dokploy cannot be reached (nothing was sent); trying again',
  ),
  'deploy.unreadable': msg(
    'no se pudo leer el estado del despliegue de $name en Dokploy',
    "could not read the state of $name's deployment from Dokploy",
  ),
  'deploy.done': msg('$name: desplegado (Dokploy: done)', '$name: deployed (Dokploy: done)'),
  'deploy.logTail': msg('$name: final del log de Dokploy', "$name: end of Dokploy's log"),
  'deploy.ended': msg(
    'El despliegue de $name terminó en $status en Dokploy: el final de su log está arriba',
    "$name's deployment ended in $status in Dokploy: the end of its log is above",
  ),
  'deploy.timeout': msg(
    'El despliegue de $name no terminó en ${DEPLOY_TIMEOUT} s (último estado: ${status:--}); míralo en Dokploy',
    "$name's deployment did not end within ${DEPLOY_TIMEOUT} s (last state: ${status:--}); look at it in Dokploy",
  ),
  'deploy.skipped': msg(
    '$arg no tiene valor: ese despliegue se omite. Créalo en $WHERE',
    '$arg is not set: that deploy is skipped. Create it in $WHERE',
  ),
  'deploy.missingOne': msg(
    'Falta el secreto de GitHub ${missing[0]}: créalo en $WHERE',
    'Missing GitHub secret ${missing[0]}: create it in $WHERE',
  ),
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

  // ops/backup/*.sh: inside double quotes, so $x expands there; *.header are comment blocks.
  'backup.stepStart': msg('inicio', 'start'),
  'backup.doesNotExistCopy': msg(
    'no existe $ENV_FILE: cópialo de backup.env.example y llena los valores',
    '$ENV_FILE does not exist: copy backup.env.example and fill it in',
  ),
  'backup.yourCloudflareAccountId': msg(
    'el Account ID de Cloudflare (panel de R2, a la derecha)',
    'your Cloudflare Account ID (R2 overview page, right side)',
  ),
  'backup.accessKeyIdYour': msg('el Access Key ID del token de API de R2', 'the Access Key ID of your R2 API token'),
  'backup.secretAccessKeySame': msg('el Secret Access Key del mismo token', 'the Secret Access Key of the same token'),
  'backup.dokployPostgresServiceName': msg(
    'el nombre del servicio de Postgres en Dokploy (el host de su Internal Connection URL)',
    'the Dokploy Postgres service name (the host in its Internal Connection URL)',
  ),
  'backup.mustBeGzipOr': msg("debe ser gzip o zstd, no '$COMPRESSION'", "must be gzip or zstd, not '$COMPRESSION'"),
  'backup.mustBeNumberAbove': msg('debe ser un número mayor que 0', 'must be a number above 0'),
  'backup.sameAlertsTokenAlert': msg(
    'el mismo ALERTS_TOKEN que tiene el relay de alertas en Dokploy',
    'the same ALERTS_TOKEN the alert relay has in Dokploy',
  ),
  'backup.theseSettingsAreMissing': msg(
    'faltan o están mal estos valores en $ENV_FILE:',
    'these settings are missing or wrong in $ENV_FILE:',
  ),
  'backup.dockerMissingRunThis': msg(
    'falta docker: corre este script en el VPS de Dokploy',
    'docker is missing: run this script on the Dokploy VPS',
  ),
  'backup.commandMissingInstallWith': msg(
    "falta el comando '$c': instálalo con  sudo apt install $package",
    "the command '$c' is missing: install it with  sudo apt install $package",
  ),
  'backup.noRunningContainerService': msg(
    "no hay un contenedor corriendo del servicio '$PG_SERVICE' (revisa PG_SERVICE con: docker service ls)",
    "no running container for the service '$PG_SERVICE' (check PG_SERVICE with: docker service ls)",
  ),
  'backup.cannotDecompress1Expected': msg(
    'no sé descomprimir $name (se esperaba .gz o .zst)',
    'cannot decompress $name (expected .gz or .zst)',
  ),
  'backup.checkR2AccessKey': msg(
    'revisa R2_ACCESS_KEY_ID y R2_SECRET_ACCESS_KEY, y que el token tenga permiso sobre el bucket $R2_BUCKET',
    'check R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY, and that the token may use the bucket $R2_BUCKET',
  ),
  'backup.couldNotReadList': msg(
    'no se pudo leer la lista de respaldos en $R2_BUCKET/$R2_PREFIX',
    'could not read the list of backups in $R2_BUCKET/$R2_PREFIX',
  ),
  'backup.r2SaidThereAre': msg(
    'R2 dijo que hay más respaldos pero no dio cómo seguir la lista',
    'R2 said there are more backups but gave no continuation token',
  ),
  'backup.pymeBackupSinglePut': msg(
    'PYME_BACKUP_SINGLE_PUT_LIMIT debe ser de al menos 5 MiB (5242880)',
    'PYME_BACKUP_SINGLE_PUT_LIMIT must be at least 5 MiB (5242880)',
  ),
  'backup.archiveTooBigR2': msg('el archivo es demasiado grande para R2 ($size bytes)', 'the archive is too big for R2 ($size bytes)'),
  'backup.r2DidNotOpen': msg('R2 no abrió la subida en partes: $answer', 'R2 did not open the multipart upload: $answer'),
  'backup.uploadPartsMibBytes': msg(
    'subida en $parts partes de $mib MiB ($size bytes)',
    'upload in $parts parts of $mib MiB ($size bytes)',
  ),
  'backup.r2ReturnedNoEtag': msg('R2 no devolvió el ETag de la parte $n', 'R2 returned no ETag for part $n'),
  'backup.r2DidNotComplete': msg('R2 no cerró la subida en partes: $answer', 'R2 did not complete the multipart upload: $answer'),
  'backup.couldNotAbortMultipart': msg(
    'no se pudo cancelar la subida en partes $UPLOAD_ID (R2 la borra sola a los 7 días)',
    'could not abort the multipart upload $UPLOAD_ID (R2 deletes it after 7 days)',
  ),
  'backup.header': msg(
    [
      '# pg_dump -Fc dentro del contenedor de la base de Dokploy -> gzip o zstd -> revisión (pg_restore lee',
      '# el archivo entero) -> (cifrado con age) -> subida a R2 (en partes si pasa de 4.995 GiB) -> conserva',
      '# las últimas KEEP_LOCAL copias locales (también si la subida falla).',
      '# Si algo falla: alerta por WhatsApp a través del relay (si ALERTS_URL está puesto) y sale con error.',
      '# Configuración: backup.env junto a este script (ver backup.env.example). Corre a mano, desde cron',
      '# (cron/backup-postgres) o desde el timer de systemd (systemd/).',
    ].join('\n'),
    [
      '# pg_dump -Fc inside the Dokploy database container -> gzip or zstd -> check (pg_restore reads the',
      '# whole archive) -> (age encryption) -> upload to R2 (in parts above 4.995 GiB) -> keep the last',
      '# KEEP_LOCAL local copies (also when the upload fails).',
      '# Any failure: a WhatsApp alert through the relay (when ALERTS_URL is set) and a non-zero exit.',
      '# Settings: backup.env next to this script (see backup.env.example). Runs by hand, from cron',
      '# (cron/backup-postgres) or from the systemd timer (systemd/).',
    ].join('\n'),
  ),
  'backup.backupFailedAtStep': msg(
    'el respaldo FALLÓ en el paso «$STEP» (código $status)',
    "the backup FAILED at step '$STEP' (exit code $status)",
  ),
  'backup.backupFailedHostnameAt': msg(
    '❌ Falló el respaldo de $APP en $(hostname) durante «$STEP» (código $status). Revisa /var/log/$APP-backup.log',
    "❌ The $APP backup failed on $(hostname) at '$STEP' (exit code $status). See /var/log/$APP-backup.log",
  ),
  'backup.uploadedButStoppedAt': msg(
    'el respaldo $NAME ya está completo en R2, pero la corrida se detuvo en el paso «$STEP» (código $status)',
    "the backup $NAME is complete in R2, but the run stopped at step '$STEP' (exit code $status)",
  ),
  'backup.uploadedButStoppedHostname': msg(
    '⚠️ El respaldo $NAME de $APP en $(hostname) está completo en R2, pero la corrida se detuvo en «$STEP» (código $status). Revisa /var/log/$APP-backup.log',
    "⚠️ The $APP backup $NAME on $(hostname) is complete in R2, but the run stopped at '$STEP' (exit code $status). See /var/log/$APP-backup.log",
  ),
  'backup.alertsUrlEmptyNo': msg('ALERTS_URL está vacío: no se envió alerta por WhatsApp', 'ALERTS_URL is empty: no WhatsApp alert sent'),
  'backup.alertSentRelay': msg('alerta enviada al relay', 'alert sent to the relay'),
  'backup.couldNotSendAlert': msg(
    'no se pudo enviar la alerta a ${ALERTS_URL%/}/alert',
    'could not send the alert to ${ALERTS_URL%/}/alert',
  ),
  'backup.lastBackupMetricWritten': msg(
    'métrica de último respaldo escrita en $dir/pyme_backup.prom',
    'last-backup metric written to $dir/pyme_backup.prom',
  ),
  'backup.deletedOldLocalCopy': msg('borrada copia local vieja: ${copies[i]}', 'deleted old local copy: ${copies[i]}'),
  'backup.readSettings': msg('leer la configuración', 'read the settings'),
  'backup.anotherBackupRunningLock': msg(
    'ya hay otro respaldo corriendo (candado $LOCK_FILE): este no hace nada',
    'another backup is running (lock $LOCK_FILE): this run does nothing',
  ),
  'backup.findPostgresContainer': msg('buscar el contenedor de Postgres', 'find the Postgres container'),
  'backup.container': msg('contenedor', 'container'),
  'backup.dumpDatabasePgDump': msg(
    'volcar la base $PG_DB (pg_dump -Fc, $COMPRESSION)',
    'dump the database $PG_DB (pg_dump -Fc, $COMPRESSION)',
  ),
  'backup.verifyArchivePgRestore': msg(
    'verificar el archivo (pg_restore lo lee entero)',
    'verify the archive (pg_restore reads all of it)',
  ),
  'backup.encryptWithAge': msg('cifrar con age', 'encrypt with age'),
  'backup.uploadToR2': msg('subir a R2: $R2_BUCKET/$R2_PREFIX$NAME', 'upload to R2: $R2_BUCKET/$R2_PREFIX$NAME'),
  'backup.keepLastLocalCopies': msg(
    'conservar las últimas $KEEP_LOCAL copias locales en $BACKUP_DIR',
    'keep the last $KEEP_LOCAL local copies in $BACKUP_DIR',
  ),
  'backup.doneBackupR2': msg('listo: respaldo $NAME en R2', 'done: backup $NAME is in R2'),

  // ops/backup/restore-from-r2.sh (its usage() prints lines 4-7 of itself: keep them one line each).
  'restore.header': msg(
    [
      '# Descarga -> revisa el comienzo del archivo (llave de age, compresión, formato) -> confirmación ->',
      '# descifra, descomprime y pg_restore --clean --if-exists --no-owner en una sola lectura, dentro de una',
      '# transacción que se confirma solo si el archivo se leyó entero y sin errores (todo o nada).',
      '# Si DATABASE no existe se crea (y se borra si la restauración falla): restaura en una base nueva',
      '# para revisar un respaldo con calma.',
    ].join('\n'),
    [
      '# Download -> check the start of the archive (age key, compression, format) -> confirmation ->',
      '# decrypt, decompress and pg_restore --clean --if-exists --no-owner in one read, inside one',
      '# transaction that commits only when the whole archive was read without an error (all or nothing).',
      '# DATABASE is created when it does not exist (and dropped if the restore fails): restore into a',
      '# new one to check a backup calmly.',
    ].join('\n'),
  ),
  'restore.title': msg(
    'Restaura un respaldo de R2 (o un archivo local) en una base de datos Postgres.',
    'Restores a backup from R2 (or a local file) into a Postgres database.',
  ),
  'restore.listsBackupsR2': msg('lista los respaldos en R2', 'lists the backups in R2'),
  'restore.restoresNewestIntoDatabase': msg('restaura el más nuevo en DATABASE', 'restores the newest into DATABASE'),
  'restore.restoresNamedOneAs': msg('restaura uno con nombre (como lo muestra --list)', 'restores a named one (as --list shows it)'),
  'restore.restoresLocalCopyGz': msg('restaura una copia local (.gz, .zst, .age)', 'restores a local copy (.gz, .zst, .age)'),
  'restore.unknownOption1': msg('opción desconocida: $1', 'unknown option: $1'),
  'restore.restoreFailedAtStep': msg(
    'la restauración FALLÓ en el paso «$STEP» (código $status)',
    "the restore FAILED at step '$STEP' (exit code $status)",
  ),
  'restore.listHeading': msg(
    'respaldos en $R2_BUCKET/$R2_PREFIX (el último es el más nuevo)',
    'backups in $R2_BUCKET/$R2_PREFIX (the last is the newest)',
  ),
  'restore.targetDatabaseNameMissing': msg('falta el nombre de la base de datos destino', 'the target database name is missing'),
  'restore.invalidDatabaseNameLetters': msg(
    "nombre de base no válido: '$TARGET' (letras, dígitos y _)",
    "invalid database name: '$TARGET' (letters, digits and _)",
  ),
  'restore.fileDoesNotExist': msg('no existe el archivo $FILE', 'the file $FILE does not exist'),
  'restore.findNewestBackupR2': msg('buscar el respaldo más nuevo en R2', 'find the newest backup in R2'),
  'restore.thereAreNoBackups': msg('no hay respaldos en $R2_BUCKET/$R2_PREFIX', 'there are no backups in $R2_BUCKET/$R2_PREFIX'),
  'restore.download': msg('descargar $KEY', 'download $KEY'),
  'restore.checkArchiveStart': msg('revisar el comienzo del archivo', 'check the start of the archive'),
  'restore.notPgDumpArchive': msg(
    '$NAME no es un archivo de pg_dump comprimido con gzip o zstd (o la llave de age no es la correcta)',
    '$NAME is not a pg_dump archive compressed with gzip or zstd (or the age key is the wrong one)',
  ),
  'restore.backupEncryptedSetAge': msg(
    'el respaldo está cifrado: pon en AGE_IDENTITY_FILE la ruta de tu llave privada de age',
    'the backup is encrypted: set AGE_IDENTITY_FILE to the path of your age private key',
  ),
  'restore.thisDeletesReplacesTables': msg(
    "Esto BORRA y reemplaza las tablas de la base '$TARGET' con el respaldo $NAME.",
    "This DELETES and replaces the tables of the database '$TARGET' with the backup $NAME.",
  ),
  'restore.typeDatabaseNameGo': msg('Escribe el nombre de la base para continuar: ', 'Type the database name to go on: '),
  'restore.cancelledNothingWasChanged': msg('cancelado: no se tocó nada', 'cancelled: nothing was changed'),
  'restore.restoreIntoDatabase': msg('restaurar en la base $TARGET', 'restore into the database $TARGET'),
  'restore.couldNotQueryPostgres': msg(
    'no se pudo consultar Postgres en el contenedor $CONTAINER (el error de psql está arriba)',
    "could not query Postgres in the container $CONTAINER (psql's error is above)",
  ),
  'restore.databaseDoesNotExist': msg('la base $TARGET no existe: se crea', 'the database $TARGET does not exist: creating it'),
  'restore.droppedCreatedDatabase': msg(
    'se borró la base $CREATED, creada por esta restauración',
    'dropped the database $CREATED this restore created',
  ),
  'restore.couldNotDropCreatedDatabase': msg(
    'no se pudo borrar la base $CREATED, creada por esta restauración: bórrala con dropdb',
    'could not drop the database $CREATED this restore created: drop it with dropdb',
  ),
  'restore.doneRestoredInto': msg('listo: $NAME restaurado en $TARGET', 'done: $NAME restored into $TARGET'),

  // ops/backup/*.sh: inside double quotes, so $x expands there; *.header are comment blocks.
  'backup.title': msg('Respaldo de la base Postgres de {app} a Cloudflare R2.', 'Backup of the {app} Postgres database to Cloudflare R2.'),

  // ops/backup/*.sh: inside double quotes, so $x expands there; *.header are comment blocks.

  // ops/monitoring/docker-compose.monitoring.yml: its header, and ${VAR:?message} texts (no '}' inside).
  'compose.headerMetrics': msg(
    [
      '# Monitoreo de {app}: GlitchTip (errores) y el relay de alertas por WhatsApp,',
      '# más Prometheus, Alertmanager, Grafana, node-exporter y cAdvisor (métricas).',
      '#',
      '# Necesita Docker Compose v2 (`docker compose`, el que usa Dokploy): los secretos y',
      '# la configuración de abajo salen de variables de entorno (`secrets: environment`, `configs: content`),',
      '# que `docker-compose` 1.x (el paquete de Debian 12) no conoce.',
      '#',
      '# En Dokploy: Create Service → Compose, tipo "Docker Compose" (no "Stack": Stack no construye',
      '# el relay), Compose Path ./ops/monitoring/docker-compose.monitoring.yml. Los secretos van en',
      '# la pestaña Environment de esa app; si falta uno, el despliegue se detiene y dice cuál.',
      '#',
      '# Presupuesto de memoria (Hostinger KVM 2: 8192 MiB)',
      '#   1536 MiB  sistema, Docker, Traefik y Dokploy',
      '#   2048 MiB  la app: backend 512 + frontend 512 + Postgres 1024 (Advanced → Resources en Dokploy)',
      '#   3072 MiB  este archivo como máximo; los límites de abajo suman 2624 MiB',
      '#   1536 MiB  libres para builds (Dokploy construye las imágenes en este VPS) y caché de disco',
      '#',
      '# Nada se publica en internet: GlitchTip y Grafana salen por un dominio de Dokploy (HTTPS);',
      '# el relay solo escucha en 127.0.0.1:3001 para el script de respaldos del VPS, y Prometheus (9090),',
      '# Alertmanager (9093) y Grafana (3002) en 127.0.0.1 para un túnel SSH.',
    ].join('\n'),
    [
      '# Monitoring for {app}: GlitchTip (errors) and the WhatsApp alert relay,',
      '# plus Prometheus, Alertmanager, Grafana, node-exporter and cAdvisor (metrics).',
      '#',
      '# Needs Docker Compose v2 (`docker compose`, the one Dokploy runs): the secrets and',
      '# the config below come from environment variables (`secrets: environment`, `configs: content`),',
      "# which `docker-compose` 1.x (Debian 12's package) does not know.",
      '#',
      '# In Dokploy: Create Service → Compose, type "Docker Compose" (not "Stack": Stack cannot build',
      '# the relay), Compose Path ./ops/monitoring/docker-compose.monitoring.yml. Secrets go in that',
      "# app's Environment tab; when one is missing the deploy stops and names it.",
      '#',
      '# Memory budget (Hostinger KVM 2: 8192 MiB)',
      '#   1536 MiB  OS, Docker, Traefik and Dokploy',
      '#   2048 MiB  the app: backend 512 + frontend 512 + Postgres 1024 (Advanced → Resources in Dokploy)',
      '#   3072 MiB  this file at most; the limits below add up to 2624 MiB',
      '#   1536 MiB  free for builds (Dokploy builds images on this VPS) and the disk cache',
      '#',
      '# Nothing is published to the internet: GlitchTip and Grafana go out through a Dokploy domain (HTTPS);',
      "# the relay listens on 127.0.0.1:3001 only, for the VPS's backup script, and Prometheus (9090),",
      '# Alertmanager (9093) and Grafana (3002) on 127.0.0.1 for an SSH tunnel.',
    ].join('\n'),
  ),
  'compose.header': msg(
    [
      '# Monitoreo de {app}: GlitchTip (errores) y el relay de alertas por WhatsApp.',
      '#',
      '# Necesita Docker Compose v2 (`docker compose`, el que usa Dokploy).',
      '#',
      '# En Dokploy: Create Service → Compose, tipo "Docker Compose" (no "Stack": Stack no construye',
      '# el relay), Compose Path ./ops/monitoring/docker-compose.monitoring.yml. Los secretos van en',
      '# la pestaña Environment de esa app; si falta uno, el despliegue se detiene y dice cuál.',
      '#',
      '# Presupuesto de memoria (Hostinger KVM 2: 8192 MiB)',
      '#   1536 MiB  sistema, Docker, Traefik y Dokploy',
      '#   2048 MiB  la app: backend 512 + frontend 512 + Postgres 1024 (Advanced → Resources en Dokploy)',
      '#   3072 MiB  este archivo como máximo; los límites de abajo suman 1536 MiB',
      '#   1536 MiB  libres para builds (Dokploy construye las imágenes en este VPS) y caché de disco',
      '#',
      '# Nada se publica en internet: GlitchTip sale por un dominio de Dokploy (HTTPS);',
      '# el relay solo escucha en 127.0.0.1:3001 para el script de respaldos del VPS.',
    ].join('\n'),
    [
      '# Monitoring for {app}: GlitchTip (errors) and the WhatsApp alert relay.',
      '#',
      '# Needs Docker Compose v2 (`docker compose`, the one Dokploy runs).',
      '#',
      '# In Dokploy: Create Service → Compose, type "Docker Compose" (not "Stack": Stack cannot build',
      '# the relay), Compose Path ./ops/monitoring/docker-compose.monitoring.yml. Secrets go in that',
      "# app's Environment tab; when one is missing the deploy stops and names it.",
      '#',
      '# Memory budget (Hostinger KVM 2: 8192 MiB)',
      '#   1536 MiB  OS, Docker, Traefik and Dokploy',
      '#   2048 MiB  the app: backend 512 + frontend 512 + Postgres 1024 (Advanced → Resources in Dokploy)',
      '#   3072 MiB  this file at most; the limits below add up to 1536 MiB',
      '#   1536 MiB  free for builds (Dokploy builds images on this VPS) and the disk cache',
      '#',
      '# Nothing is published to the internet: GlitchTip goes out through a Dokploy domain (HTTPS);',
      "# the relay listens on 127.0.0.1:3001 only, for the VPS's backup script.",
    ].join('\n'),
  ),
  'compose.glitchtipDbPasswordMissing': msg(
    'falta GLITCHTIP_DB_PASSWORD (openssl rand -hex 24)',
    'GLITCHTIP_DB_PASSWORD is missing (openssl rand -hex 24)',
  ),
  'compose.glitchtipSecretKeyMissing': msg(
    'falta GLITCHTIP_SECRET_KEY (openssl rand -hex 32)',
    'GLITCHTIP_SECRET_KEY is missing (openssl rand -hex 32)',
  ),
  'compose.glitchtipDomainMissing': msg(
    'falta GLITCHTIP_DOMAIN, p. ej. https://errores.tudominio.mx',
    'GLITCHTIP_DOMAIN is missing, e.g. https://errors.yourdomain.com',
  ),
  'compose.glitchtipDbPasswordMissingShort': msg('falta GLITCHTIP_DB_PASSWORD', 'GLITCHTIP_DB_PASSWORD is missing'),
  'compose.alertsTokenMissingOpenssl': msg(
    'falta ALERTS_TOKEN (openssl rand -hex 32; el mismo valor en el backend)',
    'ALERTS_TOKEN is missing (openssl rand -hex 32; the same value in the backend)',
  ),
  'compose.grafanaAdminPasswordMissing': msg('falta GRAFANA_ADMIN_PASSWORD', 'GRAFANA_ADMIN_PASSWORD is missing'),
  'compose.metricsTokenMissingOpenssl': msg(
    'falta METRICS_TOKEN (openssl rand -hex 32; el mismo valor en el backend)',
    'METRICS_TOKEN is missing (openssl rand -hex 32; the same value in the backend)',
  ),
  'compose.backendAppNameMissing': msg(
    'falta BACKEND_APP_NAME, el nombre real del servicio del backend (CHECKLIST.md, OPS-005)',
    'BACKEND_APP_NAME is missing, the real name of the backend service (CHECKLIST.md, OPS-005)',
  ),
  // tools/dev.mjs (`npm run dev` at the repo's root)
  'dev.noDocker': msg(
    'Docker no responde ("docker info" falló): instálalo y arráncalo (README, "Desarrollo local").',
    'Docker does not answer ("docker info" failed): install and start it (README, "Local development").',
  ),
  'dev.noCompose': msg(
    'Falta Docker Compose (ni "docker compose" ni "docker-compose"): instálalo (README, "Desarrollo local").',
    'Docker Compose is missing (neither "docker compose" nor "docker-compose"): install it (README, "Local development").',
  ),
  'dev.noTool': msg(
    'Falta ${tool} en el PATH: instálalo (README, "Desarrollo local").',
    '${tool} is not on the PATH: install it (README, "Local development").',
  ),
  'dev.startingDb': msg('arrancando el Postgres local (compose.dev.yml)…', 'starting the local Postgres (compose.dev.yml)…'),
  'dev.installing': msg('instalando las dependencias de ${part} (${command})…', 'installing the ${part} dependencies (${command})…'),
  'dev.waiting': msg(
    'esperando a Postgres en ${where} y aplicando las migraciones…',
    'waiting for Postgres at ${where} and applying the migrations…',
  ),
  'dev.dbTimeout': msg(
    'Postgres no respondió en ${seconds} s: revisa "docker compose -f compose.dev.yml logs db".',
    'Postgres did not answer in ${seconds} s: see "docker compose -f compose.dev.yml logs db".',
  ),
  'dev.migrateFailed': msg(
    'las migraciones fallaron (arriba): corrige el archivo que se nombra y vuelve a correr npm run dev.',
    'the migrations failed (above): fix the file it names and run npm run dev again.',
  ),
  'dev.ready': msg(
    'backend http://localhost:${backend} · frontend http://localhost:${frontend} · Ctrl-C detiene todo',
    'backend http://localhost:${backend} · frontend http://localhost:${frontend} · Ctrl-C stops everything',
  ),
  'dev.exited': msg('${name} se detuvo (código ${code}): deteniendo todo.', '${name} stopped (exit code ${code}): stopping everything.'),
  'dev.stopping': msg('deteniendo backend, frontend y Postgres…', 'stopping the backend, the frontend and Postgres…'),
  'dev.stopped': msg(
    'detenido. Tus datos siguen en el volumen de Docker ("docker compose -f compose.dev.yml down -v" los borra).',
    'stopped. Your data stays in the Docker volume ("docker compose -f compose.dev.yml down -v" deletes it).',
  ),
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
