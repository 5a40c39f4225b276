#!/usr/bin/env bash
# Request Tracker 5 for Correlator's publishing tests and `correlator bench publish`:
# Debian's request-tracker5 on SQLite, its standalone Starlet server on 127.0.0.1, no MTA daemon.
#
#   scripts/rt/start-rt.sh [start|stop|status|reset]
#     start   install when missing, initialise, start (idempotent: a healthy server is left alone)
#     stop    stop the server this script started (by its pid file)
#     status  exit 0 when it answers
#     reset   stop, restore the pristine database (no tickets), start again (about 10 s)
#
# Environment: RT_PORT (18080), RT_ROOT_PASSWORD (rt-root-pass), RT_WORKERS (2),
#   RT_STATE_DIR (/var/tmp/correlator-rt), RT_START_TIMEOUT (180 s).
# Prints and writes $RT_STATE_DIR/rt.env:
#   RT_URL, RT_USER=root, RT_PASSWORD            - a person (root, basic auth)
#   RT_CORRELATOR_USER, RT_CORRELATOR_TOKEN      - Correlator's own account ("Authorization: token ...")
#   RT_PID, RT_LOG
# Only one RT can run per machine (one /etc/request-tracker5, one database): callers share it.
# Pitfalls and measurements behind each step: ../shared/itsm/REQUEST-TRACKER.md.
set -euo pipefail

RT_PORT="${RT_PORT:-18080}"
RT_ROOT_PASSWORD="${RT_ROOT_PASSWORD:-rt-root-pass}"
RT_WORKERS="${RT_WORKERS:-2}"
RT_STATE_DIR="${RT_STATE_DIR:-/var/tmp/correlator-rt}"
RT_START_TIMEOUT="${RT_START_TIMEOUT:-180}"
RT_URL="http://127.0.0.1:${RT_PORT}"

PIDFILE="$RT_STATE_DIR/rt-server.pid"
LOGFILE="$RT_STATE_DIR/rt-server.log"
SETUPLOG="$RT_STATE_DIR/setup.log"
TOKENFILE="$RT_STATE_DIR/correlator.token"
ENVFILE="$RT_STATE_DIR/rt.env"
SITECONF=/etc/request-tracker5/RT_SiteConfig.d/99-correlator.pm
DBDIR=/var/lib/dbconfig-common/sqlite3/request-tracker5
DBFILE="$DBDIR/rtdb"
PRISTINE="$RT_STATE_DIR/rtdb.pristine"
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
RT_LIB=/usr/share/request-tracker5/lib
PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone)

say() { printf '[rt] %s\n' "$*" >&2; }
fail() { say "ERROR: $*"; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && exec sudo -E "$0" "$@"
  fail "needs root (apt-get, /etc/request-tracker5); no sudo"
fi
case "$RT_PORT" in ''|*[!0-9]*) fail "RT_PORT must be a number, not '$RT_PORT'";; esac
[ "${#RT_ROOT_PASSWORD}" -ge 5 ] || fail "RT_ROOT_PASSWORD needs at least 5 characters"
case "$RT_ROOT_PASSWORD" in *\'*|*\\*) fail "RT_ROOT_PASSWORD must not contain ' or \\";; esac
mkdir -p "$RT_STATE_DIR"
# Several test projects may ask for RT at the same time: one caller at a time (the next then finds it healthy).
# The server started below must not inherit this descriptor, or it would hold the lock for its whole life.
exec 9>"$RT_STATE_DIR/.lock"
flock -w 900 9 || fail "another start-rt.sh held $RT_STATE_DIR/.lock for 15 minutes"

server_pid() {   # our server's pid, if it is alive and really rt-server
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  case "$pid" in ''|*[!0-9]*) return 1;; esac
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q rt-server && echo "$pid"
}

answers() { [ "$(curl -s -o /dev/null -m 10 -w '%{http_code}' -u "root:$RT_ROOT_PASSWORD" "$RT_URL/REST/2.0/queues/all" 2>/dev/null)" = 200 ]; }

stop_server() {
  local pid
  pid="$(server_pid)" || { rm -f "$PIDFILE"; return 0; }
  say "stopping rt-server $pid"
  kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    for child in $(pgrep -P "$pid" || true); do kill -KILL "$child" 2>/dev/null || true; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

write_env() {
  umask 077
  cat >"$ENVFILE" <<ENV
RT_URL=$RT_URL
RT_USER=root
RT_PASSWORD=$RT_ROOT_PASSWORD
RT_CORRELATOR_USER=correlator
RT_CORRELATOR_TOKEN=$(cat "$TOKENFILE" 2>/dev/null || true)
RT_PID=$(server_pid || true)
RT_LOG=$LOGFILE
ENV
  cat "$ENVFILE"
}

installed() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
}

