/* test-export-phone.c: the phone targets (qr, qr-text, k9, mobileconfig)
 * from the real `colombe export`, each read back by an independent reader
 *
 * zbarimg decodes the QR code, json-glib checks its payload against the
 * format version 1 rules; plistutil (libplist) and Python's plistlib read
 * the Apple profile; GMarkup reads the K-9 settings file. The password
 * comes from a private gnome-keyring (ColombeTestKeyring), as
 * --with-password takes it.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-account.h"
#include "colombe-keyring.h"
#include "colombe-test-fixtures.h"

#define PYTHON "/usr/bin/python3"
#define MARKER_PASSWORD "marker-\"p<a>ss&w\xc3\xb6rd'"
#define NAME "Zo\xc3\xa9 \"Z\" <Ass&Co>"

/* IMAP over TLS, SMTP with STARTTLS, a login that is not the address */
static const char imap_account[] =
  "{\"version\": 1, \"name\": \"Zo\xc3\xa9 \\\"Z\\\" <Ass&Co>\", \"address\": \"zoe@example.test\",\n"
  " \"incoming\": {\"protocol\": \"imap\", \"host\": \"imap.example.test\", \"port\": 993,\n"
  "   \"security\": \"tls\", \"username\": \"zoe.login\", \"auth\": \"password-cleartext\"},\n"
  " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp.example.test\", \"port\": 587,\n"
  "   \"security\": \"starttls\", \"username\": \"zoe.login\", \"auth\": \"password-cleartext\"}}\n";

/* POP3 with STARTTLS, SMTP over TLS, CRAM-MD5 */
static const char pop3_account[] =
  "{\"version\": 1, \"name\": \"Bob\", \"address\": \"bob@example.test\",\n"
  " \"incoming\": {\"protocol\": \"pop3\", \"host\": \"pop.example.test\", \"port\": 110,\n"
  "   \"security\": \"starttls\", \"username\": \"bob@example.test\", \"auth\": \"password-encrypted\"},\n"
  " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp.example.test\", \"port\": 465,\n"
  "   \"security\": \"tls\", \"username\": \"bob@example.test\", \"auth\": \"password-encrypted\"}}\n";

/* Outlook.com, OAuth2 only, as the provider's own page gives its servers */
static const char oauth2_account[] =
  "{\"version\": 1, \"name\": \"Bob\", \"address\": \"bob@hotmail.fr\",\n"
  " \"incoming\": {\"protocol\": \"imap\", \"host\": \"outlook.office365.com\", \"port\": 993,\n"
  "   \"security\": \"tls\", \"username\": \"bob@hotmail.fr\", \"auth\": \"OAuth2\"},\n"
  " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp-mail.outlook.com\", \"port\": 587,\n"
  "   \"security\": \"starttls\", \"username\": \"bob@hotmail.fr\", \"auth\": \"OAuth2\"}}\n";

static ColombeTestKeyring *keyring;
static char *scratch;
static char *imap_path;
static char *pop3_path;
static char *oauth2_path;

/* ---- running programs ---- */

static void
run_ok (ColombeTestRun     *run,
        const char * const *argv)
{
  colombe_test_run (run, NULL, NULL, argv);
  if (run->status != 0)
    g_test_message ("%s: exit %d\n%s\n%s", argv[0], run->status, run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
}

/* `colombe export --format FORMAT --account ACCOUNT --output PATH --force`,
 * with --with-password when asked; returns PATH (under the scratch folder). */
static char *
export (const char *format,
        const char *account,
        const char *name,
        gboolean    with_password)
{
  g_auto(ColombeTestRun) run = { 0 };
  char *path = g_build_filename (scratch, name, NULL);
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", format, "--account", account,
                         "--output", path, "--force",
                         with_password ? "--with-password" : NULL, NULL };

  run_ok (&run, argv);
  g_assert_cmpstr (run.out, ==, "");
  /* the warning comes with the password, never without */
  g_assert_true ((strstr (run.err, "warning") != NULL) == with_password);
  return path;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* what zbarimg reads in the picture, without its closing newline */
static char *
decode_qr (const char *png)
{
  g_auto(ColombeTestRun) run = { 0 };
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };

  run_ok (&run, argv);
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  run.out[strlen (run.out) - 1] = '\0';
  return g_strdup (run.out);
}

