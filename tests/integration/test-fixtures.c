/* test-fixtures.c: proves that each test fixture starts, answers and stops
 *
 * Run by meson through netns-run.sh: the servers listen on loopback inside
 * private namespaces, and the DNS world may replace /etc/resolv.conf.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsoup/soup.h>

#include "colombe-test-fixtures.h"

#define TEST_TIMEOUT_S 30
#define GONE_TIMEOUT_MS 2000

/* ---- helpers ---- */

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_test_message ("expected “%s” in:\n%s", part, text ? text : "(null)");
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, part));
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (strstr (text, part) != NULL)
    g_test_message ("did not expect “%s” in:\n%s", part, text);
  g_assert_null (strstr (text, part));
}

static const char *
last_line (const char *text)
{
  const char *newline;

  g_assert_nonnull (text);
  newline = strrchr (text, '\n');
  return newline != NULL ? newline + 1 : text;
}

static void
assert_last_line_starts (const char *text,
                         const char *prefix)
{
  const char *line = last_line (text);

  if (!g_str_has_prefix (line, prefix))
    g_test_message ("expected a last line starting “%s” in:\n%s", prefix, text);
  g_assert_true (g_str_has_prefix (line, prefix));
}

static GTlsDatabase *
test_ca (void)
{
  g_autoptr(GError) error = NULL;
  ColombeTestPki *pki = colombe_test_pki_get_default (&error);
  GTlsDatabase *database;

  g_assert_no_error (error);
  database = colombe_test_pki_create_database (pki, &error);
  g_assert_no_error (error);
  return database;
}

static char *
base64 (const char *data,
        gsize       length)
{
  return g_base64_encode ((const guchar *) data, length);
}

static gboolean
group_gone (gpointer data)
{
  return colombe_test_process_group_size (GPOINTER_TO_INT (data), TRUE) == 0;
}

/* gone means no process of its group at all, not even a zombie */
static void
assert_processes_gone (GPid group)
{
  g_assert_true (colombe_test_wait_until (group_gone, GINT_TO_POINTER (group), GONE_TIMEOUT_MS));
}

static void
assert_port_refuses (const char *address,
                     guint16     port)
{
  g_assert_false (colombe_test_net_port_accepts (address, port));
}

static ColombeTestClient *
connect_tls (const char   *address,
             guint16       port,
             GTlsDatabase *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestClient) client = colombe_test_client_connect (address, port, &error);

  g_assert_no_error (error);
  colombe_test_client_start_tls (client, database, &error);
  g_assert_no_error (error);
  g_assert_true (colombe_test_client_is_tls (client));
  return g_steal_pointer (&client);
}

static char *
read_line (ColombeTestClient *client)
{
  g_autoptr(GError) error = NULL;
  char *line = colombe_test_client_read_line (client, &error);

  g_assert_no_error (error);
  return line;
}

static char *
command (ColombeTestClient *client,
         const char        *line,
         const char        *until_prefix)
{
  g_autoptr(GError) error = NULL;
  char *reply = colombe_test_client_command (client, line, until_prefix, &error);

  g_assert_no_error (error);
  return reply;
}

/* ---- PKI ---- */

static GTlsCertificateFlags
verify (GTlsDatabase   *database,
        ColombeTestPki *pki,
        ColombeTestCert cert,
        const char     *host)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) chain = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (host, 993);
  GTlsCertificateFlags flags;

  chain = g_tls_certificate_new_from_file (colombe_test_pki_get_chain_file (pki, cert), &error);
  g_assert_no_error (error);
  flags = g_tls_database_verify_chain (database, chain, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  return flags;
}

static void
test_pki_verifies (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = test_ca ();
  g_autoptr(GTlsCertificate) with_key = NULL;
  ColombeTestPki *pki = colombe_test_pki_get_default (&error);

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  g_assert_no_error (error);

  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "mail.example.test"), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "any.example.test"), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "127.0.0.1"), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "::1"), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "localhost"), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "mail.example.org"),
                   ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_EXPIRED, "mail.example.test")
                   & G_TLS_CERTIFICATE_EXPIRED, !=, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_NOT_YET_VALID, "mail.example.test")
                   & G_TLS_CERTIFICATE_NOT_ACTIVATED, !=, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_WRONG_HOST, "mail.example.test"),
                   ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_WRONG_HOST, COLOMBE_TEST_WRONG_HOST),
                   ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SELF_SIGNED, "mail.example.test")
                   & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);

  with_key = colombe_test_pki_load_certificate (pki, COLOMBE_TEST_CERT_SERVER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_tls_certificate_get_issuer (with_key));
}

static void
test_pki_own_names (void)
{
  const char * const names[] = { "autoconfig.other.test", "192.0.2.7", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestPki) pki = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *dir = NULL;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  pki = colombe_test_pki_new (names, &error);
  g_assert_no_error (error);
  database = colombe_test_pki_create_database (pki, &error);
  g_assert_no_error (error);

  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, names[0]), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "192.0.2.7"), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "127.0.0.2"), ==, 0);
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "mail.example.test"),
                   ==, G_TLS_CERTIFICATE_BAD_IDENTITY);

  /* another CA: the default one does not know these certificates */
  g_clear_object (&database);
  database = test_ca ();
  g_assert_cmpint (verify (database, pki, COLOMBE_TEST_CERT_SERVER, "autoconfig.other.test")
                   & G_TLS_CERTIFICATE_UNKNOWN_CA, !=, 0);

  dir = g_strdup (colombe_test_pki_get_dir (pki));
  g_assert_true (g_file_test (colombe_test_pki_get_ca_file (pki), G_FILE_TEST_IS_REGULAR));
  g_clear_object (&pki);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* ---- Dovecot ---- */

