#!/usr/bin/env bash
# A PostgreSQL test server for this checkout: install | installed | start | stop | status | url.
# The cluster and its log live in .local/services/postgres; the server listens on
# 127.0.0.1:${DATALAKE_POSTGRES_PORT:-5433} with user datalake/datalake and the
# database `payments`. It runs in Asia/Seoul on purpose, so tests prove that no
# value shifts with the server's time zone. Plain TCP unless DATALAKE_TLS_DIR is set (see common.sh).
set -euo pipefail
SERVICE=postgres
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PORT="${DATALAKE_POSTGRES_PORT:-5433}"
check_port DATALAKE_POSTGRES_PORT "$PORT"
DIR="$SERVICES_DIR/postgres"
DATA="$DIR/data"
PORT_FILE="$DIR/port"
LOG_FILE="$DIR/postgres.log"
DATABASE=payments
SERVER_TIME_ZONE=Asia/Seoul
# The socket goes to /tmp (as Debian's does to /run): a checkout path may exceed the 108-byte limit.
SOCKET_DIR=/tmp

# The newest installed major version; Debian keeps each under /usr/lib/postgresql/<major>/bin.
bin_dir() {
  local dir
  dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" && -x "$dir/psql" ]] && echo "$dir"
}

# Exit 0 when the server and client binaries are present; prints nothing.
cmd_installed() { bin_dir >/dev/null; }

cmd_install() {
  local bin
  if ! bin="$(bin_dir)"; then
    apt_install postgresql
    bin="$(bin_dir)" || die "postgresql was installed but initdb, pg_ctl, postgres or psql is still missing under /usr/lib/postgresql/*/bin"
  fi
  log "installed ($("$bin/postgres" --version))"
}

# PostgreSQL refuses to run as root: root runs it as `postgres`, anyone else as themselves.
as_server_user() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ctl() { as_server_user "$(bin_dir)/pg_ctl" -D "$DATA" "$@"; }

running() { [[ -f "$DATA/PG_VERSION" ]] && pg_ctl status >/dev/null 2>&1; }

running_pid() { head -n 1 "$DATA/postmaster.pid"; }

superuser_sql() {
  as_server_user "$(bin_dir)/psql" --no-psqlrc --quiet -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -d postgres
}

init_data_dir() {
  local bin
  bin="$(bin_dir)"
  if [[ -f "$DATA/PG_VERSION" ]]; then
    local made_by installed_major
    made_by="$(<"$DATA/PG_VERSION")"
    installed_major="$(basename "$(dirname "$bin")")"
    [[ "$made_by" == "$installed_major" ]] ||
      die "$DATA was made by PostgreSQL $made_by, the installed server is $installed_major; remove $DATA to re-initialise"
    return
  fi
  log "initialising $DATA"
  # Initialise beside the target and rename, so an interrupted init never looks complete.
  rm -rf "$DATA.init"
  as_server_user "$bin/initdb" -D "$DATA.init" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 || {
    log_tail "$DIR/initdb.log"
    die "initdb failed for $DATA"
  }
  mv "$DATA.init" "$DATA"
}

create_test_database() {
  superuser_sql <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', '$DB_USER', '$DB_PASSWORD')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L', '$DATABASE', '$DB_USER', 'UTF8')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE') \gexec
-- A logical replication slot and its changes are for superusers and REPLICATION roles only
-- (the change capture creates, reads and advances one).
SELECT format('ALTER ROLE %I REPLICATION', '$DB_USER') \gexec
SQL
}

cmd_start() {
  if running; then
    local running_port
    running_port="$(cat "$PORT_FILE" 2>/dev/null || echo unknown)"
    [[ "$running_port" == "$PORT" ]] ||
      die "already running on port $running_port (pid $(running_pid)), not $PORT (DATALAKE_POSTGRES_PORT); run '$0 stop' first"
    log "already running (pid $(running_pid)) on 127.0.0.1:$PORT"
    return
  fi
  cmd_installed || cmd_install
  if port_in_use "$PORT"; then
    die "port $PORT is taken by a server this checkout did not start; stop it or set DATALAKE_POSTGRES_PORT to a free port"
  fi
  mkdir -p "$DIR"
  touch "$LOG_FILE"
  if is_root; then chown postgres:postgres "$DIR" "$LOG_FILE"; fi
  init_data_dir
  local tls="" transport=plain
  if [[ -n "$TLS_DIR" ]]; then
    install_tls_files "$DIR/tls" postgres
    # TCP clients must use TLS (hostssl); the unix socket keeps peer auth for superuser_sql.
    printf '%s\n' 'local all all peer' 'hostssl all all 127.0.0.1/32 scram-sha-256' >"$DIR/tls/pg_hba.conf"
    tls="-c ssl=on -c ssl_cert_file='$DIR/tls/server.crt' -c ssl_key_file='$DIR/tls/server.key' -c hba_file='$DIR/tls/pg_hba.conf'"
    transport="TLS only ($TLS_DIR)"
  fi
  # Logical decoding for change data capture (lib/local/cdc reads a pgoutput slot); wal_level
  # takes effect only at start, as on RDS (rds.logical_replication, a reboot).
  local cdc="-c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10"
  # -w waits until the server accepts connections, bounded by -t.
  pg_ctl -l "$LOG_FILE" -w -t "$START_TIMEOUT_SECONDS" \
    -o "-p $PORT -k $SOCKET_DIR -c listen_addresses=127.0.0.1 -c timezone=$SERVER_TIME_ZONE $cdc $tls" \
    start >/dev/null 2>&1 || {
    log_tail "$LOG_FILE"
    die "postgres did not accept connections on 127.0.0.1:$PORT within ${START_TIMEOUT_SECONDS}s (DATALAKE_SERVICE_TIMEOUT)"
  }
  echo "$PORT" >"$PORT_FILE"
  create_test_database
  log "started (pid $(running_pid)) on 127.0.0.1:$PORT, time zone $SERVER_TIME_ZONE, $transport"
}

cmd_stop() {
  if ! running; then
    log "not running"
    return
  fi
  local pid
  pid="$(running_pid)"
  pg_ctl -m fast -w -t "$START_TIMEOUT_SECONDS" stop >/dev/null
  log "stopped (pid $pid); data kept in $DATA"
}

cmd_status() {
  if running; then
    log "running (pid $(running_pid)) on 127.0.0.1:$(cat "$PORT_FILE" 2>/dev/null || echo "$PORT")"
  else
    log "not running"
    return 1
  fi
}

cmd_url() { echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DATABASE"; }

case "${1:-}" in
install | installed | start | stop | status | url) "cmd_$1" ;;
*)
  echo "usage: $0 install|installed|start|stop|status|url" >&2
  exit 2
  ;;
esac
