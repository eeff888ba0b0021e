/* colombe-export-text.c: the values an export may write, checked once
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-text"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-text.h"

static gboolean
is_refused (gunichar c)
{
  return g_unichar_iscntrl (c) ||                 /* C0, DEL, C1 */
         c == 0x2028 || c == 0x2029 ||            /* line and paragraph separators */
         c == 0xfffe || c == 0xffff;              /* not characters in XML 1.0 */
}

static gboolean
can_be_written (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_refused (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

gboolean
colombe_export_check_text (const char  *text,
                           const char  *field,
                           GError     **error)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL || can_be_written (text))
    return TRUE;

  /* Translators: %s is what holds it: "the name", "the password"… */
  g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE,
               _("%s holds a line break or a control character, which this file cannot carry"),
               field);
  return FALSE;
}

gboolean
colombe_export_check_length (const char  *text,
                             gsize        max,
                             const char  *field,
                             GError     **error)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (text == NULL || strlen (text) <= max)
    return TRUE;

  /* Translators: %s is what is too long: "the name", "the password"… */
  g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE,
               _("%s is too long for this file"), field);
  return FALSE;
}

static gboolean
check_server (ColombeServer  *server,
              gboolean        outgoing,
              GError        **error)
{
  if (server == NULL)
    return TRUE;

  return colombe_export_check_text (colombe_server_get_host (server),
                                    outgoing ? _("the outgoing server’s name")
                                             : _("the incoming server’s name"), error) &&
         colombe_export_check_text (colombe_server_get_username (server),
                                    outgoing ? _("the outgoing username")
                                             : _("the incoming username"), error) &&
         colombe_export_check_text (colombe_server_get_username_template (server),
                                    outgoing ? _("the outgoing username")
                                             : _("the incoming username"), error);
}

char *
colombe_export_dup_plain_host (const char *host)
{
  g_autofree char *ascii = NULL;

  g_return_val_if_fail (host != NULL, NULL);

  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || ascii[0] == '\0')
    return NULL;
  for (const char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._", *p) == NULL)
      return NULL;

  return g_steal_pointer (&ascii);
}

gboolean
colombe_export_host_in_domain (const char *host,
                               const char *domain)
{
  gsize host_length, domain_length;

  g_return_val_if_fail (domain != NULL, FALSE);

  if (host == NULL)
    return FALSE;

  host_length = strlen (host);
  if (host_length > 0 && host[host_length - 1] == '.')
    host_length--;
  domain_length = strlen (domain);
  if (host_length < domain_length ||
      g_ascii_strncasecmp (host + host_length - domain_length, domain, domain_length) != 0)
    return FALSE;

  return host_length == domain_length || host[host_length - domain_length - 1] == '.';
}

/* The writers take the domain after the last "@" */
static gboolean
check_address (const char  *address,
               GError     **error)
{
  if (address != NULL && strchr (address, '@') != NULL)
    return colombe_export_check_text (address, _("the address"), error);

  g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE,
                       _("the address has no “@”"));
  return FALSE;
}

gboolean
colombe_export_check_account (ColombeAccount  *account,
                              const char      *password,
                              GError         **error)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (account), FALSE);

  return colombe_export_check_text (colombe_account_get_name (account), _("the name"), error) &&
         check_address (colombe_account_get_address (account), error) &&
         colombe_export_check_text (colombe_account_get_provider_id (account),
                                    _("the provider’s identifier"), error) &&
         colombe_export_check_text (colombe_account_get_provider_name (account),
                                    _("the provider’s name"), error) &&
         check_server (colombe_account_get_incoming (account), FALSE, error) &&
         check_server (colombe_account_get_outgoing (account), TRUE, error) &&
         colombe_export_check_text (password, _("the password"), error);
}
