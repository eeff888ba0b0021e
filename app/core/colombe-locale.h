/* colombe-locale.h: the person's language, for both programs
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The person's locale, and Colombe's translations from LOCALEDIR or, for
 * run.sh and the tests, from $COLOMBE_LOCALEDIR (the build tree's). */
void colombe_locale_init (void);

G_END_DECLS
