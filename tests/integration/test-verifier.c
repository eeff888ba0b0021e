/* test-verifier.c: racing candidates, best-first, against real servers
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "colombe-test-fixtures.h"
#include "colombe-tls-database.h"
#include "colombe-verifier.h"

static ColombeTestPki *pki;
static ColombeTestDovecot *dovecot;
static ColombeTestSmtpd *smtpd;
static ColombeTestDovecot *selfsigned;
static GTlsDatabase *database;

static ColombeAccount *
candidate (ColombeProtocol protocol,
           guint16         incoming_port)
{
  ColombeAccount *account = colombe_account_new (NULL, COLOMBE_TEST_ALICE_LOGIN);
  g_autoptr(ColombeServer) incoming = colombe_server_new (protocol, "127.0.0.1", incoming_port,
                                                          COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP, "127.0.0.1",
                                                          colombe_test_smtpd_get_submissions_port (smtpd),
                                                          COLOMBE_SECURITY_TLS);

  colombe_server_set_username (incoming, COLOMBE_TEST_ALICE_LOGIN);
  colombe_server_set_username (outgoing, COLOMBE_TEST_ALICE_LOGIN);
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);

  return account;
}

/* A port nothing listens on: reserved, then released. */
static guint16
closed_port_get (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port = 0;

  g_assert_true (colombe_test_net_reserve_ports ("127.0.0.1", 1, &port, &error));
  g_assert_no_error (error);
  g_assert_false (colombe_test_net_port_accepts ("127.0.0.1", port));

  return port;
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (colombe_verifier_run_finish (COLOMBE_VERIFIER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static ColombeVerifier *
verify_with_trust (GPtrArray    *candidates,
                   ColombeTrust *trust)
{
  ColombeVerifier *verifier = colombe_verifier_new (candidates);
  gboolean done = FALSE;

  colombe_verifier_set_trust (verifier, trust);
  colombe_verifier_set_password (verifier, COLOMBE_TEST_ALICE_PASSWORD);
  colombe_verifier_set_tls_database (verifier, database);
  colombe_verifier_run_async (verifier, NULL, run_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  return verifier;
}

static ColombeVerifier *
verify (GPtrArray *candidates)
{
  return verify_with_trust (candidates, NULL);
}

/* The best-ranked candidate's IMAP port refuses: the POP3 one wins, and
 * the shared SMTP server was tried once. */
static void
test_second_wins_when_first_fails (void)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ColombeVerifier) verifier = NULL;
  guint16 closed_port;

  colombe_test_watchdog_arm (30);
  closed_port = closed_port_get ();
  g_ptr_array_add (candidates, candidate (COLOMBE_PROTOCOL_IMAP, closed_port));
  g_ptr_array_add (candidates, candidate (COLOMBE_PROTOCOL_POP3,
                                          colombe_test_dovecot_get_pop3s_port (dovecot)));
  verifier = verify (candidates);

  g_assert_true (colombe_verifier_get_proven (verifier));
  g_assert_true (colombe_verifier_get_account (verifier) == g_ptr_array_index (candidates, 1));
  g_assert_cmpint (colombe_verifier_get_incoming_result (verifier)->login, ==, COLOMBE_LOGIN_OK);
  g_assert_cmpint (colombe_verifier_get_outgoing_result (verifier)->login, ==, COLOMBE_LOGIN_OK);
}

/* Both work: the best-ranked one is kept, whichever answered first. */
static void
test_best_ranked_kept (void)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ColombeVerifier) verifier = NULL;

  colombe_test_watchdog_arm (30);
  g_ptr_array_add (candidates, candidate (COLOMBE_PROTOCOL_IMAP,
                                          colombe_test_dovecot_get_imaps_port (dovecot)));
  g_ptr_array_add (candidates, candidate (COLOMBE_PROTOCOL_POP3,
                                          colombe_test_dovecot_get_pop3s_port (dovecot)));
  verifier = verify (candidates);

  g_assert_true (colombe_verifier_get_proven (verifier));
  g_assert_true (colombe_verifier_get_account (verifier) == g_ptr_array_index (candidates, 0));
}

