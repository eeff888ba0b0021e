#!/usr/bin/python3
"""The Flatpak manifests: flatpak-builder reads each one and loses nothing of
it (an unknown key would be dropped), the runtimes are GNOME's, libqrencode
comes from a release archive with its sha256, Colombe is built with meson
from this tree, and the sandbox gets exactly the permissions it needs: the
network, Wayland or X11, the GPU, GNOME Online Accounts (for the goa
export) and the desktop's Secret Service (org.freedesktop.secrets: the
password must land in the person's keyring, where other programs find it,
not in the file keyring the Secret portal would give the sandbox; see
app/core/keyring/colombe-keyring.c and tests/integration/test-flatpak-keyring.c),
and no file access (the file chooser portal gives it). TAP output."""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from tap import check, finish

root = pathlib.Path(os.environ.get("COLOMBE_SOURCE_ROOT", pathlib.Path(__file__).parents[2]))
BASE_ID = "io.github.colombe.Colombe"
FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--talk-name=org.gnome.OnlineAccounts",
    "--talk-name=org.freedesktop.secrets",
    # GNOME Online Accounts' own dialog for an OAuth2 provider, through
    # GNOME Settings' launch-panel action
    "--talk-name=org.gnome.Settings",
    # Add to Thunderbird: the profile folders of Debian's and the tarball's,
    # Flathub's and the Snap's Thunderbird, and nothing else of the home
    "--filesystem=~/.thunderbird",
    "--filesystem=~/.var/app/org.mozilla.Thunderbird/.thunderbird",
    "--filesystem=~/snap/thunderbird/common/.thunderbird",
]



def module(manifest, name):
    found = [m for m in manifest.get("modules", []) if isinstance(m, dict) and m.get("name") == name]
    return found[0] if len(found) == 1 else {}


def check_reading(path, manifest):
    builder = shutil.which("flatpak-builder")
    if builder is None:
        # Inside the Flatpak SDK (the .Devel manifest runs the tests) there is
        # no flatpak-builder; everywhere else it must be there.
        check(f"{path.name}: flatpak-builder is installed (tests/install-deps.sh)",
              os.path.exists("/.flatpak-info"), "not found in PATH")
        return
    with tempfile.TemporaryDirectory() as scratch:  # its cache folder goes there
        run = subprocess.run([builder, "--show-manifest", str(path)], capture_output=True,
                             text=True, cwd=scratch)
    check(f"{path.name}: flatpak-builder --show-manifest reads it without a warning",
          run.returncode == 0 and not run.stderr.strip(), run.stderr.strip())
    try:
        shown = json.loads(run.stdout)
    except ValueError as error:
        shown = error
    check(f"{path.name}: flatpak-builder keeps every key of it", shown == manifest,
          f"flatpak-builder shows: {run.stdout[:2000]}")


def check_permissions(path, manifest):
    args = manifest.get("finish-args", [])
    check(f"{path.name}: finish-args are exactly the seven needed ones",
          sorted(args) == sorted(FINISH_ARGS) and len(args) == len(set(args)),
          f"finish-args: {args}")
    check(f"{path.name}: talks to the desktop's Secret Service, owns nothing there",
          "--talk-name=org.freedesktop.secrets" in args
          and not any(a.startswith("--own-name") for a in args))
    # libsecret reads SECRET_BACKEND only outside Flatpak (secret-backend.c):
    # an --env for it would look like a fix and change nothing.
    check(f"{path.name}: no --env (libsecret ignores SECRET_BACKEND in a sandbox)",
          not any(a.startswith("--env") for a in args))
    # Files the person saves go through the file chooser portal; the only
    # folders reached directly are Thunderbird's profiles, read-write (no
    # ":ro"; no ":create", which would make them for people without it).
    check(f"{path.name}: --filesystem only for Thunderbird's three profile folders",
          [a for a in args if a.startswith("--filesystem")]
          == [a for a in FINISH_ARGS if a.startswith("--filesystem")])


def check_modules(path, manifest):
    qrencode = module(manifest, "libqrencode")
    sources = qrencode.get("sources", [])
    archive = sources[0] if len(sources) == 1 else {}
    check(f"{path.name}: libqrencode from a release archive with its sha256",
          archive.get("type") == "archive"
          and re.fullmatch(r"https://\S+/qrencode-[0-9.]+\.tar\.(gz|bz2|xz)", archive.get("url", ""))
          and re.fullmatch(r"[0-9a-f]{64}", archive.get("sha256", "")),
          f"source: {archive}")
    colombe = module(manifest, "colombe")
    names = [m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)]
    check(f"{path.name}: Colombe built last, with meson, from this tree",
          colombe.get("buildsystem") == "meson" and names[-1:] == ["colombe"]
          and colombe.get("sources") == [{"type": "dir", "path": ".."}]
          and (path.parent / "..").resolve() == root.resolve(),
          f"modules: {names}, colombe: {colombe}")
    return colombe


manifests = {}
for app_id in (BASE_ID, BASE_ID + ".Devel"):
    path = root / "flatpak" / f"{app_id}.json"
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        check(f"{path.name}: is JSON", False, str(error))
        continue
    manifests[app_id] = manifest
    check_reading(path, manifest)
    check(f"{path.name}: its ID is the file's, the command is colombe",
          manifest.get("id") == app_id and manifest.get("command") == "colombe",
          f"id {manifest.get('id')}, command {manifest.get('command')}")
    check(f"{path.name}: org.gnome.Platform and org.gnome.Sdk",
          manifest.get("runtime") == "org.gnome.Platform" and manifest.get("sdk") == "org.gnome.Sdk")
    check_permissions(path, manifest)
    colombe = check_modules(path, manifest)
    if app_id == BASE_ID:
        check(f"{path.name}: a stable GNOME branch, release build",
              re.fullmatch(r"[0-9]+", str(manifest.get("runtime-version")))
              and not colombe.get("config-opts"),
              f"runtime-version {manifest.get('runtime-version')}, {colombe.get('config-opts')}")
    else:
        tests = " ".join(colombe.get("test-commands", []))
        check(f"{path.name}: the master runtime, -Ddevelopment=true, tests run",
              manifest.get("runtime-version") == "master"
              and colombe.get("config-opts") == ["-Ddevelopment=true"]
              and colombe.get("run-tests") is True and "meson test" in tests,
              f"runtime-version {manifest.get('runtime-version')}, colombe: {colombe}")

if len(manifests) == 2:
    stable, devel = manifests[BASE_ID], manifests[BASE_ID + ".Devel"]
    check("both manifests build the same libqrencode with the same permissions",
          module(stable, "libqrencode") == module(devel, "libqrencode")
          and stable.get("finish-args") == devel.get("finish-args"))

finish()
