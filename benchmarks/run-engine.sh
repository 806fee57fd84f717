#!/usr/bin/env bash
# Engine overhead (docs/performance.md §1): 1 and 2 threads, with the GC profiler. 15 warm-up
# iterations: with 8, the 2-thread figures were still rising when measurement began (§1).
set -euo pipefail
cd "$(dirname "$0")"
for t in 1 2; do
  java -jar target/benchmarks.jar EngineBenchmark -t "$t" -wi 15 -prof gc \
    -rf json -rff "results/engine-t$t.json" | tee "results/engine-t$t.txt"
done
