# shellcheck shell=bash
# Shared by backup-postgres-to-r2.sh and restore-from-r2.sh: settings, log lines, the database
# container, compression and the R2 requests. Not run by itself.
#
# S3 client: curl with --aws-sigv4 (curl >= 7.75). Ubuntu 24.04 ships curl 8.5, so the VPS needs
# nothing extra. awscli is not in Ubuntu 24.04's apt and its newer versions send checksums R2
# rejects (AWS_REQUEST_CHECKSUM_CALCULATION=when_required works around it); rclone is one more
# package to install and configure. curl sends no checksum headers, only x-amz-content-sha256,
# which R2 checks against the body. Limit: one PUT holds at most 5 GB (R2's single upload limit),
# far above a compressed dump of a small business's database.

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

# Writes the plain archive of a compressed file (by its extension) to stdout.
decompress() {
  case "$1" in
    *.gz) gzip -dc -- "$1" ;;
    *.zst) zstd -dcq -- "$1" ;;
    *) die "no sé descomprimir $1 (se esperaba .gz o .zst)" ;;
  esac
}

# Fails unless the archive is a whole pg_dump custom-format file.
verify_archive() {
  decompress "$1" | in_postgres pg_restore --list > /dev/null
}

# One request to the bucket, signed with SigV4. The keys go through a curl config on a pipe,
# so they never show up in `ps`. Usage: r2 <path?query> <output file, or - for stdout> [curl options...]
r2() {
  local path="$1" out="$2" tmp rc=0
  shift 2
  if [ "$out" = - ]; then tmp="$(mktemp)"; else tmp="$(mktemp "$(dirname -- "$out")/.r2.XXXXXX")"; fi
  curl --fail-with-body -sS --connect-timeout 20 --max-time 3600 --retry 3 --retry-connrefused \
    --aws-sigv4 "aws:amz:auto:s3" \
    --config <(printf 'user = "%s:%s"\n' "$R2_ACCESS_KEY_ID" "$R2_SECRET_ACCESS_KEY") \
    -o "$tmp" "$@" "${R2_ENDPOINT%/}/$R2_BUCKET/$path" || rc=$?
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

urlencode() {
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

# Every key under R2_PREFIX, oldest first (names carry a UTC timestamp). Follows pages of 1000.
list_backups() {
  local token="" query page
  while :; do
    # Query parameters in sorted order and encoded: the signature covers them as they are.
    query="list-type=2&prefix=$(urlencode "$R2_PREFIX")"
    [ -z "$token" ] || query="continuation-token=$(urlencode "$token")&$query"
    page="$(r2 "?$query" - -H "x-amz-content-sha256: $EMPTY_SHA256")"
    grep -o '<Key>[^<]*</Key>' <<< "$page" | sed -e 's/<[^>]*>//g' || true
    grep -q '<IsTruncated>true</IsTruncated>' <<< "$page" || break
    token="$(grep -o '<NextContinuationToken>[^<]*</NextContinuationToken>' <<< "$page" | sed -e 's/<[^>]*>//g')"
  done | sort
}
