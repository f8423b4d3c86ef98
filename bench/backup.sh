#!/usr/bin/env bash
# backup-service against the bare tools, measured in the same run on the same generated database (>= 1 GB):
#   backup       = POST /api/databases/{name}/backups until SUCCEEDED   vs   pg_dump -Fc to a file
#   verification = POST /api/backups/{id}/verifications until VERIFIED vs   pg_restore into a fresh database
# Targets (issue 5): backup <= 1.10x, verification <= 1.25x, of the wall time seen by the caller: from the request to
# the poll that sees the final status (one python process polls every POLL_SECONDS, default 0.1, so the observer costs
# next to no CPU; the overshoot is at most one interval). The job's own requestedAt/startedAt -> endedAt, as the
# service recorded them, are printed next to it. The bare pg_dump gets exactly the options the service gives its own
# pg_dump (both command lines are printed), except --snapshot, with which the service dumps the snapshot it counted in,
# and --file: the service reads pg_dump's standard output into its store, computing the SHA-256 on the way.
# The service runs continuously in production: one small backup of another database warms it up before the timed runs.
# Each round prints the load average: the machine's other work shows in the figures. ROUNDS (default 3) rounds,
# alternating which side goes first; the median ratio is the result.
#
#   bench/backup.sh [size-in-MB]      (default 1100)
#
# Everything runs on 127.0.0.1 and is stopped on exit. Needs pg_dump/pg_restore/psql 15 (deploy/local/install-deps).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_MB=${1:-1100}
POLL_SECONDS=${POLL_SECONDS:-0.1}
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
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_LOG_LEVEL=WARN \
  "$JAVA" -Dquarkus.log.category.\"io.rewind.backup.service.BackupRunner\".level=INFO \
  -jar "$ROOT/backup-service/target/quarkus-app/quarkus-run.jar" > "$WORK/backup-service.log" 2>&1 &
