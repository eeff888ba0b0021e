/* test-discovery-http.c: `colombe detect` against the web sources
 *
 * The autoconfig, well-known, ISPDB and plain-http sources, each against
 * routes of a real HTTPS/HTTP server on 443 and 80, inside this program's
 * own network namespace: dnsmasq maps every name of the world below to
 * loopback, the test PKI signs the certificates, and the real binary runs
 * with --ca-file and --ispdb-url. One test domain per case, so that no case
 * sees another's routes; the server is started anew by each case.
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
#define CONFIG_PATH "/mail/config-v1.1.xml"
#define WELL_KNOWN_PATH "/.well-known/autoconfig/mail/config-v1.1.xml"
#define BLACK_HOLE_ADDRESS "127.0.0.2"

/* Every domain of the world: NAME and autoconfig.NAME are on loopback and
 * in the server certificate, except as said in main(). */
static const char * const domains[] = {
  "ac.test", "wk.test", "isp.test", "plain.test", "plainwk.test", "both.test",
  "rank.test", "free.fr", "redir-ok.fr", "redir-http.test", "redir-away.test",
  "elsewhere.test", "redir-loop.test", "plain-up.fr", "html.test", "bomb.test",
  "huge.test", "hugelen.test", "e500.test", "page.test", "slow.test", "hole.test", "badname.test",
  "tls.test", "xn--bcher-kva.test", "noauto.test", "noserver.test",
};

static ColombeTestPki *pki;

/* ---- the server's answers ---- */

/* A clientConfig whose host names say who served it: imap-TAG.DOMAIN */
static char *
config_xml (const char *domain,
            const char *tag)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"%s\">\n"
    "    <domain>%s</domain>\n"
    "    <displayName>Test %s</displayName>\n"
    "    <incomingServer type=\"imap\">\n"
    "      <hostname>imap-%s.%s</hostname><port>993</port><socketType>SSL</socketType>\n"
    "      <username>%%EMAILADDRESS%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </incomingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname>smtp-%s.%s</hostname><port>465</port><socketType>SSL</socketType>\n"
    "      <username>%%EMAILADDRESS%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </outgoingServer>\n"
    "  </emailProvider>\n"
    "</clientConfig>\n",
    domain, domain, domain, tag, domain, tag, domain);
}

typedef struct _Answer
{
  char  *scheme;        /* "http", "https" or NULL for both */
  guint  status;
  char  *content_type;
  char  *body;
  char  *location;      /* a redirect instead of a body */
  guint  delay_ms;
  struct _Answer *next; /* the same host and path, another scheme */
} Answer;

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  g_clear_pointer (&answer->next, answer_free);
  g_free (answer->scheme);
  g_free (answer->content_type);
  g_free (answer->body);
  g_free (answer->location);
  g_free (answer);
}

static void
answer_write (SoupServerMessage *message,
              const Answer      *answer)
{
  if (answer->location != NULL)
    {
      soup_server_message_set_redirect (message, answer->status, answer->location);
      return;
    }
  soup_server_message_set_status (message, answer->status, NULL);
  soup_server_message_set_response (message, answer->content_type, SOUP_MEMORY_COPY,
                                    answer->body, strlen (answer->body));
}

typedef struct
{
  SoupServerMessage *message;
  const Answer      *answer;
} Delayed;

static gboolean
answer_late (gpointer data)
{
  Delayed *delayed = data;

  answer_write (delayed->message, delayed->answer);
  soup_server_message_unpause (delayed->message);
  g_object_unref (delayed->message);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

/* In the server's thread: the first answer for the request's scheme, after
 * its delay; 404 if none, as for a path nobody serves. */
static void
answer_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  const Answer *answer = user_data;
  const char *scheme = g_uri_get_scheme (soup_server_message_get_uri (message));
  g_autoptr(GSource) timer = NULL;
  Delayed *delayed;

  while (answer != NULL && answer->scheme != NULL && g_strcmp0 (answer->scheme, scheme) != 0)
    answer = answer->next;
  if (answer == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (answer->delay_ms == 0)
    {
      answer_write (message, answer);
      return;
    }

  delayed = g_new0 (Delayed, 1);
  delayed->message = g_object_ref (message);
  delayed->answer = answer;
  soup_server_message_pause (message);
  timer = g_timeout_source_new (answer->delay_ms);
  g_source_set_callback (timer, answer_late, delayed, NULL);
  g_source_attach (timer, g_main_context_get_thread_default ());
}

static void
add_answer (ColombeTestHttp *http,
            const char      *host,
            const char      *path,
            Answer          *answer)
{
  GHashTable *routes = g_object_get_data (G_OBJECT (http), "test-routes");
  g_autofree char *key = g_strconcat (host, " ", path, NULL);
  Answer *first;

  /* The fixture's first matching route wins: one handler per host and
   * path, whose answers differ by scheme. */
  if (routes == NULL)
    {
      routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_data_full (G_OBJECT (http), "test-routes", routes,
                              (GDestroyNotify) g_hash_table_unref);
    }
  if ((first = g_hash_table_lookup (routes, key)) != NULL)
    {
      while (first->next != NULL)
        first = first->next;
      first->next = answer;
      return;
    }
  g_hash_table_insert (routes, g_steal_pointer (&key), answer);
  colombe_test_http_add_handler (http, host, path, answer_request, answer, answer_free);
}

/* HOST PATH answers a clientConfig tagged @tag, over @scheme only (NULL: both) */
static void
serve_config (ColombeTestHttp *http,
              const char      *scheme,
              const char      *host,
              const char      *path,
              const char      *domain,
              const char      *tag,
              guint            delay_ms)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->scheme = g_strdup (scheme);
  answer->status = SOUP_STATUS_OK;
  answer->content_type = g_strdup ("text/xml");
  answer->body = config_xml (domain, tag);
  answer->delay_ms = delay_ms;
  add_answer (http, host, path, answer);
}

