/* test-check-config.c: `colombe check-config URL` against a real HTTPS server
 *
 * The ISPDB corpus is served over HTTPS (test CA) and HTTP on loopback,
 * inside this test's own network namespace.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"

static ColombeTestPki *pki;
static ColombeTestHttp *http;


static void
run_check_config (ColombeTestRun        *run,
                  const char *url,
                  gboolean    with_ca)
{
  const char *argv[] = { COLOMBE_BINARY, "check-config", url, "--json",
                         with_ca ? "--ca-file" : NULL, colombe_test_pki_get_ca_file (pki), NULL };

  colombe_test_run (run, NULL, NULL, argv);
}

static void
test_https_with_ca (void)
{
  g_autofree char *url = colombe_test_http_dup_url (http, TRUE, NULL, "/v1.1/free.fr");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  ColombeTestRun run = { 0 };
  JsonObject *root;
  JsonObject *incoming;

  colombe_test_watchdog_arm (30);
  run_check_config (&run, url, TRUE);
  g_assert_cmpint (run.status, ==, 0);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "provider"),
                                                  "id"), ==, "free.fr");
  incoming = json_array_get_object_element (json_object_get_array_member (root, "incoming"), 0);
  g_assert_cmpstr (json_object_get_string_member (incoming, "host"), ==, "imap.free.fr");
  g_assert_cmpint (json_object_get_int_member (incoming, "port"), ==, 993);
  g_assert_cmpstr (json_object_get_string_member (incoming, "username"), ==, "%EMAILLOCALPART%");
  colombe_test_run_clear (&run);
}

/* A relative --ca-file is taken from the current folder: GTlsFileDatabase
 * would drop it with a mere warning, and the server then looked untrusted. */
static void
test_https_with_relative_ca (void)
{
  g_autofree char *url = colombe_test_http_dup_url (http, TRUE, NULL, "/v1.1/free.fr");
  g_autofree char *folder = g_path_get_dirname (colombe_test_pki_get_ca_file (pki));
  g_autofree char *name = g_path_get_basename (colombe_test_pki_get_ca_file (pki));
  g_autofree char *here = g_get_current_dir ();
  const char *argv[] = { COLOMBE_BINARY, "check-config", url, "--json", "--ca-file", name, NULL };
  g_auto(ColombeTestRun) run = { 0 };

  colombe_test_watchdog_arm (30);
  g_assert_cmpint (g_chdir (folder), ==, 0);
  colombe_test_run (&run, NULL, NULL, argv);
  g_assert_cmpint (g_chdir (here), ==, 0);

  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"imap.free.fr\""));
  g_assert_cmpstr (run.err, ==, "");
}

/* Without --ca-file the test CA is unknown: certificates are verified. */
static void
test_https_without_ca (void)
{
  g_autofree char *url = colombe_test_http_dup_url (http, TRUE, NULL, "/v1.1/free.fr");
  ColombeTestRun run = { 0 };

  colombe_test_watchdog_arm (30);
  run_check_config (&run, url, FALSE);
  colombe_test_run_assert_usage_error (&run);
  colombe_test_run_clear (&run);
}

static void
test_refusals (void)
{
  const char *paths[] = { "/v1.1/no-such-provider.test", "/loop", "/to-http", "/huge" };

  colombe_test_watchdog_arm (60);
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = colombe_test_http_dup_url (http, TRUE, NULL, paths[i]);
      ColombeTestRun run = { 0 };

      g_test_message ("%s", paths[i]);
      run_check_config (&run, url, TRUE);
      colombe_test_run_assert_usage_error (&run);
      colombe_test_run_clear (&run);
    }
}

/* An https page sending the reader to plain http must be refused; the
 * http port is known only once the server runs, so answer at request time. */
static void
redirect_to_http (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  g_autofree char *target = colombe_test_http_dup_url (http, FALSE, NULL, "/v1.1/free.fr");

  soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, target);
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
  http = colombe_test_http_new (pki);
  colombe_test_http_add_ispdb (http, NULL, "/v1.1/");
  colombe_test_http_add_redirect (http, NULL, "/loop", 302, "/loop");
  colombe_test_http_add_oversize (http, NULL, "/huge", 3 * 1024 * 1024, FALSE);
  colombe_test_http_add_handler (http, NULL, "/to-http", redirect_to_http, NULL, NULL);
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  g_test_add_func ("/check-config/https-with-ca", test_https_with_ca);
  g_test_add_func ("/check-config/https-with-relative-ca", test_https_with_relative_ca);
  g_test_add_func ("/check-config/https-without-ca", test_https_without_ca);
  g_test_add_func ("/check-config/refusals", test_refusals);

  status = g_test_run ();

  colombe_test_http_stop (http);
  g_clear_object (&http);

  return status;
}
