#!/usr/bin/env bash
# backup-service against the bare tools, measured in the same run on the same generated database (>= 1 GB):
#   backup       = POST /api/databases/{name}/backups until SUCCEEDED   vs   pg_dump -Fc to a file
#   verification = POST /api/backups/{id}/verifications until VERIFIED vs   pg_restore into a fresh database
# Targets (issue 5): backup <= 1.10x, verification <= 1.25x.
#
#   bench/backup.sh [size-in-MB]      (default 1100)
#
# Everything runs on 127.0.0.1 and is stopped on exit. Needs pg_dump/pg_restore/psql 15 (deploy/local/install-deps).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_MB=${1:-1100}
WORK=$(mktemp -d /tmp/rewind-bench-backup.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BIN=/usr/lib/postgresql/15/bin
for tool in pg_dump pg_restore psql; do
  [[ -x $BIN/$tool ]] || { echo "$BIN/$tool is missing: run deploy/local/install-deps" >&2; exit 1; }
done
JAVA=$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1); JAVA=${JAVA:-java}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
await() {
  local what=$1; shift
  for _ in $(seq 1 600); do "$@" > /dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$what did not come up in 60 s (logs in $WORK)" >&2; exit 1
}

if [[ ! -f "$ROOT/backup-service/target/quarkus-app/quarkus-run.jar" || ! -f "$ROOT/deploy/local/embedded-postgres/target/rewind-local-postgres.jar" ]]; then
  echo "building backup-service and the embedded PostgreSQL ..."
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl backup-service,deploy/local/embedded-postgres -am) > "$WORK/build.log" 2>&1
fi

PG_PORT=$(free_port); APP_PORT=$(free_port); KEY=bench-$RANDOM$RANDOM
"$JAVA" -jar "$ROOT/deploy/local/embedded-postgres/target/rewind-local-postgres.jar" "$WORK/pg" "$PG_PORT" rewind rewind rewind \
  > "$WORK/pg.log" 2>&1 &
PIDS+=($!)
await PostgreSQL grep -q "ready on" "$WORK/pg.log"
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=rewind PGPASSWORD=rewind
psql() { "$BIN/psql" -v ON_ERROR_STOP=1 -qAt "$@"; }

echo "generating a database of at least ${TARGET_MB} MB ..."
psql -d rewind -c "CREATE DATABASE bench"
psql -d bench <<'SQL'
CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL);
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount NUMERIC(12,2) NOT NULL,
                     status TEXT NOT NULL, note TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL);
CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version TEXT, description TEXT NOT NULL,
  type TEXT NOT NULL, script TEXT NOT NULL, checksum INT, installed_by TEXT NOT NULL,
  installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INT NOT NULL, success BOOLEAN NOT NULL);
INSERT INTO flyway_schema_history VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'bench', now(), 10, true);
INSERT INTO customers SELECT g, 'customer ' || g, 'c' || g || '@example.com', now() - g * interval '1 minute'
  FROM generate_series(1, 500000) g;
SQL
batch=0
while (( $(psql -d bench -c "SELECT pg_database_size('bench') / 1048576") < TARGET_MB )); do
  psql -d bench -c "INSERT INTO orders SELECT g, g % 500000 + 1, (g % 9973) * 1.07,
      (ARRAY['paid','shipped','refunded','open'])[g % 4 + 1], md5(g::text) || ' ' || md5((g * 7)::text),
      now() - g * interval '1 second' FROM generate_series($((batch * 1000000 + 1)), $(((batch + 1) * 1000000))) g"
  batch=$((batch + 1))
done
psql -d bench -c "CREATE INDEX orders_customer_idx ON orders (customer_id)"
psql -d bench -c "VACUUM ANALYZE customers, orders"
SIZE_MB=$(psql -d bench -c "SELECT pg_database_size('bench') / 1048576")
ROWS=$(psql -d bench -c "SELECT count(*) FROM orders")
echo "database: ${SIZE_MB} MB, ${ROWS} orders"

