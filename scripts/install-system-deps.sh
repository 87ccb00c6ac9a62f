#!/usr/bin/env bash
# Debian/Ubuntu packages gongwen needs to make PDFs and to run its layout tests:
# LibreOffice Writer (headless) and free CJK fonts that stand in for the Windows faces.
set -euo pipefail
packages=(libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-wqy-zenhei fonts-liberation2 fontconfig)
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
