/* colombe-thunderbird-error.c: the error domain of app/core/thunderbird
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "colombe-thunderbird-error.h"

G_DEFINE_QUARK (colombe-thunderbird-error-quark, colombe_thunderbird_error)
