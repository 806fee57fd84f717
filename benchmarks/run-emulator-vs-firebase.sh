#!/usr/bin/env bash
# `./signin emulator` as users start it, beside the Firebase Auth emulator (firebase-tools from npm),
# under the same load: one password sign-in create per request, wrk with 1 thread and 4 connections
# (docs/performance.md §4b). Four loads, interleaved round by round, after one unmeasured warm-up
# run of each server:
#   clerk-default      ./signin emulator --port P                    (default settings: creates are
#                      limited to 5 per 10 s per IP, so nearly every answer is a 429), a new device
#                      per sign-in (no client token sent)
#   clerk-limits-off   ./signin emulator --port P+1 --settings F     (rate_limit_window_seconds 0),
#                      a new device per sign-in: the comparison with Firebase, which does not limit
#   clerk-one-device   the same server, the client token of each answer sent back (CARRY_TOKEN=1)
#   firebase           firebase emulators:start --only auth, accounts:signInWithPassword
# Output: benchmarks/results/emulator-vs-firebase.txt (OUT=... for another file), then the summary
# of benchmarks/summarize-wrk.py.
#
# Needs wrk (Debian's wrk package), curl and python3. The Firebase side needs Node.js 20+ and npm:
# firebase-tools is installed into benchmarks/target (not globally); its Auth emulator runs on Node
# alone (firebase-tools asks for Java only for the Firestore, Database, Pub/Sub and Storage
# emulators). Without npm, or when the install fails, the Firebase side is skipped with a message.
#
# Settings (environment): ROUNDS (3), DURATION (8s), WARMUP (8s), CONNECTIONS (4), PORT (4310; P+1
# is used too), FIREBASE_PORT (9199; the next two are its hub and logging ports),
# FIREBASE_TOOLS_VERSION (15.34.2), MAX_LOAD (1.5: before starting, wait up to 2 minutes for the
# 1-minute load average to drop below it), MAX_BUSY (25: before each round, wait up to 10 minutes
# until the machine, the idle servers included, is busy less than this % of one core over 3 s),
# MAX_OTHERS (25) and RETRIES (2): a run during which other processes took more than MAX_OTHERS % of
# a core is marked disturbed and run again, up to RETRIES times (see load below).
# JAVA_OPTS is passed on to ./signin, as users would set it.
# After each run the output notes the load average before it and the CPU it took: the server's,
# wrk's and everything else's ("others"), so a run disturbed by other processes can be told apart.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/target/vs-firebase"
out="${OUT:-$here/results/emulator-vs-firebase.txt}"
rounds="${ROUNDS:-3}"
duration="${DURATION:-8s}"
warmup="${WARMUP:-8s}"
connections="${CONNECTIONS:-4}"
port="${PORT:-4310}"
fb_port="${FIREBASE_PORT:-9199}"
fb_version="${FIREBASE_TOOLS_VERSION:-15.34.2}"
max_load="${MAX_LOAD:-1.5}"
max_busy="${MAX_BUSY:-25}"
max_others="${MAX_OTHERS:-25}"
retries="${RETRIES:-2}"

for tool in wrk curl python3; do
  if ! command -v "$tool" > /dev/null; then
    echo "$tool is missing (Debian: apt-get install -y $tool)" >&2
    exit 1
  fi
done
mkdir -p "$work" "$(dirname "$out")"

pids=()
cleanup() {
  # TERM, not INT: a background job of a script starts with SIGINT ignored, and the JVM keeps it so.
  for p in ${pids[@]+"${pids[@]}"}; do
    kill -TERM "$p" 2> /dev/null || true
  done
  for p in ${pids[@]+"${pids[@]}"}; do
    for _ in $(seq 100); do
      kill -0 "$p" 2> /dev/null || break
      sleep 0.1
    done
    kill -KILL "$p" 2> /dev/null || true
  done
}
trap cleanup EXIT

# Waits until a log line matches, the process is gone, or the time is up (seconds).
await() {
  local pid="$1" log="$2" pattern="$3" seconds="$4"
  for _ in $(seq $((seconds * 5))); do
    grep -q "$pattern" "$log" && return 0
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.2
  done
  echo "not ready ($pattern); the end of $log:" >&2
  tail -20 "$log" >&2
  return 1
}

# Our emulator, exactly as users start it: the launcher (which builds the jar when it is stale).
start_signin() {
  local name="$1"
  shift
  "$root/signin" emulator "$@" > "$work/$name.log" 2>&1 &
  pids+=("$!")
  await "$!" "$work/$name.log" "Press Ctrl-C" 900
}
echo '{"rate_limit_window_seconds":0}' > "$work/limits-off.json"
start_signin clerk-default --port "$port"
start_signin clerk-limits-off --port "$((port + 1))" --settings "$work/limits-off.json"
clerk_pid_default="${pids[0]}"
clerk_pid_open="${pids[1]}"

