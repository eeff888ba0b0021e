/* test-keyring.c: the password in a real gnome-keyring, seen by the API
 * and by secret-tool, as another program would see it
 *
 * The keyring is ColombeTestKeyring's: a private session bus and an
 * unlocked gnome-keyring-daemon in a scratch folder, never the real one.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "colombe-keyring.h"
#include "colombe-test-fixtures.h"

#define SECRET_TOOL "/usr/bin/secret-tool"
#define IMAP_HOST "imap.example.test"
#define SMTP_HOST "smtp.example.test"

static ColombeTestKeyring *keyring;

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
finished (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static ColombeServer *
server_new (ColombeProtocol  protocol,
            const char      *host,
            guint16          port,
            const char      *user)
{
  ColombeServer *server = colombe_server_new (protocol, host, port, COLOMBE_SECURITY_TLS);

  colombe_server_set_username (server, user);
  return server;
}

/* the server most tests use */
static ColombeServer *
alice_imap_server (void)
{
  return server_new (COLOMBE_PROTOCOL_IMAP, IMAP_HOST, 993, COLOMBE_TEST_ALICE_LOGIN);
}

static gboolean
store (ColombeServer  *server,
       const char     *address,
       const char     *password,
       GError        **error)
{
  Wait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  colombe_keyring_store_async (server, address, password, NULL, finished, &wait);
  result = wait_for (&wait);
  return colombe_keyring_store_finish (result, error);
}

static char *
lookup (ColombeServer  *server,
        GError        **error)
{
  Wait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  colombe_keyring_lookup_async (server, NULL, finished, &wait);
  result = wait_for (&wait);
  return colombe_keyring_lookup_finish (result, error);
}

static gboolean
forget (const char  *address,
        GError     **error)
{
  Wait wait = { 0 };
  g_autoptr(GAsyncResult) result = NULL;

  colombe_keyring_forget_async (address, NULL, finished, &wait);
  result = wait_for (&wait);
  return colombe_keyring_forget_finish (result, error);
}

static void
assert_stored (ColombeServer *server,
               const char    *address,
               const char    *password)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (store (server, address, password, &error));
  g_assert_no_error (error);
}

static void
assert_lookup (ColombeServer *server,
               const char    *expected)
{
  g_autoptr(GError) error = NULL;
  char *password = lookup (server, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
  colombe_keyring_password_free (password);
}

static void
assert_not_found (ColombeServer *server)
{
  g_autoptr(GError) error = NULL;
  char *password = lookup (server, &error);

  g_assert_error (error, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_NOT_FOUND);
  g_assert_null (password);
}

/* The real secret-tool, as a terminal client's configuration runs it:
 * what it prints (exactly, bytes), or NULL when it found nothing. */
static GBytes *
secret_tool_lookup (const char *protocol,
                    const char *host,
                    const char *port,
                    const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GBytes) output = NULL;

  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, SECRET_TOOL, "lookup", "protocol", protocol, "host", host,
                           "port", port, "user", user, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (tool, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (tool) || g_subprocess_get_exit_status (tool) != 0)
    return NULL;
  return g_steal_pointer (&output);
}

static void
assert_secret_tool (const char *protocol,
                    const char *host,
                    const char *port,
                    const char *user,
                    const char *expected)
{
  g_autoptr(GBytes) printed = secret_tool_lookup (protocol, host, port, user);
  g_autoptr(GBytes) wanted = g_bytes_new_static (expected, strlen (expected));

  g_assert_nonnull (printed);
  g_assert_true (g_bytes_equal (printed, wanted));
}

/* Colombe's items matching @attributes, straight from the service */
static GList *
search_items (GHashTable *attributes)
{
  g_autoptr(GError) error = NULL;
  GList *items;

  items = secret_service_search_sync (NULL, colombe_keyring_get_schema (), attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, NULL, &error);
  g_assert_no_error (error);
  return items;
}

