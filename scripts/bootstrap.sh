#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: the right Node, the npm
# dependencies (only when package-lock.json changed since the last install),
# and, with --browser, Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=./env.sh
source scripts/env.sh

stamp=node_modules/.install-stamp
want="$(node -v) $(sha256sum package-lock.json 2>/dev/null | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] npm install (Node $(node -v))" >&2
  # npm install, not npm ci: the registry here lacks other platforms' optional
  # binaries that the lockfile lists, and npm ci refuses to run without them.
  npm install --no-audit --no-fund >&2
  want="$(node -v) $(sha256sum package-lock.json | cut -c1-16)"
  echo "$want" > "$stamp"
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "[setup] installing Debian chromium for browser tests" >&2
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  fi
fi
