#!/usr/bin/env bash
# npm test: every test, once. Installs what is missing (Node, dependencies,
# Chromium), then runs the type check, lint, formatting check, the jest
# suites (unit and integration, against the simulated cluster and
# PostgreSQL), the browser tests and the adoption test (the packed packages
# installed in a throwaway Backstage project outside the repository, both
# frontend systems). Exits non-zero on any failure and ends with the line
# "N passed, N failed", summed over every stage.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh --browser || { echo "0 passed, 1 failed"; exit 1; }
source scripts/env.sh
export CI=true
# The database tests (job history) run on SQLite and on this PostgreSQL
# (backend-test-utils' TestDatabases reads the variable; without it they
# run on SQLite only).
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}
mkdir -p .run
rm -f .run/jest.json .run/e2e.tap

passed=0
failed=0
failures=()
check() { # a stage that counts as one check
  local name=$1; shift
  echo "== $name" >&2
  local start=$SECONDS
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
  echo "== $name: $((SECONDS - start)) s" >&2
}

# Two Reacts in one tree break hooks at runtime; Backstage needs exactly one.
single_react() {
  local copies
  copies=$(npm ls react --all --parseable 2>/dev/null | grep -E '/node_modules/react$' | sort -u)
  [ "$(echo "$copies" | wc -l)" = 1 ] || { echo "more than one React: $copies" >&2; return 1; }
}

check "one React" single_react
check "type check" npx tsc --noEmit
check "type check (browser tests)" npx tsc --noEmit -p packages/app/e2e-tests
check "type check (adoption test)" npx tsc --noEmit -p adoption
check "lint" npx backstage-cli repo lint
check "formatting" npx prettier --check --loglevel warn .

echo "== jest (unit and integration)" >&2
start=$SECONDS
npx backstage-cli repo test --json --outputFile=.run/jest.json
jest_exit=$?
echo "== jest: $((SECONDS - start)) s" >&2
if [ -f .run/jest.json ]; then
  read -r jp jf < <(node -e 'const r=require("./.run/jest.json");console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)')
  passed=$((passed + jp)); failed=$((failed + jf))
  [ "$jest_exit" != 0 ] && [ "$jf" = 0 ] && { failed=$((failed + 1)); failures+=("jest exited $jest_exit"); }
  [ "$jf" != 0 ] && failures+=("jest: $jf")
else
  failed=$((failed + 1)); failures+=("jest produced no report")
fi

echo "== browser tests" >&2
start=$SECONDS
bash scripts/e2e.sh
e2e_exit=$?
echo "== browser tests: $((SECONDS - start)) s" >&2
if [ -f .run/e2e.tap ]; then
  ep=$(grep -E '^# pass ' .run/e2e.tap | awk '{print $3}' | tail -1)
  ef=$(grep -E '^# fail ' .run/e2e.tap | awk '{print $3}' | tail -1)
  passed=$((passed + ${ep:-0})); failed=$((failed + ${ef:-0}))
  [ "$e2e_exit" != 0 ] && [ "${ef:-0}" = 0 ] && { failed=$((failed + 1)); failures+=("browser tests exited $e2e_exit"); }
  [ "${ef:-0}" != 0 ] && failures+=("browser: ${ef}")
else
  failed=$((failed + 1)); failures+=("browser tests did not run")
fi

# outside the repository, a throwaway Backstage project installs the packed
# packages and shows a status in both frontend systems
check "adoption (both frontend systems)" bash scripts/adoption.sh

[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}" >&2
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
