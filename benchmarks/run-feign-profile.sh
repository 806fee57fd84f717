#!/usr/bin/env bash
# Where the load generator's time goes in FEIGN mode versus RAW mode: JFR of the client process.
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-4015}"
java -Xms512m -Xmx1g -cp target/benchmarks.jar dev.signinflow.benchmarks.BenchEmulator "$port" \
  > results/emulator-feign.log 2>&1 &
emulator=$!
trap 'kill "$emulator"' EXIT
for _ in $(seq 150); do grep -q ready results/emulator-feign.log && break; sleep 0.2; done
for mode in FEIGN RAW; do
  java -Dfapi.modes=$mode -XX:StartFlightRecording=filename=results/client-$mode.jfr,settings=profile \
    -cp target/benchmarks.jar dev.signinflow.benchmarks.FapiLoad "http://127.0.0.1:$port" 4 10 1 5 \
    2>&1 | grep -v Started | tee -a results/client-profile.txt
  jfr print --events jdk.ExecutionSample --stack-depth 64 results/client-$mode.jfr \
    | grep -oE '^\s+(feign|dev\.signinflow\.transport\.feign|com\.fasterxml|jdk\.internal\.net\.http|java\.net\.http)[^(]*' \
    | sed -E 's/^\s+//; s/\.[^.]+\.[^.]+$//' | sort | uniq -c | sort -rn | head -8 | tee -a results/client-profile.txt
  echo "$mode samples: $(jfr print --events jdk.ExecutionSample results/client-$mode.jfr | grep -c 'jdk.ExecutionSample')" \
    | tee -a results/client-profile.txt
done
