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

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"

static ColombeTestWorld *world;
/* A provider that takes no password (as Outlook.com, Yahoo and AOL now):
 * Dovecot offering only XOAUTH2 and OAUTHBEARER, an SMTP server offering
 * XOAUTH2 beside PLAIN and answering every password Microsoft's refusal,
 * and the ISPDB entry of oauth.example.test naming them with OAuth2 alone. */
static ColombeTestDovecot *oauth_dovecot;
static ColombeTestSmtpd *oauth_smtpd;

#define OAUTH_ADDRESS "alice@oauth.example.test"
#define OAUTH_ISPDB_URL "https://autoconfig.example.test/v1.1"
#define BASIC_DISABLED "535 5.7.139 Authentication unsuccessful, basic authentication is disabled."

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

static const char *
next_step_of (TestRun    *test,
              const char *direction)
{
  JsonObject *error = json_object_get_object_member (result (test, direction), "error");

  return json_object_get_string_member (error, "next_step");
}

/* The lines a server's log gained since @before. */
static const char *
log_since (const char *log,
           const char *before)
{
  g_assert_true (g_str_has_prefix (log, before));
  return log + strlen (before);
}

/* The provider's clientConfig lists OAuth2 alone: with --password-stdin the
 * password goes nowhere, and each server is still proven as far as it can
 * be: TLS verified, its capabilities read, XOAUTH2 or OAUTHBEARER offered. */
static void
test_oauth2_provider (void)
{
  g_auto(TestRun) test = { 0 };
  g_autofree char *imap_before = colombe_test_dovecot_dup_log (oauth_dovecot);
  g_autofree char *smtp_before = colombe_test_smtpd_dup_log (oauth_smtpd);
  g_autofree char *imap_after = NULL;
  g_autofree char *smtp_after = NULL;
  const char *args[] = { "--ispdb-url", OAUTH_ISPDB_URL, NULL };
  const char *directions[] = { "incoming", "outgoing" };
  JsonObject *account;

  colombe_test_watchdog_arm (30);
  run_test (&test, OAUTH_ADDRESS, COLOMBE_TEST_ALICE_PASSWORD, args);

  g_assert_cmpint (test.run.status, ==, 1);
  account = json_object_get_object_member (test.root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "ispdb");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (account, "sign_in")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (account, "sign_in"), 0),
                   ==, "oauth2");
  for (gsize i = 0; i < G_N_ELEMENTS (directions); i++)
    {
      JsonObject *object = result (&test, directions[i]);

      g_test_message ("%s", directions[i]);
      g_assert_cmpstr (error_kind (&test, directions[i]), ==, "oauth2-required");
      g_assert_cmpstr (json_object_get_string_member (object, "login"), ==, "skipped");
      g_assert_true (json_object_get_boolean_member (object, "oauth2_offered"));
      g_assert_true (json_object_get_boolean_member (
        json_object_get_object_member (object, "certificate"), "trusted"));
      g_assert_nonnull (strstr (next_step_of (&test, directions[i]), "was not sent"));
    }

  /* the servers' own logs: nobody tried to sign in */
  imap_after = colombe_test_dovecot_dup_log (oauth_dovecot);
  smtp_after = colombe_test_smtpd_dup_log (oauth_smtpd);
  g_test_message ("dovecot:\n%s\nsmtpd:\n%s", log_since (imap_after, imap_before),
                  log_since (smtp_after, smtp_before));
  g_assert_nonnull (strstr (log_since (imap_after, imap_before), "no auth attempts"));
  g_assert_null (strstr (log_since (imap_after, imap_before), "user=<alice"));
  g_assert_null (strstr (log_since (smtp_after, smtp_before), "AUTH "));
  g_assert_null (strstr (test.run.out, COLOMBE_TEST_ALICE_PASSWORD));
}

/* The servers typed by hand follow the account's sign-in (the model's
 * rule): the account says OAuth2, and an export that cannot carry OAuth2
 * refuses it instead of writing a password setup. */
static void
assert_servers_sign_in_with_oauth2 (TestRun *test)
{
  JsonObject *account = json_object_get_object_member (test->root, "account");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), account);
  g_autofree char *dir = g_dir_make_tmp ("colombe-cli-test-oauth2-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "account.json", NULL);
  g_auto(ColombeTestRun) export = { 0 };
  const char * const argv[] = { COLOMBE_BINARY, "export", "--format", "msmtp", "--account", path,
                                "--output", "-", NULL };

  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (account, "incoming"), "auth"), ==, "OAuth2");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (account, "outgoing"), "auth"), ==, "OAuth2");

  json_generator_set_root (generator, node);
  g_assert_true (json_generator_to_file (generator, path, NULL));
  colombe_test_run (&export, NULL, NULL, argv);
  g_assert_cmpint (export.status, ==, 2);
  g_assert_true (g_str_has_prefix (export.err, "colombe: msmtp signs in with OAuth2"));
  g_assert_cmpstr (export.out, ==, "");
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A built-in OAuth2-only provider (hotmail.fr) whose servers were typed by
 * hand: the database's rule still holds, no password leaves. */
