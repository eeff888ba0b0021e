/* colombe-peek-button.h: a name for the show/hide button of a password row
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void colombe_peek_button_name (AdwPasswordEntryRow *row);

G_END_DECLS
