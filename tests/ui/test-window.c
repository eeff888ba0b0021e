/* test-window.c: the assistant's window comes up, shows itself and goes away
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "colombe-window.h"

static void
wait_for_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_child_of_type (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_window_presents (void)
{
  ColombeWindow *window = colombe_window_new (NULL);
  AdwStatusPage *status;
  int width;
  int height;

  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Colombe");

  status = ADW_STATUS_PAGE (find_child_of_type (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (status);
  /* The application icon once installed, a generic one in the build tree. */
  g_assert_true (g_strcmp0 (adw_status_page_get_icon_name (status), APPLICATION_ID) == 0 ||
                 g_strcmp0 (adw_status_page_get_icon_name (status), "mail-unread-symbolic") == 0);
  g_assert_nonnull (adw_status_page_get_title (status));

  /* The window must fit a phone: it may not ask for more than 360 px. */
  gtk_widget_get_size_request (GTK_WIDGET (window), &width, &height);
  g_assert_cmpint (width, <=, 360);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/presents", test_window_presents);

  return g_test_run ();
}
