#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, then runs
# every test (unit, snapshot, bad input, end to end through typst).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo test --locked
