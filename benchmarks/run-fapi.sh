#!/usr/bin/env bash
# Emulator throughput/latency and the Feign transport against HttpClient (docs/performance.md §4, §5).
# The emulator and the load generator are two processes on the same 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-4011}"
threads="${THREADS:-4}"
java -Xms512m -Xmx1g -cp target/benchmarks.jar dev.signinflow.benchmarks.BenchEmulator "$port" \
  > results/emulator.log 2>&1 &
emulator=$!
trap 'kill "$emulator"' EXIT
for _ in $(seq 150); do grep -q ready results/emulator.log && break; sleep 0.2; done
java -cp target/benchmarks.jar dev.signinflow.benchmarks.FapiLoad "http://127.0.0.1:$port" \
  "$threads" "${SECONDS_PER_MODE:-10}" "${ROUNDS:-5}" "${WARMUP:-10}" | tee "results/fapi-t$threads.txt"
if command -v wrk > /dev/null; then
  # Cross-check with a load generator in C: the create endpoint alone, and the environment floor.
  for path in create env; do
    if [ "$path" = create ]; then script=(-s wrk-create.lua); else script=(); fi
    echo "== wrk $path" | tee -a "results/fapi-t$threads.txt"
    wrk -t2 -c"$threads" -d"${SECONDS_PER_MODE:-10}s" --latency "${script[@]}" \
      "http://127.0.0.1:$port/v1/environment?_is_native=true&__clerk_api_version=2026-05-12" \
      | tee -a "results/fapi-t$threads.txt"
  done
fi
