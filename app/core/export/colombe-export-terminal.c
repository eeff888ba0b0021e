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
#include "colombe-export-text.h"

/* A name in its ASCII form: an internationalised name becomes "xn--…",
 * the form resolvers take. */
static gboolean
append_name (GString    *url,
             const char *host)
{
  g_autofree char *ascii = colombe_export_dup_plain_host (host);

  if (ascii == NULL)
    return FALSE;

  g_string_append (url, ascii);
  return TRUE;
}

/* "[ADDRESS]", or "[ADDRESS%25ZONE]" with the zone percent-escaped (RFC 6874) */
static gboolean
append_ipv6 (GString    *url,
             const char *host)
{
  const char *zone = strchr (host, '%');
  g_autofree char *address = g_strndup (host, zone ? (gsize) (zone - host) : strlen (host));

  if (!g_hostname_is_ip_address (address) || strchr (address, ':') == NULL)
    return FALSE;

  g_string_append_printf (url, "[%s", address);
  if (zone != NULL)
    {
      g_string_append (url, "%25");
      g_string_append_uri_escaped (url, zone + 1, NULL, FALSE);
    }
  g_string_append_c (url, ']');
  return TRUE;
}

static gboolean
append_host (GString        *url,
             ColombeServer  *server,
             GError        **error)
{
  const char *host = colombe_server_get_host (server);
  gboolean outgoing = colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_SMTP;

  if (strchr (host, ':') != NULL ? append_ipv6 (url, host) : append_name (url, host))
    return TRUE;

  /* Translators: %s is "the incoming server’s name" or "the outgoing server’s name" */
  g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE,
               _("%s is neither a host name nor an IP address that a mail URL can carry"),
               outgoing ? _("the outgoing server’s name") : _("the incoming server’s name"));
  return FALSE;
}

char *
colombe_export_dup_url (const char     *scheme,
                        ColombeServer  *server,
                        const char     *password,
                        GError        **error)
{
  const char *username;
  g_autoptr(GString) url = NULL;

  g_return_val_if_fail (scheme != NULL, NULL);
  g_return_val_if_fail (COLOMBE_IS_SERVER (server), NULL);

  username = colombe_server_get_username (server);
  url = g_string_new (scheme);
  g_string_append (url, "://");
  /* Only the unreserved characters stay: "@", ":" and "/" would end the
   * user part, "%" would start an escape, "#" and ";" would end a value
   * in some of the files. */
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

  if (!append_host (url, server, error))
    return NULL;
  g_string_append_printf (url, ":%u", colombe_server_get_port (server));

  return g_string_free (g_steal_pointer (&url), FALSE);
}

void
colombe_export_append_escaped (GString    *out,
                               const char *text,
                               const char *escaped)
{
  g_return_if_fail (out != NULL && text != NULL && escaped != NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' || strchr (escaped, *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

char *
colombe_export_dup_quoted (const char *text,
                           const char *escaped)
{
  GString *quoted;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (escaped != NULL, NULL);

  quoted = g_string_new ("\"");
  colombe_export_append_escaped (quoted, text, escaped);
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

gboolean
colombe_export_append_line (GString     *text,
                            const char  *line,
                            gsize        max,
                            const char  *field,
                            GError     **error)
{
  g_return_val_if_fail (text != NULL && line != NULL, FALSE);

  if (!colombe_export_check_length (line, max, field, error))
    return FALSE;

  g_string_append (text, line);
  g_string_append_c (text, '\n');
  return TRUE;
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
