/* test-cli-test.c: `colombe test` proves real servers, refuses what it must
 *
 * A real Dovecot and SMTP submission server on 127.0.0.1, names from a
 * dnsmasq world, the example.test autoconfig on an HTTPS server, and a
 * private gnome-keyring: all inside this test's own namespaces.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"

static ColombeTestWorld *world;

typedef struct
{
  ColombeTestRun  run;
  JsonParser     *parser;
  JsonObject     *root;
} TestRun;

static void
test_run_clear (TestRun *test)
{
  colombe_test_run_clear (&test->run);
  g_clear_object (&test->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestRun, test_run_clear)

static char *
incoming_spec (const char *security,
               guint16     port)
{
  return g_strdup_printf ("imap:mail.example.test:%u:%s", port, security);
}

static char *
outgoing_spec (const char *security,
               guint16     port)
{
  return g_strdup_printf ("mail.example.test:%u:%s", port, security);
}

/* Runs `colombe test ADDRESS --json --ca-file CA ARGS…` with @password on
 * standard input (--password-stdin added) unless it is NULL. */
static void
run_test (TestRun            *test,
          const char         *address,
          const char         *password,
          const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *input = password ? g_strconcat (password, "\n", NULL) : NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) COLOMBE_BINARY);
  g_ptr_array_add (argv, (char *) "test");
  g_ptr_array_add (argv, (char *) address);
  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, (char *) "--ca-file");
  g_ptr_array_add (argv, (char *) colombe_test_pki_get_ca_file (world->pki));
  g_ptr_array_add (argv, (char *) "--ispdb-url");
  g_ptr_array_add (argv, (char *) "https://127.0.0.1:1/v1.1");
  if (password != NULL)
    g_ptr_array_add (argv, (char *) "--password-stdin");
  for (guint i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  colombe_test_run (&test->run, NULL, input, (const char * const *) argv->pdata);
  g_test_message ("exit %d\n%s\n%s", test->run.status, test->run.out, test->run.err);

  test->parser = json_parser_new ();
  json_parser_load_from_data (test->parser, test->run.out, -1, &error);
  g_assert_no_error (error);
  test->root = json_node_get_object (json_parser_get_root (test->parser));
}

static JsonObject *
result (TestRun    *test,
        const char *direction)
{
  return json_object_get_object_member (test->root, direction);
}

static const char *
error_kind (TestRun    *test,
            const char *direction)
{
  JsonObject *error = json_object_get_object_member (result (test, direction), "error");

  return error ? json_object_get_string_member (error, "kind") : NULL;
}

static void
assert_proven (TestRun    *test,
               const char *direction,
               const char *username)
{
  JsonObject *object = result (test, direction);

  g_assert_true (json_object_get_boolean_member (object, "verified"));
  g_assert_cmpstr (json_object_get_string_member (object, "login"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, username);
  g_assert_true (json_object_get_null_member (object, "error"));
}

static void
test_explicit_servers (void)
{
  g_auto(TestRun) test = { 0 };
  g_autofree char *in = incoming_spec ("tls", colombe_test_dovecot_get_imaps_port (world->dovecot));
  g_autofree char *out = outgoing_spec ("starttls",
                                        colombe_test_smtpd_get_submission_port (world->smtpd));
  const char *args[] = { "--incoming", in, "--outgoing", out, NULL };

  colombe_test_watchdog_arm (30);
  run_test (&test, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD, args);

  g_assert_cmpint (test.run.status, ==, 0);
  assert_proven (&test, "incoming", COLOMBE_TEST_ALICE_LOGIN);
  assert_proven (&test, "outgoing", COLOMBE_TEST_ALICE_LOGIN);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (result (&test, "incoming"), "certificate"), "trusted"));
  /* the password appears nowhere in what the program printed */
  g_assert_null (strstr (test.run.out, COLOMBE_TEST_ALICE_PASSWORD));
  g_assert_null (strstr (test.run.err, COLOMBE_TEST_ALICE_PASSWORD));
}

/* No --incoming/--outgoing: the example.test autoconfig is found first. */
static void
test_detected (void)
{
  g_auto(TestRun) test = { 0 };

  colombe_test_watchdog_arm (30);
  run_test (&test, COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD, NULL);

  g_assert_cmpint (test.run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (test.root,
                                                                                 "account"),
                                                  "source"), ==, "autoconfig");
  assert_proven (&test, "incoming", COLOMBE_TEST_ZOE_LOGIN);
  assert_proven (&test, "outgoing", COLOMBE_TEST_ZOE_LOGIN);
}

