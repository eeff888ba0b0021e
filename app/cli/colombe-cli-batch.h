/* colombe-cli-batch.h: `colombe detect --batch` and `colombe test --batch`
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-cli.h"

G_BEGIN_DECLS

typedef enum
{
  COLOMBE_CLI_BATCH_DETECT,
  COLOMBE_CLI_BATCH_TEST,
} ColombeCliBatchKind;

typedef struct
{
  ColombeCliDiscoveryOptions *discovery;        /* checked already */
  gboolean                    allow_plaintext;  /* test */
  int                         password_fd;      /* test; -1: the keyring's */
} ColombeCliBatchOptions;

/* Reads @file ("-": standard input), prints a JSON object per address in
 * its order and a summary on standard error; the exit status. */
int colombe_cli_batch_run (ColombeCliBatchKind     kind,
                           const char             *file,
                           ColombeCliBatchOptions *options);

G_END_DECLS