static void
serve_redirect (ColombeTestHttp *http,
                const char      *scheme,
                const char      *host,
                const char      *path,
                const char      *location)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->scheme = g_strdup (scheme);
  answer->status = SOUP_STATUS_FOUND;
  answer->location = g_strdup (location);
  add_answer (http, host, path, answer);
}

/* The provider's two https addresses and the ISPDB's for @domain */
static void
serve_autoconfig (ColombeTestHttp *http,
                  const char      *domain,
                  const char      *tag,
                  guint            delay_ms)
{
  g_autofree char *host = g_strconcat ("autoconfig.", domain, NULL);

  serve_config (http, "https", host, CONFIG_PATH, domain, tag, delay_ms);
}

static void
serve_well_known (ColombeTestHttp *http,
                  const char      *domain,
                  const char      *tag,
                  guint            delay_ms)
{
  serve_config (http, "https", domain, WELL_KNOWN_PATH, domain, tag, delay_ms);
}

static void
serve_ispdb (ColombeTestHttp *http,
             const char      *domain,
             const char      *tag)
{
  g_autofree char *path = g_strconcat ("/v1.1/", domain, NULL);

  serve_config (http, "https", ISPDB_HOST, path, domain, tag, 0);
}

static ColombeTestHttp *
web_new (ColombeTestCert cert)
{
  ColombeTestHttp *http = colombe_test_http_new (pki);

  colombe_test_http_set_ports (http, 443, 80);
  colombe_test_http_set_certificate (http, cert);
  return http;
}

static void
web_start (ColombeTestHttp *http)
{
  g_autoptr(GError) error = NULL;

  colombe_test_http_start (http, &error);
  g_assert_no_error (error);
}

/* How many requests the server saw whose line contains @needle */
static guint
count_requests (ColombeTestHttp *http,
                const char      *needle)
{
  g_auto(GStrv) requests = colombe_test_http_dup_requests (http);
  guint count = 0;

  for (guint i = 0; requests[i] != NULL; i++)
    {
      g_test_message ("request: %s", requests[i]);
      if (strstr (requests[i], needle) != NULL)
        count++;
    }
  return count;
}

/* ---- running detect and reading its answer ---- */

typedef struct
{
  ColombeTestRun  run;
  JsonParser     *parser;
  JsonObject     *root;
  gint64          ms;
} Detect;