install_rt() {
  say "installing ${PACKAGES[*]} (a few minutes)"
  export DEBIAN_FRONTEND=noninteractive
  debconf-set-selections <<SEL
rt5-db-sqlite rt5-db-sqlite/available boolean true
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
request-tracker5 request-tracker5/db/dbname string rtdb
request-tracker5 request-tracker5/db/basepath string $DBDIR
request-tracker5 request-tracker5/initial-root-password password $RT_ROOT_PASSWORD
request-tracker5 request-tracker5/rtname string correlator.test
request-tracker5 request-tracker5/organization string correlator.test
request-tracker5 request-tracker5/correspondaddress string rt@localhost
request-tracker5 request-tracker5/commentaddress string rt-comment@localhost
request-tracker5 request-tracker5/webbaseurl string $RT_URL
request-tracker5 request-tracker5/webpath string /
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/install-cronjobs boolean false
SEL
  # After a purge, ucf may still register generated files that are gone; dbconfig then writes no DB config.
  local f
  for f in /etc/dbconfig-common/request-tracker5.conf /etc/request-tracker5/RT_SiteConfig.d/50-debconf.pm \
           /etc/request-tracker5/RT_SiteConfig.d/51-dbconfig-common.pm /etc/request-tracker5/RT_SiteConfig.pm; do
    if [ ! -e "$f" ] && grep -qsF "$f" /var/lib/ucf/hashfile /var/lib/ucf/registry; then
      ucf --purge "$f" 2>/dev/null || true; ucfr --purge request-tracker5 "$f" 2>/dev/null || true
    fi
  done
  local policy=0 archives
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy=1; fi
  # A private archive folder: Docker images' docker-clean hook deletes /var/cache/apt/archives/*.deb between dpkg runs.
  archives="$(mktemp -d /var/tmp/correlator-rt-apt.XXXXXX)"; mkdir -p "$archives/partial"; chown -R _apt:root "$archives" 2>/dev/null || true
  local ok=1
  apt-get update -qq >>"$SETUPLOG" 2>&1 || ok=0
  # ssmtp satisfies the MTA dependency without a daemon (apt would pick exim4); w3m quiets a start-up warning.
  [ "$ok" = 1 ] && apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 -o Dir::Cache::Archives="$archives/" \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      "${PACKAGES[@]}" ssmtp w3m sqlite3 curl >>"$SETUPLOG" 2>&1 || ok=0
  rm -rf "$archives"
  [ "$policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ "$ok" = 1 ] || { tail -30 "$SETUPLOG" >&2; fail "apt-get could not install request-tracker5 (log: $SETUPLOG)"; }
}

rt_perl() { setpriv --reuid=www-data --regid=www-data --init-groups -- env RT_ROOT_PASSWORD="$RT_ROOT_PASSWORD" KEEP_TOKEN="${KEEP_TOKEN:-}" perl -I"$RT_LIB" -e "$1"; }

case "${1:-start}" in
  stop) stop_server; exit 0 ;;
  status) if server_pid >/dev/null && answers; then echo "running on $RT_URL"; exit 0; fi; echo "not running"; exit 1 ;;
  reset)
    stop_server
    [ -f "$PRISTINE" ] || fail "no pristine database yet: run start once"
    install -o root -g www-data -m 0660 "$PRISTINE" "$DBFILE"
    rm -f "$TOKENFILE" "$DBFILE-journal" "$DBFILE-wal" "$DBFILE-shm" ;;
  start) ;;
  *) fail "usage: $0 [start|stop|status|reset]" ;;
esac

if server_pid >/dev/null && answers && [ -s "$TOKENFILE" ]; then
  write_env
  exit 0
fi

# Site configuration, written before an install so that the package's own database set-up sees it.
mkdir -p "$(dirname "$SITECONF")"
cat >"$SITECONF" <<CONF
# written by Correlator's scripts/rt/start-rt.sh
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$DBFILE');
Set(\$WebPath, '');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $RT_PORT);
Set(\$WebBaseURL, '$RT_URL');
Set(@ReferrerWhitelist, qw(127.0.0.1:$RT_PORT localhost:$RT_PORT));
Set(\$BcryptCost, 4);            # the default 12 costs 0.25 s of CPU on every authenticated call
Set(\$MailCommand, 'mbox');      # no MTA: mail goes to a file
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'warning');
1;
CONF
installed || install_rt
installed || fail "request-tracker5 is not installed"
for f in /etc/request-tracker5/RT_SiteConfig.pm "$SITECONF"; do chown root:www-data "$f"; chmod 0640 "$f"; done

