#!/usr/bin/env bash
# Makes sure Debian's redis-server is installed (the tests start their own servers on 127.0.0.1 from it, so the failure
# drills can kill, freeze and restart them). Usage: source scripts/redis.sh → exports FACTORTRACE_REDIS_SERVER.
set -uo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server from Debian packages…"
  as_root=""; [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
FACTORTRACE_REDIS_SERVER="$(command -v redis-server || true)"
[ -n "$FACTORTRACE_REDIS_SERVER" ] || { echo "error: redis-server could not be installed" >&2; return 1 2>/dev/null || exit 1; }
# Debian's package starts a system-wide server on 6379; the tests do not use it.
export FACTORTRACE_REDIS_SERVER
echo "redis: $("$FACTORTRACE_REDIS_SERVER" --version | cut -d' ' -f1-3)"
