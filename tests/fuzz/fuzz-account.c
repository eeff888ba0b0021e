/* fuzz-account.c: the account JSON reader (export's input), and the writer
 *
 * What the reader accepts, the writer writes so that the reader reads it
 * back to the same account.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-account.h"
#include "colombe-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(ColombeAccount) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;

  /* The reader takes a NUL-terminated buffer, as g_file_get_contents gives */
  text = g_malloc (size + 1);
  memcpy (text, data, size);
  text[size] = '\0';
  account = colombe_account_new_from_data (text, size, &error);
  if (account == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);

  written = colombe_account_to_data (account);
  again = colombe_account_new_from_data (written, -1, &error);
  g_assert_no_error (error);
  rewritten = colombe_account_to_data (again);
  g_assert_cmpstr (written, ==, rewritten);
  colombe_account_needs_consent (account);

  return 0;
}
