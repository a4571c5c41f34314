#!/usr/bin/env bash
# Deploys each app of shop-demo through Dokploy. .github/workflows/ci.yml runs it on main, after
# every test job passed:
#   DEPLOY_METHOD=api      POST $DOKPLOY_URL/api/application.deploy (header x-api-key), one app id each
#   DEPLOY_METHOD=webhook  POST each app's deploy webhook URL (Dokploy → app → Deployments)
# Each argument is the NAME of an environment variable holding the GitHub secret of the same name,
# so a missing secret is named in the error. Secret values are never printed.
set -euo pipefail

# Every call: fail on HTTP errors showing Dokploy's answer, retry transient errors, time out.
CURL=(curl --fail-with-body -sS --retry 3 --retry-connrefused --max-time 30)

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
  local name=$1
  post "$name" "$DOKPLOY_URL/api/application.deploy" "{\"applicationId\":\"${!name}\"}" \
    -H @<(printf 'x-api-key: %s\n' "$DOKPLOY_API_KEY") # from a pipe, so the key is not in `ps`
}

deploy_webhook() {
  local name=$1
  # Dokploy reads the branch from body.ref only when X-GitHub-Event is present.
  post "$name" "${!name}" "{\"ref\":\"refs/heads/$GITHUB_REF_NAME\",\"head_commit\":{\"id\":\"$GITHUB_SHA\",\"message\":\"GitHub Actions ${GITHUB_SHA:0:7}\"}}" \
    -H 'X-GitHub-Event: push'
}

[[ $# -gt 0 ]] || fail "usage: $0 SECRET_NAME..."
method=${DEPLOY_METHOD:-}
case $method in
  api) required=(DOKPLOY_URL DOKPLOY_API_KEY "$@") ;;
  webhook) required=("$@") ;;
  *) fail "DEPLOY_METHOD must be api or webhook, not '$method'" ;;
esac

# Check every secret before deploying anything, so no app goes out alone.
missing=()
for name in "${required[@]}"; do
  [[ $name =~ ^[A-Z][A-Z0-9_]*$ ]] || fail "not a secret name: $name"
  [[ -n ${!name:-} ]] || missing+=("$name")
done
where="GitHub → Settings → Secrets and variables → Actions → New repository secret (CHECKLIST.md, OPS-002)"
if ((${#missing[@]} == 1)); then
  fail "Missing GitHub secret ${missing[0]}: create it in $where"
elif ((${#missing[@]} > 1)); then
  fail "Missing GitHub secrets ${missing[*]}: create them in $where"
fi

if [[ $method == api ]]; then
  DOKPLOY_URL=${DOKPLOY_URL%/}
  [[ $DOKPLOY_URL =~ ^https?://[^/?#]+$ ]] ||
    fail "DOKPLOY_URL must be just your Dokploy's address, e.g. https://dokploy.your-domain.com"
  for name in "$@"; do
    [[ ${!name} =~ ^[A-Za-z0-9_-]+$ ]] ||
      fail "$name does not look like a Dokploy application ID (the last part of the app's address, after /services/application/)"
  done
else
  [[ ${GITHUB_REF_NAME:-} =~ ^[A-Za-z0-9._/-]+$ && ${GITHUB_SHA:-} =~ ^[0-9a-f]{40}$ ]] ||
    fail "GITHUB_REF_NAME and GITHUB_SHA must be set (GitHub Actions sets them)"
  for name in "$@"; do
    [[ ${!name} =~ ^https?://[^/?#]+/api/deploy/[A-Za-z0-9_-]+$ ]] ||
      fail "$name does not look like a Dokploy Webhook URL (https://<your-dokploy>/api/deploy/<token>, in the app → Deployments)"
  done
fi

for name in "$@"; do
  "deploy_$method" "$name"
done
