/* test-export-thunderbird.c: `colombe export --format thunderbird`, read by
 * a real Thunderbird
 *
 * The prefs tests read every user.js line back. The Thunderbird test starts
 * Debian's Thunderbird headless on a fresh profile holding the exported
 * user.js, asks it over Marionette (its remote protocol, on loopback inside
 * this test's network namespace) which account it built, and watches it log
 * in to the test Dovecot over TLS and list the INBOX. Thunderbird keeps
 * passwords in its own login manager: a first start, without the account,
 * stores the test password there, as a person answering its prompt would.
 * A second Thunderbird, offline, reads an account whose name and username
 * try to break out of the pref strings (values the model accepts): it
 * must report them whole, hold no injected pref, write them back escaped
 * in prefs.js and run nothing.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"
#include "colombe-keyring.h"
#include "colombe-provider-db.h"
#include "colombe-thunderbird-account.h"
#include "thunderbird/colombe-thunderbird-logins.h"

#define MARKER_PASSWORD   "marker-Zq7-never-in-a-file"
#define MARIONETTE_PORT   2828
#define THUNDERBIRD       "/usr/bin/thunderbird"
#define CERTUTIL          "/usr/bin/certutil"

static ColombeTestPki *pki;
static char *scratch;

/* The test's own account files ------------------------------------------ */

static char *
write_account (const char *name,
               const char *address,
               const char *incoming,
               const char *outgoing)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"version\": 1, \"name\": \"Alice \\\"Al\\\" Martin\", "
                                           "\"address\": \"%s\", \"source\": \"manual\", "
                                           "\"incoming\": %s, \"outgoing\": %s}",
                                           address, incoming, outgoing);

  return colombe_test_json_write_account (scratch, file, json);
}

static char *
server_json_as (const char *protocol,
                const char *host,
                guint       port,
                const char *security,
                const char *auth,
                const char *username)
{
  return g_strdup_printf ("{\"protocol\": \"%s\", \"host\": \"%s\", \"port\": %u, "
                          "\"security\": \"%s\", \"username\": \"%s\", "
                          "\"auth\": \"%s\"}", protocol, host, port, security, username, auth);
}

/* Alice logs in */
static char *
server_json (const char *protocol,
             const char *host,
             guint       port,
             const char *security,
             const char *auth)
{
  return server_json_as (protocol, host, port, security, auth, COLOMBE_TEST_ALICE_LOGIN);
}

static char *
export_to_string (const char *format,
                  const char *account)
{
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", format, "--account", account,
                         "--output", "-", NULL };
  g_auto(ColombeTestRun) run = { 0 };

  colombe_test_run (&run, NULL, NULL, argv);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  return g_steal_pointer (&run.out);
}

/* The user.js of Alice's account at @imap_host (993, TLS) and @smtp_host
 * (587, STARTTLS), signing in with @auth on both. */
static char *
export_imap_smtp (const char *name,
                  const char *imap_host,
                  const char *smtp_host,
                  const char *auth)
{
  g_autofree char *incoming = server_json ("imap", imap_host, 993, "tls", auth);
  g_autofree char *outgoing = server_json ("smtp", smtp_host, 587, "starttls", auth);
  g_autofree char *account = write_account (name, COLOMBE_TEST_ALICE_LOGIN, incoming, outgoing);

  return export_to_string ("thunderbird", account);
}

/* user.js back into prefs ------------------------------------------------ */

/* name -> value as Thunderbird reads it: strings unquoted, numbers and
 * booleans as written. Every line of @what must be a comment, blank or a
 * pref whose name matches @name_pattern, and no name may come twice. */
static GHashTable *
parse_prefs (const char *text,
             const char *name_pattern,
             const char *what)
{
  g_autofree char *pattern = g_strdup_printf ("^user_pref\\(\"(%s)\", "
                                              "(\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9]+|true|false)"
                                              "\\);$", name_pattern);
  g_autoptr(GRegex) line_regex = g_regex_new (pattern, 0, 0, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *prefs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *name = NULL;
      g_autofree char *raw = NULL;

      if (lines[i][0] == '\0' || g_str_has_prefix (lines[i], "//"))
        continue;
      if (!g_regex_match (line_regex, lines[i], 0, &match))
        g_error ("not a %s line: %s", what, lines[i]);

      name = g_match_info_fetch (match, 1);
      raw = g_match_info_fetch (match, 2);
      g_assert_false (g_hash_table_contains (prefs, name));
      if (raw[0] == '"')
        g_hash_table_insert (prefs, g_steal_pointer (&name), g_strcompress (g_match_info_fetch (match, 3)));
      else
        g_hash_table_insert (prefs, g_steal_pointer (&name), g_steal_pointer (&raw));
    }

  return prefs;
}

static GHashTable *
parse_user_js (const char *text)
{
  return parse_prefs (text, "[A-Za-z0-9_.]+", "user.js");
}

static void
assert_pref (GHashTable *prefs,
             const char *name,
             const char *value)
{
  const char *found = g_hash_table_lookup (prefs, name);

  if (g_strcmp0 (found, value) != 0)
    g_error ("%s: %s, expected %s", name, found ? found : "(none)", value);
}

typedef struct
{
  const char *key;
  const char *value;
} Pref;

/* Every pref of the file, @suffix replacing "<h>" in names and values. */
static void
assert_prefs_exactly (GHashTable *prefs,
                      const Pref *expected,
                      gsize       n_expected,
                      const char *suffix)
{
  for (gsize i = 0; i < n_expected; i++)
    {
      g_autoptr(GString) name = g_string_new (expected[i].key);
      g_autoptr(GString) value = g_string_new (expected[i].value);

      g_string_replace (name, "<h>", suffix, 0);
      g_string_replace (value, "<h>", suffix, 0);
      assert_pref (prefs, name->str, value->str);
    }
  g_assert_cmpuint (g_hash_table_size (prefs), ==, n_expected);
}

static char *
dup_suffix (GHashTable *prefs)
{
  const char *account = g_hash_table_lookup (prefs, "mail.accountmanager.appendaccounts");

  g_assert_nonnull (account);
  g_assert_true (g_str_has_prefix (account, "account_colombe_"));
  g_assert_cmpuint (strlen (account), ==, strlen ("account_colombe_") + 12);

  return g_strdup (account + strlen ("account_colombe_"));
}

static void
test_prefs_imap_tls (void)
{
  g_autofree char *text = export_imap_smtp ("imap-tls", "imap.example.test", "smtp.example.test",
                                            "password-cleartext");
  g_autoptr(GHashTable) prefs = parse_user_js (text);
  g_autofree char *suffix = dup_suffix (prefs);
  const Pref expected[] = {
    { "mail.accountmanager.appendaccounts", "account_colombe_<h>" },
    { "mail.account.account_colombe_<h>.server", "server_colombe_<h>" },
    { "mail.account.account_colombe_<h>.identities", "id_colombe_<h>" },
    { "mail.server.server_colombe_<h>.type", "imap" },
    { "mail.server.server_colombe_<h>.hostname", "imap.example.test" },
    { "mail.server.server_colombe_<h>.port", "993" },
    { "mail.server.server_colombe_<h>.socketType", "3" },
    { "mail.server.server_colombe_<h>.authMethod", "3" },
    { "mail.server.server_colombe_<h>.userName", COLOMBE_TEST_ALICE_LOGIN },
    { "mail.server.server_colombe_<h>.name", COLOMBE_TEST_ALICE_LOGIN },
    { "mail.server.server_colombe_<h>.login_at_startup", "true" },
    { "mail.identity.id_colombe_<h>.fullName", "Alice \"Al\" Martin" },
    { "mail.identity.id_colombe_<h>.useremail", COLOMBE_TEST_ALICE_LOGIN },
    { "mail.identity.id_colombe_<h>.smtpServer", "smtp_colombe_<h>" },
    { "mail.identity.id_colombe_<h>.valid", "true" },
    { "mail.smtpservers", "smtp_colombe_<h>" },
    { "mail.smtpserver.smtp_colombe_<h>.type", "smtp" },
    { "mail.smtpserver.smtp_colombe_<h>.hostname", "smtp.example.test" },
    { "mail.smtpserver.smtp_colombe_<h>.port", "587" },
    { "mail.smtpserver.smtp_colombe_<h>.try_ssl", "2" },
    { "mail.smtpserver.smtp_colombe_<h>.authMethod", "3" },
    { "mail.smtpserver.smtp_colombe_<h>.username", COLOMBE_TEST_ALICE_LOGIN },
    { "mail.smtpserver.smtp_colombe_<h>.description", COLOMBE_TEST_ALICE_LOGIN },
  };

  assert_prefs_exactly (prefs, expected, G_N_ELEMENTS (expected), suffix);
  /* the header says how to use it */
  g_assert_true (g_str_has_prefix (text, "// Thunderbird account written by Colombe"));
  g_assert_nonnull (strstr (text, "\"user.js\""));
  g_assert_nonnull (strstr (text, "NEW Thunderbird profile"));
}

/* POP3 keeps the messages on the server (a shared mailbox); an encrypted
 * password is 4; no authentication sends no username. */
static void
test_prefs_pop3_starttls (void)
{
  g_autofree char *incoming = server_json ("pop3", "pop.example.test", 110, "starttls",
                                           "password-encrypted");
  g_autofree char *outgoing = server_json ("smtp", "smtp.example.test", 465, "tls", "none");
  g_autofree char *account = write_account ("pop3-starttls", COLOMBE_TEST_ALICE_LOGIN,
                                            incoming, outgoing);
  g_autofree char *text = export_to_string ("thunderbird", account);
  g_autoptr(GHashTable) prefs = parse_user_js (text);
  g_autofree char *suffix = dup_suffix (prefs);
  const Pref expected[] = {
    { "mail.accountmanager.appendaccounts", "account_colombe_<h>" },
    { "mail.account.account_colombe_<h>.server", "server_colombe_<h>" },
    { "mail.account.account_colombe_<h>.identities", "id_colombe_<h>" },
    { "mail.server.server_colombe_<h>.type", "pop3" },
    { "mail.server.server_colombe_<h>.hostname", "pop.example.test" },
    { "mail.server.server_colombe_<h>.port", "110" },
    { "mail.server.server_colombe_<h>.socketType", "2" },
    { "mail.server.server_colombe_<h>.authMethod", "4" },
    { "mail.server.server_colombe_<h>.userName", COLOMBE_TEST_ALICE_LOGIN },
    { "mail.server.server_colombe_<h>.name", COLOMBE_TEST_ALICE_LOGIN },
    { "mail.server.server_colombe_<h>.login_at_startup", "true" },
    { "mail.server.server_colombe_<h>.leave_on_server", "true" },
    { "mail.identity.id_colombe_<h>.fullName", "Alice \"Al\" Martin" },
    { "mail.identity.id_colombe_<h>.useremail", COLOMBE_TEST_ALICE_LOGIN },
    { "mail.identity.id_colombe_<h>.smtpServer", "smtp_colombe_<h>" },
    { "mail.identity.id_colombe_<h>.valid", "true" },
    { "mail.smtpservers", "smtp_colombe_<h>" },
    { "mail.smtpserver.smtp_colombe_<h>.type", "smtp" },
    { "mail.smtpserver.smtp_colombe_<h>.hostname", "smtp.example.test" },
    { "mail.smtpserver.smtp_colombe_<h>.port", "465" },
    { "mail.smtpserver.smtp_colombe_<h>.try_ssl", "3" },
    { "mail.smtpserver.smtp_colombe_<h>.authMethod", "1" },
    { "mail.smtpserver.smtp_colombe_<h>.description", COLOMBE_TEST_ALICE_LOGIN },
  };

  assert_prefs_exactly (prefs, expected, G_N_ELEMENTS (expected), suffix);
}

/* Keys follow the address (case aside), differ between addresses, and
 * never look like Thunderbird's own (account1, server2…). */
static void
test_prefs_keys (void)
{
  g_autofree char *incoming = server_json ("imap", "imap.example.test", 993, "tls",
                                           "password-cleartext");
  g_autofree char *outgoing = server_json ("smtp", "smtp.example.test", 465, "tls",
                                           "password-cleartext");
  g_autofree char *alice = write_account ("keys-alice", COLOMBE_TEST_ALICE_LOGIN, incoming, outgoing);
  g_autofree char *upper = write_account ("keys-upper", "Alice@Example.test", incoming, outgoing);
  g_autofree char *bob = write_account ("keys-bob", COLOMBE_TEST_BOB_LOGIN, incoming, outgoing);
  g_autofree char *alice_text = export_to_string ("thunderbird", alice);
  g_autofree char *upper_text = export_to_string ("thunderbird", upper);
  g_autofree char *bob_text = export_to_string ("thunderbird", bob);
  g_autoptr(GHashTable) alice_prefs = parse_user_js (alice_text);
  g_autoptr(GHashTable) upper_prefs = parse_user_js (upper_text);
  g_autoptr(GHashTable) bob_prefs = parse_user_js (bob_text);
  g_autofree char *alice_suffix = dup_suffix (alice_prefs);
  g_autofree char *upper_suffix = dup_suffix (upper_prefs);
  g_autofree char *bob_suffix = dup_suffix (bob_prefs);

  g_assert_cmpstr (alice_suffix, ==, upper_suffix);
  g_assert_cmpstr (alice_suffix, !=, bob_suffix);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{12}$", alice_suffix, 0, 0));
}

/* A marker password sits in the keyring: it is in neither file, and
 * --with-password is refused for both targets (they cannot carry one). */
typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
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

static gboolean
is_done (gpointer user_data)
{
  return ((Stored *) user_data)->done;
}

static void
store_marker (ColombeServer *server)
{
  Stored store = { FALSE, FALSE, NULL };

  colombe_keyring_store_async (server, COLOMBE_TEST_ALICE_LOGIN, MARKER_PASSWORD, NULL,
                               stored, &store);
  g_assert_true (colombe_test_wait_until (is_done, &store, 20000));
  g_assert_no_error (store.error);
  g_assert_true (store.ok);
}

