#!/usr/bin/env bash
# npm run screenshots: runs the browser tests against the demo and copies the
# screenshots the README shows into docs/screenshots.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh --browser
bash scripts/e2e.sh
mkdir -p docs/screenshots
for name in catalog-column status-healthy status-failing status-cron \
  status-build-failed status-tooltip pod-log build-log operator-log \
  clusters-page status-system status-group team-overview \
  status-rollout status-knative timeline; do
  cp ".run/screenshots/$name.png" docs/screenshots/
done
echo "docs/screenshots updated" >&2
