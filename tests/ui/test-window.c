/* test-window.c: the assistant's window comes up, shows itself and goes away
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "colombe-account-page.h"
#include "colombe-discovery.h"
#include "colombe-failure-page.h"
#include "colombe-search-page.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

/* The shared helper under a short name. */
#define child colombe_test_ui_child

static void
wait_for_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_window_presents (void)
{
  ColombeWindow *window = colombe_window_new (NULL);
  int width;
  int height;

  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Colombe");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, COLOMBE_TYPE_WINDOW, "pages")),
                   ==, "account");

  /* The window must fit a phone: it may not ask for more than 360 px. */
  gtk_widget_get_size_request (GTK_WIDGET (window), &width, &height);
  g_assert_cmpint (width, <=, 360);

  colombe_test_ui_destroy_window (window);
}

/* "Continue" only with a name, a valid address and a password; the
 * address's error beside it in words. */
static void
test_account_page_validates (void)
{
  ColombeWindow *window = colombe_window_new (NULL);
  gpointer page = child (window, COLOMBE_TYPE_WINDOW, "account_page");
  GtkLabel *error = child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_error");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (GTK_WIDGET (window));

  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "name_row"), "Zoé");
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row"), "zoe.example.org");
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "secret");
  /* not while it is being typed */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));

  /* Enter with an invalid address does not leave the page, and says why. */
  g_signal_emit_by_name (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "entry-activated");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, COLOMBE_TYPE_WINDOW, "pages")),
                   ==, "account");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_cmpstr (gtk_label_get_label (error), !=, "");

  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row"), "zoe@example.org");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));

  colombe_test_ui_destroy_window (window);
}

/* A base address the engine refuses stops the search before it starts,
 * the reason on the failure page (as `colombe detect` says it). */
static void
test_ispdb_url_refused (void)
{
  ColombeWindow *window = g_object_new (COLOMBE_TYPE_WINDOW, "ispdb-url", "ftp://x", NULL);
  gpointer page = child (window, COLOMBE_TYPE_WINDOW, "account_page");
  gpointer failure = child (window, COLOMBE_TYPE_WINDOW, "failure_page");

  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (GTK_WIDGET (window));
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "name_row"), "Zoé");
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row"), "zoe@example.org");
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "secret");
  g_signal_emit_by_name (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "entry-activated");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, COLOMBE_TYPE_WINDOW, "pages")),
                   ==, "failure");
  g_assert_cmpstr (gtk_label_get_label (child (failure, COLOMBE_TYPE_FAILURE_PAGE, "sentence_label")),
                   ==, "--ispdb-url: “ftp://x” is not an http or https address");

  colombe_test_ui_destroy_window (window);
}

static GPtrArray *
reports_new (guint              n,
             ColombeLookupState state)
{
  GPtrArray *reports = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      ColombeLookupReport *report = g_new0 (ColombeLookupReport, 1);

      report->name = "guess";
      report->provenance = COLOMBE_SOURCE_GUESS;
      report->state = state;
      g_ptr_array_add (reports, report);
    }

  return reports;
}

/* Progress while the search runs changes the rows' words, not the rows:
 * the same widgets, new subtitles; fewer reports, fewer rows. */
static void
test_search_progress (void)
{
  GtkWidget *page = g_object_new (COLOMBE_TYPE_SEARCH_PAGE, NULL);
  GtkListBox *list = child (page, COLOMBE_TYPE_SEARCH_PAGE, "lookups_list");
  g_autoptr(GPtrArray) waiting = reports_new (3, COLOMBE_LOOKUP_STATE_WAITING);
  g_autoptr(GPtrArray) found = reports_new (3, COLOMBE_LOOKUP_STATE_FOUND);
  g_autoptr(GPtrArray) one = reports_new (1, COLOMBE_LOOKUP_STATE_FOUND);
  GtkListBoxRow *first;

  g_object_ref_sink (page);
  colombe_search_page_set_reports (COLOMBE_SEARCH_PAGE (page), waiting);
  first = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 2));

  colombe_search_page_set_reports (COLOMBE_SEARCH_PAGE (page), found);
  g_assert_true (gtk_list_box_get_row_at_index (list, 0) == first);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), ==,
                   "Answered: settings found");

  colombe_search_page_set_reports (COLOMBE_SEARCH_PAGE (page), one);
  g_assert_true (gtk_list_box_get_row_at_index (list, 0) == first);
  g_assert_null (gtk_list_box_get_row_at_index (list, 1));

  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/presents", test_window_presents);
  g_test_add_func ("/window/account-page-validates", test_account_page_validates);
  g_test_add_func ("/window/ispdb-url-refused", test_ispdb_url_refused);
  g_test_add_func ("/window/search-progress", test_search_progress);

  return g_test_run ();
}
