/* test-thunderbird-logins.c: the password into a Thunderbird profile's logins.json
 *
 * Key databases made by NSS's own certutil, as Thunderbird's first start
 * would make them: with no password, or with a primary password. What
 * was stored is decrypted back with NSS here.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <nss.h>
#include <pk11pub.h>
#include <pk11sdr.h>
#include <string.h>
#include <sys/stat.h>

#include "colombe-secret.h"
#include "colombe-test-fixtures.h"
#include "thunderbird/colombe-thunderbird-logins.h"

#define CERTUTIL "/usr/bin/certutil"
#define PASSWORD "s3cret-\"pass\\word\"-\303\251t\303\251"
#define LOGIN    "alice@example.test"

static char *scratch;

/* Profiles ---------------------------------------------------------------- */

static char *
profile_new (const char *name,
             const char *primary_password)
{
  g_autofree char *dir = g_build_filename (scratch, name, NULL);
  g_autofree char *database = g_strconcat ("sql:", dir, NULL);
  g_autofree char *password_file = g_build_filename (scratch, "primary-password", NULL);
  g_auto(ColombeTestRun) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (primary_password == NULL)
    colombe_test_run (&run, NULL, NULL, (const char *[]) { CERTUTIL, "-N", "-d", database,
                                                           "--empty-password", NULL });
  else
    {
      g_assert_true (g_file_set_contents (password_file, primary_password, -1, NULL));
      colombe_test_run (&run, NULL, NULL, (const char *[]) { CERTUTIL, "-N", "-d", database,
                                                             "-f", password_file, NULL });
    }
  if (run.status != 0)
    g_error ("certutil: %s%s", run.out, run.err);

  return g_steal_pointer (&dir);
}

/* A profile whose default key is triple DES, as an older Thunderbird (and
 * Debian's NSS) made it: then this NSS can decrypt what is stored, a
 * check independent of Colombe's code. A recent Thunderbird's AES key is
 * checked by Thunderbird itself (test-export-thunderbird). */
static char *
profile_new_des3 (const char *name)
{
  char *dir = profile_new (name, NULL);
  g_autofree char *config = g_strconcat ("sql:", dir, NULL);
  NSSInitContext *context = NSS_InitContext (config, "", "", "", NULL,
                                             NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT);
  SECItem key_id = { siBuffer, NULL, 0 };
  SECItem data = { siBuffer, (unsigned char *) "x", 1 };
  SECItem sealed = { siBuffer, NULL, 0 };

  g_assert_nonnull (context);
  g_assert_cmpint (PK11SDR_Encrypt (&key_id, &data, &sealed, NULL), ==, SECSuccess);
  SECITEM_FreeItem (&sealed, PR_FALSE);
  g_assert_cmpint (NSS_ShutdownContext (context), ==, SECSuccess);

  return dir;
}

static ColombeServer *
server_new (ColombeProtocol protocol,
            const char     *host,
            const char     *username)
{
  ColombeServer *server = colombe_server_new (protocol, host, 993, COLOMBE_SECURITY_TLS);

  if (username != NULL)
    colombe_server_set_username (server, username);
  return server;
}

static char *
logins_path (const char *profile)
{
  return g_build_filename (profile, "logins.json", NULL);
}

