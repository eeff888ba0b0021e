/* test-offline.c: a computer without a network is told so, at once
 *
 * netns-run.sh gives each test a default route that GIO's network monitor
 * counts as a network; this test takes it away, as unplugging the cable
 * would, and puts it back. Nothing is asked of any server, so "at once"
 * is counted, not timed: a source that is not even started reports 0 ms.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"

/* Not a domain of the built-in database, nor close to one. */
#define ADDRESS "benevole@asso-velo.test"
/* Refuses at once: a network that answers. */
#define ISPDB_URL "https://127.0.0.1:1/v1.1"

static void
set_route (gboolean present)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("ip route %s default dev lo table 100",
                                              present ? "add" : "del");
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static JsonObject *
detect_json (ColombeTestRun *run,
             JsonParser     *parser)
{
  const char *argv[] = { COLOMBE_BINARY, "detect", ADDRESS, "--json", "--ispdb-url", ISPDB_URL,
                         NULL };
  g_autoptr(GError) error = NULL;

  colombe_test_run (run, NULL, NULL, argv);
  g_test_message ("%s", run->err);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_offline_detect (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonObject *root;
  JsonArray *sources;

  colombe_test_watchdog_arm (30);
  set_route (FALSE);
  root = detect_json (&run, parser);
  set_route (TRUE);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (json_object_get_boolean_member (root, "offline"));
  sources = json_object_get_array_member (root, "sources");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *source = json_array_get_object_element (sources, i);
      const char *name = json_object_get_string_member (source, "name");
      const char *state = json_object_get_string_member (source, "state");

      g_test_message ("%s: %s", name, state);
      g_assert_cmpstr (state, !=, "not-found");
      if (g_str_equal (name, "builtin"))
        continue;
      /* not even started: said at once */
      g_assert_cmpstr (state, ==, "unreachable");
      g_assert_cmpint (json_object_get_int_member (source, "ms"), ==, 0);
    }
}

/* The first line a person reads says why, and test says it too. */
static void
test_offline_human (void)
{
  const char *detect[] = { COLOMBE_BINARY, "detect", ADDRESS, "--ispdb-url", ISPDB_URL, NULL };
  const char *test[] = { COLOMBE_BINARY, "test", ADDRESS, "--ispdb-url", ISPDB_URL, NULL };
  g_auto(ColombeTestRun) detected = { 0 };
  g_auto(ColombeTestRun) tested = { 0 };

  colombe_test_watchdog_arm (30);
  set_route (FALSE);
  colombe_test_run (&detected, NULL, NULL, detect);
  colombe_test_run (&tested, NULL, NULL, test);
  set_route (TRUE);

  g_assert_cmpint (detected.status, ==, 1);
  g_assert_true (g_str_has_prefix (detected.out, "This computer is not connected to the Internet"));
  g_assert_cmpint (tested.status, ==, 1);
  g_assert_cmpstr (tested.err, ==, "colombe: this computer is not connected to the Internet\n");
}

/* With the route back, the same run is no longer offline: the ISPDB's
 * refusal proves a network. */
static void
test_network_back (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonObject *root;

  colombe_test_watchdog_arm (60);
  root = detect_json (&run, parser);

  g_assert_false (json_object_get_boolean_member (root, "offline"));
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (json_node_is_null (json_object_get_member (root, "account")));
}

/* --offline is the person's choice: the network is not looked at. */
static void
test_offline_option (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "detect", "benevole@free.fr", "--json", "--offline", NULL };
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  colombe_test_watchdog_arm (30);
  set_route (FALSE);
  colombe_test_run (&run, NULL, NULL, argv);
  set_route (TRUE);

  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "offline"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offline/detect", test_offline_detect);
  g_test_add_func ("/offline/human", test_offline_human);
  g_test_add_func ("/offline/network-back", test_network_back);
  g_test_add_func ("/offline/option", test_offline_option);

  return g_test_run ();
}
