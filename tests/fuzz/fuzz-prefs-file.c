/* fuzz-prefs-file.c: the prefs.js reader, with what it promises
 *
 * Arbitrary bytes are refused as CORRUPT or accepted; an accepted file is
 * written back byte for byte, and a pref set on it (a new one, and one it
 * holds) reads back from the written bytes with everything else in place.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-fuzz.h"
#include "colombe-prefs-file.h"

#define ADDED_NAME  "colombe.fuzz.\"added\""
#define ADDED_VALUE "caf\303\251 \\ \" \n end"

static void
check_set (ColombePrefsFile *prefs)
{
  g_auto(GStrv) names = colombe_prefs_file_dup_names (prefs, "");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ColombePrefsFile) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names_again = NULL;
  const char *held = names[0] != NULL && strcmp (names[0], ADDED_NAME) != 0 ? names[0] : NULL;
  int number = 0;

  colombe_prefs_file_set_string (prefs, ADDED_NAME, ADDED_VALUE);
  if (held != NULL)
    colombe_prefs_file_set_int (prefs, held, 1234);
  bytes = colombe_prefs_file_to_bytes (prefs);
  again = colombe_prefs_file_new_from_data (g_bytes_get_data (bytes, NULL),
                                            g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (colombe_prefs_file_get_string (again, ADDED_NAME), ==, ADDED_VALUE);
  if (held != NULL)
    {
      g_assert_true (colombe_prefs_file_get_int (again, held, &number));
      g_assert_cmpint (number, ==, 1234);
    }
  names_again = colombe_prefs_file_dup_names (again, "");
  g_assert_cmpuint (g_strv_length (names_again), ==,
                    g_strv_length (names) + !g_strv_contains ((const char * const *) names,
                                                              ADDED_NAME));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ColombePrefsFile) prefs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static (data, size);

  prefs = colombe_prefs_file_new_from_data ((const char *) data, size, &error);
  if (prefs == NULL)
    {
      g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT);
      return 0;
    }

  bytes = colombe_prefs_file_to_bytes (prefs);
  g_assert_true (g_bytes_equal (bytes, input));
  check_set (prefs);

  return 0;
}
