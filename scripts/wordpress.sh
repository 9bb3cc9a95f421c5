#!/usr/bin/env bash
# A real WordPress on 127.0.0.1 for Readerdesk's site-sync tests. It installs what is needed (Debian
# packages, and the Debian WordPress tree unpacked into .tools/wordpress, never installed system-wide),
# then runs private instances: each has its own MariaDB (socket only, no TCP) and `php -S` web server,
# and keeps all its state in one directory. The unpacked tree is shared read-only by every instance.
#
#   scripts/wordpress.sh install                   packages and the tree, when missing (quick otherwise)
#   scripts/wordpress.sh start DIR PORT            a fresh instance in DIR; or, when DIR holds one
#                                                  already (after stop or stop-http), that one again
#   scripts/wordpress.sh stop DIR                  stops its web server and database; idempotent
#   scripts/wordpress.sh stop-http DIR             stops only its web server (the site goes offline)
#   scripts/wordpress.sh php DIR FILE|-            runs PHP (a file, or stdin) inside its WordPress
#   scripts/wordpress.sh seed DIR --comments N [--posts P]
#                                                  adds P posts (default max(1, N/50)) and N comments;
#                                                  prints their counts as one line of JSON
#
# start prints exactly these lines on stdout, and keeps them in DIR/env:
#   WP_URL=http://127.0.0.1:PORT
#   WP_ADMIN_USER=editor1           an administrator
#   WP_ADMIN_PASSWORD=...           its application password ("xxxx xxxx xxxx xxxx xxxx xxxx")
#   WP_SUBSCRIBER_USER=reader1      a subscriber: cannot moderate comments
#   WP_SUBSCRIBER_PASSWORD=...
# Progress and errors go to stderr. Logs stay in DIR: php.log (web server), db/error.log (MariaDB).
# Run as root, MariaDB runs as the mysql user, which must be able to reach DIR (a /tmp path is fine).
# The PHP helpers are in scripts/wordpress/ (seed.php describes what seed creates). Needs apt-get
# (through sudo when not root) only while something is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
helpers="$root/scripts/wordpress"
unpacked="$root/.tools/wordpress"          # dpkg-deb -x of the packages below
tree="$unpacked/usr/share/wordpress"       # the WordPress document root
marker="$unpacked/.readerdesk-complete"
apt_packages=(mariadb-server mariadb-client php-cli php-mysql)
# WordPress itself, its default theme, and what its relative symlinks point into (underscore.js,
# cropper, getID3): unpacked side by side, those links resolve inside .tools/wordpress.
tree_packages=(wordpress wordpress-theme-twentytwentythree libjs-underscore libjs-cropper php-getid3)
php_workers=4

