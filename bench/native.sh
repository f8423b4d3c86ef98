#!/usr/bin/env bash
# Fast start-up, measured: each service as a native executable, as a jar with a JDK 25 AOT cache, and as a plain
# jar, in the same run on the same machine and database.
#
#   bench/native.sh [service ...]      (default: all four, one after the other)
#
# For each service, one at a time (a native build wants ~12 GB and both cores):
#   1. ./mvnw verify -Dnative -pl <service>  the native executable, and its @QuarkusIntegrationTest tests against it
#   2. ./mvnw verify -Daot -pl <service>     the jar, and the same tests run on JDK 25 against it, which train its
#                                            AOT cache (target/quarkus-app/app.aot)
# both against real PostgreSQL (common's embedded one). BUILD=0 skips the builds and times what target/ holds.
# Then, against one embedded PostgreSQL 15: launch -> GET /q/health/ready = 200, median of RUNS (default 5) fresh starts
# per variant, interleaved so that the machine's other work spreads over all three; RSS when ready. Prints the table.
#
# GRAALVM_HOME: a real GraalVM or Mandrel 25 is used when it is set; otherwise the stand-in toolchain
# (../shared/tools/native-image/install.sh; REWIND_NATIVE_TOOLCHAIN to point elsewhere) is installed if needed.
# NATIVE_XMX (default 10g) caps the image builder's heap. JDK25 is the JDK for the AOT training and the JVM runs
# (default: the newest /usr/lib/jvm/*25*). The timed runs wait while bench/backup.sh runs (it is CPU-sensitive).
# Everything runs on 127.0.0.1 and is stopped on exit; build logs stay in the work directory printed at the start.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ALL=(decision-service status-service executor-service backup-service)
if (( $# )); then SERVICES=("$@"); else SERVICES=("${ALL[@]}"); fi
RUNS=${RUNS:-5}
# The JVM options deploy/local/rewind starts a jar with (REWIND_JAVA_OPTS there): timed as "JVM+AOT".
JVM_OPTS=${JVM_OPTS:-$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/rewind")}
NATIVE_XMX=${NATIVE_XMX:-10g}
BUILD=${BUILD:-1}
WORK=$(mktemp -d /tmp/rewind-bench-native.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "work directory (build logs): $WORK"

for s in "${SERVICES[@]}"; do
  [[ " ${ALL[*]} " == *" $s "* ]] || { echo "unknown service '$s' (one of: ${ALL[*]})" >&2; exit 2; }
done

# Another benchmark wants the two cores to itself: neither build nor time anything while it runs.
wait_for_quiet() {
  local said=0
  while pgrep -f bench/backup.sh > /dev/null; do
    (( said++ )) || echo "  (waiting: bench/backup.sh is running)"
    sleep 15
  done
}

JDK25=${JDK25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -V | tail -1)}
[[ -x "$JDK25/bin/java" ]] || { echo "no JDK 25 found: set JDK25=/path/to/jdk-25" >&2; exit 1; }

if [[ -z "${GRAALVM_HOME:-}" || ! -x "${GRAALVM_HOME:-}/bin/native-image" ]]; then
  TOOLCHAIN=${REWIND_NATIVE_TOOLCHAIN:-$ROOT/../shared/tools/native-image}
  [[ -x "$TOOLCHAIN/install.sh" ]] || TOOLCHAIN=/work/shared/tools/native-image
  [[ -x "$TOOLCHAIN/install.sh" ]] || { echo "set GRAALVM_HOME to a GraalVM/Mandrel 25, or REWIND_NATIVE_TOOLCHAIN to the stand-in" >&2; exit 1; }
  echo "native-image toolchain: the stand-in (installed once, about 2 minutes; then only checked) ..."
  "$TOOLCHAIN/install.sh" > "$WORK/toolchain.log" 2>&1 || { tail -30 "$WORK/toolchain.log" >&2; exit 1; }
  GRAALVM_HOME=${HOME}/.cache/rewind/graalvm-25
fi
export GRAALVM_HOME
echo "native-image: $("$GRAALVM_HOME/bin/native-image" --version 2>/dev/null | head -1)"
echo "JVM runs:     $("$JDK25/bin/java" -Xinternalversion 2>/dev/null | head -1)"

PG_JAR=$ROOT/deploy/local/embedded-postgres/target/rewind-local-postgres.jar
if [[ ! -f "$PG_JAR" ]]; then
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl deploy/local/embedded-postgres) > "$WORK/build-postgres.log" 2>&1 \
    || { tail -30 "$WORK/build-postgres.log" >&2; exit 1; }
fi

# Services are built alone (-pl), against common as installed in the local repository: install it once if it is not.
M2=$(cd "$ROOT" && ./mvnw -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")
if [[ ! -f "$M2/io/rewind/rewind-common/0.1.0-SNAPSHOT/rewind-common-0.1.0-SNAPSHOT-tests.jar" ]]; then
  echo "installing common into $M2 (once) ..."
  (cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl common) > "$WORK/build-common.log" 2>&1 \
    || { tail -30 "$WORK/build-common.log" >&2; exit 1; }
fi

# The unit and @QuarkusTest suites are not what this measures (.ci/run has them): only the integration tests run.
ITS_ONLY=(-Dtest=none -Dsurefire.failIfNoSpecifiedTests=false)
# "N tests in K classes, F failed" from failsafe's per-class lines.
its() {
  grep -h 'Tests run:.* -- in ' "$1" | sed 's/.*Tests run: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/' \
    | awk '{n+=$1; f+=$2+$3; c++} END {printf "%d tests in %d classes, %d failed", n, c, f}'
}
declare -A BUILD_S IMAGE_S SIZE RESULT NATIVE_FAILED
FAILED=0

for s in "${SERVICES[@]}"; do
  if [[ "$BUILD" == 0 ]]; then
    bin=$(ls "$ROOT/$s"/target/*-runner 2>/dev/null | head -1 || true)
    [[ -f "$ROOT/$s/target/quarkus-app/app.aot" ]] || { RESULT[$s]="no AOT cache built (BUILD=0)"; FAILED=1; continue; }
    if [[ -n "$bin" ]]; then SIZE[$s]=$(( $(stat -c %s "$bin") / 1024 / 1024 )); else NATIVE_FAILED[$s]=1; fi
    BUILD_S[$s]="-"
    rm -rf "$WORK/$s-jvm"; cp -rp "$ROOT/$s/target/quarkus-app" "$WORK/$s-jvm"
    RESULT[$s]=ok; continue
  fi
  # Native first: its build rewrites target/quarkus-app (as a plain fast-jar); the AOT build then leaves the jar and its
  # cache there, next to the executable, which is what deploy/local/rewind uses.
  wait_for_quiet
  echo "== $s: native executable, and its integration tests against it ..."
  t0=$(date +%s)
  if ! (cd "$ROOT" && ./mvnw -B -ntp -pl "$s" verify -Dnative -Dquarkus.native.native-image-xmx="$NATIVE_XMX" "${ITS_ONLY[@]}") \
      > "$WORK/$s-native.log" 2>&1; then
    echo "   FAILED (from $WORK/$s-native.log):"; grep -E 'Tests run:|FAIL|ERROR\]|^Error' "$WORK/$s-native.log" | head -20 | sed 's/^/   /'
    NATIVE_FAILED[$s]=1; FAILED=1
  else
    BUILD_S[$s]="$(( $(date +%s) - t0 ))s"
    IMAGE_S[$s]=$(sed -n "s/^Finished generating .* in \(.*\)\.$/\1/p" "$WORK/$s-native.log" | tail -1 | tr -d ' ')
    echo "   ITs (native): $(its "$WORK/$s-native.log")"
    bin=$(ls "$ROOT/$s"/target/*-runner | head -1)
    SIZE[$s]=$(( $(stat -c %s "$bin") / 1024 / 1024 ))
  fi

  wait_for_quiet
  echo "== $s: jar with its AOT cache, trained by the integration tests on JDK 25 ..."
  if ! (cd "$ROOT" && ./mvnw -B -ntp -pl "$s" verify -Daot -Daot.jdk="$JDK25" "${ITS_ONLY[@]}") > "$WORK/$s-jvm.log" 2>&1; then
    echo "   FAILED (tail of $WORK/$s-jvm.log):"; grep -E 'Tests run:|FAIL|ERROR\]|Error' "$WORK/$s-jvm.log" | head -40 | sed 's/^/   /'
    RESULT[$s]="jar build or ITs failed"; FAILED=1; continue
  fi
  echo "   ITs (jar):    $(its "$WORK/$s-jvm.log")"
  # Timed from a copy (-p: the cache records the jars' timestamps), so that another build of the module during the
  # timing cannot change what is timed.
  rm -rf "$WORK/$s-jvm"; cp -rp "$ROOT/$s/target/quarkus-app" "$WORK/$s-jvm"
  RESULT[$s]=ok
done

# ---- timing ---------------------------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PG_PORT=$(free_port)
"$JDK25/bin/java" -Xmx64m -jar "$PG_JAR" "$WORK/pg" "$PG_PORT" rewind rewind rewind > "$WORK/pg.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do grep -q "ready on" "$WORK/pg.log" && break; sleep 0.1; done
grep -q "ready on" "$WORK/pg.log" || { echo "PostgreSQL did not start (see $WORK/pg.log)" >&2; exit 1; }

# launch.py PORT LOG CMD... : launch -> first 200 from /q/health/ready, in ms, and then the RSS and its anonymous part
# (the rest is the executable's or the JDK's file pages, shared with every other process that maps them), in MiB.
cat > "$WORK/launch.py" <<'EOF'
import http.client, subprocess, sys, time
port, log, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
with open(log, "ab") as out:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    ms = None
    while time.perf_counter() - t0 < 120 and p.poll() is None:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/q/health/ready")
            if c.getresponse().status == 200:
                ms = (time.perf_counter() - t0) * 1000
                break
        except OSError:
            pass
        finally:
            c.close()
        time.sleep(0.001)
    rss = anon = 0
    if ms is not None:
        with open(f"/proc/{p.pid}/status") as f:
            kb = {l.split(":")[0]: int(l.split()[1]) for l in f if l.startswith(("VmRSS", "RssAnon"))}
        rss, anon = kb["VmRSS"] / 1024, kb["RssAnon"] / 1024
    p.terminate()
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        p.kill()
    if ms is None:
        sys.exit(f"not ready (exit code {p.returncode}); see {log}")
    print(f"{ms:.0f} {rss:.0f} {anon:.0f}")
EOF

KEY=bench-$RANDOM$RANDOM
run_once() { # service variant port
  local s=$1 variant=$2 port=$3 cmd
  case $variant in
    native) cmd=("$(ls "$ROOT/$s"/target/*-runner)") ;;
    # AOTMode=on: a cache the JVM cannot use fails the start instead of silently timing a plain one.
    # shellcheck disable=SC2206 # JVM_OPTS is a list of options
    aot) cmd=("$JDK25/bin/java" -XX:AOTCache="$WORK/$s-jvm/app.aot" -XX:AOTMode=on -Xlog:aot*=error $JVM_OPTS
              -jar "$WORK/$s-jvm/quarkus-run.jar") ;;
    aotdefault) cmd=("$JDK25/bin/java" -XX:AOTCache="$WORK/$s-jvm/app.aot" -XX:AOTMode=on -Xlog:aot*=error
              -jar "$WORK/$s-jvm/quarkus-run.jar") ;;
    jvm) cmd=("$JDK25/bin/java" -jar "$WORK/$s-jvm/quarkus-run.jar") ;;
  esac
  REWIND_DB_URL=postgresql://127.0.0.1:$PG_PORT/rewind REWIND_DB_USER=rewind REWIND_DB_PASSWORD=rewind \
    REWIND_API_KEYS="bench:admin:$(printf %s "$KEY" | sha256sum | cut -c1-64)" REWIND_BACKUP_DIR="$WORK/backups" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port \
    python3 "$WORK/launch.py" "$port" "$WORK/$s-$variant.run.log" "${cmd[@]}"
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "-")}'; }

declare -A READY RSS
for s in "${SERVICES[@]}"; do
  [[ "${RESULT[$s]}" == ok ]] || continue
  wait_for_quiet
  port=$(free_port)
  run_once "$s" jvm "$port" > /dev/null   # migrates the service's schema: every timed start finds it up to date
  echo "== $s: $RUNS starts of each variant (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))"
  variants=(native aot aotdefault jvm); [[ -n "${NATIVE_FAILED[$s]:-}" ]] && variants=(aot aotdefault jvm)
  unset ms mb anon; declare -A ms=() mb=() anon=()
  for i in $(seq 1 "$RUNS"); do
    for v in "${variants[@]}"; do
      wait_for_quiet
      if out=$(run_once "$s" "$v" "$port"); then
        read -r t r a <<< "$out"; ms[$v]+="$t "; mb[$v]+="$r "; anon[$v]+="$a "
      else
        echo "   $v did not become ready (see $WORK/$s-$v.run.log)"; FAILED=1
      fi
    done
  done
  for v in "${variants[@]}"; do
    READY[$s.$v]=$(echo "${ms[$v]}" | median); RSS[$s.$v]="$(echo "${mb[$v]}" | median) ($(echo "${anon[$v]}" | median))"
    echo "   $v: ready ms ${ms[$v]}| RSS MiB ${mb[$v]}| anonymous ${anon[$v]}"
  done
done

echo
printf '%-17s %8s %9s %6s | %30s | %36s\n' "" "native" "image" "binary" "ready ms (median of $RUNS)" "RSS MiB when ready (anonymous)"
printf '%-17s %8s %9s %6s | %6s %7s %7s %6s | %10s %12s %12s\n' service build step MB native "JVM+AOT" "AOT dflt" JVM native "JVM+AOT" JVM
for s in "${SERVICES[@]}"; do
  if [[ "${RESULT[$s]}" != ok ]]; then printf '%-17s %s\n' "$s" "${RESULT[$s]}"; continue; fi
  [[ -n "${NATIVE_FAILED[$s]:-}" ]] && BUILD_S[$s]="none"
  printf '%-17s %8s %9s %6s | %6s %7s %8s %6s | %10s %12s %12s\n' "$s" "${BUILD_S[$s]}" "${IMAGE_S[$s]:--}" "${SIZE[$s]:--}" \
    "${READY[$s.native]:--}" "${READY[$s.aot]:--}" "${READY[$s.aotdefault]:--}" "${READY[$s.jvm]:--}" \
    "${RSS[$s.native]:--}" "${RSS[$s.aot]:--}" "${RSS[$s.jvm]:--}"
done
echo "JVM+AOT: the AOT cache with deploy/local/rewind's start-up options ($JVM_OPTS); AOT dflt: the same cache with the"
echo "JVM's default options; JVM: the plain jar, default options."
echo "(JVM: $("$JDK25/bin/java" -version 2>&1 | head -1); $(nproc) cores; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
exit $FAILED
