/* test-discovery.c: how the discovery ranks, waits and marks its answers
 *
 * The sources themselves have their own tests (test-discovery-http.c,
 * test-discovery-dns.c, test-guess.c); here, the rules that tie them
 * together: one grace period for a silent better source, plain http only
 * as a marked fallback, provenance, --offline and cancellation. One
 * dnsmasq world and one HTTPS/HTTP server on 127.0.0.1:443/80, inside
 * this test's own network namespace.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-discovery.h"
#include "sources/colombe-lookup-web.h"
#include "colombe-test-fixtures.h"
#include "colombe-tls-database.h"

/* Names the test certificate covers; autoconfig.forged.test is left out
 * on purpose: its https lookup must fail the certificate check. */
static const char * const names[] = {
  "autoconfig.free.fr", "free.fr", "autoconfig.hosted.test", "hosted.test",
  "autoconfig.both.test", "both.test", "forged.test", "ispdb.test",
  "autoconfig.slow.test", "slow.test", NULL
};

static ColombeTestPki *pki;
static ColombeTestHttp *http;
static ColombeTestDns *dns;

#define CONFIG(ID, HOST) \
  "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"" ID "\">" \
  "<domain>" ID "</domain>" \
  "<incomingServer type=\"imap\"><hostname>imap." HOST "</hostname><port>993</port>" \
  "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>" \
  "<authentication>password-cleartext</authentication></incomingServer>" \
  "<outgoingServer type=\"smtp\"><hostname>smtp." HOST "</hostname><port>465</port>" \
  "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>" \
  "<authentication>password-cleartext</authentication></outgoingServer>" \
  "</emailProvider></clientConfig>\n"

#define AUTOCONFIG_PATH "/mail/config-v1.1.xml"
#define WELL_KNOWN_PATH "/.well-known/autoconfig/mail/config-v1.1.xml"

static JsonObject *
run_detect (ColombeTestRun *run,
            JsonParser     *parser,
            const char     *address,
            const char     *extra)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { COLOMBE_BINARY, "detect", address, "--json",
                         "--ca-file", colombe_test_pki_get_ca_file (pki),
                         "--ispdb-url", "https://ispdb.test/v1.1", extra, NULL };

  colombe_test_run (run, NULL, NULL, argv);
  g_test_message ("%s", run->err);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
provenance_of (JsonObject *account)
{
  return json_object_get_object_member (account, "provenance");
}

static const char *
incoming_host (JsonObject *account)
{
  return json_object_get_string_member (json_object_get_object_member (account, "incoming"),
                                        "host");
}

/* free.fr is in the built-in database, and its autoconfig host answers a
 * byte a second: the builtin answer waits one grace period for it, not
 * the https lookup's whole time limit. Both bounds hold on any machine:
 * nothing answers before the grace period is over, and the lookup is cut
 * when it is, long before its own limit (COLOMBE_LOOKUP_WEB_TIMEOUT_MS,
 * 8 s, against a 1.5 s grace period). */
static void
test_grace (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonObject *root;
  gint64 start, ms, cut;

  colombe_test_watchdog_arm (30);
  start = g_get_monotonic_time ();
  root = run_detect (&run, parser, "alice@free.fr", NULL);
  ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "account"),
                                                  "source"), ==, "builtin");
  g_assert_cmpstr (colombe_test_json_source_state (root, "autoconfig"), ==, "timeout");
  cut = json_object_get_int_member (colombe_test_json_source_report (root, "autoconfig"), "ms");
  g_test_message ("answered after %" G_GINT64_FORMAT " ms, autoconfig cut at %" G_GINT64_FORMAT
                  " ms", ms, cut);
  g_assert_cmpint (ms, >=, COLOMBE_DISCOVERY_GRACE_MS);
  g_assert_cmpint (cut, >=, COLOMBE_DISCOVERY_GRACE_MS);
  g_assert_cmpint (cut, <, COLOMBE_LOOKUP_WEB_TIMEOUT_MS);
}

