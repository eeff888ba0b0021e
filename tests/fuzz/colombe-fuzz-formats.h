/* colombe-fuzz-formats.h: each export format read back as its own client
 * reads it, for fuzz-export
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-account.h"

G_BEGIN_DECLS

/* One value of an export as its reader sees it: where it is (an element
 * path, "group/key", a directive) and what it holds once unquoted. */
typedef struct
{
  char *path;
  char *value;
} ColombeFuzzEntry;

/* Reads @files (ColombeExportFile), written by the exporter @format, with
 * that format's strict rules: any syntax its client would read otherwise
 * than as one value per place aborts. The entries, in the file's order. */
GPtrArray *colombe_fuzz_read_export   (const char     *format,
                                       GPtrArray      *files);

/* The places of @entries without their values, with the parts that are
 * random or derived from a value (UUIDs, hashes) left out: two accounts of
 * the same shape must give the same string. */
char      *colombe_fuzz_dup_shape     (GPtrArray      *entries);

/* Aborts unless the hosts, usernames, names, address and password read
 * back in @entries are exactly those of @account and @password. */
void       colombe_fuzz_check_values  (const char     *format,
                                       GPtrArray      *entries,
                                       ColombeAccount *account,
                                       const char     *password);

/* Prints what failed, with the format, and aborts: libFuzzer keeps the input. */
G_NORETURN void colombe_fuzz_fail     (const char     *format,
                                       const char     *message,
                                       ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
