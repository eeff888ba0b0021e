/* colombe-test-probe-run.h: running a ColombeProbe to its end in a test
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-probe.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ColombeTestProbeOutcome;

/* A GAsyncReadyCallback filling the ColombeTestProbeOutcome @user_data. */
void     colombe_test_probe_done (GObject       *object,
                                  GAsyncResult  *result,
                                  gpointer       user_data);
/* Runs @probe to its end; FALSE and @error set when it failed. */
gboolean colombe_test_run_probe  (ColombeProbe  *probe,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