static void
test_wrong_password (void)
{
  g_auto(TestRun) test = { 0 };

  colombe_test_watchdog_arm (30);
  run_test (&test, COLOMBE_TEST_ALICE_LOGIN, "not-her-password", NULL);

  g_assert_cmpint (test.run.status, ==, 1);
  g_assert_cmpstr (error_kind (&test, "incoming"), ==, "auth-failed");
  g_assert_cmpstr (error_kind (&test, "outgoing"), ==, "auth-failed");
  g_assert_cmpstr (json_object_get_string_member (result (&test, "incoming"), "login"), ==,
                   "failed");
}

/* Without a password: the servers answer and speak TLS, no login. */
static void
test_no_password (void)
{
  g_auto(TestRun) test = { 0 };
  g_autofree char *log_before = colombe_test_dovecot_dup_log (world->dovecot);
  g_autofree char *log_after = NULL;

  colombe_test_watchdog_arm (30);
  run_test (&test, COLOMBE_TEST_BOB_LOGIN, NULL, NULL);

  g_assert_cmpint (test.run.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (result (&test, "incoming"), "verified"));
  g_assert_cmpstr (json_object_get_string_member (result (&test, "incoming"), "login"), ==,
                   "skipped");
  g_assert_cmpstr (json_object_get_string_member (result (&test, "outgoing"), "login"), ==,
                   "skipped");
  log_after = colombe_test_dovecot_dup_log (world->dovecot);
  g_assert_null (strstr (log_after + strlen (log_before), "Login: user=<bob"));
}

/* security none: the password is not sent without --allow-plaintext. */
static void
test_plaintext_refused (void)
{
  g_auto(TestRun) test = { 0 };
  g_autofree char *in = incoming_spec ("none", colombe_test_dovecot_get_imap_port (world->dovecot));
  g_autofree char *out = outgoing_spec ("tls",
                                        colombe_test_smtpd_get_submissions_port (world->smtpd));
  const char *args[] = { "--incoming", in, "--outgoing", out, NULL };
  g_autofree char *log_before = colombe_test_dovecot_dup_log (world->dovecot);
  g_autofree char *log_after = NULL;

  colombe_test_watchdog_arm (30);
  run_test (&test, COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD, args);

  g_assert_cmpint (test.run.status, ==, 1);
  g_assert_cmpstr (error_kind (&test, "incoming"), ==, "plaintext-refused");
  assert_proven (&test, "outgoing", COLOMBE_TEST_BOB_LOGIN);
  log_after = colombe_test_dovecot_dup_log (world->dovecot);
  g_assert_null (strstr (log_after + strlen (log_before), "user=<bob"));
}

/* The provider database says Gmail refuses ordinary passwords: a refused
 * login is explained as an app password, with Google's page. */
static void
test_app_password (void)
{
  g_auto(TestRun) test = { 0 };
  g_autofree char *in = incoming_spec ("tls", colombe_test_dovecot_get_imaps_port (world->dovecot));
  g_autofree char *out = outgoing_spec ("tls",
                                        colombe_test_smtpd_get_submissions_port (world->smtpd));
  const char *args[] = { "--incoming", in, "--outgoing", out, NULL };
  JsonObject *error;

  colombe_test_watchdog_arm (30);
  run_test (&test, "alice@gmail.com", "her-usual-password", args);

  g_assert_cmpint (test.run.status, ==, 1);
  g_assert_cmpstr (error_kind (&test, "incoming"), ==, "app-password-required");
  error = json_object_get_object_member (result (&test, "incoming"), "error");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "help_url"), "https://"));
}

/* A self-signed certificate stops the test before any password; its
 * fingerprint, given back with --accept-cert, lets exactly it through. */
