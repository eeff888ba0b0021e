/* test-trace.c: the protocol trace never shows an authentication exchange
 *
 * First the trace alone, then each driver's login lines as the probe
 * feeds them to it (without a network: the server's replies are written
 * here), for every mechanism, with passwords that need quoting or a
 * literal, and with verdicts that quote back what was sent. The debug
 * messages are searched for every form of the password.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "colombe-login.h"
#include "colombe-protocol.h"
#include "colombe-test-leak.h"
#include "colombe-test-log.h"
#include "colombe-test-users.h"
#include "colombe-trace.h"

#define HOST "mail.example.test"
#define USERNAME COLOMBE_TEST_ZOE_LOGIN
/* ASCII: IMAP sends it as a quoted string, with escapes */
#define QUOTED_PASSWORD "q\"u\\o te"
/* "<12345@example.test>" */
#define CRAM_CHALLENGE "PDEyMzQ1QGV4YW1wbGUudGVzdD4="

static void
assert_logged (const char *text)
{
  g_autofree char *logged = colombe_test_log_dup ();

  if (strstr (logged, text) == NULL)
    g_error ("“%s” is not in the trace:\n%s", text, logged);
}

static void
assert_not_logged (const char *text)
{
  g_autofree char *logged = colombe_test_log_dup ();

  if (strstr (logged, text) != NULL)
    g_error ("“%s” is in the trace:\n%s", text, logged);
}

static void
assert_trace (const char *expected)
{
  g_autofree char *logged = colombe_test_log_dup ();

  g_assert_cmpstr (logged, ==, expected);
}

static void
assert_no_password (const char *password)
{
  const char *usernames[] = { USERNAME, NULL };
  g_autoptr(ColombeTestLeak) leak = colombe_test_leak_new (password, usernames);
  g_autofree char *logged = colombe_test_log_dup ();
  const char *found = colombe_test_leak_find (leak, logged, -1);

  if (found != NULL)
    g_error ("the password (%s) is in the trace:\n%s", found, logged);
}

/* ---- the trace alone ---- */

static void
test_outside_authentication (void)
{
  g_autoptr(ColombeTrace) trace = colombe_trace_new (HOST, 143);
  const char *reply[] = { "* CAPABILITY IMAP4rev1 AUTH=PLAIN", "a1 OK done", NULL };

  colombe_test_log_clear ();
  colombe_trace_sent (trace, "a1 CAPABILITY");
  colombe_trace_received (trace, reply);
  /* no exchange under way: nothing to end */
  colombe_trace_end_authentication (trace, TRUE, NULL);

  assert_trace (HOST ":143 >> a1 CAPABILITY\n"
                HOST ":143 << * CAPABILITY IMAP4rev1 AUTH=PLAIN\n"
                HOST ":143 << a1 OK done\n");
}

static void
test_exchange_hidden (void)
{
  g_autoptr(ColombeTrace) trace = colombe_trace_new (HOST, 587);
  const char *challenge[] = { "334 VXNlcm5hbWU6", NULL };
  const char *verdict[] = { "235 2.7.0 Authentication successful", NULL };

  colombe_test_log_clear ();
  colombe_trace_begin_authentication (trace);
  g_assert_true (colombe_trace_get_authenticating (trace));
  colombe_trace_sent (trace, "AUTH LOGIN");
  colombe_trace_received (trace, challenge);
  colombe_trace_sent (trace, "c2VjcmV0");
  colombe_trace_received (trace, verdict);
  colombe_trace_end_authentication (trace, TRUE, NULL);
  g_assert_false (colombe_trace_get_authenticating (trace));
  colombe_trace_sent (trace, "QUIT");

  assert_trace (HOST ":587 >> [authentication: 2 lines not shown]\n"
                HOST ":587 << [authentication: 1 line not shown]\n"
                HOST ":587 << 235 2.7.0 Authentication successful\n"
                HOST ":587 >> QUIT\n");
}

