/* colombe-window.h: the assistant's window
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-application.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_WINDOW (colombe_window_get_type ())

G_DECLARE_FINAL_TYPE (ColombeWindow, colombe_window, COLOMBE, WINDOW, AdwApplicationWindow)

/* Takes --ca-file and --ispdb-url from @application (which may be NULL). */
ColombeWindow *colombe_window_new (ColombeApplication *application);

G_END_DECLS
