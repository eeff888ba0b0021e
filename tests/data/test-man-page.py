#!/usr/bin/python3
"""The manual page data/colombe.1 against the built binary: it renders
without a warning (man --warnings) and gives apropos its NAME line; every
long option that `colombe --help` and `colombe SUB --help` print is in the
section of that command, every sub-command is in the SYNOPSIS, and every
option the page names is one the binary has (nothing documented that the
code does not do); the page names no path outside the repository or the
installed system. TAP output.
Usage: test-man-page.py COLOMBE_BINARY MAN_PAGE"""
import os
import re
import shutil
import subprocess
import sys

from tap import check, finish, skip

binary, page = sys.argv[1], sys.argv[2]

# "" is the window: `colombe --help`, documented under OPTIONS.
COMMANDS = ["", "detect", "test", "export", "providers", "check-config"]
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")
# Paths a manual page may name: the installed system's, the user's (~/).
SYSTEM_PREFIXES = ("/usr/", "/etc/", "/dev/")


def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def english():
    env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
    env.pop("LANGUAGE", None)
    return env


def plain(source):
    """The page's text as a reader types it: \\- as -, no font changes or break points."""
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", source)
    text = re.sub(r"\\[%:&]", "", text)
    text = text.replace("\\(lq", '"').replace("\\(rq", '"').replace("\\e", "\\")
    return text.replace("\\-", "-").replace("\\~", " ")


def sections(text):
    """{heading: body} for every .SH and .SS, headings without their quotes."""
    found = {}
    heading = None
    for line in text.splitlines():
        match = re.match(r"\.S[HS]\s+(.*)", line)
        if match:
            heading = match.group(1).replace('"', "").strip()
            found[heading] = []
        elif heading is not None:
            found[heading].append(line)
    return {h: "\n".join(body) for h, body in found.items()}


def section_of(found, command):
    if command == "":
        return "OPTIONS"
    return next((h for h in found if h.split()[:2] == ["colombe", command]), None)


def help_options(command):
    """The long options `colombe [COMMAND] --help` prints, and its exit status."""
    argv = [binary, command, "--help"] if command else [binary, "--help"]
    shown = run(argv, env=english())
    options = []
    for line in shown.stdout.splitlines():
        match = re.match(r"\s+(?:-\w, )?(--[a-z][a-z0-9-]*)", line)
        if match:
            options.append(match.group(1))
    return shown, options


def check_rendering():
    if not shutil.which("man"):
        skip("man --warnings renders the page without a warning",
             "no man here (man-db and groff-base: tests/install-deps.sh test)")
        return
    rendered = run(["man", "--warnings", "-l", page], env=english())
    check("man --warnings -l data/colombe.1 renders it (MANWIDTH=80) without a warning",
          rendered.returncode == 0 and rendered.stderr == "" and "EXIT STATUS" in rendered.stdout,
          f"exit {rendered.returncode}\n{rendered.stderr}")
    wide = [line for line in rendered.stdout.splitlines() if len(line.expandtabs()) > 80]
    check("every rendered line fits in 80 columns", not wide, "\n".join(wide))
    if shutil.which("lexgrog"):
        name = run(["lexgrog", page], env=english())
        check("lexgrog reads its NAME line (what whatis and apropos show)",
              name.returncode == 0 and "colombe - " in name.stdout, name.stdout + name.stderr)


def check_options(text, found):
    documented = set()
    for command in COMMANDS:
        shown, options = help_options(command)
        label = f"colombe {command}".strip()
        if shown.returncode != 0 or "--help" not in options:
            check(f"{label} --help prints its options", False,
                  f"exit {shown.returncode}: {shown.stderr}{shown.stdout}")
            continue
        documented.update(options)
        heading = section_of(found, command)
        if heading is None:
            check(f"{label}: the page has a section for it", False,
                  f"no .SS heading starting with “{label}” among {list(found)}")
            continue
        # what every sub-command takes (-h, --help) is said once, above them
        body = found[heading] + (found.get("COMMANDS", "") if command else "")
        missing = [o for o in options if o not in OPTION.findall(body)]
        check(f"{label}: its {len(options)} options of --help are in section “{heading}”",
              not missing, "missing: " + ", ".join(missing))
        if command:
            synopsis = found.get("SYNOPSIS", "")
            check(f"{label} is in the SYNOPSIS",
                  re.search(rf'^\.SY "?colombe {re.escape(command)}"?\s*$', synopsis, re.M),
                  synopsis)

    # --help-all also shows the options GApplication adds to the window.
    shown = run([binary, "--help-all"], env=english())
    documented.update(OPTION.findall(shown.stdout))
    named = sorted(set(OPTION.findall(text)))
    unknown = [o for o in named if o not in documented]
    check(f"each of the {len(named)} options the page names is one the binary has",
          not unknown, "not in any --help: " + ", ".join(unknown))


def check_paths(source, text):
    outside = [m.group(0) for m in re.finditer(r"\.\./\S*|/work/\S*|shared/docs\S*|\S+\.md\b", text)]
    check("the page names nothing outside the repository (../, shared/docs, a .md file)",
          not outside, "found: " + ", ".join(outside))
    without_urls = re.sub(r"\w+://\S+", "", text)
    absolute = [m.group(0) for m in re.finditer(r"(?<![\w.:/~\]])/[\w.-]+(?:/[\w.-]*)*", without_urls)
                if not m.group(0).startswith(SYSTEM_PREFIXES)]
    check("every absolute path it names is the installed system's", not absolute,
          "found: " + ", ".join(absolute))


source = open(page, encoding="utf-8").read()
text = plain(source)
found = sections(text)
check_rendering()
check_options(text, found)
check_paths(source, text)
finish()
