/* colombe-fuzz.c: what every libFuzzer target of tests/fuzz starts with
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "colombe-fuzz.h"

/* A critical (a g_return_if_fail that failed) or a warning is a bug the
 * sanitizers cannot see: make it abort, so that libFuzzer keeps the input. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}
