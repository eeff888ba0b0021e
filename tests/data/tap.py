"""TAP for the data suite's Python checks: check() records a result with
what to show when it fails, finish() prints the plan and results and exits."""
import sys

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), str(detail)))


def finish():
    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            for line in detail.splitlines():
                print(f"# {line}")
    sys.exit(0 if all(ok for _, ok, _ in results) else 1)
