#!/usr/bin/env bash
# Runs a command with the project's Node first on PATH (npm run does not
# switch Node, and backstage-cli's shebang takes the first node it finds).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
exec "$@"