/* ---- the QR code payload, format version 1 ---- */

typedef struct
{
  int         protocol;
  const char *host;
  int         port;
  int         security;
  int         auth;
  const char *username;
} Server;

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonArray *
array_element (JsonArray *array,
               guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static void
assert_int_element (JsonArray *array,
                    guint      index,
                    gint64     expected)
{
  JsonNode *node = json_array_get_element (array, index);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

static void
assert_string_element (JsonArray  *array,
                       guint       index,
                       const char *expected)
{
  JsonNode *node = json_array_get_element (array, index);

  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

/* The six elements every server array starts with; @password: the
 * optional Password element, or NULL when it must be left out. */
static void
assert_server (JsonArray    *array,
               const Server *expected,
               guint         password_index,
               const char   *password)
{
  assert_int_element (array, 0, expected->protocol);
  assert_string_element (array, 1, expected->host);
  assert_int_element (array, 2, expected->port);
  assert_int_element (array, 3, expected->security);
  assert_int_element (array, 4, expected->auth);
  assert_string_element (array, 5, expected->username);

  if (password == NULL)
    g_assert_cmpuint (json_array_get_length (array), ==, 6);
  else
    {
      g_assert_cmpuint (json_array_get_length (array), ==, password_index + 1);
      assert_string_element (array, password_index, password);
    }
}

static void
assert_payload (const char   *payload,
                const Server *incoming,
                const Server *outgoing,
                const char   *address,
                const char   *name,
                const char   *password)
{
  g_autoptr(JsonNode) root = parse_json (payload);
  JsonArray *top, *misc, *groups, *group, *identity;

  /* one line, no line break in any value */
  g_assert_null (strchr (payload, '\n'));
  g_assert_true (g_utf8_validate (payload, -1, NULL));

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  top = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (top), ==, 4);
  assert_int_element (top, 0, 1);
  misc = array_element (top, 1);
  g_assert_cmpuint (json_array_get_length (misc), ==, 2);
  assert_int_element (misc, 0, 1);
  assert_int_element (misc, 1, 1);

  /* IncomingServer: AccountName (7th) only comes before a password */
  assert_server (array_element (top, 2), incoming, 7, password);
  if (password != NULL)
    assert_string_element (array_element (top, 2), 6, address);

  groups = array_element (top, 3);
  g_assert_cmpuint (json_array_get_length (groups), ==, 1);
  group = array_element (groups, 0);
  g_assert_cmpuint (json_array_get_length (group), ==, 2);
  assert_server (array_element (group, 0), outgoing, 6, password);
  identity = array_element (group, 1);
  g_assert_cmpuint (json_array_get_length (identity), ==, 2);
  assert_string_element (identity, 0, address);
  assert_string_element (identity, 1, name);
}

static const Server imap_incoming = { 0, "imap.example.test", 993, 3, 1, "zoe.login" };
static const Server imap_outgoing = { 0, "smtp.example.test", 587, 2, 1, "zoe.login" };
static const Server pop3_incoming = { 1, "pop.example.test", 110, 2, 2, "bob@example.test" };
static const Server pop3_outgoing = { 0, "smtp.example.test", 465, 3, 2, "bob@example.test" };

/* the PNG decodes to exactly the qr-text payload, which follows the rules */
static void
check_qr (const char   *account,
          const Server *incoming,
          const Server *outgoing,
          const char   *address,
          const char   *name,
          gboolean      with_password)
{
  g_autofree char *text_path = export ("qr-text", account, "payload.txt", with_password);
  g_autofree char *png_path = export ("qr", account, "code.png", with_password);
  g_autofree char *text = read_file (text_path);
  g_autofree char *png = read_file (png_path);
  g_autofree char *decoded = decode_qr (png_path);

  g_assert_true (memcmp (png, "\x89PNG\r\n\x1a\n", 8) == 0);
  g_assert_true (g_str_has_suffix (text, "\n"));
  text[strlen (text) - 1] = '\0';
  g_assert_cmpstr (decoded, ==, text);
  assert_payload (decoded, incoming, outgoing, address, name,
                  with_password ? MARKER_PASSWORD : NULL);
}

static void
test_qr_imap (void)
{
  colombe_test_watchdog_arm (30);
  check_qr (imap_path, &imap_incoming, &imap_outgoing, "zoe@example.test", NAME, FALSE);
}

static void
test_qr_pop3 (void)
{
  colombe_test_watchdog_arm (30);
  check_qr (pop3_path, &pop3_incoming, &pop3_outgoing, "bob@example.test", "Bob", FALSE);
}

/* Auth 6, OAuth2: the app signs in on Microsoft's page itself, to the
 * host names it knows for Microsoft */
static const Server oauth2_incoming = { 0, "outlook.office365.com", 993, 3, 6, "bob@hotmail.fr" };
static const Server oauth2_outgoing = { 0, "smtp.office365.com", 587, 2, 6, "bob@hotmail.fr" };

static void
test_qr_oauth2 (void)
{
  colombe_test_watchdog_arm (30);
  check_qr (oauth2_path, &oauth2_incoming, &oauth2_outgoing, "bob@hotmail.fr", "Bob", FALSE);
}

/* ---- the Apple configuration profile ---- */

/* Python's plistlib reads @path; its reading, as JSON. */
static JsonNode *
read_plist (const char *path)
{
  g_auto(ColombeTestRun) run = { 0 };
  const char *argv[] = { PYTHON, "-c",
                         "import json, plistlib, sys\n"
                         "with open(sys.argv[1], 'rb') as f:\n"
                         "    print(json.dumps(plistlib.load(f), sort_keys=True))\n",
                         path, NULL };

  run_ok (&run, argv);
  return parse_json (run.out);
}

/* libplist reads the profile, writes it as a binary plist and back to XML:
 * the same values come out as went in. */
static void
assert_plistutil_round_trip (const char *path,
                             JsonNode   *expected)
{
  g_autofree char *binary = g_build_filename (scratch, "profile.bin", NULL);
  g_autofree char *xml = g_build_filename (scratch, "profile-again.xml", NULL);
  g_auto(ColombeTestRun) to_binary = { 0 };
  g_auto(ColombeTestRun) to_xml = { 0 };
  g_autoptr(JsonNode) again = NULL;
  const char *to_binary_argv[] = { "plistutil", "-i", path, "-o", binary, "-f", "bin", NULL };
  const char *to_xml_argv[] = { "plistutil", "-i", binary, "-o", xml, "-f", "xml", NULL };

  run_ok (&to_binary, to_binary_argv);
  run_ok (&to_xml, to_xml_argv);
  again = read_plist (xml);
  g_assert_true (json_node_equal (again, expected));
}

static void
assert_member_string (JsonObject *object,
                      const char *member,
                      const char *expected)
{
  g_assert_true (json_object_has_member (object, member));
  g_assert_cmpstr (json_object_get_string_member (object, member), ==, expected);
}

static void
assert_member_int (JsonObject *object,
                   const char *member,
                   gint64      expected)
{
  g_assert_true (json_object_has_member (object, member));
  g_assert_cmpint (json_object_get_int_member (object, member), ==, expected);
}

static void
assert_member_boolean (JsonObject *object,
                       const char *member,
                       gboolean    expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

static void
assert_uuid (JsonObject *object)
{
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (object, "PayloadUUID")));
}

static void
assert_mobileconfig (JsonNode   *root,
                     const char *text)
{
  JsonObject *top = json_node_get_object (root);
  JsonArray *content = json_object_get_array_member (top, "PayloadContent");
  JsonObject *mail;
  const char *identifier;

  assert_member_string (top, "PayloadType", "Configuration");
  assert_member_int (top, "PayloadVersion", 1);
  assert_member_string (top, "PayloadDisplayName", "zoe@example.test");
  assert_uuid (top);
  identifier = json_object_get_string_member (top, "PayloadIdentifier");
  g_assert_true (g_str_has_prefix (identifier, "io.github.colombe.example.test."));
  g_assert_true (g_str_has_suffix (identifier, json_object_get_string_member (top, "PayloadUUID")));

  g_assert_cmpuint (json_array_get_length (content), ==, 1);
  mail = json_array_get_object_element (content, 0);
  assert_member_string (mail, "PayloadType", "com.apple.mail.managed");
  assert_member_int (mail, "PayloadVersion", 1);
  assert_uuid (mail);
  g_assert_cmpstr (json_object_get_string_member (mail, "PayloadUUID"), !=,
                   json_object_get_string_member (top, "PayloadUUID"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (mail, "PayloadIdentifier"),
                                   identifier));
  g_assert_true (json_object_has_member (mail, "PayloadDisplayName"));

  assert_member_string (mail, "EmailAccountType", "EmailTypeIMAP");
  assert_member_string (mail, "EmailAddress", "zoe@example.test");
  assert_member_string (mail, "EmailAccountName", NAME);
  assert_member_string (mail, "IncomingMailServerHostName", "imap.example.test");
  assert_member_int (mail, "IncomingMailServerPortNumber", 993);
  assert_member_boolean (mail, "IncomingMailServerUseSSL", TRUE);
  assert_member_string (mail, "IncomingMailServerUsername", "zoe.login");
  assert_member_string (mail, "IncomingMailServerAuthentication", "EmailAuthPassword");
  assert_member_string (mail, "OutgoingMailServerHostName", "smtp.example.test");
  assert_member_int (mail, "OutgoingMailServerPortNumber", 587);
  /* STARTTLS: no key for it; the file says why */
  assert_member_boolean (mail, "OutgoingMailServerUseSSL", FALSE);
  g_assert_nonnull (strstr (text, "<!-- Outgoing server: STARTTLS."));
  assert_member_string (mail, "OutgoingMailServerUsername", "zoe.login");
  assert_member_string (mail, "OutgoingMailServerAuthentication", "EmailAuthPassword");
  assert_member_boolean (mail, "OutgoingPasswordSameAsIncomingPassword", TRUE);
  g_assert_false (json_object_has_member (mail, "IncomingPassword"));
  g_assert_false (json_object_has_member (mail, "OutgoingPassword"));
}

static void
test_mobileconfig (void)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;

  colombe_test_watchdog_arm (30);
  path = export ("mobileconfig", imap_path, "zoe.mobileconfig", FALSE);
  text = read_file (path);
  root = read_plist (path);
  assert_mobileconfig (root, text);
  assert_plistutil_round_trip (path, root);
}

