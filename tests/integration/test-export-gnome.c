/* test-export-gnome.c: the evolution, geary and goa targets, read back by
 * GLib's key file reader and by the desktop's own services
 *
 * Everything runs on ColombeTestKeyring's private session bus, with HOME
 * and the XDG folders in its scratch folder: goa-daemon keeps the accounts
 * it is given there, Evolution's source registry reads the exported
 * .source files from there. Never the real desktop.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <signal.h>
#include <string.h>

#include "colombe-account.h"
#include "colombe-keyring.h"
#include "colombe-test-fixtures.h"

#define GOA_DAEMON "/usr/libexec/goa-daemon"
#define GOA_NAME "org.gnome.OnlineAccounts"
#define EDS_REGISTRY "/usr/libexec/evolution-source-registry"
#define EDS_NAME "org.gnome.evolution.dataserver.Sources5"
#define EDS_MANAGER_PATH "/org/gnome/evolution/dataserver/SourceManager"
#define IMAP_HOST "imap.example.test"
#define SMTP_HOST "smtp.example.test"
#define POP_HOST "pop.example.test"
/* in the keyring for every account it is written for: never in a file */
#define MARKER_PASSWORD "colombe-marker-2b7e41"
#define SERVICE_START_MS 20000

static ColombeTestKeyring *keyring;
static char *scratch;
static ColombeTestProcess *goa_daemon;

/* ---------------------------------------------------------------------- */
/* accounts, the keyring, running colombe                                 */

static char *
account_json (const char *address,
              const char *incoming_protocol,
              const char *incoming_host,
              guint       incoming_port,
              const char *incoming_security,
              guint       smtp_port,
              const char *smtp_security)
{
  return g_strdup_printf (
    "{\"version\": 1, \"name\": \"Alice Martin\", \"address\": \"%s\", \"source\": \"manual\","
    " \"incoming\": {\"protocol\": \"%s\", \"host\": \"%s\", \"port\": %u, \"security\": \"%s\","
    "   \"username\": \"%s\", \"auth\": \"password-cleartext\"},"
    " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"" SMTP_HOST "\", \"port\": %u,"
    "   \"security\": \"%s\", \"username\": \"%s\", \"auth\": \"password-cleartext\"}}",
    address, incoming_protocol, incoming_host, incoming_port, incoming_security, address,
    smtp_port, smtp_security, address);
}

static char *
write_imap_account (const char *file_name,
                    const char *address)
{
  g_autofree char *json = account_json (address, "imap", IMAP_HOST, 993, "tls", 587, "starttls");

  return colombe_test_json_write_account (scratch, file_name, json);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Stored;

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Stored *store = user_data;

  store->ok = colombe_keyring_store_finish (result, &store->error);
  store->done = TRUE;
}

/* As `colombe test --store-password` leaves it: one item per server. */
static void
store_password (const char *account_path,
                const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(ColombeAccount) account = NULL;
  ColombeServer *servers[2];

  g_assert_true (g_file_get_contents (account_path, &data, NULL, &error));
  account = colombe_account_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  servers[0] = colombe_account_get_incoming (account);
  servers[1] = colombe_account_get_outgoing (account);

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      Stored store = { FALSE, FALSE, NULL };

      colombe_keyring_store_async (servers[i], colombe_account_get_address (account), password,
                                   NULL, stored, &store);
      while (!store.done)
        g_main_context_iteration (NULL, TRUE);
      g_assert_no_error (store.error);
      g_assert_true (store.ok);
    }
}

/* colombe export --format FORMAT --account ACCOUNT [--output OUTPUT] [EXTRA] */
static void
export (ColombeTestRun *run,
        const char     *format,
        const char     *account_path,
        const char     *output,
        const char     *extra)
{
  const char *argv[10] = { COLOMBE_BINARY, "export", "--format", format,
                           "--account", account_path, NULL };
  guint n = 6;

  if (output != NULL)
    {
      argv[n++] = "--output";
      argv[n++] = output;
    }
  if (extra != NULL)
    argv[n++] = extra;

  colombe_test_run (run, NULL, NULL, argv);
  g_test_message ("export %s: exit %d\n%s\n%s", format, run->status, run->out, run->err);
}

