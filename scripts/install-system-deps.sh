#!/usr/bin/env bash
# Debian/Ubuntu packages gongwen needs to make PDFs and to run its layout tests:
# LibreOffice Writer (headless), free CJK fonts that stand in for the Windows faces, and
# Liberation Serif (Times New Roman's metrics); python3-uno for the LibreOffice kept running
# (unoserver); chromium and its driver for the browser tests of `gongwen serve`; pdftoppm
# (poppler-utils) for page images (scripts/preview.py). `--list` prints the package names only.
set -euo pipefail
packages=(libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-wqy-zenhei fonts-liberation2 fontconfig python3-uno chromium chromium-driver poppler-utils)
if [ "${1:-}" = "--list" ]; then
  echo "${packages[*]}"
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "系统软件包已齐全：${packages[*]}"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
