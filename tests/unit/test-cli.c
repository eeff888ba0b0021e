/* test-cli.c: the command line contract of CLI.md, run as a person would
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-json.h"
#include "colombe-test-run.h"
#include "colombe-test-scratch.h"
#include "colombe-exporter.h"
#include "colombe-thunderbird-profile.h"

/* an account file of the tests, as colombe test --json writes one */
#define COLOMBE_SOURCE_ROOT_ACCOUNT COLOMBE_TEST_DATA_DIR "/account.json"
/* the same at Outlook.com, whose servers take OAuth2 only */
#define OAUTH2_ACCOUNT COLOMBE_TEST_DATA_DIR "/account-oauth2.json"
/* An association's own servers, typed with a password, for a provider that
 * signs in with OAuth2 only: the model makes them OAuth2 */
#define OAUTH2_UNKNOWN_ACCOUNT COLOMBE_TEST_DATA_DIR "/account-oauth2-unknown.json"


static void run_french (ColombeTestRun     *run,
                        const char * const *args);

/* Runs colombe with @args (NULL-terminated), standard input from @input. */
static void
run_colombe (ColombeTestRun         *run,
             const char  *input,
             const char  *first_arg,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (char *) COLOMBE_BINARY);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  colombe_test_run (run, NULL, input, (const char * const *) argv->pdata);
}

static void
test_detect_offline_free (void)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *account;
  JsonArray *sources;

  run_colombe (&run, NULL, "detect", " Alice@Free.FR ", "--offline", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  root = colombe_test_json_parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==, "Alice@free.fr");
  account = json_object_get_object_member (root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "builtin");
  colombe_test_json_assert_server (json_object_get_object_member (account, "incoming"),
                                   "imap", "imap.free.fr", 993, "tls", "Alice");
  colombe_test_json_assert_server (json_object_get_object_member (account, "outgoing"),
                                   "smtp", "smtp.free.fr", 465, "tls", "Alice");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "candidates")),
                    >=, 2);

  /* Ranked: the network sources come first, and do not run offline. */
  sources = json_object_get_array_member (root, "sources");
  g_assert_cmpuint (json_array_get_length (sources), >=, 1);
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *report = json_array_get_object_element (sources, i);
      gboolean builtin = g_str_equal (json_object_get_string_member (report, "name"), "builtin");

      g_assert_cmpstr (json_object_get_string_member (report, "state"), ==,
                       builtin ? "found" : "skipped");
    }
}

static void
test_detect_offline_unknown (void)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  run_colombe (&run, NULL, "detect", "bob@unknown-association.example", "--offline", "--json",
               NULL);
  g_assert_cmpint (run.status, ==, 1);
  root = colombe_test_json_parse_object (parser, run.out);
  g_assert_true (json_object_get_null_member (root, "account"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "candidates")),
                    ==, 0);
}