static void
imap_logins (ColombeTestDovecot *dovecot,
             GTlsDatabase       *database)
{
  g_autoptr(ColombeTestClient) imap = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *alice = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *literal = NULL;
  g_autofree char *zoe = NULL;
  g_autofree char *begin = g_strdup_printf ("a3 LOGIN " COLOMBE_TEST_ZOE_LOGIN " {%zu}",
                                            strlen (COLOMBE_TEST_ZOE_PASSWORD));

  imap = connect_tls (colombe_test_dovecot_get_address (dovecot),
                      colombe_test_dovecot_get_imaps_port (dovecot), database);
  greeting = read_line (imap);
  g_assert_true (g_str_has_prefix (greeting, "* OK"));

  wrong = command (imap, "a1 LOGIN " COLOMBE_TEST_ALICE_LOGIN " \"not-her-password\"", "a1 ");
  assert_last_line_starts (wrong, "a1 NO");
  alice = command (imap,
                   "a2 LOGIN " COLOMBE_TEST_ALICE_LOGIN " \"" COLOMBE_TEST_ALICE_PASSWORD "\"",
                   "a2 ");
  assert_last_line_starts (alice, "a2 OK");

  /* 8-bit, quotes and a backslash: an IMAP literal carries them as they are */
  g_clear_object (&imap);
  imap = connect_tls (colombe_test_dovecot_get_address (dovecot),
                      colombe_test_dovecot_get_imaps_port (dovecot), database);
  g_free (read_line (imap));
  literal = command (imap, begin, "+");
  g_assert_true (g_str_has_prefix (literal, "+"));
  zoe = command (imap, COLOMBE_TEST_ZOE_PASSWORD, "a3 ");
  assert_last_line_starts (zoe, "a3 OK");
}

static void
imap_starttls (ColombeTestDovecot *dovecot,
               GTlsDatabase       *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestClient) imap = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *starttls = NULL;
  g_autofree char *capability = NULL;
  g_autofree char *login = NULL;

  imap = colombe_test_client_connect (colombe_test_dovecot_get_address (dovecot),
                                      colombe_test_dovecot_get_imap_port (dovecot), &error);
  g_assert_no_error (error);
  greeting = read_line (imap);
  assert_contains (greeting, "STARTTLS");
  starttls = command (imap, "s1 STARTTLS", "s1 ");
  assert_last_line_starts (starttls, "s1 OK");
  colombe_test_client_start_tls (imap, database, &error);
  g_assert_no_error (error);

  capability = command (imap, "c1 CAPABILITY", "c1 ");
  assert_contains (capability, "AUTH=PLAIN");
  login = command (imap, "a1 LOGIN " COLOMBE_TEST_BOB_LOGIN " " COLOMBE_TEST_BOB_PASSWORD, "a1 ");
  assert_last_line_starts (login, "a1 OK");
}

static void
pop3_logins (ColombeTestDovecot *dovecot,
             GTlsDatabase       *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestClient) pop = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *user = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *stls = NULL;
  g_autofree char *zoe = NULL;
  g_autofree char *pass = NULL;
  g_autofree char *stat = NULL;

  /* implicit TLS, a wrong password then the right one */
  pop = connect_tls (colombe_test_dovecot_get_address (dovecot),
                     colombe_test_dovecot_get_pop3s_port (dovecot), database);
  greeting = read_line (pop);
  g_assert_true (g_str_has_prefix (greeting, "+OK"));
  user = command (pop, "USER " COLOMBE_TEST_ALICE_LOGIN, "");
  g_assert_true (g_str_has_prefix (user, "+OK"));
  wrong = command (pop, "PASS not-her-password", "");
  g_assert_true (g_str_has_prefix (wrong, "-ERR"));

  /* STLS on the plain port, then the user whose password has everything */
  g_clear_object (&pop);
  pop = colombe_test_client_connect (colombe_test_dovecot_get_address (dovecot),
                                     colombe_test_dovecot_get_pop3_port (dovecot), &error);
  g_assert_no_error (error);
  g_free (read_line (pop));
  stls = command (pop, "STLS", "");
  g_assert_true (g_str_has_prefix (stls, "+OK"));
  colombe_test_client_start_tls (pop, database, &error);
  g_assert_no_error (error);
  g_free (command (pop, "USER " COLOMBE_TEST_ZOE_LOGIN, "+OK"));
  zoe = command (pop, "PASS " COLOMBE_TEST_ZOE_PASSWORD, "");
  g_assert_true (g_str_has_prefix (zoe, "+OK"));

  /* alice has the message delivered before */
  g_clear_object (&pop);
  pop = connect_tls (colombe_test_dovecot_get_address (dovecot),
                     colombe_test_dovecot_get_pop3s_port (dovecot), database);
  g_free (read_line (pop));
  g_free (command (pop, "USER " COLOMBE_TEST_ALICE_LOGIN, "+OK"));
  pass = command (pop, "PASS " COLOMBE_TEST_ALICE_PASSWORD, "");
  g_assert_true (g_str_has_prefix (pass, "+OK"));
  stat = command (pop, "STAT", "");
  g_assert_true (g_str_has_prefix (stat, "+OK 1 "));
}

static void
deliver_message (ColombeTestDovecot *dovecot)
{
  static const char message[] = "From: bob@example.test\r\nTo: alice@example.test\r\n"
                                "Subject: delivered by the fixture\r\n\r\nHello Alice.\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  colombe_test_dovecot_deliver (dovecot, COLOMBE_TEST_ALICE_LOGIN, message, &error);
  g_assert_no_error (error);
  messages = colombe_test_dovecot_list_messages (dovecot, COLOMBE_TEST_ALICE_LOGIN, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_contains (g_bytes_get_data (messages->pdata[0], NULL), "delivered by the fixture");
}

static void
test_dovecot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = test_ca ();
  g_autoptr(ColombeTestDovecot) dovecot = colombe_test_dovecot_new (NULL);
  g_autofree char *log = NULL;
  g_autofree char *dir = NULL;
  guint16 ports[4];
  GPid master;
  guint i;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);
  g_assert_true (colombe_test_dovecot_is_running (dovecot));

  deliver_message (dovecot);
  imap_logins (dovecot, database);
  imap_starttls (dovecot, database);
  pop3_logins (dovecot, database);

  log = colombe_test_dovecot_dup_log (dovecot);
  assert_contains (log, "Login: user=<" COLOMBE_TEST_ALICE_LOGIN ">");
  assert_contains (log, "Login: user=<" COLOMBE_TEST_ZOE_LOGIN ">");
  assert_lacks (log, COLOMBE_TEST_ALICE_PASSWORD);
  assert_lacks (log, "not-her-password");
  assert_lacks (log, COLOMBE_TEST_ZOE_PASSWORD);

  master = colombe_test_dovecot_get_pid (dovecot);
  dir = g_strdup (colombe_test_dovecot_get_dir (dovecot));
  ports[0] = colombe_test_dovecot_get_imap_port (dovecot);
  ports[1] = colombe_test_dovecot_get_imaps_port (dovecot);
  ports[2] = colombe_test_dovecot_get_pop3_port (dovecot);
  ports[3] = colombe_test_dovecot_get_pop3s_port (dovecot);
  colombe_test_dovecot_stop (dovecot, &error);
  g_assert_no_error (error);
  for (i = 0; i < G_N_ELEMENTS (ports); i++)
    assert_port_refuses (colombe_test_dovecot_get_address (dovecot), ports[i]);
  assert_processes_gone (master);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* As a client from another loopback address sees it: no LOGIN before TLS */
