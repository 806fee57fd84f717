#!/usr/bin/env bash
# Start-up (docs/performance.md §6): time to the demo's first prompt and `signin login --help`,
# each next to a bare JVM doing the same thing; then max RSS with /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10}"
signin="java -jar cli/target/signin.jar"
floor="java -cp benchmarks/target/benchmarks.jar dev.signinflow.benchmarks.JvmFloor"
java -cp benchmarks/target/benchmarks.jar dev.signinflow.benchmarks.StartupTimer "$runs" \
  jvm-floor-prompt "Email [" "$floor" \
  demo-first-prompt "Email [" "$signin demo" \
  login-help - "$signin login --help" \
  launcher-login-help - "./signin login --help" | tee benchmarks/results/startup.txt
for cmd in "$floor" "$signin login --help" "$signin demo --non-interactive"; do
  echo "== /usr/bin/time -v $cmd" | tee -a benchmarks/results/startup.txt
  /usr/bin/time -v $cmd < /dev/null 2>&1 >/dev/null \
    | grep -E 'Elapsed \(wall|Maximum resident' | tee -a benchmarks/results/startup.txt
done
