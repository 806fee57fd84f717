#!/usr/bin/env python3
"""Medians with min-max of JMH JSON results (all iterations of all forks), and ratios to a baseline."""
import json, statistics, sys

for path in sys.argv[1:]:
    rows = {}
    for b in json.load(open(path)):
        name = b["benchmark"].rsplit(".", 1)[1]
        raw = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
        alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        araw = [x for fork in alloc["rawData"] for x in fork] if alloc else []
        rows[name] = (raw, araw, b["threads"])
    print(f"{path}:")
    base = statistics.median(rows["bareSsm"][0]) if "bareSsm" in rows else None
    for name, (raw, araw, threads) in rows.items():
        med = statistics.median(raw)
        line = f"  {name:22s} t={threads} flows/s median {med:,.0f} (min {min(raw):,.0f}, max {max(raw):,.0f})"
        line += f"; ns/event {1e9 * threads / med / 4:,.0f}"
        if base:
            line += f"; x bareSsm {med / base:.3f}"
        if araw:
            line += f"; alloc B/flow {statistics.median(araw):,.0f} (B/event {statistics.median(araw) / 4:,.0f})"
        print(line)