static void
test_untrusted_then_accepted (void)
{
  g_autofree char *in = g_strdup_printf ("imap:selfsigned.example.test:%u:tls",
                                         colombe_test_dovecot_get_imaps_port (world->selfsigned));
  g_autofree char *out = outgoing_spec ("tls",
                                        colombe_test_smtpd_get_submissions_port (world->smtpd));
  g_autofree char *fingerprint = NULL;
  JsonObject *certificate;

  colombe_test_watchdog_arm (30);
  {
    g_auto(TestRun) test = { 0 };
    const char *args[] = { "--incoming", in, "--outgoing", out, NULL };

    run_test (&test, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD, args);
    g_assert_cmpint (test.run.status, ==, 1);
    g_assert_cmpstr (error_kind (&test, "incoming"), ==, "tls-untrusted");
    certificate = json_object_get_object_member (result (&test, "incoming"), "certificate");
    g_assert_false (json_object_get_boolean_member (certificate, "trusted"));
    fingerprint = g_strdup (json_object_get_string_member (certificate, "sha256"));
    g_assert_cmpuint (strlen (fingerprint), ==, 64);
  }
  {
    g_auto(TestRun) test = { 0 };
    const char *args[] = { "--incoming", in, "--outgoing", out, "--accept-cert", fingerprint, NULL };

    run_test (&test, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD, args);
    g_assert_cmpint (test.run.status, ==, 0);
    assert_proven (&test, "incoming", COLOMBE_TEST_ALICE_LOGIN);
  }
  {
    /* another fingerprint does not open the door */
    g_auto(TestRun) test = { 0 };
    const char *args[] = { "--incoming", in, "--outgoing", out, "--accept-cert",
                           "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                           NULL };

    run_test (&test, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD, args);
    g_assert_cmpstr (error_kind (&test, "incoming"), ==, "tls-untrusted");
  }
}

/* --store-password: the real secret-tool finds it, as another program would. */
static void
test_store_password (void)
{
  g_auto(TestRun) test = { 0 };
  g_auto(ColombeTestRun) lookup = { 0 };
  g_autofree char *port = NULL;
  const char *args[] = { "--store-password", NULL };
  const char *lookup_argv[] = { "secret-tool", "lookup", "protocol", "imap", "host",
                                "mail.example.test", "port", NULL, "user",
                                COLOMBE_TEST_ZOE_LOGIN, NULL };

  colombe_test_watchdog_arm (60);
  run_test (&test, COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD, args);
  g_assert_cmpint (test.run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (test.root, "keyring"), ==, "stored");

  port = g_strdup_printf ("%u", colombe_test_dovecot_get_imaps_port (world->dovecot));
  lookup_argv[7] = port;
  colombe_test_run (&lookup, NULL, NULL, lookup_argv);
  g_assert_cmpint (lookup.status, ==, 0);
  g_assert_cmpstr (lookup.out, ==, COLOMBE_TEST_ZOE_PASSWORD);
}

/* What a person reads: each server, whether it works, and for a refusal
 * the plain sentence and what to do. */
static void
test_human_output (void)
{
  g_autofree char *in = incoming_spec ("tls", colombe_test_dovecot_get_imaps_port (world->dovecot));
  g_autofree char *out = outgoing_spec ("tls",
                                        colombe_test_smtpd_get_submissions_port (world->smtpd));
  g_autofree char *good = g_strconcat (COLOMBE_TEST_ALICE_PASSWORD, "\n", NULL);
  const char *argv[] = { COLOMBE_BINARY, "test", COLOMBE_TEST_ALICE_LOGIN, "--password-stdin",
                         "--ca-file", colombe_test_pki_get_ca_file (world->pki),
                         "--incoming", in, "--outgoing", out, NULL };
  g_auto(ColombeTestRun) works = { 0 };
  g_auto(ColombeTestRun) refused = { 0 };

  colombe_test_watchdog_arm (30);
  colombe_test_run (&works, NULL, good, argv);
  g_assert_cmpint (works.status, ==, 0);
  g_assert_nonnull (strstr (works.out, "Incoming: IMAP, mail.example.test"));
  g_assert_nonnull (strstr (works.out, "Works: logged in as " COLOMBE_TEST_ALICE_LOGIN));

  colombe_test_run (&refused, NULL, "wrong\n", argv);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.out, "The server refused the password."));
  g_assert_nonnull (strstr (refused.out, "Check the password"));
}

static void
test_usage_errors (void)
{
  const char *cases[][4] = {
    { "--incoming", "gopher:h.test:1:tls", NULL },
    { "--incoming", "imap:h.test:99999:tls", NULL },
    { "--outgoing", "h.test:25:rot13", NULL },
    { "--accept-cert", "12:34", NULL },
    { "--store-password", NULL },
  };

  colombe_test_watchdog_arm (30);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ColombeTestRun) run = { 0 };
      const char *argv[] = { COLOMBE_BINARY, "test", "a@example.test", "--offline",
                             cases[i][0], cases[i][1], NULL };

      colombe_test_run (&run, NULL, NULL, argv);
      colombe_test_run_assert_usage_error (&run);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world = colombe_test_world_new (COLOMBE_TEST_WORLD_SELF_SIGNED | COLOMBE_TEST_WORLD_AUTOCONFIG);
  colombe_test_world_start (world);

  g_test_add_func ("/test/explicit-servers", test_explicit_servers);
  g_test_add_func ("/test/detected", test_detected);
  g_test_add_func ("/test/wrong-password", test_wrong_password);
  g_test_add_func ("/test/no-password", test_no_password);
  g_test_add_func ("/test/plaintext-refused", test_plaintext_refused);
  g_test_add_func ("/test/app-password", test_app_password);
  g_test_add_func ("/test/untrusted-then-accepted", test_untrusted_then_accepted);
  g_test_add_func ("/test/store-password", test_store_password);
  g_test_add_func ("/test/human-output", test_human_output);
  g_test_add_func ("/test/usage-errors", test_usage_errors);

  status = g_test_run ();
  colombe_test_world_free (world);

  return status;
}
