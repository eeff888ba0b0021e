/* colombe-keyring.c: the mail password in the desktop keyring (libsecret)
 *
 * The password lives only in the Secret Service (GNOME Keyring, KWallet…),
 * under one schema that other programs can find without Colombe:
 *
 *   schema   io.github.colombe.Colombe.Password (libsecret also stores it
 *            as the "xdg:schema" attribute)
 *   protocol "imap", "pop3" or "smtp"
 *   host     the server's host name, as configured
 *   port     the server's port in decimal, "993"
 *   user     the username the server accepted
 *   address  the person's e-mail address (to list or forget all of theirs)
 *
 * so that a terminal client's configuration can say
 *   secret-tool lookup protocol imap host imap.example.org port 993 user alice@example.org
 * The flags are SECRET_SCHEMA_NONE: lookups by other programs need not name
 * the schema, and "address" is not needed to find a password.
 *
 * Always the Secret Service on the session bus, never libsecret's own file:
 * every call goes through secret_service_*() with no service object, which
 * connects to org.freedesktop.secrets (secret_service_get()). The simple
 * secret_password_*() calls instead go through secret_backend_get(), which
 * (libsecret 0.20 to 0.21, secret-backend.c) picks the "file" backend when
 * /.flatpak-info exists and the Secret portal answers: inside Flatpak the
 * password would land in a keyring file private to the sandbox, where
 * GNOME Online Accounts, Evolution and secret-tool never look, whatever
 * SECRET_BACKEND says (it is read only when that test fails). The Flatpak
 * manifests give the sandbox --talk-name=org.freedesktop.secrets for this.
 *
 * Nothing here logs or copies a password beyond what libsecret needs.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-keyring"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-keyring.h"

#define ATTRIBUTE_PROTOCOL "protocol"
#define ATTRIBUTE_HOST "host"
#define ATTRIBUTE_PORT "port"
#define ATTRIBUTE_USER "user"
#define ATTRIBUTE_ADDRESS "address"

G_DEFINE_QUARK (colombe-keyring-error-quark, colombe_keyring_error)

/* Every attribute is a STRING, the port too. On the Secret Service's D-Bus
 * interface all attributes are strings, and secret-tool (like any program
 * without our schema) can only pass strings: "port 993". Declaring the
 * port a string and writing it in decimal ourselves keeps what we store
 * byte for byte equal to what such a lookup sends, with no conversion
 * hidden in libsecret's handling of INTEGER attributes. */
static const SecretSchema schema = {
  COLOMBE_KEYRING_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { ATTRIBUTE_PROTOCOL, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { ATTRIBUTE_HOST, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { ATTRIBUTE_PORT, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { ATTRIBUTE_USER, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { ATTRIBUTE_ADDRESS, SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

const SecretSchema *
colombe_keyring_get_schema (void)
{
  return &schema;
}

void
colombe_keyring_password_free (char *password)
{
  secret_password_free (password);
}

/* Says in plain words why the keyring could not be used. Cancellation
 * stays G_IO_ERROR_CANCELLED, which the interface never shows. */
static GError *
keyring_error (GError *error)
{
  GError *plain;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("secret service: %s", error->message);
  if (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR
      || error->domain == G_SPAWN_ERROR)
    plain = g_error_new (COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_UNAVAILABLE,
                         _("The desktop keyring is not available"));
  else if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    plain = g_error_new (COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_LOCKED,
                         _("The desktop keyring is locked"));
  else
    plain = g_error_new (COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_FAILED,
                         _("The desktop keyring refused the request: %s"), error->message);
  g_error_free (error);
  return plain;
}

/* protocol, host, port and user of @server; NULL without a username */
static GHashTable *
server_attributes (ColombeServer *server)
{
  GHashTable *attributes;
  const char *user = colombe_server_get_username (server);

  if (user == NULL || user[0] == '\0')
    return NULL;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_PROTOCOL,
                       g_strdup (colombe_protocol_to_string (colombe_server_get_protocol (server))));
  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_HOST,
                       g_strdup (colombe_server_get_host (server)));
  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_PORT,
                       g_strdup_printf ("%u", colombe_server_get_port (server)));
  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_USER, g_strdup (user));
  return attributes;
}

static void
return_no_username (GTask *task)
{
  g_task_return_new_error (task, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_NO_USERNAME,
                           _("The server’s user name is not known yet"));
}

static void
password_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_service_store_finish (NULL, result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, keyring_error (error));
}

void
colombe_keyring_store_async (ColombeServer        *server,
                             const char           *address,
                             const char           *password,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  g_autoptr(SecretValue) value = NULL;

  g_return_if_fail (COLOMBE_IS_SERVER (server));
  g_return_if_fail (address != NULL && address[0] != '\0');
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_keyring_store_async);

  attributes = server_attributes (server);
  if (attributes == NULL)
    {
      return_no_username (task);
      return;
    }
  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_ADDRESS, g_strdup (address));

  /* TRANSLATORS: the keyring item's name; the e-mail address, then the server */
  label = g_strdup_printf (_("Mail password for %s (%s)"), address,
                           colombe_server_get_host (server));
  g_debug ("storing “%s”", label);
  /* what secret_password_storev() stores: the text, as text/plain */
  value = secret_value_new (password, -1, "text/plain");
  secret_service_store (NULL, &schema, attributes, SECRET_COLLECTION_DEFAULT, label, value,
                        cancellable, password_stored, g_steal_pointer (&task));
}

