/* colombe-step-timer.c: one step's time limit, as a cancellable
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-step-timer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-protocol.h"
#include "colombe-step-timer.h"

struct _ColombeStepTimer
{
  GCancellable *cancellable;
  GCancellable *parent;
  gulong        parent_id;
  guint         timeout_id;
  guint         timeout_ms;
  gboolean      expired;
};

static gboolean
step_timer_expired (gpointer user_data)
{
  ColombeStepTimer *self = user_data;

  self->timeout_id = 0;
  self->expired = TRUE;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static void
step_timer_parent_cancelled (GCancellable *parent,
                             GCancellable *child)
{
  g_cancellable_cancel (child);
}

ColombeStepTimer *
colombe_step_timer_new (GCancellable *parent,
                        guint         timeout_ms)
{
  ColombeStepTimer *self = g_new0 (ColombeStepTimer, 1);

  g_return_val_if_fail (!parent || G_IS_CANCELLABLE (parent), NULL);

  self->cancellable = g_cancellable_new ();
  self->timeout_ms = timeout_ms;
  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      self->parent_id = g_cancellable_connect (parent, G_CALLBACK (step_timer_parent_cancelled),
                                               self->cancellable, NULL);
    }
  self->timeout_id = g_timeout_add (timeout_ms, step_timer_expired, self);

  return self;
}

GCancellable *
colombe_step_timer_get_cancellable (ColombeStepTimer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cancellable;
}

void
colombe_step_timer_check (ColombeStepTimer  *self,
                          const char        *what,
                          GError           **error)
{
  g_return_if_fail (self != NULL);

  colombe_step_timeout_error (self->expired, what, self->timeout_ms, error);
}

void
colombe_step_timeout_error (gboolean     expired,
                            const char  *what,
                            guint        timeout_ms,
                            GError     **error)
{
  if (error == NULL || *error == NULL || !expired ||
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_error (error);
  g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TIMEOUT,
               _("no answer in time (%s, %u s)"), what, (timeout_ms + 999) / 1000);
}

void
colombe_step_timer_free (ColombeStepTimer *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->parent != NULL)
    g_cancellable_disconnect (self->parent, self->parent_id);
  g_clear_object (&self->parent);
  g_clear_object (&self->cancellable);
  g_free (self);
}
