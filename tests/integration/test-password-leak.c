/* test-password-leak.c: a marker password goes to the keyring and nowhere else
 *
 * The command line's main paths run with every debug message on
 * (G_MESSAGES_DEBUG=all): detect, test (logging in, storing the password),
 * and export to every file target. Then every byte they printed, every
 * file under the test's home and output folders, and the servers' logs
 * are searched: the marker appears in none of them, and the keyring gives
 * it back.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-exporter.h"
#include "colombe-test-fixtures.h"

#define ADDRESS "marker@example.test"
#define MARKER "Leak-Marker-7c1e"

static ColombeTestPki *pki;
static ColombeTestDovecot *dovecot;
static ColombeTestSmtpd *smtpd;
static ColombeTestKeyring *keyring;
static ColombeTestDns *dns;
static GString *printed;

static int
run (const char         *input,
     const char * const *argv)
{
  g_auto(ColombeTestRun) result = { 0 };
  g_auto(GStrv) environment = g_get_environ ();

  environment = g_environ_setenv (environment, "G_MESSAGES_DEBUG", "all", TRUE);
  colombe_test_run (&result, (const char * const *) environment, input, argv);
  g_string_append (printed, result.out);
  g_string_append (printed, result.err);
  g_test_message ("%s %s %s: exit %d", argv[1], argv[2], argv[3], result.status);

  return result.status;
}

static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  for (gsize at = 0; at + strlen (needle) <= length; at++)
    if (memcmp (contents + at, needle, strlen (needle)) == 0)
      return TRUE;

  return FALSE;
}

/* Every regular file below @dir, but the keyring's own (encrypted) files. */
static void
assert_tree_clean (const char *dir,
                   const char *skip)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (skip != NULL && g_str_equal (path, skip))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_tree_clean (path, skip);
      else if (file_holds (path, MARKER))
        g_error ("the password is in %s", path);
    }
}

static void
test_marker_only_in_keyring (void)
{
  g_autofree char *out_dir = g_dir_make_tmp ("colombe-leak-XXXXXX", NULL);
  g_autofree char *account = g_build_filename (out_dir, "tested.json", NULL);
  g_autofree char *in = g_strdup_printf ("imap:mail.example.test:%u:tls",
                                         colombe_test_dovecot_get_imaps_port (dovecot));
  g_autofree char *out = g_strdup_printf ("mail.example.test:%u:starttls",
                                          colombe_test_smtpd_get_submission_port (smtpd));
  g_auto(ColombeTestRun) tested = { 0 };
  g_auto(ColombeTestRun) lookup = { 0 };
  g_auto(GStrv) environment = g_environ_setenv (g_get_environ (), "G_MESSAGES_DEBUG", "all", TRUE);
  g_autofree char *port = g_strdup_printf ("%u", colombe_test_dovecot_get_imaps_port (dovecot));
  g_autofree char *dovecot_log = NULL;
  g_autofree char *smtpd_log = NULL;
  const char *ca = colombe_test_pki_get_ca_file (pki);
  const char *detect_argv[] = { COLOMBE_BINARY, "detect", ADDRESS, "--json", "--ca-file", ca,
                                "--ispdb-url", "https://127.0.0.1:1/v1.1", NULL };
  const char *test_argv[] = { COLOMBE_BINARY, "test", ADDRESS, "--json", "--password-stdin",
                              "--store-password", "--ca-file", ca, "--incoming", in,
                              "--outgoing", out, NULL };
  const char *wrong_argv[] = { COLOMBE_BINARY, "test", ADDRESS, "--password-stdin",
                               "--ca-file", ca, "--incoming", in, "--outgoing", out, NULL };
  const char *lookup_argv[] = { "secret-tool", "lookup", "protocol", "imap", "host",
                                "mail.example.test", "port", port, "user", ADDRESS, NULL };
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);

  colombe_test_watchdog_arm (120);
  run (NULL, detect_argv);

  /* the login, kept: its JSON is the export's account */
  colombe_test_run (&tested, (const char * const *) environment, MARKER "\n", test_argv);
  g_assert_cmpint (tested.status, ==, 0);
  g_string_append (printed, tested.out);
  g_string_append (printed, tested.err);
  g_assert_true (g_file_set_contents (account, tested.out, -1, NULL));

  /* a refused one prints the server's words: never the password */
  run ("not-" MARKER "\n", wrong_argv);

  for (guint i = 0; i < n_exporters; i++)
    {
      g_autofree char *output = g_build_filename (out_dir, exporters[i]->name, NULL);
      const char *export_argv[] = { COLOMBE_BINARY, "export", "--format", exporters[i]->name,
                                    "--account", account, "--output", output, NULL };

      /* each export really wrote its file(s): nothing passes by doing nothing */
      if (exporters[i]->kind != COLOMBE_EXPORT_KIND_ACTION)
        {
          g_assert_cmpint (run (NULL, export_argv), ==, 0);
          g_assert_true (g_file_test (output, G_FILE_TEST_EXISTS));
        }
    }

  g_assert_null (strstr (printed->str, MARKER));
  assert_tree_clean (out_dir, NULL);
  assert_tree_clean (colombe_test_keyring_get_dir (keyring),
                     colombe_test_keyring_get_keyrings_dir (keyring));
  dovecot_log = colombe_test_dovecot_dup_log (dovecot);
  smtpd_log = colombe_test_smtpd_dup_log (smtpd);
  g_assert_null (strstr (dovecot_log, MARKER));
  g_assert_null (strstr (smtpd_log, MARKER));

  /* and the keyring has it */
  colombe_test_run (&lookup, NULL, NULL, lookup_argv);
  g_assert_cmpstr (lookup.out, ==, MARKER);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  printed = g_string_new (NULL);

  pki = colombe_test_pki_get_default (&error);
  g_assert_no_error (error);
  dovecot = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_add_user (dovecot, ADDRESS, MARKER);
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);
  smtpd = colombe_test_smtpd_new (pki);
  colombe_test_smtpd_add_user (smtpd, ADDRESS, MARKER);
  colombe_test_smtpd_start (smtpd, &error);
  g_assert_no_error (error);
  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);
  dns = colombe_test_dns_new ();
  colombe_test_dns_add_address (dns, "mail.example.test", "127.0.0.1");
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);

  g_test_add_func ("/leak/marker-only-in-keyring", test_marker_only_in_keyring);
  status = g_test_run ();

  colombe_test_dns_stop (dns, NULL);
  colombe_test_keyring_stop (keyring, NULL);
  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  g_clear_object (&dns);
  g_clear_object (&keyring);
  g_clear_object (&smtpd);
  g_clear_object (&dovecot);
  g_string_free (printed, TRUE);

  return status;
}
