/* test-fault-matrix.c: every fault a server, a network or a disk can throw,
 * one line each, ending in its classified outcome within its time bound
 *
 * Three tables: the protocol faults run a real probe against a scripted or
 * broken server and check that no credential command reached a server that
 * must not see one; the discovery faults run the real `colombe detect`
 * against one dnsmasq world and one HTTPS server; the file faults run the
 * real `colombe export` against read-only, full and occupied places. Every
 * case is bounded in time: a hang fails it.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/mount.h>

#include "colombe-failure.h"
#include "colombe-probe.h"
#include "colombe-test-fixtures.h"
#include "colombe-test-probe-run.h"
#include "colombe-tls-database.h"
#include "colombe-verifier.h"

#define STEP_MS 1500
#define PASSWORD "Fault-Matrix-Pw"

static ColombeTestPki *pki;
static GTlsDatabase *database;
static ColombeTestHttp *http;
static ColombeTestDns *dns;

/* ---- protocol faults ---- */

typedef struct
{
  const char                  *name;
  ColombeProtocol              protocol;
  ColombeSecurity              security;
  gboolean                     allow_plaintext;
  const ColombeTestScriptRule *rules;       /* a scripted server, or… */
  guint                        trickle_ms;
  int                          special;     /* …one of the servers below */
  ColombeTestCert              cert;        /* for SPECIAL_DOVECOT */
  int                          expected;    /* a ColombeFailureKind, or EXPECT_OK */
  int                          also;        /* another acceptable kind, or -1 */
  guint                        bound_ms;
} ProbeCase;

enum { EXPECT_OK = -1 };
enum {
  SPECIAL_NONE,
  SPECIAL_BLACK_HOLE,
  SPECIAL_TRICKLE,
  SPECIAL_ENDLESS_LINE,
  SPECIAL_HUGE_REPLY,
  SPECIAL_DOVECOT,
  SPECIAL_TLS10,
  SPECIAL_NO_HOST,
  SPECIAL_REFUSED,
};