static char *
output_dir (const char *name)
{
  return g_build_filename (scratch, name, NULL);
}

/* ---------------------------------------------------------------------- */
/* key files                                                              */

static void
assert_no_marker (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  g_assert_null (strstr (data, MARKER_PASSWORD));
}

static GKeyFile *
load_key_file (const char *path)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  assert_no_marker (path);
  return g_steal_pointer (&file);
}

static void
assert_string (GKeyFile   *file,
               const char *group,
               const char *key,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = g_key_file_get_string (file, group, key, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
}

static void
assert_integer (GKeyFile   *file,
                const char *group,
                const char *key,
                int         expected)
{
  g_autoptr(GError) error = NULL;
  int value = g_key_file_get_integer (file, group, key, &error);

  g_assert_no_error (error);
  g_assert_cmpint (value, ==, expected);
}

/* ---------------------------------------------------------------------- */
/* Evolution                                                              */

typedef struct
{
  char     *uid;
  GKeyFile *file;
} Source;

typedef struct
{
  Source account;
  Source identity;
  Source transport;
} Sources;

static void
sources_clear (Sources *sources)
{
  Source *each[] = { &sources->account, &sources->identity, &sources->transport };

  for (guint i = 0; i < G_N_ELEMENTS (each); i++)
    {
      g_clear_pointer (&each[i]->uid, g_free);
      g_clear_pointer (&each[i]->file, g_key_file_unref);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sources, sources_clear)

/* Reads the folder's three .source files, each by what it holds. */
static void
read_sources (const char *folder,
              Sources    *sources)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GKeyFile) file = load_key_file (path);
      Source *source;

      g_assert_true (g_str_has_suffix (name, ".source"));
      if (g_key_file_has_group (file, "Mail Account"))
        source = &sources->account;
      else if (g_key_file_has_group (file, "Mail Identity"))
        source = &sources->identity;
      else if (g_key_file_has_group (file, "Mail Transport"))
        source = &sources->transport;
      else
        g_assert_not_reached ();

      g_assert_null (source->file);
      source->uid = g_strndup (name, strlen (name) - strlen (".source"));
      source->file = g_steal_pointer (&file);
      n++;
    }
  g_assert_cmpuint (n, ==, 3);
}

static void
assert_links (Sources *sources)
{
  assert_string (sources->account.file, "Data Source", "Parent", "");
  assert_string (sources->account.file, "Mail Account", "IdentityUid", sources->identity.uid);
  assert_string (sources->identity.file, "Data Source", "Parent", sources->account.uid);
  assert_string (sources->identity.file, "Mail Submission", "TransportUid",
                 sources->transport.uid);
  assert_string (sources->transport.file, "Data Source", "Parent", sources->account.uid);
  g_assert_true (g_str_has_prefix (sources->account.uid, "colombe-"));
}