firebase=""
skip_firebase() {
  echo "Skipping the Firebase Auth emulator: $1" | tee "$work/firebase-skipped.txt" >&2
}
node_major="$(node --version 2> /dev/null | sed -n 's/^v\([0-9]*\).*/\1/p')"
if ! command -v npm > /dev/null; then
  skip_firebase "npm is missing (install Node.js 20+ with npm to compare)"
elif [ "${node_major:-0}" -lt 20 ]; then
  skip_firebase "firebase-tools $fb_version needs Node.js 20+, found $(node --version 2>&1 || echo none)"
else
  fb="$work/firebase-tools/node_modules/.bin/firebase"
  if [ ! -x "$fb" ] || [ "$("$fb" --version 2> /dev/null)" != "$fb_version" ]; then
    echo "Installing firebase-tools@$fb_version into $work/firebase-tools (npm, not globally)…" >&2
    npm install --prefix "$work/firebase-tools" --no-audit --no-fund --ignore-scripts \
      "firebase-tools@$fb_version" > "$work/npm-install.log" 2>&1 || true
  fi
  if [ ! -x "$fb" ]; then
    skip_firebase "npm could not install firebase-tools@$fb_version (see $work/npm-install.log)"
  else
    mkdir -p "$work/firebase"
    cat > "$work/firebase/firebase.json" << JSON
{
  "emulators": {
    "auth": { "host": "127.0.0.1", "port": $fb_port },
    "hub": { "host": "127.0.0.1", "port": $((fb_port + 1)) },
    "logging": { "host": "127.0.0.1", "port": $((fb_port + 2)) },
    "ui": { "enabled": false }
  }
}
JSON
    # A demo- project needs no Google account; nothing leaves the machine.
    (cd "$work/firebase" && exec "$fb" emulators:start --only auth --project demo-signinflow) \
      > "$work/firebase.log" 2>&1 &
    pids+=("$!")
    fb_pid="$!"
    await "$fb_pid" "$work/firebase.log" "All emulators ready" 120
    # The user signs up through the emulator's REST API, as an app would.
    curl -sS -f -o /dev/null -X POST -H 'Content-Type: application/json' \
      "http://127.0.0.1:$fb_port/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key" \
      -d '{"email":"ada@example.com","password":"correct horse battery staple","returnSecureToken":true}'
    firebase="http://127.0.0.1:$fb_port"
  fi
fi

# Each load answers once, with the answer it should have, before anything is measured.
check() {
  local url="$1" type="$2" body="$3" expect="$4"
  curl -sS -X POST -H "Content-Type: $type" -d "$body" "$url" | grep -q "$expect" \
    || { echo "unexpected answer from $url (wanted $expect)" >&2; exit 1; }
}
sign_ins="/v1/client/sign_ins?_is_native=true&__clerk_api_version=2026-05-12"
form="identifier=ada%40example.com&password=correct+horse+battery+staple"
check "http://127.0.0.1:$port$sign_ins" application/x-www-form-urlencoded "$form" needs_client_trust
check "http://127.0.0.1:$((port + 1))$sign_ins" application/x-www-form-urlencoded "$form" needs_client_trust
if [ -n "$firebase" ]; then
  check "$firebase/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key" \
    application/json \
    '{"email":"ada@example.com","password":"correct horse battery staple","returnSecureToken":true}' \
    idToken
fi

# CPU ticks (1/100 s) of a process, and the machine's busy ticks.
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# The CPU time of this shell's finished children (wrk), in ticks: bash's `times`, second line. It
# must run in this shell, not in a $(...) subshell, which has no finished children of its own.
children_ticks() {
  times > "$work/times.txt"
  sed -n 2p "$work/times.txt" | awk '{
    t = 0
    for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] }
    printf "%d\n", t * 100 }'
}