static void
test_detect_human (void)
{
  g_auto(ColombeTestRun) run = { 0 };

  run_colombe (&run, NULL, "detect", "alice@gmail.com", "--offline", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imap.gmail.com"));
  g_assert_nonnull (strstr (run.out, "smtp.gmail.com"));
}

/* account.sign_in and account.help (CLI.md's Additions), from the built-in
 * database, offline; the human output says it in a line. */
static void
test_detect_sign_in (void)
{
  const struct
  {
    const char *address;
    const char *sign_in;    /* joined by spaces; NULL for null */
    const char *help_url;
  } cases[] = {
    { "alice@gmail.com", "app-password oauth2", "https://myaccount.google.com/apppasswords" },
    { "alice@hotmail.fr", "oauth2", "https://support.microsoft.com/" },
    { "alice@yahoo.fr", "oauth2", "https://help.yahoo.com/" },
    { "alice@laposte.net", "password", "https://aide.laposte.net" },
    { "alice@bbox.fr", NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ColombeTestRun) run = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *account;
      JsonNode *sign_in;
      JsonNode *help;

      run_colombe (&run, NULL, "detect", cases[i].address, "--offline", "--json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      account = json_object_get_object_member (colombe_test_json_parse_object (parser, run.out),
                                               "account");
      sign_in = json_object_get_member (account, "sign_in");
      help = json_object_get_member (account, "help");
      g_assert_nonnull (sign_in);
      g_assert_nonnull (help);
      if (cases[i].sign_in == NULL)
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (sign_in));
          g_assert_true (JSON_NODE_HOLDS_NULL (help));
          continue;
        }

      {
        JsonArray *ways = json_node_get_array (sign_in);
        g_autoptr(GString) joined = g_string_new (NULL);
        JsonObject *page = json_node_get_object (help);

        for (guint j = 0; j < json_array_get_length (ways); j++)
          g_string_append_printf (joined, "%s%s", j ? " " : "", json_array_get_string_element (ways, j));
        g_assert_cmpstr (joined->str, ==, cases[i].sign_in);
        g_assert_true (g_str_has_prefix (json_object_get_string_member (page, "url"),
                                         cases[i].help_url));
        g_assert_cmpstr (json_object_get_string_member (page, "text"), !=, "");
      }
    }

  {
    g_auto(ColombeTestRun) run = { 0 };

    run_colombe (&run, NULL, "detect", "alice@gmail.com", "--offline", NULL);
    g_assert_nonnull (strstr (run.out, "  Sign-in: an app password, or the provider’s own sign-in "
                                       "page (OAuth2). Google does not accept"));
    g_assert_nonnull (strstr (run.out, " https://myaccount.google.com/apppasswords\n"));
  }
}

typedef struct
{
  const char *args[8];
} UsageCase;

static const UsageCase usage_cases[] = {
  { { "detect", NULL } },
  { { "detect", "alice", "--offline", NULL } },
  { { "detect", "alice@@free.fr", "--offline", NULL } },
  { { "detect", "alice@free fr", "--offline", NULL } },
  { { "detect", "a@b.org", "c@d.org", "--offline", NULL } },
  { { "detect", "a@b.org", "--no-such-option", NULL } },
  { { "detect", "a@b.org", "--timeout", "soon", NULL } },
  { { "detect", "a@b.org", "--ispdb-url", "ftp://x", NULL } },
  { { "detect", "a@b.org", "--ca-file", "/nonexistent/ca.pem", NULL } },
  { { "check-config", "/nonexistent/config.xml", NULL } },
  { { "providers", "@@", NULL } },
  { { "no-such-command", NULL } },
  { { "--bogus", NULL } },
  { { "-x", NULL } },
  { { "--ca-file", NULL } },
  { { "--ispdb-url=https://ispdb.test/v1.1", "detect", "a@b.org", NULL } },
  { { "test", "a@b.org", "--offline", "--incoming", "imap:h.org:993", NULL } },
  { { "export", NULL } },
  { { "export", "--format", "no-such-target", "--account", "x.json", NULL } },
  { { "export", "--format", "autoconfig", NULL } },
  { { "export", "--format", "autoconfig", "--account", "/nonexistent/account.json", NULL } },
  { { "export", "--format", "autoconfig", "--account", COLOMBE_SOURCE_ROOT_ACCOUNT,
      "--with-password", NULL } },
  { { "export", "--format", "thunderbird", "--account", COLOMBE_SOURCE_ROOT_ACCOUNT,
      "--profile=/tmp", "--output=-", NULL } },
  { { "export", "--format", "autoconfig", "--account", COLOMBE_SOURCE_ROOT_ACCOUNT,
      "--profile=/tmp", NULL } },
  { { "export", "--format", "thunderbird", "--account", COLOMBE_SOURCE_ROOT_ACCOUNT,
      "--password-stdin", NULL } },
  { { "export", "--format", "thunderbird", "--account", COLOMBE_SOURCE_ROOT_ACCOUNT,
      "--json", NULL } },
};

