/* test-window.c: the assistant's window comes up, shows itself and goes away
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "colombe-account-page.h"
#include "colombe-failure-page.h"
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/presents", test_window_presents);
  g_test_add_func ("/window/account-page-validates", test_account_page_validates);
  g_test_add_func ("/window/ispdb-url-refused", test_ispdb_url_refused);

  return g_test_run ();
}