static void
clear_all (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (forget (COLOMBE_TEST_ALICE_LOGIN, &error));
  g_assert_true (forget (COLOMBE_TEST_BOB_LOGIN, &error));
  g_assert_true (forget (COLOMBE_TEST_ZOE_LOGIN, &error));
  g_assert_no_error (error);
}

static void
test_keyring_secret_tool (void)
{
  g_autoptr(ColombeServer) imap = alice_imap_server ();

  colombe_test_watchdog_arm (30);
  assert_stored (imap, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  assert_secret_tool ("imap", IMAP_HOST, "993", COLOMBE_TEST_ALICE_LOGIN,
                      COLOMBE_TEST_ALICE_PASSWORD);
  /* the port as a string is what makes that match; another port does not */
  g_assert_null (secret_tool_lookup ("imap", IMAP_HOST, "143", COLOMBE_TEST_ALICE_LOGIN));
  g_assert_null (secret_tool_lookup ("pop3", IMAP_HOST, "993", COLOMBE_TEST_ALICE_LOGIN));
  clear_all ();
}

static void
test_keyring_lookup (void)
{
  g_autoptr(ColombeServer) imap = alice_imap_server ();
  g_autoptr(ColombeServer) other_port = server_new (COLOMBE_PROTOCOL_IMAP, IMAP_HOST, 143,
                                                    COLOMBE_TEST_ALICE_LOGIN);

  colombe_test_watchdog_arm (30);
  assert_not_found (imap);
  assert_stored (imap, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  assert_lookup (imap, COLOMBE_TEST_ALICE_PASSWORD);
  assert_not_found (other_port);

  /* storing again replaces: one item, the new password */
  assert_stored (imap, COLOMBE_TEST_ALICE_LOGIN, "alice-new-pw");
  assert_lookup (imap, "alice-new-pw");
  clear_all ();
}

/* The label a person sees in Seahorse, and every attribute, as stored */
static void
test_keyring_item (void)
{
  g_autoptr(ColombeServer) smtp = server_new (COLOMBE_PROTOCOL_SMTP, SMTP_HOST, 465,
                                              COLOMBE_TEST_ALICE_LOGIN);
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GList *items;
  g_autoptr(GDir) keyrings = NULL;

  colombe_test_watchdog_arm (30);
  assert_stored (smtp, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);

  g_hash_table_insert (query, (gpointer) "address", (gpointer) COLOMBE_TEST_ALICE_LOGIN);
  items = search_items (query);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Mail password for alice@example.test (smtp.example.test)");
  attributes = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                   "io.github.colombe.Colombe.Password");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "protocol"), ==, "smtp");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "host"), ==, SMTP_HOST);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "port"), ==, "465");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "user"), ==, COLOMBE_TEST_ALICE_LOGIN);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "address"), ==, COLOMBE_TEST_ALICE_LOGIN);
  g_assert_cmpuint (g_hash_table_size (attributes), ==, 6);
  g_list_free_full (items, g_object_unref);

  /* and it went to the private keyring's files, not anywhere else */
  keyrings = g_dir_open (colombe_test_keyring_get_keyrings_dir (keyring), 0, NULL);
  g_assert_nonnull (keyrings);
  g_assert_nonnull (g_dir_read_name (keyrings));
  clear_all ();
}

