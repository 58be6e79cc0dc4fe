#!/usr/bin/env bash
# The local Kafka broker (MSK stand-in): librdkafka's mock cluster behind a small C program.
#   install   apt packages to build it (librdkafka-dev, gcc) and kcat to look at topics by hand
#   installed exit 0 when the build tools are present
#   build     compile scripts/services/kafka-mock/kafka-mock.c into .local/services/kafka-mock/
#             (installing the build tools first when missing; skipped when the binary is newer
#             than the source)
#   path      print the binary's path
#   run [N]   build if needed and run an N-broker cluster (default 3) in the foreground: prints
#             the bootstrap servers, serves until stdin closes or Ctrl-C (try kcat -b <servers> -L)
# Debian's librdkafka 2.0.2 mock does what the relay needs (acks=all produce, consume, topics made
# through the program's `topic` command); its idempotent producer and admin API do not work.
set -euo pipefail
SERVICE=kafka
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SOURCE="$REPO_ROOT/scripts/services/kafka-mock/kafka-mock.c"
DIR="$SERVICES_DIR/kafka-mock"
BINARY="$DIR/kafka-mock"

cmd_installed() {
  command -v gcc && [[ -f /usr/include/librdkafka/rdkafka_mock.h ]] && command -v kcat
} >/dev/null

cmd_install() {
  if cmd_installed; then
    log "installed (librdkafka $(dpkg-query -W -f='${Version}' librdkafka-dev 2>/dev/null || echo unknown))"
    return
  fi
  apt_install gcc libc6-dev librdkafka-dev kcat
  cmd_installed || die "librdkafka-dev, gcc and kcat were installed but rdkafka_mock.h, gcc or kcat is still missing"
  log "installed (librdkafka $(dpkg-query -W -f='${Version}' librdkafka-dev))"
}

cmd_build() {
  if [[ -x "$BINARY" && "$BINARY" -nt "$SOURCE" ]]; then
    log "built: $BINARY"
    return
  fi
  # Like the database servers, the build tools are installed on first use.
  cmd_installed || cmd_install
  mkdir -p "$DIR"
  # Compile beside the target and rename, so a concurrent build never runs a half-written file.
  gcc -O2 -Wall -Wextra -Werror -o "$BINARY.$$" "$SOURCE" -lrdkafka
  mv "$BINARY.$$" "$BINARY"
  log "built: $BINARY"
}

cmd_path() { echo "$BINARY"; }

cmd_run() {
  cmd_build
  exec "$BINARY" "${1:-3}"
}

case "${1:-}" in
install | installed | build | path) "cmd_$1" ;;
run) cmd_run "${2:-}" ;;
*)
  echo "usage: $0 install|installed|build|path|run [BROKERS]" >&2
  exit 2
  ;;
esac
