#!/usr/bin/env bash
# One command for the default report: installs what is missing, then builds
# the 2024 evaluation report from the bundled data into reports/draft/2024/.
# Extra arguments go to `plan-eval report` (e.g. --date 2025-03-04).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo run --release --quiet -- report --year 2024 "$@"
