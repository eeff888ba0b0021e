/* colombe-test-ui.h: what the window tests and the screenshots share to drive a real window
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gpointer colombe_test_ui_child (gpointer    widget,
                                GType       type,
                                const char *name);
void     colombe_test_ui_spin  (guint       ms);
void     colombe_test_ui_destroy_window (gpointer    window);
/* Iterates until @done says so; FALSE after @seconds. */
gboolean colombe_test_ui_spin_until (gboolean  (*done) (void),
                                     guint       seconds);
/* The visible toplevel of @type (a dialog), or NULL. */
GtkWidget *colombe_test_ui_find_toplevel (GType   type);

/* Real input, through the X server (XTest): as a person types. */
void     colombe_test_ui_activate (gpointer        window);
void     colombe_test_ui_press    (gpointer        window,
                                   guint           keyval,
                                   GdkModifierType modifiers);
void     colombe_test_ui_type     (gpointer        window,
                                   const char     *text);
void     colombe_test_ui_scroll   (gpointer        widget,
                                   int             clicks);
gboolean colombe_test_ui_focus_in (gpointer        window,
                                   gpointer        widget);
guint    colombe_test_ui_assert_tab_walks (gpointer window,
                                           gpointer page);

G_END_DECLS