static void
test_no_password (void)
{
  const char *formats[] = { "thunderbird", "outlook" };
  g_autofree char *incoming = server_json ("imap", "imap.example.test", 993, "tls",
                                           "password-cleartext");
  g_autofree char *outgoing = server_json ("smtp", "smtp.example.test", 465, "tls",
                                           "password-cleartext");
  g_autofree char *account = write_account ("marker", COLOMBE_TEST_ALICE_LOGIN, incoming, outgoing);
  g_autoptr(ColombeServer) imap = colombe_server_new (COLOMBE_PROTOCOL_IMAP, "imap.example.test",
                                                      993, COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) smtp = colombe_server_new (COLOMBE_PROTOCOL_SMTP, "smtp.example.test",
                                                      465, COLOMBE_SECURITY_TLS);

  colombe_test_watchdog_arm (60);
  colombe_server_set_username (imap, COLOMBE_TEST_ALICE_LOGIN);
  colombe_server_set_username (smtp, COLOMBE_TEST_ALICE_LOGIN);
  store_marker (imap);
  store_marker (smtp);

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("marker.", formats[i], NULL);
      g_autofree char *output = g_build_filename (scratch, name, NULL);
      g_autofree char *refused = g_strconcat (output, ".refused", NULL);
      g_autofree char *contents = NULL;
      const char *argv[] = { COLOMBE_BINARY, "export", "--format", formats[i], "--account",
                             account, "--output", output, NULL };
      const char *with_password[] = { COLOMBE_BINARY, "export", "--format", formats[i],
                                      "--account", account, "--output", refused,
                                      "--with-password", NULL };
      g_auto(ColombeTestRun) run = { 0 };
      g_auto(ColombeTestRun) run_with = { 0 };

      g_test_message ("%s", formats[i]);
      colombe_test_run (&run, NULL, NULL, argv);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
      g_assert_null (strstr (contents, MARKER_PASSWORD));
      g_assert_null (strstr (contents, "marker-"));
      g_assert_null (strstr (run.out, MARKER_PASSWORD));
      g_assert_null (strstr (run.err, MARKER_PASSWORD));

      colombe_test_run (&run_with, NULL, NULL, with_password);
      colombe_test_run_assert_usage_error (&run_with);
      g_assert_nonnull (strstr (run_with.err, "cannot carry a password"));
      g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
    }
}

/* A small Marionette client ---------------------------------------------- */

/* Marionette frames are "<length>:<json>"; a command is [0, id, name,
 * params], its answer [1, id, error, result]. */
typedef struct
{
  GSocketConnection *connection;
  guint              id;
} Marionette;

static JsonNode *
marionette_read (Marionette  *marionette,
                 GError     **error)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (marionette->connection));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = NULL;
  gsize length = 0;
  gsize got;
  char c;

  for (;;)
    {
      if (!g_input_stream_read_all (input, &c, 1, &got, NULL, error))
        return NULL;
      if (got == 0 || (c != ':' && !g_ascii_isdigit (c)) || length > 64 * 1024 * 1024)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "bad Marionette frame");
          return NULL;
        }
      if (c == ':')
        break;
      length = length * 10 + (c - '0');
    }

  body = g_malloc (length + 1);
  if (!g_input_stream_read_all (input, body, length, &got, NULL, error))
    return NULL;
  body[got] = '\0';
  if (!json_parser_load_from_data (parser, body, got, error))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
marionette_connect (Marionette *marionette)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(JsonNode) hello = NULL;

  g_socket_client_set_timeout (client, 60);
  marionette->connection = g_socket_client_connect_to_host (client, "127.0.0.1", MARIONETTE_PORT,
                                                            NULL, NULL);
  if (marionette->connection == NULL)
    return FALSE;

  hello = marionette_read (marionette, NULL);
  if (hello == NULL)
    {
      g_clear_object (&marionette->connection);
      return FALSE;
    }

  return TRUE;
}

static gboolean
marionette_is_up (gpointer user_data)
{
  return marionette_connect (user_data);
}

/* The command's result; fails the test on a Marionette error. */
static JsonNode *
marionette_command (Marionette *marionette,
                    const char *name,
                    JsonNode   *params)
{
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (marionette->connection));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) command = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *frame = NULL;
  JsonArray *array;

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 0);
  json_builder_add_int_value (builder, ++marionette->id);
  json_builder_add_string_value (builder, name);
  if (params != NULL)
    json_builder_add_value (builder, json_node_copy (params));
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  command = json_builder_get_root (builder);
  body = json_to_string (command, FALSE);
  frame = g_strdup_printf ("%zu:%s", strlen (body), body);

  g_output_stream_write_all (output, frame, strlen (frame), NULL, NULL, &error);
  g_assert_no_error (error);
  reply = marionette_read (marionette, &error);
  g_assert_no_error (error);

  array = json_node_get_array (reply);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  if (!JSON_NODE_HOLDS_NULL (json_array_get_element (array, 2)))
    g_error ("Marionette %s: %s", name,
             json_to_string (json_array_get_element (array, 2), FALSE));

  return json_node_copy (json_array_get_element (array, 3));
}

static JsonNode *
params_new (const char *member,
            const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
marionette_start_session (Marionette *marionette)
{
  g_autoptr(JsonNode) context = params_new ("value", "chrome");
  g_autoptr(JsonNode) session = marionette_command (marionette, "WebDriver:NewSession", NULL);
  g_autoptr(JsonNode) timeouts = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) set = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "script");
  json_builder_add_int_value (builder, 40000);
  json_builder_end_object (builder);
  timeouts = json_builder_get_root (builder);
  json_node_unref (marionette_command (marionette, "WebDriver:SetTimeouts", timeouts));
  set = marionette_command (marionette, "Marionette:SetContext", context);
}

/* Runs @script in Thunderbird's chrome; it ends by calling resolve() with
 * a string (JSON.stringify), which is returned. */
static char *
marionette_run (Marionette *marionette,
                const char *script)
{
  g_autofree char *full = g_strconcat ("const resolve = arguments[arguments.length - 1];\n"
                                       "const { MailServices } = ChromeUtils.importESModule("
                                       "\"resource:///modules/MailServices.sys.mjs\");\n",
                                       script, NULL);
  g_autoptr(JsonNode) params = params_new ("script", full);
  g_autoptr(JsonNode) result = NULL;

  json_object_set_array_member (json_node_get_object (params), "args", json_array_new ());
  result = marionette_command (marionette, "WebDriver:ExecuteAsyncScript", params);

  return g_strdup (json_object_get_string_member (json_node_get_object (result), "value"));
}

static void
marionette_close (Marionette *marionette)
{
  g_clear_object (&marionette->connection);
}

/* Thunderbird ----------------------------------------------------------- */

static gboolean
skip_without_thunderbird (void)
{
  if (g_file_test (THUNDERBIRD, G_FILE_TEST_IS_EXECUTABLE) &&
      g_file_test (CERTUTIL, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  g_test_skip ("needs Debian's thunderbird and libnss3-tools (tests/install-deps.sh test)");
  return TRUE;
}

/* No traffic but the mail servers' (the network namespace is the real
 * guard), no first-run pages or dialogs. */
static const char quiet_prefs[] =
  "user_pref(\"app.update.auto\", false);\n"
  "user_pref(\"toolkit.telemetry.enabled\", false);\n"
  "user_pref(\"toolkit.telemetry.server\", \"\");\n"
  "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);\n"
  "user_pref(\"datareporting.healthreport.uploadEnabled\", false);\n"
  "user_pref(\"extensions.update.enabled\", false);\n"
  "user_pref(\"extensions.blocklist.enabled\", false);\n"
  "user_pref(\"services.settings.server\", \"data:,#none/v1\");\n"
  "user_pref(\"network.trr.mode\", 5);\n"
  "user_pref(\"network.captive-portal-service.enabled\", false);\n"
  "user_pref(\"network.connectivity-service.enabled\", false);\n"
  "user_pref(\"security.OCSP.enabled\", 0);\n"
  "user_pref(\"mailnews.start_page.enabled\", false);\n"
  "user_pref(\"mail.shell.checkDefaultClient\", false);\n"
  "user_pref(\"mail.provider.suppress_dialog_on_startup\", true);\n"
  "user_pref(\"mailnews.auto_config.fetchFromISP.enabled\", false);\n"
  "user_pref(\"mail.rights.version\", 1);\n"
  "user_pref(\"marionette.port\", 2828);\n";

typedef struct
{
  char        *dir;       /* scratch of this Thunderbird: home, profile, log */
  char        *profile;
  gboolean     by_default;  /* started without --profile: the one it picks */
  GSubprocess *process;
  gboolean     exited;
} Thunderbird;

static void
thunderbird_exited (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Thunderbird *thunderbird = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  thunderbird->exited = TRUE;
}

static gboolean
thunderbird_has_exited (gpointer user_data)
{
  return ((Thunderbird *) user_data)->exited;
}

static void
run_tool (const char * const *argv)
{
  g_auto(ColombeTestRun) run = { 0 };

  colombe_test_run (&run, NULL, NULL, argv);
  if (run.status != 0)
    g_error ("%s: %s%s", argv[0], run.out, run.err);
}

/* A fresh profile, in scratch/@folder, whose NSS database trusts the test CA. */
static void
thunderbird_init (Thunderbird *thunderbird,
                  const char  *folder)
{
  g_autofree char *database = NULL;
  const char *ca = colombe_test_pki_get_ca_file (pki);

  thunderbird->dir = g_build_filename (scratch, folder, NULL);
  thunderbird->profile = g_build_filename (thunderbird->dir, "profile", NULL);
  g_assert_cmpint (g_mkdir_with_parents (thunderbird->profile, 0700), ==, 0);
  database = g_strconcat ("sql:", thunderbird->profile, NULL);
  run_tool ((const char *[]) { CERTUTIL, "-N", "-d", database, "--empty-password", NULL });
  run_tool ((const char *[]) { CERTUTIL, "-A", "-d", database, "-n", "Colombe test CA",
                               "-t", "C,,", "-i", ca, NULL });
}

static void
thunderbird_start (Thunderbird *thunderbird,
                   const char  *user_js)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_build_filename (thunderbird->dir, "home", NULL);
  g_autofree char *tmp = g_build_filename (thunderbird->dir, "tmp", NULL);
  g_autofree char *run = g_build_filename (thunderbird->dir, "run", NULL);
  g_autofree char *no_bus = g_build_filename (thunderbird->dir, "no-system-bus", NULL);
  g_autofree char *system_bus = g_strconcat ("unix:path=", no_bus, NULL);
  g_autofree char *log = g_build_filename (thunderbird->dir, "thunderbird.log", NULL);
  g_autofree char *user_js_path = g_build_filename (thunderbird->profile, "user.js", NULL);
  g_autofree char *contents = g_strconcat (user_js, quiet_prefs, NULL);

  g_assert_true (g_file_set_contents (user_js_path, contents, -1, &error));
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (tmp, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (run, 0700), ==, 0);

  /* Everything Thunderbird writes stays in the scratch folder; no desktop
   * bus, no display: headless. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", run, TRUE);
  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmp, TRUE);
  g_subprocess_launcher_setenv (launcher, "MOZ_CRASHREPORTER_DISABLE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", system_bus, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");

  thunderbird->exited = FALSE;
  thunderbird->process = g_subprocess_launcher_spawn (launcher, &error, THUNDERBIRD, "--headless",
                                                      "--marionette", "-remote-allow-system-access",
                                                      thunderbird->by_default ? NULL : "--profile",
                                                      thunderbird->profile, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (thunderbird->process, NULL, thunderbird_exited, thunderbird);
}

static char *
thunderbird_dup_log (Thunderbird *thunderbird)
{
  g_autofree char *path = g_build_filename (thunderbird->dir, "thunderbird.log", NULL);
  char *log = NULL;

  g_file_get_contents (path, &log, NULL, NULL);
  return log;
}

static void
thunderbird_connect (Thunderbird *thunderbird,
                     Marionette  *marionette)
{
  if (!colombe_test_wait_until (marionette_is_up, marionette, 60000))
    {
      g_autofree char *log = thunderbird_dup_log (thunderbird);

      g_error ("no Marionette from Thunderbird within 60 s:\n%s", log);
    }
  marionette_start_session (marionette);
}

/* A clean quit writes prefs.js; a Thunderbird that does not go is killed. */
static void
thunderbird_quit (Thunderbird *thunderbird,
                  Marionette  *marionette)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) params = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "eAttemptQuit");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  params = json_builder_get_root (builder);
  json_node_unref (marionette_command (marionette, "Marionette:Quit", params));
  marionette_close (marionette);

  if (!colombe_test_wait_until (thunderbird_has_exited, thunderbird, 20000))
    {
      g_subprocess_force_exit (thunderbird->process);
      colombe_test_wait_until (thunderbird_has_exited, thunderbird, 5000);
      g_error ("Thunderbird did not quit within 20 s");
    }
  g_assert_true (g_subprocess_get_if_exited (thunderbird->process));
  g_assert_cmpint (g_subprocess_get_exit_status (thunderbird->process), ==, 0);
  g_clear_object (&thunderbird->process);
}

