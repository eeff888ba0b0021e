/* test-pipeline.c: `colombe test ADDRESS` logs in on the connections it
 * opened while discovery ran, and never sends a password on the others
 *
 * pipeline.test: the autoconfig names imap. and smtp.pipeline.test (one
 *                Dovecot and one SMTP server, at 127.0.0.2); mail.pipeline.test
 *                is another SMTP server (127.0.0.3), which the speculation
 *                also reaches but which does not win (and which guessing
 *                ranks after smtp., so that it is no candidate either).
 * held.test:     the autoconfig names imap.held.test, a Dovecot whose
 *                certificate is self-signed (127.0.0.4), and the SMTP server
 *                of pipeline.test.
 * oauth.test:    the autoconfig names imap. and smtp.oauth.test, the servers
 *                of pipeline.test, with OAuth2 as the only way to sign in.
 * Each server is reached through a counting proxy on the standard port of
 * an address of its own (127.0.0.12 to 127.0.0.14): what is counted is
 * connections and what the servers' logs say, never time. The documents
 * name the address as username, as guessing does: when guessing answers
 * too (on a slow machine), its servers are the same, not a second login.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"

#define PROXY_DELAY_MS 10

typedef enum
{
  WINNER,      /* imap. and smtp.pipeline.test */
  OTHER,       /* mail.pipeline.test, SMTP only */
  SELF_SIGNED, /* imap.held.test */
  N_HOSTS
} Host;

static const struct
{
  const char *server;
  const char *proxy;
} addresses[N_HOSTS] = {
  [WINNER] = { "127.0.0.2", "127.0.0.12" },
  [OTHER] = { "127.0.0.3", "127.0.0.13" },
  [SELF_SIGNED] = { "127.0.0.4", "127.0.0.14" },
};

/* The addresses tested, each known to every server with alice's password. */
static const char * const users[] = {
  "alice@pipeline.test", "alice@held.test", "alice@oauth.test",
};

static ColombeTestPki *pki;
static ColombeTestDovecot *dovecots[N_HOSTS];  /* none for OTHER */
static ColombeTestSmtpd *smtpds[N_HOSTS];      /* none for SELF_SIGNED */
static ColombeTestProxy *imap_proxies[N_HOSTS];
static ColombeTestProxy *smtp_proxies[N_HOSTS];

/* `colombe test ADDRESS --json --password-stdin`, its JSON kept by @parser. */
static JsonObject *
run_test (ColombeTestRun *run,
          JsonParser     *parser,
          const char     *address)
{
  const char *argv[] = { COLOMBE_BINARY, "test", address, "--json", "--password-stdin",
                         "--ca-file", colombe_test_pki_get_ca_file (pki),
                         "--ispdb-url", "https://127.0.0.1:1/v1.1", NULL };

  colombe_test_run (run, NULL, COLOMBE_TEST_ALICE_PASSWORD "\n", argv);
  g_test_message ("exit %d\n%s\n%s", run->status, run->out, run->err);

  return colombe_test_json_parse_object (parser, run->out);
}

/* Dovecot logs "Login: user=<…>" for each login it accepted, and "auth
 * failed" for each it refused: together, every login that was tried. */
static guint
dovecot_logins (Host host)
{
  g_autofree char *log = colombe_test_dovecot_dup_log (dovecots[host]);

  return colombe_test_log_count (log, "Login: user=<") +
         colombe_test_log_count (log, "auth failed");
}

/* The SMTP server's journal has one "AUTH " line per AUTH command. */
static guint
smtpd_logins (Host host)
{
  g_autofree char *log = colombe_test_smtpd_dup_log (smtpds[host]);

  return colombe_test_log_count (log, "AUTH ");
}

/* The winner's servers are reached once each, the speculative connection
 * taken over for the login; mail.pipeline.test is reached too, and let go
 * without a single login. */
static void
test_handover (void)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  guint imap_before = colombe_test_proxy_get_n_connections (imap_proxies[WINNER]);
  guint smtp_before = colombe_test_proxy_get_n_connections (smtp_proxies[WINNER]);
  guint other_smtp_before = colombe_test_proxy_get_n_connections (smtp_proxies[OTHER]);
  guint imap_logins = dovecot_logins (WINNER);
  guint smtp_logins = smtpd_logins (WINNER);

  colombe_test_watchdog_arm (60);
  root = run_test (&run, parser, users[0]);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "incoming"),
                                                  "login"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "outgoing"),
                                                  "login"), ==, "ok");

  /* one connection to each winning server: the login went out on the one
   * opened while discovery ran, not on a second */
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (imap_proxies[WINNER]) - imap_before,
                    ==, 1);
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (smtp_proxies[WINNER]) - smtp_before,
                    ==, 1);
  /* one login on each, the one proven */
  g_assert_cmpuint (dovecot_logins (WINNER) - imap_logins, ==, 1);
  g_assert_cmpuint (smtpd_logins (WINNER) - smtp_logins, ==, 1);

  /* the host that did not win was reached, and never got a login */
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (smtp_proxies[OTHER]) - other_smtp_before,
                    ==, 1);
  g_assert_cmpuint (smtpd_logins (OTHER), ==, 0);
}