static void
store (const char *profile,
       const char *password,
       ColombeThunderbirdLoginsOutcome expected)
{
  g_autoptr(ColombeServer) imap = server_new (COLOMBE_PROTOCOL_IMAP, "imap.example.test", LOGIN);
  g_autoptr(ColombeServer) smtp = server_new (COLOMBE_PROTOCOL_SMTP, "smtp.example.test", LOGIN);
  ColombeThunderbirdLoginsOutcome outcome = -1;
  g_autoptr(GError) error = NULL;

  g_assert_true (colombe_thunderbird_logins_store (profile, imap, smtp, password, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_thunderbird_logins_outcome_to_string (outcome), ==,
                   colombe_thunderbird_logins_outcome_to_string (expected));
}

static JsonNode *
load (const char *profile)
{
  g_autofree char *path = logins_path (profile);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

/* The entries for @origin */
static GPtrArray *
find_logins (JsonNode   *root,
             const char *origin)
{
  JsonArray *logins = json_object_get_array_member (json_node_get_object (root), "logins");
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *login = json_array_get_object_element (logins, i);

      if (g_strcmp0 (json_object_get_string_member (login, "hostname"), origin) == 0)
        g_ptr_array_add (found, login);
    }

  return found;
}

/* Decrypting back, as Thunderbird does ------------------------------------ */

static ColombeSecret *
decrypt (const char *profile,
         const char *base64)
{
  g_autofree char *config = g_strconcat ("sql:", profile, NULL);
  NSSInitContext *context = NSS_InitContext (config, "", "", "", NULL,
                                             NSS_INIT_READONLY | NSS_INIT_NOMODDB |
                                             NSS_INIT_NOROOTINIT);
  gsize length = 0;
  g_autofree guchar *sealed = g_base64_decode (base64, &length);
  SECItem data = { siBuffer, sealed, length };
  SECItem opened = { siBuffer, NULL, 0 };
  ColombeSecret *text;

  g_assert_nonnull (context);
  g_assert_cmpint (PK11SDR_Decrypt (&data, &opened, NULL), ==, SECSuccess);
  text = g_strndup ((const char *) opened.data, opened.len);
  SECITEM_ZfreeItem (&opened, PR_FALSE);
  g_assert_cmpint (NSS_ShutdownContext (context), ==, SECSuccess);

  return text;
}

static void
assert_decrypts (const char *profile,
                 JsonObject *login,
                 const char *username,
                 const char *password)
{
  g_autoptr(ColombeSecret) found_username =
    decrypt (profile, json_object_get_string_member (login, "encryptedUsername"));
  g_autoptr(ColombeSecret) found_password =
    decrypt (profile, json_object_get_string_member (login, "encryptedPassword"));

  g_assert_cmpstr (found_username, ==, username);
  g_assert_cmpstr (found_password, ==, password);
}

static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint i = 0;

  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, expected[i]);
  g_assert_null (expected[i]);
}

/* Tests ------------------------------------------------------------------- */

/* A new logins.json: Thunderbird's members, in its order, for both servers */
static void
test_new_file (void)
{
  const char *top[] = { "nextId", "logins", "potentiallyVulnerablePasswords", "version", NULL };
  const char *members[] = { "id", "hostname", "httpRealm", "formSubmitURL", "usernameField",
                            "passwordField", "encryptedUsername", "encryptedPassword", "guid",
                            "encType", "timeCreated", "timeLastUsed", "timePasswordChanged",
                            "timesUsed", "timeLastBreachAlertDismissed", "syncCounter",
                            "everSynced", "encryptedUnknownFields", NULL };
  const char *origins[] = { "imap://imap.example.test", "smtp://smtp.example.test" };
  g_autofree char *profile = profile_new_des3 ("new-file");
  g_autofree char *path = logins_path (profile);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gint64 now = g_get_real_time () / 1000;
  struct stat buf;

  store (profile, PASSWORD, COLOMBE_THUNDERBIRD_LOGINS_STORED);

  g_assert_cmpint (stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "s3cret"));
  g_assert_null (strstr (text, LOGIN));

  root = load (profile);
  object = json_node_get_object (root);
  assert_members (object, top);
  g_assert_cmpint (json_object_get_int_member (object, "nextId"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "logins")), ==, 2);

  for (gsize i = 0; i < G_N_ELEMENTS (origins); i++)
    {
      g_autoptr(GPtrArray) found = find_logins (root, origins[i]);
      JsonObject *login;

      g_assert_cmpuint (found->len, ==, 1);
      login = found->pdata[0];
      assert_members (login, members);
      g_assert_cmpint (json_object_get_int_member (login, "id"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (login, "httpRealm"), ==, origins[i]);
      g_assert_true (json_object_get_null_member (login, "formSubmitURL"));
      g_assert_cmpstr (json_object_get_string_member (login, "usernameField"), ==, "");
      g_assert_cmpstr (json_object_get_string_member (login, "passwordField"), ==, "");
      g_assert_true (g_regex_match_simple ("^\\{[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-"
                                           "[0-9a-f]{12}\\}$",
                                           json_object_get_string_member (login, "guid"), 0, 0));
      g_assert_cmpint (json_object_get_int_member (login, "encType"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (login, "timeCreated"), >=, now - 60000);
      g_assert_cmpint (json_object_get_int_member (login, "timeCreated"), <=, now + 60000);
      g_assert_cmpint (json_object_get_int_member (login, "timeLastUsed"), ==,
                       json_object_get_int_member (login, "timeCreated"));
      g_assert_cmpint (json_object_get_int_member (login, "timePasswordChanged"), ==,
                       json_object_get_int_member (login, "timeCreated"));
      g_assert_cmpint (json_object_get_int_member (login, "timesUsed"), ==, 1);
      assert_decrypts (profile, login, LOGIN, PASSWORD);
    }
}

/* No key yet: an AES-256 one, as a recent NSS makes; entries found again
 * (replaced, not doubled) */
static void
test_new_key (void)
{
  /* 2.16.840.1.101.3.4.1.42, aes256-CBC */
  const guchar aes256_cbc[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a };
  g_autofree char *profile = profile_new ("new-key", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree guchar *der = NULL;
  gsize length = 0;
  gsize offset;

  store (profile, "first-password", COLOMBE_THUNDERBIRD_LOGINS_STORED);
  store (profile, PASSWORD, COLOMBE_THUNDERBIRD_LOGINS_STORED);
  root = load (profile);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                                         "logins")), ==, 2);
  found = find_logins (root, "imap://imap.example.test");
  der = g_base64_decode (json_object_get_string_member (found->pdata[0], "encryptedPassword"),
                         &length);
  for (offset = 0; offset + sizeof aes256_cbc <= length; offset++)
    if (memcmp (der + offset, aes256_cbc, sizeof aes256_cbc) == 0)
      break;
  g_assert_cmpuint (offset + sizeof aes256_cbc, <=, length);
}

