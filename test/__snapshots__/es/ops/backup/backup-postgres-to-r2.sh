#!/usr/bin/env bash
# Respaldo de la base Postgres de tienda-demo a Cloudflare R2.
#
# pg_dump -Fc dentro del contenedor de la base de Dokploy -> gzip o zstd -> revisión (pg_restore lee
# el archivo entero) -> (cifrado con age) -> subida a R2 (en partes si pasa de 4.995 GiB) -> conserva
# las últimas KEEP_LOCAL copias locales (también si la subida falla).
# Si algo falla: alerta por WhatsApp a través del relay (si ALERTS_URL está puesto) y sale con error.
# Configuración: backup.env junto a este script (ver backup.env.example). Corre a mano, desde cron
# (cron/backup-postgres) o desde el timer de systemd (systemd/).
set -euo pipefail
umask 077
# shellcheck source=backup-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/backup-common.sh"

WORK="" PRUNE=0 UPLOADED=0
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    abort_upload
    # A failing upload must not fill the disk: the local copies are pruned all the same.
    [ "$PRUNE" = 0 ] || prune_local
  fi
  [ -z "$WORK" ] || rm -rf -- "$WORK"
  [ "$status" -eq 0 ] && return 0
  # Stopped after the upload (a signal, a full disk while pruning): the backup itself is in R2.
  if [ "$UPLOADED" = 1 ]; then
    write_metric || true
    err "el respaldo $NAME ya está completo en R2, pero la corrida se detuvo en el paso «$STEP» (código $status)"
    send_alert "⚠️ El respaldo $NAME de $APP en $(hostname) está completo en R2, pero la corrida se detuvo en «$STEP» (código $status). Revisa /var/log/$APP-backup.log"
    return 0
  fi
  err "el respaldo FALLÓ en el paso «$STEP» (código $status)"
  send_alert "❌ Falló el respaldo de $APP en $(hostname) durante «$STEP» (código $status). Revisa /var/log/$APP-backup.log"
}

# Every process this script started, and theirs: listed first, then stopped together (a parent
# stopped first would leave its children to init, out of reach).
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    echo "$child"
    descendants "$child"
  done
}
stop_children() {
  local pids
  mapfile -t pids < <(descendants "$$")
  [ "${#pids[@]}" -eq 0 ] || kill -TERM "${pids[@]}" 2> /dev/null || true
  wait || true
}
trap on_exit EXIT
trap 'stop_children; exit 130' INT
trap 'stop_children; exit 143' TERM

# bash runs a trap only once the foreground command ends: the long steps run in the background and
# the script waits for them (wait returns at once on a signal), so kill or Ctrl-C stops them now.
waited() {
  "$@" &
  wait "$!"
}

# A JSON string for any text: the alert text holds step names and host names.
json_string() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="${s//$'\n'/\\n}"
  s="${s//$'\t'/\\t}"
  printf '"%s"' "$(printf '%s' "$s" | tr -d '\000-\037')"
}

# POST {"text", "key"} to the relay; the token goes in a header read from a pipe (not in `ps`).
send_alert() {
  if [ -z "${ALERTS_URL:-}" ]; then
    log "ALERTS_URL está vacío: no se envió alerta por WhatsApp"
    return 0
  fi
  local body
  body="{\"text\": $(json_string "$1"), \"key\": \"backup-failed\"}"
  if curl --fail -sS --max-time 20 --retry 2 -o /dev/null \
    -H @<(printf 'Authorization: Bearer %s\n' "${ALERTS_TOKEN:-}") \
    -H 'Content-Type: application/json' --data-binary "$body" "${ALERTS_URL%/}/alert"; then
    log "alerta enviada al relay"
  else
    err "no se pudo enviar la alerta a ${ALERTS_URL%/}/alert"
  fi
}

compress() {
  # gzip -6 (its default; -9 is slower for a few bytes) is everywhere. zstd -3 on every core
  # makes a slightly smaller archive in a quarter of gzip's time (sudo apt install zstd).
  case "$COMPRESSION" in
    gzip) gzip -6 ;;
    zstd) zstd -q -3 -T0 ;;
  esac
}