static void
detect_clear (Detect *detect)
{
  colombe_test_run_clear (&detect->run);
  g_clear_object (&detect->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Detect, detect_clear)

/* `colombe detect ADDRESS --json --ca-file CA --ispdb-url …` and @extra */
static void
detect_run (Detect     *detect,
            const char *address,
            const char *extra,
            const char *extra_value)
{
  const char *argv[] = { COLOMBE_BINARY, "detect", address, "--json",
                         "--ca-file", colombe_test_pki_get_ca_file (pki),
                         "--ispdb-url", ISPDB_URL, extra, extra_value, NULL };
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  colombe_test_run (&detect->run, NULL, NULL, argv);
  detect->ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("detect %s: exit %d after %" G_GINT64_FORMAT " ms\n%s%s", address,
                  detect->run.status, detect->ms, detect->run.out, detect->run.err);

  detect->parser = json_parser_new ();
  json_parser_load_from_data (detect->parser, detect->run.out, -1, &error);
  g_assert_no_error (error);
  detect->root = json_node_get_object (json_parser_get_root (detect->parser));
  g_assert_nonnull (detect->root);
}

static JsonObject *
source_report (Detect     *detect,
               const char *name)
{
  return colombe_test_json_source_report (detect->root, name);
}

static const char *
source_state (Detect     *detect,
              const char *name)
{
  return json_object_get_string_member (source_report (detect, name), "state");
}

static const char *
source_message (Detect     *detect,
                const char *name)
{
  return json_object_get_string_member_with_default (source_report (detect, name),
                                                     "message", NULL);
}

static JsonObject *
best_account (Detect *detect)
{
  g_assert_false (json_object_get_null_member (detect->root, "account"));
  return json_object_get_object_member (detect->root, "account");
}

static const char *
best_source (Detect *detect)
{
  return json_object_get_string_member (best_account (detect), "source");
}

static const char *
best_server (Detect     *detect,
             const char *direction,
             const char *field)
{
  JsonObject *server = json_object_get_object_member (best_account (detect), direction);

  return json_object_get_string_member (server, field);
}

static JsonObject *
best_provenance (Detect *detect)
{
  JsonObject *account = best_account (detect);

  g_assert_true (json_object_has_member (account, "provenance"));
  return json_object_get_object_member (account, "provenance");
}

static const char *
best_origin (Detect *detect)
{
  return json_object_get_string_member_with_default (best_provenance (detect), "origin", NULL);
}

/* The candidates' sources in order, each run of one source said once:
 * "autoconfig,well-known,ispdb" */
static char *
candidate_sources (Detect *detect)
{
  JsonArray *candidates = json_object_get_array_member (detect->root, "candidates");
  g_autoptr(GString) sources = g_string_new (NULL);
  const char *last = NULL;

  for (guint i = 0; i < json_array_get_length (candidates); i++)
    {
      JsonObject *candidate = json_array_get_object_element (candidates, i);
      const char *source = json_object_get_string_member (candidate, "source");

      if (g_strcmp0 (source, last) == 0)
        continue;
      g_string_append_printf (sources, "%s%s", sources->len > 0 ? "," : "", source);
      last = source;
    }
  return g_string_free (g_steal_pointer (&sources), FALSE);
}

static void
assert_nothing_found (Detect *detect)
{
  g_assert_cmpint (detect->run.status, ==, 1);
  g_assert_true (json_object_get_null_member (detect->root, "account"));
}

/* ---- each source alone ---- */

static void
test_autoconfig_alone (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  /* late, so that the other sources have answered by then */
  serve_autoconfig (http, "ac.test", "autoconfig", 300);
  web_start (http);

  /* A "+" must reach the server escaped, or it would read a space. */
  detect_run (&detect, "alice+lists@ac.test", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "found");
  g_assert_cmpstr (source_state (&detect, "well-known"), ==, "not-found");
  g_assert_cmpstr (source_state (&detect, "builtin"), ==, "not-found");
  g_assert_cmpstr (best_source (&detect), ==, "autoconfig");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-autoconfig.ac.test");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     best_account (&detect), "incoming"), "port"), ==, 993);
  g_assert_cmpstr (best_server (&detect, "incoming", "security"), ==, "tls");
  g_assert_cmpstr (best_server (&detect, "incoming", "username"), ==, "alice+lists@ac.test");
  g_assert_cmpstr (best_server (&detect, "outgoing", "host"), ==, "smtp-autoconfig.ac.test");
  g_assert_cmpstr (best_server (&detect, "outgoing", "security"), ==, "tls");
  g_assert_cmpstr (best_origin (&detect), ==,
                   "https://autoconfig.ac.test" CONFIG_PATH "?emailaddress=alice%2Blists%40ac.test");
  g_assert_false (json_object_get_boolean_member (best_provenance (&detect), "unauthenticated"));
  g_assert_cmpuint (count_requests (http, "GET https://autoconfig.ac.test" CONFIG_PATH
                                    "?emailaddress=alice%2Blists%40ac.test"), ==, 1);
}

static void
test_well_known_alone (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  serve_well_known (http, "wk.test", "well-known", 0);
  web_start (http);

  detect_run (&detect, "alice@wk.test", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "not-found");
  g_assert_cmpstr (source_state (&detect, "well-known"), ==, "found");
  g_assert_cmpstr (best_source (&detect), ==, "well-known");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-well-known.wk.test");
  g_assert_cmpstr (best_server (&detect, "outgoing", "host"), ==, "smtp-well-known.wk.test");
  g_assert_cmpuint (count_requests (http, "https://wk.test" WELL_KNOWN_PATH
                                    "?emailaddress=alice%40wk.test"), ==, 1);
}

static void
test_ispdb_alone (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  serve_ispdb (http, "isp.test", "ispdb");
  web_start (http);

  detect_run (&detect, "alice@isp.test", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "ispdb"), ==, "found");
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "not-found");
  g_assert_cmpstr (source_state (&detect, "well-known"), ==, "not-found");
  g_assert_cmpstr (best_source (&detect), ==, "ispdb");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-ispdb.isp.test");
  g_assert_cmpstr (best_origin (&detect), ==, ISPDB_URL "/isp.test");
  /* The shared database learns the domain, never the person's address. */
  g_assert_cmpuint (count_requests (http, ISPDB_HOST "/v1.1/isp.test"), ==, 1);
  g_assert_cmpuint (count_requests (http, ISPDB_HOST "/v1.1/isp.test?"), ==, 0);
}