/* A primary password: nothing asked, nothing written, not even a file */
static void
test_primary_password (void)
{
  g_autofree char *profile = profile_new ("primary", "primary-Kx9");
  g_autofree char *path = logins_path (profile);

  store (profile, PASSWORD, COLOMBE_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* No key database: none is made (Thunderbird makes its own) */
static void
test_no_key_database (void)
{
  g_autofree char *profile = g_build_filename (scratch, "no-key-database", NULL);
  g_autoptr(GDir) dir = NULL;

  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  store (profile, PASSWORD, COLOMBE_THUNDERBIRD_LOGINS_NO_KEY_DATABASE);
  dir = g_dir_open (profile, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
}

/* An existing file: every other entry and member kept as it was */
static const char existing_logins[] =
  "{\"nextId\":42,\"logins\":["
  "{\"id\":7,\"hostname\":\"https://www.example.org\",\"httpRealm\":null,"
  "\"formSubmitURL\":\"https://www.example.org\",\"usernameField\":\"user\","
  "\"passwordField\":\"pass\",\"encryptedUsername\":\"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA==\","
  "\"encryptedPassword\":\"MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECB==\","
  "\"guid\":\"{0b4c2a86-4f0a-4e64-9d2b-5a3c0f1e2d3c}\",\"encType\":1,"
  "\"timeCreated\":1700000000000,\"timeLastUsed\":1700000000001,"
  "\"timePasswordChanged\":1700000000002,\"timesUsed\":12,"
  "\"somethingNew\":{\"caf\\u00e9\":[1,2.5,true,null,\"\\u65e5\\n\"]}},"
  "{\"id\":50,\"hostname\":\"imap://other.example.test\",\"httpRealm\":\"imap://other.example.test\","
  "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\","
  "\"encryptedUsername\":\"bm90IG9mIHRoaXMga2V5\",\"encryptedPassword\":\"bm90IG9mIHRoaXMga2V5\","
  "\"guid\":\"{11111111-2222-4333-8444-555555555555}\",\"encType\":1,"
  "\"timeCreated\":1,\"timeLastUsed\":2,\"timePasswordChanged\":3,\"timesUsed\":1}"
  "],\"potentiallyVulnerablePasswords\":[{\"passwordHash\":\"x\"}],"
  "\"dismissedBreachAlertsByLoginGUID\":{\"{0b4c2a86-4f0a-4e64-9d2b-5a3c0f1e2d3c}\":"
  "{\"timeBreachAlertDismissed\":1700000000003}},\"version\":3}";

static void
test_existing_kept (void)
{
  g_autofree char *profile = profile_new_des3 ("existing");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *before;
  JsonObject *after;
  JsonArray *old_logins;
  JsonArray *new_logins;
  g_autoptr(GList) members = NULL;
  g_autoptr(GPtrArray) imap = NULL;

  g_assert_true (colombe_test_scratch_write (profile, "logins.json", existing_logins, NULL));
  g_assert_true (json_parser_load_from_data (parser, existing_logins, -1, NULL));
  before = json_node_get_object (json_parser_get_root (parser));

  store (profile, PASSWORD, COLOMBE_THUNDERBIRD_LOGINS_STORED);
  root = load (profile);
  after = json_node_get_object (root);

  /* every member but nextId and logins as it was, in the same order */
  members = json_object_get_members (before);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_strcmp0 (l->data, "nextId") != 0 && g_strcmp0 (l->data, "logins") != 0)
      g_assert_true (json_node_equal (json_object_get_member (before, l->data),
                                      json_object_get_member (after, l->data)));
  g_assert_cmpuint (json_object_get_size (after), ==, json_object_get_size (before));

  old_logins = json_object_get_array_member (before, "logins");
  new_logins = json_object_get_array_member (after, "logins");
  g_assert_cmpuint (json_array_get_length (new_logins), ==, 4);
  for (guint i = 0; i < json_array_get_length (old_logins); i++)
    g_assert_true (json_node_equal (json_array_get_element (old_logins, i),
                                    json_array_get_element (new_logins, i)));

  /* new ids after the highest one, whatever nextId said */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (new_logins, 2), "id"),
                   ==, 50 + 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (new_logins, 3), "id"),
                   ==, 50 + 2);
  g_assert_cmpint (json_object_get_int_member (after, "nextId"), ==, 50 + 3);
  imap = find_logins (root, "imap://imap.example.test");
  g_assert_cmpuint (imap->len, ==, 1);
  assert_decrypts (profile, imap->pdata[0], LOGIN, PASSWORD);
}

