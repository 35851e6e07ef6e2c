#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, then runs
# every test (unit, snapshot, bad input, end to end through typst).
set -euo pipefail
cd "$(dirname "$0")/.."
# --tests: also LibreOffice (Writer reads the Word document, Calc re-saves a form), OpenSSL,
# and chromium with Playwright for Python (the workbench's browser test, tests/browser/).
bash scripts/setup.sh --tests
export PATH="$HOME/.cargo/bin:$PATH"
# The archive tests check every bag with an independent validator, bagit.py.
python3 -c "import bagit" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check bagit
# The forms tests fill forms with openpyxl (an independent writer) and re-save one with LibreOffice Calc;
# with PLAN_EVAL_REQUIRE_TOOLS set they fail, rather than skip, when either is missing.
python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check openpyxl
export PLAN_EVAL_REQUIRE_TOOLS=1
cargo test --locked
