# shellcheck shell=bash
# Shared by backup-postgres-to-r2.sh and restore-from-r2.sh: settings, log lines, the database
# container, compression, the archive check and the R2 requests. Not run by itself.
#
# S3 client: curl with --aws-sigv4 (curl >= 7.75). Ubuntu 24.04 ships curl 8.5, so the VPS needs
# nothing extra. awscli is not in Ubuntu 24.04's apt and its newer versions send checksums R2
# rejects (AWS_REQUEST_CHECKSUM_CALCULATION=when_required works around it); rclone is one more
# package to install and configure. curl sends no checksum headers, only x-amz-content-sha256,
# which R2 checks against the body. One PUT holds at most 4.995 GiB (R2's limit): a bigger
# archive goes up as a multipart upload (r2_upload below).

# $(...) keeps set -e: a failed request inside a command substitution stops the script.
shopt -s inherit_errexit
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENV_FILE="${BACKUP_ENV_FILE:-$HERE/backup.env}"
DEFAULT_BUCKET='tienda-demo-backups'
DEFAULT_DB='tienda_demo'
APP='tienda-demo'
# shellcheck disable=SC2034 # STEP is read by the scripts that source this file
STEP="inicio"

log() { printf '%s %s\n' "$(date '+%Y-%m-%d %H:%M:%S %Z')" "$*"; }
err() { log "ERROR: $*" >&2; }
die() { err "$*"; exit 1; }
# One line per step; STEP names the step in the failure alert.
step() {
  # shellcheck disable=SC2034 # read by the failure alert of the backup script
  STEP="$1"
  log "== $1"
}

load_settings() {
  [ -f "$ENV_FILE" ] || die "no existe $ENV_FILE: cópialo de backup.env.example y llena los valores"
  # shellcheck source=/dev/null
  . "$ENV_FILE"
  R2_BUCKET="${R2_BUCKET:-$DEFAULT_BUCKET}"
  R2_PREFIX="${R2_PREFIX:-postgres/}"
  PG_DB="${PG_DB:-$DEFAULT_DB}"
  PG_USER="${PG_USER:-postgres}"
  COMPRESSION="${COMPRESSION:-gzip}"
  BACKUP_DIR="${BACKUP_DIR:-/var/backups/$APP}"
  KEEP_LOCAL="${KEEP_LOCAL:-3}"
  LOCK_FILE="${LOCK_FILE:-/run/lock/$APP-backup.lock}"
  if [ -z "${R2_ENDPOINT:-}" ] && [ -n "${R2_ACCOUNT_ID:-}" ]; then
    R2_ENDPOINT="https://$R2_ACCOUNT_ID.r2.cloudflarestorage.com"
  fi

  local missing=()
  [ -n "${R2_ENDPOINT:-}" ] || missing+=("R2_ACCOUNT_ID: el Account ID de Cloudflare (panel de R2, a la derecha)")
  [ -n "${R2_ACCESS_KEY_ID:-}" ] || missing+=("R2_ACCESS_KEY_ID: el Access Key ID del token de API de R2")
  [ -n "${R2_SECRET_ACCESS_KEY:-}" ] || missing+=("R2_SECRET_ACCESS_KEY: el Secret Access Key del mismo token")
  [ -n "${PG_SERVICE:-}${PG_CONTAINER:-}" ] || missing+=("PG_SERVICE: el nombre del servicio de Postgres en Dokploy (el host de su Internal Connection URL)")
  case "$COMPRESSION" in gzip | zstd) ;; *) missing+=("COMPRESSION: debe ser gzip o zstd, no '$COMPRESSION'") ;; esac
  [[ "$KEEP_LOCAL" =~ ^[1-9][0-9]*$ ]] || missing+=("KEEP_LOCAL: debe ser un número mayor que 0")
  if [ -n "${ALERTS_URL:-}" ] && [ -z "${ALERTS_TOKEN:-}" ]; then
    missing+=("ALERTS_TOKEN: el mismo ALERTS_TOKEN que tiene el relay de alertas en Dokploy")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    err "faltan o están mal estos valores en $ENV_FILE:"
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

# Exits with a clear message when a command the scripts use is not installed.
require_commands() {
  local c package
  for c in "$@"; do
    command -v "$c" > /dev/null && continue
    case "$c" in
      flock) package=util-linux ;;
      sha256sum) package=coreutils ;;
      pgrep) package=procps ;;
      docker) die "falta docker: corre este script en el VPS de Dokploy" ;;
      *) package="$c" ;;
    esac
    die "falta el comando '$c': instálalo con  sudo apt install $package"
  done
}

# The running container of the Dokploy database (a Swarm service), or PG_CONTAINER when given.
find_container() {
  if [ -n "${PG_CONTAINER:-}" ]; then
    CONTAINER="$PG_CONTAINER"
  else
    CONTAINER="$(docker ps -q --filter status=running --filter "label=com.docker.swarm.service.name=$PG_SERVICE" | head -n 1)"
  fi
  [ -n "$CONTAINER" ] || die "no hay un contenedor corriendo del servicio '$PG_SERVICE' (revisa PG_SERVICE con: docker service ls)"
}

