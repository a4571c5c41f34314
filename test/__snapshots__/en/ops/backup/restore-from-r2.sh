#!/usr/bin/env bash
# Restores a backup from R2 (or a local file) into a Postgres database.
#
#   restore-from-r2.sh --list                         lists the backups in R2
#   restore-from-r2.sh [--yes] DATABASE               restores the newest into DATABASE
#   restore-from-r2.sh [--yes] --backup KEY DATABASE  restores a named one (as --list shows it)
#   restore-from-r2.sh [--yes] --file PATH DATABASE   restores a local copy (.gz, .zst, .age)
#
# Download -> decrypt (age, AGE_IDENTITY_FILE) -> check (pg_restore reads the whole archive) -> confirmation ->
# pg_restore --clean --if-exists --no-owner in one transaction (all or nothing).
# DATABASE is created when it does not exist: restore into a new one to check a backup calmly.
set -euo pipefail
umask 077
# shellcheck source=backup-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/backup-common.sh"

usage() { sed -n '4,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

LIST=0 YES=0 KEY="" FILE="" TARGET=""
while [ $# -gt 0 ]; do
  case "$1" in
    --list) LIST=1 ;;
    --yes) YES=1 ;;
    --backup) KEY="${2:?--backup KEY}"; shift ;;
    --file) FILE="${2:?--file PATH}"; shift ;;
    -h | --help) usage ;;
    -*) err "unknown option: $1"; usage ;;
    *) [ -z "$TARGET" ] || usage; TARGET="$1" ;;
  esac
  shift
done

WORK="$(mktemp -d)"
on_exit() {
  local status=$?
  rm -rf -- "$WORK"
  # One last line that says it failed and where (2 is a usage error, already explained).
  [ "$status" -eq 0 ] || [ "$status" -eq 2 ] ||
    err "the restore FAILED at step '$STEP' (exit code $status)"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "read the settings"
load_settings
require_commands docker curl gzip

if [ "$LIST" = 1 ]; then
  step "backups in $R2_BUCKET/$R2_PREFIX (the last is the newest)"
  list_backups
  exit 0
fi

[ -n "$TARGET" ] || { err "the target database name is missing"; usage; }
# Only plain identifiers: the name goes into SQL below.
[[ "$TARGET" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "invalid database name: '$TARGET' (letters, digits and _)"

if [ -n "$FILE" ]; then
  [ -f "$FILE" ] || die "the file $FILE does not exist"
  NAME="$(basename -- "$FILE")"
  cp -- "$FILE" "$WORK/$NAME"
else
  if [ -z "$KEY" ]; then
    step "find the newest backup in R2"
    KEY="$(list_backups | tail -n 1)"
    [ -n "$KEY" ] || die "there are no backups in $R2_BUCKET/$R2_PREFIX"
  fi
  NAME="$(basename -- "$KEY")"
  step "download $KEY"
  # Keys may hold ':' (Dokploy's own backups are named by an ISO time): send them encoded, as they are signed.
  r2 "$(key_path "$KEY")" "$WORK/$NAME" -H "x-amz-content-sha256: $EMPTY_SHA256"
fi

if [[ "$NAME" == *.age ]]; then
  step "decrypt with age"
  require_commands age
  [ -n "${AGE_IDENTITY_FILE:-}" ] || die "the backup is encrypted: set AGE_IDENTITY_FILE to the path of your age private key"
  age -d -i "$AGE_IDENTITY_FILE" -o "$WORK/${NAME%.age}" "$WORK/$NAME"
  NAME="${NAME%.age}"
fi
[[ "$NAME" != *.zst ]] || require_commands zstd

step "find the Postgres container"
find_container

step "verify the archive (pg_restore reads all of it)"
verify_archive "$WORK/$NAME"

if [ "$YES" != 1 ]; then
  echo "This DELETES and replaces the tables of the database '$TARGET' with the backup $NAME."
  read -r -p "Type the database name to go on: " answer
  [ "$answer" = "$TARGET" ] || die "cancelled: nothing was changed"
fi

step "restore into the database $TARGET"
# Its own assignment, so a connection error stops here with psql's message instead of reading as "no such database".
exists="$(in_postgres psql -X -U "$PG_USER" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$TARGET'")" ||
  die "could not query Postgres in the container $CONTAINER (psql's error is above)"
if [ -z "$exists" ]; then
  log "the database $TARGET does not exist: creating it"
  in_postgres createdb -U "$PG_USER" "$TARGET"
fi
decompress "$WORK/$NAME" | in_postgres pg_restore --clean --if-exists --no-owner --single-transaction -U "$PG_USER" -d "$TARGET"
log "done: $NAME restored into $TARGET"