static void
test_dovecot_logindisabled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestDovecot) dovecot = colombe_test_dovecot_new (NULL);
  g_autoptr(ColombeTestClient) imap = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *login = NULL;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  if (!colombe_test_net_is_isolation_expected ())
    {
      g_test_skip ("needs 127.0.0.2 (tests/integration/netns-run.sh)");
      return;
    }
  colombe_test_dovecot_set_listen_address (dovecot, "127.0.0.2");
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);

  imap = colombe_test_client_connect ("127.0.0.2", colombe_test_dovecot_get_imap_port (dovecot),
                                      &error);
  g_assert_no_error (error);
  greeting = read_line (imap);
  assert_contains (greeting, "LOGINDISABLED");
  login = command (imap, "a1 LOGIN " COLOMBE_TEST_ALICE_LOGIN " " COLOMBE_TEST_ALICE_PASSWORD,
                   "a1 ");
  assert_last_line_starts (login, "a1 NO");

  colombe_test_dovecot_stop (dovecot, &error);
  g_assert_no_error (error);
}

/* ---- SMTP ---- */

static char *
auth_plain (const char *login,
            const char *password)
{
  g_autofree char *blob = g_strdup_printf ("%c%s%c%s", 0, login, 0, password);
  g_autofree char *encoded = base64 (blob, strlen (login) + strlen (password) + 2);

  return g_strdup_printf ("AUTH PLAIN %s", encoded);
}

static void
smtp_submission (ColombeTestSmtpd *smtpd,
                 GTlsDatabase     *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestClient) smtp = NULL;
  g_autofree char *plain_alice = auth_plain (COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  g_autofree char *plain_wrong = auth_plain (COLOMBE_TEST_ALICE_LOGIN, "not-her-password");
  g_autofree char *greeting = NULL;
  g_autofree char *ehlo = NULL;
  g_autofree char *early = NULL;
  g_autofree char *starttls = NULL;
  g_autofree char *ehlo_tls = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *right = NULL;
  g_autofree char *data = NULL;
  g_autofree char *sent = NULL;

  smtp = colombe_test_client_connect (colombe_test_smtpd_get_address (smtpd),
                                      colombe_test_smtpd_get_submission_port (smtpd), &error);
  g_assert_no_error (error);
  greeting = colombe_test_client_read_smtp_reply (smtp, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (greeting, "220 "));
  ehlo = command (smtp, "EHLO client.example.test", NULL);
  assert_contains (ehlo, "STARTTLS");
  assert_lacks (ehlo, "AUTH");
  early = command (smtp, plain_alice, NULL);
  g_assert_true (g_str_has_prefix (early, "538 "));
  starttls = command (smtp, "STARTTLS", NULL);
  g_assert_true (g_str_has_prefix (starttls, "220 "));
  colombe_test_client_start_tls (smtp, database, &error);
  g_assert_no_error (error);

  ehlo_tls = command (smtp, "EHLO client.example.test", NULL);
  assert_contains (ehlo_tls, "AUTH CRAM-MD5 LOGIN PLAIN");
  wrong = command (smtp, plain_wrong, NULL);
  g_assert_true (g_str_has_prefix (wrong, "535 "));
  right = command (smtp, plain_alice, NULL);
  g_assert_true (g_str_has_prefix (right, "235 "));
  g_free (command (smtp, "MAIL FROM:<" COLOMBE_TEST_ALICE_LOGIN ">", "250 "));
  g_free (command (smtp, "RCPT TO:<" COLOMBE_TEST_BOB_LOGIN ">", "250 "));
  data = command (smtp, "DATA", NULL);
  g_assert_true (g_str_has_prefix (data, "354 "));
  sent = command (smtp, "Subject: sent through the fixture\r\n\r\nHello Bob.\r\n.", NULL);
  g_assert_true (g_str_has_prefix (sent, "250 "));
}

static void
smtp_login_and_cram (ColombeTestSmtpd *smtpd,
                     GTlsDatabase     *database)
{
  g_autoptr(ColombeTestClient) smtp = NULL;
  g_autofree char *user = base64 (COLOMBE_TEST_ZOE_LOGIN, strlen (COLOMBE_TEST_ZOE_LOGIN));
  g_autofree char *password = base64 (COLOMBE_TEST_ZOE_PASSWORD,
                                      strlen (COLOMBE_TEST_ZOE_PASSWORD));
  g_autofree char *ask_user = NULL;
  g_autofree char *ask_password = NULL;
  g_autofree char *login = NULL;
  g_autofree char *cram = NULL;
  g_autofree guchar *challenge = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *answer64 = NULL;
  g_autofree char *done = NULL;
  gsize challenge_length;

  /* implicit TLS, AUTH LOGIN for the user with the difficult password */
  smtp = connect_tls (colombe_test_smtpd_get_address (smtpd),
                      colombe_test_smtpd_get_submissions_port (smtpd), database);
  g_free (colombe_test_client_read_smtp_reply (smtp, NULL));
  g_free (command (smtp, "EHLO client.example.test", NULL));
  ask_user = command (smtp, "AUTH LOGIN", NULL);
  g_assert_true (g_str_has_prefix (ask_user, "334 "));
  ask_password = command (smtp, user, NULL);
  g_assert_true (g_str_has_prefix (ask_password, "334 "));
  login = command (smtp, password, NULL);
  g_assert_true (g_str_has_prefix (login, "235 "));

  /* CRAM-MD5 for alice on a second connection */
  g_clear_object (&smtp);
  smtp = connect_tls (colombe_test_smtpd_get_address (smtpd),
                      colombe_test_smtpd_get_submissions_port (smtpd), database);
  g_free (colombe_test_client_read_smtp_reply (smtp, NULL));
  g_free (command (smtp, "EHLO client.example.test", NULL));
  cram = command (smtp, "AUTH CRAM-MD5", NULL);
  g_assert_true (g_str_has_prefix (cram, "334 "));
  challenge = g_base64_decode (cram + 4, &challenge_length);
  digest = g_compute_hmac_for_data (G_CHECKSUM_MD5, (const guchar *) COLOMBE_TEST_ALICE_PASSWORD,
                                    strlen (COLOMBE_TEST_ALICE_PASSWORD), challenge,
                                    challenge_length);
  answer = g_strdup_printf ("%s %s", COLOMBE_TEST_ALICE_LOGIN, digest);
  answer64 = base64 (answer, strlen (answer));
  done = command (smtp, answer64, NULL);
  g_assert_true (g_str_has_prefix (done, "235 "));
}

