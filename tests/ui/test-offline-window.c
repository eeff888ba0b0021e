/* test-offline-window.c: without a network the window says so at once,
 * and tries again by itself when the network comes back
 *
 * In netns-run.sh's namespaces with the test world (Dovecot, the SMTP
 * server, dnsmasq, the autoconfig server). netns-run.sh's default route is
 * what GIO's network monitor counts as a network: taking it away is
 * unplugging the cable, putting it back plugging it in. "At once" is
 * counted, not timed: no source that needs a network was even started
 * (each reports unreachable after 0 ms), and the page is the one the
 * discovery's answer shows; the watchdog is only a bound.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "colombe-account-page.h"
#include "colombe-failure-page.h"
#include "colombe-ready-page.h"
#include "colombe-search-page.h"
#include "colombe-test-fixtures.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

#define child colombe_test_ui_child
#define spin  colombe_test_ui_spin

static ColombeTestWorld *world;
static ColombeWindow *window;

#define WINDOW_CHILD(name) child (window, COLOMBE_TYPE_WINDOW, name)
#define FAILURE_CHILD(name) child (WINDOW_CHILD ("failure_page"), COLOMBE_TYPE_FAILURE_PAGE, name)

static const char *
visible_page (void)
{
  return gtk_stack_get_visible_child_name (WINDOW_CHILD ("pages"));
}

/* Unplugged or plugged in, and this process's network monitor has seen it. */
static void
set_network (gboolean present)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  colombe_test_net_set_default_route (present);
  if (!present)
    while (g_network_monitor_get_network_available (monitor))
      spin (10);
}

static void
wait_while_page (const char *page)
{
  while (g_strcmp0 (visible_page (), page) == 0)
    spin (10);
}

/* Until the run ends on the failure or the ready page. */
static void
wait_for_end (void)
{
  while (g_strcmp0 (visible_page (), "ready") != 0 && g_strcmp0 (visible_page (), "failure") != 0)
    spin (10);
}

static void
type_account (void)
{
  gpointer page = WINDOW_CHILD ("account_page");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "name_row"), "Zoé");
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row"),
                         COLOMBE_TEST_ZOE_LOGIN);
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"),
                         COLOMBE_TEST_ZOE_PASSWORD);
  g_signal_emit_by_name (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "entry-activated");
  g_assert_cmpstr (visible_page (), ==, "search");
}

/* Every source but the built-in list: not started, so unreachable after 0 ms
 * (the row's tooltip has the command line's words). */
static void
assert_nothing_asked (void)
{
  GtkWidget *list = child (WINDOW_CHILD ("search_page"), COLOMBE_TYPE_SEARCH_PAGE, "lookups_list");
  guint rows = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row), rows++)
    {
      /* what the row's tooltip says */
      const char *tooltip = g_object_get_data (G_OBJECT (row), "colombe-detail");

      g_test_message ("%s", tooltip);
      g_assert_null (strstr (tooltip, "not-found"));
      if (strstr (tooltip, "(builtin)") == NULL)
        g_assert_true (g_str_has_suffix (tooltip, ": unreachable, 0 ms"));
    }
  g_assert_cmpuint (rows, >=, 5);
}

static void
assert_offline_page (void)
{
  g_assert_cmpstr (visible_page (), ==, "failure");
  g_assert_cmpstr (gtk_label_get_label (FAILURE_CHILD ("title_label")), ==, "No Internet Connection");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (FAILURE_CHILD ("sentence_label")),
                                   "This computer is not connected to the Internet"));
  g_assert_null (strstr (gtk_label_get_label (FAILURE_CHILD ("next_step_label")), "Edit Settings"));
  g_assert_false (gtk_widget_get_visible (FAILURE_CHILD ("edit_button")));
  g_assert_true (gtk_widget_has_css_class (FAILURE_CHILD ("try_again_button"), "suggested-action"));
}

static void
test_offline_then_back (void)
{
  colombe_test_watchdog_arm (90);
  set_network (FALSE);
  type_account ();
  wait_for_end ();
  assert_offline_page ();
  assert_nothing_asked ();

  /* Try Again while still offline: the same page, at once again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL);
  wait_for_end ();
  assert_offline_page ();
  assert_nothing_asked ();

  /* Plugged in: nobody presses anything, the window searches again. */
  set_network (TRUE);
  wait_while_page ("failure");
  wait_for_end ();
  g_assert_cmpstr (visible_page (), ==, "ready");
  g_assert_cmpint (colombe_account_get_source (colombe_ready_page_get_account (
                     WINDOW_CHILD ("ready_page"))), ==, COLOMBE_SOURCE_AUTOCONFIG);
}

/* Back on screen 1 the network's return does nothing by itself. */
static void
test_no_retry_elsewhere (void)
{
  colombe_test_watchdog_arm (60);
  set_network (FALSE);
  type_account ();
  wait_for_end ();
  assert_offline_page ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  set_network (TRUE);
  spin (500);
  g_assert_cmpstr (visible_page (), ==, "account");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The keyring first: it moves HOME, which GLib reads once. */
  world = colombe_test_world_new (COLOMBE_TEST_WORLD_AUTOCONFIG);
  colombe_test_world_start (world);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = g_object_new (COLOMBE_TYPE_WINDOW,
                         "ca-file", colombe_test_pki_get_ca_file (world->pki),
                         "ispdb-url", "https://127.0.0.1:1/v1.1",
                         NULL);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/offline-window/offline-then-back", test_offline_then_back);
  g_test_add_func ("/offline-window/no-retry-elsewhere", test_no_retry_elsewhere);

  status = g_test_run ();
  colombe_test_ui_destroy_window (window);
  colombe_test_world_free (world);
  return status;
}
