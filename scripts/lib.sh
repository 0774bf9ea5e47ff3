# Shared by the scripts: where the project is, building it when needed, and how to start a JVM.
# Sourced, not run.

ADAUDIT_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# With --help or -h among the arguments: prints the calling script's header comment (what it does,
# every option with its default) and exits 0. Call it before anything else.
adaudit_help() {
  local arg
  for arg in "$@"; do
    if [ "$arg" = --help ] || [ "$arg" = -h ]; then
      sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"
      exit 0
    fi
  done
}

# An argument error: the message and the script's usage line, exit 2.
adaudit_usage_error() {
  echo "$(basename "$0"): $1" >&2
  sed -n '2,/^[^#]/{/^#   scripts\//s/^#   /usage: /p}' "$0" >&2
  echo "($(basename "$0") --help for every option)" >&2
  exit 2
}

# Builds classes and the runtime classpath (Flink included) when sources are newer than the build.
adaudit_build() {
  local stamp="$ADAUDIT_HOME/target/runtime-classpath.txt"
  if [ ! -f "$stamp" ] || [ -n "$(find "$ADAUDIT_HOME/src/main" "$ADAUDIT_HOME/src/tools" "$ADAUDIT_HOME/pom.xml" \
      -newer "$stamp" -print -quit)" ]; then
    echo "building AdAudit (mvn package -DskipTests)..." >&2
    (cd "$ADAUDIT_HOME" && mvn -q -B package -DskipTests -Dspotless.check.skip=true) >&2 || { echo "build failed" >&2; exit 1; }
    touch "$stamp"
  fi
}

# The JVM options of conf/jvm.properties (the --add-opens Flink needs on Java 17).
adaudit_jvm_opts() {
  sed -n 's/^flink\.jvm\.opts=//p' "$ADAUDIT_HOME/conf/jvm.properties"
}

# The C2 inlining limits of conf/jvm.properties, for the JVMs that run the pipeline.
adaudit_jit_opts() {
  sed -n 's/^adaudit\.jit\.opts=//p' "$ADAUDIT_HOME/conf/jvm.properties"
}

# The replay's additions to them (conf/jvm.properties, adaudit.replay.jit.opts).
adaudit_replay_jit_opts() {
  sed -n 's/^adaudit\.replay\.jit\.opts=//p' "$ADAUDIT_HOME/conf/jvm.properties"
}

# Runs "$@" as a child and waits for it; SIGINT or SIGTERM to the script stops the child too
# (a plain foreground child would outlive a script killed by SIGTERM). Start the command with a
# function that execs (adaudit_java, adaudit_tool), so that the child is the JVM itself.
adaudit_child() {
  "$@" &
  local pid=$! rc=0
  trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 130' INT TERM
  wait "$pid" || rc=$?
  trap - INT TERM
  return "$rc"
}

# Runs a main class of AdAudit on the local runtime classpath, its own classes from ADAUDIT_CLASSES
# (default: target/classes).
adaudit_java() {
  local main=$1; shift
  set -f # the options are split into words, never expanded as file names (CompileCommand patterns)
  # shellcheck disable=SC2046
  exec java ${ADAUDIT_JAVA_OPTS:-} $(adaudit_jvm_opts) \
    -Dlog4j2.configurationFile="$ADAUDIT_HOME/conf/log4j2-local.properties" \
    -cp "${ADAUDIT_CLASSES:-$ADAUDIT_HOME/target/classes}:$(cat "$ADAUDIT_HOME/target/compile-classpath.txt"):$(cat "$ADAUDIT_HOME/target/runtime-classpath.txt")" \
    "$main" "$@"
}

# Runs one of the tools (src/tools/java: generator, streamer, topic tools, benchmarks), which are
# built with the tests and never go into the job jar.
adaudit_tool() {
  local main=$1; shift
  # shellcheck disable=SC2046
  exec java ${ADAUDIT_JAVA_OPTS:-} $(adaudit_jvm_opts) \
    -Dlog4j2.configurationFile="$ADAUDIT_HOME/conf/log4j2-local.properties" \
    -cp "$ADAUDIT_HOME/target/test-classes:$ADAUDIT_HOME/target/classes:$(cat "$ADAUDIT_HOME/target/test-classpath.txt")" \
    "$main" "$@"
}

# Starts a single-node KRaft Kafka broker (broker and controller in one JVM, from the Maven Central
# jars of kafka_2.13) with its data and log under DIR, listening on PORT (controller on PORT+1);
# waits until it accepts connections. Sets ADAUDIT_KAFKA_PID.
adaudit_start_kafka() {
  local dir=$1 port=$2 cp
  cp="$(cat "$ADAUDIT_HOME/target/test-classpath.txt")"
  mkdir -p "$dir"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$((port + 1))
listeners=PLAINTEXT://localhost:$port,CONTROLLER://localhost:$((port + 1))
advertised.listeners=PLAINTEXT://localhost:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/kafka-data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  local kafka_java=(java -Xmx1g -Dlog4j2.configurationFile="$ADAUDIT_HOME/conf/log4j2-local.properties" -cp "$cp")
  local cluster_id
  cluster_id=$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  "${kafka_java[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      > "$dir/kafka-format.log" 2>&1
  "${kafka_java[@]}" kafka.Kafka "$dir/server.properties" > "$dir/kafka.log" 2>&1 &
  ADAUDIT_KAFKA_PID=$!
  echo "Kafka broker starting on localhost:$port (log: $dir/kafka.log)" >&2
  for _ in $(seq 1 60); do
    (exec 3<>"/dev/tcp/localhost/$port") 2>/dev/null && return 0
    sleep 1
  done
  echo "Kafka broker did not start; see $dir/kafka.log" >&2
  return 1
}
