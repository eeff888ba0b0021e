#!/usr/bin/python3
"""Translations: POTFILES.in names every file with translatable strings, and
every string is translated in every language of LINGUAS (no untranslated or
fuzzy entry, compiled without error). TAP output."""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

root = pathlib.Path(os.environ.get("COLOMBE_SOURCE_ROOT", pathlib.Path(__file__).parents[2]))
po = root / "po"
MARKERS = re.compile(r'\b(?:N?C?_|g_dngettext|ngettext)\s*\(\s*"|translatable="yes"')
SOURCES = ("app", "data")
SUFFIXES = (".c", ".h", ".ui", ".in")

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def listed_files():
    files = []
    for line in (po / "POTFILES.in").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            files.append(line)
    return files


def files_with_strings():
    found = set()
    for top in SOURCES:
        for path in (root / top).rglob("*"):
            if path.suffix in SUFFIXES and path.is_file():
                if MARKERS.search(path.read_text(errors="replace")):
                    found.add(str(path.relative_to(root)))
    return found


listed = listed_files()
missing = sorted(files_with_strings() - set(listed))
check("POTFILES.in lists every file with translatable strings", not missing,
      "missing: " + ", ".join(missing))
gone = sorted(f for f in listed if not (root / f).exists())
check("every file of POTFILES.in exists", not gone, "gone: " + ", ".join(gone))

with tempfile.TemporaryDirectory() as tmp:
    pot = pathlib.Path(tmp) / "colombe.pot"
    xgettext = ["xgettext", "--from-code=UTF-8", "--add-comments", "--directory", str(root),
                "--output", str(pot), "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
                "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3", "--keyword=ngettext:1,2"]
    run = subprocess.run(xgettext + [f for f in listed if (root / f).exists()],
                         capture_output=True, text=True)
    check("xgettext extracts the strings", run.returncode == 0, run.stderr.strip())
    for lang in (po / "LINGUAS").read_text().split():
        merged = pathlib.Path(tmp) / f"{lang}.po"
        run = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file",
                              str(merged), str(po / f"{lang}.po"), str(pot)],
                             capture_output=True, text=True)
        check(f"{lang}.po merges with the sources", run.returncode == 0, run.stderr.strip())
        if run.returncode != 0:
            continue
        stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null",
                                str(merged)], capture_output=True, text=True)
        text = stats.stderr.strip()
        complete = stats.returncode == 0 and "untranslated" not in text and "fuzzy" not in text
        untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-wrap", str(merged)],
                                      capture_output=True, text=True).stdout
        ids = re.findall(r'^msgid "(.+)"$', untranslated, re.M)
        check(f"{lang}.po is complete ({text})", complete,
              "untranslated: " + " | ".join(ids[:20]))

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok and detail:
        for line in detail.splitlines():
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
