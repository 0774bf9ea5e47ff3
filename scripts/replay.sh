#!/usr/bin/env bash
# Replays historical files through the AdAudit pipeline (docs/reference.md, "Replay harness").
#   scripts/replay.sh --input DIR --output DIR [--contracts FILE] [--parallelism N]
# Without --contracts, conf/contracts.json of this checkout is used.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_build
args=("$@")
case " $* " in
  *" --contracts "*) ;;
  *) args+=(--contracts "$ADAUDIT_HOME/conf/contracts.json") ;;
esac
adaudit_java com.adaudit.replay.ReplayHarness "${args[@]}"
