#!/usr/bin/env bash
# The multi-process failover run (minutes long, so outside CI): a local Kafka broker, a Flink
# session cluster of one JobManager and two TaskManagers on a stock Flink classpath, AdAudit's job
# jar submitted with the Flink CLI, generated traffic streamed in; TaskManager 1 killed with -9 a
# third of the way in, then the job stopped with a savepoint and resumed from it two thirds in.
# Passes when the claims on the topic under read_committed are exactly the replay's claims for the
# same events: none lost, none repeated. Every wait has a deadline and says what it waited for;
# Ctrl-C, SIGINT or SIGTERM stops every process it started.
#   scripts/cluster-failover.sh [--speedup N] [--hours N]
#
#   --speedup N   event time per wall-clock time of the streamed traffic (default 360)
#   --hours N     hours of traffic (default 8)
#   --help        this text
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_help "$@"
speedup=360
hours=8
while [ $# -gt 0 ]; do
  case "$1" in
    --speedup) speedup=$2; shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    *) adaudit_usage_error "unknown option $1" ;;
  esac
done
adaudit_build
work="$ADAUDIT_HOME/target/cluster-failover"
rm -rf "$work"; mkdir -p "$work"
bootstrap=localhost:29092
cluster="$ADAUDIT_HOME/scripts/local-cluster.sh"
fail() { echo "failover: FAIL: $*" >&2; exit 1; }
cleanup() {
  trap - EXIT INT TERM
  "$cluster" stop >/dev/null 2>&1 || true
  [ -n "${streamer:-}" ] && kill "$streamer" 2>/dev/null || true
  [ -n "${ADAUDIT_KAFKA_PID:-}" ] && kill "$ADAUDIT_KAFKA_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo "failover: interrupted" >&2; exit 130' INT TERM
tool() { ( adaudit_tool "$@" ); }

adaudit_start_kafka "$work/kafka" 29092 || fail "the Kafka broker did not start"
tool com.adaudit.demo.CreateTopics --kafka.bootstrap-servers "$bootstrap"
tool com.adaudit.generate.TrafficGenerator --output "$work/traffic" --campaigns 2 --sources 8 --hours "$hours" \
    --fraud-share 0.4 --seed 5
"$ADAUDIT_HOME/scripts/replay.sh" --input "$work/traffic" --output "$work/replay" \
    --contracts "$work/traffic/contracts.json" >/dev/null
expected=$(wc -l < "$work/replay/claims.jsonl")
echo "failover: the replay of the traffic gives $expected claims"

job_args=(--kafka.bootstrap-servers "$bootstrap" --contracts.file "$work/traffic/contracts.json"
    --kafka.starting-offsets earliest --checkpoint.interval PT2S --parallelism 2 --watermark.idleness PT10M)
"$cluster" start >/dev/null || fail "the Flink cluster did not start"
"$cluster" submit "${job_args[@]}" || fail "flink run failed"
"$cluster" wait-running 120 >/dev/null || fail "the job did not start running"
# exec in a background subshell: $! is the streamer's JVM itself, so clean-up stops it
adaudit_tool com.adaudit.generate.TrafficStreamer --input "$work/traffic" --bootstrap-servers "$bootstrap" \
    --speedup "$speedup" > "$work/stream.log" 2>&1 &
streamer=$!

third=$(( hours * 3600 / speedup / 3 ))
sleep "$third"
"$cluster" kill-taskmanager 1
sleep 10
"$cluster" restart-taskmanager 1 >/dev/null
sleep $(( third > 10 ? third - 10 : 1 ))
echo "failover: waiting up to 180 s for the job to run again after the TaskManager kill"
job_id=$("$cluster" wait-running 180) || fail "the job did not recover from the TaskManager kill"
savepoint=$("$cluster" stop-with-savepoint "$job_id" | sed -n 's/.*Savepoint completed. Path: //p')
[ -n "$savepoint" ] || fail "stop-with-savepoint of job $job_id gave no savepoint"
echo "failover: job $job_id stopped with savepoint $savepoint"
"$cluster" resume "$savepoint" "${job_args[@]}" || fail "resuming from $savepoint failed"
"$cluster" wait-running 120 >/dev/null || fail "the resumed job did not start running"
wait "$streamer" || fail "the traffic streamer failed; see $work/stream.log"
streamer=

dump() { tool com.adaudit.demo.TopicDump --bootstrap-servers "$bootstrap" --topic compensation-claims "$@"; }
echo "failover: waiting up to 240 s for $expected claims under read_committed"
deadline=$(( SECONDS + 240 ))
until [ "$(dump | wc -l)" -ge "$expected" ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "only $(dump | wc -l) of $expected claims arrived within 240 s"
  sleep 2
done
sleep 6 # a repeated claim would be committed with the next checkpoints
dump | sort > "$work/claims-committed.jsonl"
uncommitted=$(dump --isolation read_uncommitted | wc -l)
restarts=$(curl -sf "http://localhost:8081/jobs/$job_id/exceptions" | grep -o '"exceptionName"' | wc -l || true)
if diff -q "$work/replay/claims.jsonl" "$work/claims-committed.jsonl" >/dev/null; then
  echo "failover: PASS: $expected claims under read_committed, each exactly once, equal to the replay's;" \
       "read_uncommitted sees $uncommitted records; exceptions recorded before the savepoint: $restarts"
else
  echo "failover: FAIL: read_committed claims differ from the replay's:" >&2
  diff "$work/replay/claims.jsonl" "$work/claims-committed.jsonl" | head -20 >&2
  exit 1
fi
