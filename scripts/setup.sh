#!/usr/bin/env bash
# Installs what plan-eval needs on a Debian machine, only what is missing:
# the typst CLI (0.15, built with cargo), CJK fonts, and poppler-utils
# (pdftotext/pdffonts, used by the tests). Safe to run again.
# With --tests (as scripts/test.sh runs it) it also installs LibreOffice Writer and Calc,
# the independent readers of the Word document and the forms, OpenSSL, and Debian's
# chromium with Playwright for Python (the workbench's browser test drives that chromium;
# Playwright's own browser download is not used); making a report never needs them.
set -euo pipefail

for_tests=false
for arg in "$@"; do
  case "$arg" in
    --tests) for_tests=true ;;
    *) echo "用法：bash scripts/setup.sh [--tests]" >&2; exit 2 ;;
  esac
done

TYPST_VERSION=0.15.1
export PATH="$HOME/.cargo/bin:$PATH"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
fonts=$(fc-list 2>/dev/null || true)
grep -q "NotoSerifCJK" <<<"$fonts" || missing+=(fonts-noto-cjk)
grep -qi "ukai" <<<"$fonts" || missing+=(fonts-arphic-ukai)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
# The seal's tests check its signatures with OpenSSL, independently of plan-eval.
if $for_tests && ! command -v openssl >/dev/null 2>&1; then missing+=(openssl); fi
# LibreOffice: Writer reads the Word document, Calc re-saves a returned form; the variants
# without a GUI where Debian has them (bookworm and later).
if $for_tests; then
  for part in writer calc; do
    if ! dpkg -s "libreoffice-$part-nogui" >/dev/null 2>&1 && ! dpkg -s "libreoffice-$part" >/dev/null 2>&1; then
      if apt-cache show "libreoffice-$part-nogui" >/dev/null 2>&1; then
        missing+=("libreoffice-$part-nogui")
      else
        missing+=("libreoffice-$part")
      fi
    fi
  done
fi
# The workbench's browser test: Debian's chromium (Playwright drives it, see tests/browser/).
if $for_tests && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "安装系统软件包：${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Playwright for Python only (never `playwright install`: the browser is Debian's chromium).
if $for_tests && ! python3 -c "import playwright.sync_api" 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check playwright
fi

installed=$(typst --version 2>/dev/null || true)
if ! grep -q "typst ${TYPST_VERSION%.*}" <<<"$installed"; then
  echo "编译安装 typst ${TYPST_VERSION}（首次需要几分钟）……"
  cargo install typst-cli --locked --version "$TYPST_VERSION"
fi
typst --version
