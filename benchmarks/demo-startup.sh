#!/usr/bin/env bash
# End-to-end benchmark: seconds from `./haechi demo` to a console answering on the port, and to the
# demo being fully loaded. Usage: benchmarks/demo-startup.sh [runs] [port]. Each run uses a fresh
# HAECHI_HOME; the demo files are generated once beforehand and reused (pass FRESH=1 to include
# generation in every run). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; port="${2:-18080}"
[ -f app/target/haechi.jar ] || ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl app -am
shared="$(mktemp -d)"
[ "${FRESH:-0}" = 1 ] || java -jar app/target/haechi.jar demo --home "$shared" --generate-only 2>/dev/null
for i in $(seq 1 "$runs"); do
  home="$(mktemp -d)"
  [ "${FRESH:-0}" = 1 ] || cp -r "$shared/demo" "$home/demo"
  start=$(date +%s.%N)
  java -jar app/target/haechi.jar demo --home "$home" --port "$port" >"$home/out.log" 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/login"; do sleep 0.2; done
  up=$(date +%s.%N)
  until grep -q "demo is ready" "$home/out.log"; do sleep 0.5; done
  ready=$(date +%s.%N)
  printf 'run %d: console up %.1f s, demo loaded %.1f s\n' "$i" "$(echo "$up - $start" | bc)" "$(echo "$ready - $start" | bc)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
done
rm -rf "$shared"