static void
test_oauth2_builtin_provider (void)
{
  g_auto(TestRun) test = { 0 };
  g_autofree char *in = incoming_spec ("tls", colombe_test_dovecot_get_imaps_port (oauth_dovecot));
  g_autofree char *out = outgoing_spec ("tls",
                                        colombe_test_smtpd_get_submissions_port (oauth_smtpd));
  const char *args[] = { "--incoming", in, "--outgoing", out, NULL };
  g_autofree char *smtp_before = colombe_test_smtpd_dup_log (oauth_smtpd);
  g_autofree char *smtp_after = NULL;
  JsonObject *help;

  colombe_test_watchdog_arm (30);
  run_test (&test, "alice@hotmail.fr", COLOMBE_TEST_ALICE_PASSWORD, args);

  g_assert_cmpint (test.run.status, ==, 1);
  g_assert_cmpstr (error_kind (&test, "incoming"), ==, "oauth2-required");
  g_assert_cmpstr (error_kind (&test, "outgoing"), ==, "oauth2-required");
  help = json_object_get_object_member (json_object_get_object_member (test.root, "account"), "help");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (help, "url"),
                                   "https://support.microsoft.com/"));
  /* the next step names where to sign in: Microsoft's page */
  g_assert_nonnull (strstr (next_step_of (&test, "incoming"), "https://support.microsoft.com/"));
  smtp_after = colombe_test_smtpd_dup_log (oauth_smtpd);
  g_assert_null (strstr (log_since (smtp_after, smtp_before), "AUTH "));
  assert_servers_sign_in_with_oauth2 (&test);
}

/* Whatever the provider (here one nobody knows), Microsoft's answer to a
 * password means OAuth2 only: the password was sent, and refused for good. */
static void
test_basic_auth_disabled (void)
{
  g_auto(TestRun) test = { 0 };
  g_autofree char *in = incoming_spec ("tls", colombe_test_dovecot_get_imaps_port (world->dovecot));
  g_autofree char *out = outgoing_spec ("tls",
                                        colombe_test_smtpd_get_submissions_port (oauth_smtpd));
  const char *args[] = { "--incoming", in, "--outgoing", out, NULL };
  g_autofree char *smtp_before = colombe_test_smtpd_dup_log (oauth_smtpd);
  g_autofree char *smtp_after = NULL;

  colombe_test_watchdog_arm (30);
  run_test (&test, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD, args);

  g_assert_cmpint (test.run.status, ==, 1);
  assert_proven (&test, "incoming", COLOMBE_TEST_ALICE_LOGIN);
  g_assert_cmpstr (error_kind (&test, "outgoing"), ==, "oauth2-required");
  g_assert_cmpstr (json_object_get_string_member (result (&test, "outgoing"), "login"), ==,
                   "failed");
  /* refused once, for good: no second username tried */
  smtp_after = colombe_test_smtpd_dup_log (oauth_smtpd);
  g_assert_nonnull (strstr (log_since (smtp_after, smtp_before), "result=refused-policy"));
  g_assert_null (strstr (strstr (log_since (smtp_after, smtp_before), "result=refused-policy") + 1,
                         "result=refused-policy"));
}

/* Gmail's words, from servers of a provider nobody knows: an app password. */
static void
test_gmail_wordings (void)
{
  static const ColombeTestScriptRule imap[] = {
    { NULL, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR] Gimap ready\r\n" },
    { "AUTHENTICATE", "TAG NO [ALERT] Application-specific password required: "
                      "https://support.google.com/accounts/answer/185833 (Failure)\r\n" },
    { "LOGOUT", "* BYE\r\nTAG OK bye\r\n" },
    { NULL, NULL },
  };
  static const ColombeTestScriptRule smtp[] = {
    { NULL, "220 smtp.example.test ESMTP\r\n" },
    { "EHLO", "250-smtp.example.test\r\n250 AUTH LOGIN PLAIN XOAUTH2\r\n" },
    { "AUTH", "534-5.7.9 Application-specific password required. Learn more at\r\n"
              "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor\r\n" },
    { "QUIT", "221 bye\r\n" },
    { NULL, NULL },
  };
  g_autoptr(ColombeTestScript) imap_server = colombe_test_script_new (imap, 0);
  g_autoptr(ColombeTestScript) smtp_server = colombe_test_script_new (smtp, 0);
  g_autofree char *in = g_strdup_printf ("imap:127.0.0.1:%u:none",
                                         colombe_test_script_get_port (imap_server));
  g_autofree char *out = g_strdup_printf ("127.0.0.1:%u:none",
                                          colombe_test_script_get_port (smtp_server));
  const char *args[] = { "--incoming", in, "--outgoing", out, "--allow-plaintext",
                         "--username", "alice", NULL };
  g_auto(TestRun) test = { 0 };

  colombe_test_watchdog_arm (30);
  run_test (&test, "alice@example.test", "her-usual-password", args);

  g_assert_cmpint (test.run.status, ==, 1);
  g_assert_cmpstr (error_kind (&test, "incoming"), ==, "app-password-required");
  g_assert_cmpstr (error_kind (&test, "outgoing"), ==, "app-password-required");
}

