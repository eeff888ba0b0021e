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

#include "colombe-test-run.h"

/* an account file of the tests, as colombe test --json writes one */
#define COLOMBE_SOURCE_ROOT_ACCOUNT COLOMBE_TEST_DATA_DIR "/account.json"


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

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_server (JsonObject *server,
               const char *protocol,
               const char *host,
               gint64      port,
               const char *security,
               const char *username)
{
  g_assert_cmpstr (json_object_get_string_member (server, "protocol"), ==, protocol);
  g_assert_cmpstr (json_object_get_string_member (server, "host"), ==, host);
  g_assert_cmpint (json_object_get_int_member (server, "port"), ==, port);
  g_assert_cmpstr (json_object_get_string_member (server, "security"), ==, security);
  g_assert_cmpstr (json_object_get_string_member (server, "username"), ==, username);
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

  root = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==, "Alice@free.fr");
  account = json_object_get_object_member (root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "builtin");
  assert_server (json_object_get_object_member (account, "incoming"),
                 "imap", "imap.free.fr", 993, "tls", "Alice");
  assert_server (json_object_get_object_member (account, "outgoing"),
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
  root = parse_object (parser, run.out);
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
  g_assert_true (g_str_has_prefix (list.out, "autoconfig "));

  run_colombe (&run, NULL, "export", "--format", "autoconfig", "--account",
               COLOMBE_SOURCE_ROOT_ACCOUNT, "--output", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "<?xml"));
  g_assert_nonnull (strstr (run.out, "<username>%EMAILADDRESS%</username>"));
  g_assert_cmpstr (run.err, ==, "");
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
  root = parse_object (parser, check.out);
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
  root = parse_object (parser, run.out);
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
  for (gsize i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/usage-error/%" G_GSIZE_FORMAT, i);
      g_test_add_data_func (path, &usage_cases[i], test_usage_error);
    }
  g_test_add_func ("/cli/french", test_french);
  g_test_add_func ("/cli/top-help", test_top_help);
  g_test_add_func ("/cli/export", test_export);
  g_test_add_func ("/cli/export/autoconfig-checked", test_export_autoconfig_checked);
  g_test_add_func ("/cli/export/from-detect", test_export_from_detect);
  g_test_add_func ("/cli/providers/list", test_providers_list);
  g_test_add_func ("/cli/providers/one", test_providers_one);

  return g_test_run ();
}
