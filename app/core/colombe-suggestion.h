/* colombe-suggestion.h: the address a person probably meant
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* When the domain of @text (an address as typed, valid or not) looks like
 * a mistyped well-known mail domain ("gmial.com", "orange.ff", "gmailcom",
 * "laposte.fr"), the address with that domain instead; NULL when the
 * domain is well known itself, or close to none. Works offline, before any
 * lookup. */
char *colombe_suggest_address (const char *text);

G_END_DECLS
