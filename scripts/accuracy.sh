#!/usr/bin/env bash
# Precision and recall per rule against the generator's ground truth, for each noise profile
# (clear: fraud far beyond the thresholds; typical; near-threshold: both sides close to them).
#   scripts/accuracy.sh [--noise P,P] [--sources N] [--out DIR]
#
#   --noise P,P   profiles to score (default clear,typical,near-threshold)
#   --sources N   sources per campaign (default 20)
#   --out DIR     working directory (default target/accuracy)
#   --help        this text
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_help "$@"
profiles=clear,typical,near-threshold
sources=20
out="$ADAUDIT_HOME/target/accuracy"
while [ $# -gt 0 ]; do
  case "$1" in
    --noise) profiles=$2; shift 2 ;;
    --sources) sources=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) adaudit_usage_error "unknown option $1" ;;
  esac
done
adaudit_build
for noise in ${profiles//,/ }; do
  data="$out/$noise"
  rm -rf "$data"
  adaudit_child adaudit_tool com.adaudit.generate.TrafficGenerator --output "$data/traffic" --campaigns 10 --sources "$sources" \
      --hours 24 --fraud-share 0.2 --seed 1 --noise "$noise" >/dev/null
  adaudit_child "$ADAUDIT_HOME/scripts/replay.sh" --input "$data/traffic" --output "$data/replay" \
      --contracts "$data/traffic/contracts.json" >/dev/null
  echo "noise $noise:"
  adaudit_child adaudit_tool com.adaudit.generate.AccuracyReport --truth "$data/traffic/ground-truth.jsonl" \
      --flags "$data/replay/flags.jsonl" > "$data/accuracy.txt"
  sed 's/^/  /' "$data/accuracy.txt"
done
