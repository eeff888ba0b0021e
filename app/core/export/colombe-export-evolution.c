/* colombe-export-evolution.c: the three .source key files Evolution's
 * registry reads from ~/.config/evolution/sources/
 *
 * An Evolution mail account is three data sources, linked by their UIDs
 * (a source's UID is its file name without ".source"):
 *   the account   [Mail Account] BackendName=imapx|pop, IdentityUid
 *   the identity  Parent=account; [Mail Identity], [Mail Submission] TransportUid
 *   the transport Parent=account; [Mail Transport] BackendName=smtp
 * The registry watches the folder: copying the files there is enough.
 * Evolution keeps passwords under its own libsecret schema
 * (org.gnome.Evolution.Data.Source, attribute e-source-uid): nothing of the
 * password is written here; the account's header comment says how to store it.
 *
 * OAuth2: Evolution signs in itself to the providers it has an OAuth2
 * service for, named by the source's [Authentication] Method: "Google",
 * "Outlook" and "Yahoo" (evolution-data-server
 * src/libedataserver/e-oauth2-service-{google,outlook,yahoo}.c, get_name;
 * e_oauth2_services_find() matches a source by that method, and Camel's
 * XOAUTH2 mechanisms for IMAP and SMTP take the same names). Any other
 * OAuth2 account is refused (oauth2_refusal).
 *
 * Escaping: GKeyFile writes and Evolution's registry reads (GLib 2.74,
 * Debian 12); g_key_file_set_string() escapes "\", leading spaces and
 * line breaks; no list and no locale key is written. Line breaks and
 * control characters are refused before all the same
 * (colombe-export-text.h): Evolution shows these values on one line.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-evolution"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-export-targets.h"
#include "colombe-export-text.h"
#include "colombe-thunderbird-account.h"

typedef struct
{
  char *account;
  char *identity;
  char *transport;
} Uids;

static void
uids_clear (Uids *uids)
{
  g_clear_pointer (&uids->account, g_free);
  g_clear_pointer (&uids->identity, g_free);
  g_clear_pointer (&uids->transport, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Uids, uids_clear)

/* e-source-security.c's names */
static const char *
security_method (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return "ssl-on-alternate-port";
    case COLOMBE_SECURITY_STARTTLS:
      return "starttls-on-standard-port";
    case COLOMBE_SECURITY_NONE:
    default:
      return "none";
    }
}

/* Evolution's OAuth2 service for @server's host, or NULL */
static const char *
oauth2_service (ColombeServer *server)
{
  static const struct { const char *domain; const char *service; } services[] = {
    { "gmail.com", "Google" }, { "googlemail.com", "Google" }, { "google.com", "Google" },
    { "outlook.com", "Outlook" }, { "office365.com", "Outlook" }, { "hotmail.com", "Outlook" },
    { "yahoo.com", "Yahoo" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (services); i++)
    if (colombe_export_host_in_domain (colombe_server_get_host (server), services[i].domain))
      return services[i].service;

  return NULL;
}

gboolean
colombe_export_evolution_knows_oauth2 (ColombeServer *server)
{
  return oauth2_service (server) != NULL;
}

/* Thunderbird is the way out only for a provider it knows itself. */
static const char *
evolution_oauth2_refusal (ColombeAccount *account)
{
  if (colombe_export_oauth2_servers_known (account, colombe_export_evolution_knows_oauth2))
    return NULL;
  if (colombe_thunderbird_oauth2_refusal (account) == NULL)
    return N_("Evolution signs in with OAuth2 only to Google, Microsoft and Yahoo: "
              "use Thunderbird for this account");
  return N_("Evolution signs in with OAuth2 only to Google, Microsoft and Yahoo: "
            "use the provider’s own app or its webmail");
}

/* Camel's mechanism names; NULL: the protocol's own login (IMAP LOGIN,
 * POP3 USER/PASS), which needs no Method key. */
static const char *
auth_method (ColombeServer *server)
{
  const char *auth = colombe_server_get_auth (server);

  if (g_strcmp0 (auth, "OAuth2") == 0)
    return oauth2_service (server);
  if (g_strcmp0 (auth, "password-encrypted") == 0)
    return "CRAM-MD5";
  if (colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_POP3)
    return NULL;
  return "PLAIN";
}

static void
set_data_source (GKeyFile   *file,
                 const char *display_name,
                 const char *parent)
{
  g_key_file_set_string (file, "Data Source", "DisplayName", display_name);
  g_key_file_set_boolean (file, "Data Source", "Enabled", TRUE);
  g_key_file_set_string (file, "Data Source", "Parent", parent ? parent : "");
}

static void
set_server (GKeyFile      *file,
            ColombeServer *server)
{
  const char *user = colombe_server_get_username (server);
  const char *method = auth_method (server);
  gboolean needs_login = g_strcmp0 (colombe_server_get_auth (server), "none") != 0;

  g_key_file_set_string (file, "Authentication", "Host", colombe_server_get_host (server));
  g_key_file_set_integer (file, "Authentication", "Port", colombe_server_get_port (server));
  if (needs_login && user != NULL)
    {
      g_key_file_set_string (file, "Authentication", "User", user);
      if (method != NULL)
        g_key_file_set_string (file, "Authentication", "Method", method);
      g_key_file_set_boolean (file, "Authentication", "RememberPassword", TRUE);
    }
  g_key_file_set_string (file, "Security", "Method",
                         security_method (colombe_server_get_security (server)));
}

static GBytes *
key_file_bytes (GKeyFile *file)
{
  gsize length;
  char *data = g_key_file_to_data (file, &length, NULL);

  return g_bytes_new_take (data, length);
}

/* What a person reads at the top of the account's file. */
static void
comment_account (GKeyFile   *file,
                 const Uids *uids)
{
  g_autofree char *comment = NULL;

  comment = g_strdup_printf (
    " Written by Colombe. Copy the three files\n"
    "   %s.source\n   %s.source\n   %s.source\n"
    " into ~/.config/evolution/sources/: Evolution sees the account at once.\n"
    " It asks for the password on first use; or store it beforehand with\n"
    "   secret-tool store --label=Evolution xdg:schema org.gnome.Evolution.Data.Source \\\n"
    "     e-source-uid %s",
    uids->account, uids->identity, uids->transport, uids->account);
  g_key_file_set_comment (file, NULL, NULL, comment, NULL);
}

static GBytes *
account_source (ColombeAccount *account,
                const Uids     *uids)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  ColombeServer *incoming = colombe_account_get_incoming (account);
  gboolean pop = colombe_server_get_protocol (incoming) == COLOMBE_PROTOCOL_POP3;

  set_data_source (file, colombe_account_get_address (account), NULL);
  comment_account (file, uids);
  g_key_file_set_string (file, "Mail Account", "BackendName", pop ? "pop" : "imapx");
  g_key_file_set_string (file, "Mail Account", "IdentityUid", uids->identity);
  g_key_file_set_boolean (file, "Mail Account", "NeedsInitialSetup", TRUE);
  set_server (file, incoming);

  return key_file_bytes (file);
}

