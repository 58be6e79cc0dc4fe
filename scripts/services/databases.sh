#!/usr/bin/env bash
# Both test servers at once: install | start | stop | status.
# Installs run one after the other (apt holds one lock) after a single `apt-get update`;
# start and stop run both servers in parallel, since each takes about a second.
set -euo pipefail
SERVICE=databases
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HERE="$REPO_ROOT/scripts/services"
SERVICES=(mariadb postgres)

install_all() {
  local service missing=0
  for service in "${SERVICES[@]}"; do
    bash "$HERE/$service.sh" installed || missing=1
  done
  # Non-root: each script below names the command to run instead.
  if ((missing)) && is_root; then apt_update_once; fi
  for service in "${SERVICES[@]}"; do
    bash "$HERE/$service.sh" install
  done
}

# Runs one subcommand for every service in parallel; fails if any of them failed.
in_parallel() {
  local pids=() failed=0 service pid
  for service in "${SERVICES[@]}"; do
    bash "$HERE/$service.sh" "$1" &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
  done
  return "$failed"
}

case "${1:-}" in
install) install_all ;;
# start installs first, so a fresh machine needs nothing but this command.
start) install_all && in_parallel start ;;
stop | status) in_parallel "$1" ;;
*)
  echo "usage: $0 install|start|stop|status" >&2
  exit 2
  ;;
esac