# Runs a Postgres tool inside the database container; -i passes stdin, never -t (a TTY corrupts binary dumps).
in_postgres() {
  if [ -n "${PG_PASSWORD:-}" ]; then
    PGPASSWORD="$PG_PASSWORD" docker exec -i -e PGPASSWORD "$CONTAINER" "$@"
  else
    docker exec -i "$CONTAINER" "$@"
  fi
}

# Writes the plain archive of a compressed file to stdout. Usage: decompress FILE [NAME]; NAME
# (FILE by default) picks the format by its extension; FILE - reads stdin (age's output, say).
decompress() {
  local input="$1" name="${2:-$1}"
  [ "$input" != - ] || input=/dev/stdin
  case "$name" in
    *.gz) gzip -dc < "$input" ;;
    *.zst) zstd -dcq < "$input" ;;
    *) die "no sé descomprimir $name (se esperaba .gz o .zst)" ;;
  esac
}

# Fails unless the archive is a whole pg_dump custom-format file: pg_restore reads every block
# (the SQL goes to /dev/null), so a truncated or corrupt archive fails here. (--list would stop
# after the table of contents, and gzip or zstd would die of SIGPIPE on any real-sized dump.)
verify_archive() {
  decompress "$1" | in_postgres pg_restore -f /dev/null
}

# One request to the bucket, signed with SigV4. The keys go through a curl config on a pipe,
# so they never show up in `ps`. Usage: r2 <path?query> <output file, or - for stdout> [curl options...]
r2() {
  local path="$1" out="$2" tmp rc=0
  shift 2
  # In the run's work folder when there is one (the exit trap and the next run clean it).
  if [ "$out" = - ]; then tmp="$(mktemp "${WORK:-${TMPDIR:-/tmp}}/r2.XXXXXX")"; else tmp="$(mktemp "$(dirname -- "$out")/.r2.XXXXXX")"; fi
  # No overall time limit (a big upload takes what it takes); a transfer under 1 kB/s for
  # PYME_BACKUP_STALL_SECONDS (120) is stalled: curl gives up and retries.
  curl --fail-with-body -sS --connect-timeout 20 --speed-limit 1024 --speed-time "${PYME_BACKUP_STALL_SECONDS:-120}" \
    --retry 3 --retry-connrefused \
    --aws-sigv4 "aws:amz:auto:s3" \
    --config <(printf 'user = "%s:%s"\n' "$R2_ACCESS_KEY_ID" "$R2_SECRET_ACCESS_KEY") \
    -o "$tmp" "$@" "${R2_ENDPOINT%/}/$R2_BUCKET/$path" &
  # Waited for, not run in the foreground: bash runs a TERM trap only once the foreground command
  # ends, and the wait builtin returns at once, so a stopped script stops its upload too.
  wait "$!" || rc=$?
  if [ "$rc" -ne 0 ]; then
    # R2 explains a refusal in a short XML body: <Error><Code>...</Code><Message>...</Message></Error>
    if [ -s "$tmp" ] && [ "$(stat -c %s -- "$tmp")" -lt 4096 ]; then
      err "R2: $(tr -d '\n' < "$tmp")"
      if grep -qE 'AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch' "$tmp"; then
        err "revisa R2_ACCESS_KEY_ID y R2_SECRET_ACCESS_KEY, y que el token tenga permiso sobre el bucket $R2_BUCKET"
      fi
    fi
    rm -f -- "$tmp"
    return "$rc"
  fi
  if [ "$out" = - ]; then
    cat -- "$tmp"
    rm -f -- "$tmp"
  else
    mv -f -- "$tmp" "$out"
  fi
}

# sha256 of an empty body, for requests without one.
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