static void
test_usage_error (gconstpointer data)
{
  const UsageCase *usage = data;
  g_auto(ColombeTestRun) run = { 0 };

  run_colombe (&run, NULL, usage->args[0], usage->args[1], usage->args[2], usage->args[3],
               usage->args[4], usage->args[5], usage->args[6], NULL);
  colombe_test_run_assert_usage_error (&run);
}

/* `colombe --help` lists every sub-command and the window's options,
 * without opening a window. */
static void
test_top_help (void)
{
  const char *commands[] = { "detect", "test", "export", "providers", "check-config" };

  for (guint i = 0; i < 2; i++)
    {
      g_auto(ColombeTestRun) run = { 0 };

      run_colombe (&run, NULL, i == 0 ? "--help" : "-h", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.err, ==, "");
      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        {
          g_autofree char *line = g_strdup_printf ("\n  %s ", commands[c]);

          g_assert_nonnull (strstr (run.out, line));
        }
      g_assert_nonnull (strstr (run.out, "--ca-file=PEM"));
      g_assert_nonnull (strstr (run.out, "--ispdb-url=URL"));
    }
}

/* export --list names every target; an export to standard output is the
 * file itself. */
static void
test_export (void)
{
  g_auto(ColombeTestRun) list = { 0 };
  g_auto(ColombeTestRun) run = { 0 };

  run_colombe (&list, NULL, "export", "--list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_true (g_str_has_prefix (list.out, "TARGET "));
  g_assert_nonnull (strstr (list.out, "\nautoconfig "));

  run_colombe (&run, NULL, "export", "--format", "autoconfig", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--output", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "<?xml"));
  g_assert_nonnull (strstr (run.out, "<username>%EMAILADDRESS%</username>"));
  g_assert_cmpstr (run.err, ==, "");
}

/* export --profile, refused: exit 1, one line naming the kind, nothing
 * on stdout but --json's error. */
static void
assert_profile_refused (ColombeTestRun *run,
                        const char     *kind)
{
  g_autofree char *bracketed = g_strdup_printf (" [%s]\n", kind);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "colombe: "));
  g_assert_true (g_str_has_suffix (run->err, bracketed));
  g_assert_cmpint (strchr (run->err, '\n') - run->err, ==, strlen (run->err) - 1);
}