/* Over plain http only: used, since nothing better exists, and marked. */
static void
test_http_alone (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) first = { 0 };
  g_auto(Detect) second = { 0 };

  colombe_test_watchdog_arm (30);
  /* autoconfig.<domain> comes before .well-known, even when it is slower */
  serve_config (http, "http", "autoconfig.plain.test", CONFIG_PATH, "plain.test", "http", 300);
  serve_config (http, "http", "plain.test", WELL_KNOWN_PATH, "plain.test", "http-wk", 0);
  serve_config (http, "http", "plainwk.test", WELL_KNOWN_PATH, "plainwk.test", "http-wk", 0);
  web_start (http);

  detect_run (&first, "alice@plain.test", NULL, NULL);
  g_assert_cmpint (first.run.status, ==, 0);
  g_assert_cmpstr (source_state (&first, "autoconfig"), ==, "not-found");
  g_assert_cmpstr (source_state (&first, "autoconfig-http"), ==, "found");
  g_assert_cmpstr (best_source (&first), ==, "autoconfig-http");
  g_assert_cmpstr (best_server (&first, "incoming", "host"), ==, "imap-http.plain.test");
  /* over plain http, the address is not sent along */
  g_assert_cmpstr (best_origin (&first), ==, "http://autoconfig.plain.test" CONFIG_PATH);
  g_assert_true (json_object_get_boolean_member (best_provenance (&first), "unauthenticated"));
  /* https had nothing at all: no certificate failure to warn about */
  g_assert_true (json_object_get_null_member (best_provenance (&first), "notice"));

  detect_run (&second, "alice@plainwk.test", NULL, NULL);
  g_assert_cmpint (second.run.status, ==, 0);
  g_assert_cmpstr (best_source (&second), ==, "autoconfig-http");
  g_assert_cmpstr (best_server (&second, "incoming", "host"), ==, "imap-http-wk.plainwk.test");
  g_assert_cmpstr (best_origin (&second), ==, "http://plainwk.test" WELL_KNOWN_PATH);
  g_assert_true (json_object_get_boolean_member (best_provenance (&second), "unauthenticated"));
}

/* https answers late, http at once: the http answer is still not used. */
static void
test_http_ignored_when_https_answers (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };
  g_autofree char *sources = NULL;

  colombe_test_watchdog_arm (30);
  serve_autoconfig (http, "both.test", "autoconfig", 400);
  serve_config (http, "http", "autoconfig.both.test", CONFIG_PATH, "both.test", "http", 0);
  web_start (http);

  detect_run (&detect, "alice@both.test", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "autoconfig-http"), ==, "found");
  g_assert_cmpstr (best_source (&detect), ==, "autoconfig");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-autoconfig.both.test");
  sources = candidate_sources (&detect);
  g_assert_cmpstr (sources, ==, "autoconfig");
  g_assert_cmpuint (count_requests (http, "http://autoconfig.both.test"), ==, 1);
}

/* ---- ranking ---- */

/* The better a source, the later it answers: the ranking, not the race, decides. */
static void
test_ranking (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };
  g_autofree char *sources = NULL;

  colombe_test_watchdog_arm (30);
  serve_autoconfig (http, "rank.test", "autoconfig", 600);
  serve_well_known (http, "rank.test", "well-known", 300);
  serve_ispdb (http, "rank.test", "ispdb");
  web_start (http);

  detect_run (&detect, "alice@rank.test", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (best_source (&detect), ==, "autoconfig");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-autoconfig.rank.test");
  sources = candidate_sources (&detect);
  g_assert_cmpstr (sources, ==, "autoconfig,well-known,ispdb");
}

/* free.fr is in the built-in database: it ranks below the provider's
 * own files and above the ISPDB. */
static void
test_ranking_builtin (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };
  g_autofree char *sources = NULL;

  colombe_test_watchdog_arm (30);
  serve_well_known (http, "free.fr", "well-known", 300);
  serve_ispdb (http, "free.fr", "ispdb");
  web_start (http);

  detect_run (&detect, "alice@free.fr", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "builtin"), ==, "found");
  g_assert_cmpstr (source_state (&detect, "ispdb"), ==, "found");
  g_assert_cmpstr (best_source (&detect), ==, "well-known");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-well-known.free.fr");
  sources = candidate_sources (&detect);
  g_assert_cmpstr (sources, ==, "well-known,builtin,ispdb");
}

