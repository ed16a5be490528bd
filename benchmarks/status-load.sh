#!/usr/bin/env bash
# Load benchmark of the public status page (issue 6): wrk against the Statuspage JSON and the HTML
# page served by Haechi, and against nginx serving the same JSON as a static file, on loopback
# only, bounded in time. Usage: benchmarks/status-load.sh [seconds] [connections]
# Needs wrk and nginx (apt-get install wrk nginx). The per-client rate limit is raised for the run,
# since wrk is one client. Tomcat's thread pool can be set with SERVER_TOMCAT_THREADS_MAX (the
# recorded figures use 8: on two cores, fewer threads switch less).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-20}"; conns="${2:-64}"; port=18090; nport=18091
[ -f app/target/haechi.jar ] || ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl app -am
home="$(mktemp -d)"
HAECHI_STATUS_RATEPERSECOND=100000000 java -jar app/target/haechi.jar demo --home "$home" \
  --port "$port" --scale 1.0 >"$home/out.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; [ -f "$home/nginx.pid" ] && kill "$(cat "$home/nginx.pid")" 2>/dev/null; rm -rf "$home"' EXIT
until grep -q "demo is ready" "$home/out.log"; do sleep 1; done
chmod 755 "$home"; mkdir -p "$home/www/api/v2"
curl -s "http://127.0.0.1:$port/api/v2/summary.json" > "$home/www/api/v2/summary.json"
cat > "$home/nginx.conf" <<CONF
worker_processes 2;
pid $home/nginx.pid;
error_log $home/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$nport; root $home/www;
    location / { default_type application/json; } }
}
CONF
nginx -c "$home/nginx.conf"
echo "components: $(grep -o '"id"' "$home/www/api/v2/summary.json" | wc -l) ids in summary.json ($(wc -c < "$home/www/api/v2/summary.json") bytes)"
curl -s -o /dev/null "http://127.0.0.1:$port/status"
# Warm-up (not reported): lets the JIT compile the serving path before the measured runs.
wrk -t2 -c"$conns" -d5s "http://127.0.0.1:$port/api/v2/summary.json" >/dev/null
wrk -t2 -c"$conns" -d5s "http://127.0.0.1:$port/status" >/dev/null
for url in "http://127.0.0.1:$port/api/v2/summary.json" "http://127.0.0.1:$port/status" \
           "http://127.0.0.1:$nport/api/v2/summary.json"; do
  echo "== $url"
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$url" | grep -E "Requests/sec|99%|50%|Non-2xx|Socket errors|Transfer"
done