static void
thunderbird_clear (Thunderbird *thunderbird)
{
  if (thunderbird->process != NULL && !thunderbird->exited)
    {
      g_subprocess_force_exit (thunderbird->process);
      colombe_test_wait_until (thunderbird_has_exited, thunderbird, 5000);
    }
  g_clear_object (&thunderbird->process);
  g_clear_pointer (&thunderbird->dir, g_free);
  g_clear_pointer (&thunderbird->profile, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Thunderbird, thunderbird_clear)

/* What a person does at the first password prompt ("remember"), done
 * beforehand: the headless Thunderbird cannot show a prompt. */
static const char store_logins[] =
  "(async () => {\n"
  "  for (const origin of ['imap://imap.example.test', 'smtp://smtp.example.test']) {\n"
  "    const login = Cc['@mozilla.org/login-manager/loginInfo;1'].createInstance(Ci.nsILoginInfo);\n"
  "    login.init(origin, null, origin, '" COLOMBE_TEST_ALICE_LOGIN "', '"
  COLOMBE_TEST_ALICE_PASSWORD "', '', '');\n"
  "    await Services.logins.addLoginAsync(login);\n"
  "  }\n"
  "  resolve(JSON.stringify((await Services.logins.getAllLogins()).length));\n"
  "})().catch(e => resolve(JSON.stringify(String(e))));\n";

/* The accounts as Thunderbird built them from the prefs. */
static const char dump_accounts[] =
  "let localFolders = null;\n"
  "try { localFolders = MailServices.accounts.localFoldersServer.key; } catch (e) {}\n"
  "resolve(JSON.stringify({\n"
  "  default: MailServices.accounts.defaultAccount ? MailServices.accounts.defaultAccount.key : null,\n"
  "  localFolders,\n"
  "  accounts: MailServices.accounts.accounts.map(a => { const s = a.incomingServer; return {\n"
  "    key: a.key, server: s.key, type: s.type, hostname: s.hostname, port: s.port,\n"
  "    socketType: s.socketType, authMethod: s.authMethod, username: s.username,\n"
  "    identities: a.identities.map(i => ({ key: i.key, email: i.email, fullName: i.fullName,\n"
  "                                          smtpServerKey: i.smtpServerKey })) }; }),\n"
  "  outgoing: MailServices.outgoingServer.servers.map(s => ({ key: s.key,\n"
  "    hostname: s.QueryInterface(Ci.nsISmtpServer).hostname, port: s.port,\n"
  "    socketType: s.socketType, authMethod: s.authMethod, username: s.username })),\n"
  "}));\n";

/* Polls the INBOX (bounded: 100 x 200 ms) until a message shows. */
/* The INBOX may not be known yet on a slow machine (the sanitizer build):
 * ask for the folder list and look again, within a bound. */
static const char inbox_subjects[] =
  "const server = MailServices.accounts.defaultAccount.incomingServer;\n"
  "(async () => {\n"
  "  for (let i = 0; i < 150; i++) {\n"
  "    const inbox = server.rootFolder.getFolderWithFlags(Ci.nsMsgFolderFlags.Inbox);\n"
  "    if (inbox) {\n"
  "      const subjects = [...inbox.messages].map(h => h.mime2DecodedSubject);\n"
  "      if (subjects.length) { resolve(JSON.stringify(subjects)); return; }\n"
  "      if (i % 10 == 0) inbox.updateFolder(null);\n"
  "    } else if (i % 10 == 0) {\n"
  "      server.performExpand(null);\n"
  "    }\n"
  "    await new Promise(r => setTimeout(r, 200));\n"
  "  }\n"
  "  resolve('[]');\n"
  "})().catch(e => resolve(JSON.stringify(String(e))));\n";

static void
assert_accounts (const char *json,
                 const char *suffix,
                 guint16     imaps_port,
                 guint16     submission_port)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *account_key = g_strconcat ("account_colombe_", suffix, NULL);
  g_autofree char *server_key = g_strconcat ("server_colombe_", suffix, NULL);
  g_autofree char *smtp_key = g_strconcat ("smtp_colombe_", suffix, NULL);
  JsonObject *root = colombe_test_json_parse_object (parser, json);
  JsonArray *accounts = json_object_get_array_member (root, "accounts");
  JsonArray *outgoing = json_object_get_array_member (root, "outgoing");
  JsonObject *account;
  JsonObject *identity;
  JsonObject *smtp;

  g_test_message ("Thunderbird's accounts: %s", json);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  account = json_array_get_object_element (accounts, 0);
  g_assert_cmpstr (json_object_get_string_member (root, "default"), ==, account_key);
  g_assert_cmpstr (json_object_get_string_member (account, "key"), ==, account_key);
  g_assert_cmpstr (json_object_get_string_member (account, "server"), ==, server_key);
  g_assert_cmpstr (json_object_get_string_member (account, "type"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (account, "hostname"), ==, "imap.example.test");
  g_assert_cmpint (json_object_get_int_member (account, "port"), ==, imaps_port);
  g_assert_cmpint (json_object_get_int_member (account, "socketType"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (account, "authMethod"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (account, "username"), ==,
                   COLOMBE_TEST_ALICE_LOGIN);

  identity = json_array_get_object_element (json_object_get_array_member (account, "identities"), 0);
  g_assert_cmpstr (json_object_get_string_member (identity, "email"), ==, COLOMBE_TEST_ALICE_LOGIN);
  g_assert_cmpstr (json_object_get_string_member (identity, "fullName"), ==, "Alice \"Al\" Martin");
  g_assert_cmpstr (json_object_get_string_member (identity, "smtpServerKey"), ==, smtp_key);

  g_assert_cmpuint (json_array_get_length (outgoing), ==, 1);
  smtp = json_array_get_object_element (outgoing, 0);
  g_assert_cmpstr (json_object_get_string_member (smtp, "key"), ==, smtp_key);
  g_assert_cmpstr (json_object_get_string_member (smtp, "hostname"), ==, "smtp.example.test");
  g_assert_cmpint (json_object_get_int_member (smtp, "port"), ==, submission_port);
  g_assert_cmpint (json_object_get_int_member (smtp, "socketType"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (smtp, "authMethod"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (smtp, "username"), ==, COLOMBE_TEST_ALICE_LOGIN);

  /* FORMATS.md's open question, answered by Thunderbird itself */
  if (JSON_NODE_HOLDS_NULL (json_object_get_member (root, "localFolders")))
    g_test_message ("no Local Folders created by a headless start");
  else
    g_test_message ("Local Folders created: %s",
                    json_object_get_string_member (root, "localFolders"));
}

/* Alice's mailbox holding one message, behind imap.example.test and
 * smtp.example.test. */
static void
mail_world_start (ColombeTestDns     **dns,
                  ColombeTestDovecot **dovecot,
                  ColombeTestSmtpd   **smtpd)
{
  g_autoptr(GError) error = NULL;

  *dns = colombe_test_dns_new ();
  colombe_test_dns_add_address (*dns, "imap.example.test", "127.0.0.1");
  colombe_test_dns_add_address (*dns, "smtp.example.test", "127.0.0.1");
  /* B's own incoming host, to the same mailbox (cli-profile), one the
   * test certificate names */
  colombe_test_dns_add_address (*dns, "mail.example.test", "127.0.0.1");
  g_assert_true (colombe_test_dns_start (*dns, &error));
  *dovecot = colombe_test_dovecot_new (pki);
  g_assert_true (colombe_test_dovecot_start (*dovecot, &error));
  g_assert_no_error (error);
  *smtpd = colombe_test_smtpd_new (pki);
  g_assert_true (colombe_test_smtpd_start (*smtpd, &error));
  g_assert_no_error (error);
  g_assert_true (colombe_test_dovecot_deliver (*dovecot, COLOMBE_TEST_ALICE_LOGIN,
                                               "From: Bob <" COLOMBE_TEST_BOB_LOGIN ">\r\n"
                                               "To: " COLOMBE_TEST_ALICE_LOGIN "\r\n"
                                               "Subject: waiting for Thunderbird\r\n"
                                               "Message-ID: <colombe-export-1@example.test>\r\n"
                                               "\r\nhello\r\n", &error));
  g_assert_no_error (error);
}

#define ACCOUNT_B "bea@example.test"

/* An account file for @address, @username's mailbox behind @imap_host,
 * and the world's SMTP server. */
static char *
write_mail_world_account (const char         *name,
                          const char         *address,
                          const char         *username,
                          const char         *imap_host,
                          ColombeTestDovecot *dovecot,
                          ColombeTestSmtpd   *smtpd)
{
  g_autofree char *incoming = server_json_as ("imap", imap_host,
                                              colombe_test_dovecot_get_imaps_port (dovecot), "tls",
                                              "password-cleartext", username);
  g_autofree char *outgoing = server_json_as ("smtp", "smtp.example.test",
                                              colombe_test_smtpd_get_submission_port (smtpd),
                                              "starttls", "password-cleartext", username);

  return write_account (name, address, incoming, outgoing);
}

/* Colombe's user.js for Alice's account in that world */
static char *
export_mail_world (const char         *name,
                   ColombeTestDovecot *dovecot,
                   ColombeTestSmtpd   *smtpd)
{
  g_autofree char *account = write_mail_world_account (name, COLOMBE_TEST_ALICE_LOGIN,
                                                       COLOMBE_TEST_ALICE_LOGIN,
                                                       "imap.example.test", dovecot, smtpd);

  return export_to_string ("thunderbird", account);
}

/* B: the same mailbox behind its own incoming host, mail.example.test. */
static char *
write_mail_world_b (const char         *name,
                    ColombeTestDovecot *dovecot,
                    ColombeTestSmtpd   *smtpd)
{
  return write_mail_world_account (name, ACCOUNT_B, COLOMBE_TEST_ALICE_LOGIN, "mail.example.test",
                                   dovecot, smtpd);
}

static void
test_thunderbird (void)
{
  g_autoptr(ColombeTestDovecot) dovecot = NULL;
  g_autoptr(ColombeTestSmtpd) smtpd = NULL;
  g_autoptr(ColombeTestDns) dns = NULL;
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_autofree char *user_js = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *subjects = NULL;
  g_autofree char *log = NULL;
  g_autofree char *prefs_path = NULL;
  g_autofree char *prefs_js = NULL;
  g_autofree char *accounts_pref = NULL;
  g_autoptr(GHashTable) prefs = NULL;

  if (skip_without_thunderbird ())
    return;

  colombe_test_watchdog_arm (200);

  mail_world_start (&dns, &dovecot, &smtpd);
  user_js = export_mail_world ("thunderbird", dovecot, smtpd);
  prefs = parse_user_js (user_js);
  suffix = dup_suffix (prefs);

  /* 1. a fresh profile; the password as a person would have saved it */
  thunderbird_init (&thunderbird, "thunderbird");
  thunderbird_start (&thunderbird, "");
  thunderbird_connect (&thunderbird, &marionette);
  answer = marionette_run (&marionette, store_logins);
  g_assert_cmpstr (answer, ==, "2");
  thunderbird_quit (&thunderbird, &marionette);

  /* 2. the exported user.js: the account, then the login and the INBOX */
  thunderbird_start (&thunderbird, user_js);
  thunderbird_connect (&thunderbird, &marionette);
  accounts = marionette_run (&marionette, dump_accounts);
  assert_accounts (accounts, suffix, colombe_test_dovecot_get_imaps_port (dovecot),
                   colombe_test_smtpd_get_submission_port (smtpd));
  subjects = marionette_run (&marionette, inbox_subjects);
  g_assert_cmpstr (subjects, ==, "[\"waiting for Thunderbird\"]");
  thunderbird_quit (&thunderbird, &marionette);

  /* Dovecot saw Thunderbird log in over TLS */
  log = colombe_test_dovecot_dup_log (dovecot);
  g_test_message ("Dovecot log:\n%s", log);
  g_assert_true (g_regex_match_simple ("imap-login: Info: Login: user=<alice@example\\.test>, "
                                       "method=PLAIN, .*, TLS,",
                                       log, 0, 0));

  /* Thunderbird saved the account in prefs.js: user.js can go */
  prefs_path = g_build_filename (thunderbird.profile, "prefs.js", NULL);
  g_assert_true (g_file_get_contents (prefs_path, &prefs_js, NULL, NULL));
  accounts_pref = g_strdup_printf ("user_pref(\"mail.accountmanager.accounts\", \"account_colombe_%s\");",
                                   suffix);
  g_assert_nonnull (strstr (prefs_js, accounts_pref));

  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  colombe_test_dns_stop (dns, NULL);
}

/* OAuth2 ------------------------------------------------------------------ */

/* The account's two servers as Thunderbird holds them, and the sign-in
 * page's issuer Thunderbird finds for each host (null: it knows none, and
 * could not sign in). */
static const char dump_oauth2[] =
  "const { OAuth2Providers } = ChromeUtils.importESModule(\n"
  "  'resource:///modules/OAuth2Providers.sys.mjs');\n"
  "const issuer = (host, type) => {\n"
  "  const details = OAuth2Providers.getHostnameDetails(host, type);\n"
  "  return details ? details.issuer : null; };\n"
  "const s = MailServices.accounts.accounts.find(a => a.incomingServer.type == 'imap')\n"
  "  .incomingServer;\n"
  "const o = MailServices.outgoingServer.servers[0].QueryInterface(Ci.nsISmtpServer);\n"
  "resolve(JSON.stringify([[s.hostname, s.authMethod, issuer(s.hostname, 'imap')],\n"
  "                        [o.hostname, o.authMethod, issuer(o.hostname, 'smtp')]]));\n";

/* Thunderbird reads a clientConfig file (@xml, as a JSON string) as its
 * account wizard does (FetchConfig.sys.mjs: JXON, then readFromXML), and
 * says each server's name and authMethod; and for each host of @hosts (a
 * JSON array) whether it has an OAuth2 sign-in page for it. */
static const char read_oauth2_config[] =
  "const { OAuth2Providers } = ChromeUtils.importESModule(\n"
  "  'resource:///modules/OAuth2Providers.sys.mjs');\n"
  "const { JXON } = ChromeUtils.importESModule('resource:///modules/JXON.sys.mjs');\n"
  "const { readFromXML } = ChromeUtils.importESModule(\n"
  "  'resource:///modules/accountcreation/readFromXML.sys.mjs');\n"
  "const xml = JXON.build(new DOMParser().parseFromString(%s, 'text/xml'));\n"
  "const config = readFromXML(xml, 'disk');\n"
  "const known = %s.map(h => !!OAuth2Providers.getHostnameDetails(h, 'imap'));\n"
  "resolve(JSON.stringify([[config.incoming.hostname, config.incoming.auth],\n"
  "                        [config.outgoing.hostname, config.outgoing.auth], known]));\n";

/* Hosts whose OAuth2 Colombe's list and Thunderbird's must judge alike:
 * the built-in providers' servers, and others on either side of the line */
static GPtrArray *
oauth2_hosts_new (void)
{
  const char *others[] = { "pop.gmail.com", "eu.outlook.office365.com", "smtp.office365.com",
                           "imap.mail.ru", "imap.yandex.com", "imap.fastmail.com",
                           "imap.comcast.net", "mail.example.org", "imap.mail.me.com",
                           "gmail.com.example.org", "notoutlook.com" };
  g_autoptr(GPtrArray) providers = colombe_provider_db_list (colombe_provider_db_get_default ());
  GPtrArray *hosts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < providers->len; i++)
    {
      ColombeClientConfig *provider = g_ptr_array_index (providers, i);
      GPtrArray *servers[] = { colombe_client_config_get_incoming (provider),
                               colombe_client_config_get_outgoing (provider) };

      for (guint j = 0; j < G_N_ELEMENTS (servers); j++)
        for (guint k = 0; k < servers[j]->len; k++)
          g_ptr_array_add (hosts, g_object_ref (g_ptr_array_index (servers[j], k)));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    g_ptr_array_add (hosts, colombe_server_new (COLOMBE_PROTOCOL_IMAP, others[i], 993,
                                                COLOMBE_SECURITY_TLS));

  return hosts;
}

/* The JSON array of @servers' hosts, and what colombe_thunderbird_knows_oauth2
 * says of each, as Thunderbird's answer would print it */
static void
dup_hosts_and_verdicts (GPtrArray  *servers,
                        char      **hosts_json,
                        char      **verdicts_json)
{
  g_autoptr(GString) hosts = g_string_new ("[");
  g_autoptr(GString) verdicts = g_string_new ("[");

  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);

      g_string_append_printf (hosts, "%s\"%s\"", i > 0 ? "," : "",
                              colombe_server_get_host (server));
      g_string_append_printf (verdicts, "%s%s", i > 0 ? "," : "",
                              colombe_thunderbird_knows_oauth2 (server) ? "true" : "false");
    }
  g_string_append_c (hosts, ']');
  g_string_append_c (verdicts, ']');
  *hosts_json = g_string_free (g_steal_pointer (&hosts), FALSE);
  *verdicts_json = g_string_free (g_steal_pointer (&verdicts), FALSE);
}

/* Thunderbird reads the autoconfig export of an OAuth2 account with OAuth2
 * on both servers (it drops OAuth2 for a host it has no sign-in page for),
 * and Colombe's list of the hosts it knows is Thunderbird's own. */
static void
check_oauth2_autoconfig (Marionette *marionette)
{
  g_autofree char *incoming = server_json ("imap", "outlook.office365.com", 993, "tls", "OAuth2");
  g_autofree char *outgoing = server_json ("smtp", "smtp-mail.outlook.com", 587, "starttls",
                                           "OAuth2");
  g_autofree char *account = write_account ("autoconfig-oauth2", COLOMBE_TEST_ALICE_LOGIN,
                                            incoming, outgoing);
  g_autofree char *xml = export_to_string ("autoconfig", account);
  g_autoptr(JsonNode) xml_node = json_node_init_string (json_node_alloc (), xml);
  g_autofree char *xml_json = json_to_string (xml_node, FALSE);
  g_autoptr(GPtrArray) hosts = oauth2_hosts_new ();
  g_autofree char *hosts_json = NULL;
  g_autofree char *verdicts_json = NULL;
  g_autofree char *script = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (strstr (xml, "<issuer>login.microsoftonline.com</issuer>"));
  dup_hosts_and_verdicts (hosts, &hosts_json, &verdicts_json);
  script = g_strdup_printf (read_oauth2_config, xml_json, hosts_json);
  answer = marionette_run (marionette, script);
  g_test_message ("Thunderbird read %s for %s", answer, hosts_json);
  expected = g_strdup_printf ("[[\"outlook.office365.com\",10],[\"smtp-mail.outlook.com\",10],%s]",
                              verdicts_json);
  g_assert_cmpstr (answer, ==, expected);
}

/* An Outlook.com account, OAuth2 only: the user.js gives Thunderbird
 * authMethod 10 on both servers, under names it has a sign-in page for.
 * It does not connect (login_at_startup off, and no such hosts here). */
static void
test_thunderbird_oauth2 (void)
{
  g_autofree char *user_js = export_imap_smtp ("thunderbird-oauth2", "outlook.office365.com",
                                               "smtp-mail.outlook.com", "OAuth2");
  g_autoptr(GHashTable) prefs = parse_user_js (user_js);
  g_autofree char *suffix = dup_suffix (prefs);
  g_autofree char *quiet = g_strdup_printf ("%suser_pref(\"mail.server.server_colombe_%s."
                                            "login_at_startup\", false);\n", user_js, suffix);
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_autofree char *servers = NULL;

  if (skip_without_thunderbird ())
    return;

  colombe_test_watchdog_arm (120);
  g_assert_nonnull (strstr (user_js, "opens the provider's own sign-in page"));
  thunderbird_init (&thunderbird, "thunderbird-oauth2");
  thunderbird_start (&thunderbird, quiet);
  thunderbird_connect (&thunderbird, &marionette);
  servers = marionette_run (&marionette, dump_oauth2);
  check_oauth2_autoconfig (&marionette);
  thunderbird_quit (&thunderbird, &marionette);

  g_test_message ("Thunderbird's servers: %s", servers);
  g_assert_cmpstr (servers, ==,
                   "[[\"outlook.office365.com\",10,\"login.microsoftonline.com\"],"
                   "[\"smtp-mail.outlook.com\",10,\"login.microsoftonline.com\"]]");
}

/* The password through Thunderbird's own password manager --------------- */

/* Thunderbird's own lookups of what Colombe stored: whether each origin
 * holds each user's password (never the password itself, into the log).
 * The script's %s is a JSON object: origin -> user -> password. */
static const char find_logins[] =
  "const wanted = %s;\n"
  "(async () => {\n"
  "  const found = {};\n"
  "  for (const origin of Object.keys(wanted)) {\n"
  "    const logins = await Services.logins.searchLoginsAsync({ origin, httpRealm: origin });\n"
  "    found[origin] = logins.map(l => l.username +\n"
  "                               (l.password == wanted[origin][l.username] ? ' ok' : ' wrong'));\n"
  "    found[origin].sort();\n"
  "  }\n"
  "  resolve(JSON.stringify(found));\n"
  "})().catch(e => resolve(JSON.stringify(String(e))));\n";

/* Alice's password, at her two servers */
#define ALICE_LOGINS "{\"imap://imap.example.test\": {\"" COLOMBE_TEST_ALICE_LOGIN "\": \"" \
                     COLOMBE_TEST_ALICE_PASSWORD "\"}, \"smtp://smtp.example.test\": {\"" \
                     COLOMBE_TEST_ALICE_LOGIN "\": \"" COLOMBE_TEST_ALICE_PASSWORD "\"}}"

static char *
marionette_find_logins (Marionette *marionette,
                        const char *wanted)
{
  g_autofree char *script = g_strdup_printf (find_logins, wanted);
  char *found = marionette_run (marionette, script);

  g_test_message ("Thunderbird's lookups: %s", found);
  return found;
}

/* What a person does in Thunderbird's settings (changemp.js) */
static const char set_primary_password[] =
  "const token = Cc['@mozilla.org/security/internalkeytoken;1']\n"
  "  .createInstance(Ci.nsIPKCS11Token);\n"
  "token.changePassword('', 'primary-Kx9');\n"
  "resolve(JSON.stringify(token.hasPassword));\n";

/* The member names of logins.json and of its first login, in order */
static char *
dup_logins_shape (const char *profile)
{
  g_autofree char *path = g_build_filename (profile, "logins.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GList) login_members = NULL;
  g_autoptr(GString) shape = g_string_new (NULL);
  JsonObject *root;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (root);
  for (GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (shape, "%s ", (char *) l->data);
  g_string_append (shape, "/");
  login_members = json_object_get_members (
    json_array_get_object_element (json_object_get_array_member (root, "logins"), 0));
  for (GList *l = login_members; l != NULL; l = l->next)
    g_string_append_printf (shape, " %s", (char *) l->data);

  return g_string_free (g_steal_pointer (&shape), FALSE);
}

static ColombeServer *
alice_server (ColombeProtocol protocol,
              const char     *host,
              guint16         port,
              ColombeSecurity security)
{
  ColombeServer *server = colombe_server_new (protocol, host, port, security);

  colombe_server_set_username (server, COLOMBE_TEST_ALICE_LOGIN);
  return server;
}

static ColombeThunderbirdLoginsOutcome
store_alice (const char         *profile,
             ColombeTestDovecot *dovecot,
             ColombeTestSmtpd   *smtpd,
             const char         *password)
{
  g_autoptr(ColombeServer) imap = alice_server (COLOMBE_PROTOCOL_IMAP, "imap.example.test",
                                                colombe_test_dovecot_get_imaps_port (dovecot),
                                                COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) smtp = alice_server (COLOMBE_PROTOCOL_SMTP, "smtp.example.test",
                                                colombe_test_smtpd_get_submission_port (smtpd),
                                                COLOMBE_SECURITY_STARTTLS);
  ColombeThunderbirdLoginsOutcome outcome = COLOMBE_THUNDERBIRD_LOGINS_STORED;
  g_autoptr(GError) error = NULL;

  colombe_thunderbird_logins_store (profile, imap, smtp, password, &outcome, &error);
  g_assert_no_error (error);

  return outcome;
}

/* Thunderbird once (its own logins.json is the model, then goes), Colombe
 * stores the password, Thunderbird again reads the INBOX without asking;
 * with a primary password set in Thunderbird, Colombe stores nothing. */
static void
test_thunderbird_logins (void)
{
  g_autoptr(ColombeTestDovecot) dovecot = NULL;
  g_autoptr(ColombeTestSmtpd) smtpd = NULL;
  g_autoptr(ColombeTestDns) dns = NULL;
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_autofree char *user_js = NULL;
  g_autofree char *offline_user_js = NULL;
  g_autofree char *online_user_js = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *subjects = NULL;
  g_autofree char *found = NULL;
  g_autofree char *log = NULL;
  g_autofree char *logins_path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (skip_without_thunderbird ())
    return;

  colombe_test_watchdog_arm (240);
  mail_world_start (&dns, &dovecot, &smtpd);
  user_js = export_mail_world ("logins", dovecot, smtpd);

  /* 1. Thunderbird once, offline, on Colombe's account (no password, no
   * login); its own entries for the two servers */
  thunderbird_init (&thunderbird, "thunderbird-logins");
  logins_path = g_build_filename (thunderbird.profile, "logins.json", NULL);
  offline_user_js = g_strconcat ("user_pref(\"offline.startup_state\", 3);\n", user_js, NULL);
  thunderbird_start (&thunderbird, offline_user_js);
  thunderbird_connect (&thunderbird, &marionette);
  answer = marionette_run (&marionette, store_logins);
  g_assert_cmpstr (answer, ==, "2");
  thunderbird_quit (&thunderbird, &marionette);
  theirs = dup_logins_shape (thunderbird.profile);
  g_test_message ("Thunderbird's logins.json: %s", theirs);
  g_assert_cmpint (g_unlink (logins_path), ==, 0);

  /* 2. Colombe stores the password: the same members, in the same order */
  g_assert_cmpint (store_alice (thunderbird.profile, dovecot, smtpd, COLOMBE_TEST_ALICE_PASSWORD),
                   ==, COLOMBE_THUNDERBIRD_LOGINS_STORED);
  ours = dup_logins_shape (thunderbird.profile);
  g_assert_cmpstr (ours, ==, theirs);

  /* 3. Thunderbird, online again (its default; prefs.js remembers the
   * offline start), logs in with it and finds the SMTP one too */
  online_user_js = g_strconcat ("user_pref(\"offline.startup_state\", 2);\n", user_js, NULL);
  thunderbird_start (&thunderbird, online_user_js);
  thunderbird_connect (&thunderbird, &marionette);
  subjects = marionette_run (&marionette, inbox_subjects);
  g_assert_cmpstr (subjects, ==, "[\"waiting for Thunderbird\"]");
  found = marionette_find_logins (&marionette, ALICE_LOGINS);
  g_assert_cmpstr (found, ==, "{\"imap://imap.example.test\":[\"" COLOMBE_TEST_ALICE_LOGIN " ok\"],"
                              "\"smtp://smtp.example.test\":[\"" COLOMBE_TEST_ALICE_LOGIN " ok\"]}");

  /* 4. a primary password, set in Thunderbird: nothing stored any more */
  g_clear_pointer (&answer, g_free);
  answer = marionette_run (&marionette, set_primary_password);
  g_assert_cmpstr (answer, ==, "true");
  thunderbird_quit (&thunderbird, &marionette);

  log = colombe_test_dovecot_dup_log (dovecot);
  g_assert_true (g_regex_match_simple ("imap-login: Info: Login: user=<alice@example\\.test>, "
                                       "method=PLAIN, .*, TLS,",
                                       log, 0, 0));

  g_assert_true (g_file_get_contents (logins_path, &before, NULL, NULL));
  g_assert_cmpint (store_alice (thunderbird.profile, dovecot, smtpd, "another-password"), ==,
                   COLOMBE_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD);
  g_assert_true (g_file_get_contents (logins_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  colombe_test_dns_stop (dns, NULL);
}

/* Hostile but accepted values, read by Thunderbird itself ---------------- */

/* A name that tries to close the pref string and add a pref of its own,
 * JavaScript and prefs escapes written as text, a lone backslash before
 * the closing quote, markup and non-ASCII (U+00E9, U+014A, U+65E5 U+672C,
 * U+1F4EE). All of it passes the model's gate. */
#define HOSTILE_NAME "Zo\303\251 \"); user_pref(\"mail.root.none\", \"/tmp/x\"); // " \
                     "\\u0022 \\\" \\x41 </script> \305\212 \346\227\245\346\234\254 " \
                     "\360\237\223\256 \\"

/* A username that tries the same with pref() and runs commands, were any
 * reader a shell: its %s is the marker file's path (twice). */
#define HOSTILE_USERNAME "bob\"); pref(\"x\", 1); (\" `touch %s` $(touch %s) \\"

static char *
hostile_account (const char *username)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct
  {
    const char *member;
    const char *protocol;
    guint       port;
    const char *security;
  } servers[] = {
    /* nothing listens there: no login is wanted */
    { "incoming", "imap", 9, "tls" },
    { "outgoing", "smtp", 9, "starttls" },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, HOSTILE_NAME);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, COLOMBE_TEST_BOB_LOGIN);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, "manual");
  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      json_builder_set_member_name (builder, servers[i].member);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "protocol");
      json_builder_add_string_value (builder, servers[i].protocol);
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, "127.0.0.1");
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, servers[i].port);
      json_builder_set_member_name (builder, "security");
      json_builder_add_string_value (builder, servers[i].security);
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, username);
      json_builder_set_member_name (builder, "auth");
      json_builder_add_string_value (builder, "password-cleartext");
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, TRUE);
}

