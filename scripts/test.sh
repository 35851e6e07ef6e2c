#!/usr/bin/env bash
# One command for the whole test suite: installs what is missing, then runs
# every test (unit, snapshot, bad input, end to end through typst).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# The archive tests check every bag with an independent validator, bagit.py.
python3 -c "import bagit" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check bagit
# The forms tests fill forms with openpyxl (an independent writer) and re-save one with LibreOffice Calc;
# with PLAN_EVAL_REQUIRE_TOOLS set they fail, rather than skip, when either is missing.
python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check openpyxl
if [ ! -e "$(dirname "$(readlink -f "$(command -v soffice || echo /nonexistent)")")/libsclo.so" ]; then
  echo "安装 LibreOffice Calc（测试用它另存填报表）……"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq libreoffice-calc-nogui >/dev/null; else sudo apt-get install -y -qq libreoffice-calc-nogui >/dev/null; fi
fi
export PLAN_EVAL_REQUIRE_TOOLS=1
cargo test --locked