printf %s rewind > "$WORK/password"; chmod 600 "$WORK/password"
REWIND_DB_URL=postgresql://127.0.0.1:$PG_PORT/rewind REWIND_DB_USER=rewind REWIND_DB_PASSWORD=rewind \
  REWIND_API_KEYS="bench:admin:$(printf %s "$KEY" | sha256sum | cut -c1-64)" REWIND_BACKUP_DIR="$WORK/store" \
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_LOG_CONSOLE_LEVEL=WARN \
  "$JAVA" -jar "$ROOT/backup-service/target/quarkus-app/quarkus-run.jar" > "$WORK/backup-service.log" 2>&1 &
PIDS+=($!)
await backup-service curl -fs "http://127.0.0.1:$APP_PORT/q/health/ready"
api() { curl -fsS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
api -X POST "http://127.0.0.1:$APP_PORT/api/databases" -d "{\"name\": \"bench\", \"host\": \"127.0.0.1\", \"port\": $PG_PORT,
  \"database\": \"bench\", \"username\": \"rewind\", \"password\": {\"file\": \"$WORK/password\"},
  \"criticalTables\": [\"public.orders\", \"public.customers\"], \"backupCron\": \"0 0 3 1 1 ? 2099\",
  \"verificationCron\": \"0 0 4 1 1 ? 2099\"}" > /dev/null

# Wall time from the request to the given field reaching a final value.
until_final() { # url, python field path, final values...
  local url=$1 path=$2; shift 2
  while true; do
    local value; value=$(api "$url" | field "$path")
    for final in "$@"; do [[ "$value" == "$final" ]] && { echo "$value"; return; }; done
    sleep 0.05
  done
}

echo "bare pg_dump -Fc ..."
t0=$(now); "$BIN/pg_dump" -Fc -d bench -f "$WORK/bare.dump"; t_dump=$(python3 -c "print($(now) - $t0)")

echo "backup-service backup ..."
t0=$(now)
backup=$(api -X POST "http://127.0.0.1:$APP_PORT/api/databases/bench/backups" -d '{"reason": "manual"}' | field "['id']")
result=$(until_final "http://127.0.0.1:$APP_PORT/api/backups/$backup" "['status']" SUCCEEDED FAILED)
t_backup=$(python3 -c "print($(now) - $t0)")
[[ $result == SUCCEEDED ]] || { echo "backup $result: $(api "http://127.0.0.1:$APP_PORT/api/backups/$backup")" >&2; exit 1; }

echo "bare pg_restore into a fresh database ..."
psql -d rewind -c "CREATE DATABASE bench_restore"
t0=$(now); "$BIN/pg_restore" -d bench_restore "$WORK/bare.dump"; t_restore=$(python3 -c "print($(now) - $t0)")

echo "backup-service verification ..."
t0=$(now)
api -X POST "http://127.0.0.1:$APP_PORT/api/backups/$backup/verifications" > /dev/null
result=$(until_final "http://127.0.0.1:$APP_PORT/api/backups/$backup/verifications" "[0]['status']" VERIFIED FAILED)
t_verify=$(python3 -c "print($(now) - $t0)")
[[ $result == VERIFIED ]] || { echo "verification $result" >&2; exit 1; }
phases=$(api "http://127.0.0.1:$APP_PORT/api/backups/$backup/verifications" | python3 -c \
  "import json,sys; v=json.load(sys.stdin)[0]; print(', '.join(p['name'] + ' ' + str(p['duration']) for p in v['phases']))")

echo
printf '%-40s %10s %10s\n' "" seconds ratio
printf '%-40s %10.2f %10s\n' "pg_dump -Fc (bare)" "$t_dump" 1.0
printf '%-40s %10.2f %10.3f   target <= 1.10\n' "backup-service backup" "$t_backup" "$(python3 -c "print($t_backup / $t_dump)")"
printf '%-40s %10.2f %10s\n' "pg_restore into a fresh database (bare)" "$t_restore" 1.0
printf '%-40s %10.2f %10.3f   target <= 1.25\n' "backup-service verification" "$t_verify" "$(python3 -c "print($t_verify / $t_restore)")"
echo "database ${SIZE_MB} MB; dump $(( $(stat -c %s "$WORK/bare.dump") / 1048576 )) MB; verification phases: $phases"