static void
smtp_plain_port (ColombeTestSmtpd *smtpd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestClient) smtp = NULL;
  g_autofree char *ehlo = NULL;

  smtp = colombe_test_client_connect (colombe_test_smtpd_get_address (smtpd),
                                      colombe_test_smtpd_get_plain_port (smtpd), &error);
  g_assert_no_error (error);
  g_free (colombe_test_client_read_smtp_reply (smtp, NULL));
  ehlo = command (smtp, "EHLO client.example.test", NULL);
  g_assert_true (g_str_has_prefix (ehlo, "250"));
  assert_lacks (ehlo, "STARTTLS");
  assert_lacks (ehlo, "AUTH");
}

static void
smtp_check_spool_and_log (ColombeTestSmtpd *smtpd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = colombe_test_smtpd_list_messages (smtpd, &error);
  g_autofree char *log = colombe_test_smtpd_dup_log (smtpd);

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_contains (g_bytes_get_data (messages->pdata[0], NULL), "sent through the fixture");

  assert_contains (log, "AUTH port=submission tls=no mechanism=PLAIN user=- "
                        "result=refused-no-tls initial-response=yes");
  assert_contains (log, "STARTTLS port=submission");
  assert_contains (log, "mechanism=PLAIN user=" COLOMBE_TEST_ALICE_LOGIN " result=failed");
  assert_contains (log, "AUTH port=submission tls=yes mechanism=PLAIN user="
                        COLOMBE_TEST_ALICE_LOGIN " result=ok");
  assert_contains (log, "MESSAGE port=submission user=" COLOMBE_TEST_ALICE_LOGIN
                        " from=<" COLOMBE_TEST_ALICE_LOGIN "> to=<" COLOMBE_TEST_BOB_LOGIN ">");
  assert_contains (log, "AUTH port=submissions tls=yes mechanism=LOGIN user="
                        COLOMBE_TEST_ZOE_LOGIN " result=ok");
  assert_contains (log, "mechanism=CRAM-MD5 user=" COLOMBE_TEST_ALICE_LOGIN " result=ok");
  assert_lacks (log, COLOMBE_TEST_ALICE_PASSWORD);
  assert_lacks (log, COLOMBE_TEST_ZOE_PASSWORD);
}

