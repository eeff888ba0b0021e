/* colombe-gate-waiter.h: a task waiting its turn at a gate
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the host gate and the handshake gate hold for each one in their
 * queue: the task to return once its turn comes, or CANCELLED when its
 * cancellable goes first. */
typedef struct
{
  GTask        *task;           /* owned while waiting */
  GCancellable *cancellable;
  gulong        cancelled_id;
} ColombeGateWaiter;

void     colombe_gate_waiter_init       (ColombeGateWaiter *self,
                                         GTask             *task);
/* Once in its gate's queue: @on_cancelled (@cancellable, @user_data) runs
 * once if @cancellable goes first, at once if it went already; it takes
 * the waiter out of the queue and calls colombe_gate_waiter_cancelled(). */
void     colombe_gate_waiter_watch      (ColombeGateWaiter *self,
                                         GCancellable      *cancellable,
                                         GCallback          on_cancelled,
                                         gpointer           user_data);
gboolean colombe_gate_waiter_is_waiting (ColombeGateWaiter *self);
/* Its turn: no more cancelling; the task to return on, owned. */
GTask   *colombe_gate_waiter_enter      (ColombeGateWaiter *self);
/* From the on_cancelled handler: returns CANCELLED. */
void     colombe_gate_waiter_cancelled  (ColombeGateWaiter *self);
void     colombe_gate_waiter_clear      (ColombeGateWaiter *self);

G_END_DECLS