/* A script's read(name): a pref's value as Thunderbird holds it, as a
 * string (numbers and booleans written out), or null. */
#define READ_PREF_JS \
  "const read = name => {\n" \
  "  switch (Services.prefs.getPrefType(name)) {\n" \
  "  case Services.prefs.PREF_STRING: return Services.prefs.getStringPref(name);\n" \
  "  case Services.prefs.PREF_INT: return String(Services.prefs.getIntPref(name));\n" \
  "  case Services.prefs.PREF_BOOL: return String(Services.prefs.getBoolPref(name));\n" \
  "  default: return null;\n" \
  "  }\n" \
  "};\n"

/* Thunderbird's own view: the identity and the servers through
 * MailServices, every pref the file should hold through Services.prefs,
 * and any pref an injection would have made. The script's %s are the key
 * suffix (hex) and a JSON array of the pref names ([A-Za-z0-9_.]). */
static const char dump_hostile[] =
  "const suffix = '%s';\n"
  "const names = %s;\n"
  "const account = MailServices.accounts.getAccount('account_colombe_' + suffix);\n"
  "const smtp = MailServices.outgoingServer.servers.find(s => s.key == 'smtp_colombe_' + suffix);\n"
  READ_PREF_JS
  "const prefs = {};\n"
  "for (const name of names) prefs[name] = read(name);\n"
  "const all = Services.prefs.getChildList('');\n"
  "resolve(JSON.stringify({\n"
  "  offline: Services.io.offline,\n"
  "  accounts: MailServices.accounts.accounts.map(a => a.key),\n"
  "  fullName: account ? account.defaultIdentity.fullName : null,\n"
  "  username: account ? account.incomingServer.username : null,\n"
  "  smtpUsername: smtp ? smtp.username : null,\n"
  "  prefs,\n"
  "  x: read('x'),\n"
  "  mailRootNone: read('mail.root.none'),\n"
  "  tmpX: all.filter(n => read(n) == '/tmp/x'),\n"
  "}));\n";

/* A pref string as Thunderbird writes it into prefs.js (Preferences.cpp
 * StrEscape): '"' and '\' escaped, the rest (no controls here) as is. */
