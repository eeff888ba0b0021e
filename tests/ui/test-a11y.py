#!/usr/bin/python3
# test-a11y.py: the assistant as a screen reader user meets it, over AT-SPI
#
# Copyright 2026 The Colombe authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-a11y.py COLOMBE_BINARY [FD]   (TAP on standard output, or FD)
#
# Starts the real window and finds everything by accessible role and name
# only: the three fields of screen 1, typed into through EditableText;
# "Continue", enabled only when the input is valid; the address error,
# exposed as the field's description once the field is left (by Tab keys);
# then Continue, and the screen that
# follows. Every push button, toggle, text field and link of the window
# (all of its screens: GTK exposes the hidden pages of a stack too) must
# have a name a person can hear.
#
# Needs an accessibility bus: tests/meson.build runs it in a private D-Bus
# session (a11y-session.sh: at-spi-bus-launcher starts on demand) inside netns-run.sh's namespaces, where no lookup reaches the network:
# the search fails at once, and the failure screen is the one that follows.
# Must be Debian's /usr/bin/python3, which has pyatspi.

import os
import re
import socket
import subprocess
import sys
import time

WAIT = 15  # seconds: the bound of every wait

pyatspi = None  # imported once the display answers: it connects at once
NAMED_ROLES = set()


# GTK 4.8 gives a nameless widget its type name ("GtkImage", "GtkButton").
TYPE_NAME = re.compile(r"^(Gtk|Adw|Colombe)[A-Z][A-Za-z]*$")
# A raw mnemonic ("_Continue Continue"): read out as "underscore".
MNEMONIC = re.compile(r"(^|\s)\S*_\w")

ADDRESS_ERROR = "bob@"

tests = 0
failures = 0
# The failure screen's titles (colombe-window.c): nothing was tested here.
FAILURE_TITLES = ("No Settings Found", "No Internet Connection", "The Test Did Not Work")
tap = sys.stdout


def ok(passed, what, detail=""):
    global tests, failures
    tests += 1
    if not passed:
        failures += 1
    print(f"{'ok' if passed else 'not ok'} {tests} - {what}", file=tap, flush=True)
    if detail and not passed:
        for line in detail.splitlines():
            print(f"# {line}", file=tap, flush=True)
    return passed


