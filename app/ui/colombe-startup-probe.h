/* colombe-startup-probe.h: the first frame's time and the peak memory, for tests/bench/startup.sh
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With COLOMBE_STARTUP_PROBE set: once @application's first window has
 * painted its first frame, prints that time and the peak memory, then quits
 * @application. Without it: nothing. */
void colombe_startup_probe_watch (GtkApplication *application);

G_END_DECLS
