#!/usr/bin/env bash
# Restores a backup from R2 (or a local file) into a Postgres database.
#
#   restore-from-r2.sh --list                         lists the backups in R2
#   restore-from-r2.sh [--yes] DATABASE               restores the newest into DATABASE
#   restore-from-r2.sh [--yes] --backup KEY DATABASE  restores a named one (as --list shows it)
#   restore-from-r2.sh [--yes] --file PATH DATABASE   restores a local copy (.gz, .zst, .age)
#
# Download -> check the start of the archive (age key, compression, format) -> confirmation ->
# decrypt, decompress and pg_restore --clean --if-exists --no-owner in one read, inside one
# transaction that commits only when the whole archive was read without an error (all or nothing).
# DATABASE is created when it does not exist (and dropped if the restore fails): restore into a
# new one to check a backup calmly.
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

WORK="$(mktemp -d)" CANCELLED=0 CREATED=""
on_exit() {
  local status=$?
  rm -rf -- "$WORK"
  # A database this run created is dropped again when the restore fails: it holds nothing.
  if [ "$status" -ne 0 ] && [ -n "$CREATED" ]; then
    if in_postgres dropdb -U "$PG_USER" --if-exists --force "$CREATED"; then
      log "dropped the database $CREATED this restore created"
    else
      err "could not drop the database $CREATED this restore created: drop it with dropdb"
    fi
  fi
  # One last line that says it failed and where (a usage error, 2, or a "no" is already explained).
  [ "$status" -eq 0 ] || [ "$status" -eq 2 ] || [ "$CANCELLED" = 1 ] ||
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
  require_commands age
  [ -n "${AGE_IDENTITY_FILE:-}" ] || die "the backup is encrypted: set AGE_IDENTITY_FILE to the path of your age private key"
fi
[[ "${NAME%.age}" != *.zst ]] || require_commands zstd

# The plain pg_dump archive on stdout, decrypted (age) and decompressed as it is read: never on disk.
plain_archive() {
  if [[ "$NAME" == *.age ]]; then
    age -d -i "$AGE_IDENTITY_FILE" -- "$WORK/$NAME" | decompress - "${NAME%.age}"
  else
    decompress "$WORK/$NAME"
  fi
}

step "find the Postgres container"
find_container

step "check the start of the archive"
# Its first bytes only, so a wrong age key or a file that is not a compressed pg_dump archive stops
# here, before the question. The whole archive is read once, by the restore below.
magic="$(set +o pipefail; plain_archive 2> "$WORK/start.err" | head -c 5 | tr -d '\0')"
if [ "$magic" != PGDMP ]; then
  cat -- "$WORK/start.err" >&2
  die "$NAME is not a pg_dump archive compressed with gzip or zstd (or the age key is the wrong one)"
fi

if [ "$YES" != 1 ]; then
  echo "This DELETES and replaces the tables of the database '$TARGET' with the backup $NAME."
  read -r -p "Type the database name to go on: " answer
  if [ "$answer" != "$TARGET" ]; then
    err "cancelled: nothing was changed"
    CANCELLED=1
    exit 1
  fi
fi

step "restore into the database $TARGET"
# Its own assignment, so a connection error stops here with psql's message instead of reading as "no such database".
exists="$(in_postgres psql -X -U "$PG_USER" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$TARGET'")" ||
  die "could not query Postgres in the container $CONTAINER (psql's error is above)"
if [ -z "$exists" ]; then
  log "the database $TARGET does not exist: creating it"
  in_postgres createdb -U "$PG_USER" "$TARGET"
  CREATED="$TARGET"
fi
# Read once, in one transaction, committed only when age, the decompressor (its checksum, read at
# the very end) and pg_restore (every block) all succeeded. pg_restore --single-transaction writes
# BEGIN first and its only COMMIT last (without it, it writes BEGIN/COMMIT around large objects
# itself, which would commit mid-stream). The last HOLD bytes of its SQL (that COMMIT and the
# comment lines after it) are held back in a file by tail and sent to psql only once the whole
# pipeline exited 0; otherwise psql reaches the end inside the transaction and Postgres rolls it
# back. Holding the tail costs two pipe copies of the SQL; a scratch database renamed into place
# would write the data twice and needs the target's sessions gone, and filtering SQL lines could
# touch data rows that read "COMMIT;".
HOLD=65536
mkfifo -- "$WORK/sql.fifo"
{
  tail -c "$HOLD" < "$WORK/sql.fifo" > "$WORK/sql.tail" &
  held=$!
  plain_archive | in_postgres pg_restore --single-transaction --clean --if-exists --no-owner -f - |
    tee -- "$WORK/sql.fifo" | head -c "-$HOLD" && wait "$held" && cat -- "$WORK/sql.tail"
} | in_postgres psql -X -q -v ON_ERROR_STOP=1 -U "$PG_USER" -d "$TARGET" > /dev/null
log "done: $NAME restored into $TARGET"
