#!/usr/bin/env bash
# Runs a command against a throwaway Debian PostgreSQL 15 cluster:
#
#   .ci/pg15.sh npm test
#
# - Installs Debian's postgresql-15 with apt when it is missing (root only; quiet; no prompts).
# - Creates a cluster in a fresh temp folder on a free port, listening on 127.0.0.1 only, with
#   a random superuser password. As root it belongs to, and runs as, the postgres OS user.
# - Runs the command with CFDB_TEST_PROVIDER=url and TEST_DATABASE_URL set to that superuser.
# - Stops the server and removes the folder when it exits, whatever happens.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin

say() { echo "pg15: $*" >&2; }

if [ $# -eq 0 ]; then
  say "usage: .ci/pg15.sh <command> [args…]  (e.g. .ci/pg15.sh npm test)"
  exit 2
fi

install_postgresql_15() {
  if [ "$(id -u)" -ne 0 ]; then
    say "$PG_BIN is missing; install Debian's postgresql-15 (sudo apt-get install postgresql-15) or run as root"
    exit 1
  fi
  say "installing postgresql-15 with apt (first run on this machine only)"
  # The package's own 15/main cluster would be started by invoke-rc.d; a policy-rc.d that
  # answers 101 ("not allowed") keeps it stopped. Docker images ship one; add one only for
  # the install when there is none.
  local policy=/usr/sbin/policy-rc.d added_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    added_policy=1
  fi
  local status=0 log
  log=$(mktemp /tmp/cfdb-pg15-apt.XXXXXX.log)
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15
  } </dev/null >"$log" 2>&1 || status=$?
  if [ -n "$added_policy" ]; then rm -f "$policy"; fi
  if [ "$status" -ne 0 ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    tail -n 5 "$log" >&2
    say "apt-get could not install postgresql-15 (exit $status; full output in $log); fix the cause above and run again"
    exit 1
  fi
  rm -f "$log"
}

[ -x "$PG_BIN/pg_ctl" ] || install_postgresql_15

# Root may not run PostgreSQL: as root the cluster belongs to the postgres OS user (the package creates it).
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  say "there is no postgres OS user to run the cluster as; reinstall postgresql-common (apt-get install --reinstall postgresql-common)"
  exit 1
fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Under /tmp (world-searchable), so the postgres user can reach it.
dir=$(mktemp -d /tmp/cfdb-pg15.XXXXXX)
cleanup() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
port=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
(umask 077 && printf '%s\n' "$password" >"$dir/password")
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/password"; fi

as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/password" --auth=scram-sha-256 \
  --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
  { say "initdb failed:"; tail -n 5 "$dir/initdb.log" >&2; exit 1; }
# Throwaway data: durability is not worth the time.
as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null ||
  { say "the server did not start:"; tail -n 5 "$dir/server.log" >&2; exit 1; }
say "PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"

CFDB_TEST_PROVIDER=url TEST_DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/postgres" "$@"
