/* test-discovery-dns.c: the MX and SRV sources of `colombe detect`
 *
 * Each test starts its own small DNS world (dnsmasq in this program's
 * network namespace) and runs the real binary against it; an ISPDB
 * mirror and the hosters' autoconfig pages are served over HTTPS on
 * loopback, with the test CA.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"

#define ISPDB_HOST "ispdb.test"
#define ISPDB_URL "https://" ISPDB_HOST "/v1.1"

static ColombeTestPki *pki;
static ColombeTestHttp *http;

static const char * const https_hosts[] = {
  ISPDB_HOST, "autoconfig.hoster.test", "autoconfig.other-hoster.test", "autoconfig.self.test",
  NULL
};

/* A world with the HTTPS hosts; the test adds its records and starts it. */
static ColombeTestDns *
world_new (void)
{
  ColombeTestDns *dns = colombe_test_dns_new ();

  for (guint i = 0; https_hosts[i] != NULL; i++)
    colombe_test_dns_add_address (dns, https_hosts[i], "127.0.0.1");

  return dns;
}

static void
world_start (ColombeTestDns *dns)
{
  g_autoptr(GError) error = NULL;

  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);
}

static void
world_stop (ColombeTestDns *dns)
{
  g_autoptr(GError) error = NULL;

  colombe_test_dns_stop (dns, &error);
  g_assert_no_error (error);
  g_object_unref (dns);
}

/* `colombe detect ADDRESS --json`: the parser holds the answer. */
static JsonObject *
detect (JsonParser *parser,
        const char *address)
{
  const char *argv[] = { COLOMBE_BINARY, "detect", address, "--json",
                         "--ca-file", colombe_test_pki_get_ca_file (pki),
                         "--ispdb-url", ISPDB_URL, NULL };
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;

  colombe_test_run (&run, NULL, NULL, argv);
  g_test_message ("%s", run.out);
  if (run.err != NULL && run.err[0] != '\0')
    g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, <=, 1);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

/* The candidates @source gave, in the order detect listed them. */
static GPtrArray *
candidates_of (JsonObject *root,
               const char *source)
{
  JsonArray *candidates = json_object_get_array_member (root, "candidates");
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (candidates); i++)
    {
      JsonObject *candidate = json_array_get_object_element (candidates, i);

      if (g_strcmp0 (json_object_get_string_member (candidate, "source"), source) == 0)
        g_ptr_array_add (found, candidate);
    }

  return found;
}

static JsonObject *
server_of (JsonObject *candidate,
           const char *direction)
{
  return json_object_get_object_member (candidate, direction);
}

static const char *
host_of (JsonObject *candidate,
         const char *direction)
{
  JsonObject *server = server_of (candidate, direction);

  return server != NULL ? json_object_get_string_member (server, "host") : NULL;
}

static const char *
origin_of (JsonObject *candidate)
{
  JsonObject *provenance = json_object_get_object_member (candidate, "provenance");

  return json_object_get_string_member (provenance, "origin");
}

/* MX */

/* Preferences 30, 10, 20 lead to three different providers of the
 * built-in database: only the 10 one may be followed. */
static void
test_mx_preference (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) mx = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_mx (dns, "order.test", "mx1.free.fr", 30);
  colombe_test_dns_add_mx (dns, "order.test", "mx4.mail.ovh.net", 10);
  colombe_test_dns_add_mx (dns, "order.test", "smtp-in.orange.fr", 20);
  world_start (dns);

  root = detect (parser, "alice@order.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "found");
  mx = candidates_of (root, "mx");
  g_assert_cmpuint (mx->len, >, 0);
  for (guint i = 0; i < mx->len; i++)
    {
      g_assert_cmpstr (host_of (g_ptr_array_index (mx, i), "incoming"), ==, "ssl0.ovh.net");
      g_assert_cmpstr (origin_of (g_ptr_array_index (mx, i)), ==, "mx4.mail.ovh.net");
    }

  world_stop (dns);
}

/* A Google Workspace domain: google.com is not Gmail's mail domain. */
static void
test_mx_google (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) mx = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root, *first, *incoming;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_mx (dns, "asso.test", "alt1.aspmx.l.google.com", 20);
  colombe_test_dns_add_mx (dns, "asso.test", "aspmx.l.google.com", 10);
  world_start (dns);

  root = detect (parser, "Alice@asso.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "found");
  mx = candidates_of (root, "mx");
  g_assert_cmpuint (mx->len, >, 0);
  first = g_ptr_array_index (mx, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "provider"),
                                                  "id"), ==, "gmail.com");
  incoming = server_of (first, "incoming");
  colombe_test_json_assert_server (incoming, NULL, "imap.gmail.com", 993, "tls", NULL);
  g_assert_cmpstr (json_object_get_string_member (incoming, "username"), ==, "Alice@asso.test");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (first, "provenance"),
                                                 "unauthenticated"));

  world_stop (dns);
}