/* The same origin and username again: replaced, not doubled; another
 * username at the same origin stays. */
static void
test_replace (void)
{
  g_autofree char *profile = profile_new_des3 ("replace");
  g_autoptr(ColombeServer) bob = server_new (COLOMBE_PROTOCOL_IMAP, "imap.example.test",
                                             "bob@example.test");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  JsonArray *first_logins;
  JsonArray *second_logins;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  ColombeThunderbirdLoginsOutcome outcome;
  JsonObject *old_login;
  JsonObject *new_login;
  guint bobs = 0;

  store (profile, "first-password", COLOMBE_THUNDERBIRD_LOGINS_STORED);
  g_assert_true (colombe_thunderbird_logins_store (profile, bob, NULL, "bob-password", &outcome,
                                                   &error));
  g_assert_no_error (error);
  first = load (profile);
  store (profile, PASSWORD, COLOMBE_THUNDERBIRD_LOGINS_STORED);
  second = load (profile);
  first_logins = json_object_get_array_member (json_node_get_object (first), "logins");
  second_logins = json_object_get_array_member (json_node_get_object (second), "logins");

  g_assert_cmpuint (json_array_get_length (second_logins), ==, 3);
  /* Bob's entry, the last one, untouched */
  g_assert_true (json_node_equal (json_array_get_element (first_logins, 2),
                                  json_array_get_element (second_logins, 2)));
  before = find_logins (first, "imap://imap.example.test");
  after = find_logins (second, "imap://imap.example.test");
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < after->len; i++)
    {
      g_autoptr(ColombeSecret) username =
        decrypt (profile, json_object_get_string_member (after->pdata[i], "encryptedUsername"));

      old_login = before->pdata[i];
      new_login = after->pdata[i];
      g_assert_cmpstr (json_object_get_string_member (old_login, "guid"), ==,
                       json_object_get_string_member (new_login, "guid"));
      g_assert_cmpint (json_object_get_int_member (old_login, "id"), ==,
                       json_object_get_int_member (new_login, "id"));
      if (g_strcmp0 (username, LOGIN) == 0)
        assert_decrypts (profile, new_login, LOGIN, PASSWORD);
      else
        {
          assert_decrypts (profile, new_login, "bob@example.test", "bob-password");
          bobs++;
        }
    }
  g_assert_cmpuint (bobs, ==, 1);
}

/* A file Thunderbird would not read whole is refused and left alone */
static void
test_corrupt (void)
{
  const char *bad[] = { "{\"logins\": [", "[]", "{\"logins\": {}}", "{\"logins\": [1]}",
                        "{\"nextId\": \"x\", \"logins\": []}" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strdup_printf ("corrupt-%zu", i);
      g_autofree char *profile = profile_new (name, NULL);
      g_autofree char *path = logins_path (profile);
      g_autofree char *text = NULL;
      g_autoptr(ColombeServer) imap = server_new (COLOMBE_PROTOCOL_IMAP, "imap.example.test", LOGIN);
      g_autoptr(GError) error = NULL;
      ColombeThunderbirdLoginsOutcome outcome;

      g_assert_true (colombe_test_scratch_write (profile, "logins.json", bad[i], NULL));
      g_assert_false (colombe_thunderbird_logins_store (profile, imap, NULL, PASSWORD, &outcome,
                                                        &error));
      g_assert_error (error, COLOMBE_THUNDERBIRD_LOGINS_ERROR,
                      COLOMBE_THUNDERBIRD_LOGINS_ERROR_CORRUPT);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_cmpstr (text, ==, bad[i]);
    }
}

