#!/usr/bin/env bash
# Installs the Debian packages the test suite runs the generated project with.
# Safe to run again: it installs only what is missing.
set -euo pipefail
packages=(postgresql shellcheck prometheus prometheus-alertmanager age zstd awscli chromium git util-linux curl systemd time docker.io docker-compose debootstrap strace procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "test tools ready: ${packages[*]}"
