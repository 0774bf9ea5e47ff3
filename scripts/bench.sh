#!/usr/bin/env bash
# AdAudit's benchmarks; results as JSON and as a Markdown table with the machine and the commit.
#
# Replay throughput: generated traffic of each size (a realistic clean mix: about 68 % impressions,
# 11 % clicks, 21 % pageviews, 0.5 % vendor reports, 10 % of sources fraudulent), replayed at each
# parallelism: wall time, events/s, events per CPU-second (user + sys: the per-core figure), peak RSS;
# then the baseline, the same rules in Flink SQL in BATCH mode over the same files
# (com.adaudit.bench.SqlBaseline), which must find the same claims (the bench stops if not).
#
# Streaming, through a local single-node Kafka broker started here, exactly-once sinks
# (com.adaudit.bench.StreamingBench; the job runs in a JVM of its own):
#   throughput  a backlog of --throughput-events drained as fast as the job goes (committed offsets
#               move only with checkpoints, so the backlog spans many checkpoint intervals);
#   latency     --streaming-events paced at 50 % and 80 % of that rate: window end to flag on the topic
#               (written, and visible under read_committed), and claims' written-to-visible delay;
#   state       checkpoint size with 100k (campaign, source) windows open, with and without the
#               de-duplication ids;
#   memory      --memory-hours of traffic at 1M events/hour over 10k sources drained (RocksDB, heap
#               --memory-heap): peak RSS, and checkpoints the job reports failed.
#
#   scripts/bench.sh [--sizes 1000000,5000000] [--parallelism 2] [--out target/bench]
#                    [--streaming-events 1000000] [--throughput-events 3000000]
#                    [--checkpoint-interval PT10S] [--memory-hours 24]
#                    [--memory-heap 448m] [--replay-only | --streaming-only]
#   scripts/bench.sh --jmh       # the JMH microbenchmarks of the hot paths instead (decode, govern,
#                                # window aggregation, claim amounts and ids, user agents, data-centre
#                                # lookups, admission's id state), about five minutes
# The whole run takes about an hour on 2 cores, 35 to 45 minutes of it the memory phase's day of traffic
# (--memory-hours 2 for a quick look, which the memory target then does not count). Last, a table puts each target of the
# throughput issue (replay events/s, streaming events per CPU-second, p99 flag latency at 80 % load,
# peak RSS) next to its figure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_help "$@"

sizes=1000000,5000000
parallelisms=2
out="$ADAUDIT_HOME/target/bench"
streaming_events=1000000
throughput_events=3000000
checkpoint_interval=PT10S
memory_hours=24
memory_heap=448m
replay=1
streaming=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --parallelism) parallelisms=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --streaming-events) streaming_events=$2; shift 2 ;;
    --throughput-events) throughput_events=$2; shift 2 ;;
    --checkpoint-interval) checkpoint_interval=$2; shift 2 ;;
    --memory-hours) memory_hours=$2; shift 2 ;;
    --memory-heap) memory_heap=$2; shift 2 ;;
    --replay-only) streaming=; shift ;;
    --streaming-only) replay=; shift ;;
    --jmh) jmh=1; shift ;;
    *) adaudit_usage_error "unknown option $1" ;;
  esac
