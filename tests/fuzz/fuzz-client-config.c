/* fuzz-client-config.c: the clientConfig reader, and the writer after it
 *
 * Whatever the reader accepts, the writer must write a document that the
 * reader reads back to the same document (the export of an ISPDB answer
 * goes through exactly that).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "colombe-client-config.h"
#include "colombe-fuzz.h"

static void
check_written (ColombeClientConfig *config)
{
  g_autoptr(ColombeClientConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *rewritten = NULL;
  gsize length;

  written = colombe_client_config_to_data (config, &length);
  again = colombe_client_config_new_from_data (written, length, "written", &error);
  g_assert_no_error (error);
  rewritten = colombe_client_config_to_data (again, NULL);
  g_assert_cmpstr (written, ==, rewritten);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  config = colombe_client_config_new_from_data ((const char *) data, size, "fuzz", &error);
  if (config == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);

  check_written (config);
  problems = colombe_client_config_check (config);
  accounts = colombe_client_config_to_accounts (config, "someone@example.org", "Someone",
                                                COLOMBE_SOURCE_ISPDB, NULL);
  /* A person's address may turn a value the sample passed into one the
   * model refuses: then there are no accounts, never unchecked ones. */
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    g_free (colombe_account_to_data (g_ptr_array_index (accounts, i)));

  return 0;
}
