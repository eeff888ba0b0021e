/* colombe-host-gate.h: how many connections to one mail server at once
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define COLOMBE_TYPE_HOST_GATE (colombe_host_gate_get_type ())

G_DECLARE_FINAL_TYPE (ColombeHostGate, colombe_host_gate, COLOMBE, HOST_GATE, GObject)

/* The process's gate, which every probe passes: no limit until one is set. */
ColombeHostGate *colombe_host_gate_get_default   (void);
ColombeHostGate *colombe_host_gate_new           (void);

/* At most @limit connections to one host at once (0: no limit); those
 * beyond it wait, first come first served. */
void             colombe_host_gate_set_limit     (ColombeHostGate      *self,
                                                  guint                 limit);
guint            colombe_host_gate_get_limit     (ColombeHostGate      *self);

/* Waits for a place for one connection to @host (names compared without
 * case); CANCELLED when @cancellable goes first. Each place entered is
 * left once, when its connection is closed. */
void             colombe_host_gate_enter_async   (ColombeHostGate      *self,
                                                  const char           *host,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         colombe_host_gate_enter_finish  (ColombeHostGate      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             colombe_host_gate_leave         (ColombeHostGate      *self,
                                                  const char           *host);

/* What went through, for the batch's summary and the benchmark: hosts
 * reached, connections entered, and the most held at once to one host. */
guint            colombe_host_gate_get_n_hosts   (ColombeHostGate      *self);
guint            colombe_host_gate_get_n_entered (ColombeHostGate      *self);
guint            colombe_host_gate_get_peak      (ColombeHostGate      *self);

G_END_DECLS
