#!/bin/bash
# Usage: tests/bench/run.sh [BUILD_DIR] [--runs N]
#
# Runs the discovery benchmark (tests/bench/colombe-bench.c) of an existing
# build, in namespaces of its own (tests/integration/netns-run.sh; root, or
# a user allowed user namespaces). Builds nothing: build first, e.g.
#   meson setup _build/dev && ninja -C _build/dev
# BUILD_DIR defaults to _build/dev. About two minutes; exits 0 whatever the
# figures, 1 if an answer was not the expected one or `colombe test` did not
# prove both servers.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)

build=$root/_build/dev
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  build=$1
  shift
fi
bench=$build/tests/bench/colombe-bench
if [ ! -x "$bench" ] || [ ! -x "$build/app/colombe" ]; then
  echo "run.sh: no benchmark in $build: build it first (ninja -C $build)" >&2
  exit 2
fi

export LC_ALL=C.UTF-8
corpus=${COLOMBE_ISPDB_CORPUS:-$root/../shared/ispdb}
[ -d "$corpus" ] || corpus=
export COLOMBE_ISPDB_CORPUS=$corpus
exec "$root/tests/integration/netns-run.sh" "$bench" "$@"
