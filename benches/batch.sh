#!/usr/bin/env bash
# Batch speed-up: the four yearly reports 2021..2024 of the bundled data made
# one at a time (--jobs 1) against all cores (--jobs $(nproc)), each the best
# of three runs, in the same script. Prints the ratio; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet
bin=target/release/plan-eval
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best() {
  local jobs=$1 best=""
  for _ in 1 2 3; do
    rm -rf "$work/out"
    local start end
    start=$(date +%s.%N)
    "$bin" report --year 2021..2024 --date 2025-03-04 --data data --out "$work/out" --jobs "$jobs" >/dev/null 2>&1
    end=$(date +%s.%N)
    local t
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}

cores=$(nproc)
one=$(best 1)
all=$(best "$cores")
printf '4 reports, one at a time: %.2f s\n' "$one"
printf '4 reports, %d at a time:   %.2f s\n' "$cores" "$all"
printf 'speed-up: %.2fx on %d cores\n' "$(awk -v a="$one" -v b="$all" 'BEGIN { print a / b }')" "$cores"
