#!/usr/bin/env bash
# A real multi-process Flink session cluster from Maven Central jars: one JobManager
# (StandaloneSessionClusterEntrypoint) and two TaskManagers (TaskManagerRunner) as separate JVMs,
# and the Flink CLI (CliFrontend) to submit AdAudit's job jar. The cluster runs on a stock Flink
# 2.2.1 classpath (target/flink-lib-classpath.txt: Flink and logging, no Kafka) with Flink's default
# child-first class loading: the job jar brings the Kafka connector and client, as on any cluster.
#
#   scripts/local-cluster.sh start                    # JobManager + 2 TaskManagers of one slot each; UI on :8081
#   scripts/local-cluster.sh submit [--key value ...] # flink run -d the job jar with AdAudit settings
#   scripts/local-cluster.sh list                     # flink list
#   scripts/local-cluster.sh stop-with-savepoint JOB  # flink stop --savepointPath ...; prints the savepoint
#   scripts/local-cluster.sh resume SAVEPOINT [--key value ...]   # flink run -s SAVEPOINT ...
#   scripts/local-cluster.sh kill-taskmanager N       # kill -9 TaskManager N (1 or 2)
#   scripts/local-cluster.sh restart-taskmanager N
#   scripts/local-cluster.sh wait-running [SECONDS]   # waits (default 120 s) for one job RUNNING with all
#                                                     # tasks running; prints its id
#   scripts/local-cluster.sh stop                     # stops every JVM it started
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_help "$@"

home="$ADAUDIT_HOME/target/local-cluster"
conf="$home/conf"
jar=$(ls "$ADAUDIT_HOME"/target/adaudit-*-job.jar 2>/dev/null | head -1 || true)

# Exactly what a Flink distribution's lib/ provides (see pom.xml, flink-lib-classpath): no Kafka
# classes, so the job jar's copy is the only one.
flink_cp() {
  cat "$ADAUDIT_HOME/target/flink-lib-classpath.txt"
}

flink_java() {
  local name=$1; shift
  # shellcheck disable=SC2046
  ${ADAUDIT_EXEC:-} java $(adaudit_jvm_opts) -Dlog.file="$home/log/$name.log" \
    -Dlog4j2.configurationFile="$ADAUDIT_HOME/conf/log4j2-local.properties" -cp "$(flink_cp)" "$@"
}

write_conf() {
  mkdir -p "$conf" "$home/log" "$home/pids"
  cat > "$conf/config.yaml" <<YAML
jobmanager:
  rpc: {address: localhost, port: 6123}
  memory: {process.size: 1024m}
  bind-host: localhost
taskmanager:
  bind-host: localhost
  host: localhost
  numberOfTaskSlots: 1
  memory: {process.size: 1536m}
rest: {address: localhost, port: 8081, bind-address: localhost}
parallelism.default: 2
execution:
  checkpointing:
    dir: file://$home/checkpoints
    savepoint-dir: file://$home/savepoints
restart-strategy: {type: exponential-delay}
YAML
}

# What Flink's own start scripts derive from config.yaml: JVM memory flags and, for TaskManagers,
# the resolved memory and CPU settings as dynamic properties.
resource_params() {
  java -cp "$(flink_cp)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>/dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

start_taskmanager() {
  local params jvm dynamic
  params=$(resource_params GET_TM_RESOURCE_PARAMS)
  jvm=$(echo "$params" | sed -n 1p)
  dynamic=$(echo "$params" | sed -n 2p)
  # shellcheck disable=SC2086,SC2046
  # RocksDB allocates through malloc: fewer glibc arenas keep its fragmentation out of the RSS; C2's
  # inlining limits of conf/jvm.properties (docs/operations.md)
  MALLOC_ARENA_MAX=2 start_jvm "taskmanager-$1" $jvm $(adaudit_jit_opts) org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" \
      $dynamic -D taskmanager.resource-id="taskmanager-$1"
}

# Starts a JVM in the background; exec makes $! the JVM's own pid, which stop and kill -9 need.
start_jvm() {
  local name=$1; shift
  ADAUDIT_EXEC=exec flink_java "$name" "$@" > "$home/log/$name.out" 2>&1 &
  echo $! > "$home/pids/$name.pid"
  echo "local-cluster: $name started (pid $!, log $home/log/$name.out)"
}

cli() {
  FLINK_CONF_DIR="$conf" flink_java cli org.apache.flink.client.cli.CliFrontend "$@"
}

require_jar() {
  [ -n "$jar" ] || { echo "local-cluster: no job jar; run mvn package" >&2; exit 1; }
}

case "${1:-}" in
  start)
    adaudit_build
    write_conf
    # shellcheck disable=SC2046
    start_jvm jobmanager $(resource_params GET_JM_RESOURCE_PARAMS | sed -n 1p) \
        org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf"
    start_taskmanager 1
    start_taskmanager 2
    for _ in $(seq 1 90); do
      curl -sf http://localhost:8081/taskmanagers 2>/dev/null | grep -q '"taskmanager-2"' && break
      sleep 1
    done
    curl -sf http://localhost:8081/taskmanagers 2>/dev/null | grep -q '"taskmanager-2"' \
      || { echo "local-cluster: both TaskManagers did not register within 90 s; see $home/log" >&2; exit 1; }
    curl -sf http://localhost:8081/overview && echo
    ;;
  wait-running)
    deadline=$(( SECONDS + ${2:-120} ))
    while [ "$SECONDS" -lt "$deadline" ]; do
      # a job counts as running once every vertex is RUNNING (not while it restarts or deploys)
      for id in $(curl -sf http://localhost:8081/jobs 2>/dev/null | grep -o '"id":"[0-9a-f]*","status":"RUNNING"' \
          | sed 's/"id":"\([0-9a-f]*\)".*/\1/'); do
        if curl -sf "http://localhost:8081/jobs/$id" | grep -q '"status-counts":{[^}]*}' \
            && ! curl -sf "http://localhost:8081/jobs/$id" | grep -o '"status-counts":{[^}]*}' \
              | grep -Eq '"(CREATED|SCHEDULED|DEPLOYING|INITIALIZING)":[1-9]'; then
          echo "$id"; exit 0
        fi
      done
      sleep 1
    done
    echo "local-cluster: no job reached RUNNING with all tasks running within ${2:-120} s;" \
         "jobs: $(curl -sf http://localhost:8081/jobs/overview 2>/dev/null || echo 'REST API not answering')" >&2
    exit 1
    ;;
  submit)
    shift; require_jar
    cli run -d "$jar" "$@"
    ;;
  resume)
    shift; require_jar
    savepoint=$1; shift
    cli run -d -s "$savepoint" "$jar" "$@"
    ;;
  list)
    cli list
    ;;
  stop-with-savepoint)
    cli stop --savepointPath "file://$home/savepoints" "$2"
    ;;
  kill-taskmanager)
    kill -9 "$(cat "$home/pids/taskmanager-$2.pid")"
    echo "local-cluster: taskmanager-$2 killed with -9"
    ;;
  restart-taskmanager)
    start_taskmanager "$2"
    ;;
  stop)
    for pidfile in "$home"/pids/*.pid; do
      [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    done
    echo "local-cluster: stopped"
    ;;
  *)
    adaudit_usage_error "unknown command '${1:-}'" ;;
esac