static void
test_mobileconfig_pop3 (void)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *mail;

  colombe_test_watchdog_arm (30);
  path = export ("mobileconfig", pop3_path, "bob.mobileconfig", FALSE);
  root = read_plist (path);
  mail = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                      "PayloadContent"), 0);
  assert_member_string (mail, "EmailAccountType", "EmailTypePOP");
  assert_member_boolean (mail, "IncomingMailServerUseSSL", FALSE);
  assert_member_boolean (mail, "OutgoingMailServerUseSSL", TRUE);
  assert_member_string (mail, "IncomingMailServerAuthentication", "EmailAuthCRAMMD5");
  assert_member_int (mail, "OutgoingMailServerPortNumber", 465);
}

/* ---- the K-9 settings file ---- */

/* Every element's text and attribute, by path: "k9settings/accounts/
 * account/incoming-server/host", "…/incoming-server@type". */
typedef struct
{
  GPtrArray  *stack;
  GHashTable *values;
} Reading;

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Reading *reading = user_data;
  const char *parent = reading->stack->len ? g_ptr_array_index (reading->stack,
                                                                reading->stack->len - 1) : NULL;
  char *path = parent ? g_strconcat (parent, "/", element, NULL) : g_strdup (element);

  /* each element once: the file has one account, one identity */
  g_assert_false (g_hash_table_contains (reading->values, path));
  g_hash_table_insert (reading->values, g_strdup (path), g_strdup (""));
  for (guint i = 0; names[i] != NULL; i++)
    g_hash_table_insert (reading->values, g_strconcat (path, "@", names[i], NULL),
                         g_strdup (values[i]));
  g_ptr_array_add (reading->stack, path);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Reading *reading = user_data;

  g_ptr_array_remove_index (reading->stack, reading->stack->len - 1);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  Reading *reading = user_data;
  const char *path = g_ptr_array_index (reading->stack, reading->stack->len - 1);
  g_autofree char *stripped = g_strstrip (g_strndup (text, length));

  if (*stripped != '\0')
    g_hash_table_insert (reading->values, g_strdup (path), g_steal_pointer (&stripped));
}

