#!/usr/bin/python3
# ispdb-reference.py: an independent clientConfig reader for the conformance test
#
# Reads each FILE with xml.etree.ElementTree (not GMarkup, not our C code)
# and prints the canonical listing that test-ispdb-conformance.c prints
# from Colombe's model; the test compares the two, file by file.
#
# Listing, one block per file, fields separated by tabs, "-" for nothing:
#   file NAME
#   provider ID / name DISPLAYNAME / domain D (lower case, once each)
#   incoming|outgoing TYPE HOST PORT SOCKETTYPE USERNAME AUTH,AUTH…
#   enable URL / documentation URL / oauth2 ISSUER SCOPE AUTHURL TOKENURL / webmail URL
#
# The reading rules are the format's, as Thunderbird applies them: the first
# emailProvider only; servers of other types (exchange, ews…) left out; the
# first value of a repeated single field; every <authentication>, in order.
#
# Copyright 2026 The Colombe authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import xml.etree.ElementTree as ET

INCOMING_TYPES = ("imap", "pop3")
OUTGOING_TYPES = ("smtp",)
OTHER_TYPES = ("exchange", "ews", "owa", "graph")


def own_text(element):
    """The element's own text (its children's text is not its value)."""
    parts = [element.text or ""]
    parts += [child.tail or "" for child in element]
    return "".join(parts).strip()


def first_text(parent, tag):
    for element in parent.findall(tag):
        text = own_text(element)
        if text:
            return text
    return None


def field(value):
    return "-" if value is None or value == "" else value


def line(*fields):
    return "\t".join(field(f) for f in fields)


def server_line(direction, server):
    kind = server.get("type").lower()
    hostname = server.find("hostname")
    port = server.find("port")
    socket_type = server.find("socketType")
    auths = [own_text(a) for a in server.findall("authentication")]
    return line(direction, kind,
                own_text(hostname) if hostname is not None else None,
                str(int(own_text(port))) if port is not None else None,
                own_text(socket_type) if socket_type is not None else None,
                first_text(server, "username"),
                ",".join(a for a in auths if a))


def servers(provider, tag, direction, types):
    lines = []
    for server in provider.findall(tag):
        kind = (server.get("type") or "").lower()
        if kind in OTHER_TYPES:
            continue
        if kind not in types:
            raise ValueError("%s of unknown type %r" % (tag, kind))
        lines.append(server_line(direction, server))
    return lines


def in_document_order(root, provider, tag):
    """Elements named tag directly under clientConfig or the first emailProvider."""
    found = []
    for child in root:
        if child is provider:
            found += provider.findall(tag)
        elif child.tag == tag:
            found.append(child)
    return found


def help_lines(root, provider):
    lines = []
    enables = in_document_order(root, provider, "enable")
    if enables:
        lines.append(line("enable", enables[0].get("visiturl")))
    for doc in in_document_order(root, provider, "documentation"):
        lines.append(line("documentation", doc.get("url")))
    return lines


def oauth2_lines(root, provider):
    blocks = in_document_order(root, provider, "oAuth2")
    if not blocks:
        return []
    block = blocks[0]
    return [line("oauth2", first_text(block, "issuer"), first_text(block, "scope"),
                 first_text(block, "authURL"), first_text(block, "tokenURL"))]


def webmail_lines(root, provider):
    for webmail in in_document_order(root, provider, "webMail"):
        for page in webmail.findall("loginPage"):
            if page.get("url"):
                return [line("webmail", page.get("url"))]
    return []


def domain_lines(provider):
    seen = []
    for element in provider.findall("domain"):
        domain = own_text(element).lower()
        if domain and domain not in seen:
            seen.append(domain)
    return [line("domain", d) for d in seen]


def listing(path):
    root = ET.parse(path).getroot()
    if root.tag != "clientConfig":
        raise ValueError("root is %s" % root.tag)
    provider = root.find("emailProvider")
    if provider is None:
        raise ValueError("no emailProvider")

    lines = [line("file", os.path.basename(path)),
             line("provider", provider.get("id")),
             line("name", first_text(provider, "displayName"))]
    lines += domain_lines(provider)
    lines += servers(provider, "incomingServer", "incoming", INCOMING_TYPES)
    lines += servers(provider, "outgoingServer", "outgoing", OUTGOING_TYPES)
    lines += help_lines(root, provider)
    lines += oauth2_lines(root, provider)
    lines += webmail_lines(root, provider)
    return lines


def main(paths):
    for path in paths:
        for text in listing(path):
            print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