static char *
read_prefs (const char *profile)
{
  g_autofree char *path = g_build_filename (profile, "prefs.js", NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

/* A flat folder and its files. */
static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

/* A profile folder that does not exist: profile-not-found. "default" in a
 * home where Thunderbird never ran: profile-not-found when no Thunderbird
 * is installed here either, else its first profile made (what Thunderbird
 * does with it: test-export-thunderbird's cli-profile-created). */
static void
test_export_profile_not_found (void)
{
  g_autofree char *home = g_dir_make_tmp ("colombe-cli-home-XXXXXX", NULL);
  g_autofree char *home_env = g_strconcat ("HOME=", home, NULL);
  g_autofree char *missing = g_build_filename (home, "no-such-profile", NULL);
  g_autofree char *thunderbird = g_build_filename (home, ".thunderbird", NULL);
  g_autofree char *cache = g_build_filename (home, ".cache", NULL);
  g_autofree char *installed = NULL;
  g_autoptr(GPtrArray) made = NULL;
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "thunderbird", "--account",
                         COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", "default", NULL };
  const char *environment[] = { home_env, NULL };
  g_auto(ColombeTestRun) run = { 0 };
  g_auto(ColombeTestRun) json = { 0 };
  g_auto(ColombeTestRun) by_default = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *error;

  run_colombe (&run, NULL, "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", missing, NULL);
  assert_profile_refused (&run, "profile-not-found");
  g_assert_cmpstr (run.out, ==, "");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  run_colombe (&json, NULL, "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", missing, "--json", NULL);
  assert_profile_refused (&json, "profile-not-found");
  error = json_object_get_object_member (colombe_test_json_parse_object (parser, json.out),
                                         "error");
  g_assert_cmpstr (json_object_get_string_member (error, "kind"), ==, "profile-not-found");

  installed = colombe_thunderbird_profile_dup_install_root (home, NULL);
  colombe_test_run (&by_default, environment, NULL, argv);
  if (installed == NULL)
    {
      assert_profile_refused (&by_default, "profile-not-found");
      g_assert_false (g_file_test (thunderbird, G_FILE_TEST_EXISTS));
    }
  else
    {
      g_assert_cmpint (by_default.status, ==, 0);
      g_assert_nonnull (strstr (by_default.out, "Thunderbird had no profile yet: Colombe made one"));
      made = colombe_thunderbird_profile_find_all (home);
      g_assert_cmpuint (made->len, ==, 1);
      g_assert_true (g_str_has_prefix (colombe_thunderbird_profile_get_path (g_ptr_array_index (made, 0)),
                                       installed));
      g_assert_true (colombe_test_scratch_dir_remove (home, NULL));
    }
  remove_folder (cache);
  g_rmdir (home);
}

/* Into a profile folder Thunderbird never started: added, --json's shape,
 * no key database for the password; the same address again is refused,
 * nothing written; --force updates it; a bad password line is bad input
 * and a corrupt prefs.js is refused, nothing written either way. */
static void
test_export_profile (void)
{
  g_autofree char *profile = g_dir_make_tmp ("colombe-cli-profile-XXXXXX", NULL);
  g_autofree char *corrupt = g_dir_make_tmp ("colombe-cli-corrupt-XXXXXX", NULL);
  g_autofree char *corrupt_prefs = g_build_filename (corrupt, "prefs.js", NULL);
  g_auto(ColombeTestRun) run = { 0 };
  g_auto(ColombeTestRun) again = { 0 };
  g_auto(ColombeTestRun) forced = { 0 };
  g_auto(ColombeTestRun) said = { 0 };
  g_auto(ColombeTestRun) empty = { 0 };
  g_auto(ColombeTestRun) refused = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) forced_parser = json_parser_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *corrupt_after = NULL;
  JsonObject *root, *added;

  run_colombe (&run, "s3cret-not-shown\n", "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", profile, "--password-stdin", "--json",
               NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_null (strstr (run.out, "s3cret"));
  root = colombe_test_json_parse_object (parser, run.out);
  g_assert_cmpuint (json_object_get_size (root), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (root, "profile"), ==, profile);
  g_assert_false (json_object_get_boolean_member (root, "created"));
  g_assert_false (json_object_get_boolean_member (root, "updated"));
  g_assert_true (json_object_get_null_member (root, "backup"));
  g_assert_cmpstr (json_object_get_string_member (root, "password"), ==, "no-key-database");
  added = json_object_get_object_member (root, "added");
  g_assert_cmpuint (json_object_get_size (added), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (added, "account"), ==, "account1");
  g_assert_cmpstr (json_object_get_string_member (added, "server"), ==, "server1");
  g_assert_cmpstr (json_object_get_string_member (added, "identity"), ==, "id1");
  g_assert_cmpstr (json_object_get_string_member (added, "smtp"), ==, "smtp1");
  g_assert_cmpstr (json_object_get_string_member (added, "local_folders"), ==, "server2");
  before = read_prefs (profile);

  run_colombe (&again, NULL, "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", profile, NULL);
  assert_profile_refused (&again, "already-present");
  g_assert_nonnull (strstr (again.err, "--force"));
  after = read_prefs (profile);
  g_assert_cmpstr (after, ==, before);

  run_colombe (&empty, "\n", "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", profile, "--password-stdin", "--force",
               NULL);
  colombe_test_run_assert_usage_error (&empty);
  g_clear_pointer (&after, g_free);
  after = read_prefs (profile);
  g_assert_cmpstr (after, ==, before);

  run_colombe (&forced, NULL, "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", profile, "--force", "--json", NULL);
  g_assert_cmpint (forced.status, ==, 0);
  root = colombe_test_json_parse_object (forced_parser, forced.out);
  g_assert_true (json_object_get_boolean_member (root, "updated"));
  g_assert_cmpstr (json_object_get_string_member (root, "password"), ==, "not-given");
  added = json_object_get_object_member (root, "added");
  g_assert_cmpstr (json_object_get_string_member (added, "account"), ==, "account1");
  g_assert_nonnull (json_object_get_string_member (root, "backup"));

  /* without --json: what was done, and that Thunderbird will ask */
  run_colombe (&said, "s3cret-not-shown\n", "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", profile, "--force", "--password-stdin",
               NULL);
  g_assert_cmpint (said.status, ==, 0);
  g_assert_cmpstr (said.err, ==, "");
  g_assert_nonnull (strstr (said.out, " is updated.\n"));
  g_assert_nonnull (strstr (said.out, "Thunderbird never started on this profile: the password is "
                                      "not stored, Thunderbird will ask for it once.\n"));
  g_assert_null (strstr (said.out, "s3cret"));

  g_assert_true (g_file_set_contents (corrupt_prefs, "user_pref(\"a\", \"unterminated);\n", -1,
                                      NULL));
  run_colombe (&refused, NULL, "export", "--format", "thunderbird", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", corrupt, NULL);
  assert_profile_refused (&refused, "profile-corrupt");
  g_file_get_contents (corrupt_prefs, &corrupt_after, NULL, NULL);
  g_assert_cmpstr (corrupt_after, ==, "user_pref(\"a\", \"unterminated);\n");
  remove_folder (corrupt);
  remove_folder (profile);
}

/* Every target that cannot sign in with OAuth2, from the table: exit 2,
 * its one sentence as the one line on standard error, nothing written;
 * the account file of the test signs in with OAuth2 indeed. */
static void
test_export_oauth2_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("colombe-cli-oauth2-XXXXXX", NULL);
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);
  guint n_refused = 0;

  for (guint i = 0; i < n_exporters; i++)
    {
      g_autofree char *output = g_build_filename (dir, exporters[i]->name, NULL);
      g_autofree char *expected = NULL;
      g_auto(ColombeTestRun) run = { 0 };

      if (exporters[i]->without_oauth2 == NULL)
        continue;
      g_test_message ("%s", exporters[i]->name);
      /* the account is Outlook.com's, which both Thunderbird and Evolution know */
      expected = g_strdup_printf ("colombe: %s%s\n", exporters[i]->without_oauth2,
                                  exporters[i]->oauth2_way_out
                                  ? ": use Thunderbird or Evolution instead" : "");
      run_colombe (&run, NULL, "export", "--format", exporters[i]->name, "--account",
                   OAUTH2_ACCOUNT, "--output", output, NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.err, ==, expected);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
      n_refused++;
    }
  g_assert_cmpuint (n_refused, >, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* In French too: the sentence is translated */
static void
test_export_oauth2_french (void)
{
  const char *args[] = { "export", "--format", "msmtp", "--account", OAUTH2_ACCOUNT, NULL };
  g_auto(ColombeTestRun) run = { 0 };

  run_french (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "colombe: msmtp "));
  g_assert_nonnull (strstr (run.err, "Thunderbird"));
  g_assert_null (strstr (run.err, "token program"));
}

/* --profile with an OAuth2 account: authMethod 10 on both servers, no
 * password asked for nor stored ("password": "oauth2"), even when given. */
static void
test_export_oauth2_profile (void)
{
  g_autofree char *profile = g_dir_make_tmp ("colombe-cli-oauth2-profile-XXXXXX", NULL);
  g_autofree char *logins = g_build_filename (profile, "logins.json", NULL);
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *prefs = NULL;
  JsonObject *root;

  run_colombe (&run, "s3cret-not-shown\n", "export", "--format", "thunderbird", "--account",
               OAUTH2_ACCOUNT, "--profile", profile, "--password-stdin", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  root = colombe_test_json_parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "password"), ==, "oauth2");
  prefs = read_prefs (profile);
  g_assert_nonnull (strstr (prefs, "user_pref(\"mail.server.server1.authMethod\", 10);"));
  g_assert_nonnull (strstr (prefs, "user_pref(\"mail.smtpserver.smtp1.authMethod\", 10);"));
  g_assert_null (strstr (prefs, "s3cret"));
  g_assert_false (g_file_test (logins, G_FILE_TEST_EXISTS));
  remove_folder (profile);
}

/* What detect --json prints can be handed to export as it is. */
static void
test_export_from_detect (void)
{
  g_autofree char *dir = g_dir_make_tmp ("colombe-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "detected.json", NULL);
  g_auto(ColombeTestRun) detect = { 0 };
  g_auto(ColombeTestRun) export = { 0 };

  run_colombe (&detect, NULL, "detect", "alice@free.fr", "--offline", "--json", NULL);
  g_assert_cmpint (detect.status, ==, 0);
  g_assert_true (g_file_set_contents (path, detect.out, -1, NULL));

  run_colombe (&export, NULL, "export", "--format", "msmtp", "--account", path, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_nonnull (strstr (export.out, "host           \"smtp.free.fr\""));

  g_remove (path);
  g_rmdir (dir);
}

/* The autoconfig export is read back by Colombe's own checker: no warning. */
static void
test_export_autoconfig_checked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("colombe-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "config-v1.1.xml", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) export = { 0 };
  g_auto(ColombeTestRun) check = { 0 };
  JsonObject *root;

  run_colombe (&export, NULL, "export", "--format", "autoconfig", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--output", path, NULL);
  g_assert_cmpint (export.status, ==, 0);

  run_colombe (&check, NULL, "check-config", path, "--json", NULL);
  g_assert_cmpint (check.status, ==, 0);
  root = colombe_test_json_parse_object (parser, check.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "warnings")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "incoming")), ==, 1);

  g_remove (path);
  g_rmdir (dir);
}

/* French is complete: a volunteer reading French sees French. */
static void
test_french (void)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autofree char *localedir = NULL;
  g_autofree char *localedir_env = NULL;
  const char *argv[] = { COLOMBE_BINARY, "detect", "alice@@free.fr", NULL };

  localedir = g_build_filename (g_getenv ("COLOMBE_BUILD_ROOT"), "po", NULL);
  localedir_env = g_strconcat ("COLOMBE_LOCALEDIR=", localedir, NULL);
  {
    const char *environment[] = { localedir_env, "LANGUAGE=fr", NULL };

    colombe_test_run (&run, environment, NULL, argv);
  }
  colombe_test_run_assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "L’adresse a plus d’un signe"));
}