# RFC 3986 encoding of a string's UTF-8 bytes, as S3 signs it (LC_ALL=C: byte by byte, so "é" is %C3%A9).
urlencode() {
  local LC_ALL=C
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# The request path of a key: encoded (spaces, accents, ':'), its '/' kept.
key_path() {
  local p
  p="$(urlencode "$1")"
  printf '%s' "${p//%2F//}"
}

# Every key under R2_PREFIX, oldest first (names carry a UTC timestamp). Follows pages of 1000;
# a page that cannot be read fails the whole listing (a partial list would pick an old backup).
list_backups() {
  local token="" query page keys=""
  while :; do
    # Query parameters in sorted order and encoded: the signature covers them as they are.
    query="list-type=2&prefix=$(urlencode "$R2_PREFIX")"
    [ -z "$token" ] || query="continuation-token=$(urlencode "$token")&$query"
    page="$(r2 "?$query" - -H "x-amz-content-sha256: $EMPTY_SHA256")" ||
      die "no se pudo leer la lista de respaldos en $R2_BUCKET/$R2_PREFIX"
    keys+="$(grep -o '<Key>[^<]*</Key>' <<< "$page" | sed -e 's/<[^>]*>//g' || true)"$'\n'
    grep -q '<IsTruncated>true</IsTruncated>' <<< "$page" || break
    token="$(grep -o '<NextContinuationToken>[^<]*</NextContinuationToken>' <<< "$page" | sed -e 's/<[^>]*>//g' || true)"
    [ -n "$token" ] || die "R2 dijo que hay más respaldos pero no dio cómo seguir la lista"
  done
  # XML entities in keys (&amp; and the like) back to characters.
  sed -e '/^$/d' -e 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g' <<< "$keys" | LC_ALL=C sort
}

# R2 takes one PUT of at most 4.995 GiB; PYME_BACKUP_SINGLE_PUT_LIMIT (bytes) lowers it, for tests.
SINGLE_PUT_LIMIT="${PYME_BACKUP_SINGLE_PUT_LIMIT:-5363340410}"
# Set while a multipart upload is open: abort_upload cancels it (its parts would be billed).
UPLOAD_KEY="" UPLOAD_ID=""

# Uploads a file to a key: one PUT up to SINGLE_PUT_LIMIT, a multipart upload above it.
r2_upload() {
  local key="$1" file="$2" size
  size="$(stat -c %s -- "$file")"
  if [ "$size" -le "$SINGLE_PUT_LIMIT" ]; then
    r2 "$(key_path "$key")" - -T "$file" -H "x-amz-content-sha256: $(sha256sum -- "$file" | cut -d' ' -f1)" > /dev/null
  else
    r2_multipart "$key" "$file" "$size"
  fi
}

# CreateMultipartUpload, then one UploadPart per slice of the file (cut with dd, hashed, sent;
# at most 100 MiB, at least 5 MiB but the last), then CompleteMultipartUpload with their ETags.
r2_multipart() {
  local key="$1" file="$2" size="$3" path mib parts n part headers etag body answer
  path="$(key_path "$key")"
  mib=$((SINGLE_PUT_LIMIT / 1048576))
  [ "$mib" -le 100 ] || mib=100
  [ "$mib" -ge 5 ] || die "PYME_BACKUP_SINGLE_PUT_LIMIT debe ser de al menos 5 MiB (5242880)"
  parts=$(((size + mib * 1048576 - 1) / (mib * 1048576)))
  [ "$parts" -le 10000 ] || die "el archivo es demasiado grande para R2 ($size bytes)"
  # Answers go to a file, not through $(...): the main shell must be in a wait when a signal comes.
  r2 "$path?uploads=" "$WORK/answer" -X POST -H "x-amz-content-sha256: $EMPTY_SHA256"
  answer="$(cat -- "$WORK/answer")"
  UPLOAD_ID="$(grep -o '<UploadId>[^<]*</UploadId>' <<< "$answer" | sed -e 's/<[^>]*>//g' || true)"
  [ -n "$UPLOAD_ID" ] || die "R2 no abrió la subida en partes: $answer"
  UPLOAD_KEY="$key"
  log "subida en $parts partes de $mib MiB ($size bytes)"
  # The slice being sent lives in the work folder: a stopped or killed run leaves no part behind.
  part="$WORK/part"
  headers="$WORK/part.headers"
  body="<CompleteMultipartUpload>"
  for ((n = 1; n <= parts; n++)); do
    dd if="$file" of="$part" bs=1M skip=$(((n - 1) * mib)) count="$mib" status=none
    r2 "$path?partNumber=$n&uploadId=$(urlencode "$UPLOAD_ID")" - -T "$part" -D "$headers" \
      -H "x-amz-content-sha256: $(sha256sum -- "$part" | cut -d' ' -f1)" > /dev/null
    etag="$(tr -d '\r' < "$headers" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' | tail -n 1)"
    [ -n "$etag" ] || die "R2 no devolvió el ETag de la parte $n"
    body+="<Part><PartNumber>$n</PartNumber><ETag>$etag</ETag></Part>"
  done
  rm -f -- "$part" "$headers"
  body+="</CompleteMultipartUpload>"
  # Complete can answer 200 with an <Error> inside: only a CompleteMultipartUploadResult is success.
  r2 "$path?uploadId=$(urlencode "$UPLOAD_ID")" "$WORK/answer" -X POST --data-binary "$body" -H 'Content-Type: application/xml' \
    -H "x-amz-content-sha256: $(printf '%s' "$body" | sha256sum | cut -d' ' -f1)"
  answer="$(cat -- "$WORK/answer")"
  grep -q '<CompleteMultipartUploadResult' <<< "$answer" || die "R2 no cerró la subida en partes: $answer"
  UPLOAD_ID=""
}

# Cancels an open multipart upload (from the failure path; never fails itself).
abort_upload() {
  [ -n "$UPLOAD_ID" ] || return 0
  r2 "$(key_path "$UPLOAD_KEY")?uploadId=$(urlencode "$UPLOAD_ID")" - -X DELETE -H "x-amz-content-sha256: $EMPTY_SHA256" > /dev/null 2>&1 ||
    err "no se pudo cancelar la subida en partes $UPLOAD_ID (R2 la borra sola a los 7 días)"
  UPLOAD_ID=""
}
