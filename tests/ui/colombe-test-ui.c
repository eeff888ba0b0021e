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