/* @argv (after the binary) in French. */
static void
run_french (ColombeTestRun     *run,
            const char * const *args)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("COLOMBE_BUILD_ROOT"), "po", NULL);
  g_autofree char *localedir_env = g_strconcat ("COLOMBE_LOCALEDIR=", localedir, NULL);
  const char *environment[] = { localedir_env, "LANGUAGE=fr", NULL };
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) full = NULL;

  g_strv_builder_add (argv, COLOMBE_BINARY);
  g_strv_builder_addv (argv, (const char **) args);
  full = g_strv_builder_end (argv);
  colombe_test_run (run, environment, NULL, (const char * const *) full);
}

/* The help comes in the person's language: French from the provider's file,
 * the line around it from fr.po. */
static void
test_detect_sign_in_french (void)
{
  const char *json_args[] = { "detect", "alice@free.fr", "--offline", "--json", NULL };
  const char *human_args[] = { "detect", "alice@free.fr", "--offline", NULL };
  g_auto(ColombeTestRun) json_run = { 0 };
  g_auto(ColombeTestRun) human_run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *help;

  run_french (&json_run, json_args);
  g_assert_cmpint (json_run.status, ==, 0);
  help = json_object_get_object_member (
    json_object_get_object_member (colombe_test_json_parse_object (parser, json_run.out), "account"),
    "help");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (help, "text"),
                                   "Free accepte votre mot de passe"));

  run_french (&human_run, human_args);
  g_assert_nonnull (strstr (human_run.out, "  Connexion : le mot de passe habituel. Free accepte"));
}

