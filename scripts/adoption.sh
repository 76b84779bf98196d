#!/usr/bin/env bash
# npm run adoption: proves that a Backstage team outside this repository can
# install and use the packages, in both frontend systems. In a temporary
# folder outside the repository (so that nothing resolves from our
# node_modules), a throwaway Backstage project (adoption/project: a backend,
# a legacy-frontend-system app, a new-frontend-system app using only the
# plugin's /alpha export) installs the tarballs of `npm run pack` by file
# path and Backstage's packages from the registry, at the versions this
# repository runs; then it builds both apps, starts against the simulated
# cluster, and asks the status route and the Status tab in Chromium
# (adoption/serveAndTest.sh). Packs first when dist-packages/ is missing or
# was packed from other sources. Deletes the project when done.
#
# Prints TAP; the last line is "# adoption: N passed, N failed". The
# new-frontend-system Status tab is saved to .run/screenshots; to retake the
# committed one: ADOPTION_SCREENSHOT_DIR=docs/screenshots npm run adoption.
# ADOPTION_KEEP=1 keeps the project (and its logs) for a look.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
started=$SECONDS
passed=0
failed=0

step() { # a counted step: its name, then its command
  local name=$1 start=$SECONDS
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok - $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    echo "not ok - $name ($((SECONDS - start)) s)"
    return 1
  fi
}
finish() {
  echo "# adoption: $passed passed, $failed failed in $((SECONDS - started)) s"
  [ "$failed" = 0 ]
  exit
}

# The packed packages' sources (tests aside), to know whether the tarballs
# are theirs: by content, as pack's postpack rewrites every package.json.
sources_fingerprint() {
  find plugins/workload-status* packages/cli \
    \( -name node_modules -o -name dist -o -name '*.test.ts' -o -name '*.test.tsx' \) \
    -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
}
packed_from=dist-packages/.sources-fingerprint
if [ "$(ls dist-packages/*.tgz 2>/dev/null | wc -l)" != 5 ] ||
  [ "$(cat "$packed_from" 2>/dev/null)" != "$(sources_fingerprint)" ]; then
  fingerprint=$(sources_fingerprint)
  step "npm run pack writes the five tarballs" npm run --silent pack >&2 || finish
  echo "$fingerprint" > "$packed_from"
fi

# The project holds 1.3 GB in some 70,000 files: in memory when there is
# room (twice as fast to install and to delete), else in TMPDIR.
scratch=${TMPDIR:-/tmp}
shm_free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
[ -z "${TMPDIR:-}" ] && [ "${shm_free_kb:-0}" -gt 4000000 ] && scratch=/dev/shm
project=$(mktemp -d "$scratch/workload-status-adoption-XXXX")
if [ "${ADOPTION_KEEP:-}" = 1 ]; then
  echo "# the project stays in $project (ADOPTION_KEEP=1)"
else
  trap 'rm -rf "$project"' EXIT
fi
trap 'exit 130' INT TERM
node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON adoption/generateProject.ts \
  "$project" dist-packages || { failed=$((failed + 1)); finish; }
mkdir -p "$project/.tmp"

in_project() { # a command in the throwaway project, its output to a log
  local dir=$1 log=$2
  shift 2
  # what install scripts leave in TMPDIR goes with the project
  if ! (cd "$project/$dir" && TMPDIR="$project/.tmp" "$@") > "$project/$log" 2>&1; then
    tail -30 "$project/$log" | sed 's/^/#   /'
    return 1
  fi
}
step "the tarballs install with Backstage's packages from the registry" \
  in_project . install.log npm install --prefer-offline --no-audit --no-fund \
  || finish
step "the project type-checks against the packages' declarations" \
  in_project . tsc.log npx tsc --noEmit
cli_judges() { # the CLI package's bin, on a Deployment, offline
  in_project . cli.log node_modules/.bin/workload-status evaluate \
    "$PWD/adoption/deployment.yaml" &&
    grep -q 'Deployment/shop/web *Waiting *progressing' "$project/cli.log"
}
step "the workload-status command of the CLI package judges a Deployment" \
  cli_judges
for app in legacy next; do
  step "the $([ $app = next ] && echo new || echo $app)-frontend-system app builds" \
    in_project "packages/app-$app" "build-$app.log" npx backstage-cli package build \
    --config ../../app-config.yaml --config "../../app-config.$app.yaml"
done
[ "$failed" = 0 ] || finish

# The servers and Chromium run in a network (and process) namespace of
# their own when the kernel allows one: no port of another test run or of
# `npm start` can collide, and nothing outlives the run. Otherwise they
# take the browser tests' lock and the machine's ports 7217/7218/6760-6763.
screenshots=$(realpath -m "${ADOPTION_SCREENSHOT_DIR:-.run/screenshots}")
mkdir -p "$screenshots"
own_namespace=(unshare --net --pid --fork --mount-proc)
if "${own_namespace[@]}" true 2>/dev/null; then
  run=("${own_namespace[@]}" env ADOPTION_OWN_NETWORK=1)
elif unshare --map-root-user "${own_namespace[@]}" true 2>/dev/null; then
  run=(unshare --map-root-user "${own_namespace[@]}" env ADOPTION_OWN_NETWORK=1)
else
  run=(flock /tmp/e2e.lock env)
fi
"${run[@]}" E2E_SCREENSHOT_DIR="$screenshots" \
  bash adoption/serveAndTest.sh "$project" | tee "$project/tests.tap"
served=${PIPESTATUS[0]}
tests_passed=$(grep -E '^# pass ' "$project/tests.tap" | awk '{print $3}' | tail -1)
tests_failed=$(grep -E '^# fail ' "$project/tests.tap" | awk '{print $3}' | tail -1)
passed=$((passed + ${tests_passed:-0}))
failed=$((failed + ${tests_failed:-0}))
[ "$served" != 0 ] && [ "${tests_failed:-0}" = 0 ] && failed=$((failed + 1))
finish
