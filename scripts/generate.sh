#!/usr/bin/env bash
# Generates benign and fraudulent traffic for every rule: replay files, a contract file and the
# ground truth (ground-truth.jsonl) in DIR, and prints the replay command for them. With --kafka it
# also streams them into the input topics in event-time order on an accelerated clock.
#   scripts/generate.sh --output DIR [options]
#
#   --output DIR               where the files go; required
#   --seed N                   random seed (default 1): the same seed gives the same files
#   --campaigns N              campaigns (default 10)
#   --sources N                sources per campaign (default 20)
#   --hours N                  hours of traffic (default 24)
#   --impressions-per-hour N   per source (default 150)
#   --clicks-per-hour N        per source (default 25)
#   --fraud-share F            share of fraudulent sources, 0 to 1 (default 0.1)
#   --noise P                  clear, typical or near-threshold (default typical)
#   --start ISO-INSTANT        first hour (default 2026-11-22T00:00:00Z)
#   --kafka HOST:PORT          also stream the files into the input topics there (default: no)
#   --speedup N                with --kafka: event time per wall-clock time (default 720: an hour in 5 s)
#   --help                     this text
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_help "$@"
generator_args=()
kafka=
speedup=720
output=
while [ $# -gt 0 ]; do
  case "$1" in
    --kafka) kafka=$2; shift 2 ;;
    --speedup) speedup=$2; shift 2 ;;
    --output) output=$2; generator_args+=("$1" "$2"); shift 2 ;;
    *) generator_args+=("$1"); shift ;;
  esac
done
[ -n "$output" ] || adaudit_usage_error "--output is required"
adaudit_build
adaudit_child adaudit_tool com.adaudit.generate.TrafficGenerator "${generator_args[@]}"
echo "replay it with: scripts/replay.sh --input $output --output $output/replay --contracts $output/contracts.json"
if [ -n "$kafka" ]; then
  adaudit_child adaudit_tool com.adaudit.generate.TrafficStreamer --input "$output" --bootstrap-servers "$kafka" \
      --speedup "$speedup"
fi