# node-exporter's textfile collector reads *.prom: write a temp name, then rename (atomic).
write_metric() {
  local dir="${METRICS_TEXTFILE_DIR:-}"
  if [ -z "$dir" ] && [ -d /var/lib/node_exporter/textfile_collector ]; then
    dir=/var/lib/node_exporter/textfile_collector
  fi
  [ -n "$dir" ] || return 0
  local tmp="$dir/.pyme_backup.prom.$$"
  {
    echo '# HELP pyme_backup_last_success_timestamp_seconds Unix time of the last backup uploaded to R2.'
    echo '# TYPE pyme_backup_last_success_timestamp_seconds gauge'
    echo "pyme_backup_last_success_timestamp_seconds $(date +%s)"
  } > "$tmp"
  chmod 644 "$tmp"
  mv -f -- "$tmp" "$dir/pyme_backup.prom"
  log "métrica de último respaldo escrita en $dir/pyme_backup.prom"
}

# Deletes the oldest local copies beyond KEEP_LOCAL (names sort by their UTC timestamp).
prune_local() {
  local copies=("$BACKUP_DIR/$PG_DB"-*.dump.*)
  local extra=$((${#copies[@]} - KEEP_LOCAL)) i
  for ((i = 0; i < extra; i++)); do
    rm -f -- "${copies[i]}"
    log "borrada copia local vieja: ${copies[i]}"
  done
}

step "leer la configuración"
load_settings
require_commands docker curl flock sha256sum gzip pgrep
[ "$COMPRESSION" = gzip ] || require_commands zstd
[ -z "${AGE_RECIPIENT:-}" ] || require_commands age

# Only one run at a time (cron, the timer and a manual run share this lock).
exec 9> "$LOCK_FILE"
if ! flock -n 9; then
  log "ya hay otro respaldo corriendo (candado $LOCK_FILE): este no hace nada"
  exit 0
fi

step "buscar el contenedor de Postgres"
find_container
log "contenedor $CONTAINER"

mkdir -p -- "$BACKUP_DIR"
shopt -s nullglob
PRUNE=1
# One work folder for every temporary file (the archive being made, multipart slices, R2's
# answers), emptied by the exit trap. A run killed outright (SIGKILL, power loss) leaves it, and
# the next run, holding the lock, removes it before starting, with what older versions left
# (.work.* folders, .part.* slices).
WORK="$BACKUP_DIR/.work"
rm -rf -- "$WORK" "$BACKUP_DIR"/.work.* "$BACKUP_DIR"/.part.* "$BACKUP_DIR"/.r2.*
mkdir -- "$WORK"
case "$COMPRESSION" in gzip) EXT=gz ;; zstd) EXT=zst ;; esac
NAME="$PG_DB-$(date -u +%Y%m%dT%H%M%SZ).dump.$EXT"

step "volcar la base $PG_DB (pg_dump -Fc, $COMPRESSION)"
# -Z 0: leave compression to gzip/zstd outside (compressing twice wastes CPU and size).
dump() { in_postgres pg_dump -Fc -Z 0 -U "$PG_USER" -d "$PG_DB" | compress > "$WORK/$NAME"; }
waited dump
log "$NAME: $(du -h "$WORK/$NAME" | cut -f1)"

step "verificar el archivo (pg_restore lo lee entero)"
waited verify_archive "$WORK/$NAME"

if [ -n "${AGE_RECIPIENT:-}" ]; then
  step "cifrar con age"
  waited age -r "$AGE_RECIPIENT" -o "$WORK/$NAME.age" "$WORK/$NAME"
  rm -f -- "$WORK/$NAME"
  NAME="$NAME.age"
fi
# Into the backup folder before the upload, so a failed upload still leaves the local copy.
mv -- "$WORK/$NAME" "$BACKUP_DIR/$NAME"

step "subir a R2: $R2_BUCKET/$R2_PREFIX$NAME"
r2_upload "$R2_PREFIX$NAME" "$BACKUP_DIR/$NAME"
UPLOADED=1

step "conservar las últimas $KEEP_LOCAL copias locales en $BACKUP_DIR"
prune_local
write_metric
log "listo: respaldo $NAME en R2"