static const ColombeTestScriptRule reset_on_accept[] = {
  { NULL, COLOMBE_TEST_SCRIPT_CLOSE }, { NULL, NULL },
};
static const ColombeTestScriptRule starttls_stripped[] = {
  { NULL, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n" },
  { "CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nTAG OK done\r\n" },
  { "AUTHENTICATE", "TAG OK logged in\r\n" }, { "LOGIN", "TAG OK logged in\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule starttls_refused[] = {
  { NULL, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n" },
  { "STARTTLS", "TAG NO not today\r\n" },
  { "AUTHENTICATE", "TAG OK logged in\r\n" }, { "LOGIN", "TAG OK logged in\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule starttls_then_reset[] = {
  { NULL, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n" },
  { "STARTTLS", COLOMBE_TEST_SCRIPT_CLOSE },
  { NULL, NULL },
};
static const ColombeTestScriptRule close_after_greeting[] = {
  { NULL, "* OK hello\r\n" }, { "", COLOMBE_TEST_SCRIPT_CLOSE }, { NULL, NULL },
};
static const ColombeTestScriptRule garbage_greeting[] = {
  { NULL, "HTTP/1.1 400 Bad Request\r\n\r\n" }, { NULL, NULL },
};
static const ColombeTestScriptRule literal_greeting[] = {
  { NULL, "* OK {12}\r\nnot a reply\r\n" },
  { "CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nTAG OK done\r\n" },
  { "AUTHENTICATE", "TAG OK logged in\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule smtp_split[] = {
  { NULL, "220-smtp.example.test\r\n220 ready\r\n" },
  { "EHLO", "250-smtp.example.test\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 OK\r\n" },
  { "AUTH", "235 2.7.0 accepted\r\n" }, { "QUIT", "221 bye\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule app_password_alert[] = {
  { NULL, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n" },
  { "AUTHENTICATE", "TAG NO [ALERT] Application-specific password required\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule auth_refused[] = {
  { NULL, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n" },
  { "AUTHENTICATE", "TAG NO [AUTHENTICATIONFAILED] Authentication failed.\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule plain_imap[] = {
  { NULL, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n" },
  { "AUTHENTICATE", "TAG OK logged in\r\n" }, { "LOGIN", "TAG OK logged in\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule login_disabled[] = {
  { NULL, "* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready\r\n" },
  { "LOGIN", "TAG OK logged in\r\n" },
  { NULL, NULL },
};
static const ColombeTestScriptRule pop3_garbage_capa[] = {
  { NULL, "+OK ready\r\n" }, { "CAPA", "+OK\r\n\x01\x02\x03\r\n.\r\n" },
  { "AUTH", "-ERR no\r\n" }, { "USER", "-ERR no\r\n" },
  { NULL, NULL },
};

#define CASE_SCRIPT(n, p, s, allow, rules, trickle, expected, also, bound) \
  { n, p, s, allow, rules, trickle, SPECIAL_NONE, 0, expected, also, bound }
#define CASE_SPECIAL(n, p, s, special, cert, expected, also, bound) \
  { n, p, s, FALSE, NULL, 0, special, cert, expected, also, bound }

static const ProbeCase probe_cases[] = {
  CASE_SPECIAL ("black-hole", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS, SPECIAL_BLACK_HOLE, 0,
                COLOMBE_FAILURE_KIND_TIMEOUT, -1, 4000),
  CASE_SPECIAL ("one-byte-a-second", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, SPECIAL_TRICKLE, 0,
                COLOMBE_FAILURE_KIND_TIMEOUT, -1, 4000),
  CASE_SPECIAL ("endless-line", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, SPECIAL_ENDLESS_LINE, 0,
                COLOMBE_FAILURE_KIND_PROTOCOL_ERROR, -1, 4000),
  CASE_SPECIAL ("ten-megabyte-reply", COLOMBE_PROTOCOL_POP3, COLOMBE_SECURITY_NONE, SPECIAL_HUGE_REPLY, 0,
                COLOMBE_FAILURE_KIND_PROTOCOL_ERROR, -1, 6000),
  CASE_SCRIPT ("reset-during-tls", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS, FALSE, reset_on_accept, 0,
               COLOMBE_FAILURE_KIND_TLS_FAILED, COLOMBE_FAILURE_KIND_PROTOCOL_ERROR, 4000),
  CASE_SCRIPT ("reset-after-starttls", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_STARTTLS, FALSE,
               starttls_then_reset, 0, COLOMBE_FAILURE_KIND_STARTTLS_MISSING,
               COLOMBE_FAILURE_KIND_PROTOCOL_ERROR, 4000),
  CASE_SPECIAL ("expired-certificate", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS, SPECIAL_DOVECOT,
                COLOMBE_TEST_CERT_EXPIRED, COLOMBE_FAILURE_KIND_TLS_UNTRUSTED, -1, 4000),
  CASE_SPECIAL ("not-yet-valid-certificate", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS, SPECIAL_DOVECOT,
                COLOMBE_TEST_CERT_NOT_YET_VALID, COLOMBE_FAILURE_KIND_TLS_UNTRUSTED, -1, 4000),
  CASE_SPECIAL ("wrong-host-certificate", COLOMBE_PROTOCOL_POP3, COLOMBE_SECURITY_STARTTLS, SPECIAL_DOVECOT,
                COLOMBE_TEST_CERT_WRONG_HOST, COLOMBE_FAILURE_KIND_TLS_UNTRUSTED, -1, 4000),
  CASE_SPECIAL ("self-signed-certificate", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_STARTTLS, SPECIAL_DOVECOT,
                COLOMBE_TEST_CERT_SELF_SIGNED, COLOMBE_FAILURE_KIND_TLS_UNTRUSTED, -1, 4000),
  CASE_SCRIPT ("starttls-stripped", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_STARTTLS, TRUE,
               starttls_stripped, 0, COLOMBE_FAILURE_KIND_STARTTLS_MISSING, -1, 4000),
  CASE_SCRIPT ("starttls-refused", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_STARTTLS, TRUE,
               starttls_refused, 0, COLOMBE_FAILURE_KIND_STARTTLS_MISSING,
               COLOMBE_FAILURE_KIND_TLS_FAILED, 4000),
  CASE_SPECIAL ("tls-1.0-only", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS, SPECIAL_TLS10, 0,
                COLOMBE_FAILURE_KIND_TLS_FAILED, -1, 6000),
  CASE_SCRIPT ("closed-after-greeting", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, TRUE,
               close_after_greeting, 0, COLOMBE_FAILURE_KIND_PROTOCOL_ERROR, -1, 4000),
  CASE_SCRIPT ("garbage-greeting", COLOMBE_PROTOCOL_SMTP, COLOMBE_SECURITY_NONE, TRUE,
               garbage_greeting, 0, COLOMBE_FAILURE_KIND_PROTOCOL_ERROR, -1, 4000),
  /* the literal's text arrives as one more line, which nothing reads as
   * a reply: the conversation goes on, bounded as ever */
  CASE_SCRIPT ("literal-in-greeting", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, TRUE,
               literal_greeting, 0, EXPECT_OK, -1, 4000),
  CASE_SCRIPT ("smtp-replies-split-across-reads", COLOMBE_PROTOCOL_SMTP, COLOMBE_SECURITY_NONE, TRUE,
               smtp_split, 5, EXPECT_OK, -1, 8000),
  CASE_SCRIPT ("app-password-alert", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, TRUE,
               app_password_alert, 0, COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED, -1, 4000),
  CASE_SCRIPT ("password-refused", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, TRUE,
               auth_refused, 0, COLOMBE_FAILURE_KIND_AUTH_FAILED, -1, 4000),
  CASE_SCRIPT ("plaintext-without-consent", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, FALSE,
               plain_imap, 0, COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED, -1, 4000),
  CASE_SCRIPT ("login-disabled", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_NONE, TRUE,
               login_disabled, 0, COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED, -1, 4000),
  CASE_SCRIPT ("pop3-garbage-capabilities", COLOMBE_PROTOCOL_POP3, COLOMBE_SECURITY_NONE, TRUE,
               pop3_garbage_capa, 0, COLOMBE_FAILURE_KIND_AUTH_FAILED,
               COLOMBE_FAILURE_KIND_PROTOCOL_ERROR, 4000),
  CASE_SPECIAL ("host-not-found", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS, SPECIAL_NO_HOST, 0,
                COLOMBE_FAILURE_KIND_HOST_NOT_FOUND, -1, 4000),
  CASE_SPECIAL ("connection-refused", COLOMBE_PROTOCOL_SMTP, COLOMBE_SECURITY_TLS, SPECIAL_REFUSED, 0,
                COLOMBE_FAILURE_KIND_CONNECTION_REFUSED, -1, 4000),
};

/* Which lines would carry a credential, per protocol. */
static gboolean
holds_credentials (const char *received)
{
  const char *words[] = { "AUTHENTICATE", " LOGIN ", "AUTH ", "USER ", "PASS ", PASSWORD };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (received, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

typedef struct
{
  ColombeTestScript  *script;
  ColombeTestFault   *fault;
  ColombeTestDovecot *dovecot;
  GSubprocess        *process;
  char               *host;
  guint16             port;
} Server;

static void
server_clear (Server *server)
{
  g_clear_pointer (&server->script, colombe_test_script_free);
  if (server->fault != NULL)
    colombe_test_fault_stop (server->fault);
  g_clear_object (&server->fault);
  if (server->dovecot != NULL)
    colombe_test_dovecot_stop (server->dovecot, NULL);
  g_clear_object (&server->dovecot);
  if (server->process != NULL)
    g_subprocess_force_exit (server->process);
  g_clear_object (&server->process);
  g_clear_pointer (&server->host, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Server, server_clear)

/* Ten megabytes of POP3 lines, as the answer to the first command. */
static const ColombeTestScriptRule *
huge_reply_rules (void)
{
  static ColombeTestScriptRule rules[3];
  static char *flood;

  if (flood == NULL)
    {
      GString *text = g_string_sized_new (10 * 1024 * 1024 + 64);

      g_string_append (text, "+OK\r\n");
      while (text->len < 10 * 1024 * 1024)
        g_string_append (text, "X-FLOOD an endless capability line of no use\r\n");
      g_string_append (text, ".\r\n");
      flood = g_string_free (text, FALSE);
      rules[0] = (ColombeTestScriptRule) { NULL, "+OK ready\r\n" };
      rules[1] = (ColombeTestScriptRule) { "", flood };
      rules[2] = (ColombeTestScriptRule) { NULL, NULL };
    }

  return rules;
}

static void
start_tls10_server (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *accept = NULL;
  guint16 port = 0;

  g_assert_true (colombe_test_net_reserve_ports (COLOMBE_TEST_LOOPBACK, 1, &port, &error));
  accept = g_strdup_printf ("%s:%u", COLOMBE_TEST_LOOPBACK, port);
  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                      G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                                      "openssl", "s_server", "-quiet", "-accept", accept,
                                      "-cert", colombe_test_pki_get_cert_file (pki, COLOMBE_TEST_CERT_SERVER),
                                      "-key", colombe_test_pki_get_key_file (pki, COLOMBE_TEST_CERT_SERVER),
                                      "-tls1", "-cipher", "DEFAULT@SECLEVEL=0", NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 100 && !colombe_test_net_port_accepts (COLOMBE_TEST_LOOPBACK, port); i++)
    g_usleep (50 * 1000);
  server->port = port;
}

static void
start_server (Server          *server,
              const ProbeCase *test)
{
  g_autoptr(GError) error = NULL;

  server->host = g_strdup (COLOMBE_TEST_LOOPBACK);
  switch (test->special)
    {
    case SPECIAL_NONE:
      server->script = colombe_test_script_new (test->rules, test->trickle_ms);
      server->port = colombe_test_script_get_port (server->script);
      break;
    case SPECIAL_BLACK_HOLE:
      server->fault = colombe_test_fault_new_black_hole (&error);
      break;
    case SPECIAL_TRICKLE:
      server->fault = colombe_test_fault_new_trickle ("* OK slow, very slow\r\n", 1000, &error);
      break;
    case SPECIAL_ENDLESS_LINE:
      {
        g_autofree char *line = g_strnfill (64 * 1024, 'a');
        g_autofree char *text = g_strconcat ("* OK ", line, NULL);

        server->fault = colombe_test_fault_new_monologue (text, &error);
      }
      break;
    case SPECIAL_HUGE_REPLY:
      server->script = colombe_test_script_new (huge_reply_rules (), 0);
      server->port = colombe_test_script_get_port (server->script);
      break;
    case SPECIAL_DOVECOT:
      server->dovecot = colombe_test_dovecot_new (pki);
      colombe_test_dovecot_set_certificate (server->dovecot, test->cert);
      colombe_test_dovecot_start (server->dovecot, &error);
      server->port = test->protocol == COLOMBE_PROTOCOL_POP3
                     ? colombe_test_dovecot_get_pop3_port (server->dovecot)
                     : test->security == COLOMBE_SECURITY_TLS
                     ? colombe_test_dovecot_get_imaps_port (server->dovecot)
                     : colombe_test_dovecot_get_imap_port (server->dovecot);
      break;
    case SPECIAL_TLS10:
      start_tls10_server (server);
      break;
    case SPECIAL_NO_HOST:
      g_free (server->host);
      server->host = g_strdup ("nowhere.invalid");
      server->port = 993;
      break;
    case SPECIAL_REFUSED:
      g_assert_true (colombe_test_net_reserve_ports (COLOMBE_TEST_LOOPBACK, 1, &server->port, &error));
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);

  if (server->fault != NULL)
    {
      g_free (server->host);
      server->host = g_strdup (colombe_test_fault_get_address (server->fault));
      server->port = colombe_test_fault_get_port (server->fault);
    }
}

static void
assert_kind (const ProbeCase *test,
             gboolean         ok,
             const GError    *error)
{
  ColombeFailureKind kind;

  if (test->expected == EXPECT_OK)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }

  g_assert_false (ok);
  g_assert_nonnull (error);
  kind = colombe_failure_kind_from_error (error);
  g_test_message ("%s: %s (%s)", test->name, colombe_failure_kind_to_string (kind), error->message);
  g_assert_true ((int) kind == test->expected || (int) kind == test->also);
  /* the message never quotes the password */
  g_assert_null (strstr (error->message, PASSWORD));
}

static void
test_probe_case (gconstpointer data)
{
  const ProbeCase *test = data;
  g_auto(Server) server = { 0 };
  g_autoptr(ColombeProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  const char *usernames[] = { COLOMBE_TEST_ZOE_LOGIN, NULL };
  gint64 start;
  gboolean ok;

  colombe_test_watchdog_arm (30);
  start_server (&server, test);

  probe = colombe_probe_new (test->protocol, server.host, server.port, test->security, database);
  colombe_probe_set_timeout (probe, STEP_MS);
  colombe_probe_set_allow_plaintext (probe, test->allow_plaintext);
  colombe_probe_set_credentials (probe, usernames, PASSWORD);

  start = g_get_monotonic_time ();
  ok = colombe_test_run_probe (probe, NULL, &error);
  assert_kind (test, ok, error);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, test->bound_ms);

  /* A server that failed a check saw no credential at all. */
  if (server.script != NULL && test->expected != EXPECT_OK &&
      test->expected != COLOMBE_FAILURE_KIND_AUTH_FAILED &&
      test->expected != COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED)
    {
      g_autofree char *received = colombe_test_script_dup_received (server.script);

      g_assert_false (holds_credentials (received));
    }
  if (server.dovecot != NULL)
    {
      g_autofree char *log = colombe_test_dovecot_dup_log (server.dovecot);

      g_assert_null (strstr (log, "Login: user=<zoe"));
    }
}

/* ---- discovery faults: `colombe detect` against one world ---- */

typedef struct
{
  const char *name;
  const char *address;
  const char *source;     /* whose state is checked */
  const char *state;      /* found, not-found, error, timeout */
  const char *host;       /* the best candidate's incoming host, or NULL */
  guint       bound_ms;
} DetectCase;

static const DetectCase detect_cases[] = {
  { "redirect-loop", "a@loop.test", "autoconfig", "error", NULL, 8000 },
  { "redirect-to-http", "a@tohttp.test", "autoconfig", "error", NULL, 8000 },
  { "redirect-to-another-domain", "a@otherdomain.test", "autoconfig", "error", NULL, 8000 },
  { "ten-megabyte-xml", "a@bigxml.test", "autoconfig", "error", NULL, 8000 },
  { "xml-entity-expansion", "a@bomb.test", "autoconfig", "error", NULL, 8000 },
  { "html-instead-of-xml", "a@html.test", "autoconfig", "error", NULL, 8000 },
  { "wrong-content-type", "a@ctype.test", "autoconfig", "found", "imap.ctype.test", 8000 },
  { "nxdomain", "a@nothing-here.test", "autoconfig", "not-found", NULL, 8000 },
  { "servfail", "a@servfail.test", "mx", "error", NULL, 10000 },
  { "mx-pointing-to-itself", "a@mxself.test", "mx", "not-found", NULL, 8000 },
  { "srv-target-dot", "a@srvdot.test", "srv", "found", "imap.srvdot.test", 8000 },
  { "srv-priority-ties", "a@srvtie.test", "srv", "found", "imap1.srvtie.test", 8000 },
};

static JsonObject *
report_of (JsonObject *root,
           const char *name)
{
  JsonArray *sources = json_object_get_array_member (root, "sources");

  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *report = json_array_get_object_element (sources, i);

      if (g_str_equal (json_object_get_string_member (report, "name"), name))
        return report;
    }

  g_assert_not_reached ();
}

static void
test_detect_case (gconstpointer data)
{
  const DetectCase *test = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(ColombeTestRun) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "detect", test->address, "--json",
                         "--ca-file", colombe_test_pki_get_ca_file (pki),
                         "--ispdb-url", "https://ispdb.test/v1.1", NULL };
  JsonObject *root, *account;
  gint64 start;

  colombe_test_watchdog_arm (30);
  start = g_get_monotonic_time ();
  colombe_test_run (&run, NULL, NULL, argv);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, test->bound_ms);
  g_test_message ("%s", run.err);

  g_assert_true (run.status == 0 || run.status == 1);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report_of (root, test->source), "state"), ==,
                   test->state);

  account = json_object_get_object_member (root, "account");
  if (test->host != NULL)
    {
      g_assert_nonnull (account);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (account, "incoming"),
                                                      "host"), ==, test->host);
    }
}

#define CONFIG(DOMAIN) \
  "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"" DOMAIN "\">" \
  "<domain>" DOMAIN "</domain><incomingServer type=\"imap\"><hostname>imap." DOMAIN "</hostname>" \
  "<port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username>" \
  "<authentication>password-cleartext</authentication></incomingServer>" \
  "<outgoingServer type=\"smtp\"><hostname>smtp." DOMAIN "</hostname><port>465</port>" \
  "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>" \
  "<authentication>password-cleartext</authentication></outgoingServer>" \
  "</emailProvider></clientConfig>\n"

#define AUTOCONFIG "/mail/config-v1.1.xml"

static const char bomb[] =
  "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
  "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
  "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
  "<clientConfig version=\"1.1\"><emailProvider id=\"&lol3;\"/></clientConfig>\n";

static void
add_web_faults (void)
{
  colombe_test_http_add_redirect (http, "autoconfig.loop.test", AUTOCONFIG, 302, AUTOCONFIG);
  colombe_test_http_add_redirect (http, "autoconfig.tohttp.test", AUTOCONFIG, 301,
                                  "http://autoconfig.tohttp.test/plain.xml");
  colombe_test_http_add_text (http, "autoconfig.tohttp.test", "/plain.xml", "text/xml",
                              CONFIG ("tohttp.test"));
  colombe_test_http_add_redirect (http, "autoconfig.otherdomain.test", AUTOCONFIG, 302,
                                  "https://autoconfig.ctype.test" AUTOCONFIG);
  colombe_test_http_add_oversize (http, "autoconfig.bigxml.test", AUTOCONFIG, 10 * 1024 * 1024, TRUE);
  colombe_test_http_add_text (http, "autoconfig.bomb.test", AUTOCONFIG, "text/xml", bomb);
  colombe_test_http_add_text (http, "autoconfig.html.test", AUTOCONFIG, "text/html",
                              "<!DOCTYPE html><html><body><h1>Welcome!</h1></body></html>\n");
  colombe_test_http_add_text (http, "autoconfig.ctype.test", AUTOCONFIG, "text/plain",
                              CONFIG ("ctype.test"));
}

static void
add_dns_faults (void)
{
  const char *web[] = { "loop", "tohttp", "otherdomain", "bigxml", "bomb", "html", "ctype" };

  for (gsize i = 0; i < G_N_ELEMENTS (web); i++)
    {
      g_autofree char *host = g_strdup_printf ("autoconfig.%s.test", web[i]);

      colombe_test_dns_add_address (dns, host, "127.0.0.1");
    }
  colombe_test_dns_add_address (dns, "ispdb.test", "127.0.0.1");
  colombe_test_dns_add_failure (dns, "servfail.test", COLOMBE_TEST_DNS_FAILURE_SILENT);
  colombe_test_dns_add_mx (dns, "mxself.test", "mxself.test", 10);
  colombe_test_dns_add_address (dns, "mxself.test", "127.0.0.9");
  colombe_test_dns_add_srv (dns, "_imaps._tcp.srvdot.test", ".", 0, 0, 0);
  colombe_test_dns_add_srv (dns, "_imap._tcp.srvdot.test", "imap.srvdot.test", 143, 0, 0);
  colombe_test_dns_add_srv (dns, "_submission._tcp.srvdot.test", "smtp.srvdot.test", 587, 0, 0);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.srvtie.test", "imap2.srvtie.test", 993, 10, 5);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.srvtie.test", "imap1.srvtie.test", 993, 10, 50);
  colombe_test_dns_add_srv (dns, "_submissions._tcp.srvtie.test", "smtp.srvtie.test", 465, 0, 0);
}

/* ---- file faults: `colombe export` where writing goes wrong ---- */

static char *
write_account (const char *dir)
{
  const char *json =
    "{\"address\": \"zoe@example.test\", \"name\": \"Zoé\","
    " \"incoming\": {\"protocol\": \"imap\", \"host\": \"imap.example.test\", \"port\": 993,"
    " \"security\": \"tls\", \"username\": \"zoe@example.test\"},"
    " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp.example.test\", \"port\": 465,"
    " \"security\": \"tls\", \"username\": \"zoe@example.test\"}}";

  return colombe_test_json_write_account (dir, "account.json", json);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;

  return n;
}

static int
export_to (const char *account,
           const char *output)
{
  g_auto(ColombeTestRun) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "thunderbird",
                         "--account", account, "--output", output, NULL };

  colombe_test_run (&run, NULL, NULL, argv);
  g_test_message ("%s", run.err);
  /* one line on standard error, no more */
  g_assert_true (run.err[0] == '\0' || strchr (run.err, '\n') == run.err + strlen (run.err) - 1);

  return run.status;
}

/* A read-only file system: an error, and nothing written (no temporary
 * file either). This test is root in its own mount namespace. */
static void
test_read_only_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("colombe-fault-XXXXXX", NULL);
  g_autofree char *account = write_account (dir);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *output = g_build_filename (locked, "user.js", NULL);

  colombe_test_watchdog_arm (30);
  g_mkdir (locked, 0700);
  g_assert_cmpint (mount ("colombe-ro", locked, "tmpfs", MS_RDONLY, "size=64k"), ==, 0);

  g_assert_cmpint (export_to (account, output), ==, 1);
  g_assert_cmpuint (count_entries (locked), ==, 0);
  umount (locked);
}

/* The person's own file stays as it was. */
static void
test_existing_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("colombe-fault-XXXXXX", NULL);
  g_autofree char *account = write_account (dir);
  g_autofree char *output = g_build_filename (dir, "user.js", NULL);
  g_autofree char *kept = NULL;

  colombe_test_watchdog_arm (30);
  g_assert_true (g_file_set_contents (output, "// mine\n", -1, NULL));
  g_assert_cmpint (export_to (account, output), ==, 2);
  g_assert_true (g_file_get_contents (output, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "// mine\n");
}

/* A full disk: an error, and neither a half file nor a temporary one. */
static void
test_disk_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("colombe-fault-XXXXXX", NULL);
  g_autofree char *account = write_account (dir);
  g_autofree char *small = g_build_filename (dir, "small", NULL);
  g_autofree char *filler = g_build_filename (small, "filler", NULL);
  g_autofree char *output = g_build_filename (small, "user.js", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  char block[512] = { 0 };

  colombe_test_watchdog_arm (30);
  g_mkdir (small, 0700);
  g_assert_cmpint (mount ("colombe-full", small, "tmpfs", 0, "size=16k"), ==, 0);

  /* fill it up to the last byte */
  file = g_file_new_for_path (filler);
  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, NULL);
  while (g_output_stream_write (G_OUTPUT_STREAM (stream), block, sizeof block, NULL, NULL) > 0)
    ;
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);

  g_assert_cmpint (export_to (account, output), ==, 1);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (small), ==, 1);
  umount (small);
}

/* ---- a cancelled run ---- */

static void
verify_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (colombe_verifier_run_finish (COLOMBE_VERIFIER (object), result, error));
}

