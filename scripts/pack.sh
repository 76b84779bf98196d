#!/usr/bin/env bash
# npm run pack: builds the publishable packages (the four plugin packages
# and the CLI) with backstage-cli and writes their tarballs to
# dist-packages/, as `npm publish` would upload them. Publishes nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

PACKAGES=(
  plugins/workload-status-common
  plugins/workload-status-node
  plugins/workload-status-backend
  plugins/workload-status
  packages/cli
)

# Type declarations first: backstage-cli bundles each package's public
# types from the declarations tsc writes to dist-types/.
npx tsc --outDir dist-types
for dir in "${PACKAGES[@]}"; do
  echo "[pack] building $dir" >&2
  (cd "$dir" && npx backstage-cli package build)
done

rm -rf dist-packages
mkdir -p dist-packages
for dir in "${PACKAGES[@]}"; do
  # prepack/postpack (backstage-cli) point main, types and exports at
  # dist/ for the tarball and restore package.json afterwards
  npm pack --silent --workspace "$dir" --pack-destination dist-packages >/dev/null
done
node scripts/check-packages.mjs dist-packages
node scripts/api-reports.mjs --check