/* hoster.test is in the ISPDB and has an autoconfig page of its own: the
 * ISPDB ranks first. */
static void
test_mx_ispdb (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) mx = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_mx (dns, "club.test", "mx2.hoster.test", 10);
  world_start (dns);

  root = detect (parser, "alice@club.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "found");
  mx = candidates_of (root, "mx");
  g_assert_cmpuint (mx->len, ==, 1);
  colombe_test_json_assert_server (server_of (g_ptr_array_index (mx, 0), "incoming"), NULL,
                                   "imap.hoster.test", 993, "tls", NULL);
  g_assert_cmpstr (origin_of (g_ptr_array_index (mx, 0)), ==, ISPDB_URL "/hoster.test");

  world_stop (dns);
}

/* other-hoster.test is not in the ISPDB: its https autoconfig answers. */
static void
test_mx_autoconfig (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) mx = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root, *first;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_mx (dns, "amicale.test", "in.mx.other-hoster.test", 10);
  world_start (dns);

  root = detect (parser, "alice@amicale.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "found");
  mx = candidates_of (root, "mx");
  g_assert_cmpuint (mx->len, ==, 1);
  first = g_ptr_array_index (mx, 0);
  colombe_test_json_assert_server (server_of (first, "incoming"), NULL,
                                   "imap.other-hoster.test", 993, "tls", NULL);
  g_assert_cmpstr (json_object_get_string_member (server_of (first, "incoming"), "username"),
                   ==, "alice@amicale.test");
  g_assert_cmpstr (origin_of (first), ==,
                   "https://autoconfig.other-hoster.test/mail/config-v1.1.xml");

  world_stop (dns);
}

/* An MX naming the domain itself leads nowhere new, even though the
 * ISPDB and an autoconfig page know its registrable domain (self.test);
 * unless the built-in database knows that domain (free.fr). */
static void
test_mx_itself (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser_known = json_parser_new ();
  g_autoptr(GPtrArray) mx = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_mx (dns, "sub.self.test", "sub.self.test", 10);
  colombe_test_dns_add_zone (dns, "lists.free.fr");
  colombe_test_dns_add_mx (dns, "lists.free.fr", "lists.free.fr", 10);
  world_start (dns);

  root = detect (parser, "alice@sub.self.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "not-found");
  mx = candidates_of (root, "mx");
  g_assert_cmpuint (mx->len, ==, 0);
  g_clear_pointer (&mx, g_ptr_array_unref);

  root = detect (parser_known, "alice@lists.free.fr");
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "found");
  mx = candidates_of (root, "mx");
  g_assert_cmpuint (mx->len, >, 0);
  g_assert_cmpstr (host_of (g_ptr_array_index (mx, 0), "incoming"), ==, "imap.free.fr");

  world_stop (dns);
}

/* No MX: NXDOMAIN for one domain, a name without MX for the other. Both
 * are "not found", not errors; SRV the same. */
static void
test_mx_none (void)
{
  ColombeTestDns *dns = world_new ();
  const char *addresses[] = { "alice@nowhere.test", "alice@web-only.test" };

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_address (dns, "web-only.test", "127.0.0.1");
  world_start (dns);

  for (gsize i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root = detect (parser, addresses[i]);

      g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "not-found");
      g_assert_cmpstr (colombe_test_json_source_state (root, "srv"), ==, "not-found");
      g_assert_true (json_object_get_null_member (root, "account"));
    }

  world_stop (dns);
}

/* A malformed MX answer is that source's error; the domain's SRV records,
 * answered by the same server, still count. */
static void
test_mx_garbage (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) srv = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_failure (dns, "garbled.test", COLOMBE_TEST_DNS_FAILURE_GARBAGE);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.garbled.test", "imap.garbled.test", 993, 0, 0);
  world_start (dns);

  root = detect (parser, "alice@garbled.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "error");
  g_assert_true (json_object_has_member (colombe_test_json_source_report (root, "mx"), "message"));
  g_assert_cmpstr (colombe_test_json_source_state (root, "srv"), ==, "found");
  srv = candidates_of (root, "srv");
  g_assert_cmpuint (srv->len, ==, 1);
  g_assert_cmpstr (host_of (g_ptr_array_index (srv, 0), "incoming"), ==, "imap.garbled.test");

  world_stop (dns);
}

/* SRV */

