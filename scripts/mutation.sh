#!/usr/bin/env bash
# Mutation testing with PIT (docs/testing.md, "Test strength"): runs the `mutation` profile and
# prints one line per module — mutants killed of all, test strength, how long PIT took — then
# fails when a module is under its threshold.
#
#   scripts/mutation.sh                      # engine, transport-fake, emulator, transport-feign
#   scripts/mutation.sh engine               # one or more of those
#   scripts/mutation.sh -o engine            # arguments starting with - go to Maven
#   scripts/mutation.sh --report-only        # only read the reports of the last run
#
# The engine's mutants are run in transport-fake's build, with the engine's tests and the fake's
# (which exercise the engine from outside); its report is transport-fake/target/pit-reports-engine.
# Thresholds (killed / all mutants): engine 95 %, transport-fake and transport-feign 85 %; the
# emulator is reported only. Override one with e.g. MUTATION_MIN_ENGINE=96.
set -euo pipefail
cd "$(dirname "$0")/.."

all=(engine transport-fake emulator transport-feign)
modules=()
maven_args=()
report_only=false
for arg in "$@"; do
  case "$arg" in
    --report-only) report_only=true ;;
    -*) maven_args+=("$arg") ;;
    engine | transport-fake | emulator | transport-feign) modules+=("$arg") ;;
    *)
      echo "unknown module or option: $arg (modules: ${all[*]})" >&2
      exit 2
      ;;
  esac
done
[ ${#modules[@]} -gt 0 ] || modules=("${all[@]}")

wants() {
  local m
  for m in "${modules[@]}"; do [ "$m" = "$1" ] && return 0; done
  return 1
}

report_of() {
  case "$1" in
    engine) echo transport-fake/target/pit-reports-engine/mutations.xml ;;
    *) echo "$1/target/pit-reports/mutations.xml" ;;
  esac
}

log=target/mutation.log
mkdir -p target
if ! $report_only; then
  projects=()
  if wants engine || wants transport-fake; then projects+=(transport-fake); fi
  if wants emulator; then projects+=(emulator); fi
  if wants transport-feign; then projects+=(transport-feign); fi
  # Each module's run is skipped unless asked for: -am builds the others a module needs, and
  # their own runs would go with them.
  skip_engine=true
  skip_fake=true
  skip_emulator=true
  skip_feign=true
  wants engine && skip_engine=false
  wants transport-fake && skip_fake=false
  wants emulator && skip_emulator=false
  wants transport-feign && skip_feign=false
  for m in "${modules[@]}"; do rm -f "$(report_of "$m")"; done
  pl=$(
    IFS=,
    echo "${projects[*]}"
  )
  echo "PIT over ${modules[*]} (Maven log: $log) ..."
  started=$(date +%s)
  # Surefire is skipped by the profile (PIT runs the tests itself); so are javadoc and sources.
  if ! ./mvnw -B -Pmutation verify -pl "$pl" -am -Dspotless.check.skip=true \
    -Dmutation.engine.skip="$skip_engine" -Dmutation.fake.skip="$skip_fake" \
    -Dmutation.emulator.skip="$skip_emulator" -Dmutation.feign.skip="$skip_feign" \
    ${maven_args[@]+"${maven_args[@]}"} >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "The Maven run failed; the whole log is in $log." >&2
    exit 1
  fi
  echo "Maven took $(($(date +%s) - started)) s."
fi

python3 - "$log" "${modules[@]}" <<'PY'
import os, re, sys
import xml.etree.ElementTree as ET

log_path, modules = sys.argv[1], sys.argv[2:]
reports = {
    "engine": "transport-fake/target/pit-reports-engine/mutations.xml",
    "transport-fake": "transport-fake/target/pit-reports/mutations.xml",
    "emulator": "emulator/target/pit-reports/mutations.xml",
    "transport-feign": "transport-feign/target/pit-reports/mutations.xml",
}
thresholds = {"engine": 95.0, "transport-fake": 85.0, "transport-feign": 85.0}
for m in list(thresholds):
    env = os.environ.get("MUTATION_MIN_" + m.upper().replace("-", "_"))
    if env:
        thresholds[m] = float(env)

# How long each PIT execution took, from the Maven log: the execution's header names it.
executions = {"mutation-engine": "engine"}
took = {}
if os.path.exists(log_path):
    current = None
    header = re.compile(r"--- pitest(?:-maven)?:[^:]+:mutationCoverage \(([^)]+)\) @ signinflow-([\w-]+) ---")
    for line in open(log_path, encoding="utf-8", errors="replace"):
        h = header.search(line)
        if h:
            execution, artifact = h.groups()
            current = executions.get(execution, artifact)
            continue
        done = re.search(r"Completed in (\d+) seconds", line)
        if done and current:
            took[current] = int(done.group(1))

failed = False
for m in modules:
    path = reports[m]
    if not os.path.exists(path):
        print(f"{m:16} no report ({path})")
        failed = True
        continue
    counts = {}
    for mutation in ET.parse(path).getroot():
        status = mutation.get("status")
        counts[status] = counts.get(status, 0) + 1
    total = sum(counts.values())
    killed = sum(counts.get(s, 0) for s in ("KILLED", "TIMED_OUT", "MEMORY_ERROR"))
    no_coverage = counts.get("NO_COVERAGE", 0)
    score = 100.0 * killed / total if total else 100.0
    covered = total - no_coverage
    strength = 100.0 * killed / covered if covered else 100.0
    minimum = thresholds.get(m)
    verdict = "report only" if minimum is None else (
        f"ok (>= {minimum:g} %)" if score >= minimum else f"UNDER {minimum:g} %")
    if minimum is not None and score < minimum:
        failed = True
    time = f", {took[m] // 60} min {took[m] % 60:02d} s" if m in took else ""
    print(f"{m:16} killed {killed}/{total} ({score:.1f} %), test strength {strength:.1f} %"
          f" (survived {counts.get('SURVIVED', 0)}, no coverage {no_coverage}){time}: {verdict}")
sys.exit(1 if failed else 0)
PY