static GHashTable *
read_k9 (const char *path)
{
  const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autofree char *contents = read_file (path);
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Reading reading = { stack, values };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &reading, NULL);
  g_autoptr(GError) error = NULL;

  g_markup_parse_context_parse (context, contents, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stack->len, ==, 0);

  return values;
}

#define ACCOUNT "k9settings/accounts/account"

static void
assert_value (GHashTable *values,
              const char *path,
              const char *expected)
{
  g_assert_cmpstr (g_hash_table_lookup (values, path), ==, expected);
}

static void
assert_k9 (GHashTable *values,
           const char *password)
{
  assert_value (values, "k9settings@format", "1");
  g_assert_cmpint (atoi (g_hash_table_lookup (values, "k9settings@version")), >=, 95);
  g_assert_true (g_uuid_string_is_valid (g_hash_table_lookup (values, ACCOUNT "@uuid")));
  assert_value (values, ACCOUNT "/name", "zoe@example.test");

  assert_value (values, ACCOUNT "/incoming-server@type", "IMAP");
  assert_value (values, ACCOUNT "/incoming-server/host", "imap.example.test");
  assert_value (values, ACCOUNT "/incoming-server/port", "993");
  assert_value (values, ACCOUNT "/incoming-server/connection-security", "SSL_TLS_REQUIRED");
  assert_value (values, ACCOUNT "/incoming-server/authentication-type", "PLAIN");
  assert_value (values, ACCOUNT "/incoming-server/username", "zoe.login");
  assert_value (values, ACCOUNT "/incoming-server/password", password);

  assert_value (values, ACCOUNT "/outgoing-server@type", "SMTP");
  assert_value (values, ACCOUNT "/outgoing-server/host", "smtp.example.test");
  assert_value (values, ACCOUNT "/outgoing-server/port", "587");
  assert_value (values, ACCOUNT "/outgoing-server/connection-security", "STARTTLS_REQUIRED");
  assert_value (values, ACCOUNT "/outgoing-server/authentication-type", "PLAIN");
  assert_value (values, ACCOUNT "/outgoing-server/username", "zoe.login");
  assert_value (values, ACCOUNT "/outgoing-server/password", password);

  assert_value (values, ACCOUNT "/identities/identity/name", NAME);
  assert_value (values, ACCOUNT "/identities/identity/email", "zoe@example.test");
}