static void
test_srv_priority_weight (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) srv = NULL;
  ColombeTestDns *dns = world_new ();
  const char *ties[2];
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.prio.test", "late.prio.test", 993, 20, 100);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.prio.test", "tie-a.prio.test", 993, 10, 10);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.prio.test", "heavy.prio.test", 993, 10, 60);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.prio.test", "tie-b.prio.test", 993, 10, 10);
  colombe_test_dns_add_srv (dns, "_imap._tcp.prio.test", "starttls.prio.test", 143, 0, 0);
  colombe_test_dns_add_srv (dns, "_pop3s._tcp.prio.test", "pop.prio.test", 995, 0, 0);
  colombe_test_dns_add_srv (dns, "_submission._tcp.prio.test", "submission.prio.test", 587, 0, 0);
  colombe_test_dns_add_srv (dns, "_submissions._tcp.prio.test", "backup.prio.test", 465, 10, 90);
  colombe_test_dns_add_srv (dns, "_submissions._tcp.prio.test", "smtp.prio.test", 465, 5, 0);
  world_start (dns);

  root = detect (parser, "alice@prio.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "srv"), ==, "found");
  srv = candidates_of (root, "srv");
  g_assert_cmpuint (srv->len, ==, 6);

  g_assert_cmpstr (host_of (g_ptr_array_index (srv, 0), "incoming"), ==, "heavy.prio.test");
  /* equal priority and weight: both, in either order, before priority 20 */
  ties[0] = host_of (g_ptr_array_index (srv, 1), "incoming");
  ties[1] = host_of (g_ptr_array_index (srv, 2), "incoming");
  g_assert_true ((g_strcmp0 (ties[0], "tie-a.prio.test") == 0 &&
                  g_strcmp0 (ties[1], "tie-b.prio.test") == 0) ||
                 (g_strcmp0 (ties[0], "tie-b.prio.test") == 0 &&
                  g_strcmp0 (ties[1], "tie-a.prio.test") == 0));
  g_assert_cmpstr (host_of (g_ptr_array_index (srv, 3), "incoming"), ==, "late.prio.test");
  colombe_test_json_assert_server (server_of (g_ptr_array_index (srv, 4), "incoming"), NULL,
                                   "starttls.prio.test", 143, "starttls", NULL);
  colombe_test_json_assert_server (server_of (g_ptr_array_index (srv, 5), "incoming"), NULL,
                                   "pop.prio.test", 995, "tls", NULL);
  g_assert_cmpstr (json_object_get_string_member (server_of (g_ptr_array_index (srv, 5), "incoming"),
                                                  "protocol"), ==, "pop3");

  for (guint i = 0; i < srv->len; i++)
    {
      JsonObject *candidate = g_ptr_array_index (srv, i);
      JsonObject *incoming = server_of (candidate, "incoming");

      colombe_test_json_assert_server (server_of (candidate, "outgoing"), NULL,
                                       "smtp.prio.test", 465, "tls", NULL);
      g_assert_cmpstr (json_object_get_string_member (incoming, "username"), ==, "alice@prio.test");
      g_assert_cmpstr (json_object_get_string_member (incoming, "auth"), ==, "password-cleartext");
    }
  g_assert_cmpstr (origin_of (g_ptr_array_index (srv, 0)), ==,
                   "_imaps._tcp.prio.test, _submissions._tcp.prio.test");

  world_stop (dns);
}

/* "." for _imaps: not offered, so _imap; only _submission: STARTTLS out. */
static void
test_srv_not_offered (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) srv = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.dot.test", ".", 0, 0, 0);
  colombe_test_dns_add_srv (dns, "_imap._tcp.dot.test", "imap.dot.test", 143, 0, 0);
  colombe_test_dns_add_srv (dns, "_submission._tcp.dot.test", "smtp.dot.test", 587, 0, 0);
  world_start (dns);

  root = detect (parser, "alice@dot.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "srv"), ==, "found");
  srv = candidates_of (root, "srv");
  g_assert_cmpuint (srv->len, ==, 1);
  colombe_test_json_assert_server (server_of (g_ptr_array_index (srv, 0), "incoming"), NULL,
                                   "imap.dot.test", 143, "starttls", NULL);
  colombe_test_json_assert_server (server_of (g_ptr_array_index (srv, 0), "outgoing"), NULL,
                                   "smtp.dot.test", 587, "starttls", NULL);

  world_stop (dns);
}

