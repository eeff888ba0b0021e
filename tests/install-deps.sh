#!/bin/bash
# Usage: tests/install-deps.sh [build|test|screenshots]
# Installs the Debian 12 packages Colombe needs to build (build), to build
# and run every test (test), or to take the screenshots as well
# (screenshots: tests/ui/screenshots.sh), with apt-get, only when one is missing.
set -euo pipefail

build_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsecret-1-dev libsoup-3.0-dev
  libjson-glib-dev libqrencode-dev libnss3-dev glib-networking
  desktop-file-utils appstream
)

test_packages=(
  xvfb xauth libxtst-dev dbus libglib2.0-bin gnome-keyring libsecret-tools
  at-spi2-core python3-pyatspi
  dovecot-imapd dovecot-pop3d python3 python3-aiosmtpd dnsmasq-base
  iproute2 util-linux openssl ca-certificates zbar-tools libplist-utils
  gnome-online-accounts evolution-data-server
  thunderbird libnss3-tools
  msmtp isync neomutt aerc libxml2-utils
  flatpak-builder bubblewrap xdg-dbus-proxy librsvg2-bin man-db groff-base
  clang libclang-rt-14-dev valgrind
  fonts-cantarell fonts-dejavu-core  # test-phone-width measures with both
)

# the PNG optimiser, and the French locale's source (the fonts are the tests')
screenshot_packages=(optipng locales)

packages=("${build_packages[@]}")
case "${1:-build}" in
  test) packages+=("${test_packages[@]}") ;;
  screenshots) packages+=("${test_packages[@]}" "${screenshot_packages[@]}") ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  sudo=sudo
else
  sudo=
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
