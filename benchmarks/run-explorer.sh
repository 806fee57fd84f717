#!/usr/bin/env bash
# Explorer throughput (docs/performance.md §3): the build's default run in memory, then the
# differential scenarios over HTTP and in memory, alternating. Argument: rounds (default 2).
set -euo pipefail
cd "$(dirname "$0")"
java -cp target/benchmarks.jar dev.signinflow.benchmarks.ExplorerThroughput "${1:-2}" \
  | tee results/explorer.txt
