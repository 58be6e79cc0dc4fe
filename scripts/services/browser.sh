#!/usr/bin/env bash
# Chromium from Debian for the browser tests (test/browser): playwright-core drives this system
# build headless; no browser is ever downloaded.
#   install    apt-get install chromium (nothing to do when it is there)
#   installed  exit 0 when Chromium is installed
#   path       print the executable's path (what the tests launch)
# DATALAKE_CHROMIUM names another Chromium or Chrome executable to use instead of Debian's.
set -euo pipefail
SERVICE=browser
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Debian's launcher script: it reads /etc/chromium.d and runs /usr/lib/chromium/chromium.
BINARY="${DATALAKE_CHROMIUM:-/usr/bin/chromium}"

cmd_installed() { [[ -x "$BINARY" ]]; }

version() { dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo unknown; }

cmd_install() {
  if cmd_installed; then
    log "installed (chromium $(version))"
    return
  fi
  [[ -z "${DATALAKE_CHROMIUM:-}" ]] || die "DATALAKE_CHROMIUM is set to '$BINARY', which is not an executable"
  apt_install chromium
  cmd_installed || die "chromium was installed but $BINARY is missing"
  log "installed (chromium $(version))"
}

cmd_path() { echo "$BINARY"; }

case "${1:-}" in
install | installed | path) "cmd_$1" ;;
*)
  echo "usage: $0 install|installed|path" >&2
  exit 2
  ;;
esac