static GBytes *
identity_source (ColombeAccount *account,
                 const Uids     *uids)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  const char *name = colombe_account_get_name (account);

  set_data_source (file, colombe_account_get_address (account), uids->account);
  g_key_file_set_string (file, "Mail Identity", "Address", colombe_account_get_address (account));
  g_key_file_set_string (file, "Mail Identity", "Name", name ? name : "");
  g_key_file_set_string (file, "Mail Submission", "TransportUid", uids->transport);

  return key_file_bytes (file);
}

static GBytes *
transport_source (ColombeAccount *account,
                  const Uids     *uids)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  set_data_source (file, colombe_account_get_address (account), uids->account);
  g_key_file_set_string (file, "Mail Transport", "BackendName", "smtp");
  set_server (file, colombe_account_get_outgoing (account));

  return key_file_bytes (file);
}

static void
add_file (GPtrArray  *files,
          const char *uid,
          GBytes     *contents)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);

  g_ptr_array_add (files, colombe_export_file_new (name, contents));
  g_bytes_unref (contents);
}

static GPtrArray *
evolution_build (const ColombeExportRequest  *request,
                 GError                     **error)
{
  ColombeAccount *account = request->account;
  g_autofree char *uuid = g_uuid_string_random ();
  g_auto(Uids) uids = { NULL, NULL, NULL };
  GPtrArray *files;

  if (colombe_account_get_incoming (account) == NULL ||
      colombe_account_get_outgoing (account) == NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("the account needs both an incoming and an outgoing server"));
      return NULL;
    }
  if (!colombe_export_check_account (account, NULL, error))
    return NULL;

  /* one random part: the three names show they belong together */
  uids.account = g_strdup_printf ("colombe-%s-account", uuid);
  uids.identity = g_strdup_printf ("colombe-%s-identity", uuid);
  uids.transport = g_strdup_printf ("colombe-%s-transport", uuid);

  files = g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_export_file_free);
  add_file (files, uids.account, account_source (account, &uids));
  add_file (files, uids.identity, identity_source (account, &uids));
  add_file (files, uids.transport, transport_source (account, &uids));

  return files;
}

const ColombeExporter colombe_export_evolution = {
  .name = "evolution",
  .extension = NULL,
  .description = N_("Evolution’s three .source files: copy them into "
                    "~/.config/evolution/sources/ (or give that folder as --output)"),
  .can_carry_password = FALSE,
  .kind = COLOMBE_EXPORT_KIND_FOLDER,
  .oauth2_refusal = evolution_oauth2_refusal,
  .build = evolution_build,
};