/* ---- redirects ----
 *
 * Within the registrable domain means by the public suffix list: .test is
 * not in it, so a .test host is its own domain there. The redirects that
 * must be followed are tried under .fr. */

static void
test_redirect_followed (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  serve_redirect (http, "https", "autoconfig.redir-ok.fr", CONFIG_PATH,
                  "https://redir-ok.fr/moved/config.xml");
  serve_config (http, "https", "redir-ok.fr", "/moved/config.xml", "redir-ok.fr", "moved", 0);
  web_start (http);

  detect_run (&detect, "alice@redir-ok.fr", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "found");
  g_assert_cmpstr (best_source (&detect), ==, "autoconfig");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-moved.redir-ok.fr");
  g_assert_cmpstr (best_origin (&detect), ==, "https://redir-ok.fr/moved/config.xml");
}

/* Plain http may move up to https in its own domain, and the answer is
 * still the http source's. */
static void
test_redirect_http_to_https (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  serve_redirect (http, "http", "autoconfig.plain-up.fr", CONFIG_PATH,
                  "https://plain-up.fr/secure.xml");
  serve_config (http, "https", "plain-up.fr", "/secure.xml", "plain-up.fr", "secure", 0);
  web_start (http);

  detect_run (&detect, "alice@plain-up.fr", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "not-found");
  g_assert_cmpstr (best_source (&detect), ==, "autoconfig-http");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-secure.plain-up.fr");
  g_assert_cmpstr (best_origin (&detect), ==, "https://plain-up.fr/secure.xml");
}

/* Each refused redirect leads to a working file: following it would find it. */
static void
test_redirects_refused (void)
{
  static const struct {
    const char *domain;
    const char *location;
    const char *message;
  } cases[] = {
    { "redir-http.test", "http://autoconfig.redir-http.test/plain.xml", "unencrypted" },
    { "redir-away.test", "https://autoconfig.elsewhere.test" CONFIG_PATH, "another domain" },
    { "redir-loop.test", CONFIG_PATH, "too many redirects" },
  };
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);

  colombe_test_watchdog_arm (60);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *host = g_strconcat ("autoconfig.", cases[i].domain, NULL);

      serve_redirect (http, NULL, host, CONFIG_PATH, cases[i].location);
    }
  serve_config (http, NULL, "autoconfig.redir-http.test", "/plain.xml", "redir-http.test",
                "plain", 0);
  serve_autoconfig (http, "elsewhere.test", "elsewhere", 0);
  web_start (http);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *address = g_strconcat ("alice@", cases[i].domain, NULL);
      g_auto(Detect) detect = { 0 };

      detect_run (&detect, address, NULL, NULL);
      g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "error");
      g_assert_nonnull (strstr (source_message (&detect, "autoconfig"), cases[i].message));
      assert_nothing_found (&detect);
    }
  g_assert_cmpuint (count_requests (http, "/plain.xml"), ==, 0);
  g_assert_cmpuint (count_requests (http, "elsewhere.test"), ==, 0);
}

/* ---- wrong content ---- */

static void
serve_bytes (ColombeTestHttp *http,
             const char      *domain,
             guint            status,
             const char      *content_type,
             const char      *body)
{
  g_autofree char *host = g_strconcat ("autoconfig.", domain, NULL);
  Answer *answer = g_new0 (Answer, 1);

  answer->scheme = g_strdup ("https");
  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = g_strdup (body);
  add_answer (http, host, CONFIG_PATH, answer);
}

#define XML_BOMB \
  "<?xml version=\"1.0\"?>\n" \
  "<!DOCTYPE lolz [\n" \
  " <!ENTITY lol \"lol\">\n" \
  " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n" \
  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n" \
  " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n" \
  " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n" \
  " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n" \
  " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n" \
  " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n" \
  " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n" \
  "]>\n" \
  "<clientConfig version=\"1.1\"><emailProvider id=\"&lol9;\"/></clientConfig>\n"

/* The autoconfig file is bad in one way per domain, the well-known one is
 * good: autoconfig fails, the other answers as if nothing happened. */
