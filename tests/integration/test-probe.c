/* test-probe.c: ColombeProbe against the real Dovecot and SMTP servers,
 * and against servers that misbehave
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "colombe-line-reader.h"
#include "colombe-probe.h"
#include "colombe-test-fixtures.h"
#include "colombe-test-probe-run.h"

/* Dovecot on 127.0.0.2, so that it says LOGINDISABLED before TLS. */
#define SERVER_HOST "127.0.0.2"

static ColombeTestPki *pki;
static GTlsDatabase *database;
static ColombeTestDovecot *dovecot;
static ColombeTestSmtpd *smtpd;


static ColombeProbe *
probe_new (ColombeProtocol  protocol,
           const char      *host,
           guint16          port,
           ColombeSecurity  security)
{
  return colombe_probe_new (protocol, host, port, security, database);
}

static void
assert_trusted (ColombeProbe *probe)
{
  g_assert_nonnull (colombe_probe_get_certificate (probe));
  g_assert_cmpuint (colombe_probe_get_certificate_errors (probe), ==, 0);
}

static void
test_imaps (void)
{
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  probe = probe_new (COLOMBE_PROTOCOL_IMAP, SERVER_HOST,
                     colombe_test_dovecot_get_imaps_port (dovecot), COLOMBE_SECURITY_TLS);
  g_assert_true (colombe_test_run_probe (probe, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_str_has_prefix (colombe_probe_get_greeting (probe), "* OK"));
  g_assert_cmpint (colombe_probe_get_achieved_security (probe), ==, COLOMBE_SECURITY_TLS);
  g_assert_true (colombe_probe_has_capability (probe, "IMAP4rev1"));
  g_assert_true (colombe_probe_has_capability (probe, "AUTH"));
  g_assert_false (colombe_probe_has_capability (probe, "LOGINDISABLED"));
  g_assert_false (colombe_probe_get_starttls_offered (probe));
  assert_trusted (probe);
  g_assert_cmpint (colombe_probe_get_elapsed_ms (probe), >, 0);
  g_assert_cmpint (colombe_probe_get_elapsed_ms (probe), <, 5000);
}

/* The same port in clear and then upgraded: the lists must differ. */
static void
test_imap_starttls (void)
{
  g_autoptr(ColombeProbe) plain = NULL;
  g_autoptr(ColombeProbe) upgraded = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = colombe_test_dovecot_get_imap_port (dovecot);

  colombe_test_watchdog_arm (20);
  plain = probe_new (COLOMBE_PROTOCOL_IMAP, SERVER_HOST, port, COLOMBE_SECURITY_NONE);
  g_assert_true (colombe_test_run_probe (plain, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (colombe_probe_get_achieved_security (plain), ==, COLOMBE_SECURITY_NONE);
  g_assert_true (colombe_probe_get_starttls_offered (plain));
  g_assert_true (colombe_probe_has_capability (plain, "STARTTLS"));
  g_assert_true (colombe_probe_has_capability (plain, "LOGINDISABLED"));
  g_assert_null (colombe_probe_get_certificate (plain));

  upgraded = probe_new (COLOMBE_PROTOCOL_IMAP, SERVER_HOST, port, COLOMBE_SECURITY_STARTTLS);
  g_assert_true (colombe_test_run_probe (upgraded, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (colombe_probe_get_achieved_security (upgraded), ==, COLOMBE_SECURITY_STARTTLS);
  g_assert_true (colombe_probe_get_starttls_offered (upgraded));
  g_assert_false (colombe_probe_has_capability (upgraded, "STARTTLS"));
  g_assert_false (colombe_probe_has_capability (upgraded, "LOGINDISABLED"));
  g_assert_true (colombe_probe_has_capability (upgraded, "AUTH=PLAIN"));
  assert_trusted (upgraded);
}

static void
test_pop3s (void)
{
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  probe = probe_new (COLOMBE_PROTOCOL_POP3, SERVER_HOST,
                     colombe_test_dovecot_get_pop3s_port (dovecot), COLOMBE_SECURITY_TLS);
  g_assert_true (colombe_test_run_probe (probe, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (colombe_probe_get_greeting (probe), "+OK"));
  g_assert_cmpint (colombe_probe_get_achieved_security (probe), ==, COLOMBE_SECURITY_TLS);
  g_assert_true (colombe_probe_has_capability (probe, "UIDL"));
  g_assert_true (colombe_probe_has_capability (probe, "SASL"));
  assert_trusted (probe);
}

static void
test_pop3_stls (void)
{
  g_autoptr(ColombeProbe) plain = NULL;
  g_autoptr(ColombeProbe) upgraded = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = colombe_test_dovecot_get_pop3_port (dovecot);

  colombe_test_watchdog_arm (20);
  plain = probe_new (COLOMBE_PROTOCOL_POP3, SERVER_HOST, port, COLOMBE_SECURITY_NONE);
  g_assert_true (colombe_test_run_probe (plain, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (colombe_probe_has_capability (plain, "STLS"));
  g_assert_false (colombe_probe_has_capability (plain, "USER"));

  upgraded = probe_new (COLOMBE_PROTOCOL_POP3, SERVER_HOST, port, COLOMBE_SECURITY_STARTTLS);
  g_assert_true (colombe_test_run_probe (upgraded, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (colombe_probe_get_achieved_security (upgraded), ==, COLOMBE_SECURITY_STARTTLS);
  g_assert_true (colombe_probe_get_starttls_offered (upgraded));
  g_assert_false (colombe_probe_has_capability (upgraded, "STLS"));
  g_assert_true (colombe_probe_has_capability (upgraded, "USER"));
  assert_trusted (upgraded);
}

static void
test_smtps (void)
{
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  probe = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK,
                     colombe_test_smtpd_get_submissions_port (smtpd), COLOMBE_SECURITY_TLS);
  g_assert_true (colombe_test_run_probe (probe, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (colombe_probe_get_greeting (probe), "220 "));
  g_assert_cmpint (colombe_probe_get_achieved_security (probe), ==, COLOMBE_SECURITY_TLS);
  g_assert_true (colombe_probe_has_capability (probe, "AUTH"));
  assert_trusted (probe);
}

static void
test_submission_starttls (void)
{
  g_autoptr(ColombeProbe) plain = NULL;
  g_autoptr(ColombeProbe) upgraded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  guint16 port = colombe_test_smtpd_get_submission_port (smtpd);

  colombe_test_watchdog_arm (20);
  plain = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK, port, COLOMBE_SECURITY_NONE);
  g_assert_true (colombe_test_run_probe (plain, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (colombe_probe_get_starttls_offered (plain));
  g_assert_false (colombe_probe_has_capability (plain, "AUTH"));

  upgraded = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK, port,
                        COLOMBE_SECURITY_STARTTLS);
  g_assert_true (colombe_test_run_probe (upgraded, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (colombe_probe_get_achieved_security (upgraded), ==, COLOMBE_SECURITY_STARTTLS);
  g_assert_false (colombe_probe_has_capability (upgraded, "STARTTLS"));
  g_assert_true (colombe_probe_has_capability (upgraded, "AUTH"));
  assert_trusted (upgraded);

  /* The server saw the upgrade happen. */
  log = colombe_test_smtpd_dup_log (smtpd);
  g_assert_nonnull (strstr (log, "STARTTLS port=submission"));
}

static void
test_smtp_plain (void)
{
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  probe = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK,
                     colombe_test_smtpd_get_plain_port (smtpd), COLOMBE_SECURITY_NONE);
  g_assert_true (colombe_test_run_probe (probe, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (colombe_probe_get_achieved_security (probe), ==, COLOMBE_SECURITY_NONE);
  g_assert_false (colombe_probe_get_starttls_offered (probe));
  g_assert_nonnull (colombe_probe_get_capabilities (probe));
  g_assert_null (colombe_probe_get_certificate (probe));
}

/* Never carry on in clear when STARTTLS was asked for. */
static void
test_starttls_missing (void)
{
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  probe = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK,
                     colombe_test_smtpd_get_plain_port (smtpd), COLOMBE_SECURITY_STARTTLS);
  g_assert_false (colombe_test_run_probe (probe, NULL, &error));
  g_assert_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_STARTTLS_MISSING);
  g_assert_cmpint (colombe_probe_get_achieved_security (probe), ==, COLOMBE_SECURITY_NONE);
  /* what it saw in clear is still there */
  g_assert_true (g_str_has_prefix (colombe_probe_get_greeting (probe), "220"));
  g_assert_false (colombe_probe_get_starttls_offered (probe));
}

/* Each bad certificate: refused by default, recorded with accept-untrusted. */
static void
test_untrusted_certificates (void)
{
  const struct { ColombeTestCert cert; GTlsCertificateFlags flag; } cases[] = {
    { COLOMBE_TEST_CERT_SELF_SIGNED, G_TLS_CERTIFICATE_UNKNOWN_CA },
    { COLOMBE_TEST_CERT_EXPIRED, G_TLS_CERTIFICATE_EXPIRED },
    { COLOMBE_TEST_CERT_WRONG_HOST, G_TLS_CERTIFICATE_BAD_IDENTITY },
  };

  colombe_test_watchdog_arm (60);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ColombeTestSmtpd) server = colombe_test_smtpd_new (pki);
      g_autoptr(ColombeProbe) strict = NULL;
      g_autoptr(ColombeProbe) lenient = NULL;
      g_autoptr(GError) error = NULL;
      guint16 port;

      g_test_message ("certificate %d", cases[i].cert);
      colombe_test_smtpd_set_certificate (server, cases[i].cert);
      colombe_test_smtpd_start (server, &error);
      g_assert_no_error (error);
      port = colombe_test_smtpd_get_submissions_port (server);

      strict = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK, port, COLOMBE_SECURITY_TLS);
      g_assert_false (colombe_test_run_probe (strict, NULL, &error));
      g_assert_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TLS_UNTRUSTED);
      g_assert_cmpuint (colombe_probe_get_certificate_errors (strict) & cases[i].flag, !=, 0);
      g_assert_null (colombe_probe_get_greeting (strict));
      g_clear_error (&error);

      lenient = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK, port,
                           COLOMBE_SECURITY_TLS);
      colombe_probe_set_accept_untrusted (lenient, TRUE);
      g_assert_true (colombe_test_run_probe (lenient, NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (colombe_probe_get_certificate (lenient));
      g_assert_cmpuint (colombe_probe_get_certificate_errors (lenient) & cases[i].flag, !=, 0);
      g_assert_cmpint (colombe_probe_get_achieved_security (lenient), ==, COLOMBE_SECURITY_TLS);

      colombe_test_smtpd_stop (server, &error);
      g_assert_no_error (error);
    }
}

static void
assert_times_out (ColombeProbe *probe,
                  guint         timeout_ms)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 ms;

  colombe_probe_set_timeout (probe, timeout_ms);
  g_assert_false (colombe_test_run_probe (probe, NULL, &error));
  ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TIMEOUT);
  g_assert_cmpint (ms, >=, timeout_ms - 50);
  g_assert_cmpint (ms, <, timeout_ms + 1500);
}

static void
test_black_hole (void)
{
  g_autoptr(ColombeTestFault) hole = NULL;
  g_autoptr(ColombeProbe) imap = NULL;
  g_autoptr(ColombeProbe) imaps = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  hole = colombe_test_fault_new_black_hole (&error);
  g_assert_no_error (error);

  /* waiting for a greeting, and for a TLS handshake */
  imap = probe_new (COLOMBE_PROTOCOL_IMAP, colombe_test_fault_get_address (hole),
                    colombe_test_fault_get_port (hole), COLOMBE_SECURITY_STARTTLS);
  assert_times_out (imap, 1000);
  imaps = probe_new (COLOMBE_PROTOCOL_IMAP, colombe_test_fault_get_address (hole),
                     colombe_test_fault_get_port (hole), COLOMBE_SECURITY_TLS);
  assert_times_out (imaps, 1000);
  g_assert_cmpuint (colombe_test_fault_get_n_accepted (hole), ==, 2);
}

/* A whole conversation written ahead, a few bytes at a time: replies
 * split across many reads, and two replies in one read. */
static void
test_trickle_split_replies (void)
{
  g_autoptr(ColombeTestFault) trickle = NULL;
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  trickle = colombe_test_fault_new_trickle ("* OK hello\r\n"
                                            "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n"
                                            "a1 OK done\r\n", 3, &error);
  g_assert_no_error (error);

  probe = probe_new (COLOMBE_PROTOCOL_IMAP, colombe_test_fault_get_address (trickle),
                     colombe_test_fault_get_port (trickle), COLOMBE_SECURITY_NONE);
  colombe_probe_set_timeout (probe, 5000);
  g_assert_true (colombe_test_run_probe (probe, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_probe_get_greeting (probe), ==, "* OK hello");
  g_assert_cmpstrv (colombe_probe_get_capabilities (probe),
                    ((const char * const []) { "IMAP4REV1", "STARTTLS", "LOGINDISABLED", NULL }));
  g_assert_true (colombe_probe_get_starttls_offered (probe));
}

/* A byte now and then keeps no step alive past its limit. */
static void
test_trickle_too_slow (void)
{
  g_autoptr(ColombeTestFault) trickle = NULL;
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  trickle = colombe_test_fault_new_trickle ("+OK a very slow greeting indeed\r\n", 100, &error);
  g_assert_no_error (error);

  probe = probe_new (COLOMBE_PROTOCOL_POP3, colombe_test_fault_get_address (trickle),
                     colombe_test_fault_get_port (trickle), COLOMBE_SECURITY_NONE);
  assert_times_out (probe, 1000);
}

static void
assert_monologue_fails (ColombeProtocol  protocol,
                        const char      *text,
                        int              code)
{
  g_autoptr(ColombeTestFault) server = NULL;
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  server = colombe_test_fault_new_monologue (text, &error);
  g_assert_no_error (error);

  probe = probe_new (protocol, colombe_test_fault_get_address (server),
                     colombe_test_fault_get_port (server), COLOMBE_SECURITY_NONE);
  colombe_probe_set_timeout (probe, 5000);
  g_assert_false (colombe_test_run_probe (probe, NULL, &error));
  g_assert_error (error, COLOMBE_PROTOCOL_ERROR, code);
  g_assert_cmpint (colombe_probe_get_elapsed_ms (probe), <, 2000);
  colombe_test_fault_stop (server);
}

static void
test_garbage_greeting (void)
{
  const char *garbage = "HTTP/1.1 400 Bad Request\r\n\r\n";

  colombe_test_watchdog_arm (20);
  assert_monologue_fails (COLOMBE_PROTOCOL_IMAP, garbage, COLOMBE_PROTOCOL_ERROR_BAD_REPLY);
  assert_monologue_fails (COLOMBE_PROTOCOL_POP3, garbage, COLOMBE_PROTOCOL_ERROR_BAD_REPLY);
  assert_monologue_fails (COLOMBE_PROTOCOL_SMTP, garbage, COLOMBE_PROTOCOL_ERROR_BAD_REPLY);
  /* a refusal is no greeting either */
  assert_monologue_fails (COLOMBE_PROTOCOL_SMTP, "554 go away\r\n",
                          COLOMBE_PROTOCOL_ERROR_BAD_REPLY);
}

static void
test_endless_line (void)
{
  g_autofree char *endless = g_strnfill (64 * 1024, 'A');

  colombe_test_watchdog_arm (20);
  endless[0] = '*';
  assert_monologue_fails (COLOMBE_PROTOCOL_IMAP, endless, COLOMBE_PROTOCOL_ERROR_LINE_TOO_LONG);
}

static void
test_endless_reply (void)
{
  g_autoptr(GString) reply = g_string_new (NULL);

  colombe_test_watchdog_arm (20);
  for (guint i = 0; i < 2 * COLOMBE_LINE_READER_MAX_LINES; i++)
    g_string_append (reply, "220-still greeting\r\n");
  assert_monologue_fails (COLOMBE_PROTOCOL_SMTP, reply->str,
                          COLOMBE_PROTOCOL_ERROR_TOO_MANY_LINES);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

/* The server hangs up before its reply ends. */
static void
test_closed_mid_reply (void)
{
  g_autoptr(ColombeTestFault) server = NULL;
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  ColombeTestProbeOutcome outcome = { 0 };
  gboolean waited = FALSE;

  colombe_test_watchdog_arm (20);
  server = colombe_test_fault_new_monologue ("220-first line of many\r\n", &error);
  g_assert_no_error (error);
  probe = probe_new (COLOMBE_PROTOCOL_SMTP, colombe_test_fault_get_address (server),
                     colombe_test_fault_get_port (server), COLOMBE_SECURITY_NONE);
  colombe_probe_set_timeout (probe, 5000);
  colombe_probe_run_async (probe, NULL, colombe_test_probe_done, &outcome);

  /* let it connect and read the first line, then hang up */
  g_timeout_add (300, set_flag, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (outcome.done);
  g_assert_cmpuint (colombe_test_fault_get_n_accepted (server), ==, 1);
  colombe_test_fault_stop (server);

  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (outcome.error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_CLOSED);
  g_clear_error (&outcome.error);
}

static void
test_connection_refused (void)
{
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;

  colombe_test_watchdog_arm (20);
  probe = probe_new (COLOMBE_PROTOCOL_SMTP, COLOMBE_TEST_LOOPBACK, 1, COLOMBE_SECURITY_NONE);
  g_assert_false (colombe_test_run_probe (probe, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(ColombeTestFault) hole = NULL;
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start;

  colombe_test_watchdog_arm (20);
  hole = colombe_test_fault_new_black_hole (&error);
  g_assert_no_error (error);

  probe = probe_new (COLOMBE_PROTOCOL_IMAP, colombe_test_fault_get_address (hole),
                     colombe_test_fault_get_port (hole), COLOMBE_SECURITY_TLS);
  colombe_probe_set_timeout (probe, 10000);
  g_timeout_add (200, cancel_later, cancellable);
  start = g_get_monotonic_time ();
  g_assert_false (colombe_test_run_probe (probe, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 1500);
  g_assert_cmpuint (colombe_test_fault_get_n_accepted (hole), ==, 1);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_accept_untrusted_property (void)
{
  g_autoptr(ColombeProbe) probe = probe_new (COLOMBE_PROTOCOL_IMAP, "localhost", 993,
                                             COLOMBE_SECURITY_TLS);
  guint notified = 0;
  gboolean value = FALSE;

  g_signal_connect (probe, "notify::accept-untrusted", G_CALLBACK (count_notify), &notified);
  g_assert_false (colombe_probe_get_accept_untrusted (probe));
  g_object_set (probe, "accept-untrusted", TRUE, NULL);
  colombe_probe_set_accept_untrusted (probe, TRUE);
  g_object_get (probe, "accept-untrusted", &value, NULL);
  g_assert_true (value);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&probe));
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
  database = colombe_test_pki_create_database (pki, &error);
  g_assert_no_error (error);

  dovecot = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_set_listen_address (dovecot, SERVER_HOST);
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);

  smtpd = colombe_test_smtpd_new (pki);
  colombe_test_smtpd_set_plain_port (smtpd, TRUE, FALSE);
  colombe_test_smtpd_start (smtpd, &error);
  g_assert_no_error (error);

  g_test_add_func ("/probe/imaps", test_imaps);
  g_test_add_func ("/probe/imap-starttls", test_imap_starttls);
  g_test_add_func ("/probe/pop3s", test_pop3s);
  g_test_add_func ("/probe/pop3-stls", test_pop3_stls);
  g_test_add_func ("/probe/smtps", test_smtps);
  g_test_add_func ("/probe/submission-starttls", test_submission_starttls);
  g_test_add_func ("/probe/smtp-plain", test_smtp_plain);
  g_test_add_func ("/probe/starttls-missing", test_starttls_missing);
  g_test_add_func ("/probe/untrusted-certificates", test_untrusted_certificates);
  g_test_add_func ("/probe/black-hole", test_black_hole);
  g_test_add_func ("/probe/trickle-split-replies", test_trickle_split_replies);
  g_test_add_func ("/probe/trickle-too-slow", test_trickle_too_slow);
  g_test_add_func ("/probe/garbage-greeting", test_garbage_greeting);
  g_test_add_func ("/probe/endless-line", test_endless_line);
  g_test_add_func ("/probe/endless-reply", test_endless_reply);
  g_test_add_func ("/probe/closed-mid-reply", test_closed_mid_reply);
  g_test_add_func ("/probe/connection-refused", test_connection_refused);
  g_test_add_func ("/probe/cancel", test_cancel);
  g_test_add_func ("/probe/accept-untrusted-property", test_accept_untrusted_property);

  status = g_test_run ();

  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  g_clear_object (&smtpd);
  g_clear_object (&dovecot);
  g_clear_object (&database);

  return status;
}