/* The origins Thunderbird's servers look up */
static void
test_origins (void)
{
  const struct
  {
    ColombeProtocol protocol;
    const char     *host;
    const char     *username;
    const char     *auth;
    const char     *origin;
  } cases[] = {
    { COLOMBE_PROTOCOL_IMAP, "imap.example.test", LOGIN, NULL, "imap://imap.example.test" },
    { COLOMBE_PROTOCOL_POP3, "pop.example.test", LOGIN, NULL, "mailbox://pop.example.test" },
    { COLOMBE_PROTOCOL_SMTP, "smtp.example.test", LOGIN, NULL, "smtp://smtp.example.test" },
    { COLOMBE_PROTOCOL_IMAP, "::1", LOGIN, NULL, "imap://%5B%3A%3A1%5D" },
    { COLOMBE_PROTOCOL_SMTP, "::1", LOGIN, NULL, "smtp://[::1]" },
    { COLOMBE_PROTOCOL_SMTP, "smtp.example.test", LOGIN, "none", NULL },
    { COLOMBE_PROTOCOL_IMAP, "imap.example.test", LOGIN, "OAuth2", NULL },
    { COLOMBE_PROTOCOL_SMTP, "smtp.example.test", NULL, NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ColombeServer) server = server_new (cases[i].protocol, cases[i].host,
                                                    cases[i].username);
      g_autofree char *origin = NULL;

      if (cases[i].auth != NULL)
        colombe_server_add_auth_method (server, cases[i].auth);
      origin = colombe_thunderbird_logins_dup_origin (server);
      g_assert_cmpstr (origin, ==, cases[i].origin);
    }
}

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  ColombeThunderbirdLoginsOutcome *outcome = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (colombe_thunderbird_logins_store_finish (result, outcome, &error));
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer user_data)
{
  return *(ColombeThunderbirdLoginsOutcome *) user_data != (ColombeThunderbirdLoginsOutcome) -1;
}

static void
test_async (void)
{
  g_autofree char *profile = profile_new_des3 ("async");
  g_autoptr(ColombeServer) imap = server_new (COLOMBE_PROTOCOL_IMAP, "imap.example.test", LOGIN);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) found = NULL;
  ColombeThunderbirdLoginsOutcome outcome = -1;

  colombe_thunderbird_logins_store_async (profile, imap, NULL, PASSWORD, NULL, stored, &outcome);
  g_assert_true (colombe_test_wait_until (is_set, &outcome, 30000));
  g_assert_cmpint (outcome, ==, COLOMBE_THUNDERBIRD_LOGINS_STORED);
  root = load (profile);
  found = find_logins (root, "imap://imap.example.test");
  g_assert_cmpuint (found->len, ==, 1);
  assert_decrypts (profile, found->pdata[0], LOGIN, PASSWORD);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thunderbird-logins/origins", test_origins);
  if (!g_file_test (CERTUTIL, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("needs libnss3-tools (tests/install-deps.sh test)");
      return g_test_run ();
    }

  scratch = colombe_test_scratch_dir_new ("thunderbird-logins", &error);
  g_assert_no_error (error);

  g_test_add_func ("/thunderbird-logins/new-file", test_new_file);
  g_test_add_func ("/thunderbird-logins/new-key", test_new_key);
  g_test_add_func ("/thunderbird-logins/primary-password", test_primary_password);
  g_test_add_func ("/thunderbird-logins/no-key-database", test_no_key_database);
  g_test_add_func ("/thunderbird-logins/existing-kept", test_existing_kept);
  g_test_add_func ("/thunderbird-logins/replace", test_replace);
  g_test_add_func ("/thunderbird-logins/corrupt", test_corrupt);
  g_test_add_func ("/thunderbird-logins/async", test_async);

  status = g_test_run ();

  colombe_test_scratch_dir_remove (scratch, NULL);
  g_free (scratch);

  return status;
}