gboolean
colombe_keyring_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == colombe_keyring_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A password, as secret_password_lookup() accepts one: text/plain, or (as
 * older keyrings stored it) no or a binary content type holding UTF-8 */
static gboolean
is_password (SecretValue *value)
{
  const char *type = secret_value_get_content_type (value);
  gsize length;
  const char *data = secret_value_get (value, &length);

  if (g_strcmp0 (type, "text/plain") == 0)
    return TRUE;
  if (type == NULL || g_str_equal (type, "application/octet-stream"))
    return g_utf8_validate (data, length, NULL);
  return FALSE;
}

static void
password_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SecretValue *value;

  value = secret_service_lookup_finish (NULL, result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else if (value == NULL || !is_password (value))
    {
      g_clear_pointer (&value, secret_value_unref);
      g_task_return_new_error (task, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_NOT_FOUND,
                               _("No password is stored in the desktop keyring for this server"));
    }
  else
    /* nonpageable memory, as secret_password_lookup_nonpageable_finish() gives */
    g_task_return_pointer (task, secret_value_unref_to_password (value, NULL),
                           (GDestroyNotify) secret_password_free);
}

void
colombe_keyring_lookup_async (ColombeServer        *server,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (COLOMBE_IS_SERVER (server));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_keyring_lookup_async);

  attributes = server_attributes (server);
  if (attributes == NULL)
    {
      return_no_username (task);
      return;
    }
  secret_service_lookup (NULL, &schema, attributes, cancellable, password_found,
                         g_steal_pointer (&task));
}

char *
colombe_keyring_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == colombe_keyring_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
passwords_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to remove */
  if (!secret_service_clear_finish (NULL, result, &error) && error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
colombe_keyring_forget_async (const char           *address,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (address != NULL && address[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_keyring_forget_async);

  /* libsecret adds xdg:schema: only Colombe's items are removed */
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) ATTRIBUTE_ADDRESS, (gpointer) address);
  g_debug ("forgetting the passwords of %s", address);
  secret_service_clear (NULL, &schema, attributes, cancellable, passwords_cleared,
                        g_steal_pointer (&task));
}

gboolean
colombe_keyring_forget_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == colombe_keyring_forget_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
colombe_keyring_dup_lookup_command (ColombeServer *server)
{
  g_autofree char *protocol = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *user = NULL;
  g_autofree char *port_text = NULL;

  g_return_val_if_fail (COLOMBE_IS_SERVER (server), NULL);

  /* The same attribute values as the stored item (see the schema above) */
  port_text = g_strdup_printf ("%u", colombe_server_get_port (server));
  protocol = g_shell_quote (colombe_protocol_to_string (colombe_server_get_protocol (server)));
  host = g_shell_quote (colombe_server_get_host (server));
  port = g_shell_quote (port_text);
  user = g_shell_quote (colombe_server_get_username (server) ? colombe_server_get_username (server) : "");

  return g_strdup_printf ("secret-tool lookup protocol %s host %s port %s user %s",
                          protocol, host, port, user);
}

typedef struct
{
  guint   pending;
  GError *error;
} StoringAccount;

static void
storing_account_free (StoringAccount *storing)
{
  g_clear_error (&storing->error);
  g_free (storing);
}

static void
server_stored (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoringAccount *storing = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!colombe_keyring_store_finish (result, &error) && storing->error == NULL)
    storing->error = g_steal_pointer (&error);

  if (--storing->pending > 0)
    return;

  if (storing->error != NULL)
    g_task_return_error (task, g_steal_pointer (&storing->error));
  else
    g_task_return_boolean (task, TRUE);
}

void
colombe_keyring_store_account_async (ColombeAccount      *account,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoringAccount *storing = g_new0 (StoringAccount, 1);
  ColombeServer *servers[] = {
    colombe_account_get_incoming (account), colombe_account_get_outgoing (account),
  };

  g_return_if_fail (COLOMBE_IS_ACCOUNT (account));
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_keyring_store_account_async);
  g_task_set_task_data (task, storing, (GDestroyNotify) storing_account_free);

  /* Count first: a store may finish before the next one starts. */
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    storing->pending += servers[i] != NULL;

  if (storing->pending == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    if (servers[i] != NULL)
      colombe_keyring_store_async (servers[i], colombe_account_get_address (account), password,
                                   cancellable, server_stored, g_object_ref (task));
}

gboolean
colombe_keyring_store_account_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