PIDS+=($!)
await backup-service curl -fs "http://127.0.0.1:$APP_PORT/q/health/ready"
api() { curl -fsS -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
api -X POST "http://127.0.0.1:$APP_PORT/api/databases" -d "{\"name\": \"bench\", \"host\": \"127.0.0.1\", \"port\": $PG_PORT,
  \"database\": \"bench\", \"username\": \"rewind\", \"password\": {\"file\": \"$WORK/password\"},
  \"criticalTables\": [\"public.orders\", \"public.customers\"], \"backupCron\": \"0 0 3 1 1 ? 2099\",
  \"verificationCron\": \"0 0 4 1 1 ? 2099\"}" > /dev/null

# One process posts the request (url, body), then polls (url, python path of the field) until the job's field reaches
# one of the final values; prints "<final value> <wall seconds>" and keeps the job as last read in the given file.
cat > "$WORK/job.py" <<'PY'
import json, sys, time, urllib.request
port, key, interval, post, body, poll, path, out = sys.argv[1:9]
finals = sys.argv[9:]
def call(method, url, body=None):
    request = urllib.request.Request("http://127.0.0.1:%s%s" % (port, url), method=method,
        data=None if body is None else body.encode(),
        headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None
t0 = time.monotonic()
job = call("POST", post, body)
if "{id}" in poll:
    poll = poll.replace("{id}", job["id"])
while True:
    seen = call("GET", poll)
    value = eval("seen" + path)
    if value in finals:
        break
    time.sleep(float(interval))
wall = time.monotonic() - t0
json.dump(seen, open(out, "w"))
print(value, wall)
PY
job() { python3 "$WORK/job.py" "$APP_PORT" "$KEY" "$POLL_SECONDS" "$@"; }
seconds_between() { python3 -c "import json,sys,datetime
j=json.load(open('$WORK/job.json')); j=j[0] if isinstance(j, list) else j
p=lambda s: datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))
print('%.2f' % (p(j['$2']) - p(j['$1'])).total_seconds())"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "warming the service up with a backup of a small database (it runs continuously in production) ..."
psql -d rewind -c "CREATE DATABASE warmup"
psql -d warmup -c "CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000)"
api -X POST "http://127.0.0.1:$APP_PORT/api/databases" -d "{\"name\": \"warmup\", \"host\": \"127.0.0.1\", \"port\": $PG_PORT,
  \"database\": \"warmup\", \"username\": \"rewind\", \"password\": {\"file\": \"$WORK/password\"},
  \"criticalTables\": [\"public.t\"], \"backupCron\": \"0 0 3 1 1 ? 2099\", \"verificationCron\": \"0 0 4 1 1 ? 2099\"}" > /dev/null
read -r result _ < <(job /api/databases/warmup/backups '{"reason": "manual"}' "/api/backups/{id}" "['status']" \
  "$WORK/job.json" SUCCEEDED FAILED)
[[ $result == SUCCEEDED ]] || { echo "warm-up backup $result: $(cat "$WORK/job.json")" >&2; exit 1; }

# The service's pg_dump options (ServerAccess.options), the same for the bare run; the password is in PGPASSWORD.
BARE_DUMP=("$BIN/pg_dump" --format=custom --host=127.0.0.1 --port="$PG_PORT" --username=rewind --dbname=bench --no-password
           --file="$WORK/bare.dump")
elapsed() { python3 -c "print('%.2f' % ($(now) - $1))"; }
# Every timed step starts from a checkpointed server: neither side pays for the dirty buffers the previous step left.
checkpoint() { psql -U postgres -d rewind -c CHECKPOINT; }   # the superuser of the embedded server
bare_dump() { local t0; checkpoint; t0=$(now); "${BARE_DUMP[@]}"; t_dump=$(elapsed "$t0"); }
bare_restore() {
  local t0
  psql -d rewind -c "DROP DATABASE IF EXISTS bench_restore" -c "CREATE DATABASE bench_restore"
  checkpoint; t0=$(now); "$BIN/pg_restore" -d bench_restore "$WORK/bare.dump"; t_restore=$(elapsed "$t0")
}
service_backup() {
  local result wall
  checkpoint
  read -r result wall < <(job /api/databases/bench/backups '{"reason": "manual"}' "/api/backups/{id}" "['status']" \
    "$WORK/job.json" SUCCEEDED FAILED)
  [[ $result == SUCCEEDED ]] || { echo "backup $result: $(cat "$WORK/job.json")" >&2; exit 1; }
  backup=$(field "['id']" < "$WORK/job.json")
  job_backup=$(seconds_between startedAt endedAt)
  t_backup=$(printf '%.2f' "$wall")
}
service_verify() {
  local result wall
  checkpoint
  read -r result wall < <(job "/api/backups/$backup/verifications" '' "/api/backups/$backup/verifications" "[0]['status']" \
    "$WORK/job.json" VERIFIED FAILED)
  [[ $result == VERIFIED ]] || { echo "verification $result: $(cat "$WORK/job.json")" >&2; exit 1; }
  job_verify=$(seconds_between startedAt endedAt)
  phases=$(python3 -c "import json; v=json.load(open('$WORK/job.json'))[0]
print(', '.join(p['name'] + ' ' + str(p['duration']) for p in v['phases']))")
  t_verify=$(printf '%.2f' "$wall")
}
ratio() { python3 -c "print('%.3f' % ($1 / $2))"; }

# ROUNDS rounds (default 3); each times the bare tool and the service back to back on the same data, the bare tool
# first in odd rounds and second in even ones, so a drift of the machine's speed does not favour either side.
ROUNDS=${ROUNDS:-3}
RESULTS=()
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS (load $(load))"
  if (( round % 2 )); then bare_dump; service_backup; else service_backup; bare_dump; fi
  [[ $round == 1 ]] && service_dump=$(grep -o "backup bench/$backup.dump: .*" "$WORK/backup-service.log" | head -1 | cut -d' ' -f3- || true)
  if (( round % 2 )); then bare_restore; service_verify; else service_verify; bare_restore; fi
  RESULTS+=("$round $t_dump $t_backup $(ratio "$t_backup" "$t_dump") $job_backup $t_restore $t_verify $(ratio "$t_verify" "$t_restore") $job_verify $(load)")
  echo "  pg_dump $t_dump s, backup $t_backup s (job $job_backup s); pg_restore $t_restore s, verification $t_verify s (job $job_verify s): $phases"
done

echo
echo "bare:    ${BARE_DUMP[*]}" | sed "s|$WORK|\$WORK|g"
echo "service: $service_dump" | sed "s|$WORK|\$WORK|g"
echo
printf '%5s %9s %9s %7s %9s   %11s %12s %7s %9s   %s\n' round pg_dump backup ratio "(job)" pg_restore verification ratio "(job)" \
  "load at the end"
for line in "${RESULTS[@]}"; do
  read -r r d b rb jb rs v rv jv l1 l5 l15 <<< "$line"
  printf '%5s %9s %9s %7s %9s   %11s %12s %7s %9s   %s %s %s\n' "$r" "$d" "$b" "$rb" "$jb" "$rs" "$v" "$rv" "$jv" "$l1" "$l5" "$l15"
done
median() { python3 -c "import statistics,sys; print('%.3f' % statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
backup_ratios=(); verify_ratios=()
for line in "${RESULTS[@]}"; do
  read -r _ _ _ rb _ _ _ rv _ <<< "$line"; backup_ratios+=("$rb"); verify_ratios+=("$rv")
done
echo
echo "median ratio, backup-service backup / pg_dump -Fc:            $(median "${backup_ratios[@]}")   target <= 1.10"
echo "median ratio, backup-service verification / pg_restore:       $(median "${verify_ratios[@]}")   target <= 1.25"
echo "database ${SIZE_MB} MB; dump $(( $(stat -c %s "$WORK/bare.dump") / 1048576 )) MB; wall times seen by the caller," \
  "polled every ${POLL_SECONDS} s; (job) = the job's own startedAt -> endedAt; service warmed up with one small backup"