static void
test_k9 (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) values = NULL;

  colombe_test_watchdog_arm (30);
  path = export ("k9", imap_path, "zoe.k9s", FALSE);
  values = read_k9 (path);
  assert_k9 (values, NULL);
}

/* The .k9s file of @account: each path of @expected (path, value pairs,
 * NULL-terminated; a NULL value: absent) as written */
static void
check_k9 (const char         *account,
          const char         *file,
          const char * const *expected)
{
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) values = NULL;

  colombe_test_watchdog_arm (30);
  path = export ("k9", account, file, FALSE);
  values = read_k9 (path);
  for (guint i = 0; expected[i] != NULL; i += 2)
    assert_value (values, expected[i], expected[i + 1]);
}

static void
test_k9_pop3 (void)
{
  const char * const expected[] = {
    ACCOUNT "/incoming-server@type", "POP3",
    ACCOUNT "/incoming-server/connection-security", "STARTTLS_REQUIRED",
    ACCOUNT "/incoming-server/authentication-type", "CRAM_MD5",
    ACCOUNT "/outgoing-server/connection-security", "SSL_TLS_REQUIRED",
    ACCOUNT "/outgoing-server/port", "465",
    NULL
  };

  check_k9 (pop3_path, "bob.k9s", expected);
}

static void
test_k9_oauth2 (void)
{
  const char * const expected[] = {
    ACCOUNT "/incoming-server/host", "outlook.office365.com",
    ACCOUNT "/incoming-server/authentication-type", "XOAUTH2",
    ACCOUNT "/outgoing-server/host", "smtp.office365.com",
    ACCOUNT "/outgoing-server/authentication-type", "XOAUTH2",
    ACCOUNT "/outgoing-server/password", NULL,
    NULL
  };

  check_k9 (oauth2_path, "bob-oauth2.k9s", expected);
}