/* An address at an IDN domain: the records live under its punycode name. */
static void
test_srv_idn (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) srv = NULL;
  ColombeTestDns *dns = world_new ();
  JsonObject *root, *incoming;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_srv (dns, "_imaps._tcp.xn--caf-dma.test", "imap.xn--caf-dma.test", 993, 0, 0);
  colombe_test_dns_add_srv (dns, "_submissions._tcp.xn--caf-dma.test", "smtp.xn--caf-dma.test",
                            465, 0, 0);
  world_start (dns);

  root = detect (parser, "alice@café.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "srv"), ==, "found");
  srv = candidates_of (root, "srv");
  g_assert_cmpuint (srv->len, ==, 1);
  incoming = server_of (g_ptr_array_index (srv, 0), "incoming");
  colombe_test_json_assert_server (incoming, NULL, "imap.xn--caf-dma.test", 993, "tls", NULL);
  g_assert_cmpstr (json_object_get_string_member (incoming, "username"), ==,
                   "alice@xn--caf-dma.test");
  colombe_test_json_assert_server (server_of (g_ptr_array_index (srv, 0), "outgoing"), NULL,
                                   "smtp.xn--caf-dma.test", 465, "tls", NULL);

  world_stop (dns);
}

/* The SRV names get no answer (SERVFAIL for the resolver): that source's
 * error, while the MX of the same domain is answered as usual. */
static void
test_srv_servfail (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  ColombeTestDns *dns = world_new ();
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  colombe_test_dns_add_failure (dns, "_tcp.silent.test", COLOMBE_TEST_DNS_FAILURE_SILENT);
  colombe_test_dns_add_mx (dns, "silent.test", "silent.test", 10);
  world_start (dns);

  root = detect (parser, "alice@silent.test");
  g_assert_cmpstr (colombe_test_json_source_state (root, "srv"), ==, "error");
  g_assert_true (json_object_has_member (colombe_test_json_source_report (root, "srv"), "message"));
  g_assert_cmpstr (colombe_test_json_source_state (root, "mx"), ==, "not-found");
  g_assert_cmpstr (colombe_test_json_source_state (root, "builtin"), ==, "not-found");

  world_stop (dns);
}

static char *
client_config (const char *id,
               const char *imap_host)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"%s\">\n"
    "    <domain>%s</domain>\n"
    "    <displayName>%s</displayName>\n"
    "    <incomingServer type=\"imap\">\n"
    "      <hostname>%s</hostname><port>993</port><socketType>SSL</socketType>\n"
    "      <username>%%EMAILADDRESS%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </incomingServer>\n"
    "  </emailProvider>\n"
    "</clientConfig>\n",
    id, id, id, imap_host);
}

static void
serve_config (const char *host,
              const char *path,
              const char *id,
              const char *imap_host)
{
  g_autofree char *text = client_config (id, imap_host);

  colombe_test_http_add_text (http, host, path, "text/xml", text);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  pki = colombe_test_pki_new (https_hosts, &error);
  g_assert_no_error (error);
  http = colombe_test_http_new (pki);
  colombe_test_http_set_ports (http, 443, 80);
  serve_config (ISPDB_HOST, "/v1.1/hoster.test", "hoster.test", "imap.hoster.test");
  serve_config ("autoconfig.hoster.test", "/mail/config-v1.1.xml", "hoster.test",
                "autoconfig-answer.hoster.test");
  serve_config ("autoconfig.other-hoster.test", "/mail/config-v1.1.xml", "other-hoster.test",
                "imap.other-hoster.test");
  /* Reached only if the MX source wrongly followed an MX to the domain itself. */
  serve_config (ISPDB_HOST, "/v1.1/self.test", "self.test", "imap.self.test");
  serve_config ("autoconfig.self.test", "/mail/config-v1.1.xml", "self.test", "imap.self.test");
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  g_test_add_func ("/discovery-dns/mx/preference", test_mx_preference);
  g_test_add_func ("/discovery-dns/mx/google", test_mx_google);
  g_test_add_func ("/discovery-dns/mx/ispdb", test_mx_ispdb);
  g_test_add_func ("/discovery-dns/mx/autoconfig", test_mx_autoconfig);
  g_test_add_func ("/discovery-dns/mx/itself", test_mx_itself);
  g_test_add_func ("/discovery-dns/mx/none", test_mx_none);
  g_test_add_func ("/discovery-dns/mx/garbage", test_mx_garbage);
  g_test_add_func ("/discovery-dns/srv/priority-weight", test_srv_priority_weight);
  g_test_add_func ("/discovery-dns/srv/not-offered", test_srv_not_offered);
  g_test_add_func ("/discovery-dns/srv/idn", test_srv_idn);
  g_test_add_func ("/discovery-dns/srv/servfail", test_srv_servfail);

  status = g_test_run ();

  colombe_test_http_stop (http);
  g_clear_object (&http);
  g_clear_object (&pki);

  return status;
}
