#!/usr/bin/env bash
# Sourced by the load scripts: builds and starts the Release server on SQLite with the published datasets on $port,
# waits until it is ready, and sets $url, $data (a temporary folder, removed with the server on exit), $gen (LoadGen)
# and $key (a viewer API key). Usage: port=5091; source bench/serve.sh
url="http://127.0.0.1:$port"
data="$(mktemp -d /tmp/factortrace-load.XXXXXX)"
datasets="${FACTORTRACE_DATASETS_PATH:-$(cd ../shared/data && pwd)}"
gen="dotnet bench/FactorTrace.LoadGen/bin/Release/net10.0/FactorTrace.LoadGen.dll"

dotnet build src/FactorTrace.Server -c Release -v q -nologo >/dev/null
dotnet build bench/FactorTrace.LoadGen -c Release -v q -nologo >/dev/null
FactorTrace__DataDirectory="$data" FACTORTRACE_DATASETS_PATH="$datasets" \
FactorTrace__Bootstrap__AdminEmail=admin@load.test FactorTrace__Bootstrap__AdminPassword=load-test-password \
FactorTrace__RateLimits__DefaultPerMinute=100000000 Logging__LogLevel__Default=Warning \
  dotnet src/FactorTrace.Server/bin/Release/net10.0/FactorTrace.Server.dll --urls "$url" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf "$url/health/ready" >/dev/null; do sleep 0.5; done

token=$(curl -sf "$url/api/v1/auth/token" -H 'content-type: application/json' \
  -d '{"email":"admin@load.test","password":"load-test-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
key=$(curl -sf "$url/api/v1/api-keys" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"name":"load","role":"viewer"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