def wait_for(what, timeout=WAIT):
    """Polls what() until it is true, or returns None after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(0.1)
    return None


def display_ready():
    """True once the X server of DISPLAY accepts a connection on its
    filesystem socket (the only one reaching into the namespaces)."""
    number = os.environ.get("DISPLAY", ":0").lstrip(":").split(".")[0]
    with socket.socket(socket.AF_UNIX) as connection:
        try:
            connection.connect(f"/tmp/.X11-unix/X{number}")
            return True
        except OSError:
            return False


def find_application(name):
    def look():
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == name:
                return app
        return None
    return wait_for(look)


def walk(node, depth=0):
    """Every descendant; the tree is read afresh (GTK 4 keeps no cache)."""
    if node is None or depth > 60:
        return
    node.clear_cache()
    yield node
    for child in node:
        yield from walk(child, depth + 1)


def find(root, role, name):
    for node in walk(root):
        if node.getRole() == role and node.name == name:
            return node
    return None


def find_text_field(root, name):
    for node in walk(root):
        if node.name == name and node.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT,
                                                    pyatspi.ROLE_ENTRY):
            return node
    return None


def on_screen(node):
    """GTK 4.8 sets no SHOWING state: a label of a hidden page of a stack
    keeps its VISIBLE state but has no size."""
    node.clear_cache()
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return extents.width > 0 and extents.height > 0


def has_state(node, state):
    node.clear_cache()
    return node.getState().contains(state)


def type_into(field, text):
    field.queryEditableText().setTextContents(text)
    return wait_for(lambda: contents(field) == text, 5) is not None or contents(field) == text


def contents(field):
    # GTK 4.8 answers getText (0, -1) with nothing: ask for the count
    text = field.queryText()
    return text.getText(0, text.characterCount)


def press_tab():
    """A real Tab key, through the X server (the registry's XTest)."""
    pyatspi.Registry.generateKeyboardEvent(0xff09, None, pyatspi.KEY_SYM)  # GDK_KEY_Tab


def describes(field):
    """What a screen reader says after the field's name: its description,
    else the names of what describes it."""
    field.clear_cache()
    if field.description:
        return field.description
    for relation in field.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_DESCRIBED_BY:
            return " ".join(relation.getTarget(i).name for i in range(relation.getNTargets()))
    return ""


def unnamed(window):
    offenders = []
    for node in walk(window):
        if node.getRole() not in NAMED_ROLES:
            continue
        name = node.name.strip()
        if name == "" or TYPE_NAME.match(name) or MNEMONIC.search(name):
            parent = node.parent
            offenders.append(f"{node.getRoleName()} {name!r} (in {parent.getRoleName()} "
                             f"{parent.name!r}, description {node.description!r})")
    return offenders


def check_account_screen(window):
    name = find_text_field(window, "Your name")
    address = find_text_field(window, "E-mail address")
    password = find_text_field(window, "Password")
    ok(name is not None, "a text field named “Your name”")
    ok(address is not None, "a text field named “E-mail address”")
    ok(password is not None, "a text field named “Password”")
    button = find(window, pyatspi.ROLE_PUSH_BUTTON, "Continue")
    ok(button is not None, "a push button named “Continue”")
    if None in (name, address, password, button):
        return None

    ok(not has_state(button, pyatspi.STATE_SENSITIVE), "“Continue” is disabled while empty")
    ok(type_into(name, "Bob Volunteer"), "“Your name” takes text through EditableText")
    ok(type_into(address, ADDRESS_ERROR), "“E-mail address” takes text through EditableText")
    ok(type_into(password, "a password"), "“Password” takes text through EditableText")
    ok(wait_for(lambda: not has_state(button, pyatspi.STATE_SENSITIVE), 2) is not None,
       "“Continue” stays disabled with an unfinished address")

    # The address is judged once left, not while typed: from the name
    # (where the window puts the focus), Tab, Tab, as a person would.
    # (GTK 4.8 does not tell AT-SPI which text has the focus: the error
    # showing is what proves the Tabs left the address.)
    ok(describes(address) == "", "no address error while it is being typed")
    press_tab()
    press_tab()

    said = wait_for(lambda: describes(address), 5) or ""
    ok(said != "" and said.endswith(".") and "@" not in said.split()[0],
       "the address error is the field's description, a plain sentence", f"described as {said!r}")
    ok(find(window, pyatspi.ROLE_LABEL, said) is not None if said else False,
       "the address error is also a label on the screen")

    type_into(address, "bob@example.test")
    ok(wait_for(lambda: has_state(button, pyatspi.STATE_SENSITIVE)) is not None,
       "“Continue” becomes enabled once name, address and password are valid")
    ok(wait_for(lambda: describes(address) == "", 5) is not None,
       "the address error goes once the address is valid", f"still {describes(address)!r}")
    type_into(name, "")
    ok(wait_for(lambda: not has_state(button, pyatspi.STATE_SENSITIVE)) is not None,
       "“Continue” is disabled again without a name")
    type_into(name, "Bob Volunteer")
    wait_for(lambda: has_state(button, pyatspi.STATE_SENSITIVE))
    return button


def check_sign_in(window):
    """The provider's rules, heard before any password: Gmail's app password
    field and its two buttons; Outlook.com's line, no password field."""
    address = find_text_field(window, "E-mail address")
    type_into(address, "bob@gmail.com")
    field = wait_for(lambda: find_text_field(window, "App password"), 5)
    ok(field is not None, "Gmail: the password field is named “App password”")
    create = find(window, pyatspi.ROLE_PUSH_BUTTON, "Create an App Password")
    ok(create is not None and on_screen(create),
       "Gmail: a push button named “Create an App Password”")
    ok(find(window, pyatspi.ROLE_PUSH_BUTTON, "Sign In on the Provider’s Page Instead") is not None,
       "Gmail: a push button named “Sign In on the Provider’s Page Instead”")

    type_into(address, "bob@hotmail.fr")
    line = wait_for(lambda: next((n for n in walk(window)
                                  if n.getRole() == pyatspi.ROLE_LABEL and on_screen(n)
                                  and "signs you in on its own page" in n.name), None), 5)
    ok(line is not None, "Outlook.com: a label says who signs the person in")
    password = find_text_field(window, "Password")
    ok(password is None or not on_screen(password), "Outlook.com: no password field on screen")
    type_into(address, "bob@example.test")
    wait_for(lambda: find_text_field(window, "Password"), 5)


def check_next_screen(window, button):
    action = button.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    ok("click" in names, "“Continue” has a click action", f"actions {names}")
    if "click" not in names:
        return
    action.doAction(names.index("click"))
    # No network in this namespace: the search ends at the failure screen.
    # Its title says what happened: nothing found here, or no network at all.
    title = wait_for(lambda: next((n for n in walk(window)
                                   if n.getRole() == pyatspi.ROLE_LABEL
                                   and n.name in FAILURE_TITLES
                                   and on_screen(n)), None), 45)
    ok(title is not None, "Continue leads, through the search, to the failure screen",
       "on screen: " + ", ".join(repr(n.name) for n in walk(window)
                                 if n.getRole() == pyatspi.ROLE_LABEL and on_screen(n)))
    ok(find(window, pyatspi.ROLE_PUSH_BUTTON, "Try Again") is not None,
       "the failure screen offers “Try Again”")


def main():
    global tap, NAMED_ROLES
    binary = sys.argv[1]
    if len(sys.argv) > 2:
        tap = os.fdopen(int(sys.argv[2]), "w")
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    env["G_DEBUG"] = env.pop("COLOMBE_G_DEBUG", "")
    print("TAP version 13", file=tap, flush=True)
    if not ok(wait_for(display_ready) is not None, "the X display accepts connections"):
        print(f"1..{tests}", file=tap, flush=True)
        return 1
    global pyatspi
    import pyatspi
    # Roles a person acts on, so each needs a name.
    NAMED_ROLES = {
        pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
        pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT,
        pyatspi.ROLE_ENTRY, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_LINK,
        pyatspi.ROLE_COMBO_BOX,
    }
    app = subprocess.Popen([binary, "--ispdb-url", "https://127.0.0.1:1/v1.1"], env=env)
    try:
        application = find_application("colombe")
        if not ok(application is not None, "the window is on the accessibility bus"):
            return 1
        window = wait_for(lambda: find(application, pyatspi.ROLE_FRAME, "Colombe"))
        if not ok(window is not None, "a frame named “Colombe”"):
            return 1

        offenders = unnamed(window)
        ok(not offenders, "every control of every screen has a name", "\n".join(offenders))
        button = check_account_screen(window)
        if button is not None:
            check_sign_in(window)
            check_next_screen(window, button)
        offenders = unnamed(window)
        ok(not offenders, "every control still has a name after the search",
           "\n".join(offenders))
    finally:
        app.terminate()
        try:
            app.wait(WAIT)
        except subprocess.TimeoutExpired:
            app.kill()
        print(f"1..{tests}", file=tap, flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
