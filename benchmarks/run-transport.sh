#!/usr/bin/env bash
# The transport's own CPU per sign-in path, without the network (docs/performance.md §5).
set -euo pipefail
cd "$(dirname "$0")"
java -jar target/benchmarks.jar TransportBenchmark -prof gc -rf json -rff results/transport.json \
  | tee results/transport.txt
