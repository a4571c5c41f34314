#!/usr/bin/env bash
# Deploys shop-demo through Dokploy. .github/workflows/ci.yml runs it on main, after every test
# job passed:
#   DEPLOY_METHOD=api      POST $DOKPLOY_URL/api/application.deploy (header x-api-key) per app id,
#                          titled with the commit; a secret named *_COMPOSE_ID goes to
#                          /api/compose.deploy instead. Then it follows that deployment
#                          (deployment.all / deployment.allByCompose) until Dokploy says done or
#                          error, and fails on error showing the end of Dokploy's log.
#   DEPLOY_METHOD=webhook  POST each deploy webhook URL (Dokploy → app or compose → Deployments)
# Usage: dokploy-deploy.sh SECRET_NAME... [--optional SECRET_NAME...]
# Each argument is the NAME of an environment variable holding the GitHub secret of the same name,
# so a missing secret is named in the error. Those after --optional may be unset: that deploy is
# skipped with a warning. Secret values are never printed.
set -euo pipefail

# Every call: fail on HTTP errors showing Dokploy's answer, time out. A deploy POST is never
# retried once it may have reached Dokploy (a timeout or an error answer may still have queued the
# deploy, and a second one would run it twice): post() retries only what curl could not send.
CURL=(curl --fail-with-body -sS --max-time 30)
# Reading is safe to repeat: those calls retry transient errors.
CURL_READ=(curl --fail-with-body -sS --max-time 30 --retry 3 --retry-connrefused)
# How long to follow one deployment, and how often to ask (seconds).
DEPLOY_TIMEOUT=${DOKPLOY_DEPLOY_TIMEOUT:-600}
POLL=${DOKPLOY_POLL_SECONDS:-5}
WHERE="GitHub → Settings → Secrets and variables → Actions → New repository secret (CHECKLIST.md, OPS-002)"
# Dokploy's answers and the file that holds the API key, in a folder only this job can read,
# removed however the script ends.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "::error::$*" >&2
  exit 1
}

# post NAME URL JSON [curl args...]: POSTs JSON; anything but a 2xx answer is a failure. Dokploy's
# webhook answers 301 "Branch Not Match" on a wrong branch, which curl alone would let through.
# Retried only when curl could not resolve the host (exit 6) or connect (exit 7): nothing was sent.
post() {
  local name=$1 url=$2 json=$3 answer status code attempt
  shift 3
  answer=$WORK/answer
  for attempt in 1 2 3 4 5; do
    code=0
    status=$("${CURL[@]}" -X POST -H 'Content-Type: application/json' "$@" --data "$json" -o "$answer" -w '%{http_code}' "$url") || code=$?
    if [[ $code != 6 && $code != 7 ]] || ((attempt == 5)); then break; fi
    echo "$name: Dokploy cannot be reached (nothing was sent); trying again" >&2
    sleep $((attempt * 2))
  done
  if ((code != 0)); then
    cat "$answer" >&2
    fail "Dokploy refused the deploy of $name (HTTP ${status:-000}): its answer is above"
  fi
  if [[ $status != 2?? ]]; then
    cat "$answer" >&2
    fail "Dokploy did not deploy $name (HTTP $status): its answer is above"
  fi
  echo "$name: deploy started in Dokploy"
}

# get PATH: GETs $DOKPLOY_URL/api/PATH with the API key; prints Dokploy's JSON answer.
get() {
  "${CURL_READ[@]}" -H @"$KEY_HEADER" "$DOKPLOY_URL/api/$1"
}

# follow NAME KIND ID DESCRIPTION: waits for the deployment this run queued (found by its
# description) to end; fails on error or cancelled, printing the end of Dokploy's log.
follow() {
  local name=$1 kind=$2 id=$3 description=$4 list deployment status="" seen="" started=$SECONDS
  list="deployment.all?applicationId=$id"
  [[ $kind == compose ]] && list="deployment.allByCompose?composeId=$id"
  while ((SECONDS - started < DEPLOY_TIMEOUT)); do
    deployment=$(get "$list" | jq -c --arg d "$description" '[.[] | select(.description == $d)][0] // empty') ||
      fail "could not read the state of $name's deployment from Dokploy"
    status=$(jq -r '.status // empty' <<<"$deployment")
    [[ -n $status && $status != "$seen" ]] && echo "$name: $status"
    seen=$status
    case $status in
      done)
        echo "$name: deployed (Dokploy: done)"
        return 0
        ;;
      error | cancelled)
        echo "::group::$name: end of Dokploy's log"
        get "deployment.readLogs?deploymentId=$(jq -r .deploymentId <<<"$deployment")&tail=40" | jq -r . || true
        echo "::endgroup::"
        fail "$name's deployment ended in $status in Dokploy: the end of its log is above"
        ;;
    esac
    sleep "$POLL"
  done
  fail "$name's deployment did not end within ${DEPLOY_TIMEOUT} s (last state: ${status:--}); look at it in Dokploy"
}

