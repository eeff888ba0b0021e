/* colombe-png.h: a black and white picture as a PNG file
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @dark holds @width × @height bytes, row after row: non-zero for a black
 * pixel, zero for a white one. Returns a 1-bit greyscale PNG. */
GBytes *colombe_png_new_bilevel (const guint8  *dark,
                                 guint          width,
                                 guint          height,
                                 GError       **error);

G_END_DECLS
