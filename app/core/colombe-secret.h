/* colombe-secret.h: strings holding a password, wiped before they are freed
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A string holding a password or something made from it. */
typedef char ColombeSecret;

/* Overwrites the @length bytes at @data, in a way the compiler keeps. */
void colombe_secret_wipe (gpointer       data,
                          gsize          length);
/* Overwrites @secret, then frees it. */
void colombe_secret_free (ColombeSecret *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeSecret, colombe_secret_free)

G_END_DECLS
