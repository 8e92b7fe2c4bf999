#!/usr/bin/env bash
# Fuzzes one parser of untrusted bytes with SharpFuzz and afl++ (docs/security.md, Fuzzing). Not part of the test command.
#   bash scripts/fuzz.sh <import-reader|json-bodies|yaml-mappings> [minutes]   (default 30)
#   bash scripts/fuzz.sh <target> --replay <dir|file>                           (run saved inputs without afl)
# Output under artifacts/fuzz/<target>/: publish/ (instrumented build), findings/ (afl's queue, crashes, hangs, fuzzer_stats).
# Runs under nice -n 10 on one core: the machine is shared.
set -euo pipefail

target="${1:-}"
case "$target" in
  import-reader|json-bodies|yaml-mappings) ;;
  *) echo "usage: $0 <import-reader|json-bodies|yaml-mappings> [minutes | --replay <dir|file>]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/fuzz/$target"
publish="$out/publish"
findings="$out/findings"
seeds="$root/fuzz/corpus/$target"
project="$root/fuzz/FactorTrace.Fuzz/FactorTrace.Fuzz.csproj"

if ! command -v afl-fuzz >/dev/null; then
  echo "== installing afl++ (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
(cd "$root" && dotnet tool restore >/dev/null)

if [[ "${2:-}" == "--replay" ]]; then
  # Replay runs a plain (uninstrumented) build: instrumented code writes afl's trace bits and faults outside afl-fuzz.
  echo "== publishing the harness (uninstrumented) for replay"
  rm -rf "$out/replay-build"
  nice -n 10 dotnet publish "$project" -c Release -o "$out/replay-build" -nologo -v q
  exec nice -n 10 dotnet "$out/replay-build/FactorTrace.Fuzz.dll" "$target" --replay "${3:?--replay needs a dir or file}"
fi

echo "== publishing and instrumenting the harness"
rm -rf "$publish"
nice -n 10 dotnet publish "$project" -c Release -o "$publish" -nologo -v q
# Our assemblies and the third-party parsers they drive; System.Text.Json is part of the shared framework and cannot be instrumented.
for dll in FactorTrace.Import FactorTrace.Datasets FactorTrace.Server FactorTrace.Data FactorTrace \
           Sylvan.Data.Csv ExcelDataReader YamlDotNet; do
  (cd "$root" && dotnet sharpfuzz "$publish/$dll.dll" >/dev/null)
done

minutes="${2:-30}"
echo "== afl-fuzz $target for $minutes min (seeds: fuzz/corpus/$target, $(ls "$seeds" | wc -l) files)"
rm -rf "$findings"
mkdir -p "$findings"
export AFL_SKIP_BIN_CHECK=1         # the target is a .NET assembly, not an afl-instrumented binary
export AFL_NO_UI=1
export AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_AUTORESUME=0
# SharpFuzz's out-of-process server restarts its child after a crash or time-out, and afl times that first input too:
# keep tiered compilation (fast start-up) so that a restarted child is serving again well within -t.
# -t: FUZZ_TIMEOUT_MS per input, fixed (default 10 s). No '+': with it afl++ auto-scales the time-out down to a few times the
# calibrated run time (20-80 ms here), and then a busy moment on this shared machine, or the start-up of the child that SharpFuzz
# restarts after each time-out, times out again and again (a time-out is reported by SharpFuzz as a crash of the running input).
# -m none: the CLR reserves far more virtual memory than afl's default limit.
nice -n 10 afl-fuzz -i "$seeds" -o "$findings" -t "${FUZZ_TIMEOUT_MS:-10000}" -m none -V $((minutes * 60)) \
  -- dotnet "$publish/FactorTrace.Fuzz.dll" "$target" > "$out/afl.log" 2>&1 || {
    echo "afl-fuzz failed; the end of $out/afl.log:" >&2; tail -30 "$out/afl.log" >&2; exit 1; }

# Children that afl killed (time-outs) leave their scratch folders behind (fuzz/FactorTrace.Fuzz/Workspace.cs).
rm -rf /dev/shm/factortrace-fuzz-"$target"-* "${TMPDIR:-/tmp}"/factortrace-fuzz-"$target"-* 2>/dev/null || true

stats="$findings/default/fuzzer_stats"
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
echo "== $target: $(date -u +%F), $minutes min"
grep -E '^(start_time|last_update|run_time|execs_done|execs_per_sec|corpus_count|paths_total|corpus_found|paths_found|saved_crashes|unique_crashes|saved_hangs|unique_hangs|stability|bitmap_cvg) ' "$stats" || true
echo "crash files: $crashes, hang files: $hangs (under $findings/default/crashes and hangs)"
if (( crashes + hangs > 0 )); then
  echo "replay them: bash scripts/fuzz.sh $target --replay $findings/default/crashes"
fi
