#!/usr/bin/env bash
# Deploys shop-demo through Dokploy. .github/workflows/ci.yml runs it on main, after every test
# job passed:
#   DEPLOY_METHOD=api      POST $DOKPLOY_URL/api/application.deploy (header x-api-key) per app id;
#                          a secret named *_COMPOSE_ID goes to /api/compose.deploy instead
#   DEPLOY_METHOD=webhook  POST each deploy webhook URL (Dokploy → app or compose → Deployments)
# Usage: dokploy-deploy.sh SECRET_NAME... [--optional SECRET_NAME...]
# Each argument is the NAME of an environment variable holding the GitHub secret of the same name,
# so a missing secret is named in the error. Those after --optional may be unset: that deploy is
# skipped with a warning. Secret values are never printed.
set -euo pipefail

# Every call: fail on HTTP errors showing Dokploy's answer, retry transient errors, time out.
CURL=(curl --fail-with-body -sS --retry 3 --retry-connrefused --max-time 30)
WHERE="GitHub → Settings → Secrets and variables → Actions → New repository secret (CHECKLIST.md, OPS-002)"

fail() {
  echo "::error::$*" >&2
  exit 1
}

# post NAME URL JSON [curl args...]: POSTs JSON; anything but a 2xx answer is a failure. Dokploy's
# webhook answers 301 "Branch Not Match" on a wrong branch, which curl alone would let through.
post() {
  local name=$1 url=$2 json=$3 answer status
  shift 3
  answer=$(mktemp)
  if ! status=$("${CURL[@]}" -X POST -H 'Content-Type: application/json' "$@" --data "$json" -o "$answer" -w '%{http_code}' "$url"); then
    cat "$answer" >&2
    fail "Dokploy refused the deploy of $name (HTTP ${status:-000}): its answer is above"
  fi
  if [[ $status != 2?? ]]; then
    cat "$answer" >&2
    fail "Dokploy did not deploy $name (HTTP $status): its answer is above"
  fi
  echo "$name: deploy started in Dokploy"
}

deploy_api() {
  local name=$1 kind=application
  [[ $name == *_COMPOSE_ID ]] && kind=compose
  post "$name" "$DOKPLOY_URL/api/$kind.deploy" "{\"${kind}Id\":\"${!name}\"}" \
    -H @<(printf 'x-api-key: %s\n' "$DOKPLOY_API_KEY") # from a pipe, so the key is not in `ps`
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
