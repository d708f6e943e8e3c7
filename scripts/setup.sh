#!/usr/bin/env bash
# Installs the system packages xxgk needs to build and to read scanned PDFs,
# from Debian's archive, when they are missing. Safe to run again: it does
# nothing when everything is there.
#
#   tesseract-ocr, tesseract-ocr-chi-sim, tesseract-ocr-eng   OCR engine (libtesseract, loaded at
#                                                             run time) and its models
#   poppler-utils                                             pdftoppm: renders pages that are not one image
#   chromium                                                  the audit pages' browser test (headless)
#   python3, python3-venv                                     the Python tools below
#
# and, from PyPI into a virtual environment at target/pyenv (made when
# missing), the tools the output tests run for real:
#
#   datasette   serves xxgk.sqlite with metadata.json (tests/audit.rs)
#   duckdb      loads the CSV outputs as docs/loading.md shows (tests/audit.rs)
#   pandas      loads the CSV outputs as docs/loading.md shows
#
# Building xxgk needs none of them: libtesseract is opened only when a
# scanned page is read.
#
# Needs root (or sudo) and apt-get. On other systems install the same
# packages by hand (Homebrew: tesseract tesseract-lang poppler llvm pkg-config).
set -euo pipefail

PACKAGES=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim
  poppler-utils
  chromium
  python3 python3-venv
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system packages present"
else
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Wait for another apt or dpkg run to finish (up to 10 minutes).
  for _ in $(seq 1 120); do
    if ! command -v fuser >/dev/null || ! fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock >/dev/null 2>&1; then
      break
    fi
    sleep 5
  done
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Python tools, in a virtual environment of their own (never the
# system's site-packages). Debian's own python3 makes it, whatever python3
# comes first on PATH.
VENV="$(cd "$(dirname "$0")/.." && pwd)/target/pyenv"
PY_PACKAGES=(datasette duckdb pandas)
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import datasette, duckdb, pandas" 2>/dev/null; then
  echo "setup: Python tools present ($VENV)"
else
  echo "setup: installing ${PY_PACKAGES[*]} into $VENV"
  PYTHON=/usr/bin/python3
  [ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
fi
