# shellcheck shell=bash disable=SC2034 # the variables below are read by the sourcing scripts
# Shared by mariadb.sh and postgres.sh: paths, logging, apt installs, waits.
# Sourced, not run: the caller sets `set -euo pipefail` and SERVICE (used in messages).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Repo-relative so each checkout (and CI's fresh clone) owns its servers; .local/ is gitignored.
# DATALAKE_SERVICES_DIR puts a separate pair of servers elsewhere (the TLS tests start their own).
SERVICES_DIR="${DATALAKE_SERVICES_DIR:-$REPO_ROOT/.local/services}"
# A folder holding server.crt and server.key (PEM): the server then serves TLS with them and
# refuses plain TCP connections. Unset: plain TCP, what the other tests and local mode use.
TLS_DIR="${DATALAKE_TLS_DIR:-}"
# Test credentials only: the servers listen on 127.0.0.1 and hold fixtures.
DB_USER=datalake
DB_PASSWORD=datalake
START_TIMEOUT_SECONDS="${DATALAKE_SERVICE_TIMEOUT:-30}"

log() { echo "$SERVICE: $*" >&2; }
die() {
  echo "$SERVICE: error: $*" >&2
  exit 1
}

is_root() { [[ "$(id -u)" == 0 ]]; }

# Fails unless the value is a TCP port number, naming the variable it came from.
check_port() {
  local name="$1" value="$2"
  if [[ ! "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    die "$name must be a TCP port (1-65535), got '$value'"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Refreshes the package lists unless a parent (databases.sh) already did in this run.
apt_update_once() {
  export DEBIAN_FRONTEND=noninteractive
  if [[ "${DATALAKE_APT_UPDATED:-}" != 1 ]]; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    export DATALAKE_APT_UPDATED=1
  fi
}

# Installs Debian packages, waiting for the dpkg lock (another install may hold it) rather than failing.
apt_install() {
  if ! is_root; then
    die "$* is not installed and this is not root; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
  fi
  command -v apt-get >/dev/null || die "$* is not installed and apt-get is missing; install $* with this system's package manager"
  apt_update_once
  log "apt-get install $*"
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
}

# Copies $TLS_DIR's server.crt and server.key into $1, owned by $2 with mode 600: the servers
# refuse a key that others can read, and run as a user that may not read the caller's files.
install_tls_files() {
  local dest="$1" owner="$2" file
  for file in server.crt server.key; do
    [[ -r "$TLS_DIR/$file" ]] || die "DATALAKE_TLS_DIR must hold a readable $file (PEM), got '$TLS_DIR'"
  done
  mkdir -p "$dest"
  for file in server.crt server.key; do
    if is_root; then
      install -m 600 -o "$owner" -g "$owner" "$TLS_DIR/$file" "$dest/$file"
    else
      install -m 600 "$TLS_DIR/$file" "$dest/$file"
    fi
  done
  if is_root; then chown "$owner:$owner" "$dest"; fi
}

# Prints the last lines of a server log, for start failures.
log_tail() {
  local file="$1"
  if [[ -r "$file" ]]; then
    echo "--- last lines of $file:" >&2
    tail -n 30 "$file" >&2
  fi
}

[[ "$START_TIMEOUT_SECONDS" =~ ^[1-9][0-9]*$ ]] ||
  die "DATALAKE_SERVICE_TIMEOUT must be a whole number of seconds (1 or more), got '$START_TIMEOUT_SECONDS'"