/* Nothing works: the best-ranked candidate explains, with both results. */
static void
test_all_fail (void)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ColombeVerifier) verifier = NULL;
  guint16 closed_port;

  colombe_test_watchdog_arm (30);
  closed_port = closed_port_get ();
  g_ptr_array_add (candidates, candidate (COLOMBE_PROTOCOL_IMAP, closed_port));
  g_ptr_array_add (candidates, candidate (COLOMBE_PROTOCOL_POP3, closed_port));
  verifier = verify (candidates);

  g_assert_false (colombe_verifier_get_proven (verifier));
  g_assert_true (colombe_verifier_get_account (verifier) == g_ptr_array_index (candidates, 0));
  g_assert_cmpint (colombe_verifier_get_incoming_result (verifier)->kind, ==,
                   COLOMBE_FAILURE_KIND_CONNECTION_REFUSED);
  /* its outgoing server was proven all the same */
  g_assert_true (colombe_verifier_get_outgoing_result (verifier)->verified);
}

/* An exception the person accepted earlier (the trust file) lets exactly
 * that certificate through, on that host and port only. */
static void
test_trusted_exception (void)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ColombeVerifier) refused = NULL;
  g_autoptr(ColombeVerifier) accepted = NULL;
  g_autoptr(ColombeVerifier) other_port = NULL;
  g_autoptr(ColombeTrust) trust = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("colombe-trust-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "trusted-certificates.ini", NULL);
  guint16 port = colombe_test_dovecot_get_imaps_port (selfsigned);
  const ColombeVerifyResult *result;
  const char *sha256;

  colombe_test_watchdog_arm (30);
  g_ptr_array_add (candidates, candidate (COLOMBE_PROTOCOL_IMAP, port));
  trust = colombe_trust_new (path);

  refused = verify_with_trust (candidates, trust);
  result = colombe_verifier_get_incoming_result (refused);
  g_assert_cmpint (result->kind, ==, COLOMBE_FAILURE_KIND_TLS_UNTRUSTED);
  g_assert_nonnull (result->certificate);
  sha256 = colombe_certificate_info_get_sha256 (result->certificate);

  /* the same fingerprint for another port proves nothing */
  g_assert_true (colombe_trust_add (trust, "127.0.0.1", port + 1, sha256, NULL, &error));
  g_assert_no_error (error);
  other_port = verify_with_trust (candidates, trust);
  g_assert_false (colombe_verifier_get_proven (other_port));

  g_assert_true (colombe_trust_add (trust, "127.0.0.1", port, sha256, NULL, &error));
  g_assert_no_error (error);
  accepted = verify_with_trust (candidates, trust);
  g_assert_true (colombe_verifier_get_proven (accepted));
  g_assert_cmpint (colombe_verifier_get_incoming_result (accepted)->login, ==, COLOMBE_LOGIN_OK);

  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  pki = colombe_test_pki_get_default (&error);
  g_assert_no_error (error);
  database = colombe_tls_database_new (colombe_test_pki_get_ca_file (pki), &error);
  g_assert_no_error (error);
  dovecot = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);
  selfsigned = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_set_certificate (selfsigned, COLOMBE_TEST_CERT_SELF_SIGNED);
  colombe_test_dovecot_start (selfsigned, &error);
  g_assert_no_error (error);
  smtpd = colombe_test_smtpd_new (pki);
  colombe_test_smtpd_start (smtpd, &error);
  g_assert_no_error (error);

  g_test_add_func ("/verifier/second-wins-when-first-fails", test_second_wins_when_first_fails);
  g_test_add_func ("/verifier/best-ranked-kept", test_best_ranked_kept);
  g_test_add_func ("/verifier/all-fail", test_all_fail);
  g_test_add_func ("/verifier/trusted-exception", test_trusted_exception);

  status = g_test_run ();

  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  colombe_test_dovecot_stop (selfsigned, NULL);
  g_clear_object (&selfsigned);
  g_clear_object (&smtpd);
  g_clear_object (&dovecot);
  g_clear_object (&database);

  return status;
}
