#!/usr/bin/env bash
# Replays historical input files through the AdAudit pipeline (docs/reference.md, "Replay harness").
#   scripts/replay.sh --input DIR --output DIR [--contracts FILE] [--datacenter-ranges FILE] [--parallelism N]
#
#   --input DIR        impressions, clicks, pageviews, vendor-reports (.jsonl or .jsonl.gz), whichever
#                      are present; required
#   --output DIR       where flags.jsonl, claims.jsonl, dead-letters.jsonl, late.jsonl and summary.json
#                      go (created if missing); required
#   --contracts FILE   the contracts (default: conf/contracts.json of this checkout)
#   --datacenter-ranges FILE
#                      data-centre CIDR blocks, one a line, '#' comments (default:
#                      conf/datacenter-ranges.txt of this checkout: X4BNet lists_vpn, MIT)
#   --parallelism N    Flink parallelism (default: the number of cores, at most 4); the output does not
#                      depend on it
#   --help             this text
# Builds the project first when its sources are newer than the build. Runs the JVM with the parallel
# collector unless ADAUDIT_JAVA_OPTS names a collector. Exit status: 0 done; 2 bad arguments or input
# (missing directory, unreadable file, invalid contract); 1 the job failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_help "$@"
adaudit_build
args=("$@")
case " $* " in
  *" --contracts "*) ;;
  *) args+=(--contracts "$ADAUDIT_HOME/conf/contracts.json") ;;
esac
case " $* " in
  *" --datacenter-ranges "*) ;;
  *) args+=(--datacenter-ranges "$ADAUDIT_HOME/conf/datacenter-ranges.txt") ;;
esac
# a replay is a batch job, where throughput counts and pauses do not: the parallel collector took
# about a tenth off the 5M-event replay's time and CPU against G1 (docs/benchmarks.md, eleventh round)
collector=
for option in ${ADAUDIT_JAVA_OPTS:-}; do
  case "$option" in -XX:+Use*GC) collector=$option ;; esac
done
[ -n "$collector" ] || export ADAUDIT_JAVA_OPTS="${ADAUDIT_JAVA_OPTS:-} -XX:+UseParallelGC"
adaudit_java com.adaudit.replay.ReplayHarness "${args[@]}"
