#!/usr/bin/python3
# cli-startup.py: how long the command line takes to start and answer
# without a network, and its peak memory
#
# Copyright 2026 The Colombe authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/cli-startup.py BUILD_DIR [RUNS]   (RUNS: 21 unless told)
#
# Runs `colombe detect alice@free.fr --offline --json` and `colombe
# providers` RUNS times each, one after the other, and prints for each the
# median and the maximum of the wall-clock time from fork to exit and of
# the peak resident memory (the child's own ru_maxrss, from wait4). The
# first run of each is left out (cold caches). Goal: 15 ms and 12 MB at
# the median. Not a test: its figures never fail anything.
import os
import statistics
import sys
import time

COMMANDS = [
    ("detect alice@free.fr --offline --json", ["detect", "alice@free.fr", "--offline", "--json"]),
    ("providers", ["providers"]),
]


def run_once(binary, args):
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(devnull, 1)
        os.execv(binary, [binary] + args)
    _, status, usage = os.wait4(pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"cli-startup: colombe {' '.join(args)} failed")
    return elapsed, usage.ru_maxrss / 1024


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: cli-startup.py BUILD_DIR [RUNS]")
    binary = os.path.join(sys.argv[1], "app", "colombe")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    os.environ["LC_ALL"] = "C.UTF-8"
    print(f"colombe's command line, {runs} runs each (first run left out):")
    for label, args in COMMANDS:
        run_once(binary, args)
        times, peaks = zip(*(run_once(binary, args) for _ in range(runs)))
        print(f"  {label}: {statistics.median(times):.1f} ms median, {max(times):.1f} ms max; "
              f"peak memory {statistics.median(peaks):.1f} MB median, {max(peaks):.1f} MB max")


main()
