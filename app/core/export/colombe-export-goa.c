/* colombe-export-goa.c: the account added to GNOME Online Accounts
 *
 * GNOME Online Accounts' "IMAP and SMTP" provider, over D-Bus
 * (gnome-online-accounts data/dbus-interfaces.xml):
 *   org.gnome.OnlineAccounts.Manager.AddAccount (s provider, s identity,
 *     s presentation_identity, a{sv} credentials, a{ss} details) -> o
 * on /org/gnome/OnlineAccounts/Manager of the session bus. Evolution, Geary
 * and the other desktop programs then see the account. The daemon tests
 * nothing: Colombe proved the servers before.
 *
 * GOA needs the password (it keeps it in the keyring itself): the one the
 * person gave (--with-password), else the one in Colombe's keyring. It
 * travels in the credentials argument of the D-Bus call, never on a
 * command line.
 *
 * Escaping: none to do: every value is a D-Bus string (UTF-8, no NUL),
 * which the daemon keeps in its own key file with GLib's escapes. Line
 * breaks and control characters are refused before all the same
 * (colombe-export-text.h): GOA shows these values on one line.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-goa"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-targets.h"
#include "colombe-export-text.h"
#include "colombe-keyring.h"

#define GOA_BUS_NAME "org.gnome.OnlineAccounts"
#define GOA_MANAGER_PATH "/org/gnome/OnlineAccounts/Manager"
#define GOA_MANAGER_INTERFACE "org.gnome.OnlineAccounts.Manager"
#define GOA_PROVIDER "imap_smtp"
/* the daemon answers at once; a desktop may have to start it first */
#define GOA_CALL_TIMEOUT_MS 30000

typedef struct
{
  ColombeAccount *account;
  char           *imap_password;
  char           *smtp_password;
} Adding;

static void
adding_free (Adding *adding)
{
  g_clear_object (&adding->account);
  g_clear_pointer (&adding->imap_password, colombe_keyring_password_free);
  g_clear_pointer (&adding->smtp_password, colombe_keyring_password_free);
  g_free (adding);
}

static const char *
boolean_string (gboolean value)
{
  return value ? "true" : "false";
}

/* GOA takes "host" on its default port (IMAP 993 over TLS, else 143; SMTP
 * 465 over TLS, else 587), "host:port" otherwise. */
static char *
host_and_port (ColombeServer *server)
{
  ColombeSecurity security = colombe_server_get_security (server);
  gboolean imap = colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_IMAP;
  guint16 port = colombe_server_get_port (server);
  const char *host = colombe_server_get_host (server);
  guint16 usual;

  if (imap)
    usual = security == COLOMBE_SECURITY_TLS ? 993 : 143;
  else
    usual = security == COLOMBE_SECURITY_TLS ? 465 : 587;

  if (port == usual && security != COLOMBE_SECURITY_NONE)
    return g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

static void
add_detail (GVariantBuilder *details,
            const char      *prefix,
            const char      *key,
            const char      *value)
{
  g_autofree char *name = g_strconcat (prefix, key, NULL);

  g_variant_builder_add (details, "{ss}", name, value);
}

static void
add_server_details (GVariantBuilder *details,
                    const char      *prefix,
                    ColombeServer   *server)
{
  ColombeSecurity security = colombe_server_get_security (server);
  const char *username = colombe_server_get_username (server);
  g_autofree char *host = host_and_port (server);

  add_detail (details, prefix, "Host", host);
  add_detail (details, prefix, "UserName", username ? username : "");
  add_detail (details, prefix, "UseSsl", boolean_string (security == COLOMBE_SECURITY_TLS));
  add_detail (details, prefix, "UseTls", boolean_string (security == COLOMBE_SECURITY_STARTTLS));
  add_detail (details, prefix, "AcceptSslErrors", "false");
}

/* a{ss}: the keys of goaimapsmtpprovider.c, values "true"/"false" */
static GVariant *
details_new (ColombeAccount *account)
{
  GVariantBuilder details;
  ColombeServer *outgoing = colombe_account_get_outgoing (account);
  gboolean smtp_auth = g_strcmp0 (colombe_server_get_auth (outgoing), "none") != 0;
  const char *name = colombe_account_get_name (account);

  g_variant_builder_init (&details, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&details, "{ss}", "Enabled", "true");
  g_variant_builder_add (&details, "{ss}", "EmailAddress", colombe_account_get_address (account));
  g_variant_builder_add (&details, "{ss}", "Name", name ? name : "");
  add_server_details (&details, "Imap", colombe_account_get_incoming (account));
  add_server_details (&details, "Smtp", outgoing);
  g_variant_builder_add (&details, "{ss}", "SmtpUseAuth", boolean_string (smtp_auth));
  g_variant_builder_add (&details, "{ss}", "SmtpAuthPlain", boolean_string (smtp_auth));
  g_variant_builder_add (&details, "{ss}", "SmtpAuthLogin", "false");

  return g_variant_builder_end (&details);
}

static GVariant *
credentials_new (const Adding *adding)
{
  GVariantBuilder credentials;

  g_variant_builder_init (&credentials, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&credentials, "{sv}", "imap-password",
                         g_variant_new_string (adding->imap_password));
  g_variant_builder_add (&credentials, "{sv}", "smtp-password",
                         g_variant_new_string (adding->smtp_password));

  return g_variant_builder_end (&credentials);
}

/* What GOA's imap_smtp provider cannot hold; NULL when it can. */
static GError *
check_account (ColombeAccount *account,
               const char     *password)
{
  ColombeServer *incoming = colombe_account_get_incoming (account);
  ColombeServer *outgoing = colombe_account_get_outgoing (account);
  GError *error = NULL;

  if (incoming == NULL || outgoing == NULL)
    return g_error_new_literal (COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                                _("the account needs both an incoming and an outgoing server"));
  if (colombe_server_get_protocol (incoming) != COLOMBE_PROTOCOL_IMAP)
    return g_error_new_literal (COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                                _("GNOME Online Accounts reads mail over IMAP only, "
                                  "and this account uses POP3"));
  if (colombe_exporter_can_carry (&colombe_export_goa, account, &error))
    colombe_export_check_account (account, password, &error);
  return error;
}

static void
account_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_dbus_error_strip_remote_error (error);
      g_task_return_new_error (task, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_FAILED,
                               _("GNOME Online Accounts did not add the account: %s"),
                               error->message);
      return;
    }

  g_variant_get (reply, "(&o)", &path);
  g_debug ("GNOME Online Accounts added %s", path);
  g_task_return_boolean (task, TRUE);
}

