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
# collector unless ADAUDIT_JAVA_OPTS names a collector, and C2 inlining less (adaudit.jit.opts of
# conf/jvm.properties); the first replay of a build writes a class archive that later ones start
# from (target/replay-classes.jsa). Exit status: 0 done; 2 bad arguments or input (missing
# directory, unreadable file, invalid contract); 1 the job failed.
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
# The replay's JVM (docs/benchmarks.md, eleventh and twelfth rounds). A replay is a batch job, where
# throughput counts and pauses do not: the parallel collector, unless ADAUDIT_JAVA_OPTS names one. C2
# inlines less (conf/jvm.properties, adaudit.jit.opts): each stage of a batch job brings new code and
# types until the end, and with the default limits C2 spent a quarter of the replay's CPU compiling
# them, again as the types changed. It also inlines the JDK's small bounds checks of memory copies
# and string indexes (adaudit.replay.jit.opts), which the limits left as calls.
# The JVM's classes come from a CDS archive that the first successful replay of a build writes
# (target/replay-classes.jsa; CDS takes jars only, so AdAudit's classes come from its jar). Options
# in ADAUDIT_JAVA_OPTS come last and win.
collector=-XX:+UseParallelGC
for option in ${ADAUDIT_JAVA_OPTS:-}; do
  case "$option" in -XX:+Use*GC) collector= ;; esac
done
export ADAUDIT_JAVA_OPTS="$collector $(adaudit_jit_opts) $(adaudit_replay_jit_opts) -Xlog:cds=off,cds+dynamic=off ${ADAUDIT_JAVA_OPTS:-}"
# the newest, should an older version's jar still lie in target/
ADAUDIT_CLASSES=$(ls -t "$ADAUDIT_HOME"/target/adaudit-*.jar | grep -v -- '-job\.jar$' | head -1)
export ADAUDIT_CLASSES
archive="$ADAUDIT_HOME/target/replay-classes.jsa"
if [ "$archive" -nt "$ADAUDIT_HOME/target/runtime-classpath.txt" ]; then
  ADAUDIT_JAVA_OPTS="$ADAUDIT_JAVA_OPTS -XX:SharedArchiveFile=$archive" \
    adaudit_java com.adaudit.replay.ReplayHarness "${args[@]}"
fi
# a JVM that cannot write its archive fails at exit, so a read-only build runs without one
[ -w "$ADAUDIT_HOME/target" ] || adaudit_java com.adaudit.replay.ReplayHarness "${args[@]}"
rc=0
ADAUDIT_JAVA_OPTS="$ADAUDIT_JAVA_OPTS -XX:ArchiveClassesAtExit=$archive.$$" \
  adaudit_child adaudit_java com.adaudit.replay.ReplayHarness "${args[@]}" || rc=$?
if [ "$rc" -eq 0 ] && [ -f "$archive.$$" ]; then
  mv -f "$archive.$$" "$archive"
else
  rm -f "$archive.$$"
fi
exit "$rc"
