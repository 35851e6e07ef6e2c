#!/usr/bin/env bash
# One command for the default report: installs what is missing, then builds
# the report of the latest year with data (2025, the final year, for the bundled data)
# and stores it as a new archive version reports/2025/v<N>/ (or says the latest one is identical).
# Extra arguments go to `plan-eval report` (e.g. --date 2025-03-04).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo run --release --quiet -- report "$@"
