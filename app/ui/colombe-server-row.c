/* colombe-server-row.c: one server as the seed's screenshots show it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-server-row"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-server-row.h"

struct _ColombeServerRow
{
  AdwActionRow parent_instance;
};

G_DEFINE_FINAL_TYPE (ColombeServerRow, colombe_server_row, ADW_TYPE_ACTION_ROW)

void
colombe_server_row_set_server (ColombeServerRow *self,
                               ColombeServer    *server)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (COLOMBE_IS_SERVER_ROW (self));

  if (server == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("None found"));
      return;
    }

  /* Translators: protocol, host name and encryption, as Thunderbird shows
   * them: "IMAP, imap.free.fr, SSL/TLS". */
  summary = g_strdup_printf (_("%s, %s, %s"),
                             colombe_protocol_get_label (colombe_server_get_protocol (server)),
                             colombe_server_get_host (server),
                             colombe_security_get_label (colombe_server_get_security (server)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), summary);
}

static void
colombe_server_row_class_init (ColombeServerRowClass *klass)
{
}

static void
colombe_server_row_init (ColombeServerRow *self)
{
  /* Host names come from the network: never read as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}