/* The marker in the keyring, the export, its three linked files read back */
static void
export_sources (const char *account,
                const char *folder,
                Sources    *sources)
{
  g_auto(ColombeTestRun) run = { 0 };

  store_password (account, MARKER_PASSWORD);
  export (&run, "evolution", account, folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read_sources (folder, sources);
  assert_links (sources);
}

static void
test_evolution_imap (void)
{
  g_autofree char *account = write_imap_account ("evolution-imap.json", COLOMBE_TEST_ALICE_LOGIN);
  g_autofree char *folder = output_dir ("evolution-imap");
  g_auto(ColombeTestRun) again = { 0 };
  g_auto(Sources) sources = { { 0 } };

  colombe_test_watchdog_arm (30);
  export_sources (account, folder, &sources);
  assert_string (sources.account.file, "Mail Account", "BackendName", "imapx");
  assert_string (sources.account.file, "Authentication", "Host", IMAP_HOST);
  assert_integer (sources.account.file, "Authentication", "Port", 993);
  assert_string (sources.account.file, "Authentication", "User", COLOMBE_TEST_ALICE_LOGIN);
  assert_string (sources.account.file, "Security", "Method", "ssl-on-alternate-port");
  assert_string (sources.identity.file, "Mail Identity", "Address", COLOMBE_TEST_ALICE_LOGIN);
  assert_string (sources.identity.file, "Mail Identity", "Name", "Alice Martin");
  assert_string (sources.transport.file, "Mail Transport", "BackendName", "smtp");
  assert_string (sources.transport.file, "Authentication", "Host", SMTP_HOST);
  assert_integer (sources.transport.file, "Authentication", "Port", 587);
  assert_string (sources.transport.file, "Authentication", "User", COLOMBE_TEST_ALICE_LOGIN);
  assert_string (sources.transport.file, "Authentication", "Method", "PLAIN");
  assert_string (sources.transport.file, "Security", "Method", "starttls-on-standard-port");

  /* a second export into the same folder gets new UIDs: a second
   * account beside the first, nothing replaced */
  export (&again, "evolution", account, folder, NULL);
  g_assert_cmpint (again.status, ==, 0);
}

static void
test_evolution_pop (void)
{
  g_autofree char *json = account_json (COLOMBE_TEST_BOB_LOGIN, "pop3", POP_HOST, 110,
                                        "starttls", 465, "tls");
  g_autofree char *account = colombe_test_json_write_account (scratch, "evolution-pop.json", json);
  g_autofree char *folder = output_dir ("evolution-pop");
  g_auto(Sources) sources = { { 0 } };

  colombe_test_watchdog_arm (30);
  export_sources (account, folder, &sources);
  assert_string (sources.account.file, "Mail Account", "BackendName", "pop");
  assert_string (sources.account.file, "Authentication", "Host", POP_HOST);
  assert_integer (sources.account.file, "Authentication", "Port", 110);
  assert_string (sources.account.file, "Security", "Method", "starttls-on-standard-port");
  assert_integer (sources.transport.file, "Authentication", "Port", 465);
  assert_string (sources.transport.file, "Security", "Method", "ssl-on-alternate-port");
}

/* Evolution keeps passwords under its own schema: --with-password is refused. */
static void
test_evolution_no_password (void)
{
  g_autofree char *account = write_imap_account ("evolution-pw.json", COLOMBE_TEST_ALICE_LOGIN);
  g_autofree char *folder = output_dir ("evolution-pw");
  const char *targets[] = { "evolution", "geary" };

  colombe_test_watchdog_arm (30);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_auto(ColombeTestRun) run = { 0 };

      export (&run, targets[i], account, folder, "--with-password");
      colombe_test_run_assert_usage_error (&run);
      g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
    }
}

static gboolean
name_has_owner (gpointer user_data)
{
  const char *name = user_data;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* A desktop service in this test's session: HOME and XDG folders are the
 * keyring fixture's; GSettings in memory (no dconf on this bus). */
static ColombeTestProcess *
start_service (const char * const *argv,
               const char         *bus_name,
               const char         *log_name)
{
  g_autofree char *log = g_build_filename (scratch, log_name, NULL);
  g_auto(GStrv) environment = g_get_environ ();
  g_autoptr(GError) error = NULL;
  ColombeTestProcess *process;

  environment = g_environ_setenv (environment, "GSETTINGS_BACKEND", "memory", TRUE);
  environment = g_environ_setenv (environment, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  environment = g_environ_setenv (environment, "G_MESSAGES_DEBUG", "all", TRUE);
  process = colombe_test_process_spawn_full (argv, (const char * const *) environment,
                                             NULL, log, FALSE, &error);
  g_assert_no_error (error);

  if (!colombe_test_wait_until (name_has_owner, (gpointer) bus_name, SERVICE_START_MS))
    {
      g_autofree char *text = NULL;

      g_file_get_contents (log, &text, NULL, NULL);
          g_error ("%s did not take %s within %u ms; its log:\n%s", argv[0], bus_name,
               SERVICE_START_MS, text ? text : "");
    }

  return process;
}

static void
stop_service (ColombeTestProcess *process)
{
  g_autoptr(GError) error = NULL;

  colombe_test_process_stop (process, SIGTERM, 5000, &error);
  g_assert_no_error (error);
  colombe_test_process_free (process);
}

/* org.freedesktop.DBus.ObjectManager.GetManagedObjects of @name */
static GVariant *
managed_objects (const char *name,
                 const char *path)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, name, path, "org.freedesktop.DBus.ObjectManager",
                                       "GetManagedObjects", NULL,
                                       G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, &error);
  g_assert_no_error (error);
  return g_variant_get_child_value (reply, 0);
}