static void
bus_found (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Adding *adding = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *address = colombe_account_get_address (adding->account);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  if (!(bus = g_bus_get_finish (result, &error)))
    {
      g_task_return_new_error (task, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_FAILED,
                               _("no desktop session bus to reach GNOME Online Accounts: %s"),
                               error->message);
      return;
    }

  g_dbus_connection_call (bus, GOA_BUS_NAME, GOA_MANAGER_PATH, GOA_MANAGER_INTERFACE,
                          "AddAccount",
                          g_variant_new ("(sss@a{sv}@a{ss})", GOA_PROVIDER, address, address,
                                         credentials_new (adding),
                                         details_new (adding->account)),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, GOA_CALL_TIMEOUT_MS,
                          cancellable, account_added, g_steal_pointer (&task));
}

/* D-Bus strings are UTF-8: a password from the keyring is checked too */
static void
add_account (GTask *task)
{
  Adding *adding = g_task_get_task_data (task);
  GError *error = NULL;

  if (!colombe_export_check_text (adding->imap_password, _("the password"), &error) ||
      !colombe_export_check_text (adding->smtp_password, _("the password"), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_bus_get (G_BUS_TYPE_SESSION, g_task_get_cancellable (task), bus_found, task);
}

/* The password Colombe kept for the outgoing server, else the incoming one's. */
static void
smtp_password_found (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Adding *adding = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  adding->smtp_password = colombe_keyring_lookup_finish (result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (adding->smtp_password == NULL)
    adding->smtp_password = g_strdup (adding->imap_password);

  add_account (g_steal_pointer (&task));
}

static void
imap_password_found (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Adding *adding = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  adding->imap_password = colombe_keyring_lookup_finish (result, &error);
  if (adding->imap_password == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_NOT_FOUND))
        g_task_return_new_error (task, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_FAILED,
                                 _("GNOME Online Accounts needs the password, and it is not in "
                                   "the keyring: colombe test --store-password puts it there"));
      else
        g_task_return_new_error (task, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_FAILED,
                                 _("GNOME Online Accounts needs the password, and the keyring "
                                   "could not give it: %s"), error->message);
      return;
    }

  colombe_keyring_lookup_async (colombe_account_get_outgoing (adding->account),
                                cancellable, smtp_password_found, g_steal_pointer (&task));
}

static void
goa_apply_async (const ColombeExportRequest *request,
                 GCancellable               *cancellable,
                 GAsyncReadyCallback         callback,
                 gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  Adding *adding;
  GError *error;

  g_return_if_fail (request != NULL && COLOMBE_IS_ACCOUNT (request->account));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, goa_apply_async);

  if ((error = check_account (request->account, request->password)) != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  adding = g_new0 (Adding, 1);
  adding->account = g_object_ref (request->account);
  g_task_set_task_data (task, adding, (GDestroyNotify) adding_free);

  if (request->password != NULL)
    {
      adding->imap_password = g_strdup (request->password);
      adding->smtp_password = g_strdup (request->password);
      add_account (g_steal_pointer (&task));
      return;
    }

  colombe_keyring_lookup_async (colombe_account_get_incoming (request->account), cancellable,
                                imap_password_found, g_steal_pointer (&task));
}

static gboolean
goa_apply_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const ColombeExporter colombe_export_goa = {
  .name = "goa",
  .extension = NULL,
  .description = N_("adds the account to GNOME Online Accounts (Evolution, Geary and the "
                    "desktop then see it)"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_ACTION,
  .without_oauth2 = N_("GNOME Online Accounts’ IMAP and SMTP account takes only a password: add "
                       "this one in Settings, Online Accounts, with the provider’s own entry "
                       "(Google, Microsoft), or use Thunderbird"),
  .apply_async = goa_apply_async,
  .apply_finish = goa_apply_finish,
};
