#!/usr/bin/env bash
# A load test of one service node (docs/performance.md §7): USERS end users at once sign in through
# SignInEngine + FeignSignInGateway in proxy mode (ServiceNodeLoad; its JVM is the node) against
# the emulator in its own process, started as users start it (`signin emulator`: its launcher's GC
# options; Clerk's default rate limits, restated in service-node-settings.json), with LATENCY_MS on
# every FAPI answer. Three phases: the users back to back (saturated), the same users reading the
# code for THINK_MS on average (paced), one user alone (baseline). Both processes share the
# machine's cores: the load average is recorded with the figures.
# Build first: ./mvnw -Pbench -DskipTests -pl benchmarks,cli -am package
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-4012}"
users="${USERS:-500}"
latency="${LATENCY_MS:-50}"
warmup="${WARMUP:-10}"
measured="${MEASURED:-30}"
think="${THINK_MS:-5000}"
baseline="${BASELINE_SIGN_INS:-50}"
out="results/service-node.txt"
log="results/emulator-service-node.log"
for jar in target/benchmarks.jar ../cli/target/signin.jar; do
  if [ ! -f "$jar" ]; then
    echo "missing $jar; build: ./mvnw -Pbench -DskipTests -pl benchmarks,cli -am package" >&2
    exit 1
  fi
done
# A fresh secret key for each run, which nothing prints: 32 hex digits from /dev/urandom.
EMULATOR_SECRET_KEY="sk_test_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export EMULATOR_SECRET_KEY
../signin emulator --port "$port" --seed none --secret-key "$EMULATOR_SECRET_KEY" \
  --settings service-node-settings.json > "$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2> /dev/null || true; wait "$emulator" 2> /dev/null || true' EXIT
for _ in $(seq 150); do
  grep -q 'Frontend API:' "$log" && break
  kill -0 "$emulator" 2> /dev/null || break
  sleep 0.2
done
if ! grep -q 'Frontend API:' "$log"; then
  echo "the emulator did not start (is port $port in use?):" >&2
  tail -5 "$log" >&2
  exit 1
fi
{
  echo "# benchmarks/run-service-node.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2> /dev/null || echo '?')"
  echo "# USERS=$users LATENCY_MS=$latency WARMUP=$warmup MEASURED=$measured THINK_MS=$think BASELINE_SIGN_INS=$baseline"
  echo "# nproc $(nproc); $(java -version 2>&1 | head -1)"
  echo "# emulator: ../signin emulator --port $port --seed none --secret-key sk_test_… --settings service-node-settings.json"
  echo "# node: java ${NODE_JAVA_OPTS:--Xmx1g} -cp target/benchmarks.jar dev.signinflow.benchmarks.ServiceNodeLoad"
} > "$out"
# shellcheck disable=SC2086
java ${NODE_JAVA_OPTS:--Xmx1g} -cp target/benchmarks.jar dev.signinflow.benchmarks.ServiceNodeLoad \
  "http://127.0.0.1:$port" "$users" "$latency" "$warmup" "$measured" "$think" "$baseline" | tee -a "$out"
