#!/bin/bash
# Usage: ./check.sh            (COLOMBE_BENCH=1 ./check.sh: also the benchmark)
# Installs what the tests need (Debian 12), builds Colombe with -Werror, runs
# every test suite (unit, integration, ui, data), then the unit and integration
# suites again in an AddressSanitizer + UndefinedBehaviorSanitizer build, the
# libFuzzer targets (clang, COLOMBE_FUZZ_SECONDS each, 30 by default) and the
# command line's main paths under valgrind's memcheck, and ends with the
# summaries.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

start=$(date +%s)
tests/install-deps.sh test

summaries=()
skip_reasons=()
passed=0
failed=0
skipped=0

# Reads meson's testlog.json: how many TAP subtests (or whole tests, for
# those without TAP lines) passed, failed and were skipped in a run; then,
# one line each, why a test was skipped.
count_results() {
  /usr/bin/python3 - "$1" <<'PY'
import json, re, sys
ok = bad = skip = 0
reasons = []
for line in open(sys.argv[1]):
    test = json.loads(line)
    out = test.get("stdout") or ""
    skips = re.findall(r"^ok \d+ (\S*) # SKIP ?(.*)$", out, re.M)
    passed = len(re.findall(r"^ok \d+", out, re.M)) - len(skips)
    failed = len(re.findall(r"^not ok \d+", out, re.M))
    if test["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and failed == 0:
        failed = 1
    if test["result"] == "SKIP" and not skips:
        skips = [("", "the whole test (exit status 77)")]
    if passed + failed + len(skips) == 0 and test["result"] == "OK":
        passed = 1
    ok += passed
    bad += failed
    skip += len(skips)
    reasons += ["%s %s: %s" % (test["name"], name, why or "no reason given") for name, why in skips]
print(ok, bad, skip)
for reason in reasons:
    print(reason)
PY
}

run_suites() {  # NAME BUILD_DIR MESON_TEST_ARGS...
  local name=$1 dir=$2; shift 2
  local status=0
  echo "=== $name"
  # -noreset: Xvfb otherwise resets when its last client leaves, and a
  # window opening just then cannot open the display (test-a11y's probe of
  # the socket is such a client).
  xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp -noreset" \
    meson test -C "$dir" --num-processes 2 --print-errorlogs "$@" || status=$?
  local ok bad skip reason
  { read -r ok bad skip
    while IFS= read -r reason; do skip_reasons+=("$name: $reason"); done
  } < <(count_results "$dir/meson-logs/testlog.json")
  passed=$((passed + ok)); failed=$((failed + bad)); skipped=$((skipped + skip))
  summaries+=("$name: $ok passed, $bad failed, $skip skipped")
  return $status
}

status=0

echo "=== Build (-Werror)"
[ -f _build/check/build.ninja ] || meson setup _build/check -Dwerror=true
ninja -C _build/check -j 2
run_suites "All suites" _build/check || status=1

echo "=== Build (AddressSanitizer, UndefinedBehaviorSanitizer)"
[ -f _build/asan/build.ninja ] ||
  meson setup _build/asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
ninja -C _build/asan -j 2
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_suites "Unit and integration suites under sanitizers" _build/asan \
    --suite unit --suite integration || status=1

# Each fuzz target counts as one test: passed if it ran its time without
# a crash
echo "=== Build (libFuzzer, clang)"
[ -f _build/fuzz/build.ninja ] ||
  CC=clang meson setup _build/fuzz -Dfuzzing=true -Db_lundef=false
ninja -C _build/fuzz -j 2 fuzzers
fuzz_seconds=${COLOMBE_FUZZ_SECONDS:-30}
echo "=== Fuzz targets ($fuzz_seconds s each)"
tests/fuzz/run.sh "$fuzz_seconds" _build/fuzz | tee _build/fuzz/meson-logs/fuzz-summary.txt ||
  status=1
read -r targets executions crashed < <(sed -n \
  's/^fuzz: \([0-9]*\) targets, \([0-9]*\) executions, \([0-9]*\) crashed$/\1 \2 \3/p' \
  _build/fuzz/meson-logs/fuzz-summary.txt) || true
passed=$((passed + ${targets:-0} - ${crashed:-0})); failed=$((failed + ${crashed:-1}))
summaries+=("Fuzz targets ($fuzz_seconds s each, ${executions:-0} executions): \
$((${targets:-0} - ${crashed:-0})) passed, ${crashed:-1} failed")

# Each run of colombe under memcheck counts as one test
echo "=== The command line under valgrind (memcheck)"
tests/valgrind/run.sh _build/check | tee _build/check/meson-logs/valgrind-summary.txt || status=1
read -r runs bad < <(sed -n \
  's/^valgrind: \([0-9]*\) runs of colombe under memcheck, \([0-9]*\) with errors$/\1 \2/p' \
  _build/check/meson-logs/valgrind-summary.txt) || true
passed=$((passed + ${runs:-0} - ${bad:-0})); failed=$((failed + ${bad:-1}))
summaries+=("Command line under valgrind memcheck: $((${runs:-0} - ${bad:-0})) passed, ${bad:-1} failed")

# The discovery and batch benchmarks (about three and a half minutes) only
# when asked: their figures are printed, never counted
if [ "${COLOMBE_BENCH:-0}" = 1 ]; then
  echo "=== Discovery and batch benchmarks (not counted)"
  tests/bench/run.sh _build/check || echo "check.sh: the benchmark failed (not counted)"
  tests/bench/cli-startup.py _build/check || echo "check.sh: the start-up benchmark failed (not counted)"
fi

echo
echo "=== Summary ($(( $(date +%s) - start )) s)"
for s in "${summaries[@]}"; do echo "$s"; done
if [ ${#skip_reasons[@]} -gt 0 ]; then
  echo "Skipped, and why:"
  for s in "${skip_reasons[@]}"; do echo "  $s"; done
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