static void
test_smtpd (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = test_ca ();
  g_autoptr(ColombeTestSmtpd) smtpd = colombe_test_smtpd_new (NULL);
  g_autofree char *dir = NULL;
  guint16 ports[3];
  GPid pid;
  guint i;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  colombe_test_smtpd_set_plain_port (smtpd, TRUE, FALSE);
  colombe_test_smtpd_start (smtpd, &error);
  g_assert_no_error (error);

  smtp_submission (smtpd, database);
  smtp_login_and_cram (smtpd, database);
  smtp_plain_port (smtpd);
  smtp_check_spool_and_log (smtpd);

  pid = colombe_test_smtpd_get_pid (smtpd);
  dir = g_strdup (colombe_test_smtpd_get_dir (smtpd));
  ports[0] = colombe_test_smtpd_get_submission_port (smtpd);
  ports[1] = colombe_test_smtpd_get_submissions_port (smtpd);
  ports[2] = colombe_test_smtpd_get_plain_port (smtpd);
  colombe_test_smtpd_stop (smtpd, &error);
  g_assert_no_error (error);
  for (i = 0; i < G_N_ELEMENTS (ports); i++)
    assert_port_refuses (colombe_test_smtpd_get_address (smtpd), ports[i]);
  assert_processes_gone (pid);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* ---- DNS ---- */

static gint
compare_mx (gconstpointer a,
            gconstpointer b)
{
  guint16 first, second;

  g_variant_get ((GVariant *) a, "(q&s)", &first, NULL);
  g_variant_get ((GVariant *) b, "(q&s)", &second, NULL);
  return (gint) first - (gint) second;
}

static void
dns_answers (GResolver *resolver)
{
  g_autoptr(GError) error = NULL;
  GList *addresses, *mx, *txt, *srv, *not_offered, *alias;
  const char *exchange, *target;
  const char **strings;
  guint16 preference;

  /* the A and the AAAA record */
  addresses = g_resolver_lookup_by_name (resolver, "mail.example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (addresses), ==, 2);
  g_resolver_free_addresses (addresses);

  /* MX: the preferences come through, the lowest is the first to try */
  mx = g_resolver_lookup_records (resolver, "example.test", G_RESOLVER_RECORD_MX, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (mx), ==, 2);
  mx = g_list_sort (mx, compare_mx);
  g_variant_get (mx->data, "(q&s)", &preference, &exchange);
  g_assert_cmpuint (preference, ==, 10);
  g_assert_cmpstr (exchange, ==, "mail.example.test");
  g_variant_get (mx->next->data, "(q&s)", &preference, &exchange);
  g_assert_cmpuint (preference, ==, 20);
  g_assert_cmpstr (exchange, ==, "mx2.example.test");
  g_list_free_full (mx, (GDestroyNotify) g_variant_unref);

  srv = g_resolver_lookup_service (resolver, "imaps", "tcp", "example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_srv_target_get_hostname (srv->data), ==, "mail.example.test");
  g_assert_cmpuint (g_srv_target_get_port (srv->data), ==, 993);
  g_resolver_free_targets (srv);

  not_offered = g_resolver_lookup_records (resolver, "_pop3._tcp.example.test",
                                           G_RESOLVER_RECORD_SRV, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (not_offered->data, "(qqq&s)", NULL, NULL, NULL, &target);
  g_assert_cmpstr (target, ==, "");
  g_list_free_full (not_offered, (GDestroyNotify) g_variant_unref);

  txt = g_resolver_lookup_records (resolver, "example.test", G_RESOLVER_RECORD_TXT, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (txt->data, "(^a&s)", &strings);
  g_assert_cmpstr (strings[0], ==, "v=spf1 \"quoted\" -all");
  g_free (strings);
  g_list_free_full (txt, (GDestroyNotify) g_variant_unref);

  alias = g_resolver_lookup_by_name (resolver, "www.example.test", NULL, &error);
  g_assert_no_error (error);
  g_resolver_free_addresses (alias);
}

static void
assert_not_found (GResolver  *resolver,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  GList *none = g_resolver_lookup_by_name (resolver, name, NULL, &error);

  g_assert_null (none);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
}

static void
assert_resolves_nowhere (GResolver  *resolver,
                         const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GList *none = g_resolver_lookup_by_name (resolver, name, NULL, &error);

  g_assert_null (none);
  g_assert_true (error != NULL && error->domain == G_RESOLVER_ERROR);
  /* refused at once: nothing waited for a server elsewhere */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_dns_world (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestDns) dns = colombe_test_dns_new ();
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autofree char *log = NULL;
  g_autofree char *dir = NULL;
  GPid pid;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  if (!colombe_test_net_is_isolation_expected ())
    {
      g_test_skip ("needs the namespaces of tests/integration/netns-run.sh");
      return;
    }
  colombe_test_net_check_isolated (&error);
  g_assert_no_error (error);

  colombe_test_dns_add_address (dns, "mail.example.test", "127.0.0.1");
  colombe_test_dns_add_address (dns, "mail.example.test", "::1");
  colombe_test_dns_add_address (dns, "mx2.example.test", "127.0.0.1");
  colombe_test_dns_add_mx (dns, "example.test", "mx2.example.test", 20);
  colombe_test_dns_add_mx (dns, "example.test", "mail.example.test", 10);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.example.test", "mail.example.test", 993, 0, 1);
  colombe_test_dns_add_srv (dns, "_pop3._tcp.example.test", NULL, 0, 0, 0);
  colombe_test_dns_add_txt (dns, "example.test", "v=spf1 \"quoted\" -all");
  colombe_test_dns_add_cname (dns, "www.example.test", "mail.example.test");
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);

  dns_answers (resolver);
  assert_not_found (resolver, "nothing-here.example.test");
  assert_resolves_nowhere (resolver, "gnome.org");
  log = colombe_test_dns_dup_log (dns);
  assert_contains (log, "query[MX] example.test");
  assert_contains (log, "query[SRV] _imaps._tcp.example.test");

  pid = colombe_test_dns_get_pid (dns);
  dir = g_strdup (colombe_test_dns_get_dir (dns));
  colombe_test_dns_stop (dns, &error);
  g_assert_no_error (error);
  assert_processes_gone (pid);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  assert_resolves_nowhere (resolver, "mail.example.test");
}

/* A failing domain: its MX lookup fails, but not as "no such name", and
 * a record declared under it is still answered. */
static void
assert_fails (GResolver  *resolver,
              const char *domain,
              const char *declared)
{
  g_autoptr(GError) error = NULL;
  GList *records;

  records = g_resolver_lookup_records (resolver, domain, G_RESOLVER_RECORD_MX, NULL, &error);
  g_assert_null (records);
  g_assert_true (error != NULL && error->domain == G_RESOLVER_ERROR);
  g_assert_false (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND));
  g_clear_error (&error);

  records = g_resolver_lookup_records (resolver, declared, G_RESOLVER_RECORD_SRV, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (records), ==, 1);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
test_dns_failures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestDns) dns = colombe_test_dns_new ();
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autofree char *log = NULL;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  if (!colombe_test_net_is_isolation_expected ())
    {
      g_test_skip ("needs the namespaces of tests/integration/netns-run.sh");
      return;
    }

  colombe_test_dns_add_failure (dns, "silent.test", COLOMBE_TEST_DNS_FAILURE_SILENT);
  colombe_test_dns_add_failure (dns, "garbage.test", COLOMBE_TEST_DNS_FAILURE_GARBAGE);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.silent.test", "imap.silent.test", 993, 0, 0);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.garbage.test", "imap.garbage.test", 993, 0, 0);
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);

  assert_fails (resolver, "silent.test", "_imaps._tcp.silent.test");
  assert_fails (resolver, "garbage.test", "_imaps._tcp.garbage.test");
  log = colombe_test_dns_dup_log (dns);
  assert_contains (log, "forwarded garbage.test to 127.0.0.1#");

  colombe_test_dns_stop (dns, &error);
  g_assert_no_error (error);
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GList **addresses = data;
  g_autoptr(GError) error = NULL;

  *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
list_is_set (gpointer data)
{
  return *(GList **) data != NULL;
}

static void
test_resolver_in_process (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestResolver) resolver = colombe_test_resolver_new ();
  g_autoptr(GResolver) previous = NULL;
  g_autoptr(GResolver) installed = NULL;
  g_autoptr(ColombeTestFault) listener = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_auto(GStrv) queries = NULL;
  GList *addresses = NULL, *srv, *mx;
  guint16 port;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  colombe_test_resolver_add_address (resolver, "Mail.Example.Test", "127.0.0.1");
  colombe_test_resolver_add_mx (resolver, "example.test", "mail.example.test", 10);
  colombe_test_resolver_add_srv (resolver, "_submission._tcp.example.test", "mail.example.test",
                                 587, 0, 1);
  previous = colombe_test_resolver_install (resolver);
  installed = g_resolver_get_default ();
  g_assert_true (installed == G_RESOLVER (resolver));

  g_resolver_lookup_by_name_async (G_RESOLVER (resolver), "mail.example.test", NULL,
                                   on_resolved, &addresses);
  g_assert_true (colombe_test_wait_until (list_is_set, &addresses, 2000));
  g_assert_cmpuint (g_list_length (addresses), ==, 1);
  g_resolver_free_addresses (addresses);
  srv = g_resolver_lookup_service (G_RESOLVER (resolver), "submission", "tcp", "example.test",
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_srv_target_get_port (srv->data), ==, 587);
  g_resolver_free_targets (srv);
  mx = g_resolver_lookup_records (G_RESOLVER (resolver), "example.test", G_RESOLVER_RECORD_MX,
                                  NULL, &error);
  g_assert_no_error (error);
  g_list_free_full (mx, (GDestroyNotify) g_variant_unref);
  assert_not_found (G_RESOLVER (resolver), "other.example.test");

  /* GIO's own connect by name goes through it */
  listener = colombe_test_fault_new_black_hole (&error);
  g_assert_no_error (error);
  g_socket_client_set_enable_proxy (client, FALSE);
  port = colombe_test_fault_get_port (listener);
  connection = g_socket_client_connect_to_host (client, "mail.example.test", port, NULL, &error);
  g_assert_no_error (error);

  queries = colombe_test_resolver_dup_queries (resolver);
  g_assert_cmpstr (queries[0], ==, "NAME mail.example.test");
  g_assert_true (g_strv_contains ((const char * const *) queries,
                                  "SRV _submission._tcp.example.test"));
  g_assert_true (g_strv_contains ((const char * const *) queries, "MX example.test"));
  g_resolver_set_default (previous);
}

