#!/usr/bin/env bash
# Throughput of one and of three instances on one PostgreSQL and one Redis, behind a round robin (LoadGen given every
# instance's address). For each: closed loop, C connections, S seconds, on POST /api/v1/factors/resolve (warm answers)
# and on POST /api/v1/activities (a committed write each). Figures go to docs/benchmarks.md.
# Needs PostgreSQL (FACTORTRACE_TEST_POSTGRES, or `source scripts/postgres.sh` first) and redis-server.
# Usage: bash bench/scale-out.sh [connections=32] [seconds=20]
set -euo pipefail
cd "$(dirname "$0")/.."
connections="${1:-32}"; seconds="${2:-20}"
: "${FACTORTRACE_TEST_POSTGRES:?source scripts/postgres.sh first}"
datasets="${FACTORTRACE_DATASETS_PATH:-$(cd ../shared/data && pwd)}"
gen="dotnet bench/FactorTrace.LoadGen/bin/Release/net10.0/FactorTrace.LoadGen.dll"
data="$(mktemp -d /tmp/factortrace-scale.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${db:-}" ] && admin_psql "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dotnet build src/FactorTrace.Server -c Release -v q -nologo >/dev/null
dotnet build bench/FactorTrace.LoadGen -c Release -v q -nologo >/dev/null

# One database, owned by a migration role, used by an application role that row-level security binds.
db="ft_scale_$(date +%s)"
admin_psql() { psql "$(python3 -c 'import sys; kv=dict(p.split("=",1) for p in sys.argv[1].split(";") if p); print("host={Host} port={Port} user={Username} dbname={Database}".format(**kv))' "$FACTORTRACE_TEST_POSTGRES")" -qAt -c "$1"; }
admin_psql "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ft_owner') THEN CREATE ROLE ft_owner LOGIN CREATEROLE; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factortrace_app') THEN CREATE ROLE factortrace_app NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ft_app') THEN CREATE ROLE ft_app LOGIN IN ROLE factortrace_app; END IF;
END \$\$;"
admin_psql "CREATE DATABASE $db OWNER ft_owner"
base="$(echo "$FACTORTRACE_TEST_POSTGRES" | sed -E 's/Username=[^;]*;?//; s/Database=[^;]*;?//')"
owner="${base};Username=ft_owner;Database=$db"
app="${base};Username=ft_app;Database=$db;Maximum Pool Size=50"

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$data/redis.log" 2>&1 &
pids+=($!)
signing_key="$(openssl rand -base64 48)"

start_instance() { # name port
  mkdir -p "$data/$1"
  FactorTrace__DataDirectory="$data/$1" FACTORTRACE_DATASETS_PATH="$datasets" \
  FactorTrace__Database__Provider=postgres FactorTrace__Database__ConnectionString="$app" FactorTrace__Database__OwnerConnectionString="$owner" \
  FactorTrace__Cache__Redis="127.0.0.1:$redis_port" FactorTrace__Auth__SigningKey="$signing_key" \
  FactorTrace__Imports__StorageDirectory="$data/shared/imports" FactorTrace__DataProtectionKeysDirectory="$data/shared/keys" \
  FactorTrace__Bootstrap__AdminEmail=admin@load.test FactorTrace__Bootstrap__AdminPassword=load-test-password \
  FactorTrace__RateLimits__DefaultPerMinute=100000000 FactorTrace__Grid__SchedulerEnabled=false FactorTrace__Grid__IngestDatasetHistory=false \
  Logging__LogLevel__Default=Warning \
    dotnet src/FactorTrace.Server/bin/Release/net10.0/FactorTrace.Server.dll --urls "http://127.0.0.1:$2" >"$data/$1.log" 2>&1 &
  pids+=($!)
  until curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null; do sleep 0.5; done
}

ports=("$(free_port)" "$(free_port)" "$(free_port)")
start_instance a "${ports[0]}"
url="http://127.0.0.1:${ports[0]}"
token=$(curl -sf "$url/api/v1/auth/token" -H 'content-type: application/json' \
  -d '{"email":"admin@load.test","password":"load-test-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
key=$(curl -sf "$url/api/v1/api-keys" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"name":"load","role":"editor"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
echo '{"activity":"fuel.diesel","region":"GB","year":2024,"unit":"L"}' >"$data/resolve.json"
echo '{"activity_id":"fuel.diesel","amount":1,"unit":"L","date":"2024-03-01","region":"GB"}' >"$data/write.json"

urls() { # path instance-urls... → --url instance/path for each
  local path="$1"; shift
  for u in "$@"; do printf -- '--url\n%s%s\n' "$u" "$path"; done
}

run() { # label instance-urls...
  local label="$1"; shift
  mapfile -t resolve < <(urls /api/v1/factors/resolve "$@")
  mapfile -t write < <(urls /api/v1/activities "$@")
  $gen "${resolve[@]}" --method POST --body-file "$data/resolve.json" --header "X-Api-Key: $key" \
    --concurrency "$connections" --seconds "$seconds" --warmup-seconds 5 | sed "s/^/$label resolve  /"
  $gen "${write[@]}" --method POST --body-file "$data/write.json" --header "X-Api-Key: $key" \
    --concurrency "$connections" --seconds "$seconds" --warmup-seconds 5 | sed "s/^/$label write    /"
}

echo "== $(nproc) cores; closed loop, $connections connections, ${seconds}s after 5s warm-up"
run "1 instance " "$url"
start_instance b "${ports[1]}"
start_instance c "${ports[2]}"
run "3 instances" "$url" "http://127.0.0.1:${ports[1]}" "http://127.0.0.1:${ports[2]}"