static char *
prefs_js_line (const char *name,
               const char *value)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "user_pref(\"%s\", \"", name);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (line, '\\');
      g_string_append_c (line, *p);
    }
  g_string_append (line, "\");");

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Every line of prefs.js is a comment, blank or one whole pref (any name,
 * escaped); none holds an injected pref. */
static void
assert_prefs_js_clean (const char *prefs_js)
{
  g_autoptr(GHashTable) prefs = parse_prefs (prefs_js, "(?:[^\"\\\\]|\\\\.)+", "prefs.js");
  GHashTableIter iter;
  gpointer name;
  gpointer value;

  g_assert_false (g_hash_table_contains (prefs, "x"));
  g_hash_table_iter_init (&iter, prefs);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (g_strcmp0 (value, "/tmp/x") == 0)
      g_error ("prefs.js: an injected pref: %s", (char *) name);
}

/* The key suffix, read from the one line that never holds a value of the
 * person's: so that what Thunderbird reports is checked, not our parser. */
static char *
dup_hostile_suffix (const char *user_js)
{
  g_autoptr(GRegex) regex = g_regex_new ("^user_pref\\(\"mail\\.accountmanager\\.appendaccounts\", "
                                         "\"account_colombe_([0-9a-f]{12})\"\\);$",
                                         G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (regex, user_js, 0, &match));
  return g_match_info_fetch (match, 1);
}

static void
test_thunderbird_hostile (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_autofree char *marker = g_build_filename (scratch, "hostile-marker", NULL);
  g_autofree char *username = g_strdup_printf (HOSTILE_USERNAME, marker, marker);
  g_autofree char *json = hostile_account (username);
  g_autofree char *account = colombe_test_json_write_account (scratch, "hostile.json", json);
  g_autofree char *user_js = export_to_string ("thunderbird", account);
  g_autofree char *offline_user_js = NULL;
  g_autofree char *suffix = dup_hostile_suffix (user_js);
  const Pref expected[] = {
    { "mail.accountmanager.appendaccounts", "account_colombe_<h>" },
    { "mail.account.account_colombe_<h>.server", "server_colombe_<h>" },
    { "mail.account.account_colombe_<h>.identities", "id_colombe_<h>" },
    { "mail.server.server_colombe_<h>.type", "imap" },
    { "mail.server.server_colombe_<h>.hostname", "127.0.0.1" },
    { "mail.server.server_colombe_<h>.port", "9" },
    { "mail.server.server_colombe_<h>.socketType", "3" },
    { "mail.server.server_colombe_<h>.authMethod", "3" },
    { "mail.server.server_colombe_<h>.userName", username },
    { "mail.server.server_colombe_<h>.name", COLOMBE_TEST_BOB_LOGIN },
    { "mail.server.server_colombe_<h>.login_at_startup", "true" },
    { "mail.identity.id_colombe_<h>.fullName", HOSTILE_NAME },
    { "mail.identity.id_colombe_<h>.useremail", COLOMBE_TEST_BOB_LOGIN },
    { "mail.identity.id_colombe_<h>.smtpServer", "smtp_colombe_<h>" },
    { "mail.identity.id_colombe_<h>.valid", "true" },
    { "mail.smtpservers", "smtp_colombe_<h>" },
    { "mail.smtpserver.smtp_colombe_<h>.type", "smtp" },
    { "mail.smtpserver.smtp_colombe_<h>.hostname", "127.0.0.1" },
    { "mail.smtpserver.smtp_colombe_<h>.port", "9" },
    { "mail.smtpserver.smtp_colombe_<h>.try_ssl", "2" },
    { "mail.smtpserver.smtp_colombe_<h>.authMethod", "3" },
    { "mail.smtpserver.smtp_colombe_<h>.username", username },
    { "mail.smtpserver.smtp_colombe_<h>.description", COLOMBE_TEST_BOB_LOGIN },
  };
  g_autofree char *full_name_pref = g_strdup_printf ("mail.identity.id_colombe_%s.fullName", suffix);
  g_autofree char *user_name_pref = g_strdup_printf ("mail.server.server_colombe_%s.userName", suffix);
  g_autofree char *smtp_name_pref = g_strdup_printf ("mail.smtpserver.smtp_colombe_%s.username",
                                                     suffix);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) names_node = NULL;
  g_autofree char *names_json = NULL;
  g_autofree char *script = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *read;
  g_autofree char *prefs_path = NULL;
  g_autofree char *prefs_js = NULL;
  g_autofree char *full_name_line = NULL;
  g_autofree char *user_name_line = NULL;
  g_autofree char *smtp_name_line = NULL;

  if (skip_without_thunderbird ())
    return;

  colombe_test_watchdog_arm (120);

  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GString) name = g_string_new (expected[i].key);
      g_autoptr(GString) value = g_string_new (expected[i].value);

      g_string_replace (name, "<h>", suffix, 0);
      g_string_replace (value, "<h>", suffix, 0);
      json_builder_add_string_value (builder, name->str);
      g_ptr_array_add (names, g_string_free (g_steal_pointer (&name), FALSE));
      g_ptr_array_add (values, g_string_free (g_steal_pointer (&value), FALSE));
    }
  json_builder_end_array (builder);
  names_node = json_builder_get_root (builder);
  names_json = json_to_string (names_node, FALSE);
  script = g_strdup_printf (dump_hostile, suffix, names_json);

  /* One start on a fresh profile, offline: the account as Thunderbird built
   * it, no login (an online start, with no server and no password, left
   * Marionette's new session unanswered). The offline pref comes first:
   * a broken file stops Thunderbird's parser, and it must still count. */
  thunderbird_init (&thunderbird, "thunderbird-hostile");
  offline_user_js = g_strconcat ("user_pref(\"offline.startup_state\", 3);\n", user_js, NULL);
  thunderbird_start (&thunderbird, offline_user_js);
  thunderbird_connect (&thunderbird, &marionette);
  answer = marionette_run (&marionette, script);
  thunderbird_quit (&thunderbird, &marionette);
  g_test_message ("Thunderbird's view: %s", answer);

  root = colombe_test_json_parse_object (parser, answer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "accounts")), ==, 1);
  /* (a) the exact values, through MailServices, and every pref of the
   * file through Services.prefs */
  g_assert_cmpstr (json_object_get_string_member (root, "fullName"), ==, HOSTILE_NAME);
  g_assert_cmpstr (json_object_get_string_member (root, "username"), ==, username);
  g_assert_cmpstr (json_object_get_string_member (root, "smtpUsername"), ==, username);
  read = json_object_get_object_member (root, "prefs");
  for (guint i = 0; i < names->len; i++)
    {
      JsonNode *node = json_object_get_member (read, names->pdata[i]);
      const char *found = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node)
                                                                       : NULL;

      if (g_strcmp0 (found, values->pdata[i]) != 0)
        g_error ("Thunderbird's %s: %s, expected %s", (char *) names->pdata[i],
                 found ? found : "(none)", (char *) values->pdata[i]);
    }

  /* (b) no pref of the injections */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (root, "x")));
  g_assert_cmpstr (json_object_get_string_member (root, "mailRootNone"), !=, "/tmp/x");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "tmpX")), ==, 0);

  /* (c) prefs.js, as Thunderbird wrote it back: escaped, nothing more */
  prefs_path = g_build_filename (thunderbird.profile, "prefs.js", NULL);
  g_assert_true (g_file_get_contents (prefs_path, &prefs_js, NULL, &error));
  g_assert_no_error (error);
  assert_prefs_js_clean (prefs_js);
  full_name_line = prefs_js_line (full_name_pref, HOSTILE_NAME);
  user_name_line = prefs_js_line (user_name_pref, username);
  smtp_name_line = prefs_js_line (smtp_name_pref, username);
  g_test_message ("prefs.js: %s", full_name_line);
  g_test_message ("prefs.js: %s", user_name_line);
  g_assert_nonnull (strstr (prefs_js, full_name_line));
  g_assert_nonnull (strstr (prefs_js, user_name_line));
  g_assert_nonnull (strstr (prefs_js, smtp_name_line));

  /* (d) nothing ran a command */
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  /* the run was the offline one it meant to be */
  g_assert_true (json_object_get_boolean_member (root, "offline"));
}

/* Adding to a profile Thunderbird already uses (the core of `colombe
 * export --format thunderbird --profile`) ------------------------------ */


/* A POP3 account with Thunderbird's own kind of keys, beside A. */
static const char pop3_prefs[] =
  "user_pref(\"mail.account.account2.server\", \"server2\");\n"
  "user_pref(\"mail.account.account2.identities\", \"id2\");\n"
  "user_pref(\"mail.server.server2.type\", \"pop3\");\n"
  "user_pref(\"mail.server.server2.hostname\", \"pop.example.test\");\n"
  "user_pref(\"mail.server.server2.port\", 995);\n"
  "user_pref(\"mail.server.server2.socketType\", 3);\n"
  "user_pref(\"mail.server.server2.authMethod\", 3);\n"
  "user_pref(\"mail.server.server2.userName\", \"" COLOMBE_TEST_BOB_LOGIN "\");\n"
  "user_pref(\"mail.server.server2.name\", \"" COLOMBE_TEST_BOB_LOGIN "\");\n"
  "user_pref(\"mail.identity.id2.fullName\", \"Bob\");\n"
  "user_pref(\"mail.identity.id2.useremail\", \"" COLOMBE_TEST_BOB_LOGIN "\");\n"
  "user_pref(\"mail.identity.id2.smtpServer\", \"smtp2\");\n"
  "user_pref(\"mail.identity.id2.valid\", true);\n"
  "user_pref(\"mail.smtpserver.smtp2.hostname\", \"smtp.example.test\");\n"
  "user_pref(\"mail.smtpserver.smtp2.port\", 465);\n"
  "user_pref(\"mail.smtpserver.smtp2.try_ssl\", 3);\n"
  "user_pref(\"mail.smtpserver.smtp2.authMethod\", 3);\n"
  "user_pref(\"mail.smtpserver.smtp2.username\", \"" COLOMBE_TEST_BOB_LOGIN "\");\n";

/* No login wanted here (the password comes with logins.json): offline. */
#define OFFLINE "user_pref(\"offline.startup_state\", 3);\n"

/* A's user.js, offline, with the POP3 account listed before A. */
static void
add_pop3_account (GString *user_js)
{
  g_string_replace (user_js, "\"mail.accountmanager.appendaccounts\", \"account_colombe_",
                    "\"mail.accountmanager.appendaccounts\", \"account2,account_colombe_", 0);
  g_string_replace (user_js, "\"mail.smtpservers\", \"smtp_colombe_",
                    "\"mail.smtpservers\", \"smtp2,smtp_colombe_", 0);
  g_string_prepend (user_js, OFFLINE);
  g_string_append (user_js, pop3_prefs);
}

static char *
dup_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* The pref lines of prefs.js, as a set. */
static GHashTable *
pref_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "user_pref("))
      g_hash_table_add (set, g_strdup (lines[i]));

  return set;
}

/* For g_ptr_array_sort(), which passes pointers to the elements */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Lines of @a not in @b, sorted. */
static GPtrArray *
lines_missing (GHashTable *a,
               GHashTable *b)
{
  GPtrArray *missing = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer line;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &line, NULL))
    if (!g_hash_table_contains (b, line))
      g_ptr_array_add (missing, line);
  g_ptr_array_sort (missing, compare_strings);
  return missing;
}

static gboolean
is_b_line (const char                    *line,
           const ColombeThunderbirdAdded *added)
{
  const char *keys[] = { added->account, added->server, added->identity, added->smtp };
  const struct { const char *name; const char *key; } defaults[] = {
    { "mail.smtp.defaultserver", added->smtp },
    { "mail.accountmanager.defaultaccount", added->account },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *branch = g_strdup_printf (".%s.", keys[i]);

      if (strstr (line, branch) != NULL)
        return TRUE;
    }
  /* Local Folders, made with B when the profile had none: its server and
   * the account that names it */
  if (added->local_folders != NULL)
    {
      g_autofree char *branch = g_strdup_printf (".%s.", added->local_folders);
      g_autofree char *value = g_strdup_printf (", \"%s\");", added->local_folders);

      if (strstr (line, branch) != NULL || g_str_has_suffix (line, value))
        return TRUE;
    }
  /* the defaults, written only when B is the first of its kind */
  for (gsize i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autofree char *default_line = g_strdup_printf ("user_pref(\"%s\", \"%s\");",
                                                       defaults[i].name, defaults[i].key);

      if (g_str_has_prefix (line, default_line))
        return TRUE;
    }
  /* the folder roots Thunderbird records once a server type has one */
  if (g_str_has_prefix (line, "user_pref(\"mail.root."))
    return TRUE;
  /* the lists and counters that name the new keys */
  return strstr (line, "\"mail.accountmanager.accounts\"") != NULL ||
         strstr (line, "\"mail.smtpservers\"") != NULL ||
         strstr (line, "\"mail.account.lastKey\"") != NULL;
}

/* Every mail.* line that came or went is one of B's. */
static void
assert_only_b (GHashTable                    *before,
               GHashTable                    *after,
               const ColombeThunderbirdAdded *added,
               const char                    *when)
{
  g_autoptr(GPtrArray) gone = lines_missing (before, after);
  g_autoptr(GPtrArray) came = lines_missing (after, before);
  GPtrArray *both[] = { gone, came };

  for (gsize k = 0; k < G_N_ELEMENTS (both); k++)
    for (guint i = 0; i < both[k]->len; i++)
      {
        const char *line = both[k]->pdata[i];

        g_test_message ("%s, %s: %s", when, k == 0 ? "gone" : "came", line);
        if (g_str_has_prefix (line, "user_pref(\"mail.") && !is_b_line (line, added))
          g_error ("%s: a mail pref not of B changed: %s", when, line);
      }
}

/* @new is @old's list pref line with keys appended to its value, every
 * other byte of the line (the line end included) as it was. */
static gboolean
is_lengthened (const char *old,
               const char *new)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(user_pref\\(\"[^\"]+\", \")([^\"]*)(\"\\);.*)$",
                                         G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GMatchInfo) old_match = NULL;
  g_autoptr(GMatchInfo) new_match = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *new_value = NULL;

  if (!g_regex_match (regex, old, 0, &old_match) || !g_regex_match (regex, new, 0, &new_match))
    return FALSE;
  /* the name, and what follows the value */
  for (int i = 1; i <= 3; i += 2)
    {
      g_autofree char *a = g_match_info_fetch (old_match, i);
      g_autofree char *b = g_match_info_fetch (new_match, i);

      if (strcmp (a, b) != 0)
        return FALSE;
    }
  old_value = g_match_info_fetch (old_match, 2);
  new_value = g_match_info_fetch (new_match, 2);
  if (old_value[0] == '\0')
    return new_value[0] != '\0';
  return g_str_has_prefix (new_value, old_value) && new_value[strlen (old_value)] == ',';
}

