#!/usr/bin/env bash
# Restaura un respaldo de R2 (o un archivo local) en una base de datos Postgres.
#
#   restore-from-r2.sh --list                         lista los respaldos en R2
#   restore-from-r2.sh [--yes] DATABASE               restaura el más nuevo en DATABASE
#   restore-from-r2.sh [--yes] --backup KEY DATABASE  restaura uno con nombre (como lo muestra --list)
#   restore-from-r2.sh [--yes] --file PATH DATABASE   restaura una copia local (.gz, .zst, .age)
#
# Descarga -> revisa el comienzo del archivo (llave de age, compresión, formato) -> confirmación ->
# descifra, descomprime y pg_restore --clean --if-exists --no-owner en una sola lectura, dentro de una
# transacción que se confirma solo si el archivo se leyó entero y sin errores (todo o nada).
# Si DATABASE no existe se crea (y se borra si la restauración falla): restaura en una base nueva
# para revisar un respaldo con calma.
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
    -*) err "opción desconocida: $1"; usage ;;
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
      log "se borró la base $CREATED, creada por esta restauración"
    else
      err "no se pudo borrar la base $CREATED, creada por esta restauración: bórrala con dropdb"
    fi
  fi
  # One last line that says it failed and where (a usage error, 2, or a "no" is already explained).
  [ "$status" -eq 0 ] || [ "$status" -eq 2 ] || [ "$CANCELLED" = 1 ] ||
    err "la restauración FALLÓ en el paso «$STEP» (código $status)"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "leer la configuración"
load_settings
require_commands docker curl gzip

if [ "$LIST" = 1 ]; then
  step "respaldos en $R2_BUCKET/$R2_PREFIX (el último es el más nuevo)"
  list_backups
  exit 0
fi

[ -n "$TARGET" ] || { err "falta el nombre de la base de datos destino"; usage; }
# Only plain identifiers: the name goes into SQL below.
[[ "$TARGET" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "nombre de base no válido: '$TARGET' (letras, dígitos y _)"

if [ -n "$FILE" ]; then
  [ -f "$FILE" ] || die "no existe el archivo $FILE"
  NAME="$(basename -- "$FILE")"
  cp -- "$FILE" "$WORK/$NAME"
else
  if [ -z "$KEY" ]; then
    step "buscar el respaldo más nuevo en R2"
    KEY="$(list_backups | tail -n 1)"
    [ -n "$KEY" ] || die "no hay respaldos en $R2_BUCKET/$R2_PREFIX"
  fi
  NAME="$(basename -- "$KEY")"
  step "descargar $KEY"
  # Keys may hold ':' (Dokploy's own backups are named by an ISO time): send them encoded, as they are signed.
  r2 "$(key_path "$KEY")" "$WORK/$NAME" -H "x-amz-content-sha256: $EMPTY_SHA256"
fi

if [[ "$NAME" == *.age ]]; then
  require_commands age
  [ -n "${AGE_IDENTITY_FILE:-}" ] || die "el respaldo está cifrado: pon en AGE_IDENTITY_FILE la ruta de tu llave privada de age"
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

step "buscar el contenedor de Postgres"
find_container

step "revisar el comienzo del archivo"
# Its first bytes only, so a wrong age key or a file that is not a compressed pg_dump archive stops
# here, before the question. The whole archive is read once, by the restore below.
magic="$(set +o pipefail; plain_archive 2> "$WORK/start.err" | head -c 5 | tr -d '\0')"
if [ "$magic" != PGDMP ]; then
  cat -- "$WORK/start.err" >&2
  die "$NAME no es un archivo de pg_dump comprimido con gzip o zstd (o la llave de age no es la correcta)"
fi

if [ "$YES" != 1 ]; then
  echo "Esto BORRA y reemplaza las tablas de la base '$TARGET' con el respaldo $NAME."
  read -r -p "Escribe el nombre de la base para continuar: " answer
  if [ "$answer" != "$TARGET" ]; then
    err "cancelado: no se tocó nada"
    CANCELLED=1
    exit 1
  fi
fi

step "restaurar en la base $TARGET"
# Its own assignment, so a connection error stops here with psql's message instead of reading as "no such database".
exists="$(in_postgres psql -X -U "$PG_USER" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$TARGET'")" ||
  die "no se pudo consultar Postgres en el contenedor $CONTAINER (el error de psql está arriba)"
if [ -z "$exists" ]; then
  log "la base $TARGET no existe: se crea"
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
log "listo: $NAME restaurado en $TARGET"
