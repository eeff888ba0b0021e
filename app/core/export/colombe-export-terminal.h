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
 * host is put in brackets. No user part when the server has no username. */
char *colombe_export_dup_url (const char    *scheme,
                              ColombeServer *server,
                              const char    *password);

/* @text in double quotes, with a backslash before each of @escaped (and
 * before a backslash): how mbsync and NeoMutt quote a value. */
char *colombe_export_dup_quoted (const char    *text,
                                 const char    *escaped);

/* The account's outgoing or incoming server, or NULL and an UNSUPPORTED
 * error naming @target, when it has none. */
ColombeServer *colombe_export_require_server (ColombeAccount  *account,
                                              gboolean         outgoing,
                                              const char      *target,
                                              GError         **error);

G_END_DECLS
