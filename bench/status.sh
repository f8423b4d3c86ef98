#!/usr/bin/env bash
# status-service under a traffic spike, against nginx serving the very same bytes from files, measured in the same run.
#
#   bench/status.sh [duration-seconds]     (default 15)
#
# Starts, on 127.0.0.1 only: an embedded PostgreSQL, status-service (the packaged jar) with a realistic page (groups,
# components, an open incident with updates, a maintenance), and nginx with its own prefix, serving summary.json and
# the HTML page that status-service itself returned. Then wrk, 2 threads and 64 connections, on each; prints requests
# per second, p50 and p99 latency and the ratio to nginx. Everything it started is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${1:-15}
WORK=$(mktemp -d /tmp/rewind-bench-status.XXXXXX)
chmod 755 "$WORK"   # nginx's workers run as an unprivileged user and must read the files
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk nginx; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || { echo "$tool is missing: run deploy/local/install-deps" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
JAVA=$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1); JAVA=${JAVA:-java}

# Waits until a command succeeds, at most 60 s.
await() {
  local what=$1; shift
  for _ in $(seq 1 600); do "$@" > /dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$what did not come up in 60 s (logs in $WORK)" >&2; exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [[ ! -f "$ROOT/status-service/target/quarkus-app/quarkus-run.jar" || ! -f "$ROOT/deploy/local/embedded-postgres/target/rewind-local-postgres.jar" ]]; then
  echo "building status-service and the embedded PostgreSQL ..."
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl status-service,deploy/local/embedded-postgres -am) > "$WORK/build.log" 2>&1
fi

PG_PORT=$(free_port); APP_PORT=$(free_port); NGINX_PORT=$(free_port)
KEY=bench-$RANDOM$RANDOM
"$JAVA" -jar "$ROOT/deploy/local/embedded-postgres/target/rewind-local-postgres.jar" "$WORK/pg" "$PG_PORT" rewind rewind rewind \
  > "$WORK/pg.log" 2>&1 &
PIDS+=($!)
await PostgreSQL grep -q "ready on" "$WORK/pg.log"

REWIND_DB_URL=postgresql://127.0.0.1:$PG_PORT/rewind REWIND_DB_USER=rewind REWIND_DB_PASSWORD=rewind \
  REWIND_API_KEYS="bench:admin:$(printf %s "$KEY" | sha256sum | cut -c1-64)" QUARKUS_HTTP_HOST=127.0.0.1 \
  QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_LOG_CONSOLE_LEVEL=WARN \
  "$JAVA" -jar "$ROOT/status-service/target/quarkus-app/quarkus-run.jar" > "$WORK/status.log" 2>&1 &
PIDS+=($!)
await status-service curl -fs "http://127.0.0.1:$APP_PORT/q/health/ready"

api() { curl -fsS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
id_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
BASE=http://127.0.0.1:$APP_PORT/api/admin
group=$(api -X POST "$BASE/component-groups" -d '{"name": "Storefront"}' | id_of)
checkout=$(api -X POST "$BASE/components" -d "{\"name\": \"Checkout\", \"description\": \"Cart and payment\", \"groupId\": \"$group\"}" | id_of)
api -X POST "$BASE/components" -d "{\"name\": \"Search\", \"groupId\": \"$group\"}" > /dev/null
for name in "Public API" "Database" "Notifications" "Admin console"; do
  api -X POST "$BASE/components" -d "{\"name\": \"$name\"}" > /dev/null
done
incident=$(api -X POST "$BASE/incidents" -d "{\"name\": \"Elevated checkout errors\", \"status\": \"investigating\", \"impact\": \"major\",
  \"body\": \"We are investigating errors at checkout.\", \"components\": [{\"id\": \"$checkout\", \"status\": \"partial_outage\"}]}" | id_of)
api -X POST "$BASE/incidents/$incident/updates" -d '{"status": "identified", "body": "Release 1.5.0 is at fault; rolling back."}' > /dev/null

mkdir -p "$WORK/html" && chmod 755 "$WORK/html"
curl -fsS "http://127.0.0.1:$APP_PORT/api/v2/summary.json" -o "$WORK/html/summary.json"
curl -fsS "http://127.0.0.1:$APP_PORT/" -o "$WORK/html/index.html"
chmod 644 "$WORK/html/"*
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  types { application/json json; text/html html; }
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/html; etag on; }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
await nginx curl -fs "http://127.0.0.1:$NGINX_PORT/summary.json"

# wrk's report -> "rps p50_ms p99_ms"
measure() {
  local url=$1 out
  out=$(wrk -t2 -c64 -d"${DURATION}s" --latency "$url")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<< "$out")
  [[ -z "$errors" ]] || echo "  ! $url: $errors" >&2
  echo "$rps $(ms "$p50") $(ms "$p99")"
}
ms() { python3 -c "import re,sys; v=sys.argv[1]; n,u=re.match(r'([0-9.]+)(us|ms|s)',v).groups(); print(round(float(n)*{'us':0.001,'ms':1,'s':1000}[u],3))" "$1"; }

# Warm every URL first (JIT, caches, connections), so no measurement pays for another's warm-up.
for url in "http://127.0.0.1:$NGINX_PORT/summary.json" "http://127.0.0.1:$NGINX_PORT/index.html" \
           "http://127.0.0.1:$APP_PORT/api/v2/summary.json" "http://127.0.0.1:$APP_PORT/"; do
  wrk -t2 -c64 -d8s "$url" > /dev/null 2>&1
done

printf '%-16s %-14s %12s %10s %10s %14s\n' document server req/s p50_ms p99_ms "ratio_to_nginx"
for doc in summary.json index.html; do
  path=/api/v2/summary.json; [[ $doc == index.html ]] && path=/
  read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$NGINX_PORT/$doc")
  read -r s_rps s_p50 s_p99 < <(measure "http://127.0.0.1:$APP_PORT$path")
  ratio=$(python3 -c "print(round($s_rps/$n_rps, 3))")
  printf '%-16s %-14s %12s %10s %10s %14s\n' "$doc" nginx "$n_rps" "$n_p50" "$n_p99" "1.0"
  printf '%-16s %-14s %12s %10s %10s %14s\n' "$doc" status-service "$s_rps" "$s_p50" "$s_p99" "$ratio"
done
echo "bytes: summary.json $(wc -c < "$WORK/html/summary.json"), index.html $(wc -c < "$WORK/html/index.html"); target: ratio >= 0.5, p99 < 20 ms"
