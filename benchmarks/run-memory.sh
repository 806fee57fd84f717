#!/usr/bin/env bash
# Memory per idle flow and snapshot size (docs/performance.md §2).
set -euo pipefail
cd "$(dirname "$0")"
java -Xms1g -Xmx1g -XX:+UseSerialGC -cp target/benchmarks.jar \
  dev.signinflow.benchmarks.IdleFlowMemory 100000 5 | tee results/memory.txt