/* The https lookup of autoconfig.forged.test fails its certificate check;
 * the http answer of the same host is used, and marked. */
static void
test_http_fallback_marked (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonObject *root, *account, *provenance;

  colombe_test_watchdog_arm (30);
  root = run_detect (&run, parser, "bob@forged.test", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (colombe_test_json_source_state (root, "autoconfig"), ==, "error");
  account = json_object_get_object_member (root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "autoconfig-http");
  provenance = provenance_of (account);
  g_assert_true (json_object_get_boolean_member (provenance, "unauthenticated"));
  g_assert_true (json_object_get_boolean_member (provenance, "needs_consent"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (provenance, "origin"),
                                   "http://autoconfig.forged.test/"));
  g_assert_nonnull (json_object_get_string_member (provenance, "notice"));
}

/* The .well-known document answers over https and plain http alike: the
 * http answer is not even listed. */
static void
test_http_dropped (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonObject *root;
  JsonArray *candidates;

  colombe_test_watchdog_arm (30);
  root = run_detect (&run, parser, "carol@both.test", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (colombe_test_json_source_state (root, "autoconfig-http"), !=, "running");
  candidates = json_object_get_array_member (root, "candidates");
  g_assert_cmpuint (json_array_get_length (candidates), >, 0);
  for (guint i = 0; i < json_array_get_length (candidates); i++)
    {
      JsonObject *candidate = json_array_get_object_element (candidates, i);

      g_assert_cmpstr (json_object_get_string_member (candidate, "source"), ==, "well-known");
      g_assert_cmpstr (incoming_host (candidate), ==, "imap.both.test");
      g_assert_false (json_object_get_boolean_member (provenance_of (candidate),
                                                      "unauthenticated"));
    }
}

/* The domain's own https answer may send mail elsewhere (hosted mail):
 * said, but no consent needed. */
static void
test_outside_domain (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonObject *root, *account, *provenance;

  colombe_test_watchdog_arm (30);
  root = run_detect (&run, parser, "dan@hosted.test", NULL);

  g_assert_cmpint (run.status, ==, 0);
  account = json_object_get_object_member (root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "autoconfig");
  g_assert_cmpstr (incoming_host (account), ==, "imap.elsewhere.test");
  provenance = provenance_of (account);
  g_assert_true (json_object_get_boolean_member (provenance, "outside_domain"));
  g_assert_false (json_object_get_boolean_member (provenance, "unauthenticated"));
  g_assert_false (json_object_get_boolean_member (provenance, "needs_consent"));
}

static void
test_offline (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  JsonArray *sources;
  JsonObject *root;

  colombe_test_watchdog_arm (30);
  before = colombe_test_http_dup_requests (http);
  root = run_detect (&run, parser, "alice@free.fr", "--offline");
  after = colombe_test_http_dup_requests (http);

  /* not one request reached the web server */
  g_assert_cmpuint (g_strv_length (after), ==, g_strv_length (before));
  g_assert_cmpint (run.status, ==, 0);
  sources = json_object_get_array_member (root, "sources");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *report = json_array_get_object_element (sources, i);
      const char *name = json_object_get_string_member (report, "name");

      g_assert_cmpstr (json_object_get_string_member (report, "state"), ==,
                       g_str_equal (name, "builtin") ? "found" : "skipped");
    }
}

/* Nothing anywhere: every source ends, none stays "running", exit 1. */
static void
test_nothing (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonArray *sources;
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  root = run_detect (&run, parser, "erin@nothing.test", NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (json_object_get_null_member (root, "account"));
  sources = json_object_get_array_member (root, "sources");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      const char *state = json_object_get_string_member (json_array_get_object_element (sources, i),
                                                         "state");

      g_assert_true (g_str_equal (state, "not-found") || g_str_equal (state, "error") ||
                     g_str_equal (state, "timeout"));
    }
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (colombe_discovery_run_finish (COLOMBE_DISCOVERY (object), result, error));
  g_assert_nonnull (*error);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancelled while its autoconfig host trickles: the run ends at once with
 * G_IO_ERROR_CANCELLED, and nothing is left holding the discovery. */
static void
test_cancel (void)
{
  g_autoptr(ColombeAddress) address = colombe_address_parse ("frank@slow.test", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  ColombeDiscovery *discovery;
  gint64 start;

  colombe_test_watchdog_arm (30);
  database = colombe_tls_database_new (colombe_test_pki_get_ca_file (pki), &error);
  g_assert_no_error (error);
  discovery = colombe_discovery_new (address, NULL);
  colombe_discovery_set_tls_database (discovery, database);
  g_assert_true (colombe_discovery_set_ispdb_url (discovery, "https://ispdb.test/v1.1", NULL));

  start = g_get_monotonic_time ();
  colombe_discovery_run_async (discovery, cancellable, run_done, &error);
  g_timeout_add (300, cancel_now, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Cancelled after 300 ms, well before any source's own limit (8 s and
   * more) could end the run: a bound a slow machine keeps. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, COLOMBE_LOOKUP_WEB_TIMEOUT_MS);

  /* Let the cancelled sources' callbacks run, then nothing holds it. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (discovery);
}

static void
start_world (void)
{
  g_autoptr(GError) error = NULL;
  const char *hosts[] = { "autoconfig.free.fr", "free.fr", "autoconfig.hosted.test",
                          "hosted.test", "autoconfig.both.test", "both.test",
                          "autoconfig.forged.test", "forged.test", "ispdb.test",
                          "autoconfig.slow.test", "slow.test" };

  pki = colombe_test_pki_new (names, &error);
  g_assert_no_error (error);

  http = colombe_test_http_new (pki);
  colombe_test_http_set_ports (http, 443, 80);
  colombe_test_http_add_slow (http, "autoconfig.free.fr", AUTOCONFIG_PATH, "text/xml",
                              CONFIG ("free.fr", "free.fr"), 1000);
  colombe_test_http_add_slow (http, "autoconfig.slow.test", AUTOCONFIG_PATH, "text/xml",
                              CONFIG ("slow.test", "slow.test"), 1000);
  colombe_test_http_add_text (http, "autoconfig.hosted.test", AUTOCONFIG_PATH, "text/xml",
                              CONFIG ("hosted.test", "elsewhere.test"));
  colombe_test_http_add_text (http, "both.test", WELL_KNOWN_PATH, "text/xml",
                              CONFIG ("both.test", "both.test"));
  colombe_test_http_add_text (http, "autoconfig.forged.test", AUTOCONFIG_PATH, "text/xml",
                              CONFIG ("forged.test", "forged.test"));
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  dns = colombe_test_dns_new ();
  colombe_test_dns_add_zone (dns, "free.fr");
  for (gsize i = 0; i < G_N_ELEMENTS (hosts); i++)
    colombe_test_dns_add_address (dns, hosts[i], "127.0.0.1");
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

  g_test_add_func ("/discovery/grace", test_grace);
  g_test_add_func ("/discovery/http-fallback-marked", test_http_fallback_marked);
  g_test_add_func ("/discovery/http-dropped", test_http_dropped);
  g_test_add_func ("/discovery/outside-domain", test_outside_domain);
  g_test_add_func ("/discovery/offline", test_offline);
  g_test_add_func ("/discovery/nothing", test_nothing);
  g_test_add_func ("/discovery/cancel", test_cancel);

  status = g_test_run ();

  colombe_test_dns_stop (dns, NULL);
  colombe_test_http_stop (http);
  g_clear_object (&dns);
  g_clear_object (&http);
  g_clear_object (&pki);

  return status;
}
