#!/usr/bin/env bash
# The project's benchmark: starts the whole platform afresh for each scenario (api-service and workers as processes
# from their jars, an embedded cluster-sim, a database and a broker topology of its own on the local PostgreSQL and
# RabbitMQ), drives it through the REST API and prints a table of figures. See benchmark/README.md.
#
#   benchmark/run.sh                                every scenario with its defaults (takes a while)
#   benchmark/run.sh throughput --stores=16         one scenario; its parameters follow its name
#   benchmark/run.sh throughput ready-delay         several, in order
#   benchmark/run.sh --help                         the scenarios and their parameters
#   BENCH_SKIP_BUILD=1 benchmark/run.sh ...         use the jars as they are
#
# Builds first (./mvnw -DskipTests package) when a jar is missing or a source changed since the last build.
# Results: stdout and benchmark/target/results-<scenario>.txt; progress: stderr; service logs:
# benchmark/target/e2e-logs/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

pick_java() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "2[5-9]'; then return; fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "2[5-9]'; then
      export JAVA_HOME="$candidate"; return
    fi
  done
  echo "No JDK 25 found: set JAVA_HOME to one." >&2; exit 1
}

# Marks the last successful build; the jars themselves keep their time when Maven finds nothing to repackage.
stamp=benchmark/target/.built

needs_build() {
  for jar in api-service/target/api-service.jar provisioner-worker/target/provisioner-worker.jar \
             reaper-service/target/reaper-service.jar benchmark/target/benchmark.jar "$stamp"; do
    [ -f "$jar" ] || return 0
  done
  [ -n "$(find pom.xml common cluster-sim provisioner-worker reaper-service api-service benchmark -path '*/target' -prune -o \
          -type f -newer "$stamp" \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
          -print -quit)" ]
}

pick_java
if [ -z "${BENCH_SKIP_BUILD:-}" ] && needs_build; then
  echo "[benchmark] building: ./mvnw -q -B -DskipTests package" >&2
  ./mvnw -q -B -DskipTests package >&2
  touch "$stamp"
fi

revision=$(git describe --always --dirty 2>/dev/null || echo unknown)
# The services' jars are found relative to benchmark/ (../<module>/target), and results go to benchmark/target.
cd benchmark
exec "$JAVA_HOME/bin/java" -Dbenchmark.revision="$revision" -cp "target/benchmark.jar:target/lib/*" \
  io.storeorchestrator.benchmark.BenchmarkMain "$@"
