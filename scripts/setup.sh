#!/usr/bin/env bash
# Installs the system packages xxgk needs to build and to read scanned PDFs,
# from Debian's archive, when they are missing. Safe to run again: it does
# nothing when everything is there.
#
#   tesseract-ocr, tesseract-ocr-chi-sim, tesseract-ocr-eng   OCR engine (libtesseract, loaded at
#                                                             run time) and its models
#   poppler-utils                                             pdftoppm: renders pages that are not one image
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
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system packages present"
  exit 0
fi

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
