/* colombe-test-ui.c: what the window tests and the screenshots share to drive a real window
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "colombe-test-ui.h"

/* A template child, by the name its class binds it under. */
gpointer
colombe_test_ui_child (gpointer    widget,
                       GType       type,
                       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

/* Iterates the main context for @ms milliseconds, without blocking in it. */
void
colombe_test_ui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Destroys the assistant's @window, lets what it cancelled finish (a
 * callback may hold it a moment longer), then checks that nothing else
 * keeps it, nor any of its pages: no leaked reference. */
void
colombe_test_ui_destroy_window (gpointer window)
{
  const char *pages[] = { "account_page", "search_page", "failure_page", "edit_page",
                          "ready_page" };
  GObject *kept[G_N_ELEMENTS (pages)];
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    kept[i] = g_object_ref (colombe_test_ui_child (window, G_OBJECT_TYPE (window), pages[i]));
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (G_OBJECT (window)->ref_count > 1 && g_get_monotonic_time () < deadline)
    colombe_test_ui_spin (10);

  g_assert_finalize_object (window);
  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    g_assert_finalize_object (kept[i]);
}
