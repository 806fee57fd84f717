#!/usr/bin/env bash
# Where the emulator's time goes under the load of run-fapi.sh: a JFR recording of the emulator
# process during a short load run, summarised by top frame and by package.
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-4013}"
java -Xms512m -Xmx1g -XX:StartFlightRecording=filename=results/emulator.jfr,settings=profile \
  -cp target/benchmarks.jar dev.signinflow.benchmarks.BenchEmulator "$port" > results/emulator-jfr.log 2>&1 &
emulator=$!
for _ in $(seq 150); do grep -q ready results/emulator-jfr.log && break; sleep 0.2; done
java -cp target/benchmarks.jar dev.signinflow.benchmarks.FapiLoad "http://127.0.0.1:$port" 4 5 1 5 > /dev/null
jcmd "$emulator" JFR.dump filename=results/emulator.jfr > /dev/null
kill "$emulator"
jfr print --events jdk.ExecutionSample results/emulator.jfr | python3 -c '
import re, sys, collections
top = collections.Counter(); pkg = collections.Counter(); n = 0
stack = []
def flush():
    global n
    if not stack: return
    n += 1
    top[stack[0]] += 1
    seen = set()
    for f in stack:
        m = re.match(r"((?:[a-z0-9_]+\.){2,3})", f)
        if m and m.group(1) not in seen:
            seen.add(m.group(1)); pkg[m.group(1)] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample"):
        flush(); stack = []
    elif line.endswith("]") and "line:" in line or re.match(r"^[\w.$]+\.[\w$<>]+\(", line):
        stack.append(line.split("(")[0])
flush()
print(f"{n} execution samples of the emulator")
print("top frames:")
for f, c in top.most_common(15): print(f"  {100*c/n:5.1f}%  {f}")
print("samples with a frame of package (inclusive):")
for p, c in pkg.most_common(15): print(f"  {100*c/n:5.1f}%  {p}")
' | tee results/emulator-profile.txt
jfr print --events jdk.JavaMonitorEnter results/emulator.jfr | grep -E 'monitorClass|duration' | paste - - \
  | awk '{print $NF}' | sort | uniq -c | sort -rn | head -5 | tee -a results/emulator-profile.txt
