#!/usr/bin/env bash
# Runs the whole test suite: type-check, lint, formatting, unit and integration tests, browser tests.
# Exits non-zero on the first failing stage.
source "$(dirname "$0")/lib/bootstrap.sh"

# Installs a Debian package unless the file that proves it is installed exists.
ensure_debian_package() {
  local package="$1" installed_file="$2"
  compgen -G "$installed_file" >/dev/null && return
  log "installing Debian package $package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package"
}

stage() {
  local started=$SECONDS
  log "── $1"
  shift
  "$@"
  log "   done in $((SECONDS - started)) s"
}

ensure_debian_package chromium /usr/bin/chromium
# Screenshots draw every glyph the portal uses: Latin, arrows and math signs (≤, →, ×) and emoji (⚠️).
ensure_debian_package fonts-dejavu-core /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
ensure_debian_package fonts-noto-core /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
ensure_debian_package fonts-noto-color-emoji /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
ensure_debian_package postgresql '/usr/lib/postgresql/*/bin/initdb'

# The real Syntho charts the conformance tests render: SYNTHO_RAY_CHART_DIR, ../shared/charts, or a copy
# fetched once at the commits test/src/harness/charts.ts pins. Without any, the suite stops here.
log "── charts"
SYNTHO_RAY_CHART_DIR="$(yarn workspace @internal/syntho-ray-test charts)"
export SYNTHO_RAY_CHART_DIR
log "   $SYNTHO_RAY_CHART_DIR"

stage "type-check" yarn tsc
stage "API reports" yarn check:api-reports
stage "lint" yarn lint:all
stage "formatting" yarn prettier:check
stage "unit and integration tests" env CI=true yarn test
stage "browser tests" env CI=true yarn test:e2e
log "all stages passed"
