#!/usr/bin/env bash
# One command, fresh machine: a local KRaft Kafka broker (from Maven Central jars), AdAudit's
# topics, the streaming job on a local Flink environment, generated traffic with fraud injected
# streamed on an accelerated event-time clock, and the claims as an auditor reads them
# (read_committed). Ctrl-C, or SIGINT or SIGTERM to this script's pid, stops everything it started.
#   scripts/demo.sh [--speedup N] [--hours N]
#
#   --speedup N   event time per wall-clock time (default 720: an hour of traffic every 5 s)
#   --hours N     hours of traffic to stream (default 6)
#   --help        this text
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_help "$@"

speedup=720
hours=6
while [ $# -gt 0 ]; do
  case "$1" in
    --speedup) speedup=$2; shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    *) adaudit_usage_error "unknown option $1" ;;
  esac
done

adaudit_build
work="$ADAUDIT_HOME/target/demo"
rm -rf "$work"
mkdir -p "$work"
bootstrap=localhost:19092
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Background processes are started by calling the exec'ing function itself with &: $! is then the
# JVM, not a shell around it, so stop_all leaves nothing behind.

# 1. A single-node KRaft broker (broker and controller in one process).
adaudit_start_kafka "$work" 19092
pids+=("$ADAUDIT_KAFKA_PID")

# 2. Topics, and two contracts' worth of generated traffic with fraud injected.
( adaudit_tool com.adaudit.demo.CreateTopics --kafka.bootstrap-servers "$bootstrap" )
( adaudit_tool com.adaudit.generate.TrafficGenerator --output "$work/traffic" --campaigns 2 --sources 8 \
    --hours "$hours" --fraud-share 0.3 --seed 11 )
echo "demo: injected fraud (ground truth):"
sed 's/^/  /' "$work/traffic/ground-truth.jsonl"

# 3. The streaming job on a local Flink environment, exactly-once into Kafka.
ADAUDIT_JAVA_OPTS="-Xmx2g" adaudit_java com.adaudit.AdAuditJob --kafka.bootstrap-servers "$bootstrap" \
    --contracts.file "$work/traffic/contracts.json" --checkpoint.interval PT2S --parallelism 1 \
    --kafka.starting-offsets earliest > "$work/job.log" 2>&1 &
pids+=($!)
echo "demo: AdAudit job starting (log: $work/job.log)"

# 4. What an auditor reads: claims, dead letters and late events, read_committed.
adaudit_tool com.adaudit.demo.ClaimsTail --bootstrap-servers "$bootstrap" &
pids+=($!)

# 5. The traffic, on an accelerated event-time clock, then a few rejected and late records.
adaudit_tool com.adaudit.generate.TrafficStreamer --input "$work/traffic" --bootstrap-servers "$bootstrap" \
    --speedup "$speedup" --inject-bad 3 > "$work/stream.log" 2>&1 &
streamer=$!
pids+=("$streamer")
if wait "$streamer"; then
  echo "demo: the generated traffic has run out ($(tail -1 "$work/stream.log" | sed 's/^stream: //'));" \
       "the last windows' claims follow. Ctrl-C to stop."
else
  echo "demo: the traffic streamer failed; see $work/stream.log" >&2
fi
wait "${pids[@]}"
