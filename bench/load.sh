#!/usr/bin/env bash
# Load tests over 127.0.0.1 (issue 4 targets; figures go to docs/benchmarks.md).
# Starts the Release server on SQLite with the published datasets, then in the same run:
#   1. wrk, closed loop: the /ping baseline, then authenticated POST /api/v1/factors/resolve (warm answers);
#   2. open loop at a fixed rate (bench/FactorTrace.LoadGen): /ping, then resolve, latency from intended send time;
#   3. one batch of 10,000 resolves per request, sequentially: p95 (full answers, then summaries).
# Usage: bash bench/load.sh [rate=1000] [open-loop seconds=120] [wrk seconds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-1000}"; seconds="${2:-120}"; wrk_seconds="${3:-30}"
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || sudo apt-get install -y -qq wrk >/dev/null; }
port=5091
# shellcheck source=serve.sh
source bench/serve.sh
body='{"activity":"fuel.diesel","region":"GB","year":2024,"unit":"L"}'
echo "$body" >"$data/resolve.json"
curl -sf "$url/api/v1/factors/resolve" -H "x-api-key: $key" -H 'content-type: application/json' -d "$body" >/dev/null
python3 - "$data/batch.json" <<'PY'
import json, sys
regions = ["GB", "FR", "DE", "US", "JP", "IN", "BR", "PL"]
items = [{"activity": "electricity.grid", "region": regions[i % 8], "year": 2019 + i % 5, "unit": "kWh"} for i in range(10000)]
json.dump({"items": items}, open(sys.argv[1], "w"))
PY
cat >"$data/resolve.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "$key"
LUA

echo "== wrk closed loop, 2 threads, 64 connections, ${wrk_seconds}s each"
wrk -t2 -c64 -d5s "$url/ping" >/dev/null
wrk -t2 -c64 -d"${wrk_seconds}s" --latency "$url/ping" | grep -E "Requests/sec|50%|99%|Non-2xx|errors" | sed 's/^/ping     /'
wrk -t2 -c64 -d5s -s "$data/resolve.lua" "$url/api/v1/factors/resolve" >/dev/null
wrk -t2 -c64 -d"${wrk_seconds}s" --latency -s "$data/resolve.lua" "$url/api/v1/factors/resolve" | grep -E "Requests/sec|50%|99%|Non-2xx|errors" | sed 's/^/resolve  /'

echo "== open loop at $rate/s for ${seconds}s each"
$gen --url "$url/ping" --rate "$rate" --seconds "$seconds"
$gen --url "$url/api/v1/factors/resolve" --method POST --body-file "$data/resolve.json" --header "X-Api-Key: $key" --rate "$rate" --seconds "$seconds"

echo "== batch of 10,000 resolves, 100 sequential requests (after 20 warm-up), full answers then ?detail=summary"
$gen --url "$url/api/v1/factors/resolve/batch" --method POST --body-file "$data/batch.json" --header "X-Api-Key: $key" --sequential 100
$gen --url "$url/api/v1/factors/resolve/batch?detail=summary" --method POST --body-file "$data/batch.json" --header "X-Api-Key: $key" --sequential 100
