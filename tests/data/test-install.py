#!/usr/bin/python3
"""`meson install --destdir` of this build, and the installed tree read back:
the binary (whose providers resource is compiled in: `colombe providers`
lists every file of data/providers), the desktop file, metainfo and D-Bus
service under this build's application ID, both icons, the settings schema
(compiled and read by gsettings), the translations (the installed binary
speaks French with them), the manual page colombe(1), and nothing else.
TAP output.
Usage: test-install.py APP_ID"""
import configparser
import gettext
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from tap import check, finish

root = pathlib.Path(os.environ.get("COLOMBE_SOURCE_ROOT", pathlib.Path(__file__).parents[2]))
build = pathlib.Path(os.environ["COLOMBE_BUILD_ROOT"])
app_id = sys.argv[1]
BASE_ID = "io.github.colombe.Colombe"
SVG = "{http://www.w3.org/2000/svg}svg"



def run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def validate(name, tool, *args):
    """Runs a validator the data suite also runs on the build tree, if installed."""
    if shutil.which(tool):
        checked = run([tool, *map(str, args)])
        check(name, checked.returncode == 0, checked.stdout + checked.stderr)


def option(options, name):
    return next(o["value"] for o in options if o["name"] == name)


def read_desktop(path):
    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


def check_binary(dest, bindir, localedir):
    binary = dest / bindir / "colombe"
    check("bin/colombe installed and executable", os.access(binary, os.X_OK), str(binary))
    resource = ET.parse(root / "data" / "providers" / "providers.gresource.xml")
    providers = sorted(f.text.removesuffix(".xml") for f in resource.iter("file"))
    shown = run([str(binary), "providers", "--json"])
    try:
        listed = json.loads(shown.stdout)
    except ValueError:
        listed = None
    text = json.dumps(listed)
    check(f"the installed binary lists the {len(providers)} built-in providers (resource compiled in)",
          shown.returncode == 0 and listed and all(f'"{p}"' in text for p in providers),
          f"exit {shown.returncode}: {shown.stderr.strip()} {shown.stdout[:500]}")
    linked = run(["ldd", str(binary)]).stdout
    check("bin/colombe links neither GTK nor libadwaita (the command line does not load them)",
          "libgtk" not in linked and "libadwaita" not in linked, linked)
    assistants = list(dest.rglob("libexec/colombe-assistant"))
    check("the assistant is installed out of PATH, in libexec",
          len(assistants) == 1 and os.access(assistants[0], os.X_OK), str(assistants))
    installed_xml = [p for p in dest.rglob("*.xml") if p.parent.name == "providers"]
    check("the provider files themselves are not installed", not installed_xml, str(installed_xml))
    return binary


def check_translations(dest, localedir, binary):
    langs = (root / "po" / "LINGUAS").read_text().split()
    for lang in langs:
        mo = dest / localedir / lang / "LC_MESSAGES" / "colombe.mo"
        check(f"{lang}: colombe.mo installed", mo.is_file(), str(mo))
        if not mo.is_file():
            continue
        english = "“%s” is not a command; try “colombe --help”"
        wanted = gettext.GNUTranslations(mo.open("rb")).gettext(english) % "frobnicate"
        env = dict(os.environ, COLOMBE_LOCALEDIR=str(dest / localedir), LANGUAGE=lang)
        said = run([str(binary), "frobnicate"], env=env)
        check(f"{lang}: the installed binary speaks it with the installed catalogue",
              wanted != english % "frobnicate" and wanted in said.stderr,
              f"wanted {wanted!r}, got {said.stderr!r}")


def check_desktop(dest, datadir, bindir):
    path = dest / datadir / "applications" / f"{app_id}.desktop"
    check(f"applications/{app_id}.desktop installed", path.is_file(), str(path))
    if not path.is_file():
        return
    validate("the installed desktop file is valid", "desktop-file-validate", path)
    entry = read_desktop(path)["Desktop Entry"]
    check("desktop file: Exec colombe, Icon the application ID, D-Bus activatable",
          entry.get("Exec") == "colombe" and entry.get("Icon") == app_id
          and entry.get("DBusActivatable") == "true", dict(entry))
    keywords = entry.get("Keywords", "").lower().split(";")
    check("desktop file: English keywords mail, e-mail, IMAP, SMTP, Thunderbird, account",
          all(k in keywords for k in ("mail", "e-mail", "imap", "smtp", "thunderbird", "account")),
          entry.get("Keywords", ""))
    french = entry.get("Keywords[fr]", "").lower().split(";")
    check("desktop file: French name, comment and keywords (courriel) merged from fr.po",
          "Name[fr]" in entry and "Comment[fr]" in entry and "courriel" in french,
          "Comment[fr]: %s, Keywords[fr]: %s" % (entry.get("Comment[fr]"), entry.get("Keywords[fr]")))

    service = dest / datadir / "dbus-1" / "services" / f"{app_id}.service"
    check(f"dbus-1/services/{app_id}.service installed", service.is_file(), str(service))
    if service.is_file():
        bus = read_desktop(service)["D-BUS Service"]
        wanted = f"/{bindir}/colombe --gapplication-service"
        check("D-Bus service: the application ID, the installed binary as a service",
              bus.get("Name") == app_id and bus.get("Exec") == wanted, dict(bus))