static void
test_wrong_content (void)
{
  static const char * const cases[] = {
    "html.test", "page.test", "bomb.test", "huge.test", "hugelen.test", "e500.test",
  };
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);

  colombe_test_watchdog_arm (90);
  serve_bytes (http, "html.test", SOUP_STATUS_OK, "text/html",
               "<!DOCTYPE html>\n<html><head><title>Welcome</title></head>"
               "<body><p>Under construction</p></body></html>\n");
  serve_bytes (http, "page.test", SOUP_STATUS_OK, "text/html",
               "<html><head><title>Parked</title></head><body>For sale</body></html>\n");
  serve_bytes (http, "bomb.test", SOUP_STATUS_OK, "text/xml", XML_BOMB);
  colombe_test_http_add_oversize (http, "autoconfig.huge.test", CONFIG_PATH,
                                  3 * 1024 * 1024, FALSE);
  colombe_test_http_add_oversize (http, "autoconfig.hugelen.test", CONFIG_PATH,
                                  3 * 1024 * 1024, TRUE);
  serve_bytes (http, "e500.test", SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/plain",
               "Internal Server Error\n");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    serve_well_known (http, cases[i], "well-known", 0);
  web_start (http);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *address = g_strconcat ("alice@", cases[i], NULL);
      g_autofree char *host = g_strconcat ("imap-well-known.", cases[i], NULL);
      g_auto(Detect) detect = { 0 };

      detect_run (&detect, address, NULL, NULL);
      g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "error");
      g_assert_nonnull (source_message (&detect, "autoconfig"));
      g_assert_cmpstr (source_state (&detect, "well-known"), ==, "found");
      g_assert_cmpint (detect.run.status, ==, 0);
      g_assert_cmpstr (best_source (&detect), ==, "well-known");
      g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, host);
    }
}

/* One byte every 200 ms: the source's own bound (--timeout) ends it. */
static void
test_slow_trickle (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_autofree char *config = config_xml ("slow.test", "slow");
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  colombe_test_http_add_slow (http, "autoconfig.slow.test", CONFIG_PATH, "text/xml",
                              config, 200);
  web_start (http);

  detect_run (&detect, "alice@slow.test", "--timeout", "2");
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "timeout");
  assert_nothing_found (&detect);
  g_assert_cmpint (detect.ms, <, 5000);
}

/* ---- dead hosts ---- */

/* A port that completes TCP handshakes and never reads nor answers:
 * listening without ever accepting. (ColombeTestFault listens on a free
 * port; the sources always ask port 443.) */
static GSocket *
black_hole_new (guint16 port)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new_from_string (BLACK_HOLE_ADDRESS, port);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&socket);
}

static void
test_black_hole (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_autoptr(GSocket) hole = black_hole_new (443);
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  serve_well_known (http, "hole.test", "well-known", 0);
  web_start (http);

  detect_run (&detect, "alice@hole.test", NULL, NULL);
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "timeout");
  g_assert_cmpstr (source_state (&detect, "well-known"), ==, "found");
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (best_source (&detect), ==, "well-known");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-well-known.hole.test");
  /* One grace period, far below the autoconfig source's own 8 s */
  g_assert_cmpint (detect.ms, <, 6000);
}

/* ---- certificates ---- */

/* autoconfig.badname.test is not in the certificate: that source fails,
 * and the http answer for the same host is not used, since https found
 * something elsewhere. */
static void
test_certificate_wrong_host (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };
  g_autofree char *sources = NULL;

  colombe_test_watchdog_arm (30);
  serve_autoconfig (http, "badname.test", "autoconfig", 0);
  serve_well_known (http, "badname.test", "well-known", 300);
  serve_config (http, "http", "autoconfig.badname.test", CONFIG_PATH, "badname.test", "http", 0);
  web_start (http);

  detect_run (&detect, "alice@badname.test", NULL, NULL);
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "error");
  g_assert_cmpstr (source_message (&detect, "autoconfig"), ==,
                   "the certificate of autoconfig.badname.test was refused: "
                   "it was made for another server");
  g_assert_cmpstr (source_state (&detect, "well-known"), ==, "found");
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (best_source (&detect), ==, "well-known");
  sources = candidate_sources (&detect);
  g_assert_cmpstr (sources, ==, "well-known");
  g_assert_cmpuint (count_requests (http, "https://autoconfig.badname.test"), ==, 0);
}

/* Every https address fails its certificate check: the http answer is all
 * there is, so it is used, and says that https failed. */