/* prefs.js as Colombe wrote it (@new) is @old, byte for byte, but for B's
 * lines added and the lists naming B's keys lengthened: comments, blank
 * lines, line ends, order and every other statement in place. */
static void
assert_bytes_but_b (const char                    *old,
                    const char                    *new,
                    const ColombeThunderbirdAdded *added)
{
  g_auto(GStrv) old_lines = g_strsplit (old, "\n", -1);
  g_auto(GStrv) new_lines = g_strsplit (new, "\n", -1);
  guint i = 0;

  for (guint j = 0; new_lines[j] != NULL; j++)
    {
      if (old_lines[i] != NULL && strcmp (old_lines[i], new_lines[j]) == 0)
        {
          i++;
          continue;
        }
      if (!is_b_line (new_lines[j], added))
        g_error ("prefs.js line %u is neither as it was nor B's: %s", j + 1, new_lines[j]);
      if (old_lines[i] != NULL && is_lengthened (old_lines[i], new_lines[j]))
        i++;
    }
  if (old_lines[i] != NULL)
    g_error ("prefs.js line %u is gone or changed: %s", i + 1, old_lines[i]);
}

static JsonObject *
find_account (JsonArray  *accounts,
              const char *key)
{
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      if (g_strcmp0 (json_object_get_string_member (account, "key"), key) == 0)
        return account;
    }
  g_error ("no account %s in Thunderbird", key);
}

static void
assert_three_accounts (const char                    *json,
                       const char                    *a_key,
                       const ColombeThunderbirdAdded *added,
                       const char                    *b_host,
                       gint64                         imaps_port,
                       gint64                         submission_port)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = colombe_test_json_parse_object (parser, json);
  JsonArray *accounts = json_object_get_array_member (root, "accounts");
  JsonArray *outgoing = json_object_get_array_member (root, "outgoing");
  JsonObject *b;
  JsonObject *identity;
  gboolean smtp_found = FALSE;

  g_test_message ("Thunderbird's accounts after the add: %s", json);
  b = find_account (accounts, added->account);
  g_assert_cmpstr (json_object_get_string_member (find_account (accounts, a_key), "type"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (find_account (accounts, "account2"), "type"), ==,
                   "pop3");
  g_assert_cmpstr (json_object_get_string_member (b, "server"), ==, added->server);
  g_assert_cmpstr (json_object_get_string_member (b, "type"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (b, "hostname"), ==, b_host);
  g_assert_cmpint (json_object_get_int_member (b, "port"), ==, imaps_port);
  g_assert_cmpint (json_object_get_int_member (b, "socketType"), ==, 3);
  identity = json_array_get_object_element (json_object_get_array_member (b, "identities"), 0);
  g_assert_cmpstr (json_object_get_string_member (identity, "key"), ==, added->identity);
  g_assert_cmpstr (json_object_get_string_member (identity, "email"), ==, ACCOUNT_B);
  g_assert_cmpstr (json_object_get_string_member (identity, "smtpServerKey"), ==, added->smtp);
  g_assert_cmpstr (json_object_get_string_member (identity, "fullName"), ==, "Alice \"Al\" Martin");

  for (guint i = 0; i < json_array_get_length (outgoing); i++)
    {
      JsonObject *smtp = json_array_get_object_element (outgoing, i);

      if (g_strcmp0 (json_object_get_string_member (smtp, "key"), added->smtp) == 0)
        {
          smtp_found = TRUE;
          g_assert_cmpint (json_object_get_int_member (smtp, "port"), ==, submission_port);
          g_assert_cmpint (json_object_get_int_member (smtp, "socketType"), ==, 2);
        }
    }
  g_assert_true (smtp_found);
  /* A's and the POP3 account's outgoing servers are still there */
  g_assert_cmpuint (json_array_get_length (outgoing), ==, 3);
}

static void
test_thunderbird_add_to_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_autofree char *a_incoming = server_json ("imap", "imap.example.test", 993, "tls",
                                             "password-cleartext");
  g_autofree char *a_outgoing = server_json ("smtp", "smtp.example.test", 587, "starttls",
                                             "password-cleartext");
  g_autofree char *a_file = write_account ("profile-a", COLOMBE_TEST_ALICE_LOGIN, a_incoming,
                                           a_outgoing);
  /* Thunderbird drops an account whose incoming server (type, host and
   * user) another account has: B's host is its own */
  g_autofree char *b_incoming = server_json ("imap", "imap.b.example.test", 993, "tls",
                                             "password-cleartext");
  g_autofree char *b_file = write_account ("profile-b", ACCOUNT_B, b_incoming, a_outgoing);
  g_autofree char *a_user_js = export_to_string ("thunderbird", a_file);
  g_autoptr(GHashTable) a_prefs = parse_user_js (a_user_js);
  g_autofree char *suffix = dup_suffix (a_prefs);
  g_autofree char *a_key = g_strconcat ("account_colombe_", suffix, NULL);
  g_autoptr(GString) user_js = g_string_new (a_user_js);
  g_autoptr(ColombeAccount) b = NULL;
  g_autoptr(ColombeThunderbirdAdded) refused = NULL;
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autofree char *prefs_path = NULL;
  g_autofree char *running_sum = NULL;
  g_autofree char *running_after = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) written = NULL;
  g_autoptr(GHashTable) rewritten = NULL;
  g_autofree char *accounts = NULL;

  if (!g_file_test (THUNDERBIRD, G_FILE_TEST_IS_EXECUTABLE) ||
      !g_file_test (CERTUTIL, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs Debian's thunderbird and libnss3-tools (tests/install-deps.sh test)");
      return;
    }
  colombe_test_watchdog_arm (200);

  /* 1. the profile: A by its user.js, and a POP3 account; Thunderbird
   * saves both in prefs.js, then user.js goes (the next start's holds
   * only the test's quiet prefs) */
  add_pop3_account (user_js);
  thunderbird_init (&thunderbird, "thunderbird-profile");
  thunderbird_start (&thunderbird, user_js->str);
  thunderbird_connect (&thunderbird, &marionette);
  g_free (marionette_run (&marionette, dump_accounts));
  thunderbird_quit (&thunderbird, &marionette);
  prefs_path = g_build_filename (thunderbird.profile, "prefs.js", NULL);

  /* 2. Thunderbird running: refused, prefs.js untouched */
  thunderbird_start (&thunderbird, OFFLINE);
  thunderbird_connect (&thunderbird, &marionette);
  b = colombe_account_new_from_file (b_file, &error);
  g_assert_no_error (error);
  running_sum = dup_checksum (prefs_path);
  refused = colombe_thunderbird_account_add (b, thunderbird.profile, FALSE, &error);
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_RUNNING);
  g_assert_null (refused);
  g_clear_error (&error);
  running_after = dup_checksum (prefs_path);
  g_assert_cmpstr (running_sum, ==, running_after);
  thunderbird_quit (&thunderbird, &marionette);

  /* 3. closed: B added; prefs.js gains B's lines and nothing else */
  before = pref_lines (prefs_path);
  added = colombe_thunderbird_account_add (b, thunderbird.profile, FALSE, &error);
  g_assert_no_error (error);
  g_test_message ("added %s %s %s %s, Local Folders %s, backup %s", added->account, added->server,
                  added->identity, added->smtp, added->local_folders ? added->local_folders : "kept",
                  added->backup_path);
  written = pref_lines (prefs_path);
  assert_only_b (before, written, added, "written by Colombe");

  /* 4. Thunderbird reads all three accounts, and writes back only B */
  thunderbird_start (&thunderbird, OFFLINE);
  thunderbird_connect (&thunderbird, &marionette);
  accounts = marionette_run (&marionette, dump_accounts);
  thunderbird_quit (&thunderbird, &marionette);
  assert_three_accounts (accounts, a_key, added, "imap.b.example.test", 993, 587);
  rewritten = pref_lines (prefs_path);
  assert_only_b (before, rewritten, added, "rewritten by Thunderbird");
}

/* `colombe export --format thunderbird --profile`, the real binary ------ */


/* The subjects of the INBOX of the incoming server SERVER_KEY (replaced),
 * as inbox_subjects does for the default account. */
static char *
dup_inbox_subjects_of (const char *server_key)
{
  g_autoptr(GString) script = g_string_new (inbox_subjects);
  g_autofree char *by_key = g_strdup_printf ("MailServices.accounts.getIncomingServer('%s');\n",
                                             server_key);

  g_string_replace (script, "MailServices.accounts.defaultAccount.incomingServer;\n", by_key, 1);
  return g_string_free (g_steal_pointer (&script), FALSE);
}

typedef struct
{
  ColombeTestRun  run;
  JsonParser     *parser;
  JsonObject     *root;   /* --json's object, or NULL */
} ProfileRun;

static void
profile_run_clear (ProfileRun *run)
{
  colombe_test_run_clear (&run->run);
  g_clear_object (&run->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProfileRun, profile_run_clear)

/* colombe export --format thunderbird --profile PROFILE --json, @password
 * (or NULL) on standard input, --force when asked. */
static void
run_export_profile (ProfileRun *run,
                    const char *account,
                    const char *profile,
                    const char *password,
                    gboolean    force)
{
  g_autofree char *input = password != NULL ? g_strconcat (password, "\n", NULL) : NULL;
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "thunderbird", "--account", account,
                         "--profile", profile, "--json",
                         password != NULL ? "--password-stdin" : (force ? "--force" : NULL),
                         password != NULL && force ? "--force" : NULL, NULL };

  colombe_test_run (&run->run, NULL, input, argv);
  g_test_message ("colombe export --profile: %d, %s%s", run->run.status, run->run.out,
                  run->run.err);
  g_assert_null (strstr (run->run.out, COLOMBE_TEST_ALICE_PASSWORD));
  g_assert_null (strstr (run->run.err, COLOMBE_TEST_ALICE_PASSWORD));
  g_assert_true (password == NULL || strstr (run->run.out, password) == NULL);
  g_assert_true (password == NULL || strstr (run->run.err, password) == NULL);
  run->parser = json_parser_new ();
  run->root = colombe_test_json_parse_object (run->parser, run->run.out);
}

/* Refused: exit 1, the kind in --json and at the end of the one line on
 * standard error. */
static void
assert_export_refused (ProfileRun *run,
                       const char *kind)
{
  g_autofree char *bracketed = g_strdup_printf (" [%s]\n", kind);
  JsonObject *error;

  g_assert_cmpint (run->run.status, ==, 1);
  error = json_object_get_object_member (run->root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "kind"), ==, kind);
  g_assert_true (g_str_has_prefix (run->run.err, "colombe: "));
  g_assert_true (g_str_has_suffix (run->run.err, bracketed));
  g_assert_true (strchr (run->run.err, '\n') == run->run.err + strlen (run->run.err) - 1);
}

/* The keys --json said were added, in the core's struct. */
static ColombeThunderbirdAdded *
added_from_json (JsonObject *root)
{
  JsonObject *keys = json_object_get_object_member (root, "added");
  ColombeThunderbirdAdded *added = g_new0 (ColombeThunderbirdAdded, 1);

  added->account = g_strdup (json_object_get_string_member (keys, "account"));
  added->server = g_strdup (json_object_get_string_member (keys, "server"));
  added->identity = g_strdup (json_object_get_string_member (keys, "identity"));
  added->smtp = g_strdup (json_object_get_string_member (keys, "smtp"));
  added->local_folders = g_strdup (json_object_get_string_member_with_default (keys,
                                                                               "local_folders",
                                                                               NULL));
  added->updated = json_object_get_boolean_member (root, "updated");
  return added;
}

