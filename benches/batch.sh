#!/usr/bin/env bash
# Batch speed-up: the four yearly reports 2021..2024 of the bundled data made
# one at a time (--jobs 1) against all cores (--jobs $(nproc)), each the best
# of three runs, in the same script. typst itself runs on several threads, so
# the script also makes the four reports one at a time with typst held to one
# thread (`typst compile -j 1`, through a wrapper named by $PLAN_EVAL_TYPST):
# from that, the best a batch could do on these cores (all of them busy all
# the time) and how near `--jobs N` comes to it; and the share of the cores busy
# while the reports are made one at a time (/proc/stat), which bounds --jobs N
# too. Prints; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet
bin=target/release/plan-eval
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
typst_bin=$(command -v typst)
cat > "$work/typst-one-thread" <<WRAP
#!/usr/bin/env bash
if [ "\$1" = compile ]; then shift; exec "$typst_bin" compile -j 1 "\$@"; fi
exec "$typst_bin" "\$@"
WRAP
chmod +x "$work/typst-one-thread"

best() {
  local jobs=$1 typst=$2 best=""
  for _ in 1 2 3; do
    rm -rf "$work/out"
    local start end
    start=$(date +%s.%N)
    PLAN_EVAL_TYPST=$typst "$bin" report --year 2021..2024 --date 2025-03-04 --data data --out "$work/out" --jobs "$jobs" >/dev/null 2>&1
    end=$(date +%s.%N)
    local t
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}

# The share of the cores busy (any process: typst's threads, ours) while the four
# reports are made one at a time, from /proc/stat: with every core busy all the
# time, --jobs N can be at most 1 / that share faster.
busy_share() {
  rm -rf "$work/out"
  local before after
  before=$(head -1 /proc/stat)
  "$bin" report --year 2021..2024 --date 2025-03-04 --data data --out "$work/out" --jobs 1 >/dev/null 2>&1
  after=$(head -1 /proc/stat)
  awk -v a="$before" -v b="$after" 'BEGIN {
    n = split(a, x, " "); split(b, y, " ");
    for (i = 2; i <= n; i++) { total += y[i] - x[i] }
    idle = (y[5] - x[5]) + (y[6] - x[6]);
    print (total - idle) / total
  }'
}

cores=$(nproc)
one=$(best 1 "$typst_bin")
all=$(best "$cores" "$typst_bin")
serial=$(best 1 "$work/typst-one-thread")
printf '4 reports, one at a time:                      %.2f s\n' "$one"
printf '4 reports, %d at a time:                        %.2f s\n' "$cores" "$all"
printf '4 reports, one at a time, typst on one thread: %.2f s\n' "$serial"
printf 'speed-up --jobs %d / --jobs 1: %.2fx on %d cores\n' "$cores" "$(awk -v a="$one" -v b="$all" 'BEGIN { print a / b }')" "$cores"
printf "typst's own threads, one report at a time: %.2fx\n" "$(awk -v a="$serial" -v b="$one" 'BEGIN { print a / b }')"
printf 'the most --jobs %d could give (every core busy: %.2f s): %.2fx; reached: %.0f%%\n' "$cores" \
  "$(awk -v s="$serial" -v c="$cores" 'BEGIN { print s / c }')" \
  "$(awk -v o="$one" -v s="$serial" -v c="$cores" 'BEGIN { print o / (s / c) }')" \
  "$(awk -v a="$all" -v s="$serial" -v c="$cores" 'BEGIN { print 100 * (s / c) / a }')"
busy=$(busy_share)
printf 'cores busy while the reports are made one at a time: %.0f%%; so the most --jobs %d could give: %.2fx; reached: %.0f%%\n' \
  "$(awk -v b="$busy" 'BEGIN { print 100 * b }')" "$cores" \
  "$(awk -v b="$busy" 'BEGIN { print 1 / b }')" \
  "$(awk -v o="$one" -v a="$all" -v b="$busy" 'BEGIN { print 100 * (o / a) / (1 / b) }')"