done
if [ -n "${jmh:-}" ]; then
  mkdir -p "$out"
  (cd "$ADAUDIT_HOME" && mvn -q -B -Pjmh test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$out/jmh-classpath.txt") >&2
  # shellcheck disable=SC2046
  java $(adaudit_jvm_opts) -cp "$ADAUDIT_HOME/target/test-classes:$ADAUDIT_HOME/target/classes:$(cat "$out/jmh-classpath.txt")" \
      org.openjdk.jmh.Main -rf json -rff "$out/jmh.json" HotPathBenchmarks AdmissionBenchmarks
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
# traffic of DIR: generated once, seed 1
generate() {
  local dir=$1; shift
  if [ ! -f "$dir/clicks.jsonl" ]; then
    adaudit_child adaudit_tool com.adaudit.generate.TrafficGenerator --output "$dir" --seed 1 "$@" >&2
  fi
}
# the clean mix of about SIZE events in DIR: about 222 events per source and hour, 10 campaigns, 24 hours
generate_mix() {
  local dir=$1 size=$2
  generate "$dir" --campaigns 10 --sources $(( (size + 10 * 24 * 222 - 1) / (10 * 24 * 222) )) --hours 24
}

results=()
table="| events | parallelism | wall s | events/s | events per CPU-second | CPU % | peak RSS MiB |
|---:|---:|---:|---:|---:|---:|---:|"

for size in ${replay:+${sizes//,/ }}; do
  data="$out/data-$size"
  generate_mix "$data" "$size"
  # a build's first replay writes the class archive that every later one starts from (scripts/replay.sh):
  # a small one, not timed, so that the timed ones are replays as an analyst runs them
  if [ -z "${first_replayed:-}" ]; then
    rm -rf "$out/replay-first"
    mkdir -p "$out/replay-first/input"
    for stream in impressions clicks pageviews vendor-reports; do
      head -2000 "$data/$stream.jsonl" > "$out/replay-first/input/$stream.jsonl"
    done
    adaudit_child "$ADAUDIT_HOME/scripts/replay.sh" --input "$out/replay-first/input" \
        --output "$out/replay-first/output" --contracts "$data/contracts.json" > "$out/replay-first.log"
    first_replayed=1
  fi
  for p in ${parallelisms//,/ }; do
    rm -rf "$out/replay-$size-$p"
    adaudit_child /usr/bin/time -f '%e %U %S %M' -o "$out/time-$size-$p.txt" \
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
    # the baseline: the same rules in Flink SQL, BATCH mode, over the same files; it must find the same claims
    adaudit_child /usr/bin/time -f '%e %U %S %M' -o "$out/time-sql-$size-$p.txt" \
        bash -c "source '$ADAUDIT_HOME/scripts/lib.sh'; adaudit_tool com.adaudit.bench.SqlBaseline --input '$data' \
            --contracts '$data/contracts.json' --datacenter-ranges '$ADAUDIT_HOME/conf/datacenter-ranges.txt' \
            --parallelism $p --expect '$out/replay-$size-$p/claims.jsonl'" > "$out/sql-$size-$p.log" 2>&1 \
        || { echo "bench: the SQL baseline failed or found other claims (see $out/sql-$size-$p.log)" >&2; exit 1; }
    read -r wall user sys rss_kb < "$out/time-sql-$size-$p.txt"
    row=$(python3 -c "
w,u,s,r,e=$wall,$user,$sys,$rss_kb,$ev
print(f'{w:.1f} {e/w:.0f} {e/(u+s):.0f} {100*(u+s)/w:.0f} {r/1024:.0f}')")
    read -r w eps epc cpu_pct rss <<< "$row"
    table+=$'\n'"| $ev (Flink SQL baseline) | $p | $w | $eps | $epc | $cpu_pct | $rss |"
    results+=("{\"events\":$ev,\"parallelism\":$p,\"baseline\":\"flink-sql\",\"wall_s\":$w,\"events_per_s\":$eps,\"events_per_cpu_s\":$epc,\"cpu_percent\":$cpu_pct,\"peak_rss_mib\":$rss}")
    echo "bench: Flink SQL baseline, $ev events, parallelism $p: ${w}s, $eps events/s, the same claims as the replay" >&2
  done
done

if [ -n "$streaming" ]; then
  generate_mix "$out/data-$streaming_events" "$streaming_events"
  generate_mix "$out/data-$throughput_events" "$throughput_events"
  # 100k (campaign, source) pairs, a few events each, all in one hour's windows
  generate "$out/state-100k" --campaigns 10 --sources 10000 --hours 1 --impressions-per-hour 4 --clicks-per-hour 1
  # 10k sources at about 100 events each per hour: 1M events/hour
  generate "$out/memory-$memory_hours-h" --campaigns 10 --sources 1000 --hours "$memory_hours" \
      --impressions-per-hour 68 --clicks-per-hour 11
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("localhost", 0)); print(s.getsockname()[1])')
  rm -rf "$out/kafka"
  adaudit_start_kafka "$out/kafka" "$port"
  trap 'kill "$ADAUDIT_KAFKA_PID" 2>/dev/null || true' EXIT
  trap 'exit 130' INT TERM
  # the job's JVM gets a TaskManager's C2 inlining limits (conf/jvm.properties, docs/operations.md):
  # JobProcess starts it with this JVM's options
  ADAUDIT_JAVA_OPTS="$(adaudit_jit_opts) ${ADAUDIT_JAVA_OPTS:-}" \
  adaudit_child adaudit_tool com.adaudit.bench.StreamingBench --bootstrap-servers "localhost:$port" --out "$out/streaming" \
      --traffic "$out/data-$streaming_events" --throughput-traffic "$out/data-$throughput_events" \
      --state-traffic "$out/state-100k" \
      --memory-traffic "$out/memory-$memory_hours-h" --checkpoint-interval "$checkpoint_interval" \
      --memory-heap "$memory_heap" --catch-up-timeout "PT$((20 + 5 * memory_hours))M" > "$out/streaming.log"
fi

joined=$(IFS=,; echo "${results[*]}")
printf '{"commit":"%s","machine":"%s","replay":[%s]}\n' "$commit" "${machine//\"/\'}" "$joined" > "$out/results.json"
python3 - "$out" "${streaming:+$out/streaming/streaming.json}" <<'PY'
import json, sys
out, streaming = sys.argv[1], sys.argv[2]
results = json.load(open(f"{out}/results.json"))
lines = [f"AdAudit benchmarks, commit {results['commit']}, on {results['machine']}.", ""]
if results["replay"]:
    lines += ["Replay throughput (wall time includes JVM and local Flink start-up):", "",
              "| events | parallelism | wall s | events/s | events per CPU-second | CPU % | peak RSS MiB |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['events']}{' (Flink SQL baseline)' if r.get('baseline') else ''} | {r['parallelism']} "
              f"| {r['wall_s']} | {r['events_per_s']} | {r['events_per_cpu_s']} | {r['cpu_percent']} "
              f"| {r['peak_rss_mib']} |" for r in results["replay"]]
    lines.append("")
if streaming:
    s = json.load(open(streaming))
    results["streaming"] = s
    t = s["throughput"]
    lines += [f"Streaming through a local broker, exactly-once, parallelism {s['parallelism']}, checkpoint interval "
              f"{s['checkpoint_interval']}, out-of-orderness {s['out_of_orderness']}:", "",
              "| measure | figure |", "|---|---:|",
              f"| throughput, {t['measured_events']} events drained by a warm job ({t['state_backend']}) "
              f"| {t['events_per_s']} events/s |",
              f"| per CPU-second (job CPU {t['cpu_percent']} %) | {t['events_per_cpu_s']} events |",
              f"| of the job's CPU while draining, the JIT compiler's threads | {t.get('jit_compiler_percent_of_cpu')} % |",
              f"| peak RSS while draining | {t['peak_rss_mib']} MiB |"]
    for l in s["latency"]:
        pct = round(100 * l["load"])
        lines += [f"| {pct} % load ({l['achieved_events_per_s']} events/s): window end to flag written, p50 / p99 "
                  f"| {l['flag_written_ms'].get('p50')} / {l['flag_written_ms'].get('p99')} ms |",
                  f"| {pct} % load: window end to flag visible (read_committed), p50 / p99 "
                  f"| {l['flag_visible_ms'].get('p50')} / {l['flag_visible_ms'].get('p99')} ms |",
                  f"| {pct} % load: claim written to visible, p50 / p99 "
                  f"| {l['claim_written_to_visible_ms'].get('p50')} / {l['claim_written_to_visible_ms'].get('p99')} ms |"]
        c = l["cpu_while_sending"]
        lines += [f"| {pct} % load: CPU while sending, machine / job / producer / broker and rest (% of one core, "
                  f"{c['cores']} cores) | {c['machine_busy_percent']} / {c['job_percent']} / "
                  f"{c['producer_and_watchers_percent']} / {c['broker_and_rest_percent']} |"]
    for name, st in s["state"].items():
        what = "with de-duplication ids" if name == "with_dedup_ids" else "windows only (dedup horizon PT1S)"
        lines += [f"| state, {st['open_source_windows']} open (campaign, source) windows, {what}: total "
                  f"| {st['checkpoint_bytes'] / 2**20:.1f} MiB |",
                  f"| state per open window, {what} | {st['bytes_per_open_source_window']} bytes |"]
    m = s["memory"]
    lines += [f"| peak RSS, {m['events']} events over 10k sources at 1M events/hour ({m['state_backend']}, heap "
              f"{m['heap']}) | {m['peak_rss_mib']} MiB |",
              f"| throughput of that run | {m['events_per_s']} events/s |"]
# Each throughput target of issue 13 next to its figure.
targets = []
def target(name, figure, goal, met):
    targets.append({"target": name, "figure": figure, "goal": goal, "met": met})
replays = [r for r in results["replay"] if r["parallelism"] == 2 and not r.get("baseline")]
if replays:
    r = max(replays, key=lambda r: r["events"])
    sql = next(b for b in results["replay"] if b.get("baseline") and b["events"] == r["events"] and b["parallelism"] == 2)
    target(f"replay, {r['events']} events on 2 cores", f"{r['events_per_s']} events/s "
           f"({r['events_per_s'] / sql['events_per_s']:.2f}x the SQL baseline's {sql['events_per_s']})",
           f"{2 * sql['events_per_s']} events/s: 2x the same rules in Flink SQL, BATCH, same files, same claims",
           r["events_per_s"] >= 2 * sql["events_per_s"])
if streaming:
    t = s["throughput"]
    target("streaming through the broker, exactly-once", f"{t['events_per_cpu_s']} events per CPU-second",
           "100000 events per CPU-second", t["events_per_cpu_s"] >= 100000)
    for l in s["latency"]:
        if round(100 * l["load"]) != 80:
            continue
        for rule in ("UNDERPRICED_SOURCE", "HIGH_BOUNCE_RATE"):
            p99 = l["by_rule"].get(rule, {}).get("written_ms", {}).get("p99")
            target(f"{rule}: window end to flag written, p99 at 80 % load", f"{p99} ms", "1000 ms",
                   p99 is not None and p99 <= 1000)
    m = s["memory"]
    target(f"a day at 1M events/hour over 10k sources drained ({m['events']} events over {m['traffic_hours']} h)",
           f"peak RSS {m['peak_rss_mib']} MiB, {m['failed_checkpoints']} failed checkpoints",
           "every event drained over a full 24-hour day, no checkpoint failed, peak RSS under 1024 MiB",
           m["traffic_hours"] >= 24 and m["failed_checkpoints"] == 0 and m["peak_rss_mib"] < 1024)
results["targets"] = targets
if targets:
    lines += ["", "Targets (issue 13):", "", "| target | figure | goal | met |", "|---|---:|---|---|"]
    lines += [f"| {t['target']} | {t['figure']} | {t['goal']} | {'yes' if t['met'] else 'NO'} |" for t in targets]
json.dump(results, open(f"{out}/results.json", "w"), indent=2)
open(f"{out}/results.md", "w").write("\n".join(lines) + "\n")
PY
cat "$out/results.md"
echo "bench: results in $out/results.json and $out/results.md" >&2
