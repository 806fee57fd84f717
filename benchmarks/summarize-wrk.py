#!/usr/bin/env python3
"""Medians (min-max) of the wrk runs in a benchmark's output, per '== wrk' section.

    summarize-wrk.py OUTPUT                     # run-fapi.sh: one line per section
    summarize-wrk.py --rounds [--baseline S] OUTPUT
                                                # run-emulator-vs-firebase.sh: every run, round by
                                                # round, then the medians; with --baseline, each
                                                # section's figures over section S's of the same round

A run starts at wrk's 'Running' line; the lines a script writes after it ('load before: ...',
'cpu: ...') are printed with the run as its notes. Sections whose header is not '== wrk ...'
(run-emulator-vs-firebase.sh writes '== disturbed wrk ...' for a run it did again) are skipped.
"""
import re
import statistics
import sys


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def spread(xs, fmt):
    return (fmt % statistics.median(xs)) + " (" + (fmt % min(xs)) + "–" + (fmt % max(xs)) + ")"


def parse(path):
    section, runs = None, {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("== wrk"):
            section = line[3:].strip()
            runs.setdefault(section, [])
        elif line.startswith("=="):
            section = None  # e.g. '== disturbed wrk ...': a run done again, not counted
        elif section and line.strip().startswith("Running"):
            runs[section].append({"notes": []})
        elif section and runs[section]:
            run = runs[section][-1]
            m = re.match(r"\s+(50|99)%\s+([\d.]+)(us|ms|s)\b", line)
            if m:
                run["p" + m.group(1)] = ms(m.group(2), m.group(3))
            m = re.match(r"Requests/sec:\s+([\d.]+)", line)
            if m:
                run["rps"] = float(m.group(1))
            m = re.match(r"\s+(\d+) requests in", line)
            if m:
                run["requests"] = int(m.group(1))
            m = re.match(r"\s+Non-2xx or 3xx responses: (\d+)", line)
            if m:
                run["non2xx"] = int(m.group(1))
            m = re.match(r"path failures.*: (\d+)", line)
            if m:
                run["failures"] = int(m.group(1))
            m = re.match(r"(load before|cpu): (.*)", line)
            if m:
                run["notes"].append(m.group(1) + " " + m.group(2).strip())
    return {s: [r for r in rs if "rps" in r] for s, rs in runs.items()}


def non2xx(r):
    return 100.0 * r.get("non2xx", 0) / r["requests"] if r.get("requests") else 0.0


def medians(runs):
    for section, rs in runs.items():
        if not rs:
            continue
        line = (
            f"{section}: {len(rs)} runs, requests/s {spread([r['rps'] for r in rs], '%.0f')}, "
            f"p50 {spread([r['p50'] for r in rs], '%.3f')} ms, "
            f"p99 {spread([r['p99'] for r in rs], '%.2f')} ms"
        )
        if any("failures" in r for r in rs):
            line += f", path failures {sum(r.get('failures', 0) for r in rs)}"
        if any("non2xx" in r for r in rs):
            line += f", non-2xx {spread([non2xx(r) for r in rs], '%.1f')} %"
        print(line)


def rounds(runs, baseline):
    n = max((len(rs) for rs in runs.values()), default=0)
    for i in range(n):
        print(f"round {i + 1}:")
        base = runs.get(baseline, [])
        base = base[i] if i < len(base) else None
        for section, rs in runs.items():
            if i >= len(rs):
                continue
            r = rs[i]
            line = (
                f"  {section:<32} {r['rps']:>9.0f} req/s  p50 {r['p50']:7.3f} ms  "
                f"p99 {r['p99']:7.2f} ms  non-2xx {non2xx(r):5.1f} %"
            )
            if base and section != baseline:
                line += (
                    f"  | ×{r['rps'] / base['rps']:.1f} req/s, p50 ×{r['p50'] / base['p50']:.2f},"
                    f" p99 ×{r['p99'] / base['p99']:.2f} of {baseline}'s"
                )
            print(line)
            for note in r["notes"]:
                print(f"  {'':<32} {note}")
    print("medians (min–max) over the rounds:")
    medians(runs)


def disturbed(path):
    return sum(1 for line in open(path, encoding="utf-8") if line.startswith("== disturbed"))


def main(argv):
    args = argv[1:]
    per_round = "--rounds" in args
    baseline = None
    if "--baseline" in args:
        if args.index("--baseline") + 1 >= len(args):
            sys.exit(__doc__)
        baseline = args[args.index("--baseline") + 1]
        args.remove("--baseline")
        args.remove(baseline)
    args = [a for a in args if a != "--rounds"]
    if len(args) != 1:
        sys.exit(__doc__)
    runs = parse(args[0])
    if per_round:
        rounds(runs, baseline)
        n = disturbed(args[0])
        if n:
            print(f"({n} disturbed run(s) done again: in the output above the summary, not counted)")
    else:
        medians(runs)


if __name__ == "__main__":
    main(sys.argv)