/* ---- HTTP ---- */

#define CONFIG_PATH "/mail/config-v1.1.xml"

static GBytes *
http_get (SoupSession  *session,
          const char   *url,
          guint        *status,
          GError      **error)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  GBytes *body = soup_session_send_and_read (session, message, NULL, error);

  *status = soup_message_get_status (message);
  return body;
}

static void
assert_get (SoupSession *session,
            const char  *url,
            guint        expected_status,
            const char  *expected_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  guint status;

  body = http_get (session, url, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, expected_status);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  assert_contains (text, expected_part);
}

static void
http_routes (ColombeTestHttp *http,
             SoupSession     *session)
{
  g_autofree char *hello = colombe_test_http_dup_url (http, TRUE, NULL, "/hello");
  g_autofree char *hello_by_name = colombe_test_http_dup_url (http, TRUE, "localhost", "/hello");
  g_autofree char *plain = colombe_test_http_dup_url (http, FALSE, NULL, "/hello");
  g_autofree char *moved = colombe_test_http_dup_url (http, TRUE, NULL, "/moved");
  g_autofree char *ispdb = colombe_test_http_dup_url (http, TRUE, NULL, "/v1.1/aol.com");
  g_autofree char *ispdb_none = colombe_test_http_dup_url (http, TRUE, NULL, "/v1.1/no-such.test");
  g_autofree char *other_host = colombe_test_http_dup_url (http, TRUE, NULL, CONFIG_PATH);
  g_autofree char *host_only = colombe_test_http_dup_url (http, TRUE, "localhost", CONFIG_PATH);

  assert_get (session, hello, 200, "Hello");
  assert_get (session, hello_by_name, 200, "Hello");
  assert_get (session, plain, 200, "Hello");
  assert_get (session, moved, 200, "Hello");
  assert_get (session, ispdb, 200, "<clientConfig");
  assert_get (session, ispdb_none, 404, "");
  assert_get (session, other_host, 404, "");
  assert_get (session, host_only, 200, "<clientConfig/>");
}

static void
http_big_and_slow (ColombeTestHttp *http,
                   SoupSession     *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) slow = NULL;
  g_autofree char *big_url = colombe_test_http_dup_url (http, TRUE, NULL, "/big");
  g_autofree char *slow_url = colombe_test_http_dup_url (http, TRUE, NULL, "/slow");
  gint64 start;
  guint status;

  big = http_get (session, big_url, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (big), ==, 3 * 1024 * 1024);

  start = g_get_monotonic_time ();
  slow = http_get (session, slow_url, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (slow), ==, 4);
  g_assert_cmpmem (g_bytes_get_data (slow, NULL), 4, "abcd", 4);
  /* the first byte goes at once, then one every 50 ms */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
}

static void
http_untrusted (ColombeTestHttp *http)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5,
                                                                 "proxy-resolver", NULL, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = colombe_test_http_dup_url (http, TRUE, NULL, "/hello");
  guint status;

  body = http_get (session, url, &status, &error);
  g_assert_null (body);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_http (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestHttp) http = colombe_test_http_new (NULL);
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *hello_request = NULL;
  g_auto(GStrv) requests = NULL;
  guint16 https_port, http_port;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  colombe_test_http_add_text (http, NULL, "/hello", "text/plain", "Hello\n");
  colombe_test_http_add_text (http, "localhost", CONFIG_PATH, "application/xml", "<clientConfig/>");
  colombe_test_http_add_redirect (http, NULL, "/moved", 302, "/hello");
  colombe_test_http_add_ispdb (http, NULL, "/v1.1/");
  colombe_test_http_add_oversize (http, NULL, "/big", 3 * 1024 * 1024, FALSE);
  colombe_test_http_add_slow (http, NULL, "/slow", "text/plain", "abcd", 50);
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);
  session = colombe_test_http_create_session (http, &error);
  g_assert_no_error (error);

  http_routes (http, session);
  http_big_and_slow (http, session);
  http_untrusted (http);

  https_port = colombe_test_http_get_https_port (http);
  http_port = colombe_test_http_get_http_port (http);
  requests = colombe_test_http_dup_requests (http);
  hello_request = g_strdup_printf ("GET https://127.0.0.1:%u/hello", https_port);
  g_assert_true (g_strv_contains ((const char * const *) requests, hello_request));

  colombe_test_http_stop (http);
  assert_port_refuses (COLOMBE_TEST_LOOPBACK, https_port);
  assert_port_refuses (COLOMBE_TEST_LOOPBACK, http_port);
}

