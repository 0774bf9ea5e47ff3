#!/usr/bin/env bash
# Generates benign and fraudulent traffic for every rule: replay files, a contract file and the
# ground truth (ground-truth.jsonl) in DIR; with --kafka, also streams them into the input topics
# in event-time order on an accelerated clock (--speedup 720: an hour of event time in 5 s).
#   scripts/generate.sh --output DIR [--seed N] [--campaigns N] [--sources N] [--hours N]
#       [--impressions-per-hour N] [--clicks-per-hour N] [--fraud-share 0..1] [--start ISO-INSTANT]
#       [--kafka HOST:PORT [--speedup N]]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
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
adaudit_build
( adaudit_java com.adaudit.generate.TrafficGenerator "${generator_args[@]}" )
if [ -n "$kafka" ]; then
  ( adaudit_java com.adaudit.generate.TrafficStreamer --input "$output" --bootstrap-servers "$kafka" --speedup "$speedup" )
fi
