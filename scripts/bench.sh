#!/usr/bin/env bash
# Replay throughput benchmark: generated traffic of each size (a realistic clean mix: about 68 %
# impressions, 11 % clicks, 21 % pageviews, 0.5 % vendor reports, 10 % of sources fraudulent),
# replayed at each parallelism. Reports wall time, events/s, events per CPU-second (user + sys:
# the per-core figure) and peak RSS, as JSON and as a Markdown table with the machine and commit.
#   scripts/bench.sh [--sizes 1000000,10000000] [--parallelism 1,2] [--out target/bench]
#   scripts/bench.sh --jmh       # the JMH microbenchmarks of the hot paths instead (decode, govern,
#                                # window aggregation, claim amounts and ids), about two minutes
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sizes=1000000,10000000
parallelisms=1,2
out="$ADAUDIT_HOME/target/bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --parallelism) parallelisms=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jmh) jmh=1; shift ;;
    *) echo "usage: bench.sh [--sizes N,N] [--parallelism N,N] [--out DIR] | --jmh" >&2; exit 2 ;;
  esac
done
if [ -n "${jmh:-}" ]; then
  mkdir -p "$out"
  (cd "$ADAUDIT_HOME" && mvn -q -B -Pjmh test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$out/jmh-classpath.txt") >&2
  # shellcheck disable=SC2046
  java $(adaudit_jvm_opts) -cp "$ADAUDIT_HOME/target/test-classes:$ADAUDIT_HOME/target/classes:$(cat "$out/jmh-classpath.txt")" \
      org.openjdk.jmh.Main -rf json -rff "$out/jmh.json" HotPathBenchmarks
  exit 0
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench: installing GNU time (for peak RSS)" >&2
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
adaudit_build
mkdir -p "$out"

commit=$(git -C "$ADAUDIT_HOME" rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
machine="$(nproc) cores ($cpu), $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
results=()
table="| events | parallelism | wall s | events/s | events per CPU-second | CPU % | peak RSS MiB |
|---:|---:|---:|---:|---:|---:|---:|"

for size in ${sizes//,/ }; do
  # about 222 events per source and hour; 10 campaigns over 24 hours
  sources=$(( (size + 10 * 24 * 222 - 1) / (10 * 24 * 222) ))
  data="$out/data-$size"
  if [ ! -f "$data/clicks.jsonl" ]; then
    ( adaudit_java com.adaudit.generate.TrafficGenerator --output "$data" --campaigns 10 --sources "$sources" \
        --hours 24 --seed 1 ) >&2
  fi
  for p in ${parallelisms//,/ }; do
    rm -rf "$out/replay-$size-$p"
    /usr/bin/time -f '%e %U %S %M' -o "$out/time-$size-$p.txt" \
        "$ADAUDIT_HOME/scripts/replay.sh" --input "$data" --output "$out/replay-$size-$p" \
        --contracts "$data/contracts.json" --parallelism "$p" > "$out/replay-$size-$p.log"
    read -r wall user sys rss_kb < "$out/time-$size-$p.txt"
    events=$(python3 -c "import json; s=json.load(open('$out/replay-$size-$p/summary.json')); print(sum(v['read'] for v in s['streams'].values()))")
    row=$(python3 -c "
w,u,s,r,e=$wall,$user,$sys,$rss_kb,$events
print(f'{e} {w:.1f} {e/w:.0f} {e/(u+s):.0f} {100*(u+s)/w:.0f} {r/1024:.0f}')")
    read -r ev w eps epc cpu_pct rss <<< "$row"
    table+=$'\n'"| $ev | $p | $w | $eps | $epc | $cpu_pct | $rss |"
    results+=("{\"events\":$ev,\"parallelism\":$p,\"wall_s\":$w,\"events_per_s\":$eps,\"events_per_cpu_s\":$epc,\"cpu_percent\":$cpu_pct,\"peak_rss_mib\":$rss}")
    echo "bench: $ev events, parallelism $p: ${w}s, $eps events/s, $epc events per CPU-second, ${rss} MiB peak RSS" >&2
  done
done

joined=$(IFS=,; echo "${results[*]}")
printf '{"commit":"%s","machine":"%s","replay":[%s]}\n' "$commit" "${machine//\"/\'}" "$joined" > "$out/results.json"
{
  echo "Replay throughput, commit $commit, on $machine. Wall time includes JVM and local Flink start-up."
  echo
  echo "$table"
} > "$out/results.md"
cat "$out/results.md"
echo "bench: results in $out/results.json and $out/results.md" >&2