/* Two people on the same server: two items, each its own password */
static void
test_keyring_second_account (void)
{
  g_autoptr(ColombeServer) alice = alice_imap_server ();
  g_autoptr(ColombeServer) bob = server_new (COLOMBE_PROTOCOL_IMAP, IMAP_HOST, 993,
                                             COLOMBE_TEST_BOB_LOGIN);

  colombe_test_watchdog_arm (30);
  assert_stored (alice, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  assert_stored (bob, COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);

  assert_lookup (alice, COLOMBE_TEST_ALICE_PASSWORD);
  assert_lookup (bob, COLOMBE_TEST_BOB_PASSWORD);
  assert_secret_tool ("imap", IMAP_HOST, "993", COLOMBE_TEST_BOB_LOGIN,
                      COLOMBE_TEST_BOB_PASSWORD);
  assert_secret_tool ("imap", IMAP_HOST, "993", COLOMBE_TEST_ALICE_LOGIN,
                      COLOMBE_TEST_ALICE_PASSWORD);
  clear_all ();
}

static void
secret_tool_store (const char *password,
                   const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static (password, strlen (password));

  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, SECRET_TOOL, "store",
                           "--label=Not Colombe's", "address", address, "service", "other",
                           NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (tool, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (tool));
}

/* Only that address's items, only Colombe's */
static void
test_keyring_forget (void)
{
  g_autoptr(ColombeServer) alice_imap = alice_imap_server ();
  g_autoptr(ColombeServer) alice_smtp = server_new (COLOMBE_PROTOCOL_SMTP, SMTP_HOST, 465,
                                                    COLOMBE_TEST_ALICE_LOGIN);
  g_autoptr(ColombeServer) bob_imap = server_new (COLOMBE_PROTOCOL_IMAP, IMAP_HOST, 993,
                                                  COLOMBE_TEST_BOB_LOGIN);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) other = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;

  colombe_test_watchdog_arm (30);
  assert_stored (alice_imap, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  assert_stored (alice_smtp, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  assert_stored (bob_imap, COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);
  secret_tool_store ("someone-else", COLOMBE_TEST_ALICE_LOGIN);

  g_assert_true (forget (COLOMBE_TEST_ALICE_LOGIN, &error));
  g_assert_no_error (error);

  assert_not_found (alice_imap);
  assert_not_found (alice_smtp);
  g_assert_null (secret_tool_lookup ("imap", IMAP_HOST, "993", COLOMBE_TEST_ALICE_LOGIN));
  assert_lookup (bob_imap, COLOMBE_TEST_BOB_PASSWORD);

  /* another program's item with the same address stays */
  g_hash_table_insert (other, (gpointer) "service", (gpointer) "other");
  g_hash_table_insert (other, (gpointer) "address", (gpointer) COLOMBE_TEST_ALICE_LOGIN);
  items = secret_service_search_sync (NULL, NULL, other, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  /* forgetting again: nothing left, no error */
  g_assert_true (forget (COLOMBE_TEST_ALICE_LOGIN, &error));
  g_assert_no_error (error);
  clear_all ();
}

/* Quotes, a backslash, a space and an accent: byte for byte both ways */
static void
test_keyring_password_bytes (void)
{
  g_autoptr(ColombeServer) zoe = server_new (COLOMBE_PROTOCOL_POP3, "pop3.example.test", 995,
                                             COLOMBE_TEST_ZOE_LOGIN);

  colombe_test_watchdog_arm (30);
  g_assert_cmpuint (strlen (COLOMBE_TEST_ZOE_PASSWORD), ==, 12);
  assert_stored (zoe, COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  assert_lookup (zoe, COLOMBE_TEST_ZOE_PASSWORD);
  assert_secret_tool ("pop3", "pop3.example.test", "995", COLOMBE_TEST_ZOE_LOGIN,
                      COLOMBE_TEST_ZOE_PASSWORD);
  clear_all ();
}

static void
test_keyring_no_username (void)
{
  g_autoptr(ColombeServer) server = colombe_server_new (COLOMBE_PROTOCOL_IMAP, IMAP_HOST, 993,
                                                        COLOMBE_SECURITY_TLS);
  g_autoptr(GError) error = NULL;
  char *password;

  colombe_test_watchdog_arm (30);
  g_assert_false (store (server, COLOMBE_TEST_ALICE_LOGIN, "pw", &error));
  g_assert_error (error, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_NO_USERNAME);
  g_clear_error (&error);
  password = lookup (server, &error);
  g_assert_null (password);
  g_assert_error (error, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_NO_USERNAME);
}

static void
test_keyring_cancelled (void)
{
  g_autoptr(ColombeServer) imap = alice_imap_server ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  colombe_test_watchdog_arm (30);
  g_cancellable_cancel (cancellable);
  colombe_keyring_store_async (imap, COLOMBE_TEST_ALICE_LOGIN, "pw", cancellable,
                               finished, &wait);
  result = wait_for (&wait);
  g_assert_false (colombe_keyring_store_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Every way of failing gives the same plain sentence, never a crash */
static void
assert_unavailable (void)
{
  g_autoptr(ColombeServer) imap = alice_imap_server ();
  g_autoptr(GError) error = NULL;
  char *password;

  g_assert_false (store (imap, COLOMBE_TEST_ALICE_LOGIN, "pw", &error));
  g_assert_error (error, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "The desktop keyring is not available");
  g_clear_error (&error);

  password = lookup (imap, &error);
  g_assert_null (password);
  g_assert_error (error, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (forget (COLOMBE_TEST_ALICE_LOGIN, &error));
  g_assert_error (error, COLOMBE_KEYRING_ERROR, COLOMBE_KEYRING_ERROR_UNAVAILABLE);
}

/* A session bus where no secret service runs nor can be started. In a
 * subprocess: GDBus and libsecret keep the first bus a process used. */
static void
test_keyring_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(ColombeTestKeyring) bare = colombe_test_keyring_new ();
      g_autoptr(GError) error = NULL;

      colombe_test_watchdog_arm (30);
      colombe_test_keyring_set_secret_service (bare, FALSE);
      g_assert_true (colombe_test_keyring_start (bare, &error));
      g_assert_no_error (error);
      assert_unavailable ();
      secret_service_disconnect ();
      g_assert_true (colombe_test_keyring_stop (bare, &error));
      g_assert_no_error (error);
      return;
    }
  g_test_trap_subprocess (NULL, 40 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* No session bus at all: its socket does not exist */
static void
test_keyring_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("colombe-no-bus-XXXXXX", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s/no-bus", dir);

      colombe_test_watchdog_arm (30);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      assert_unavailable ();
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 40 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A second keyring in the same process is refused: the first bus is kept */
static void
test_keyring_once (void)
{
  g_autoptr(ColombeTestKeyring) second = colombe_test_keyring_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (colombe_test_keyring_start (second, &error));
  g_assert_error (error, COLOMBE_TEST_ERROR, COLOMBE_TEST_ERROR_NOT_ISOLATED);
}

/* A process whose session bus is already another one (the real one, in
 * life; here the main keyring's) gets a refusal, not that bus. */
static void
test_keyring_foreign_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GDBusConnection) foreign = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      g_autoptr(ColombeTestKeyring) refused = colombe_test_keyring_new ();
      g_autoptr(GError) error = NULL;

      colombe_test_watchdog_arm (30);
      g_assert_nonnull (foreign);
      g_dbus_connection_set_exit_on_close (foreign, FALSE);
      g_assert_false (colombe_test_keyring_start (refused, &error));
      g_assert_error (error, COLOMBE_TEST_ERROR, COLOMBE_TEST_ERROR_NOT_ISOLATED);
      return;
    }
  g_test_trap_subprocess (NULL, 40 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/secret-tool", test_keyring_secret_tool);
  g_test_add_func ("/keyring/lookup", test_keyring_lookup);
  g_test_add_func ("/keyring/item", test_keyring_item);
  g_test_add_func ("/keyring/second-account", test_keyring_second_account);
  g_test_add_func ("/keyring/forget", test_keyring_forget);
  g_test_add_func ("/keyring/password-bytes", test_keyring_password_bytes);
  g_test_add_func ("/keyring/no-username", test_keyring_no_username);
  g_test_add_func ("/keyring/cancelled", test_keyring_cancelled);
  g_test_add_func ("/keyring/unavailable/no-service", test_keyring_no_service);
  g_test_add_func ("/keyring/unavailable/no-bus", test_keyring_no_bus);
  g_test_add_func ("/keyring/fixture/once", test_keyring_once);
  g_test_add_func ("/keyring/fixture/foreign-bus", test_keyring_foreign_bus);

  /* the subprocesses set up their own world */
  if (g_test_subprocess ())
    return g_test_run ();

  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);

  status = g_test_run ();

  secret_service_disconnect ();
  colombe_test_keyring_stop (keyring, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (keyring);
  return status;
}
