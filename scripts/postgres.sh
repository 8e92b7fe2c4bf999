#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 in a temporary directory, installing Debian's package if needed.
# Usage: source scripts/postgres.sh   → exports FACTORTRACE_TEST_POSTGRES (superuser connection string) and PG_TMP;
#        pg_stop                      → stops it and removes the directory.
set -uo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(pg_bin)" ]; then
  echo "installing PostgreSQL from Debian packages…"
  as_root=""; [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
PG_BIN="$(pg_bin)"
[ -n "$PG_BIN" ] || { echo "error: PostgreSQL could not be installed" >&2; return 1 2>/dev/null || exit 1; }

PG_TMP="$(mktemp -d /tmp/factortrace-pg.XXXXXX)"
PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)"
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$PG_TMP"

run_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
  || { cat "$PG_TMP/initdb.log" >&2; return 1 2>/dev/null || exit 1; }
run_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_TMP -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
  || { cat "$PG_TMP/server.log" >&2; return 1 2>/dev/null || exit 1; }

export PG_TMP PG_BIN PG_PORT
export FACTORTRACE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
echo "postgres: 127.0.0.1:$PG_PORT ($("$PG_BIN/postgres" --version))"

pg_stop() {
  run_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast stop >/dev/null 2>&1
  rm -rf "$PG_TMP"
}
