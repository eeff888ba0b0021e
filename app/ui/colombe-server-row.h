/* colombe-server-row.h: one server as the seed's screenshots show it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-server.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_SERVER_ROW (colombe_server_row_get_type ())

G_DECLARE_FINAL_TYPE (ColombeServerRow, colombe_server_row, COLOMBE, SERVER_ROW, AdwActionRow)

/* "IMAP, imap.free.fr, SSL/TLS" under the row's title; NULL: none found. */
void colombe_server_row_set_server (ColombeServerRow *self,
                                    ColombeServer    *server);

G_END_DECLS
