/* colombe-export-account.c: an account as the phone targets say it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-account"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-export-account.h"
#include "colombe-export-text.h"

/* The username the server accepted; a provider's template (%EMAILADDRESS%)
 * said for this person; the address when nothing is known. */
static char *
dup_username (ColombeServer *server,
              const char    *address,
              const char    *name)
{
  const char *username = colombe_server_get_username (server);

  if (username == NULL)
    username = colombe_server_get_username_template (server);
  if (username == NULL)
    return g_strdup (address);

  return colombe_expand_placeholders (username, address, name);
}

const char *
colombe_export_android_host (ColombeServer *server)
{
  const char *host;

  g_return_val_if_fail (COLOMBE_IS_SERVER (server), NULL);

  host = colombe_server_get_host (server);
  if (!g_str_equal (colombe_server_get_auth (server), "OAuth2") ||
      !(colombe_export_host_in_domain (host, "outlook.com") ||
        colombe_export_host_in_domain (host, "hotmail.com") ||
        colombe_export_host_in_domain (host, "office365.com")))
    return host;

  return colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_SMTP ? "smtp.office365.com"
                                                                       : "outlook.office365.com";
}

gboolean
colombe_export_android_knows_oauth2 (ColombeServer *server)
{
  /* TbOAuthConfigurationFactory.kt of the release build, matched exactly */
  static const char * const hosts[] = {
    "imap.aol.com", "smtp.aol.com",
    "imap.fastmail.com", "smtp.fastmail.com",
    "imap.gmail.com", "imap.googlemail.com", "smtp.gmail.com", "smtp.googlemail.com",
    "outlook.office365.com", "smtp.office365.com",
    "imap.mail.yahoo.com", "smtp.mail.yahoo.com",
  };
  g_autofree char *host = NULL;

  g_return_val_if_fail (COLOMBE_IS_SERVER (server), FALSE);

  host = g_ascii_strdown (colombe_export_android_host (server), -1);
  return g_strv_contains (hosts, host);
}

const char *
colombe_export_android_oauth2_refusal (ColombeAccount *account)
{
  return colombe_export_oauth2_servers_known (account, colombe_export_android_knows_oauth2)
         ? NULL
         : N_("Thunderbird for Android signs in with OAuth2 only to the IMAP and SMTP servers of "
              "Gmail, Outlook.com, Yahoo, AOL and Fastmail: choose IMAP if the provider offers "
              "it, or else use the provider’s own app on the phone");
}

gboolean
colombe_export_account_init (ColombeExportAccount        *self,
                             const ColombeExportRequest  *request,
                             GError                     **error)
{
  ColombeAccount *account;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (request != NULL && COLOMBE_IS_ACCOUNT (request->account), FALSE);

  account = request->account;
  self->address = colombe_account_get_address (account);
  self->name = colombe_account_get_name (account);
  self->incoming = colombe_account_get_incoming (account);
  self->outgoing = colombe_account_get_outgoing (account);
  self->password = request->password;

  if (self->incoming == NULL || self->outgoing == NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("the account needs both an incoming and an outgoing server"));
      return FALSE;
    }

  /* what the usernames are made of is checked: so are they */
  if (!colombe_export_check_account (account, self->password, error))
    return FALSE;

  self->incoming_username = dup_username (self->incoming, self->address, self->name);
  self->outgoing_username = dup_username (self->outgoing, self->address, self->name);

  return TRUE;
}

void
colombe_export_account_clear (ColombeExportAccount *self)
{
  g_clear_pointer (&self->incoming_username, g_free);
  g_clear_pointer (&self->outgoing_username, g_free);
}
