/* colombe-export-terminal.c: what the terminal clients' files share
 * (msmtp, mbsync, NeoMutt, aerc): mail URLs and quoted values
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-terminal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-terminal.h"

char *
colombe_export_dup_url (const char    *scheme,
                        ColombeServer *server,
                        const char    *password)
{
  const char *host;
  const char *username;
  GString *url;

  g_return_val_if_fail (scheme != NULL, NULL);
  g_return_val_if_fail (COLOMBE_IS_SERVER (server), NULL);

  host = colombe_server_get_host (server);
  username = colombe_server_get_username (server);
  url = g_string_new (scheme);
  g_string_append (url, "://");
  /* Only the unreserved characters stay: "@", ":" and "/" would end the
   * user part, and "%" would start an escape. */
  if (username != NULL && username[0] != '\0')
    {
      g_string_append_uri_escaped (url, username, NULL, FALSE);
      if (password != NULL)
        {
          g_string_append_c (url, ':');
          g_string_append_uri_escaped (url, password, NULL, FALSE);
        }
      g_string_append_c (url, '@');
    }

  if (strchr (host, ':') != NULL)
    g_string_append_printf (url, "[%s]", host);
  else
    g_string_append (url, host);
  g_string_append_printf (url, ":%u", colombe_server_get_port (server));

  return g_string_free (url, FALSE);
}

char *
colombe_export_dup_quoted (const char *text,
                           const char *escaped)
{
  GString *quoted;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (escaped != NULL, NULL);

  quoted = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' || strchr (escaped, *p) != NULL)
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

ColombeServer *
colombe_export_require_server (ColombeAccount  *account,
                               gboolean         outgoing,
                               const char      *target,
                               GError         **error)
{
  ColombeServer *server = outgoing ? colombe_account_get_outgoing (account)
                                   : colombe_account_get_incoming (account);

  if (server == NULL)
    g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                 outgoing ? _("%s needs the account’s outgoing server")
                          : _("%s needs the account’s incoming server"), target);

  return server;
}