static gboolean
cancel_soon (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancelled_run (void)
{
  g_autoptr(ColombeTestFault) hole = NULL;
  g_autoptr(ColombeAccount) account = colombe_account_new (NULL, COLOMBE_TEST_ZOE_LOGIN);
  g_autoptr(ColombeServer) incoming = NULL;
  g_autoptr(ColombeServer) outgoing = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ColombeVerifier *verifier;
  gint64 start;

  colombe_test_watchdog_arm (30);
  hole = colombe_test_fault_new_black_hole (&error);
  g_assert_no_error (error);
  incoming = colombe_server_new (COLOMBE_PROTOCOL_IMAP, colombe_test_fault_get_address (hole),
                                 colombe_test_fault_get_port (hole), COLOMBE_SECURITY_TLS);
  outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP, colombe_test_fault_get_address (hole),
                                 colombe_test_fault_get_port (hole), COLOMBE_SECURITY_STARTTLS);
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);
  g_ptr_array_add (candidates, g_object_ref (account));

  verifier = colombe_verifier_new (candidates);
  colombe_verifier_set_password (verifier, PASSWORD);
  start = g_get_monotonic_time ();
  colombe_verifier_run_async (verifier, cancellable, verify_done, &error);
  g_timeout_add (200, cancel_soon, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 1500);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (verifier);
}

