/* colombe-export-geary.c: Geary's geary.ini, in the folder of one account
 *
 * Geary reads every ~/.config/geary/account_NN/geary.ini (its
 * accounts-manager.vala, config version 1). The target writes a folder
 * holding geary.ini, so that --output ~/.config/geary/account_07 is the
 * whole installation. Geary speaks IMAP only. It keeps passwords under its
 * own libsecret schema (org.gnome.Geary) and asks for them on first use:
 * nothing of the password is written here.
 *
 * Escaping: a GKeyFile (Geary 43 reads it with GLib's, Debian 12):
 * g_key_file_set_string() escapes "\", leading spaces and line breaks,
 * g_key_file_set_string_list() also the ";" between the items of
 * sender_mailboxes; the mailbox itself is RFC 5322 (the name in a quoted
 * string when it holds a special character). Line breaks and control
 * characters are refused before all the same (colombe-export-text.h).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-geary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-targets.h"
#include "colombe-export-text.h"

#define GEARY_FILE_NAME "geary.ini"

static const char *
transport_security (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return "transport";
    case COLOMBE_SECURITY_STARTTLS:
      return "start-tls";
    case COLOMBE_SECURITY_NONE:
    default:
      return "none";
    }
}

static gboolean
needs_login (ColombeServer *server)
{
  return g_strcmp0 (colombe_server_get_auth (server), "none") != 0 &&
         colombe_server_get_username (server) != NULL;
}

static void
set_service (GKeyFile      *file,
             const char    *group,
             ColombeServer *server)
{
  if (needs_login (server))
    {
      g_key_file_set_string (file, group, "login", colombe_server_get_username (server));
      g_key_file_set_boolean (file, group, "remember_password", TRUE);
    }
  g_key_file_set_string (file, group, "host", colombe_server_get_host (server));
  g_key_file_set_integer (file, group, "port", colombe_server_get_port (server));
  g_key_file_set_string (file, group, "transport_security",
                         transport_security (colombe_server_get_security (server)));
}

/* The outgoing login: Geary reuses the incoming one when it is the same
 * user, which also spares a second password prompt. */
static const char *
outgoing_credentials (ColombeServer *incoming,
                      ColombeServer *outgoing)
{
  if (!needs_login (outgoing))
    return "none";
  if (g_strcmp0 (colombe_server_get_username (incoming),
                 colombe_server_get_username (outgoing)) == 0)
    return "use-incoming";
  return "custom";
}

/* "Alice Martin <alice@example.org>", the mailbox Geary sends as */
static char *
sender_mailbox (ColombeAccount *account)
{
  const char *name = colombe_account_get_name (account);
  const char *address = colombe_account_get_address (account);
  g_autoptr(GString) quoted = NULL;

  if (name == NULL || *name == '\0')
    return g_strdup (address);
  if (strpbrk (name, "\"\\()<>[]:;@,.") == NULL)
    return g_strdup_printf ("%s <%s>", name, address);

  /* RFC 5322 quoted string: only the quote and the backslash are escaped
   * (g_strescape() would turn "é" into octal) */
  quoted = g_string_new ("\"");
  for (const char *c = name; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *c);
    }
  g_string_append_printf (quoted, "\" <%s>", address);
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static GPtrArray *
geary_build (const ColombeExportRequest  *request,
             GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *incoming = colombe_account_get_incoming (account);
  ColombeServer *outgoing = colombe_account_get_outgoing (account);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *mailbox = NULL;
  g_autoptr(GBytes) contents = NULL;
  GPtrArray *files;
  gsize length;
  char *data;

  if (incoming == NULL || outgoing == NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("the account needs both an incoming and an outgoing server"));
      return NULL;
    }
  if (colombe_server_get_protocol (incoming) != COLOMBE_PROTOCOL_IMAP)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("Geary reads mail over IMAP only, and this account uses POP3"));
      return NULL;
    }
  if (!colombe_export_check_account (account, NULL, error))
    return NULL;

  mailbox = sender_mailbox (account);
  g_key_file_set_comment (file, NULL, NULL,
                          " Written by Colombe. Geary reads ~/.config/geary/account_NN/geary.ini:"
                          "\n put this file in a new account_NN folder there, then start Geary;"
                          "\n it asks for the password once and keeps it in the keyring.",
                          NULL);
  g_key_file_set_integer (file, "Metadata", "version", 1);
  g_key_file_set_string (file, "Metadata", "status", "enabled");
  g_key_file_set_string_list (file, "Account", "sender_mailboxes",
                              (const char * const[]) { mailbox }, 1);
  g_key_file_set_string (file, "Account", "service_provider", "other");
  set_service (file, "Incoming", incoming);
  set_service (file, "Outgoing", outgoing);
  g_key_file_set_string (file, "Outgoing", "credentials", outgoing_credentials (incoming, outgoing));

  data = g_key_file_to_data (file, &length, NULL);
  contents = g_bytes_new_take (data, length);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_export_file_free);
  g_ptr_array_add (files, colombe_export_file_new (GEARY_FILE_NAME, contents));

  return files;
}

const ColombeExporter colombe_export_geary = {
  .name = "geary",
  .extension = NULL,
  .description = N_("Geary’s geary.ini, written into a folder: give a new "
                    "~/.config/geary/account_NN as --output"),
  .can_carry_password = FALSE,
  .kind = COLOMBE_EXPORT_KIND_FOLDER,
  .without_oauth2 = N_("Geary signs in with OAuth2 only through GNOME Online Accounts: add the "
                       "account in Settings, Online Accounts, with the provider’s own entry"),
  .build = geary_build,
};
