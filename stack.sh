#!/usr/bin/env bash
# Runs the whole platform on this machine, natively, in the foreground:
#   api-service on :8080, provisioner-workers, the reaper-service, and — when no kubeconfig is given — the
#   project's simulated Kubernetes cluster (cluster-sim) on :6443.
# Ctrl-C (or SIGTERM) stops everything it started, cleanly.
#
#   ./stack.sh                 build (tests skipped) and run
#   WORKERS=3 ./stack.sh       run three provisioner-workers
#   KUBECONFIG=~/.kube/config ./stack.sh   use a real cluster instead of the simulator
#   STACK_SKIP_BUILD=1 ./stack.sh          reuse the jars already built
#   LOG_FORMAT=json ./stack.sh             JSON logs, as in a cluster (default here: text)
#   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 ./stack.sh   send traces to an OTLP collector
#   API_BOOTSTRAP_ADMIN_KEY=so_... ./stack.sh   use this admin key instead of the one kept in .stack/admin-key
#
# The API needs a key on every /api call: the admin key is made once, kept in .stack/admin-key (mode 600) and printed
# at start with a curl line to paste. Health and metrics are on the management port (:9090 for the API).
#
# Needs PostgreSQL on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672 (started here if they are installed but down),
# and a JDK 25 (JAVA_HOME, or found under /usr/lib/jvm).
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
state="$root/.stack"
logs="$state/logs"
mkdir -p "$logs"

workers=${WORKERS:-2}
api_port=${API_PORT:-8080}
api_management_port=${API_MANAGEMENT_PORT:-9090}
sim_port=${SIM_PORT:-6443}
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/store_orchestrator}
export DATABASE_USER=${DATABASE_USER:-postgres}
export DATABASE_PASSWORD=${DATABASE_PASSWORD:-}
export RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1}
export RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
# Logs for a person at a terminal (the services log JSON by default, for log collectors).
export LOG_FORMAT=${LOG_FORMAT:-text}

# The local admin key: 32 random bytes as base64url after so_, as the API's own keys look. Kept across runs.
admin_key_file="$state/admin-key"
if [ -z "${API_BOOTSTRAP_ADMIN_KEY:-}" ]; then
  if [ ! -s "$admin_key_file" ]; then
    (umask 077; printf 'so_%s\n' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$admin_key_file")
  fi
  API_BOOTSTRAP_ADMIN_KEY=$(cat "$admin_key_file")
fi

say() { printf '\033[1m[stack]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[stack]\033[0m %s\n' "$*" >&2; exit 1; }

pick_java() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "2[5-9]'; then return; fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "2[5-9]'; then
      export JAVA_HOME="$candidate"; return
    fi
  done
  die "No JDK 25 found: set JAVA_HOME to one."
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && exec 3>&- ; }

