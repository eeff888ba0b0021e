#!/bin/bash
# startup.sh: how long the assistant takes to its first frame, and its memory
#
# Copyright 2026 The Colombe authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/startup.sh BUILD_DIR [RUNS]   (RUNS: 20 unless told)
#
# Starts BUILD_DIR/app/colombe RUNS times under one Xvfb, with the cairo
# renderer as the tests use. COLOMBE_STARTUP_PROBE makes it print, when its
# first frame is painted, the wall-clock time and its peak memory (VmHWM),
# then quit. The time counted is from just before the program starts to that
# frame: loading, GTK and libadwaita, the window's templates, the first
# layout and paint. Prints the median and the maximum of both, twice: as GTK
# starts by default, and with GDK_DEBUG=gl-disable. GDK 4.8 loads the GL
# driver when it opens the X display even for the cairo renderer; without a
# GPU that is Mesa's llvmpipe, whose libLLVM alone is about 45 MB of the peak.
# Goal: 250 ms and 60 MB. Not a test: its figures never fail anything.
set -euo pipefail

if [ "${1:-}" != --inside ]; then
  build=$(readlink -f "${1:?usage: startup.sh BUILD_DIR [RUNS]}")
  exec xvfb-run -a -s "-screen 0 1024x768x24 -nolisten tcp -noreset" "$0" --inside "$build" "${2:-20}"
fi
build=$2
runs=$3

export GSK_RENDERER=cairo GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
export GTK_A11Y=none COLOMBE_STARTUP_PROBE=1 LC_ALL=C.UTF-8
# the window's settings schema, compiled in the build folder
export GSETTINGS_SCHEMA_DIR="$build/data"
# a unique application: each run must be a new process, not a remote call
unset DBUS_SESSION_BUS_ADDRESS

# median: the middle one, or the lower middle one of an even count
summary() {
  sort -n | awk '{ v[NR] = $1 } END { printf "median %d, max %d", v[int((NR + 1) / 2)], v[NR] }'
}

measure() {
  local times=() memory=() out frame peak start
  for _ in $(seq "$runs"); do
    start=$(date +%s%6N)
    out=$(timeout 30 "$build/app/colombe" 2>/dev/null)
    frame=$(sed -n 's/^first-frame-us //p' <<<"$out")
    peak=$(sed -n 's/^peak-memory \([0-9]*\) kB$/\1/p' <<<"$out")
    if [ -z "$frame" ] || [ -z "$peak" ]; then
      echo "startup.sh: no first frame reported" >&2
      exit 1
    fi
    times+=($(( (frame - start) / 1000 )))
    memory+=($(( peak / 1024 )))
  done
  echo "  first frame (ms): $(printf '%s\n' "${times[@]}" | summary)"
  echo "  peak memory (MB): $(printf '%s\n' "${memory[@]}" | summary)"
}

echo "runs: $runs each, cairo renderer, under Xvfb"
echo "as GTK starts by default (the GL driver loaded):"
GDK_DEBUG= measure
echo "with GDK_DEBUG=gl-disable:"
GDK_DEBUG=gl-disable measure
