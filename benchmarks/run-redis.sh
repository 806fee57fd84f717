#!/usr/bin/env bash
# The Redis stores against the in-memory ones (docs/performance.md §8): per-event latency on one
# thread, and events/s of two nodes sharing one Redis on the same 2 cores. Starts its own
# redis-server on a free loopback port (or give REDIS=redis://host:port).
set -euo pipefail
cd "$(dirname "$0")"
java -Xms512m -Xmx512m -cp target/benchmarks.jar dev.signinflow.benchmarks.RedisStoreLoad \
  "${REDIS:--}" "${FLOWS:-2000}" "${ROUNDS:-5}" "${THREADS:-8}" "${SECONDS_PER_RUN:-10}" \
  | tee results/redis-store.txt
