#!/usr/bin/env python3
"""Medians (min-max) of the wrk runs in a run-fapi.sh output, per '== wrk' section."""
import re
import statistics
import sys


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def spread(xs, fmt):
    return (fmt % statistics.median(xs)) + " (" + (fmt % min(xs)) + "–" + (fmt % max(xs)) + ")"


section, runs = None, {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("== wrk"):
        section = line[3:].strip()
        runs.setdefault(section, [])
    elif section and line.strip().startswith("Running"):
        runs[section].append({})
    elif section and runs[section]:
        run = runs[section][-1]
        m = re.match(r"\s+(50|99)%\s+([\d.]+)(us|ms|s)\b", line)
        if m:
            run["p" + m.group(1)] = ms(m.group(2), m.group(3))
        m = re.match(r"Requests/sec:\s+([\d.]+)", line)
        if m:
            run["rps"] = float(m.group(1))
        m = re.match(r"path failures.*: (\d+)", line)
        if m:
            run["failures"] = int(m.group(1))
for section, rs in runs.items():
    rs = [r for r in rs if "rps" in r]
    if not rs:
        continue
    print(
        f"{section}: {len(rs)} runs, requests/s {spread([r['rps'] for r in rs], '%.0f')}, "
        f"p50 {spread([r['p50'] for r in rs], '%.3f')} ms, p99 {spread([r['p99'] for r in rs], '%.2f')} ms, "
        f"path failures {sum(r.get('failures', 0) for r in rs)}"
    )