if ! [ -s "$DBFILE" ] || [ "$(sqlite3 "$DBFILE" "select count(*) from sqlite_master where name='Tickets'" 2>/dev/null)" != 1 ]; then
  say "initialising $DBFILE"
  mkdir -p "$DBDIR"; rm -f "$DBFILE"
  pw="$(mktemp)"; printf '%s\n' "$RT_ROOT_PASSWORD" >"$pw"
  /usr/sbin/rt-setup-database-5 --action init --skip-create --root-password-file "$pw" >>"$SETUPLOG" 2>&1 || { rm -f "$pw"; tail -30 "$SETUPLOG" >&2; fail "rt-setup-database-5 failed"; }
  rm -f "$pw" "$PRISTINE" "$TOKENFILE"
fi
chown root:www-data "$DBDIR" "$DBFILE"; chmod 0770 "$DBDIR"; chmod 0660 "$DBFILE"
# Mail scrips cost ~0.5 s per ticket change and only feed the mbox: off.
setpriv --reuid=www-data --regid=www-data --init-groups -- sqlite3 "$DBFILE" "UPDATE Scrips SET Disabled=1 WHERE ScripAction IN
  (SELECT id FROM ScripActions WHERE ExecModule IN ('Notify','NotifyAsComment','Autoreply','SendForward'));" || fail "could not disable mail scrips"
[ -f "$PRISTINE" ] || cp -p "$DBFILE" "$PRISTINE"

# root's password (a person), and Correlator's own privileged account with a token, so that changes made
# by people can be told from Correlator's own in the ticket history.
keep=""; [ -s "$TOKENFILE" ] && keep=1
token="$(KEEP_TOKEN=$keep rt_perl '
  use strict; use warnings; use RT; RT::LoadConfig(); RT::Init();
  my $root = RT::User->new(RT->SystemUser); $root->Load("root") or die "no root\n";
  $root->SetPassword($ENV{RT_ROOT_PASSWORD}) or $root->IsPassword($ENV{RT_ROOT_PASSWORD}) or die "root password\n";
  my $u = RT::User->new(RT->SystemUser); $u->Load("correlator");
  unless ($u->Id) { my ($id, $m) = $u->Create(Name => "correlator", RealName => "Correlator", Privileged => 1, EmailAddress => "correlator\@localhost"); die "user: $m\n" unless $id; }
  $u->PrincipalObj->GrantRight(Right => "SuperUser", Object => RT->System);
  exit 0 if $ENV{KEEP_TOKEN};
  my $t = RT::AuthToken->new(RT->SystemUser);
  my ($id, $m, $secret) = $t->Create(Owner => $u->Id, Description => "correlator publishing");
  die "token: $m\n" unless $id; print "$secret\n";
' 2>>"$SETUPLOG")" || { tail -20 "$SETUPLOG" >&2; fail "could not set up the RT accounts"; }
[ -n "$keep" ] || printf '%s\n' "$token" | tail -1 >"$TOKENFILE"
chmod 600 "$TOKENFILE"

stop_server
[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$RT_URL/" 2>/dev/null || true)" = 000 ] || fail "another server answers on $RT_URL; choose another RT_PORT"
find /var/cache/request-tracker5/mason_data -type f -delete 2>/dev/null || true
chown -R www-data:www-data /var/cache/request-tracker5 /var/lib/request-tracker5 2>/dev/null || true
: >"$LOGFILE"; chown www-data "$LOGFILE"
say "starting rt-server on $RT_URL"
t0=$(date +%s)
cd /
# setsid: the server outlives this shell; the pid file holds the Starlet master (workers are its children).
setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$PIDFILE" \
  setpriv --reuid=www-data --regid=www-data --init-groups -- \
  "$RT_SERVER" --server Starlet --host 127.0.0.1 --port "$RT_PORT" --max-workers="$RT_WORKERS" </dev/null >>"$LOGFILE" 2>&1 9>&- &
until answers; do
  server_pid >/dev/null || { sleep 0.5; server_pid >/dev/null || { tail -30 "$LOGFILE" >&2; fail "rt-server exited while starting"; }; }
  [ $(( $(date +%s) - t0 )) -lt "$RT_START_TIMEOUT" ] || { tail -30 "$LOGFILE" >&2; stop_server; fail "rt-server did not answer within ${RT_START_TIMEOUT}s"; }
  sleep 0.5
done
say "rt-server answered after $(( $(date +%s) - t0 ))s"
write_env