deploy_api() {
  local name=$1 kind=application subject title description
  [[ $name == *_COMPOSE_ID ]] && kind=compose
  # Dokploy lists the deployment under this title (instead of "Manual deployment"); the
  # description also tells this run's deployment from any other.
  subject=$(git log -1 --format=%s "${GITHUB_SHA:-HEAD}" 2>/dev/null || true)
  title="GitHub ${GITHUB_SHA:0:7}${subject:+: $subject}"
  description="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-0} attempt ${GITHUB_RUN_ATTEMPT:-1}, commit ${GITHUB_SHA:-}, $(date -u +%FT%TZ)"
  post "$name" "$DOKPLOY_URL/api/$kind.deploy" \
    "$(jq -cn --arg k "${kind}Id" --arg id "${!name}" --arg title "${title:0:200}" --arg d "$description" '{($k): $id, title: $title, description: $d}')" \
    -H @"$KEY_HEADER"
  follow "$name" "$kind" "${!name}" "$description"
}

deploy_webhook() {
  local name=$1
  # Dokploy reads the branch from body.ref only when X-GitHub-Event is present.
  post "$name" "${!name}" "{\"ref\":\"refs/heads/$GITHUB_REF_NAME\",\"head_commit\":{\"id\":\"$GITHUB_SHA\",\"message\":\"GitHub Actions ${GITHUB_SHA:0:7}\"}}" \
    -H 'X-GitHub-Event: push'
}

method=${DEPLOY_METHOD:-}
case $method in
  api) required=(DOKPLOY_URL DOKPLOY_API_KEY) ;;
  webhook) required=() ;;
  *) fail "DEPLOY_METHOD must be api or webhook, not '$method'" ;;
esac
targets=()
optional=false
for arg in "$@"; do
  if [[ $arg == --optional ]]; then
    optional=true
  elif [[ ! $arg =~ ^[A-Z][A-Z0-9_]*$ ]]; then
    fail "not a secret name: $arg"
  elif [[ $optional == false ]]; then
    required+=("$arg")
    targets+=("$arg")
  elif [[ -n ${!arg:-} ]]; then
    targets+=("$arg")
  else
    echo "::warning::$arg is not set: that deploy is skipped. Create it in $WHERE"
  fi
done
((${#targets[@]})) || fail "usage: $0 SECRET_NAME... [--optional SECRET_NAME...]"

# Check every secret before deploying anything, so no app goes out alone.
missing=()
for name in "${required[@]}"; do
  [[ -n ${!name:-} ]] || missing+=("$name")
done
if ((${#missing[@]} == 1)); then
  fail "Missing GitHub secret ${missing[0]}: create it in $WHERE"
elif ((${#missing[@]} > 1)); then
  fail "Missing GitHub secrets ${missing[*]}: create them in $WHERE"
fi

if [[ $method == api ]]; then
  # The key goes to curl from a file only this job can read, so it is never in `ps`; each retry
  # reads it again.
  KEY_HEADER=$WORK/key-header
  printf 'x-api-key: %s\n' "$DOKPLOY_API_KEY" >"$KEY_HEADER"
  DOKPLOY_URL=${DOKPLOY_URL%/}
  [[ $DOKPLOY_URL =~ ^https?://[^/?#]+$ ]] ||
    fail "DOKPLOY_URL must be just your Dokploy's address, e.g. https://dokploy.your-domain.com"
  for name in "${targets[@]}"; do
    [[ ${!name} =~ ^[A-Za-z0-9_-]+$ ]] ||
      fail "$name does not look like a Dokploy ID (the last part of the app's or compose's address in Dokploy)"
  done
else
  [[ ${GITHUB_REF_NAME:-} =~ ^[A-Za-z0-9._/-]+$ && ${GITHUB_SHA:-} =~ ^[0-9a-f]{40}$ ]] ||
    fail "GITHUB_REF_NAME and GITHUB_SHA must be set (GitHub Actions sets them)"
  for name in "${targets[@]}"; do
    [[ ${!name} =~ ^https?://[^/?#]+/api/deploy/(compose/)?[A-Za-z0-9_-]+$ ]] ||
      fail "$name does not look like a Dokploy Webhook URL (https://<your-dokploy>/api/deploy/<token>, Deployments tab)"
  done
fi

for name in "${targets[@]}"; do
  "deploy_$method" "$name"
done