static void
test_certificate_refused (void)
{
  static const struct {
    ColombeTestCert cert;
    const char *reason;
  } cases[] = {
    { COLOMBE_TEST_CERT_EXPIRED, "it has expired" },
    { COLOMBE_TEST_CERT_SELF_SIGNED, "no known authority signed it" },
    { COLOMBE_TEST_CERT_NOT_YET_VALID, "it is not valid yet" },
  };

  colombe_test_watchdog_arm (60);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ColombeTestHttp) http = web_new (cases[i].cert);
      g_autofree char *message = g_strconcat ("the certificate of autoconfig.tls.test "
                                              "was refused: ", cases[i].reason, NULL);
      g_auto(Detect) detect = { 0 };

      serve_autoconfig (http, "tls.test", "autoconfig", 0);
      serve_well_known (http, "tls.test", "well-known", 0);
      serve_ispdb (http, "tls.test", "ispdb");
      serve_config (http, "http", "autoconfig.tls.test", CONFIG_PATH, "tls.test", "http", 0);
      web_start (http);

      detect_run (&detect, "alice@tls.test", NULL, NULL);
      g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "error");
      g_assert_cmpstr (source_message (&detect, "autoconfig"), ==, message);
      g_assert_cmpstr (source_state (&detect, "well-known"), ==, "error");
      g_assert_cmpstr (source_state (&detect, "ispdb"), ==, "error");
      g_assert_cmpstr (source_state (&detect, "autoconfig-http"), ==, "found");
      g_assert_cmpint (detect.run.status, ==, 0);
      g_assert_cmpstr (best_source (&detect), ==, "autoconfig-http");
      g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==, "imap-http.tls.test");
      g_assert_true (json_object_get_boolean_member (best_provenance (&detect),
                                                     "unauthenticated"));
      g_assert_nonnull (json_object_get_string_member_with_default (best_provenance (&detect),
                                                                    "notice", NULL));
      /* the handshake failed: no https request ever reached a route */
      g_assert_cmpuint (count_requests (http, "https://"), ==, 0);
    }
}

/* ---- nothing published ---- */

/* No autoconfig host in the DNS, or no web server at all: "not-found",
 * not a failure, and the sources that have something still answer. */
static void
test_nothing_published (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) no_host = { 0 };
  g_auto(Detect) no_server = { 0 };

  colombe_test_watchdog_arm (30);
  serve_well_known (http, "noauto.test", "well-known", 300);
  serve_ispdb (http, "noserver.test", "ispdb");
  web_start (http);

  detect_run (&no_host, "alice@noauto.test", NULL, NULL);
  g_assert_cmpstr (source_state (&no_host, "autoconfig"), ==, "not-found");
  g_assert_cmpstr (source_state (&no_host, "autoconfig-http"), ==, "not-found");
  g_assert_cmpint (no_host.run.status, ==, 0);
  g_assert_cmpstr (best_source (&no_host), ==, "well-known");

  /* noserver.test and its autoconfig host lead to a closed port */
  detect_run (&no_server, "alice@noserver.test", NULL, NULL);
  g_assert_cmpstr (source_state (&no_server, "autoconfig"), ==, "not-found");
  g_assert_cmpstr (source_state (&no_server, "well-known"), ==, "not-found");
  g_assert_cmpstr (source_state (&no_server, "autoconfig-http"), ==, "not-found");
  g_assert_cmpint (no_server.run.status, ==, 0);
  g_assert_cmpstr (best_source (&no_server), ==, "ispdb");
}

/* ---- offline, IDN ---- */

static void
test_offline (void)
{
  static const char * const network_sources[] = {
    "autoconfig", "well-known", "ispdb", "autoconfig-http",
  };
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) known = { 0 };
  g_auto(Detect) unknown = { 0 };

  colombe_test_watchdog_arm (30);
  serve_autoconfig (http, "free.fr", "autoconfig", 0);
  serve_autoconfig (http, "ac.test", "autoconfig", 0);
  web_start (http);

  detect_run (&known, "alice@free.fr", "--offline", NULL);
  g_assert_cmpint (known.run.status, ==, 0);
  g_assert_cmpstr (source_state (&known, "builtin"), ==, "found");
  for (gsize i = 0; i < G_N_ELEMENTS (network_sources); i++)
    g_assert_cmpstr (source_state (&known, network_sources[i]), ==, "skipped");
  g_assert_cmpstr (best_source (&known), ==, "builtin");
  g_assert_cmpstr (best_server (&known, "incoming", "host"), ==, "imap.free.fr");

  detect_run (&unknown, "alice@ac.test", "--offline", NULL);
  g_assert_cmpstr (source_state (&unknown, "builtin"), ==, "not-found");
  g_assert_cmpstr (source_state (&unknown, "autoconfig"), ==, "skipped");
  assert_nothing_found (&unknown);

  g_assert_cmpuint (count_requests (http, "GET"), ==, 0);
}

/* bücher.test is asked for as xn--bcher-kva.test, in the host name and
 * in the address sent along. */
