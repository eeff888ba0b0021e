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

G_END_DECLS
