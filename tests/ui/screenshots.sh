#!/bin/bash
# Usage: tests/ui/screenshots.sh [BUILD_DIR] [OUTPUT_DIR]
#        tests/ui/screenshots.sh --dark [BUILD_DIR] [OUTPUT_DIR]
#
# Screenshots of every screen of the assistant, in English and French, at
# 1024×768 and 360×640, into data/screenshots/ (or OUTPUT_DIR): a real
# window walked through the flow against the test servers (the fixtures),
# in netns-run.sh's namespaces, under xvfb-run. BUILD_DIR defaults to
# _build/dev and is built first. --dark: the dark style, 1024×768 only, into
# _build/screenshots-dark/ unless OUTPUT_DIR is given (not committed: for
# looking at).
#
# For maintainers; ./check.sh does not run it. Root, or a user allowed
# user namespaces. About two minutes on the 2-core build machine.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."

dark=0
if [ "${1:-}" = --dark ]; then
  dark=1
  shift
fi
build=${1:-_build/dev}
if [ $dark = 1 ]; then
  output=${2:-_build/screenshots-dark}
else
  output=${2:-data/screenshots}
fi

tests/install-deps.sh screenshots
[ -f "$build/build.ninja" ] || meson setup "$build" -Dwerror=true
ninja -C "$build" -j 2

# The French locale, compiled into a folder of this run when the machine
# has none (dates and numbers in French, as a volunteer sees them).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
french_locale=fr_FR.UTF-8
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  localedef -i fr_FR -f UTF-8 "$scratch/fr_FR.UTF-8"
  export LOCPATH=$scratch
fi

mkdir -p "$output"
output=$(readlink -f "$output")

export COLOMBE_LOCALEDIR=$PWD/$build/po
export COLOMBE_SOURCE_ROOT=$PWD COLOMBE_BUILD_ROOT=$PWD/$build
export GSK_RENDERER=cairo GDK_BACKEND=x11 GDK_SCALE=1
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$PWD/$build/data
export NO_AT_BRIDGE=1 GTK_A11Y=none

shoot() {  # LANGUAGE_TAG SIZE [--dark]
  local language=$1 size=$2; shift 2
  local lc_all=C.UTF-8 tag=$language
  [ "$language" = fr ] && lc_all=$french_locale
  [ $# -gt 0 ] && tag=$language-dark
  echo "=== $tag $size"
  LANGUAGE=$language LC_ALL=$lc_all \
    xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp -noreset" \
    tests/integration/netns-run.sh "$build/tests/ui/colombe-screenshots" \
      --output "$output" --tag "$tag" --size "$size" "$@"
}

if [ $dark = 1 ]; then
  shoot en 1024x768 --dark
  shoot fr 1024x768 --dark
else
  for language in en fr; do
    for size in 1024x768 360x640; do
      shoot "$language" "$size"
    done
  done
fi

if command -v optipng >/dev/null; then
  echo "=== optipng"
  optipng -quiet -o2 -strip all "$output"/*.png
fi
du -ch "$output"/*.png | tail -1