/* Columns as the terminal shows them: the character at display column @column. */
/* export --profile's refusal, in French: the core's sentence and what to
 * do, the kind untranslated. */
static void
test_export_profile_french (void)
{
  const char *args[] = { "export", "--format", "thunderbird", "--account",
                         COLOMBE_SOURCE_ROOT_ACCOUNT, "--profile", "/nonexistent/profile", NULL };
  g_auto(ColombeTestRun) run = { 0 };

  run_french (&run, args);
  assert_profile_refused (&run, "profile-not-found");
  g_assert_nonnull (strstr (run.err, "Il n’y a pas de profil Thunderbird dans /nonexistent/profile"));
  g_assert_nonnull (strstr (run.err, "démarrez Thunderbird une fois"));
}

static gunichar
char_at_column (const char *line,
                guint       column)
{
  guint shown = 0;

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p), shown++)
    if (shown == column)
      return g_utf8_get_char (p);
  return 0;
}

/* The French tables: states that need no agreement, every column starting
 * at the same display column, GLib's jargon in Colombe's words. */
static void
test_french_tables (void)
{
  const char *detect[] = { "detect", "alice@free.fr", "--offline", NULL };
  const char *list[] = { "export", "--list", NULL };
  const char *timeout[] = { "detect", "alice@free.fr", "--offline", "--timeout", "abc", NULL };
  g_auto(ColombeTestRun) detected = { 0 };
  g_auto(ColombeTestRun) listed = { 0 };
  g_auto(ColombeTestRun) refused = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *table;
  guint column;

  run_french (&detected, detect);
  g_assert_cmpint (detected.status, ==, 0);
  g_assert_null (strstr (detected.out, "utilisée"));
  g_assert_nonnull (strstr (detected.out, "paramètres trouvés"));
  table = strstr (detected.out, "Où Colombe a cherché");
  g_assert_nonnull (table);
  lines = g_strsplit (strchr (table, '\n') + 1, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_test_message ("%s", lines[i]);
      g_assert_true (g_str_has_suffix (lines[i], " ms"));
      g_assert_cmpuint (g_utf8_strlen (lines[i], -1), ==, g_utf8_strlen (lines[0], -1));
    }
  g_clear_pointer (&lines, g_strfreev);

  run_french (&listed, list);
  g_assert_cmpint (listed.status, ==, 0);
  lines = g_strsplit (listed.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "CIBLE "));
  column = g_utf8_pointer_to_offset (lines[0], strstr (lines[0], "DESCRIPTION"));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_test_message ("%s", lines[i]);
      g_assert_true (char_at_column (lines[i], column - 1) == ' ');
      g_assert_true (char_at_column (lines[i], column) != ' ');
    }

  run_french (&refused, timeout);
  colombe_test_run_assert_usage_error (&refused);
  g_assert_nonnull (strstr (refused.err, "--timeout\u00a0: «\u00a0abc\u00a0» n’est pas un nombre"));
  g_assert_null (strstr (refused.err, "double"));
}

