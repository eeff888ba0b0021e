/* colombe-tls-database.h: the system's trust anchors plus an extra CA file
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define COLOMBE_TYPE_TLS_DATABASE (colombe_tls_database_get_type ())

G_DECLARE_FINAL_TYPE (ColombeTlsDatabase, colombe_tls_database, COLOMBE, TLS_DATABASE, GTlsDatabase)

/* @ca_file: PEM anchors trusted besides the system's (an association's own
 * CA, the tests' CA); NULL for the system's alone. */
GTlsDatabase *colombe_tls_database_new (const char  *ca_file,
                                        GError     **error);

G_END_DECLS