/* The speculative connection to imap.held.test went on past its
 * self-signed certificate, to look; taken over, that certificate still
 * stops the login, as it would have stopped a new connection. */
static void
test_untrusted_held (void)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint before = colombe_test_proxy_get_n_connections (imap_proxies[SELF_SIGNED]);
  JsonObject *incoming;

  colombe_test_watchdog_arm (60);
  incoming = json_object_get_object_member (run_test (&run, parser, users[1]),
                                            "incoming");

  g_assert_cmpint (run.status, ==, 1);
  g_assert_false (json_object_get_boolean_member (incoming, "verified"));
  g_assert_cmpstr (json_object_get_string_member (
    json_object_get_object_member (incoming, "error"), "kind"), ==, "tls-untrusted");
  g_assert_false (json_object_get_boolean_member (
    json_object_get_object_member (incoming, "certificate"), "trusted"));

  /* the held connection was the one judged, and no login was tried on it */
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (imap_proxies[SELF_SIGNED]) - before,
                    ==, 1);
  g_assert_cmpuint (dovecot_logins (SELF_SIGNED), ==, 0);
}

/* A provider that takes no password: the held connections are taken over
 * and judged, and the password goes out on none of them. */
static void
test_oauth2_held (void)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint imap_before = colombe_test_proxy_get_n_connections (imap_proxies[WINNER]);
  guint smtp_before = colombe_test_proxy_get_n_connections (smtp_proxies[WINNER]);
  guint imap_logins = dovecot_logins (WINNER);
  guint smtp_logins = smtpd_logins (WINNER);
  const char *directions[] = { "incoming", "outgoing" };
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  root = run_test (&run, parser, users[2]);

  g_assert_cmpint (run.status, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    {
      JsonObject *result = json_object_get_object_member (root, directions[i]);

      g_assert_cmpstr (json_object_get_string_member (
        json_object_get_object_member (result, "error"), "kind"), ==, "oauth2-required");
      g_assert_cmpstr (json_object_get_string_member (result, "login"), ==, "skipped");
    }
  g_assert_null (strstr (run.out, COLOMBE_TEST_ALICE_PASSWORD));

  g_assert_cmpuint (colombe_test_proxy_get_n_connections (imap_proxies[WINNER]) - imap_before,
                    ==, 1);
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (smtp_proxies[WINNER]) - smtp_before,
                    ==, 1);
  g_assert_cmpuint (dovecot_logins (WINNER), ==, imap_logins);
  g_assert_cmpuint (smtpd_logins (WINNER), ==, smtp_logins);
}

/* ---- the world ---- */

static char *
dup_autoconfig (const char *domain,
                const char *incoming,
                const char *outgoing,
                const char *authentication)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"%s\">"
    "<domain>%s</domain>"
    "<incomingServer type=\"imap\"><hostname>%s</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>%s</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>%s</hostname><port>465</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>%s</authentication></outgoingServer>"
    "</emailProvider></clientConfig>\n", domain, domain, incoming, authentication, outgoing,
    authentication);
}

static void
start_imap (Host             host,
            ColombeTestCert  cert)
{
  g_autoptr(GError) error = NULL;

  dovecots[host] = colombe_test_dovecot_new (pki);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    colombe_test_dovecot_add_user (dovecots[host], users[i], COLOMBE_TEST_ALICE_PASSWORD);
  colombe_test_dovecot_set_listen_address (dovecots[host], addresses[host].server);
  colombe_test_dovecot_set_ports (dovecots[host], 0, 993, 0, 0);
  colombe_test_dovecot_set_certificate (dovecots[host], cert);
  colombe_test_dovecot_start (dovecots[host], &error);
  g_assert_no_error (error);
  imap_proxies[host] = colombe_test_proxy_new (addresses[host].proxy, 993, addresses[host].server,
                                               993, PROXY_DELAY_MS, &error);
  g_assert_no_error (error);
}

