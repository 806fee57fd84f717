#!/usr/bin/env bash
# Emulator throughput/latency and the Feign transport against HttpClient (docs/performance.md §4, §5).
# The emulator and the load generator are separate processes on the same 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-4011}"
threads="${THREADS:-4}"
seconds="${SECONDS_PER_MODE:-10}"
out="results/fapi-t$threads.txt"
# The emulator's tail latency is its young-GC pauses (it keeps every client it made, up to
# maxClients); a small young generation under the parallel collector keeps each pause short.
java ${EMULATOR_GC:--XX:+UseParallelGC -Xmn64m} -Xms1g -Xmx1g -cp target/benchmarks.jar \
  dev.signinflow.benchmarks.BenchEmulator "$port" > results/emulator.log 2>&1 &
emulator=$!
trap 'kill "$emulator"' EXIT
for _ in $(seq 150); do
  grep -q ready results/emulator.log && break
  kill -0 "$emulator" 2> /dev/null || break
  sleep 0.2
done
if ! grep -q ready results/emulator.log; then
  echo "the emulator did not start (is port $port in use?):" >&2
  tail -5 results/emulator.log >&2
  exit 1
fi
java -cp target/benchmarks.jar dev.signinflow.benchmarks.FapiLoad "http://127.0.0.1:$port" \
  "$threads" "$seconds" "${ROUNDS:-5}" "${WARMUP:-10}" | tee "$out"
if command -v wrk > /dev/null; then
  url="http://127.0.0.1:$port"
  # A load generator in C, one connection per thread (the path's state lives in the thread):
  # the four-request path at saturation, then paced to about 5,000 requests/s (6 connections,
  # 1 ms between an answer and the next request) for latency at the target load; then the
  # environment endpoint, the floor. Every wrk run is repeated ROUNDS times.
  echo "== wrk path, saturated (warm-up first)" | tee -a "$out"
  wrk -t2 -c2 -d"${seconds}s" -s wrk-path.lua "$url" > /dev/null
  for _ in $(seq "${ROUNDS:-5}"); do
    wrk -t2 -c2 -d"${seconds}s" --latency -s wrk-path.lua "$url" | tee -a "$out"
  done
  echo "== wrk path, paced" | tee -a "$out"
  for _ in $(seq "${ROUNDS:-5}"); do
    WRK_DELAY_MS=1 wrk -t6 -c6 -d"${seconds}s" --latency -s wrk-path.lua "$url" | tee -a "$out"
  done
  echo "== wrk env, saturated" | tee -a "$out"
  for _ in $(seq "${ROUNDS:-5}"); do
    wrk -t2 -c2 -d"${seconds}s" --latency \
      "$url/v1/environment?_is_native=true&__clerk_api_version=2026-05-12" | tee -a "$out"
  done
  summary="$(python3 summarize-wrk.py "$out")"
  echo "$summary" | tee -a "$out"
fi
