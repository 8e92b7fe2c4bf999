#!/usr/bin/env bash
# Hourly grid endpoints under load over 127.0.0.1 (issues 20 and 21; figures go to docs/benchmarks.md).
# Starts the Release server on SQLite with the published datasets (the hourly history is loaded into its store at
# start), then, in the same run and at the same concurrency, closed loop (bench/FactorTrace.LoadGen --concurrency):
#   POST /api/v1/factors/resolve (the reference), GET /api/v1/grid/intensity (one day of DE 2023),
#   POST /api/v1/grid/windows (DE, FR, US-CAL-CISO, one day, 180 minutes), in alternating rounds.
# Usage: bash bench/grid-load.sh [connections=64] [seconds=20] [rounds=2]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-64}"; seconds="${2:-20}"; rounds="${3:-2}"
port=5092
# shellcheck source=serve.sh
source bench/serve.sh
echo '{"activity":"fuel.diesel","region":"GB","year":2024,"unit":"L"}' >"$data/resolve.json"
echo '{"zones":["DE","FR","US-CAL-CISO"],"from":"2023-06-15T00:00:00Z","to":"2023-06-16T00:00:00Z","duration_minutes":180,"signal":"direct"}' >"$data/windows.json"
intensity="$url/api/v1/grid/intensity?zone=DE&from=2023-06-15T00:00:00Z&to=2023-06-16T00:00:00Z"

# The history is ingested in the background at start: wait until the day is stored in full.
until [ "$(curl -sf "$intensity" -H "x-api-key: $key" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["points"]))' 2>/dev/null)" = 24 ]; do sleep 1; done
curl -sf "$url/api/v1/grid/windows" -H "x-api-key: $key" -H 'content-type: application/json' -d @"$data/windows.json" \
  | python3 -c 'import json,sys; a=json.load(sys.stdin); print("windows answer:", len(json.dumps(a)), "bytes, best", a["best"]["zone"], a["best"]["start"])'
curl -sf "$intensity" -H "x-api-key: $key" | python3 -c 'import json,sys; a=json.load(sys.stdin); print("intensity answer:", len(json.dumps(a)), "bytes,", len(a["points"]), "points")'

for round in $(seq "$rounds"); do
  echo "== round $round: closed loop, $connections connections, ${seconds}s each (after 5 s warm-up)"
  $gen --url "$url/api/v1/factors/resolve" --method POST --body-file "$data/resolve.json" --header "X-Api-Key: $key" --concurrency "$connections" --seconds "$seconds"
  $gen --url "$intensity" --header "X-Api-Key: $key" --concurrency "$connections" --seconds "$seconds"
  $gen --url "$url/api/v1/grid/windows" --method POST --body-file "$data/windows.json" --header "X-Api-Key: $key" --concurrency "$connections" --seconds "$seconds"
done
