/* colombe-secret.c: strings holding a password, wiped before they are freed
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-secret"

#include "config.h"

#include <string.h>

#include "colombe-secret.h"

/* Through a volatile pointer, so that the compiler cannot drop a write
 * to memory about to be freed. */
static void *(* const volatile wipe) (void *, int, size_t) = memset;

void
colombe_secret_wipe (gpointer data,
                     gsize    length)
{
  g_return_if_fail (data != NULL || length == 0);

  wipe (data, 0, length);
}

void
colombe_secret_free (ColombeSecret *secret)
{
  if (secret == NULL)
    return;

  colombe_secret_wipe (secret, strlen (secret));
  g_free (secret);
}
