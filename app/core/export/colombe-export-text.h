/* colombe-export-text.h: the values an export may write, checked once
 *
 * Every writer escapes each value for its own format; what no format here
 * can carry safely is refused before any writing starts: a line break
 * (U+000A, U+000D, U+2028, U+2029), any other control character (C0, DEL,
 * C1: XML 1.0 rejects most of them even as references, a terminal would
 * run an escape sequence), U+FFFE and U+FFFF (not XML characters), and
 * text that is not UTF-8. The errors name the field, never its value.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-exporter.h"

G_BEGIN_DECLS

/* TRUE when @text (NULL: nothing) can be written; an INVALID_VALUE
 * error naming @field ("the name", translated) otherwise. */
gboolean colombe_export_check_text    (const char      *text,
                                       const char      *field,
                                       GError         **error);

/* TRUE when @text (NULL: nothing) is at most @max bytes long. */
gboolean colombe_export_check_length  (const char      *text,
                                       gsize            max,
                                       const char      *field,
                                       GError         **error);

/* The ASCII form of a host name (g_hostname_to_ascii()) that holds only
 * letters, digits, "-", "." and "_": what a URL or a host field takes as
 * it is. NULL when @host is something else (an IP address included). */
char    *colombe_export_dup_plain_host (const char *host);

/* TRUE when @host is @domain or a name under it ("smtp.gmail.com" is
 * under "gmail.com"), whatever the case of the letters and a final dot. */
gboolean colombe_export_host_in_domain (const char *host,
                                        const char *domain);

/* Every text of @account (name, address, provider, each server's host,
 * username and username template) and @password, if any; the address
 * must hold an "@". */
gboolean colombe_export_check_account (ColombeAccount  *account,
                                       const char      *password,
                                       GError         **error);

G_END_DECLS
