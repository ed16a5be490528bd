#!/usr/bin/env bash
# Flink job throughput (issue 18 item 7): haechi detect with the one-machine engine, then the Flink
# job (--engine flink) at parallelism 1 and 2, on the same gateway events with the identity-aware
# built-in pack; wall time and CPU seconds (user + sys of the process tree, /usr/bin/time) of each
# run, JVM start, rule compile, identity load and MiniCluster start included; load average before
# and after each run (the machine may be shared).
#
#   benchmarks/flink-throughput.sh RETAILER_DIR [EVENTS]     (RETAILER_DIR: haechi demo --generate-only)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
retailer="${1:?retailer demo directory}"
events="${2:-$retailer/events/gateway.jsonl}"
jar="$here/app/target/haechi.jar"
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl app -am)
n=$(wc -l < "$events")
out=$(mktemp -d)
run() {
  local name="$1"; shift
  local before; before=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -f "%e %U %S" -o "$out/$name.time" \
    java ${HAECHI_JAVA_OPTS:-} -jar "$jar" detect --identity-from "$retailer" --as-of 2025-11-01 \
      --input "$events" --format json "$@" > "$out/$name.alerts" 2> "$out/$name.err"
  read -r wall user sys < "$out/$name.time"
  local cpu; cpu=$(echo "$user + $sys" | bc)
  printf '%-14s %8d events %6d alerts  wall %7.1f s  cpu %7.1f s  %8.0f events/s wall  %8.0f events/CPU-s  load %s -> %s\n' \
    "$name" "$n" "$(wc -l < "$out/$name.alerts")" "$wall" "$cpu" \
    "$(echo "$n / $wall" | bc -l)" "$(echo "$n / $cpu" | bc -l)" "$before" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
# first use of --engine flink extracts the jar's libraries next to it: not part of any figure
java -jar "$jar" detect --engine flink --no-builtin --rules "$here/detection/src/main/resources/dev/haechi/detection/builtin" \
  --input /dev/null >/dev/null 2>&1 || true
run single
run flink-p1 --engine flink --parallelism 1
run flink-p2 --engine flink --parallelism 2
for r in flink-p1 flink-p2; do
  if diff <(python3 -c 'import json,sys;[print(json.dumps(json.loads(l),sort_keys=True)) for l in open(sys.argv[1])]' "$out/single.alerts" | sort) \
          <(python3 -c 'import json,sys;[print(json.dumps(json.loads(l),sort_keys=True)) for l in open(sys.argv[1])]' "$out/$r.alerts" | sort) >/dev/null; then
    echo "$r: same alerts as the one-machine engine"
  else
    echo "$r: ALERTS DIFFER from the one-machine engine (see $out)"
  fi
done
echo "nproc $(nproc); $(java -version 2>&1 | head -1); outputs in $out"
