#!/usr/bin/env bash
# Hostile inputs under 10 MB (issue 12): each oversized case is written into a
# copy of the bundled data folder and `plan-eval check` runs on it under
# `/usr/bin/time -v`; the script prints each case's peak memory and time
# against the bounds (200 MB, 5 s) and what the program said, and exits 1 if a
# case broke a bound or did not end in a clear Chinese error.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet
bin=$PWD/target/release/plan-eval
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
limit_kb=$((200 * 1024))
limit_s=5

python3 - "$work" <<'PY'
import os, re, shutil, sys
work = sys.argv[1]
src = "data"
def case(name, edit):
    d = os.path.join(work, name, "data")
    shutil.copytree(src, d)
    edit(d)
def append_rows(row, size=10_000_000):
    def edit(d):
        with open(os.path.join(d, "readings.csv"), "a", encoding="utf-8") as f:
            i = 0
            while f.tell() < size:
                f.write(row.format(i=i)); i += 1
    return edit
def plan_insert(text):
    def edit(d):
        p = os.path.join(d, "plan.yaml")
        s = open(p, encoding="utf-8").read()
        open(p, "w", encoding="utf-8").write(s.replace("\nunits:", "\n" + text + "\nunits:", 1))
    return edit
def plan_replace(old, new):
    def edit(d):
        p = os.path.join(d, "plan.yaml")
        s = open(p, encoding="utf-8").read()
        open(p, "w", encoding="utf-8").write(s.replace(old, new, 1))
    return edit
def big_summary(d):
    p = os.path.join(d, "task_progress.csv")
    with open(p, "a", encoding="utf-8") as f:
        f.write("2024,T1-1,已完成," + "很" * 3_000_000 + "\n")
case("10 MB of repeated rows", append_rows("2024,gdp,1,,,\n"))
case("10 MB of unknown indicators", append_rows("2024,unknown_{i},12.5,,来源,备注\n"))
case("10 MB of bad numbers", append_rows("2024,gdp,abc{i},,,\n"))
bomb = "".join(
    "  x%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 9 if i else ['"lol"'] * 9))
    for i in range(10))
case("YAML aliases, 9^10 on expansion", plan_insert("bomb:\n" + bomb))
def alias_requirements(d):
    p = os.path.join(d, "plan.yaml")
    s = open(p, encoding="utf-8").read()
    start = s.index("work_requirements:")
    end = start + next(m.start() + 1 for m in re.finditer(r"\n[a-z]", s[start:]))
    big = "很" * 100_000
    s = s[:start] + "work_requirements:\n  - &r {title: 压实责任, text: \"" + big + "\"}\n" + "  - *r\n" * 10_000 + s[end:]
    open(p, "w", encoding="utf-8").write(s)
case("YAML alias of 300 kB repeated 10,000 times", alias_requirements)
case("flow nesting 100,000 deep", plan_insert("nest: " + "[" * 100_000 + "]" * 100_000))
case("block nesting 20,000 deep", plan_insert("nest:\n  " + "- " * 20_000 + "x"))
case("base year -2,000,000,000", plan_replace("  base_year: 2020", "  base_year: -2000000000"))
case("digits 100,000,000", plan_replace("    digits: 2 ", "    digits: 100000000 "))
case("a 9 MB task summary", big_summary)
PY

status=0
printf '| case | peak memory | time | within bounds | first line printed |\n| --- | --- | --- | --- | --- |\n'
for dir in "$work"/*/; do
  name=$(basename "$dir")
  set +e
  /usr/bin/time -v "$bin" check --data "$dir/data" --year 2024 >"$dir/out" 2>"$dir/time"
  code=$?
  set -e
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time")
  secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  first=$(grep -m1 -v '^\s*$' "$dir/out" | sed "s#${dir}/##" | python3 -c 'import sys; print(sys.stdin.read().strip()[:90])')
  ok=yes
  if [ "$kb" -gt "$limit_kb" ] || awk "BEGIN { exit !($secs > $limit_s) }"; then ok=NO; status=1; fi
  # A case ends in a Chinese error (exit 1), or in a clean check (exit 0) for input that is
  # merely large; never a panic (exit 101) or a signal.
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then ok="NO (exit $code)"; status=1; fi
  printf '| %s | %d MB | %.2f s | %s | %s |\n' "$name" $((kb / 1024)) "$secs" "$ok" "$first"
done
exit $status
