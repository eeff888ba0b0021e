#!/bin/bash
# Usage: ./run.sh [SUB-COMMAND ARGS...]
# Installs what Colombe needs (Debian 12), builds it, and opens the assistant;
# with arguments, runs that sub-command instead (./run.sh detect alice@free.fr).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

tests/install-deps.sh build >&2
[ -f _build/run/build.ninja ] || meson setup _build/run -Ddevelopment=true >&2
meson compile -C _build/run -j 2 >&2 || ninja -C _build/run -j 2 >&2

export COLOMBE_LOCALEDIR="$PWD/_build/run/po"
# The window's settings schema, compiled in the build folder.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/run/data"
exec _build/run/app/colombe "$@"
