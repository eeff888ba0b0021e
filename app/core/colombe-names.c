/* colombe-names.c: the names of an enumeration's values, both ways
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-names"

#include "config.h"

#include "colombe-names.h"

const char *
colombe_names_to_string (const ColombeName *names,
                         int                value)
{
  g_return_val_if_fail (names != NULL, NULL);

  for (const ColombeName *entry = names; entry->name != NULL; entry++)
    if (entry->value == value)
      return entry->name;

  g_return_val_if_reached (NULL);
}

gboolean
colombe_names_from_string (const ColombeName *names,
                           const char        *text,
                           int               *value)
{
  g_return_val_if_fail (names != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (const ColombeName *entry = names; entry->name != NULL; entry++)
    {
      if (g_ascii_strcasecmp (entry->name, text) == 0)
        {
          *value = entry->value;
          return TRUE;
        }
    }

  return FALSE;
}
