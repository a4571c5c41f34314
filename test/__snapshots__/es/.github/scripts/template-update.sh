#!/usr/bin/env bash
# Weekly create-pyme-stack update (.github/workflows/template-update.yml runs it; it also runs by
# hand from the repository's root). When `upgrade --check` says a newer version is published, it
# rebuilds the branch pyme-stack/template-update from the base branch, runs the upgrade there,
# commits the result (conflicts with their markers) and opens one pull request, or updates the one
# already open. Rebuilt from the base each time, the pull request never goes stale.
# Lockfiles are Dependabot's: this pull request leaves them as the base branch has them, so the
# two never edit the same file; when a package.json changed, the to-do says to refresh its lockfile.
# Needs git, gh (GH_TOKEN) and npx. Env: BASE_BRANCH (main), PYME_STACK_CLI (the command to run).
set -euo pipefail

base=${BASE_BRANCH:-main}
branch=pyme-stack/template-update
read -r -a cli <<<"${PYME_STACK_CLI:-npx --yes create-pyme-stack@latest}"
export NO_COLOR=1

status=0
check=$("${cli[@]}" upgrade --check --lang en 2>&1) || status=$?
printf '%s\n' "$check"
case $status in
  0) exit 0 ;;                                    # on the newest version
  4) ;;                                           # a newer one is published
  5) echo "::warning::the npm registry did not answer; trying again next week" >&2; exit 0 ;;
  *) exit "$status" ;;
esac
version=$(sed -n 's/^create-pyme-stack \([0-9][^ ]*\) is available.*/\1/p' <<<"$check" | head -n 1)
[[ -n $version ]] || { echo "::error::no version in the --check output" >&2; exit 1; }

git fetch --quiet origin "$base"
git switch --quiet --force-create "$branch" "origin/$base"
status=0
report=$("${cli[@]}" upgrade --yes 2>&1) || status=$?
printf '%s\n' "$report"
# 3: conflicts left; they are committed with their markers and listed as a to-do.
[[ $status -eq 0 || $status -eq 3 ]] || exit "$status"

mapfile -t conflicts < <(git diff --name-only --diff-filter=U)
# Lockfiles go back to the base branch's (Dependabot's); new ones are dropped.
mapfile -t locks < <(git status --porcelain=v1 --untracked-files=all -- '*package-lock.json' '*bun.lock' '*bun.lockb' | cut -c4-)
for lock in "${locks[@]}"; do
  git checkout --quiet "origin/$base" -- "$lock" 2>/dev/null || rm -f -- "$lock"
done
mapfile -t manifests < <(git status --porcelain=v1 -- '*package.json' | cut -c4-)

git add --all
if git diff --cached --quiet; then
  echo "create-pyme-stack $version changes nothing here"
  exit 0
fi
git -c user.name='github-actions[bot]' -c user.email='41898282+github-actions[bot]@users.noreply.github.com' \
  commit --quiet --message "create-pyme-stack $version"
git push --quiet --force origin "$branch"

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  echo "Upgrade to create-pyme-stack $version, made by \`.github/workflows/template-update.yml\`."
  echo
  if ((${#conflicts[@]} > 0)); then
    echo "## To do: conflicts"
    echo
    echo "Resolve each file (keep the right lines, delete the \`<<<<<<<\` \`|||||||\` \`=======\` \`>>>>>>>\` markers) and push to this branch:"
    echo
    for f in "${conflicts[@]}"; do echo "- [ ] \`$f\`"; done
    echo
  fi
  if ((${#manifests[@]} > 0)); then
    echo "## To do: lockfiles"
    echo
    echo "Lockfiles stay Dependabot's, so this pull request leaves them alone. Refresh each one whose package.json changed and push it here:"
    echo
    for f in "${manifests[@]}"; do echo "- [ ] \`$f\`: \`npm install\` (\`bun install\` in backend/) in its folder"; done
    echo
  fi
  echo "## Upgrade report"
  echo
  echo '```text'
  printf '%s\n' "$report"
  echo '```'
} >"$body"

title="create-pyme-stack $version"
number=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
if [[ -n $number ]]; then
  gh pr edit "$number" --title "$title" --body-file "$body"
else
  gh pr create --base "$base" --head "$branch" --title "$title" --body-file "$body"
fi
# Its tests: a pull request opened with this token starts no pull_request run (GitHub's rule
# against recursive runs), but a workflow_dispatch on the branch does, and shows on the PR.
if [[ -f .github/workflows/ci.yml ]]; then
  gh workflow run ci.yml --ref "$branch"
fi
