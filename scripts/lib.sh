# Shared by the scripts: where the project is, building it when needed, and how to start a JVM.
# Sourced, not run.

ADAUDIT_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Builds classes and the runtime classpath (Flink included) when sources are newer than the build.
adaudit_build() {
  local stamp="$ADAUDIT_HOME/target/runtime-classpath.txt"
  if [ ! -f "$stamp" ] || [ -n "$(find "$ADAUDIT_HOME/src/main" "$ADAUDIT_HOME/pom.xml" -newer "$stamp" -print -quit)" ]; then
    echo "building AdAudit (mvn package -DskipTests)..." >&2
    (cd "$ADAUDIT_HOME" && mvn -q -B package -DskipTests) >&2 || { echo "build failed" >&2; exit 1; }
    touch "$stamp"
  fi
}

# The JVM options of conf/jvm.properties (the --add-opens Flink needs on Java 17).
adaudit_jvm_opts() {
  sed -n 's/^flink\.jvm\.opts=//p' "$ADAUDIT_HOME/conf/jvm.properties"
}

# Runs a main class of AdAudit on the local runtime classpath.
adaudit_java() {
  local main=$1; shift
  # shellcheck disable=SC2046
  exec java ${ADAUDIT_JAVA_OPTS:-} $(adaudit_jvm_opts) \
    -Dlog4j2.configurationFile="$ADAUDIT_HOME/conf/log4j2-local.properties" \
    -cp "$ADAUDIT_HOME/target/classes:$(cat "$ADAUDIT_HOME/target/compile-classpath.txt"):$(cat "$ADAUDIT_HOME/target/runtime-classpath.txt")" \
    "$main" "$@"
}