# One wrk run, with the load average before it and where the CPU went meanwhile. A run during
# which other processes took more than MAX_OTHERS % of a core is kept in the output as "disturbed"
# (which the summary skips) and run again once the machine is quiet, up to RETRIES times; the last
# attempt counts whatever it saw.
load() {
  local name="$1" server="$2" url="$3" script="$4"
  shift 4
  local attempt before_load s0 m0 c0 s1 m1 c1 start end others server_cpu wrk_cpu
  for attempt in $(seq 0 "$retries"); do
    before_load="$(cut -d' ' -f1-3 /proc/loadavg)"
    s0="$(proc_ticks "$server")"
    m0="$(machine_ticks)"
    children_ticks > "$work/c0"
    start="$(date +%s%N)"
    env "$@" wrk -t1 -c"$connections" -d"$duration" --latency -s "$here/$script" "$url" \
      > "$work/wrk.txt"
    end="$(date +%s%N)"
    s1="$(proc_ticks "$server")"
    m1="$(machine_ticks)"
    children_ticks > "$work/c1"
    c0="$(cat "$work/c0")"
    c1="$(cat "$work/c1")"
    others="$(awk -v s=$((s1 - s0)) -v m=$((m1 - m0)) -v w=$((c1 - c0)) -v a="$start" -v b="$end" \
      'BEGIN{t = (b - a) / 1e9; printf "%.0f %.0f %.0f", s / t, w / t, (m - s - w) / t}')"
    read -r server_cpu wrk_cpu others <<< "$others"
    if [ "$others" -gt "$max_others" ] && [ "$attempt" -lt "$retries" ]; then
      echo "== disturbed wrk $name" >> "$out"
    else
      echo "== wrk $name" >> "$out"
    fi
    {
      cat "$work/wrk.txt"
      echo "load before: $before_load"
      echo "cpu: server $server_cpu %, wrk $wrk_cpu %, others $others % of a core"
    } >> "$out"
    if [ "$others" -le "$max_others" ] || [ "$attempt" -ge "$retries" ]; then
      return 0
    fi
    echo "  $name: other processes took $others % of a core; again when the machine is quiet" >&2
    wait_quiet
  done
}

# The machine's busy share of one core over 3 s, in %.
busy_now() {
  local m0 m1
  m0="$(machine_ticks)"
  sleep 3
  m1="$(machine_ticks)"
  echo $(((m1 - m0) / 3)) # ticks are 1/100 s: 100 ticks a second is one core
}

wait_load() {
  for _ in $(seq 24); do
    awk -v max="$max_load" '{exit !($1 < max)}' /proc/loadavg && return 0
    sleep 5
  done
  echo "warning: the 1-minute load average stayed at or above $max_load: $(cat /proc/loadavg)" >&2
}

wait_quiet() {
  local busy
  for _ in $(seq 200); do
    busy="$(busy_now)"
    [ "$busy" -lt "$max_busy" ] && return 0
  done
  echo "warning: the machine stayed busy ($busy % of a core) while the servers were idle" >&2
}

: > "$out"
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores; $(java -version 2>&1 | head -1); wrk -t1 -c$connections -d$duration, $rounds rounds"
  echo "# JAVA_OPTS=${JAVA_OPTS:-} ; signin emulator JVM: $(tr '\0' ' ' < "/proc/$clerk_pid_default/cmdline")"
  [ -n "$firebase" ] && echo "# firebase-tools $fb_version, node $(node --version)"
  [ -z "$firebase" ] && echo "# $(cat "$work/firebase-skipped.txt")"
} >> "$out"
wait_load
wait_quiet
echo "Warming up each server for $warmup…" >&2
wrk -t1 -c"$connections" -d"$warmup" -s "$here/wrk-signin-clerk.lua" "http://127.0.0.1:$port" > /dev/null
wrk -t1 -c"$connections" -d"$warmup" -s "$here/wrk-signin-clerk.lua" "http://127.0.0.1:$((port + 1))" > /dev/null
if [ -n "$firebase" ]; then
  wrk -t1 -c"$connections" -d"$warmup" -s "$here/wrk-signin-firebase.lua" "$firebase" > /dev/null
fi
for r in $(seq "$rounds"); do
  wait_quiet
  echo "Round $r of $rounds…" >&2
  load clerk-default "$clerk_pid_default" "http://127.0.0.1:$port" wrk-signin-clerk.lua
  load clerk-limits-off "$clerk_pid_open" "http://127.0.0.1:$((port + 1))" wrk-signin-clerk.lua
  load clerk-one-device "$clerk_pid_open" "http://127.0.0.1:$((port + 1))" wrk-signin-clerk.lua \
    CARRY_TOKEN=1
  if [ -n "$firebase" ]; then
    load firebase "$fb_pid" "$firebase" wrk-signin-firebase.lua
  fi
done
baseline=()
[ -n "$firebase" ] && baseline=(--baseline "wrk firebase")
python3 "$here/summarize-wrk.py" --rounds ${baseline[@]+"${baseline[@]}"} "$out" | tee -a "$out"