/* A verdict quoting what we sent, or one of the hidden forms, is masked. */
static void
test_verdict_masked (void)
{
  g_autoptr(ColombeTrace) trace = colombe_trace_new (HOST, 993);
  const char *verdict[] = { "* BAD you said c2VjcmV0 and s3cret", "a1 NO [ALERT] nope", NULL };
  const char *hidden[] = { "s3cret", NULL };

  colombe_test_log_clear ();
  colombe_trace_begin_authentication (trace);
  colombe_trace_sent (trace, "c2VjcmV0");
  colombe_trace_received (trace, verdict);
  colombe_trace_end_authentication (trace, TRUE, hidden);

  assert_trace (HOST ":993 >> [authentication: 1 line not shown]\n"
                HOST ":993 << * BAD you said ••• and •••\n"
                HOST ":993 << a1 NO [ALERT] nope\n");
}

/* Cut short (a time limit, a strange reply): the last reply is no verdict. */
static void
test_cut_short (void)
{
  g_autoptr(ColombeTrace) trace = colombe_trace_new (HOST, 110);
  const char *reply[] = { "+OK c2VjcmV0", NULL };

  colombe_test_log_clear ();
  colombe_trace_begin_authentication (trace);
  colombe_trace_sent (trace, "USER someone");
  colombe_trace_received (trace, reply);
  colombe_trace_sent (trace, "PASS secret");
  colombe_trace_end_authentication (trace, FALSE, NULL);

  assert_trace (HOST ":110 >> [authentication: 2 lines not shown]\n"
                HOST ":110 << [authentication: 1 line not shown]\n");
}

/* ---- each driver's logins ---- */

typedef struct
{
  const char                  *name;
  const ColombeProtocolDriver *driver;
  const char                  *capabilities[4];
  ColombeLoginMechanism        mechanism;
  const char                  *password;
  const char                  *replies[4];   /* one per line sent, the verdict last */
  gboolean                     echo;         /* the verdict quotes the last line sent */
  const char                  *shown;        /* what the trace shows of the verdict */
} Login;