def check_metainfo(dest, datadir):
    path = dest / datadir / "metainfo" / f"{app_id}.metainfo.xml"
    check(f"metainfo/{app_id}.metainfo.xml installed", path.is_file(), str(path))
    if not path.is_file():
        return
    validate("the installed metainfo is valid", "appstreamcli", "validate", "--no-net", path)
    component = ET.parse(path).getroot()
    launchable = component.find("launchable")
    check("metainfo: the application ID, launched by its desktop file, provides colombe",
          component.findtext("id") == app_id and launchable is not None
          and launchable.text == f"{app_id}.desktop"
          and component.findtext("provides/binary") == "colombe")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    check("metainfo: French summary merged from fr.po",
          any(s.get(lang) == "fr" for s in component.findall("summary")))
    shots = [i.text for i in component.iter("image")]
    missing = [u for u in shots
               if "/data/screenshots/" in u
               and not (root / "data" / "screenshots" / u.rsplit("/", 1)[-1]).is_file()]
    check("metainfo: every screenshot of data/screenshots/ it names is in the tree",
          not missing, f"missing: {missing}")


def check_icons(dest, datadir):
    hicolor = dest / datadir / "icons" / "hicolor"
    for path, size in ((hicolor / "scalable" / "apps" / f"{app_id}.svg", "128"),
                       (hicolor / "symbolic" / "apps" / f"{app_id}-symbolic.svg", "16")):
        name = path.relative_to(hicolor)
        try:
            svg = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as error:
            check(f"icon {name} installed, an SVG", False, str(error))
            continue
        check(f"icon {name} installed, an SVG of {size} px",
              svg.tag == SVG and svg.get("viewBox") == f"0 0 {size} {size}",
              f"{svg.tag} viewBox {svg.get('viewBox')}")
        render = shutil.which("rsvg-convert")
        if render:
            drawn = subprocess.run([render, "-w", "32", "-h", "32", str(path)], capture_output=True)
            check(f"icon {name} renders at 32 px", drawn.returncode == 0
                  and drawn.stdout.startswith(b"\x89PNG"), drawn.stderr.decode())
    symbolic = (hicolor / "symbolic" / "apps" / f"{app_id}-symbolic.svg").read_text()
    colours = set(re.findall(r'fill="([^"]+)"', symbolic))
    check("the symbolic icon is one colour, fills only (GTK recolours fills)",
          len(colours) == 1 and "stroke" not in symbolic and "<image" not in symbolic,
          f"fills {colours}")
    source = root / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg"
    installed = hicolor / "scalable" / "apps" / f"{app_id}.svg"
    check("the application icon is the one drawn for this build's ID",
          installed.is_file() and installed.read_bytes() == source.read_bytes())


def check_schema(dest, datadir):
    schemas = dest / datadir / "glib-2.0" / "schemas"
    path = schemas / f"{BASE_ID}.gschema.xml"
    check(f"glib-2.0/schemas/{BASE_ID}.gschema.xml installed", path.is_file(), str(path))
    if not path.is_file():
        return
    with tempfile.TemporaryDirectory() as compiled:
        made = run(["glib-compile-schemas", "--strict", "--targetdir", compiled, str(schemas)])
        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=compiled, GSETTINGS_BACKEND="memory")
        keys = run(["gsettings", "list-keys", BASE_ID], env=env).stdout.split()
    wanted = ("window-width", "window-height", "window-maximized", "last-export-folder",
              "save-password")
    check("the installed schema compiles and gsettings reads its keys",
          made.returncode == 0 and all(k in keys for k in wanted),
          f"{made.stderr.strip()} keys: {keys}")


def check_man_page(dest, mandir):
    path = dest / mandir / "man1" / "colombe.1"
    source = root / "data" / "colombe.1"
    check("man1/colombe.1 installed, the page of data/colombe.1",
          path.is_file() and path.read_bytes() == source.read_bytes(), str(path))


def check_nothing_else(dest, files):
    prefix_files = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    allowed = re.compile(r"(bin/colombe|libexec/colombe-assistant|share/(applications|metainfo|dbus-1/services|icons/hicolor/(scalable|symbolic)/apps"
                         r"|glib-2\.0/schemas|locale/[^/]+/LC_MESSAGES|man/man1)/[^/]+)$")
    extra = [f for f in prefix_files if not allowed.search(f)]
    check(f"nothing else is installed ({len(prefix_files)} files)", not extra,
          "also: " + ", ".join(extra))


options = json.loads(run(["meson", "introspect", "--buildoptions", str(build)]).stdout)
prefix = option(options, "prefix").lstrip("/")
bindir = os.path.join(prefix, option(options, "bindir"))
datadir = os.path.join(prefix, option(options, "datadir"))
localedir = os.path.join(prefix, option(options, "localedir"))
mandir = os.path.join(prefix, option(options, "mandir"))

with tempfile.TemporaryDirectory(prefix="colombe-install-") as tmp:
    dest = pathlib.Path(tmp)
    installed = run(["meson", "install", "-C", str(build), "--no-rebuild", "--quiet",
                     "--destdir", str(dest)])
    check("meson install --destdir succeeds", installed.returncode == 0,
          installed.stdout + installed.stderr)
    binary = check_binary(dest, bindir, localedir)
    check_translations(dest, localedir, binary)
    check_desktop(dest, datadir, bindir)
    check_metainfo(dest, datadir)
    check_icons(dest, datadir)
    check_schema(dest, datadir)
    check_man_page(dest, mandir)
    check_nothing_else(dest, installed)

finish()