/* Thunderbird and Thunderbird for Android sign in with OAuth2 only to the
 * providers they know: their targets refuse this one, exit 2 with one line
 * and nothing written, in French too. */
static void
test_export_oauth2_unknown (void)
{
  const char *thunderbird = "colombe: Thunderbird signs in with OAuth2 only to the providers";
  const char *android = "colombe: Thunderbird for Android signs in with OAuth2 only to the IMAP";
  const struct { const char *target, *start; } targets[] = {
    { "thunderbird", thunderbird }, { "autoconfig", thunderbird },
    { "k9", android }, { "qr", android }, { "qr-text", android },
  };
  const char *french_args[] = { "export", "--format", "thunderbird", "--account",
                                OAUTH2_UNKNOWN_ACCOUNT, NULL };
  g_autofree char *dir = g_dir_make_tmp ("colombe-cli-oauth2-unknown-XXXXXX", NULL);
  g_auto(ColombeTestRun) french = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *output = g_build_filename (dir, targets[i].target, NULL);
      g_auto(ColombeTestRun) run = { 0 };

      g_test_message ("%s", targets[i].target);
      run_colombe (&run, NULL, "export", "--format", targets[i].target, "--account",
                   OAUTH2_UNKNOWN_ACCOUNT, "--output", output, NULL);
      colombe_test_run_assert_usage_error (&run);
      g_assert_true (g_str_has_prefix (run.err, targets[i].start));
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  run_french (&french, french_args);
  colombe_test_run_assert_usage_error (&french);
  g_assert_true (g_str_has_prefix (french.err, "colombe: Thunderbird ne se connecte en OAuth2 "));
}

