#!/usr/bin/env bash
# One command for the workbench: installs what is missing (as scripts/report.sh does), then
# starts `plan-eval serve` on the bundled data folder (data/, reports archived in reports/),
# at http://127.0.0.1:8724/ on this machine only, and opens the browser where there is one.
# Extra arguments go to `plan-eval serve` (e.g. --data 另一个县的数据目录 --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo run --release --quiet -- serve "$@"