ensure_postgres() {
  if ! port_open 127.0.0.1 5432 && command -v pg_ctlcluster >/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  port_open 127.0.0.1 5432 || die "PostgreSQL is not reachable on 127.0.0.1:5432"
  local db=${DATABASE_URL##*/}; db=${db%%\?*}
  if command -v psql >/dev/null && ! psql -h 127.0.0.1 -U "$DATABASE_USER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    say "creating database $db"
    psql -h 127.0.0.1 -U "$DATABASE_USER" -d postgres -qc "CREATE DATABASE \"$db\""
  fi
}

ensure_rabbitmq() {
  if ! port_open 127.0.0.1 5672 && command -v rabbitmq-server >/dev/null; then
    say "starting RabbitMQ"
    rabbitmq-server -detached || true
    for _ in $(seq 1 60); do port_open 127.0.0.1 5672 && break; sleep 1; done
  fi
  port_open 127.0.0.1 5672 || die "RabbitMQ is not reachable on 127.0.0.1:5672"
}

pids=()
stop_all() {
  trap - INT TERM EXIT
  say "stopping"
  # Newest first, one at a time: services finish with the cluster and broker still there (the reaper hands its
  # Lease back, workers leave unfinished commands to the queue), and the simulated cluster goes last.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  say "stopped"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

start() { # name, port, jar, then env assignments
  local name=$1 port=$2 jar=$3; shift 3
  # setsid: a terminal's Ctrl-C reaches only this script, which then stops the services in order.
  setsid env "$@" SERVER_PORT="$port" "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$jar" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  say "$name started (pid $!, log .stack/logs/$name.log)"
}

wait_healthy() { # name, port
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$2/health" >/dev/null 2>&1; then say "$1 is healthy on :$2"; return; fi
    sleep 1
  done
  die "$1 did not become healthy; see .stack/logs/$1.log"
}

pick_java
ensure_postgres
ensure_rabbitmq

if [ -z "${STACK_SKIP_BUILD:-}" ]; then
  say "building (tests skipped; ./mvnw verify runs them)"
  ./mvnw -q -B -DskipTests package >"$logs/build.log" 2>&1 || die "build failed; see .stack/logs/build.log"
fi

if [ -n "${KUBECONFIG:-}" ] || [ -f "$HOME/.kube/config" ]; then
  say "using the cluster from ${KUBECONFIG:-$HOME/.kube/config}"
else
  export KUBECONFIG="$state/kubeconfig"
  setsid "$JAVA_HOME/bin/java" -jar cluster-sim/target/cluster-sim.jar --port "$sim_port" --kubeconfig "$KUBECONFIG" \
    >"$logs/cluster-sim.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do [ -f "$KUBECONFIG" ] && port_open 127.0.0.1 "$sim_port" && break; sleep 0.5; done
  port_open 127.0.0.1 "$sim_port" || die "cluster-sim did not start; see .stack/logs/cluster-sim.log"
  say "simulated cluster on http://127.0.0.1:$sim_port (export KUBECONFIG=$KUBECONFIG to use kubectl)"
fi

start api-service "$api_port" api-service/target/api-service.jar MANAGEMENT_PORT="$api_management_port" \
  API_BOOTSTRAP_ADMIN_KEY="$API_BOOTSTRAP_ADMIN_KEY"
wait_healthy api-service "$api_management_port"
for ((n=1; n<=workers; n++)); do
  start "provisioner-worker-$n" $((8090 + n)) provisioner-worker/target/provisioner-worker.jar
done
start reaper-service 8082 reaper-service/target/reaper-service.jar REAPER_IDENTITY=reaper-local REAPER_DRY_RUN=false
for ((n=1; n<=workers; n++)); do wait_healthy "provisioner-worker-$n" $((8090 + n)); done
wait_healthy reaper-service 8082

cat <<EOF

  Store Orchestrator is running.  Dashboard: http://127.0.0.1:$api_port/   API: http://127.0.0.1:$api_port/api/v1/stores
  Admin API key (the API's bootstrap key; kept in .stack/admin-key): $API_BOOTSTRAP_ADMIN_KEY
    KEY=$API_BOOTSTRAP_ADMIN_KEY
    curl -s -XPOST localhost:$api_port/api/v1/stores -H "Authorization: Bearer \$KEY" -H 'content-type: application/json' \\
         -d '{"name":"my-shop","engine":"woocommerce"}'
    curl -s localhost:$api_port/api/v1/stores -H "Authorization: Bearer \$KEY"
    curl -s localhost:$api_management_port/health          # details and /prometheus: management port only
    kubectl --kubeconfig $KUBECONFIG get ns -l app.kubernetes.io/managed-by=store-orchestrator
  Names starting with crash-, imagepull- or unschedulable- fail their first attempt on the simulated cluster.
  Ctrl-C stops everything.

EOF

# Stop everything if any service dies, so a half-running stack is never mistaken for a working one.
wait -n "${pids[@]}" || true
say "a service exited unexpectedly; stopping the rest (see .stack/logs)"
exit 1
