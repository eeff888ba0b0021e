/* colombe-gate-waiter.c: a task waiting its turn at a gate
 *
 * The cancellable's handler runs inside its "cancelled" signal, where it
 * may not disconnect itself: colombe_gate_waiter_cancelled() leaves the
 * handler be, colombe_gate_waiter_enter() disconnects it.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-gate-waiter"

#include "config.h"

#include "colombe-gate-waiter.h"

void
colombe_gate_waiter_init (ColombeGateWaiter *self,
                          GTask             *task)
{
  g_return_if_fail (G_IS_TASK (task));

  *self = (ColombeGateWaiter) { g_object_ref (task), NULL, 0 };
}

void
colombe_gate_waiter_watch (ColombeGateWaiter *self,
                           GCancellable      *cancellable,
                           GCallback          on_cancelled,
                           gpointer           user_data)
{
  if (cancellable == NULL || self->task == NULL)
    return;

  self->cancellable = g_object_ref (cancellable);
  self->cancelled_id = g_cancellable_connect (cancellable, on_cancelled, user_data, NULL);
}

gboolean
colombe_gate_waiter_is_waiting (ColombeGateWaiter *self)
{
  return self->task != NULL;
}

GTask *
colombe_gate_waiter_enter (ColombeGateWaiter *self)
{
  g_return_val_if_fail (self->task != NULL, NULL);

  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  self->cancelled_id = 0;

  return g_steal_pointer (&self->task);
}

void
colombe_gate_waiter_cancelled (ColombeGateWaiter *self)
{
  g_autoptr(GTask) task = NULL;

  self->cancelled_id = 0;
  task = colombe_gate_waiter_enter (self);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           "cancelled while waiting its turn");
}

void
colombe_gate_waiter_clear (ColombeGateWaiter *self)
{
  g_assert (self->task == NULL);
  g_clear_object (&self->cancellable);
}
