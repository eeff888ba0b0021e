/* colombe-server-editor.h: one server's settings, by hand
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-server.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_SERVER_EDITOR (colombe_server_editor_get_type ())

G_DECLARE_FINAL_TYPE (ColombeServerEditor, colombe_server_editor, COLOMBE, SERVER_EDITOR, AdwPreferencesGroup)

/* Fills the rows from @server (SMTP: an outgoing editor, IMAP or POP3: incoming). */
void           colombe_server_editor_set_server (ColombeServerEditor *self,
                                                 ColombeServer       *server);
/* The server as edited, or NULL when the host name is not valid. */
ColombeServer *colombe_server_editor_dup_server (ColombeServerEditor *self);

G_END_DECLS