static void
test_providers_list (void)
{
  static const char * const seed_domains[] = {
    "free.fr", "gmail.com", "orange.fr", "wanadoo.fr", "sfr.fr", "neuf.fr", "club-internet.fr",
    "laposte.net", "bbox.fr", "numericable.fr", "outlook.com", "hotmail.com", "live.com",
    "dauphintelecom.fr", "aol.com", "yahoo.com", "yahoo.fr", "ymail.com", "me.com",
    "online.net", "ovh.com", "lagoon.nc", "mail.pf",
  };
  g_auto(ColombeTestRun) run = { 0 };

  run_colombe (&run, NULL, "providers", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (seed_domains); i++)
    {
      g_test_message ("%s", seed_domains[i]);
      g_assert_nonnull (strstr (run.out, seed_domains[i]));
    }
}

static void
test_providers_one (void)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  run_colombe (&run, NULL, "providers", "free.fr", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = colombe_test_json_parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "id"), ==, "free.fr");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/detect/offline-free", test_detect_offline_free);
  g_test_add_func ("/cli/detect/offline-unknown", test_detect_offline_unknown);
  g_test_add_func ("/cli/detect/human", test_detect_human);
  g_test_add_func ("/cli/detect/sign-in", test_detect_sign_in);
  for (gsize i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/usage-error/%" G_GSIZE_FORMAT, i);
      g_test_add_data_func (path, &usage_cases[i], test_usage_error);
    }
  g_test_add_func ("/cli/french", test_french);
  g_test_add_func ("/cli/french/tables", test_french_tables);
  g_test_add_func ("/cli/french/sign-in", test_detect_sign_in_french);
  g_test_add_func ("/cli/top-help", test_top_help);
  g_test_add_func ("/cli/export", test_export);
  g_test_add_func ("/cli/export/autoconfig-checked", test_export_autoconfig_checked);
  g_test_add_func ("/cli/export/from-detect", test_export_from_detect);
  g_test_add_func ("/cli/export/profile", test_export_profile);
  g_test_add_func ("/cli/export/profile-not-found", test_export_profile_not_found);
  g_test_add_func ("/cli/export/profile-french", test_export_profile_french);
  g_test_add_func ("/cli/export/oauth2-refused", test_export_oauth2_refused);
  g_test_add_func ("/cli/export/oauth2-french", test_export_oauth2_french);
  g_test_add_func ("/cli/export/oauth2-profile", test_export_oauth2_profile);
  g_test_add_func ("/cli/export/oauth2-unknown", test_export_oauth2_unknown);
  g_test_add_func ("/cli/providers/list", test_providers_list);
  g_test_add_func ("/cli/providers/one", test_providers_one);

  return g_test_run ();
}
