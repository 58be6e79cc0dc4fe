#!/usr/bin/env bash
# A MariaDB test server for this checkout: install | installed | start | stop | status | url.
# Data, log and pid file live in .local/services/mariadb; the server listens on
# 127.0.0.1:${DATALAKE_MARIADB_PORT:-3307} with user datalake/datalake and the
# database `marketplace`. It runs in +09:00 on purpose, so tests prove that no
# value shifts with the server's time zone. Plain TCP unless DATALAKE_TLS_DIR is set (see common.sh).
set -euo pipefail
SERVICE=mariadb
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT="${DATALAKE_MARIADB_PORT:-3307}"
check_port DATALAKE_MARIADB_PORT "$PORT"
DIR="$SERVICES_DIR/mariadb"
DATA="$DIR/data"
PID_FILE="$DIR/mariadb.pid"
PORT_FILE="$DIR/port"
LOG_FILE="$DIR/mariadb.log"
DATABASE=marketplace
SERVER_TIME_ZONE=+09:00
# A unix socket path must fit in 108 bytes; a deep checkout falls back to /tmp.
SOCKET="$DIR/mariadb.sock"
if ((${#SOCKET} > 100)); then SOCKET="/tmp/datalake-mariadb-$PORT.sock"; fi
# mariadbd lives in /usr/sbin, which a non-root PATH may lack.
PATH="$PATH:/usr/sbin"

# Exit 0 when the server and client binaries are present; prints nothing.
cmd_installed() {
  command -v mariadbd && command -v mariadb-install-db && command -v mariadb-admin && command -v mariadb
} >/dev/null

cmd_install() {
  if cmd_installed; then
    log "installed ($(mariadbd --version))"
    return
  fi
  apt_install mariadb-server
  cmd_installed || die "mariadb-server was installed but mariadbd, mariadb-install-db or mariadb is still missing"
  log "installed ($(mariadbd --version))"
}

running_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(<"$PID_FILE")"
  # After a reboot the pid may belong to another program: check it is mariadbd.
  [[ "$pid" =~ ^[0-9]+$ && "$(cat "/proc/$pid/comm" 2>/dev/null)" == mariadbd ]] && echo "$pid"
}

# Root runs the server as `mysql` (mariadbd refuses root); anyone else as themselves.
server_user() { if is_root; then echo mysql; else id -un; fi; }

root_sql() { mariadb --no-defaults --protocol=socket --socket="$SOCKET" --user="$(id -un)"; }

init_data_dir() {
  [[ -d "$DATA/mysql" ]] && return
  log "initialising $DATA"
  # Initialise beside the target and rename, so an interrupted init never looks complete.
  rm -rf "$DATA.init"
  mariadb-install-db --no-defaults --basedir=/usr --datadir="$DATA.init" --user="$(server_user)" \
    --auth-root-authentication-method=socket --auth-root-socket-user="$(id -un)" --skip-test-db \
    >"$DIR/install-db.log" 2>&1 || {
    log_tail "$DIR/install-db.log"
    die "mariadb-install-db failed for $DATA"
  }
  mv "$DATA.init" "$DATA"
}

wait_until_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until mariadb-admin --no-defaults --protocol=socket --socket="$SOCKET" --user="$(id -un)" ping >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail "$LOG_FILE"
      die "mariadbd exited during start on 127.0.0.1:$PORT"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$LOG_FILE"
      die "mariadbd did not accept connections on 127.0.0.1:$PORT within ${START_TIMEOUT_SECONDS}s (DATALAKE_SERVICE_TIMEOUT)"
    fi
    sleep 0.1
  done
}

create_test_database() {
  root_sql <<SQL
CREATE USER IF NOT EXISTS '$DB_USER'@'%' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
-- ALL on *.* includes REPLICATION SLAVE and BINLOG MONITOR, which the change capture's binlog
-- connection needs (COM_BINLOG_DUMP, SHOW MASTER STATUS).
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'%';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost';
CREATE DATABASE IF NOT EXISTS \`$DATABASE\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    local running_port
    running_port="$(cat "$PORT_FILE" 2>/dev/null || echo unknown)"
    [[ "$running_port" == "$PORT" ]] ||
      die "already running on port $running_port (pid $pid), not $PORT (DATALAKE_MARIADB_PORT); run '$0 stop' first"
    log "already running (pid $pid) on 127.0.0.1:$PORT"
    return
  fi
  cmd_installed || cmd_install
  if port_in_use "$PORT"; then
    die "port $PORT is taken by a server this checkout did not start; stop it or set DATALAKE_MARIADB_PORT to a free port"
  fi
  mkdir -p "$DIR"
  touch "$LOG_FILE"
  # The server writes its socket, pid file and log here after dropping root.
  if is_root; then chown mysql:mysql "$DIR" "$LOG_FILE"; fi
  init_data_dir
  rm -f "$PID_FILE"
  local tls=() transport=plain
  if [[ -n "$TLS_DIR" ]]; then
    install_tls_files "$DIR/tls" "$(server_user)"
    # TCP clients must use TLS; the unix socket (root_sql) stays open, as MariaDB counts it secure.
    tls=(--ssl-cert="$DIR/tls/server.crt" --ssl-key="$DIR/tls/server.key" --require-secure-transport=ON)
    transport="TLS only ($TLS_DIR)"
  fi
  # What change data capture reads (lib/local/cdc, like DMS: binlog_format ROW and
  # binlog_row_image FULL): a row-based binlog with whole before and after images, a server id,
  # and row metadata in each table map, so a row written before an ALTER TABLE decodes with the
  # columns it had. Kept a day, so a test server's disk stays bounded.
  local cdc=(--log-bin=mariadb-bin --server-id=1 --binlog-format=ROW --binlog-row-image=FULL
    --binlog-row-metadata=FULL --binlog-expire-logs-seconds=86400)
  # --no-defaults: ignore /etc/mysql so the server is the same on every machine.
  setsid mariadbd --no-defaults --user="$(server_user)" --datadir="$DATA" --socket="$SOCKET" \
    --port="$PORT" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$PID_FILE" \
    --log-error="$LOG_FILE" --default-time-zone="$SERVER_TIME_ZONE" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci "${cdc[@]}" "${tls[@]}" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  pid=$!
  wait_until_ready "$pid"
  echo "$PORT" >"$PORT_FILE"
  create_test_database
  log "started (pid $pid) on 127.0.0.1:$PORT, time zone $SERVER_TIME_ZONE, $transport"
}

cmd_stop() {
  local pid deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  if ! pid="$(running_pid)"; then
    log "not running"
    return
  fi
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || die "mariadbd (pid $pid) did not stop within ${START_TIMEOUT_SECONDS}s"
    sleep 0.1
  done
  rm -f "$PID_FILE"
  log "stopped (pid $pid); data kept in $DATA"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    log "running (pid $pid) on 127.0.0.1:$(cat "$PORT_FILE" 2>/dev/null || echo "$PORT")"
  else
    log "not running"
    return 1
  fi
}

cmd_url() { echo "mysql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DATABASE"; }

case "${1:-}" in
install | installed | start | stop | status | url) "cmd_$1" ;;
*)
  echo "usage: $0 install|installed|start|stop|status|url" >&2
  exit 2
  ;;
esac