static void
test_idn (void)
{
  g_autoptr(ColombeTestHttp) http = web_new (COLOMBE_TEST_CERT_SERVER);
  g_auto(Detect) detect = { 0 };

  colombe_test_watchdog_arm (30);
  /* late, so that the other sources have asked by then */
  serve_autoconfig (http, "xn--bcher-kva.test", "autoconfig", 300);
  web_start (http);

  detect_run (&detect, "alice@bücher.test", NULL, NULL);
  g_assert_cmpint (detect.run.status, ==, 0);
  g_assert_cmpstr (source_state (&detect, "autoconfig"), ==, "found");
  g_assert_cmpstr (best_source (&detect), ==, "autoconfig");
  g_assert_cmpstr (best_server (&detect, "incoming", "host"), ==,
                   "imap-autoconfig.xn--bcher-kva.test");
  g_assert_cmpuint (count_requests (http, "https://autoconfig.xn--bcher-kva.test" CONFIG_PATH
                                    "?emailaddress=alice%40xn--bcher-kva.test"), ==, 1);
  g_assert_cmpuint (count_requests (http, "https://xn--bcher-kva.test" WELL_KNOWN_PATH), ==, 1);
  g_assert_cmpuint (count_requests (http, ISPDB_HOST "/v1.1/xn--bcher-kva.test"), ==, 1);
}

/* ---- the world ---- */

/* Where DOMAIN (or autoconfig.DOMAIN) lives: loopback, where the server
 * is, but for the dead hosts; NULL for no record. */
static const char *
host_address (const char *domain,
              gboolean    autoconfig)
{
  if (g_str_equal (domain, "noserver.test"))
    return BLACK_HOLE_ADDRESS;   /* a closed port, but in test_black_hole */
  if (autoconfig && g_str_equal (domain, "hole.test"))
    return BLACK_HOLE_ADDRESS;
  if (autoconfig && g_str_equal (domain, "noauto.test"))
    return NULL;

  return COLOMBE_TEST_LOOPBACK;
}

static ColombeTestDns *
world_start (void)
{
  ColombeTestDns *dns = colombe_test_dns_new ();
  g_autoptr(GError) error = NULL;

  /* names of a real top-level domain, answered here and nowhere else */
  colombe_test_dns_add_zone (dns, "free.fr");
  colombe_test_dns_add_zone (dns, "redir-ok.fr");
  colombe_test_dns_add_zone (dns, "plain-up.fr");
  colombe_test_dns_add_address (dns, ISPDB_HOST, COLOMBE_TEST_LOOPBACK);
  for (gsize i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *autoconfig = g_strconcat ("autoconfig.", domains[i], NULL);

      colombe_test_dns_add_address (dns, domains[i], host_address (domains[i], FALSE));
      if (host_address (domains[i], TRUE) != NULL)
        colombe_test_dns_add_address (dns, autoconfig, host_address (domains[i], TRUE));
    }
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);
  return dns;
}

/* Every name of the world in the certificate, but autoconfig.badname.test */
static ColombeTestPki *
pki_new (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  ColombeTestPki *created;

  g_ptr_array_add (names, g_strdup (ISPDB_HOST));
  for (gsize i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_ptr_array_add (names, g_strdup (domains[i]));
      if (!g_str_equal (domains[i], "badname.test"))
        g_ptr_array_add (names, g_strconcat ("autoconfig.", domains[i], NULL));
    }
  g_ptr_array_add (names, NULL);

  created = colombe_test_pki_new ((const char * const *) names->pdata, &error);
  g_assert_no_error (error);
  return created;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ColombeTestDns) dns = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  pki = pki_new ();
  dns = world_start ();

  g_test_add_func ("/discovery-http/autoconfig-alone", test_autoconfig_alone);
  g_test_add_func ("/discovery-http/well-known-alone", test_well_known_alone);
  g_test_add_func ("/discovery-http/ispdb-alone", test_ispdb_alone);
  g_test_add_func ("/discovery-http/http-alone", test_http_alone);
  g_test_add_func ("/discovery-http/http-ignored-when-https-answers",
                   test_http_ignored_when_https_answers);
  g_test_add_func ("/discovery-http/ranking", test_ranking);
  g_test_add_func ("/discovery-http/ranking-builtin", test_ranking_builtin);
  g_test_add_func ("/discovery-http/redirect-followed", test_redirect_followed);
  g_test_add_func ("/discovery-http/redirect-http-to-https", test_redirect_http_to_https);
  g_test_add_func ("/discovery-http/redirects-refused", test_redirects_refused);
  g_test_add_func ("/discovery-http/wrong-content", test_wrong_content);
  g_test_add_func ("/discovery-http/slow-trickle", test_slow_trickle);
  g_test_add_func ("/discovery-http/black-hole", test_black_hole);
  g_test_add_func ("/discovery-http/certificate-wrong-host", test_certificate_wrong_host);
  g_test_add_func ("/discovery-http/certificate-refused", test_certificate_refused);
  g_test_add_func ("/discovery-http/nothing-published", test_nothing_published);
  g_test_add_func ("/discovery-http/offline", test_offline);
  g_test_add_func ("/discovery-http/idn", test_idn);

  status = g_test_run ();

  colombe_test_dns_stop (dns, NULL);
  g_clear_object (&pki);

  return status;
}
