/* colombe-names.h: the names of an enumeration's values, both ways
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A value and its name: a table of them ends with { 0, NULL }. */
typedef struct
{
  int         value;
  const char *name;
} ColombeName;

/* @value's name in @names; NULL (and a critical) when it has none. */
const char *colombe_names_to_string   (const ColombeName *names,
                                       int                value);
/* The value named @text in @names, compared without regard to ASCII case;
 * FALSE when no entry has that name or @text is NULL. */
gboolean    colombe_names_from_string (const ColombeName *names,
                                       const char        *text,
                                       int               *value);

G_END_DECLS
