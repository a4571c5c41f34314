#!/usr/bin/env bash
# Backup of the shop-demo Postgres database to Cloudflare R2.
#
# pg_dump -Fc inside the Dokploy database container -> gzip or zstd -> check (pg_restore reads the
# whole archive) -> (age encryption) -> upload to R2 (in parts above 4.995 GiB) -> keep the last
# KEEP_LOCAL local copies (also when the upload fails).
# Any failure: a WhatsApp alert through the relay (when ALERTS_URL is set) and a non-zero exit.
# Settings: backup.env next to this script (see backup.env.example). Runs by hand, from cron
# (cron/backup-postgres) or from the systemd timer (systemd/).
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
    err "the backup $NAME is complete in R2, but the run stopped at step '$STEP' (exit code $status)"
    send_alert "⚠️ The $APP backup $NAME on $(hostname) is complete in R2, but the run stopped at '$STEP' (exit code $status). See /var/log/$APP-backup.log"
    return 0
  fi
  err "the backup FAILED at step '$STEP' (exit code $status)"
  send_alert "❌ The $APP backup failed on $(hostname) at '$STEP' (exit code $status). See /var/log/$APP-backup.log"
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
    log "ALERTS_URL is empty: no WhatsApp alert sent"
    return 0
  fi
  local body
  body="{\"text\": $(json_string "$1"), \"key\": \"backup-failed\"}"
  if curl --fail -sS --max-time 20 --retry 2 -o /dev/null \
    -H @<(printf 'Authorization: Bearer %s\n' "${ALERTS_TOKEN:-}") \
    -H 'Content-Type: application/json' --data-binary "$body" "${ALERTS_URL%/}/alert"; then
    log "alert sent to the relay"
  else
    err "could not send the alert to ${ALERTS_URL%/}/alert"
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
  log "last-backup metric written to $dir/pyme_backup.prom"
}

# Deletes the oldest local copies beyond KEEP_LOCAL (names sort by their UTC timestamp).
prune_local() {
  local copies=("$BACKUP_DIR/$PG_DB"-*.dump.*)
  local extra=$((${#copies[@]} - KEEP_LOCAL)) i
  for ((i = 0; i < extra; i++)); do
    rm -f -- "${copies[i]}"
    log "deleted old local copy: ${copies[i]}"
  done
}

step "read the settings"
load_settings
require_commands docker curl flock sha256sum gzip pgrep
[ "$COMPRESSION" = gzip ] || require_commands zstd
[ -z "${AGE_RECIPIENT:-}" ] || require_commands age

# Only one run at a time (cron, the timer and a manual run share this lock).
exec 9> "$LOCK_FILE"
if ! flock -n 9; then
  log "another backup is running (lock $LOCK_FILE): this run does nothing"
  exit 0
fi

step "find the Postgres container"
find_container
log "container $CONTAINER"

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

step "dump the database $PG_DB (pg_dump -Fc, $COMPRESSION)"
# -Z 0: leave compression to gzip/zstd outside (compressing twice wastes CPU and size).
dump() { in_postgres pg_dump -Fc -Z 0 -U "$PG_USER" -d "$PG_DB" | compress > "$WORK/$NAME"; }
waited dump
log "$NAME: $(du -h "$WORK/$NAME" | cut -f1)"

step "verify the archive (pg_restore reads all of it)"
waited verify_archive "$WORK/$NAME"

if [ -n "${AGE_RECIPIENT:-}" ]; then
  step "encrypt with age"
  waited age -r "$AGE_RECIPIENT" -o "$WORK/$NAME.age" "$WORK/$NAME"
  rm -f -- "$WORK/$NAME"
  NAME="$NAME.age"
fi
# Into the backup folder before the upload, so a failed upload still leaves the local copy.
mv -- "$WORK/$NAME" "$BACKUP_DIR/$NAME"

step "upload to R2: $R2_BUCKET/$R2_PREFIX$NAME"
r2_upload "$R2_PREFIX$NAME" "$BACKUP_DIR/$NAME"
UPLOADED=1

step "keep the last $KEEP_LOCAL local copies in $BACKUP_DIR"
prune_local
write_metric
log "done: backup $NAME is in R2"