/* The properties of @interface on the object where @key is @value, or NULL */
static GVariant *
find_object (GVariant   *objects,
             const char *interface,
             const char *key,
             const char *value,
             char      **path_out)
{
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;

  g_variant_iter_init (&iter, objects);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr(GVariant) owned = interfaces;
      g_autoptr(GVariant) properties = g_variant_lookup_value (interfaces, interface,
                                                               G_VARIANT_TYPE_VARDICT);
      const char *found = NULL;

      if (properties != NULL && g_variant_lookup (properties, key, "&s", &found) &&
          g_str_equal (found, value))
        {
          if (path_out != NULL)
            *path_out = g_strdup (path);
          return g_steal_pointer (&properties);
        }
    }

  return NULL;
}

/* Empties the registry's folder, which it writes in too (its own
 * sources), for the next export to be read alone */
static void
remove_sources (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
}

/* Evolution's own registry reads the files exported for @account and
 * publishes the three sources on the bus; the account's and the
 * transport's hold @method, Camel's way to sign in. */
static void
check_registry (const char *account,
                const char *method)
{
  g_autofree char *folder = g_build_filename (g_get_user_config_dir (), "evolution", "sources",
                                              NULL);
  g_auto(ColombeTestRun) run = { 0 };
  g_auto(Sources) sources = { { 0 } };
  g_autoptr(GVariant) objects = NULL;
  ColombeTestProcess *registry;
  Source *each[3];

  colombe_test_watchdog_arm (60);
  export (&run, "evolution", account, folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  read_sources (folder, &sources);
  each[0] = &sources.account;
  each[1] = &sources.identity;
  each[2] = &sources.transport;

  registry = start_service ((const char *[]) { EDS_REGISTRY, NULL }, EDS_NAME,
                           "evolution-source-registry.log");
  objects = managed_objects (EDS_NAME, EDS_MANAGER_PATH);
  for (guint i = 0; i < G_N_ELEMENTS (each); i++)
    {
      g_autoptr(GVariant) source = find_object (objects, "org.gnome.evolution.dataserver.Source",
                                                "UID", each[i]->uid, NULL);
      const char *data = NULL;

      g_assert_nonnull (source);
      g_assert_true (g_variant_lookup (source, "Data", "&s", &data));
      g_test_message ("%s as the registry holds it:\n%s", each[i]->uid, data);
      if (each[i] == &sources.account)
        g_assert_nonnull (strstr (data, "BackendName=imapx"));
      else
        g_assert_nonnull (strstr (data, sources.account.uid));
      if (each[i] != &sources.identity)
        g_assert_nonnull (strstr (data, method));
    }
  stop_service (registry);
  remove_sources (folder);
}

static gboolean
skip_without_registry (void)
{
  if (g_file_test (EDS_REGISTRY, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  g_test_skip (EDS_REGISTRY " is not installed (evolution-data-server)");
  return TRUE;
}

static void
test_evolution_registry (void)
{
  g_autofree char *account = write_imap_account ("evolution-registry.json",
                                                 COLOMBE_TEST_ZOE_LOGIN);

  if (!skip_without_registry ())
    check_registry (account, "\nMethod=PLAIN\n");
}

/* A Gmail account that signs in with OAuth2: Evolution's Google service */
static void
test_evolution_registry_oauth2 (void)
{
  const char json[] =
    "{\"version\": 1, \"name\": \"Alice Martin\", \"address\": \"alice@gmail.com\","
    " \"incoming\": {\"protocol\": \"imap\", \"host\": \"imap.gmail.com\", \"port\": 993,"
    "   \"security\": \"tls\", \"username\": \"alice@gmail.com\", \"auth\": \"OAuth2\"},"
    " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp.gmail.com\", \"port\": 465,"
    "   \"security\": \"tls\", \"username\": \"alice@gmail.com\", \"auth\": \"OAuth2\"}}";
  g_autofree char *account = colombe_test_json_write_account (scratch, "evolution-oauth2.json",
                                                              json);

  if (!skip_without_registry ())
    check_registry (account, "\nMethod=Google\n");
}

/* ---------------------------------------------------------------------- */
/* Geary                                                                  */

static void
test_geary_imap (void)
{
  g_autofree char *account = write_imap_account ("geary.json", COLOMBE_TEST_ALICE_LOGIN);
  g_autofree char *folder = output_dir ("geary-account_01");
  g_autofree char *path = g_build_filename (folder, "geary.ini", NULL);
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(GKeyFile) file = NULL;
  g_auto(GStrv) mailboxes = NULL;

  colombe_test_watchdog_arm (30);
  store_password (account, MARKER_PASSWORD);
  export (&run, "geary", account, folder, NULL);
  g_assert_cmpint (run.status, ==, 0);

  file = load_key_file (path);
  assert_integer (file, "Metadata", "version", 1);
  assert_string (file, "Metadata", "status", "enabled");
  mailboxes = g_key_file_get_string_list (file, "Account", "sender_mailboxes", NULL, NULL);
  g_assert_nonnull (mailboxes);
  g_assert_cmpstr (mailboxes[0], ==, "Alice Martin <" COLOMBE_TEST_ALICE_LOGIN ">");
  g_assert_null (mailboxes[1]);
  assert_string (file, "Account", "service_provider", "other");
  assert_string (file, "Incoming", "host", IMAP_HOST);
  assert_integer (file, "Incoming", "port", 993);
  assert_string (file, "Incoming", "login", COLOMBE_TEST_ALICE_LOGIN);
  assert_string (file, "Incoming", "transport_security", "transport");
  g_assert_true (g_key_file_get_boolean (file, "Incoming", "remember_password", NULL));
  assert_string (file, "Outgoing", "host", SMTP_HOST);
  assert_integer (file, "Outgoing", "port", 587);
  assert_string (file, "Outgoing", "transport_security", "start-tls");
  assert_string (file, "Outgoing", "credentials", "use-incoming");

  /* the account folder exists now: not replaced without --force */
  {
    g_auto(ColombeTestRun) again = { 0 };

    export (&again, "geary", account, folder, NULL);
    g_assert_cmpint (again.status, ==, 2);
    export (&again, "geary", account, folder, "--force");
    g_assert_cmpint (again.status, ==, 0);
  }
}

static void
test_geary_pop (void)
{
  g_autofree char *json = account_json (COLOMBE_TEST_BOB_LOGIN, "pop3", POP_HOST, 995, "tls",
                                        465, "tls");
  g_autofree char *account = colombe_test_json_write_account (scratch, "geary-pop.json", json);
  g_autofree char *folder = output_dir ("geary-pop");
  g_auto(ColombeTestRun) run = { 0 };

  colombe_test_watchdog_arm (30);
  export (&run, "geary", account, folder, NULL);
  colombe_test_run_assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "POP3"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* ---------------------------------------------------------------------- */
/* GNOME Online Accounts                                                  */

static void
ensure_goa_daemon (void)
{
  if (goa_daemon == NULL)
    goa_daemon = start_service ((const char *[]) { GOA_DAEMON, "--replace", NULL }, GOA_NAME,
                                "goa-daemon.log");
}

static GVariant *
goa_mail (const char  *address,
          char       **path)
{
  g_autoptr(GVariant) objects = managed_objects (GOA_NAME, "/org/gnome/OnlineAccounts");

  return find_object (objects, "org.gnome.OnlineAccounts.Mail", "EmailAddress", address, path);
}

static void
assert_property (GVariant   *properties,
                 const char *key,
                 const char *expected)
{
  const char *value = NULL;

  g_assert_true (g_variant_lookup (properties, key, "&s", &value));
  g_assert_cmpstr (value, ==, expected);
}

static void
assert_flag (GVariant   *properties,
             const char *key,
             gboolean    expected)
{
  gboolean value;

  g_assert_true (g_variant_lookup (properties, key, "b", &value));
  g_assert_cmpint (value, ==, expected);
}

/* GOA keeps the credentials in the keyring under goa-identity
 * "imap_smtp:gen0:<account id>": @password must be in them. */
static void
assert_goa_credentials (const char *path,
                        const char *password)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;
  const char *id = strrchr (path, '/') + 1;
  g_autoptr(GVariant) string = g_variant_ref_sink (g_variant_new_string (password));
  g_autofree char *quoted = g_variant_print (string, FALSE);
  GList *items;
  SecretValue *value;

  g_hash_table_insert (attributes, (gpointer) "goa-identity",
                       g_strdup_printf ("imap_smtp:gen0:%s", id));
  items = secret_service_search_sync (NULL, NULL, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                      SECRET_SEARCH_LOAD_SECRETS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  value = secret_item_get_secret (items->data);
  g_assert_nonnull (value);
  /* a GVariant text: {'imap-password': <'…'>, 'smtp-password': <'…'>} */
  g_assert_nonnull (strstr (secret_value_get_text (value), quoted));
  g_assert_nonnull (strstr (secret_value_get_text (value), "imap-password"));
  g_assert_nonnull (strstr (secret_value_get_text (value), "smtp-password"));
  secret_value_unref (value);
  g_list_free_full (items, g_object_unref);
}

/* No --with-password: the password comes from Colombe's keyring. */
static void
test_goa_keyring (void)
{
  g_autofree char *account = write_imap_account ("goa.json", COLOMBE_TEST_ALICE_LOGIN);
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(GVariant) mail = NULL;
  g_autofree char *path = NULL;

  colombe_test_watchdog_arm (60);
  ensure_goa_daemon ();
  store_password (account, COLOMBE_TEST_ALICE_PASSWORD);
  export (&run, "goa", account, NULL, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");

  mail = goa_mail (COLOMBE_TEST_ALICE_LOGIN, &path);
  g_assert_nonnull (mail);
  assert_property (mail, "ImapHost", IMAP_HOST);
  assert_property (mail, "ImapUserName", COLOMBE_TEST_ALICE_LOGIN);
  assert_flag (mail, "ImapUseSsl", TRUE);
  assert_flag (mail, "ImapUseTls", FALSE);
  assert_flag (mail, "ImapAcceptSslErrors", FALSE);
  assert_property (mail, "SmtpHost", SMTP_HOST);
  assert_property (mail, "SmtpUserName", COLOMBE_TEST_ALICE_LOGIN);
  assert_flag (mail, "SmtpUseAuth", TRUE);
  assert_flag (mail, "SmtpAuthPlain", TRUE);
  assert_flag (mail, "SmtpUseSsl", FALSE);
  assert_flag (mail, "SmtpUseTls", TRUE);
  assert_property (mail, "Name", "Alice Martin");
  assert_goa_credentials (path, COLOMBE_TEST_ALICE_PASSWORD);
}

/* --with-password, and ports GOA does not take by default: "host:port". */
static void
test_goa_with_password (void)
{
  g_autofree char *json = account_json (COLOMBE_TEST_ZOE_LOGIN, "imap", IMAP_HOST, 1993, "tls",
                                        2465, "tls");
  g_autofree char *account = colombe_test_json_write_account (scratch, "goa-zoe.json", json);
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(GVariant) mail = NULL;
  g_autofree char *path = NULL;

  colombe_test_watchdog_arm (60);
  ensure_goa_daemon ();
  store_password (account, COLOMBE_TEST_ZOE_PASSWORD);
  export (&run, "goa", account, NULL, "--with-password");
  g_assert_cmpint (run.status, ==, 0);

  mail = goa_mail (COLOMBE_TEST_ZOE_LOGIN, &path);
  g_assert_nonnull (mail);
  assert_property (mail, "ImapHost", IMAP_HOST ":1993");
  assert_property (mail, "SmtpHost", SMTP_HOST ":2465");
  assert_flag (mail, "SmtpUseSsl", TRUE);
  assert_flag (mail, "SmtpUseTls", FALSE);
  /* the quote, backslash, space and ö of zoe's password came through */
  assert_goa_credentials (path, COLOMBE_TEST_ZOE_PASSWORD);
}

/* Nothing in the keyring, no --with-password: a clear error, no account. */
static void
test_goa_no_password (void)
{
  g_autofree char *account = write_imap_account ("goa-bob.json", COLOMBE_TEST_BOB_LOGIN);
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(GVariant) mail = NULL;

  colombe_test_watchdog_arm (60);
  ensure_goa_daemon ();
  export (&run, "goa", account, NULL, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "password"));
  g_assert_nonnull (strstr (run.err, "colombe test --store-password"));

  mail = goa_mail (COLOMBE_TEST_BOB_LOGIN, NULL);
  g_assert_null (mail);
}

/* GOA's imap_smtp provider has no POP: refused before any D-Bus call. */
static void
test_goa_pop (void)
{
  g_autofree char *json = account_json ("pop-user@example.test", "pop3", POP_HOST, 995, "tls",
                                        465, "tls");
  g_autofree char *account = colombe_test_json_write_account (scratch, "goa-pop.json", json);
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(GVariant) mail = NULL;

  colombe_test_watchdog_arm (60);
  ensure_goa_daemon ();
  store_password (account, MARKER_PASSWORD);
  export (&run, "goa", account, NULL, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "POP3"));
  g_assert_null (strstr (run.err, MARKER_PASSWORD));

  mail = goa_mail ("pop-user@example.test", NULL);
  g_assert_null (mail);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-gnome/evolution/imap", test_evolution_imap);
  g_test_add_func ("/export-gnome/evolution/pop", test_evolution_pop);
  g_test_add_func ("/export-gnome/evolution/no-password", test_evolution_no_password);
  g_test_add_func ("/export-gnome/evolution/registry", test_evolution_registry);
  g_test_add_func ("/export-gnome/evolution/registry-oauth2", test_evolution_registry_oauth2);
  g_test_add_func ("/export-gnome/geary/imap", test_geary_imap);
  g_test_add_func ("/export-gnome/geary/pop", test_geary_pop);
  g_test_add_func ("/export-gnome/goa/keyring", test_goa_keyring);
  g_test_add_func ("/export-gnome/goa/with-password", test_goa_with_password);
  g_test_add_func ("/export-gnome/goa/no-password", test_goa_no_password);
  g_test_add_func ("/export-gnome/goa/pop", test_goa_pop);

  scratch = colombe_test_scratch_dir_new ("export-gnome", &error);
  g_assert_no_error (error);
  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);

  status = g_test_run ();

  g_clear_pointer (&goa_daemon, stop_service);
  secret_service_disconnect ();
  colombe_test_keyring_stop (keyring, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (keyring);
  colombe_test_scratch_dir_remove (scratch, NULL);
  g_free (scratch);
  return status;
}
