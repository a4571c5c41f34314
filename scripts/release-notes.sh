#!/usr/bin/env bash
# Prints CHANGELOG.md's section for a release tag (vX.Y.Z), after checking that the tag,
# package.json's version and a "## X.Y.Z" heading agree. release.yml runs it before publishing.
# Usage: scripts/release-notes.sh vX.Y.Z
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:?usage: $0 vX.Y.Z}
version=${tag#v}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "not a release tag: $tag" >&2; exit 1; }
package=$(node -p "require('./package.json').version")
[[ $package == "$version" ]] || { echo "tag $tag but package.json says $package" >&2; exit 1; }
notes=$(awk -v v="$version" '
  /^## / { if (found) exit; found = ($2 == v) ; next }
  found { print }
' CHANGELOG.md)
[[ -n ${notes//[[:space:]]/} ]] || { echo "CHANGELOG.md has no \"## $version\" section" >&2; exit 1; }
printf '%s\n' "$notes"
