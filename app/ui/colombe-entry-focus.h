/* colombe-entry-focus.h: the focus into a text row, what was typed left as it is
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void colombe_entry_focus (AdwEntryRow *row);

G_END_DECLS