/* Free's SMTP refuses the password the IMAP server just took: the next step
 * names the switch ("SMTP authentifié") and Free's page for it. */
static void
test_switch_to_turn_on (void)
{
  static const ColombeTestScriptRule smtp[] = {
    { NULL, "220 smtp.free.fr ESMTP\r\n" },
    { "EHLO", "250-smtp.free.fr\r\n250 AUTH PLAIN\r\n" },
    { "AUTH", "535 5.7.8 Authentication credentials invalid\r\n" },
    { "QUIT", "221 bye\r\n" },
    { NULL, NULL },
  };
  g_autoptr(ColombeTestScript) smtp_server = colombe_test_script_new (smtp, 0);
  g_autofree char *in = incoming_spec ("tls", colombe_test_dovecot_get_imaps_port (world->dovecot));
  g_autofree char *out = g_strdup_printf ("127.0.0.1:%u:none",
                                          colombe_test_script_get_port (smtp_server));
  const char *args[] = { "--incoming", in, "--outgoing", out, "--allow-plaintext",
                         "--username", COLOMBE_TEST_ALICE_LOGIN, NULL };
  g_auto(TestRun) test = { 0 };
  JsonObject *error;

  colombe_test_watchdog_arm (30);
  run_test (&test, "alice@free.fr", COLOMBE_TEST_ALICE_PASSWORD, args);

  g_assert_cmpint (test.run.status, ==, 1);
  assert_proven (&test, "incoming", COLOMBE_TEST_ALICE_LOGIN);
  g_assert_cmpstr (error_kind (&test, "outgoing"), ==, "auth-failed");
  error = json_object_get_object_member (result (&test, "outgoing"), "error");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "next_step"), "SMTP authentifié"));
  g_assert_cmpstr (json_object_get_string_member (error, "help_url"), ==,
                   "https://free.fr/assistance/2406.html");
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

/* Before the world starts: its web server then also answers the ISPDB
 * entry of oauth.example.test, which names these servers' ports. */
static void
start_oauth_provider (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;

  oauth_dovecot = colombe_test_dovecot_new (world->pki);
  colombe_test_dovecot_set_mechanisms (oauth_dovecot, "xoauth2 oauthbearer");
  colombe_test_dovecot_start (oauth_dovecot, &error);
  g_assert_no_error (error);

  oauth_smtpd = colombe_test_smtpd_new (world->pki);
  colombe_test_smtpd_set_mechanisms (oauth_smtpd, "PLAIN,XOAUTH2");
  colombe_test_smtpd_set_refusal (oauth_smtpd, BASIC_DISABLED);
  colombe_test_smtpd_start (oauth_smtpd, &error);
  g_assert_no_error (error);

  document = g_strdup_printf (
    "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"oauth.example.test\">"
    "<domain>oauth.example.test</domain>"
    "<incomingServer type=\"imap\"><hostname>mail.example.test</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>OAuth2</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>mail.example.test</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>OAuth2</authentication></outgoingServer>"
    "</emailProvider></clientConfig>\n",
    colombe_test_dovecot_get_imaps_port (oauth_dovecot),
    colombe_test_smtpd_get_submissions_port (oauth_smtpd));
  colombe_test_http_add_text (world->http, "autoconfig.example.test", "/v1.1/oauth.example.test",
                              "text/xml", document);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world = colombe_test_world_new (COLOMBE_TEST_WORLD_SELF_SIGNED | COLOMBE_TEST_WORLD_AUTOCONFIG);
  start_oauth_provider ();
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
  g_test_add_func ("/test/oauth2-provider", test_oauth2_provider);
  g_test_add_func ("/test/oauth2-builtin-provider", test_oauth2_builtin_provider);
  g_test_add_func ("/test/basic-auth-disabled", test_basic_auth_disabled);
  g_test_add_func ("/test/gmail-wordings", test_gmail_wordings);
  g_test_add_func ("/test/switch-to-turn-on", test_switch_to_turn_on);

  status = g_test_run ();
  colombe_test_smtpd_stop (oauth_smtpd, NULL);
  colombe_test_dovecot_stop (oauth_dovecot, NULL);
  g_clear_object (&oauth_smtpd);
  g_clear_object (&oauth_dovecot);
  colombe_test_world_free (world);

  return status;
}
