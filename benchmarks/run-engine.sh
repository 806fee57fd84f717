#!/usr/bin/env bash
# Engine overhead (docs/performance.md §1): 1 and 2 threads, with the GC profiler.
set -euo pipefail
cd "$(dirname "$0")"
for t in 1 2; do
  java -jar target/benchmarks.jar EngineBenchmark -t "$t" -wi 8 -prof gc \
    -rf json -rff "results/engine-t$t.json" | tee "results/engine-t$t.txt"
done