static guint
count_in_list (const char *prefs_path,
               const char *key)
{
  g_autofree char *contents = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("user_pref\\(\"mail\\.accountmanager\\.accounts\", "
                                         "\"([^\"]*)\"\\);", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *list = NULL;
  g_auto(GStrv) keys = NULL;
  guint count = 0;

  g_assert_true (g_file_get_contents (prefs_path, &contents, NULL, NULL));
  g_assert_true (g_regex_match (regex, contents, 0, &match));
  list = g_match_info_fetch (match, 1);
  keys = g_strsplit (list, ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    count += g_strcmp0 (keys[i], key) == 0;
  return count;
}

/* The lines of Dovecot's log, from @from on, that say @login logged in
 * over TLS. */
static guint
count_logins (const char *log,
              gsize       from,
              const char *login)
{
  g_autofree char *escaped = g_regex_escape_string (login, -1);
  g_autofree char *pattern = g_strdup_printf ("imap-login: Info: Login: user=<%s>, "
                                              "method=PLAIN, .*, TLS,", escaped);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint count = 0;

  g_assert_cmpuint (strlen (log), >=, from);
  for (g_regex_match (regex, log + from, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    count++;
  return count;
}

/* A and B log in as different users, so that neither login stands for
 * the other's */
#define B_LOGINS "{\"imap://imap.example.test\": {\"" COLOMBE_TEST_ALICE_LOGIN "\": \"" \
                 COLOMBE_TEST_ALICE_PASSWORD "\"}, \"imap://mail.example.test\": {\"" \
                 COLOMBE_TEST_BOB_LOGIN "\": \"" COLOMBE_TEST_BOB_PASSWORD "\"}, " \
                 "\"smtp://smtp.example.test\": {\"" COLOMBE_TEST_ALICE_LOGIN "\": \"" \
                 COLOMBE_TEST_ALICE_PASSWORD "\", \"" COLOMBE_TEST_BOB_LOGIN "\": \"" \
                 COLOMBE_TEST_BOB_PASSWORD "\"}}"

/* A profile with A (IMAP, logging in to the test Dovecot as Alice, her
 * password saved in Thunderbird) and a POP3 account. The real colombe
 * binary: refused while Thunderbird runs (prefs.js and logins.json
 * unchanged); adds B, logging in as Bob, whose password comes on standard
 * input: prefs.js is as it was but for B's lines, logins.json keeps A's
 * logins. Thunderbird then shows all three accounts, reads B's INBOX and
 * A's without asking for a password, and Dovecot sees both users log in;
 * the same address again is already-present, with --force one account,
 * updated. */
static void
test_thunderbird_cli_profile (void)
{
  g_autoptr(ColombeTestDovecot) dovecot = NULL;
  g_autoptr(ColombeTestSmtpd) smtpd = NULL;
  g_autoptr(ColombeTestDns) dns = NULL;
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_auto(ProfileRun) running = { 0 };
  g_auto(ProfileRun) adding = { 0 };
  g_auto(ProfileRun) again = { 0 };
  g_auto(ProfileRun) forced = { 0 };
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autoptr(GString) user_js = NULL;
  g_autofree char *a_user_js = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *a_key = NULL;
  g_autofree char *b_file = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *online = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *script = NULL;
  g_autofree char *subjects = NULL;
  g_autofree char *prefs_path = NULL;
  g_autofree char *logins_path = NULL;
  g_autofree char *prefs_sum = NULL;
  g_autofree char *logins_sum = NULL;
  g_autofree char *prefs_after = NULL;
  g_autofree char *logins_after = NULL;
  g_autofree char *log = NULL;
  g_autofree char *log_before = NULL;
  g_autofree char *a_server = NULL;
  g_autofree char *a_script = NULL;
  g_autofree char *a_subjects = NULL;
  g_autofree char *found = NULL;
  g_autofree char *old_prefs = NULL;
  g_autofree char *new_prefs = NULL;
  g_autoptr(GHashTable) a_prefs = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) written = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_thunderbird ())
    return;
  colombe_test_watchdog_arm (300);
  mail_world_start (&dns, &dovecot, &smtpd);
  g_assert_true (colombe_test_dovecot_deliver (dovecot, COLOMBE_TEST_BOB_LOGIN,
                                               "From: Alice <" COLOMBE_TEST_ALICE_LOGIN ">\r\n"
                                               "To: " COLOMBE_TEST_BOB_LOGIN "\r\n"
                                               "Subject: for B, in Bob's mailbox\r\n"
                                               "Message-ID: <colombe-export-2@example.test>\r\n"
                                               "\r\nhello Bob\r\n", &error));
  g_assert_no_error (error);

  /* 1. the profile: A at the test Dovecot and the POP3 account, as in
   * add-to-real-profile; A's password saved as a person would */
  a_user_js = export_mail_world ("cli-profile-a", dovecot, smtpd);
  a_prefs = parse_user_js (a_user_js);
  suffix = dup_suffix (a_prefs);
  a_key = g_strconcat ("account_colombe_", suffix, NULL);
  a_server = g_strconcat ("server_colombe_", suffix, NULL);
  user_js = g_string_new (a_user_js);
  add_pop3_account (user_js);
  /* online later: the POP3 account (no server in this world, no password)
   * must not check mail, whose error would wait for a person */
  g_string_append (user_js, "user_pref(\"mail.server.server2.check_new_mail\", false);\n"
                            "user_pref(\"mail.server.server2.login_at_startup\", false);\n");
  thunderbird_init (&thunderbird, "thunderbird-cli-profile");
  thunderbird_start (&thunderbird, user_js->str);
  thunderbird_connect (&thunderbird, &marionette);
  answer = marionette_run (&marionette, store_logins);
  g_assert_cmpstr (answer, ==, "2");
  thunderbird_quit (&thunderbird, &marionette);
  prefs_path = g_build_filename (thunderbird.profile, "prefs.js", NULL);
  logins_path = g_build_filename (thunderbird.profile, "logins.json", NULL);

  b_file = write_mail_world_account ("cli-profile-b", ACCOUNT_B, COLOMBE_TEST_BOB_LOGIN,
                                     "mail.example.test", dovecot, smtpd);

  /* 2. Thunderbird running: thunderbird-running, nothing written */
  thunderbird_start (&thunderbird, OFFLINE);
  thunderbird_connect (&thunderbird, &marionette);
  prefs_sum = dup_checksum (prefs_path);
  logins_sum = dup_checksum (logins_path);
  run_export_profile (&running, b_file, thunderbird.profile, COLOMBE_TEST_BOB_PASSWORD, FALSE);
  assert_export_refused (&running, "thunderbird-running");
  prefs_after = dup_checksum (prefs_path);
  logins_after = dup_checksum (logins_path);
  g_assert_cmpstr (prefs_after, ==, prefs_sum);
  g_assert_cmpstr (logins_after, ==, logins_sum);
  thunderbird_quit (&thunderbird, &marionette);

  /* 3. closed: B added, its password stored; --json's shape */
  before = pref_lines (prefs_path);
  g_assert_true (g_file_get_contents (prefs_path, &old_prefs, NULL, NULL));
  run_export_profile (&adding, b_file, thunderbird.profile, COLOMBE_TEST_BOB_PASSWORD, FALSE);
  g_assert_cmpint (adding.run.status, ==, 0);
  g_assert_cmpstr (adding.run.err, ==, "");
  g_assert_cmpuint (json_object_get_size (adding.root), ==, 6);
  g_assert_false (json_object_get_boolean_member (adding.root, "created"));
  g_assert_cmpstr (json_object_get_string_member (adding.root, "profile"), ==, thunderbird.profile);
  g_assert_cmpstr (json_object_get_string_member (adding.root, "password"), ==, "stored");
  g_assert_false (json_object_get_boolean_member (adding.root, "updated"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (adding.root, "backup"),
                                   prefs_path));
  g_assert_true (g_file_test (json_object_get_string_member (adding.root, "backup"),
                              G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (adding.root, "added")),
                    ==, 5);
  added = added_from_json (adding.root);
  written = pref_lines (prefs_path);
  assert_only_b (before, written, added, "written by colombe export");
  g_assert_true (g_file_get_contents (prefs_path, &new_prefs, NULL, NULL));
  assert_bytes_but_b (old_prefs, new_prefs, added);

  /* 4. Thunderbird, online (for the first time: no login so far): three
   * accounts; B's INBOX and A's without a prompt, from logins.json as
   * Colombe rewrote it (A logs in too and records what it learnt in
   * prefs.js: Colombe's lines were compared above, before that) */
  log_before = colombe_test_dovecot_dup_log (dovecot);
  g_assert_cmpuint (count_logins (log_before, 0, COLOMBE_TEST_ALICE_LOGIN), ==, 0);
  g_assert_cmpuint (count_logins (log_before, 0, COLOMBE_TEST_BOB_LOGIN), ==, 0);
  online = g_strdup ("user_pref(\"offline.startup_state\", 2);\n");
  thunderbird_start (&thunderbird, online);
  thunderbird_connect (&thunderbird, &marionette);
  accounts = marionette_run (&marionette, dump_accounts);
  assert_three_accounts (accounts, a_key, added, "mail.example.test",
                         colombe_test_dovecot_get_imaps_port (dovecot),
                         colombe_test_smtpd_get_submission_port (smtpd));
  script = dup_inbox_subjects_of (added->server);
  subjects = marionette_run (&marionette, script);
  g_assert_cmpstr (subjects, ==, "[\"for B, in Bob's mailbox\"]");
  a_script = dup_inbox_subjects_of (a_server);
  a_subjects = marionette_run (&marionette, a_script);
  g_assert_cmpstr (a_subjects, ==, "[\"waiting for Thunderbird\"]");
  found = marionette_find_logins (&marionette, B_LOGINS);
  g_assert_cmpstr (found, ==, "{\"imap://imap.example.test\":[\"" COLOMBE_TEST_ALICE_LOGIN " ok\"],"
                              "\"imap://mail.example.test\":[\"" COLOMBE_TEST_BOB_LOGIN " ok\"],"
                              "\"smtp://smtp.example.test\":[\"" COLOMBE_TEST_ALICE_LOGIN " ok\",\""
                              COLOMBE_TEST_BOB_LOGIN " ok\"]}");
  thunderbird_quit (&thunderbird, &marionette);
  log = colombe_test_dovecot_dup_log (dovecot);
  g_test_message ("Dovecot's log since Thunderbird went online:\n%s", log + strlen (log_before));
  g_assert_cmpuint (count_logins (log, strlen (log_before), COLOMBE_TEST_ALICE_LOGIN), >, 0);
  g_assert_cmpuint (count_logins (log, strlen (log_before), COLOMBE_TEST_BOB_LOGIN), >, 0);

  /* 5. the same address again: already-present, nothing written; with
   * --force, the same one account, updated */
  g_clear_pointer (&prefs_sum, g_free);
  prefs_sum = dup_checksum (prefs_path);
  run_export_profile (&again, b_file, thunderbird.profile, NULL, FALSE);
  assert_export_refused (&again, "already-present");
  g_clear_pointer (&prefs_after, g_free);
  prefs_after = dup_checksum (prefs_path);
  g_assert_cmpstr (prefs_after, ==, prefs_sum);

  run_export_profile (&forced, b_file, thunderbird.profile, NULL, TRUE);
  g_assert_cmpint (forced.run.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (forced.root, "updated"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (forced.root, "added"), "account"), ==,
                   added->account);
  g_assert_cmpuint (count_in_list (prefs_path, added->account), ==, 1);

  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  colombe_test_dns_stop (dns, NULL);
}

/* A home where Thunderbird never started: `--profile default` makes the
 * profile, with its password; Thunderbird, started as a person starts it
 * (no --profile), opens that profile, and the INBOX without a prompt. */
static void
test_thunderbird_cli_profile_created (void)
{
  g_autoptr(ColombeTestDovecot) dovecot = NULL;
  g_autoptr(ColombeTestSmtpd) smtpd = NULL;
  g_autoptr(ColombeTestDns) dns = NULL;
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_auto(ProfileRun) created = { 0 };
  g_autofree char *account = NULL;
  g_autofree char *home = NULL;
  g_autofree char *home_env = NULL;
  g_autofree char *root = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *database = NULL;
  g_autofree char *subjects = NULL;
  g_autofree char *installs = NULL;
  g_autofree char *installs_path = NULL;
  g_autofree char *input = g_strconcat (COLOMBE_TEST_ALICE_PASSWORD, "\n", NULL);
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "thunderbird", "--account", NULL,
                         "--profile", "default", "--password-stdin", "--json", NULL };

  if (skip_without_thunderbird ())
    return;
  colombe_test_watchdog_arm (200);
  mail_world_start (&dns, &dovecot, &smtpd);
  account = write_mail_world_b ("cli-profile-created", dovecot, smtpd);
  argv[5] = account;

  /* 1. no profile anywhere in this home: one is made, the password in it */
  thunderbird.dir = g_build_filename (scratch, "thunderbird-created", NULL);
  home = g_build_filename (thunderbird.dir, "home", NULL);
  root = g_build_filename (home, ".thunderbird", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  home_env = g_strconcat ("HOME=", home, NULL);
  colombe_test_run (&created.run, (const char *[]) { home_env, NULL }, input, argv);
  g_test_message ("colombe export --profile default: %d, %s%s", created.run.status,
                  created.run.out, created.run.err);
  g_assert_cmpint (created.run.status, ==, 0);
  g_assert_null (strstr (created.run.out, COLOMBE_TEST_ALICE_PASSWORD));
  created.parser = json_parser_new ();
  created.root = colombe_test_json_parse_object (created.parser, created.run.out);
  g_assert_true (json_object_get_boolean_member (created.root, "created"));
  g_assert_cmpstr (json_object_get_string_member (created.root, "password"), ==, "stored");
  thunderbird.profile = g_strdup (json_object_get_string_member (created.root, "profile"));
  g_assert_true (g_str_has_prefix (thunderbird.profile, root));

  /* the test's own CA, which real servers do not need */
  database = g_strconcat ("sql:", thunderbird.profile, NULL);
  run_tool ((const char *[]) { CERTUTIL, "-A", "-d", database, "-n", "Colombe test CA",
                               "-t", "C,,", "-i", colombe_test_pki_get_ca_file (pki), NULL });

  /* 2. Thunderbird as a person starts it: on that profile, B's INBOX */
  thunderbird.by_default = TRUE;
  thunderbird_start (&thunderbird, "user_pref(\"offline.startup_state\", 2);\n");
  thunderbird_connect (&thunderbird, &marionette);
  subjects = marionette_run (&marionette, inbox_subjects);
  g_assert_cmpstr (subjects, ==, "[\"waiting for Thunderbird\"]");
  thunderbird_quit (&thunderbird, &marionette);

  /* 3. and Thunderbird took it as its installation's own */
  installs_path = g_build_filename (root, "installs.ini", NULL);
  g_assert_true (g_file_get_contents (installs_path, &installs, NULL, NULL));
  folder = g_path_get_basename (thunderbird.profile);
  g_assert_nonnull (strstr (installs, folder));

  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  colombe_test_dns_stop (dns, NULL);
}

/* Without --password-stdin, the password the keyring holds for the
 * account's incoming server (as --with-password finds it) goes into
 * logins.json, never in clear; none there: not-given, Thunderbird asks. */
static void
test_thunderbird_cli_profile_keyring (void)
{
  g_autofree char *incoming = server_json ("imap", "keyring.example.test", 993, "tls",
                                           "password-cleartext");
  g_autofree char *outgoing = server_json ("smtp", "keyring.example.test", 465, "tls",
                                           "password-cleartext");
  g_autofree char *account = write_account ("cli-profile-keyring", COLOMBE_TEST_ALICE_LOGIN,
                                            incoming, outgoing);
  g_autoptr(ColombeServer) imap = colombe_server_new (COLOMBE_PROTOCOL_IMAP,
                                                      "keyring.example.test", 993,
                                                      COLOMBE_SECURITY_TLS);
  g_auto(Thunderbird) thunderbird = { 0 };
  g_auto(ProfileRun) without = { 0 };
  g_auto(ProfileRun) with = { 0 };
  g_autofree char *logins_path = NULL;
  g_autofree char *logins = NULL;

  if (!g_file_test (CERTUTIL, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs libnss3-tools (tests/install-deps.sh test)");
      return;
    }
  colombe_test_watchdog_arm (60);

  /* a key database without a primary password, as Thunderbird makes it */
  thunderbird_init (&thunderbird, "thunderbird-cli-keyring");
  logins_path = g_build_filename (thunderbird.profile, "logins.json", NULL);

  run_export_profile (&without, account, thunderbird.profile, NULL, FALSE);
  g_assert_cmpint (without.run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (without.root, "password"), ==, "not-given");
  g_assert_false (g_file_test (logins_path, G_FILE_TEST_EXISTS));

  colombe_server_set_username (imap, COLOMBE_TEST_ALICE_LOGIN);
  store_marker (imap);
  run_export_profile (&with, account, thunderbird.profile, NULL, TRUE);
  g_assert_cmpint (with.run.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (with.root, "updated"));
  g_assert_cmpstr (json_object_get_string_member (with.root, "password"), ==, "stored");
  g_assert_null (strstr (with.run.out, MARKER_PASSWORD));
  g_assert_null (strstr (with.run.err, MARKER_PASSWORD));
  g_assert_true (g_file_get_contents (logins_path, &logins, NULL, NULL));
  g_assert_nonnull (strstr (logins, "\"imap://keyring.example.test\""));
  g_assert_null (strstr (logins, MARKER_PASSWORD));
}

/* A key database with a primary password (certutil, as Thunderbird's
 * settings set one): the account is added, the password not stored, and
 * the person told that Thunderbird will ask. */
static void
test_thunderbird_cli_profile_primary (void)
{
  g_autofree char *incoming = server_json ("imap", "primary.example.test", 993, "tls",
                                           "password-cleartext");
  g_autofree char *outgoing = server_json ("smtp", "primary.example.test", 465, "tls",
                                           "password-cleartext");
  g_autofree char *account = write_account ("cli-profile-primary", COLOMBE_TEST_ALICE_LOGIN,
                                            incoming, outgoing);
  g_autofree char *profile = g_build_filename (scratch, "cli-primary-profile", NULL);
  g_autofree char *database = g_strconcat ("sql:", profile, NULL);
  g_autofree char *password_file = g_build_filename (scratch, "cli-primary-password", NULL);
  g_autofree char *logins_path = g_build_filename (profile, "logins.json", NULL);
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "thunderbird", "--account",
                         account, "--profile", profile, "--password-stdin", NULL };
  g_auto(ColombeTestRun) run = { 0 };

  if (!g_file_test (CERTUTIL, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs libnss3-tools (tests/install-deps.sh test)");
      return;
    }
  colombe_test_watchdog_arm (60);
  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  g_assert_true (g_file_set_contents (password_file, "primary-Kx9\n", -1, NULL));
  run_tool ((const char *[]) { CERTUTIL, "-N", "-d", database, "-f", password_file, NULL });

  colombe_test_run (&run, NULL, COLOMBE_TEST_ALICE_PASSWORD "\n", argv);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "The profile has a primary password: the password is not "
                                     "stored, Thunderbird will ask for it once.\n"));
  g_assert_null (strstr (run.out, COLOMBE_TEST_ALICE_PASSWORD));
  g_assert_true (g_file_test (prefs_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (logins_path, G_FILE_TEST_EXISTS));
}

/* prefs.js odd but valid, and corrupt, through the real binary --------- */

/* What a person's editor, an old Thunderbird or another tool may leave in
 * prefs.js, all of it read by Thunderbird: comments of the three kinds,
 * blank lines, Windows line ends, single quotes, every string escape
 * (\u with a surrogate pair, \x, \", \', \\, \n, \r), a line break inside
 * a string, raw UTF-8, two statements on a line, spaces and a comment
 * inside one, signed and extreme integers, a pref defined twice, pref()
 * and sticky_pref() (read as default values; their attributes, though,
 * only in Thunderbird's own default files, see cli-corrupt-prefs). %s is
 * the 100 kB value. The profile has Local Folders, as Thunderbird's first
 * start makes them. */
static const char odd_prefs[] =
  "# Mozilla User Preferences, edited by hand\r\n"
  "// user_pref(\"colombe.odd.commented\", 1); is a comment\r\n"
  "/* a block comment\r\n"
  " * over lines: user_pref(\"colombe.odd.commented\", 2);\r\n"
  " */\r\n"
  "\r\n"
  " \t \r\n"
  "user_pref(\"colombe.odd.escapes\", \"\\u00e9\\u65e5\\ud83d\\udcee \\x41 \\\"q\\\" \\' \\\\ \\n\\r "
  "caf\xc3\xa9\");\r\n"
  "user_pref('colombe.odd.single', 'it\\'s \"quoted\"');\r\n"
  "user_pref(\"colombe.odd.long\", \"%s\");\r\n"
  "user_pref ( \"colombe.odd.spaced\" ,\t-42 ) ; // after it\r\n"
  "user_pref(\"colombe.odd.max\", 2147483647); user_pref(\"colombe.odd.min\", -2147483648);\r\n"
  "user_pref(\"colombe.odd.plus\", +7);\r\n"
  "user_pref(\"colombe.odd.off\", false) /* before the ; */ ;\r\n"
  "pref(\"colombe.odd.pref\", 5);\r\n"
  "sticky_pref(\"colombe.odd.sticky\", true);\r\n"
  "user_pref(\"colombe.odd.twice\", 1);\r\n"
  "user_pref(\"colombe.odd.twice\", 2);\r\n"
  "user_pref(\"colombe.odd.multi\", \"line one\r\nline two\");\r\n"
  "user_pref(\"mail.accountmanager.accounts\", \"account1\");\r\n"
  "user_pref(\"mail.accountmanager.localfoldersserver\", \"server1\");\r\n"
  "user_pref(\"mail.account.account1.server\", \"server1\");\r\n"
  "user_pref(\"mail.server.server1.type\", \"none\");\r\n"
  "user_pref(\"mail.server.server1.hostname\", \"Local Folders\");\r\n"
  "user_pref(\"mail.server.server1.name\", \"Local Folders\");\r\n"
  "user_pref(\"mail.server.server1.userName\", \"nobody\");\r\n"
  "// the end\r\n";

/* 100 kB of printable ASCII that is not one character repeated */
static char *
dup_long_value (void)
{
  GString *value = g_string_sized_new (100 * 1024);

  for (guint i = 0; value->len < 100 * 1024; i++)
    g_string_append_printf (value, "%u-", i);
  g_string_truncate (value, 100 * 1024);
  return g_string_free (value, FALSE);
}

/* The odd prefs and B, as Thunderbird read them. %s: B's account key. */
static const char dump_odd[] =
  READ_PREF_JS
  "const prefs = {};\n"
  "for (const name of Services.prefs.getChildList('colombe.odd.')) prefs[name] = read(name);\n"
  "const b = MailServices.accounts.getAccount('%s');\n"
  "resolve(JSON.stringify({\n"
  "  prefs,\n"
  "  accounts: MailServices.accounts.accounts.map(a => a.key),\n"
  "  localFolders: MailServices.accounts.localFoldersServer.key,\n"
  "  b: b ? { email: b.defaultIdentity.email, hostname: b.incomingServer.hostname } : null,\n"
  "}));\n";

static void
assert_odd_prefs (JsonObject *prefs,
                  const char *long_value)
{
  const Pref expected[] = {
    { "colombe.odd.escapes", "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x93\xae A \"q\" ' \\ \n\r caf\xc3\xa9" },
    { "colombe.odd.single", "it's \"quoted\"" },
    { "colombe.odd.long", long_value },
    { "colombe.odd.spaced", "-42" },
    { "colombe.odd.max", "2147483647" },
    { "colombe.odd.min", "-2147483648" },
    { "colombe.odd.plus", "7" },
    { "colombe.odd.off", "false" },
    { "colombe.odd.pref", "5" },
    { "colombe.odd.sticky", "true" },
    { "colombe.odd.twice", "2" },
    { "colombe.odd.multi", "line one\r\nline two" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *found = json_object_get_string_member_with_default (prefs, expected[i].key,
                                                                      NULL);

      if (g_strcmp0 (found, expected[i].value) != 0)
        g_error ("Thunderbird's %s: %.80s (%zu bytes), expected %.80s (%zu bytes)",
                 expected[i].key, found ? found : "(none)", found ? strlen (found) : 0,
                 expected[i].value, strlen (expected[i].value));
    }
  /* nothing of the comments */
  g_assert_cmpuint (json_object_get_size (prefs), ==, G_N_ELEMENTS (expected));
}

/* A profile whose prefs.js is odd but valid: colombe export --profile
 * adds B and leaves every other byte as it was; Thunderbird then shows B
 * beside Local Folders, and reads every odd pref as it was meant. */
static void
test_thunderbird_cli_odd_prefs (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(Thunderbird) thunderbird = { 0 };
  Marionette marionette = { NULL, 0 };
  g_auto(ProfileRun) adding = { 0 };
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *incoming = server_json_as ("imap", "127.0.0.1", 9, "tls", "password-cleartext",
                                              ACCOUNT_B);
  g_autofree char *outgoing = server_json_as ("smtp", "127.0.0.1", 9, "starttls",
                                              "password-cleartext", ACCOUNT_B);
  g_autofree char *account = write_account ("cli-odd-b", ACCOUNT_B, incoming, outgoing);
  g_autofree char *long_value = dup_long_value ();
  g_autofree char *old_prefs = g_strdup_printf (odd_prefs, long_value);
  g_autofree char *prefs_path = NULL;
  g_autofree char *new_prefs = NULL;
  g_autofree char *script = NULL;
  g_autofree char *answer = NULL;
  JsonObject *root;
  JsonObject *b;

  if (skip_without_thunderbird ())
    return;
  colombe_test_watchdog_arm (120);

  thunderbird_init (&thunderbird, "thunderbird-cli-odd");
  prefs_path = g_build_filename (thunderbird.profile, "prefs.js", NULL);
  g_assert_true (g_file_set_contents (prefs_path, old_prefs, -1, &error));
  g_assert_no_error (error);

  run_export_profile (&adding, account, thunderbird.profile, NULL, FALSE);
  g_assert_cmpint (adding.run.status, ==, 0);
  added = added_from_json (adding.root);
  g_assert_null (added->local_folders);
  g_assert_true (g_file_get_contents (prefs_path, &new_prefs, NULL, NULL));
  assert_bytes_but_b (old_prefs, new_prefs, added);

  /* offline: B's servers are nowhere, no login is wanted */
  thunderbird_start (&thunderbird, OFFLINE);
  thunderbird_connect (&thunderbird, &marionette);
  script = g_strdup_printf (dump_odd, added->account);
  answer = marionette_run (&marionette, script);
  thunderbird_quit (&thunderbird, &marionette);
  g_test_message ("Thunderbird's view: %.2000s", answer);

  root = colombe_test_json_parse_object (parser, answer);
  g_assert_cmpstr (json_object_get_string_member (root, "localFolders"), ==, "server1");
  b = json_object_get_object_member (root, "b");
  g_assert_nonnull (b);
  g_assert_cmpstr (json_object_get_string_member (b, "email"), ==, ACCOUNT_B);
  g_assert_cmpstr (json_object_get_string_member (b, "hostname"), ==, "127.0.0.1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "accounts")), ==, 2);
  assert_odd_prefs (json_object_get_object_member (root, "prefs"), long_value);
}

/* The profile folder's files, each with its SHA-256, sorted. */
static char *
dup_listing (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *sum = dup_checksum (path);

      g_ptr_array_add (lines, g_strdup_printf ("%s %s", sum, name));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* A corrupt prefs.js of each kind: profile-corrupt, one line on standard
 * error, and the profile's folder as it was (no prefs.js written, no
 * backup, no logins.json). */
static void
test_thunderbird_cli_corrupt_prefs (void)
{
  const struct
  {
    const char *what;
    const char *prefs;
    gsize       length;
  } corrupt[] = {
    { "unterminated string",
      "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
      "user_pref(\"mail.server.server1.name\", \"Local Folders);\n"
      "user_pref(\"mail.server.server1.type\", \"none\");\n", 0 },
    { "garbage line",
      "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
      "this is not a pref\n"
      "user_pref(\"mail.server.server1.type\", \"none\");\n", 0 },
    { "truncated file",
      "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
      "user_pref(\"mail.server.server1.port\", 99", 0 },
    /* Thunderbird 153 drops this statement from prefs.js (attributes are
     * for its default files): Colombe would keep what it does not read */
    { "pref attribute",
      "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
      "pref(\"mail.server.server1.type\", \"none\", locked);\n", 0 },
    { "sticky_pref attribute", "sticky_pref(\"mail.smtpservers\", \"smtp1\", sticky);\n", 0 },
    /* what a crash while saving can leave: the length, but zeros */
    { "zeroed tail", "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n\0\0\0\0\0\0\0\0",
      64 },
  };
  g_autofree char *incoming = server_json_as ("imap", "127.0.0.1", 9, "tls", "password-cleartext",
                                              ACCOUNT_B);
  g_autofree char *outgoing = server_json_as ("smtp", "127.0.0.1", 9, "starttls",
                                              "password-cleartext", ACCOUNT_B);
  g_autofree char *account = write_account ("cli-corrupt-b", ACCOUNT_B, incoming, outgoing);

  colombe_test_watchdog_arm (60);
  for (gsize i = 0; i < G_N_ELEMENTS (corrupt); i++)
    {
      g_autofree char *name = g_strdup_printf ("cli-corrupt-%zu", i);
      g_autofree char *profile = g_build_filename (scratch, name, NULL);
      g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
      g_autofree char *times_path = g_build_filename (profile, "times.json", NULL);
      gsize length = corrupt[i].length ? corrupt[i].length : strlen (corrupt[i].prefs);
      g_auto(ProfileRun) run = { 0 };
      g_autofree char *listing = NULL;
      g_autofree char *after = NULL;

      g_test_message ("%s", corrupt[i].what);
      g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
      g_assert_true (g_file_set_contents (prefs_path, corrupt[i].prefs, length, NULL));
      g_assert_true (g_file_set_contents (times_path, "{\"created\": 1}", -1, NULL));
      listing = dup_listing (profile);

      run_export_profile (&run, account, profile, COLOMBE_TEST_BOB_PASSWORD, FALSE);
      assert_export_refused (&run, "profile-corrupt");
      after = dup_listing (profile);
      g_assert_cmpstr (after, ==, listing);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ColombeTestKeyring) keyring = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  pki = colombe_test_pki_get_default (&error);
  g_assert_no_error (error);
  scratch = colombe_test_scratch_dir_new ("export-thunderbird", &error);
  g_assert_no_error (error);
  keyring = colombe_test_keyring_new ();
  g_assert_true (colombe_test_keyring_start (keyring, &error));
  g_assert_no_error (error);

  g_test_add_func ("/export/thunderbird/prefs-imap-tls", test_prefs_imap_tls);
  g_test_add_func ("/export/thunderbird/prefs-pop3-starttls", test_prefs_pop3_starttls);
  g_test_add_func ("/export/thunderbird/prefs-keys", test_prefs_keys);
  g_test_add_func ("/export/no-password", test_no_password);
  g_test_add_func ("/export/thunderbird/real-thunderbird", test_thunderbird);
  g_test_add_func ("/export/thunderbird/real-thunderbird-hostile", test_thunderbird_hostile);
  g_test_add_func ("/export/thunderbird/real-thunderbird-oauth2", test_thunderbird_oauth2);
  g_test_add_func ("/thunderbird/profile/add-to-real-profile", test_thunderbird_add_to_profile);
  g_test_add_func ("/export/thunderbird/real-thunderbird-logins", test_thunderbird_logins);
  g_test_add_func ("/export/thunderbird/cli-profile", test_thunderbird_cli_profile);
  g_test_add_func ("/export/thunderbird/cli-profile-created", test_thunderbird_cli_profile_created);
  g_test_add_func ("/export/thunderbird/cli-profile-keyring", test_thunderbird_cli_profile_keyring);
  g_test_add_func ("/export/thunderbird/cli-profile-primary", test_thunderbird_cli_profile_primary);
  g_test_add_func ("/export/thunderbird/cli-odd-prefs", test_thunderbird_cli_odd_prefs);
  g_test_add_func ("/export/thunderbird/cli-corrupt-prefs", test_thunderbird_cli_corrupt_prefs);

  status = g_test_run ();

  colombe_test_keyring_stop (keyring, NULL);
  colombe_test_scratch_dir_remove (scratch, NULL);
  g_free (scratch);

  return status;
}
