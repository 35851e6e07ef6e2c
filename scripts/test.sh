#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, then runs
# every test (unit, snapshot, bad input, end to end through typst).
set -euo pipefail
cd "$(dirname "$0")/.."
# --tests: also LibreOffice, which the Word document's tests read it with.
bash scripts/setup.sh --tests
export PATH="$HOME/.cargo/bin:$PATH"
# The archive tests check every bag with an independent validator, bagit.py.
python3 -c "import bagit" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check bagit
cargo test --locked
