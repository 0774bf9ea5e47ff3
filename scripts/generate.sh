#!/usr/bin/env bash
# Generates replay files of benign and fraudulent traffic, a contract file and the ground truth.
#   scripts/generate.sh --output DIR [--seed N] [--campaigns N] [--sources N] [--hours N]
#       [--impressions-per-hour N] [--clicks-per-hour N] [--fraud-share 0..1] [--start ISO-INSTANT]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
adaudit_build
adaudit_java com.adaudit.generate.TrafficGenerator "$@"