/* A server can present the bad certificates too: a client sees why */
static void
test_http_certificate_choice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = test_ca ();
  g_autoptr(ColombeTestHttp) http = colombe_test_http_new (NULL);
  g_autoptr(ColombeTestClient) client = NULL;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  colombe_test_http_set_certificate (http, COLOMBE_TEST_CERT_EXPIRED);
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  client = colombe_test_client_connect (COLOMBE_TEST_LOOPBACK,
                                        colombe_test_http_get_https_port (http), &error);
  g_assert_no_error (error);
  g_assert_false (colombe_test_client_start_tls (client, database, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpint (colombe_test_client_get_peer_errors (client) & G_TLS_CERTIFICATE_EXPIRED, !=, 0);
  colombe_test_http_stop (http);
}

/* ---- fault servers ---- */

static gboolean
accepted_one (gpointer data)
{
  return colombe_test_fault_get_n_accepted (data) == 1;
}

static GSocket *
connect_to (const char *host,
            guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (host, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (socket, 5);
  return g_steal_pointer (&socket);
}

static GSocket *
connect_socket (guint16 port)
{
  return connect_to (COLOMBE_TEST_LOOPBACK, port);
}

static void
test_fault_black_hole (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestFault) hole = colombe_test_fault_new_black_hole (&error);
  g_autoptr(GSocket) socket = NULL;
  gint64 start;
  guint16 port;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  g_assert_no_error (error);
  port = colombe_test_fault_get_port (hole);
  socket = connect_socket (port);
  g_assert_true (colombe_test_wait_until (accepted_one, hole, 2000));

  start = g_get_monotonic_time ();
  g_assert_false (g_socket_condition_timed_wait (socket, G_IO_IN, 300 * 1000, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 290 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  colombe_test_fault_stop (hole);
  assert_port_refuses (COLOMBE_TEST_LOOPBACK, port);
}

static void
test_fault_trickle (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestFault) trickle = colombe_test_fault_new_trickle ("* OK", 40, &error);
  g_autoptr(GSocket) socket = NULL;
  GString *received = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  g_assert_no_error (error);
  socket = connect_socket (colombe_test_fault_get_port (trickle));
  g_socket_set_timeout (socket, 2);
  while (received->len < 4)
    {
      char buffer[8];
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (received, buffer, n);
    }
  g_assert_cmpstr (received->str, ==, "* OK");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 4 * 40 * 1000);
  g_string_free (received, TRUE);
  colombe_test_fault_stop (trickle);
}

/* ---- delay proxy ---- */

#define PROXY_DELAY_MS 50
#define PROXY_ADDRESS "127.0.0.5"

static GSocket *
listen_socket (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string (COLOMBE_TEST_LOOPBACK, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_set_timeout (socket, 5);
  return g_steal_pointer (&socket);
}

static void
send_all (GSocket      *socket,
          const guint8 *data,
          gsize         size)
{
  g_autoptr(GError) error = NULL;
  gsize sent = 0;

  while (sent < size)
    {
      gssize n = g_socket_send (socket, (const char *) data + sent, size - sent, NULL, &error);

      g_assert_no_error (error);
      sent += n;
    }
}

/* Reads exactly @size bytes */
static GBytes *
receive_exactly (GSocket *socket,
                 gsize    size)
{
  g_autoptr(GError) error = NULL;
  guint8 *data = g_malloc (size);
  gsize received = 0;

  while (received < size)
    {
      gssize n = g_socket_receive (socket, (char *) data + received, size - received, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      received += n;
    }
  return g_bytes_new_take (data, size);
}

static void
assert_end_of_stream (GSocket *socket)
{
  g_autoptr(GError) error = NULL;
  char byte;

  g_assert_cmpint (g_socket_receive (socket, &byte, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
}

static GBytes *
random_bytes (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_random_int_range (0, 256);
  return g_bytes_new_take (data, size);
}

/* 100 kB each way, more than one read and one write of the proxy */
static void
proxy_carries_bytes (GSocket *from,
                     GSocket *to)
{
  g_autoptr(GBytes) sent = random_bytes (100 * 1000);
  g_autoptr(GBytes) received = NULL;

  send_all (from, g_bytes_get_data (sent, NULL), g_bytes_get_size (sent));
  received = receive_exactly (to, g_bytes_get_size (sent));
  g_assert_true (g_bytes_equal (sent, received));
}

/* A request and its answer: one delay each way, not much more */
static void
proxy_round_trip (GSocket *client,
                  GSocket *server)
{
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;

  send_all (client, (const guint8 *) "ping", 4);
  request = receive_exactly (server, 4);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, PROXY_DELAY_MS * 1000);
  send_all (server, (const guint8 *) "pong", 4);
  answer = receive_exactly (client, 4);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("round trip through the proxy: %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), 4, "pong", 4);
  g_assert_cmpint (elapsed_ms, >=, 2 * PROXY_DELAY_MS);
  /* only a gross error: a loaded machine adds time (not a timing test) */
  g_assert_cmpint (elapsed_ms, <, 2 * PROXY_DELAY_MS + 1000);
}

/* Five chunks 10 ms apart arrive about 10 ms apart, one delay late: the
 * proxy queues them, it does not pay the delay once per chunk */
static void
proxy_does_not_serialise (GSocket *client,
                          GSocket *server)
{
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;
  g_autoptr(GBytes) received = NULL;

  for (guint i = 0; i < 5; i++)
    {
      send_all (client, (const guint8 *) "abcde" + i, 1);
      g_usleep (10 * 1000);
    }
  received = receive_exactly (server, 5);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_cmpmem (g_bytes_get_data (received, NULL), 5, "abcde", 5);
  g_assert_cmpint (elapsed_ms, >=, 40 + PROXY_DELAY_MS);
  /* serialised, it would take 5 delays (250 ms); queued, 1 delay and 40 ms */
  g_assert_cmpint (elapsed_ms, <, 5 * PROXY_DELAY_MS - 10);
}

/* The client's half close reaches the server, which still answers */
static void
proxy_half_close (GSocket *client,
                  GSocket *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;

  g_socket_shutdown (client, FALSE, TRUE, &error);
  g_assert_no_error (error);
  assert_end_of_stream (server);
  send_all (server, (const guint8 *) "bye", 3);
  g_socket_close (server, &error);
  g_assert_no_error (error);
  answer = receive_exactly (client, 3);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), 3, "bye", 3);
  assert_end_of_stream (client);
}

static void
test_proxy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestProxy) proxy = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GSocket) server = NULL;
  guint16 target_port, port;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  listener = listen_socket (&target_port);
  proxy = colombe_test_proxy_new (PROXY_ADDRESS, 0, COLOMBE_TEST_LOOPBACK, target_port,
                                  PROXY_DELAY_MS, &error);
  g_assert_no_error (error);
  port = colombe_test_proxy_get_port (proxy);
  g_assert_cmpuint (port, !=, 0);
  g_assert_cmpstr (colombe_test_proxy_get_address (proxy), ==, PROXY_ADDRESS);

  client = connect_to (PROXY_ADDRESS, port);
  server = g_socket_accept (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (server, 5);
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (proxy), ==, 1);

  proxy_carries_bytes (client, server);
  proxy_carries_bytes (server, client);
  proxy_round_trip (client, server);
  proxy_does_not_serialise (client, server);
  proxy_half_close (client, server);

  colombe_test_proxy_stop (proxy);
  assert_port_refuses (PROXY_ADDRESS, port);
}