static void
start_world (void)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "autoconfig.loop.test", "autoconfig.tohttp.test",
                          "autoconfig.otherdomain.test", "autoconfig.bigxml.test",
                          "autoconfig.bomb.test", "autoconfig.html.test",
                          "autoconfig.ctype.test", "ispdb.test", "localhost", NULL };

  pki = colombe_test_pki_new (names, &error);
  g_assert_no_error (error);
  database = colombe_tls_database_new (colombe_test_pki_get_ca_file (pki), &error);
  g_assert_no_error (error);

  http = colombe_test_http_new (pki);
  colombe_test_http_set_ports (http, 443, 80);
  add_web_faults ();
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  dns = colombe_test_dns_new ();
  add_dns_faults ();
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  start_world ();

  for (gsize i = 0; i < G_N_ELEMENTS (probe_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fault/protocol/%s", probe_cases[i].name);

      g_test_add_data_func (path, &probe_cases[i], test_probe_case);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (detect_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fault/discovery/%s", detect_cases[i].name);

      g_test_add_data_func (path, &detect_cases[i], test_detect_case);
    }
  g_test_add_func ("/fault/file/read-only-folder", test_read_only_folder);
  g_test_add_func ("/fault/file/existing-file", test_existing_file);
  g_test_add_func ("/fault/file/disk-full", test_disk_full);
  g_test_add_func ("/fault/cancelled-run", test_cancelled_run);

  status = g_test_run ();

  colombe_test_dns_stop (dns, NULL);
  colombe_test_http_stop (http);
  g_clear_object (&dns);
  g_clear_object (&http);
  g_clear_object (&database);
  g_clear_object (&pki);

  return status;
}