/* ---- the password ---- */

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  colombe_keyring_store_finish (result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* the marker password of the IMAP account, where --with-password looks */
static void
store_marker_password (void)
{
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  account = colombe_account_new_from_file (imap_path, &error);
  g_assert_no_error (error);
  colombe_keyring_store_async (colombe_account_get_incoming (account), "zoe@example.test",
                               MARKER_PASSWORD, NULL, stored, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_with_password (void)
{
  g_autofree char *k9 = NULL;
  g_autoptr(GHashTable) values = NULL;

  colombe_test_watchdog_arm (60);
  store_marker_password ();

  k9 = export ("k9", imap_path, "zoe-password.k9s", TRUE);
  values = read_k9 (k9);
  assert_k9 (values, MARKER_PASSWORD);

  check_qr (imap_path, &imap_incoming, &imap_outgoing, "zoe@example.test", NAME, TRUE);
}

/* The password is in the keyring, but not asked for: no file has it. */
static void
test_no_password_leak (void)
{
  const char *formats[] = { "mobileconfig", "k9", "qr-text", "qr" };
  g_auto(ColombeTestRun) refused = { 0 };
  g_autofree char *refused_path = g_build_filename (scratch, "refused.mobileconfig", NULL);
  const char *refused_argv[] = { COLOMBE_BINARY, "export", "--format", "mobileconfig",
                                 "--account", imap_path, "--output", refused_path,
                                 "--with-password", NULL };

  colombe_test_watchdog_arm (60);
  store_marker_password ();

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("leak-", formats[i], NULL);
      g_autofree char *path = export (formats[i], imap_path, name, FALSE);
      g_autofree char *contents = read_file (path);
      g_autofree char *decoded = g_str_equal (formats[i], "qr") ? decode_qr (path) : NULL;

      g_assert_null (strstr (contents, "marker-"));
      g_assert_null (strstr (contents, "marker-&quot;"));
      if (decoded != NULL)
        g_assert_null (strstr (decoded, "marker-"));
    }

  /* Apple allows a password only in encrypted profiles: refused */
  colombe_test_run (&refused, NULL, NULL, refused_argv);
  colombe_test_run_assert_usage_error (&refused);
  g_assert_false (g_file_test (refused_path, G_FILE_TEST_EXISTS));
}

/* ---- the world ---- */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-phone/qr/imap", test_qr_imap);
  g_test_add_func ("/export-phone/qr/pop3", test_qr_pop3);
  g_test_add_func ("/export-phone/qr/oauth2", test_qr_oauth2);
  g_test_add_func ("/export-phone/mobileconfig/imap", test_mobileconfig);
  g_test_add_func ("/export-phone/mobileconfig/pop3", test_mobileconfig_pop3);
  g_test_add_func ("/export-phone/k9/imap", test_k9);
  g_test_add_func ("/export-phone/k9/pop3", test_k9_pop3);
  g_test_add_func ("/export-phone/k9/oauth2", test_k9_oauth2);
  g_test_add_func ("/export-phone/with-password", test_with_password);
  g_test_add_func ("/export-phone/no-password-leak", test_no_password_leak);

  scratch = colombe_test_scratch_dir_new ("export-phone", &error);
  g_assert_no_error (error);
  imap_path = colombe_test_json_write_account (scratch, "zoe.json", imap_account);
  pop3_path = colombe_test_json_write_account (scratch, "bob.json", pop3_account);
  oauth2_path = colombe_test_json_write_account (scratch, "bob-oauth2.json", oauth2_account);

  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);

  status = g_test_run ();

  secret_service_disconnect ();
  colombe_test_keyring_stop (keyring, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (keyring);
  colombe_test_scratch_dir_remove (scratch, &error);
  g_assert_no_error (error);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&imap_path, g_free);
  g_clear_pointer (&pop3_path, g_free);
  g_clear_pointer (&oauth2_path, g_free);

  return status;
}
