"""TAP for the data suite's Python checks: check() records a result with
what to show when it fails, skip() one that could not run and why,
finish() prints the plan and results and exits."""
import sys

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), str(detail), None))


def skip(name, reason):
    """A check this machine cannot run (a tool it lacks): TAP's SKIP, never a pass in disguise."""
    results.append((name, True, "", str(reason)))


def finish():
    print(f"1..{len(results)}")
    for i, (name, ok, detail, skipped) in enumerate(results, 1):
        directive = f" # SKIP {skipped}" if skipped is not None else ""
        print(f"{'ok' if ok else 'not ok'} {i} - {name}{directive}")
        if not ok and detail:
            for line in detail.splitlines():
                print(f"# {line}")
    sys.exit(0 if all(ok for _, ok, _, _ in results) else 1)