static void
start_smtp (Host host)
{
  g_autoptr(GError) error = NULL;

  smtpds[host] = colombe_test_smtpd_new (pki);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    colombe_test_smtpd_add_user (smtpds[host], users[i], COLOMBE_TEST_ALICE_PASSWORD);
  colombe_test_smtpd_set_listen_address (smtpds[host], addresses[host].server);
  colombe_test_smtpd_set_ports (smtpds[host], 587, 465, 0);
  colombe_test_smtpd_start (smtpds[host], &error);
  g_assert_no_error (error);
  smtp_proxies[host] = colombe_test_proxy_new (addresses[host].proxy, 465, addresses[host].server,
                                               465, PROXY_DELAY_MS, &error);
  g_assert_no_error (error);
}

static void
stop_host (Host host)
{
  if (dovecots[host] != NULL)
    {
      colombe_test_proxy_stop (imap_proxies[host]);
      g_clear_object (&imap_proxies[host]);
      colombe_test_dovecot_stop (dovecots[host], NULL);
      g_clear_object (&dovecots[host]);
    }
  if (smtpds[host] != NULL)
    {
      colombe_test_proxy_stop (smtp_proxies[host]);
      g_clear_object (&smtp_proxies[host]);
      colombe_test_smtpd_stop (smtpds[host], NULL);
      g_clear_object (&smtpds[host]);
    }
}

static ColombeTestHttp *
start_web (void)
{
  g_autoptr(ColombeTestHttp) http = colombe_test_http_new (pki);
  g_autofree char *pipeline = dup_autoconfig ("pipeline.test", "imap.pipeline.test",
                                              "smtp.pipeline.test", "password-cleartext");
  g_autofree char *held = dup_autoconfig ("held.test", "imap.held.test", "smtp.held.test",
                                          "password-cleartext");
  g_autofree char *oauth = dup_autoconfig ("oauth.test", "imap.oauth.test", "smtp.oauth.test",
                                           "OAuth2");
  g_autoptr(GError) error = NULL;

  colombe_test_http_set_ports (http, 443, 80);
  colombe_test_http_add_text (http, "autoconfig.pipeline.test", "/mail/config-v1.1.xml",
                              "text/xml", pipeline);
  colombe_test_http_add_text (http, "autoconfig.held.test", "/mail/config-v1.1.xml",
                              "text/xml", held);
  colombe_test_http_add_text (http, "autoconfig.oauth.test", "/mail/config-v1.1.xml",
                              "text/xml", oauth);
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&http);
}

static void
add_names (ColombeTestDns *dns)
{
  colombe_test_dns_add_zone (dns, "pipeline.test");
  colombe_test_dns_add_zone (dns, "held.test");
  colombe_test_dns_add_address (dns, "autoconfig.pipeline.test", "127.0.0.1");
  colombe_test_dns_add_address (dns, "imap.pipeline.test", addresses[WINNER].proxy);
  colombe_test_dns_add_address (dns, "smtp.pipeline.test", addresses[WINNER].proxy);
  colombe_test_dns_add_address (dns, "mail.pipeline.test", addresses[OTHER].proxy);
  colombe_test_dns_add_address (dns, "autoconfig.held.test", "127.0.0.1");
  colombe_test_dns_add_address (dns, "imap.held.test", addresses[SELF_SIGNED].proxy);
  colombe_test_dns_add_address (dns, "smtp.held.test", addresses[WINNER].proxy);
  colombe_test_dns_add_zone (dns, "oauth.test");
  colombe_test_dns_add_address (dns, "autoconfig.oauth.test", "127.0.0.1");
  colombe_test_dns_add_address (dns, "imap.oauth.test", addresses[WINNER].proxy);
  colombe_test_dns_add_address (dns, "smtp.oauth.test", addresses[WINNER].proxy);
}

int
main (int   argc,
      char *argv[])
{
  const char *names[] = { "*.pipeline.test", "*.held.test", "*.oauth.test", "localhost", NULL };
  g_autoptr(ColombeTestDns) dns = colombe_test_dns_new ();
  g_autoptr(ColombeTestHttp) http = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  pki = colombe_test_pki_new (names, &error);
  g_assert_no_error (error);
  add_names (dns);
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);
  start_imap (WINNER, COLOMBE_TEST_CERT_SERVER);
  start_smtp (WINNER);
  start_smtp (OTHER);
  start_imap (SELF_SIGNED, COLOMBE_TEST_CERT_SELF_SIGNED);
  http = start_web ();

  g_test_add_func ("/pipeline/handover", test_handover);
  g_test_add_func ("/pipeline/untrusted-held", test_untrusted_held);
  g_test_add_func ("/pipeline/oauth2-held", test_oauth2_held);

  status = g_test_run ();

  colombe_test_http_stop (http);
  for (Host host = 0; host < N_HOSTS; host++)
    stop_host (host);
  colombe_test_dns_stop (dns, NULL);
  g_clear_object (&pki);

  return status;
}