static const Login logins[] = {
  { "imap-plain-sasl-ir", &colombe_protocol_imap, { "IMAP4REV1", "AUTH=PLAIN", "SASL-IR" },
    COLOMBE_LOGIN_MECHANISM_PLAIN, COLOMBE_TEST_ZOE_PASSWORD,
    { "a3 OK [CAPABILITY IMAP4rev1] Logged in" }, FALSE, "<< a3 OK [CAPABILITY IMAP4rev1]" },
  { "imap-plain-continuation", &colombe_protocol_imap, { "IMAP4REV1", "AUTH=PLAIN" },
    COLOMBE_LOGIN_MECHANISM_PLAIN, COLOMBE_TEST_ZOE_PASSWORD,
    { "+ ", "a3 NO [AUTHENTICATIONFAILED] not" }, TRUE, "<< a3 NO [AUTHENTICATIONFAILED] not •••" },
  { "imap-login-quoted", &colombe_protocol_imap, { "IMAP4REV1" },
    COLOMBE_LOGIN_MECHANISM_COMMAND, QUOTED_PASSWORD,
    { "a3 NO [AUTHENTICATIONFAILED] bad:" }, TRUE, "<< a3 NO [AUTHENTICATIONFAILED] bad: •••" },
  { "imap-login-literal", &colombe_protocol_imap, { "IMAP4REV1" },
    COLOMBE_LOGIN_MECHANISM_COMMAND, COLOMBE_TEST_ZOE_PASSWORD,
    { "+ go ahead", "a3 NO [AUTHENTICATIONFAILED] bad:" }, TRUE,
    "<< a3 NO [AUTHENTICATIONFAILED] bad: •••" },
  { "pop3-user-pass", &colombe_protocol_pop3, { "USER" },
    COLOMBE_LOGIN_MECHANISM_COMMAND, QUOTED_PASSWORD,
    { "+OK", "-ERR [AUTH] wrong:" }, TRUE, "<< -ERR [AUTH] wrong: •••" },
  { "pop3-plain", &colombe_protocol_pop3, { "SASL PLAIN", "USER" },
    COLOMBE_LOGIN_MECHANISM_PLAIN, COLOMBE_TEST_ZOE_PASSWORD,
    { "+OK Logged in." }, FALSE, "<< +OK Logged in." },
  { "smtp-plain", &colombe_protocol_smtp, { "AUTH PLAIN LOGIN CRAM-MD5" },
    COLOMBE_LOGIN_MECHANISM_PLAIN, COLOMBE_TEST_ZOE_PASSWORD,
    { "535 5.7.8 no:" }, TRUE, "<< 535 5.7.8 no: •••" },
  { "smtp-login", &colombe_protocol_smtp, { "AUTH LOGIN" },
    COLOMBE_LOGIN_MECHANISM_LOGIN, COLOMBE_TEST_ZOE_PASSWORD,
    { "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "535 5.7.8 no:" }, TRUE, "<< 535 5.7.8 no: •••" },
  { "smtp-cram-md5", &colombe_protocol_smtp, { "AUTH CRAM-MD5" },
    COLOMBE_LOGIN_MECHANISM_CRAM_MD5, COLOMBE_TEST_ZOE_PASSWORD,
    { "334 " CRAM_CHALLENGE, "535 5.7.8 no:" }, TRUE, "<< 535 5.7.8 no: •••" },
  { "smtp-cram-md5-accepted", &colombe_protocol_smtp, { "AUTH CRAM-MD5" },
    COLOMBE_LOGIN_MECHANISM_CRAM_MD5, QUOTED_PASSWORD,
    { "334 " CRAM_CHALLENGE, "235 2.7.0 ok" }, FALSE, "<< 235 2.7.0 ok" },
};

/* The verdict, quoting @sent when the case says so. */
static GStrv
dup_reply (const Login *login,
           guint        index,
           const char  *sent)
{
  const char *line = login->replies[index];
  gboolean last = index + 1 == G_N_ELEMENTS (login->replies) || login->replies[index + 1] == NULL;
  GStrv reply = g_new0 (char *, 2);

  reply[0] = last && login->echo ? g_strdup_printf ("%s %s", line, sent) : g_strdup (line);

  return reply;
}

/* Sends each line and reads each reply as the probe does; the number of
 * lines sent. */
static guint
play_login (const Login         *login,
            ColombeTrace        *trace,
            ColombeLoginAttempt *attempt)
{
  const ColombeProtocolDriver *driver = login->driver;
  g_autofree char *challenge = NULL;

  colombe_trace_begin_authentication (trace);
  for (guint i = 0; login->replies[i] != NULL; i++)
    {
      g_autoptr(ColombeSecret) line = driver->dup_login_line (attempt, challenge);
      g_auto(GStrv) reply = NULL;

      g_assert_nonnull (line);
      colombe_trace_sent (trace, line);
      attempt->round++;
      reply = dup_reply (login, i, line);
      colombe_trace_received (trace, (const char * const *) reply);
      if (driver->read_login_reply (attempt, (const char * const *) reply) !=
          COLOMBE_LOGIN_REPLY_CONTINUE)
        break;
      g_free (challenge);
      challenge = g_strdup (reply[0]);
    }

  return attempt->round;
}

static void
test_driver_login (gconstpointer data)
{
  const Login *login = data;
  g_autoptr(ColombeTrace) trace = colombe_trace_new (HOST, 1);
  ColombeLoginAttempt attempt = { .username = USERNAME, .password = login->password,
                                  .sequence = 3 };
  g_autoptr(GPtrArray) hidden = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = NULL;
  guint n_sent;

  attempt.mechanism = login->driver->choose_mechanism (login->capabilities,
                                                       &attempt.initial_response, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attempt.mechanism, ==, login->mechanism);

  colombe_test_log_clear ();
  n_sent = play_login (login, trace, &attempt);
  g_assert_cmpuint (n_sent, ==, g_strv_length ((GStrv) login->replies));
  hidden = colombe_login_dup_sent_forms (&attempt);
  colombe_trace_end_authentication (trace, TRUE, (const char * const *) hidden->pdata);

  marker = g_strdup_printf (HOST ":1 >> [authentication: %u %s not shown]", n_sent,
                            n_sent == 1 ? "line" : "lines");
  assert_logged (marker);
  assert_logged (login->shown);
  assert_not_logged (USERNAME);
  assert_no_password (login->password);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  colombe_test_log_capture ();

  g_test_add_func ("/trace/outside-authentication", test_outside_authentication);
  g_test_add_func ("/trace/exchange-hidden", test_exchange_hidden);
  g_test_add_func ("/trace/verdict-masked", test_verdict_masked);
  g_test_add_func ("/trace/cut-short", test_cut_short);
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *path = g_strdup_printf ("/trace/driver/%s", logins[i].name);

      g_test_add_data_func (path, &logins[i], test_driver_login);
    }

  return g_test_run ();
}
