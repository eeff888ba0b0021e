/* colombe-test-probe-run.c: running a ColombeProbe to its end in a test
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "colombe-test-probe-run.h"

void
colombe_test_probe_done (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  ColombeTestProbeOutcome *outcome = user_data;

  outcome->ok = colombe_probe_run_finish (COLOMBE_PROBE (object), result, &outcome->error);
  outcome->done = TRUE;
}

gboolean
colombe_test_run_probe (ColombeProbe  *probe,
                        GCancellable  *cancellable,
                        GError       **error)
{
  ColombeTestProbeOutcome outcome = { 0 };

  colombe_probe_run_async (probe, cancellable, colombe_test_probe_done, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (outcome.ok == (outcome.error == NULL));
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);

  return outcome.ok;
}