log() { printf 'wordpress: %s\n' "$*" >&2; }
die() { printf 'wordpress: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

# --- install -------------------------------------------------------------------------------------

missing_packages() {
  local pkg
  for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

# apt-get as root: through sudo when not root (sudo -n without a terminal, as on CI: fail at once).
apt_root() {
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null || die "apt-get $1 needs root: run as root or install sudo"
    if [ -t 0 ]; then sudo=(sudo); else sudo=(sudo -n); fi
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@" >&2
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them yourself"
  log "installing ${missing[*]}"
  apt_root update -qq
  apt_root install -y -qq --no-install-recommends "${missing[@]}"
}

tree_ready() {
  [ -f "$marker" ] && cmp -s "$helpers/wp-config-shared.php" "$tree/wp-config.php"
}

install_tree() {
  local staging deb link
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # apt downloads as _apt when it can write there; otherwise it warns and downloads as root.
  if is_root && id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
  log "downloading ${tree_packages[*]}"
  if ! (cd "$tmp" && apt-get download -q "${tree_packages[@]}" >&2); then
    log "refreshing the package lists and trying again"
    apt_root update -qq
    (cd "$tmp" && apt-get download -q "${tree_packages[@]}" >&2)
  fi
  staging="$unpacked.new"
  rm -rf "$staging"
  mkdir -p "$staging"
  for deb in "$tmp"/*.deb; do
    dpkg-deb -x "$deb" "$staging"
  done
  # Only usr/share is needed (etc/, var/lib/, docs and the Apache bits are not).
  rm -rf "${staging:?}/etc" "${staging:?}/var" "${staging:?}/usr/bin" "${staging:?}/usr/share/doc" \
    "${staging:?}/usr/share/man" "${staging:?}/usr/share/lintian"
  local wp="$staging/usr/share/wordpress"
  [ -f "$wp/wp-settings.php" ] || die "the wordpress package did not unpack as expected"
  # .htaccess points to /etc/wordpress/htaccess (Apache only).
  rm -f "$wp/.htaccess"
  # Every other link is relative (../../../javascript/..., ../../../php/getid3/...) and resolves inside
  # the staging root now, except ca-bundle.crt -> /etc/ssl/certs/ca-certificates.crt (only for HTTPS
  # requests, which WP_HTTP_BLOCK_EXTERNAL blocks anyway). Report anything else left dangling.
  while IFS= read -r link; do
    [ "${link##*/}" = ca-bundle.crt ] && continue
    log "warning: dangling link ${link#"$staging"/} -> $(readlink "$link")"
  done < <(find "$staging" -xtype l)
  cp "$helpers/wp-config-shared.php" "$wp/wp-config.php"
  date -u +%FT%TZ >"$staging/.readerdesk-complete"
  rm -rf "$unpacked"
  mv "$staging" "$unpacked"
  rm -rf "$tmp"
  trap - EXIT
  log "WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$tree/wp-includes/version.php") is in ${unpacked#"$root"/}"
}

cmd_install() {
  if [ -z "$(missing_packages)" ] && tree_ready; then
    return
  fi
  mkdir -p "$root/.tools"
  # Parallel tests may all call install (through start) on a fresh machine: one does the work.
  exec 9>"$root/.tools/wordpress.lock"
  flock 9
  install_packages
  if [ -f "$marker" ] && ! cmp -s "$helpers/wp-config-shared.php" "$tree/wp-config.php"; then
    cp "$helpers/wp-config-shared.php" "$tree/wp-config.php"
  fi
  tree_ready || install_tree
  flock -u 9
  exec 9>&-
}

# --- instance helpers ----------------------------------------------------------------------------

mariadbd_bin() { command -v mariadbd || echo /usr/sbin/mariadbd; }

# Sets dir (absolute) from the DIR argument; creates it when asked.
instance_dir() {
  local arg=$1 create=${2:-}
  [ -n "$arg" ] || usage
  if [ -n "$create" ]; then
    mkdir -p "$arg"
  elif [ ! -d "$arg" ]; then
    die "no instance directory $arg"
  fi
  dir=$(cd "$arg" && pwd)
  sock="$dir/db/sock"
  [ ${#sock} -lt 100 ] || die "$sock is too long for a socket path: use a shorter DIR"
}

# Process ids of the live (not zombie) members of process group $1, from /proc (no procps needed).
# Zombies count as gone: they hold no port or file, and reaping them is up to their new parent.
group_members() {
  local stat rest pid f
  for stat in /proc/[0-9]*/stat; do
    read -r rest 2>/dev/null <"$stat" || continue
    rest=${rest##*) }      # after "pid (comm) ": state ppid pgrp ...
    read -r -a f <<<"$rest"
    pid=${stat#/proc/}
    [ "${f[2]}" = "$1" ] && [ "${f[0]}" != Z ] && echo "${pid%/stat}"
  done
  return 0
}

# Whether process $1 is alive and its command line contains $2 (guards against reused pids).
process_matches() {
  local cmdline
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *"$2"* ]]
}

# The php server's process group (its leader's pid, kept in DIR/php.pid), when any of it runs.
php_group() {
  local pgid pid
  pgid=$(cat "$dir/php.pid" 2>/dev/null) || return 1
  for pid in $(group_members "$pgid"); do
    process_matches "$pid" "error_log=$dir/php.log" && { echo "$pgid"; return 0; }
  done
  return 1
}

mariadb_pid() {
  local pid
  pid=$(cat "$dir/db/mariadbd.pid" 2>/dev/null) || return 1
  process_matches "$pid" "--datadir=$dir/db/data" && echo "$pid"
}

# Waits until the command "$@" fails (the thing is gone), up to $1 tenths of a second.
wait_gone() {
  local tenths=$1
  shift
  while "$@" >/dev/null 2>&1; do
    [ "$tenths" -gt 0 ] || return 1
    sleep 0.1
    tenths=$((tenths - 1))
  done
}

group_alive() { [ -n "$(group_members "$1")" ]; }
pid_alive() {
  local rest
  read -r rest 2>/dev/null <"/proc/$1/stat" || return 1
  rest=${rest##*) }
  [ "${rest%% *}" != Z ]
}

stop_php() {
  local pgid
  pgid=$(php_group) || { rm -f "$dir/php.pid"; return 0; }
  log "stopping the web server (process group $pgid)"
  kill -TERM -- "-$pgid" 2>/dev/null || true
  if ! wait_gone 100 group_alive "$pgid"; then
    log "the web server did not stop in 10 s: killing it"
    kill -KILL -- "-$pgid" 2>/dev/null || true
    wait_gone 50 group_alive "$pgid" || die "process group $pgid survived SIGKILL"
  fi
  rm -f "$dir/php.pid"
}

stop_mariadb() {
  local pid
  pid=$(mariadb_pid) || return 0
  log "stopping MariaDB (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone 100 pid_alive "$pid"; then
    log "MariaDB did not stop in 10 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone 50 pid_alive "$pid" || die "MariaDB (pid $pid) survived SIGKILL"
  fi
}

mariadb_client() { mariadb --no-defaults --socket="$sock" --user=root "$@"; }

start_mariadb() {
  mariadb_pid >/dev/null && return
  local user=()
  mkdir -p "$dir/db/tmp"
  if is_root; then
    user=(--user=mysql)
    chown mysql: "$dir/db" "$dir/db/tmp"
    runuser -u mysql -- test -w "$dir/db" ||
      die "the mysql user cannot write to $dir/db: choose a DIR it can reach (e.g. under /tmp)"
  fi
  rm -f "$sock" "$dir/db/mariadbd.pid"
  log "starting MariaDB"
  # Small, fast and not durable: a test database. Its log goes to stderr, here db/error.log.
  setsid "$(mariadbd_bin)" --no-defaults "${user[@]}" \
    --datadir="$dir/db/data" --tmpdir="$dir/db/tmp" --socket="$sock" --pid-file="$dir/db/mariadbd.pid" \
    --skip-networking --table-open-cache=400 --innodb-buffer-pool-size=32M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=0 \
    --innodb-doublewrite=0 --sync-binlog=0 --performance-schema=OFF --key-buffer-size=1M \
    --max-connections=40 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    </dev/null >>"$dir/db/error.log" 2>&1 &
  local tenths=300
  until mariadb_client -e 'SELECT 1' >/dev/null 2>&1; do
    if [ "$tenths" -le 0 ] || ! pid_alive $!; then
      tail -n 20 "$dir/db/error.log" >&2 || true
      die "MariaDB did not start (log: $dir/db/error.log)"
    fi
    sleep 0.1
    tenths=$((tenths - 1))
  done
}

port_of_env() { sed -n 's|^WP_URL=http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$dir/env"; }

start_php() {
  local port=$1
  php_group >/dev/null && return
  log "starting the web server on 127.0.0.1:$port"
  # setsid: its own session and process group (the workers included), detached from the caller's
  # terminal and pipes. bash -c records the group's id before becoming php.
  # shellcheck disable=SC2016  # $$ and $1 belong to the inner bash
  READERDESK_WP_INSTANCE="$dir" PHP_CLI_SERVER_WORKERS=$php_workers \
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$dir/php.pid" \
    php -d error_log="$dir/php.log" -d log_errors=1 -d display_errors=0 -d memory_limit=256M \
    -S "127.0.0.1:$port" -t "$tree" "$helpers/router.php" </dev/null >>"$dir/php.log" 2>&1 &
  local tenths=300
  while :; do
    # The REST index answers once the server listens and WordPress loads.
    # Checked after the answer: if another server holds the port, ours has exited by then.
    # shellcheck disable=SC2016  # PHP code
    if php -r '$r = @file_get_contents($argv[1]); exit($r !== false && strpos($r, "\"namespaces\"") !== false ? 0 : 1);' \
      "http://127.0.0.1:$port/?rest_route=/" 2>/dev/null && php_group >/dev/null; then
      return
    fi
    if [ "$tenths" -le 0 ] || ! pid_alive $!; then
      tail -n 20 "$dir/php.log" >&2 || true
      stop_php
      die "the web server did not answer on 127.0.0.1:$port (log: $dir/php.log; is the port taken?)"
    fi
    sleep 0.1
    tenths=$((tenths - 1))
  done
}

# Escapes a string for a single-quoted PHP literal.
php_quote() { local s=${1//\\/\\\\}; printf "'%s'" "${s//\'/\\\'}"; }

random_key() { head -c 48 /dev/urandom | base64 -w0 | tr -d '/+='; }

write_wp_config() {
  local keys="" name
  for name in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT \
    LOGGED_IN_SALT NONCE_SALT; do
    keys+="define('$name', '$(random_key)');"$'\n'
  done
  cat >"$dir/wp-config.php" <<EOF
<?php
// This instance's settings, written by scripts/wordpress.sh start; loaded by the shared tree's
// wp-config.php when READERDESK_WP_INSTANCE names this directory.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', $(php_quote "localhost:$sock"));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$keys\$table_prefix = 'wp_';
// Application passwords over plain HTTP need the 'local' environment.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_CONTENT_DIR', ABSPATH . 'wp-content');
define('WPMU_PLUGIN_DIR', $(php_quote "$helpers/mu-plugins"));
define('WP_TEMP_DIR', $(php_quote "$dir/tmp"));
define('WP_DEBUG', false);
EOF
}

# Runs a helper from scripts/wordpress/ against this instance's database.
instance_php() {
  local script=$1
  shift
  READERDESK_WP_INSTANCE="$dir" php -d memory_limit=1G "$helpers/$script" "$tree" "$@"
}

require_database() {
  [ -f "$dir/env" ] || die "no WordPress instance in $dir: start one first"
  mariadb_pid >/dev/null || die "the instance in $dir is stopped: start it first"
}

# --- subcommands ---------------------------------------------------------------------------------

# A start that fails leaves nothing running.
start_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    stop_php
    stop_mariadb
  fi
  exit "$status"
}

cmd_start() {
  [ $# -eq 2 ] || usage
  local port=$2
  if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
    die "bad port $port"
  fi
  cmd_install
  instance_dir "$1" create
  cd "$dir"  # the servers keep their working directory: not the caller's
  trap start_exit EXIT
  if is_root; then
    chmod o+x "$dir"
  fi

  if [ -f "$dir/env" ] && [ -d "$dir/db/data/wordpress" ]; then
    start_mariadb
    local old_port
    old_port=$(port_of_env)
    if [ "$old_port" != "$port" ]; then
      log "moving the site from port $old_port to $port"
      stop_php
      # shellcheck disable=SC2016  # PHP code
      printf '<?php foreach (["siteurl", "home"] as $o) update_option($o, "http://127.0.0.1:%s");\n' \
        "$port" | instance_php run.php "$port" -
      sed -i "s|^WP_URL=.*|WP_URL=http://127.0.0.1:$port|" "$dir/env"
    fi
    start_php "$port"
    cat "$dir/env"
    return
  fi

  # Fresh: whatever a failed earlier attempt left goes.
  stop_php
  stop_mariadb
  rm -rf "$dir/db" "$dir/tmp" "$dir/uploads" "$dir/wp-config.php" "$dir/env" "$dir/env.new" \
    "$dir/php.log" "$dir/php.pid" "$dir/install.log"
  mkdir -p "$dir/db/tmp" "$dir/tmp" "$dir/uploads"
  local user=()
  if is_root; then
    chown mysql: "$dir/db" "$dir/db/tmp"
    user=(--user=mysql)
  fi
  log "creating the database in $dir/db"
  # Each instance's own temporary folder: MariaDB's bootstraps started at the same moment
  # otherwise collide on the temporary tables they create in /tmp.
  mariadb-install-db --no-defaults "${user[@]}" --datadir="$dir/db/data" --tmpdir="$dir/db/tmp" \
    --auth-root-authentication-method=normal --skip-test-db \
    --innodb-log-file-size=16M >"$dir/install.log" 2>&1 ||
    { tail -n 20 "$dir/install.log" >&2; die "mariadb-install-db failed (log: $dir/install.log)"; }
  start_mariadb
  mariadb_client -e 'CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
  write_wp_config
  log "installing WordPress"
  instance_php install.php "$port" >"$dir/env.new" 2>>"$dir/install.log" ||
    { tail -n 20 "$dir/install.log" >&2; die "installing WordPress failed (log: $dir/install.log)"; }
  start_php "$port"
  mv "$dir/env.new" "$dir/env"
  cat "$dir/env"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  [ -d "$1" ] || return 0
  instance_dir "$1"
  stop_php
  stop_mariadb
}

cmd_stop_http() {
  [ $# -eq 1 ] || usage
  [ -d "$1" ] || return 0
  instance_dir "$1"
  stop_php
}

cmd_php() {
  [ $# -eq 2 ] || usage
  instance_dir "$1"
  require_database
  [ "$2" = - ] || [ -r "$2" ] || die "cannot read $2"
  instance_php run.php "$(port_of_env)" "$2"
}

cmd_seed() {
  [ $# -ge 1 ] || usage
  instance_dir "$1"
  shift
  local comments="" posts=""
  while [ $# -gt 0 ]; do
    case $1 in
      --comments) comments=${2:-}; shift 2 || usage ;;
      --posts) posts=${2:-}; shift 2 || usage ;;
      *) usage ;;
    esac
  done
  [[ "$comments" =~ ^[0-9]+$ ]] || die "seed needs --comments N"
  [ -z "$posts" ] && posts=$((comments / 50 > 1 ? comments / 50 : 1))
  if ! [[ "$posts" =~ ^[0-9]+$ ]] || [ "$posts" -lt 1 ]; then
    die "--posts takes a number of at least 1"
  fi
  require_database
  instance_php seed.php "$(port_of_env)" "$comments" "$posts"
}

[ $# -ge 1 ] || usage
command=$1
shift
case $command in
  install) [ $# -eq 0 ] || usage; cmd_install ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  stop-http) cmd_stop_http "$@" ;;
  php) cmd_php "$@" ;;
  seed) cmd_seed "$@" ;;
  *) usage ;;
esac