/* One host, two services: each port leads to its own target, and the
 * connections of both are counted together */
static void
test_proxy_ports (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestProxy) proxy = NULL;
  g_autoptr(GSocket) first_listener = NULL, second_listener = NULL;
  g_autoptr(GSocket) first = NULL, second = NULL, server = NULL, first_server = NULL;
  g_autoptr(GBytes) sent = random_bytes (16);
  g_autoptr(GBytes) received = NULL;
  guint16 first_target, second_target, second_port;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  first_listener = listen_socket (&first_target);
  second_listener = listen_socket (&second_target);
  proxy = colombe_test_proxy_new (PROXY_ADDRESS, 0, COLOMBE_TEST_LOOPBACK, first_target,
                                  PROXY_DELAY_MS, &error);
  g_assert_no_error (error);
  colombe_test_net_reserve_ports (PROXY_ADDRESS, 1, &second_port, &error);
  g_assert_no_error (error);
  g_assert_true (colombe_test_proxy_add_port (proxy, second_port, second_target, &error));
  g_assert_no_error (error);

  first = connect_to (PROXY_ADDRESS, colombe_test_proxy_get_port (proxy));
  second = connect_to (PROXY_ADDRESS, second_port);
  /* each connection reached its own target: the proxy has taken both
   * (its thread may take them in either order) */
  first_server = g_socket_accept (first_listener, NULL, &error);
  g_assert_no_error (error);
  server = g_socket_accept (second_listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (server, 5);
  send_all (second, g_bytes_get_data (sent, NULL), g_bytes_get_size (sent));
  received = receive_exactly (server, g_bytes_get_size (sent));
  g_assert_true (g_bytes_equal (sent, received));

  g_assert_cmpuint (colombe_test_proxy_get_n_connections (proxy), ==, 2);
  g_assert_cmpuint (colombe_test_proxy_get_peak_open (proxy), ==, 2);
  colombe_test_proxy_reset_peak_open (proxy);
  g_assert_cmpuint (colombe_test_proxy_get_peak_open (proxy), ==, 0);
  colombe_test_proxy_stop (proxy);
}

/* A target that refuses: the client's connection is closed, one round
 * trip after it was opened (the request out, the refusal back) */
static void
test_proxy_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTestProxy) proxy = NULL;
  g_autoptr(GSocket) client = NULL;
  guint16 nobody;
  gint64 start, elapsed_ms;
  char byte;

  colombe_test_watchdog_arm (TEST_TIMEOUT_S);
  colombe_test_net_reserve_ports (COLOMBE_TEST_LOOPBACK, 1, &nobody, &error);
  g_assert_no_error (error);
  proxy = colombe_test_proxy_new (PROXY_ADDRESS, 0, COLOMBE_TEST_LOOPBACK, nobody,
                                  PROXY_DELAY_MS, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  client = connect_to (PROXY_ADDRESS, colombe_test_proxy_get_port (proxy));
  /* a close, or a reset: either way nothing more to read */
  g_assert_cmpint (g_socket_receive (client, &byte, 1, NULL, NULL), <=, 0);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_cmpint (elapsed_ms, >=, 2 * PROXY_DELAY_MS - 5);
  g_assert_cmpint (elapsed_ms, <, 2000);
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (proxy), ==, 1);
  colombe_test_proxy_stop (proxy);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fixtures/pki/verifies", test_pki_verifies);
  g_test_add_func ("/fixtures/pki/own-names", test_pki_own_names);
  g_test_add_func ("/fixtures/dovecot/imap-pop3", test_dovecot);
  g_test_add_func ("/fixtures/dovecot/logindisabled", test_dovecot_logindisabled);
  g_test_add_func ("/fixtures/smtpd/submission", test_smtpd);
  g_test_add_func ("/fixtures/dns/system-resolver", test_dns_world);
  g_test_add_func ("/fixtures/dns/failures", test_dns_failures);
  g_test_add_func ("/fixtures/dns/in-process-resolver", test_resolver_in_process);
  g_test_add_func ("/fixtures/http/serve", test_http);
  g_test_add_func ("/fixtures/http/certificate-choice", test_http_certificate_choice);
  g_test_add_func ("/fixtures/fault/black-hole", test_fault_black_hole);
  g_test_add_func ("/fixtures/fault/trickle", test_fault_trickle);
  g_test_add_func ("/fixtures/proxy/delays", test_proxy);
  g_test_add_func ("/fixtures/proxy/refused", test_proxy_refused);
  g_test_add_func ("/fixtures/proxy/ports", test_proxy_ports);

  status = g_test_run ();
  colombe_test_watchdog_disarm ();
  return status;
}
