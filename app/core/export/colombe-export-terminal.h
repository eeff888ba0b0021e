/* colombe-export-terminal.h: what the terminal clients' files share
 * (msmtp, mbsync, NeoMutt, aerc): mail URLs and quoted values
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-exporter.h"

G_BEGIN_DECLS

/* "SCHEME://USER[:PASSWORD]@HOST:PORT": the user and the password are
 * percent-escaped (alice@example.org is alice%40example.org), an IPv6
 * host is put in brackets, its zone escaped as RFC 6874 says; a host that
 * is neither a name nor an IP address is refused with an INVALID_VALUE
 * error. No user part when the server has no username. */
char *colombe_export_dup_url      (const char    *scheme,
                                   ColombeServer *server,
                                   const char    *password,
                                   GError       **error);

/* @text with a backslash before each of @escaped and before a backslash. */
void  colombe_export_append_escaped (GString     *out,
                                     const char  *text,
                                     const char  *escaped);

/* @text in double quotes, escaped as colombe_export_append_escaped()
 * does: how mbsync and NeoMutt quote a value. */
char *colombe_export_dup_quoted   (const char    *text,
                                   const char    *escaped);

/* msmtp and mbsync read lines of a fixed length: an address longer than
 * SMTP allows (RFC 5321) is not written there. */
#define COLOMBE_EXPORT_MAX_ADDRESS 254

/* @line and a line break after it, when @line has at most @max bytes;
 * else an INVALID_VALUE error naming @field, and nothing appended. */
gboolean colombe_export_append_line (GString     *text,
                                     const char  *line,
                                     gsize        max,
                                     const char  *field,
                                     GError     **error);

/* The account's outgoing or incoming server, or NULL and an UNSUPPORTED
 * error naming @target, when it has none. */
ColombeServer *colombe_export_require_server (ColombeAccount  *account,
                                              gboolean         outgoing,
                                              const char      *target,
                                              GError         **error);

G_END_DECLS
