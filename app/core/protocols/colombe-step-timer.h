/* colombe-step-timer.h: one step's time limit, as a cancellable
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One step's time limit: a child of @parent that is cancelled when
 * @timeout_ms ran out (or when @parent is cancelled). */
typedef struct _ColombeStepTimer ColombeStepTimer;

ColombeStepTimer *colombe_step_timer_new             (GCancellable      *parent,
                                                      guint              timeout_ms);
GCancellable     *colombe_step_timer_get_cancellable (ColombeStepTimer  *self);
/* Turns the CANCELLED that the timer caused into a TIMEOUT error naming
 * @what; any other error passes unchanged. */
void              colombe_step_timer_check           (ColombeStepTimer  *self,
                                                      const char        *what,
                                                      GError           **error);
void              colombe_step_timer_free            (ColombeStepTimer  *self);

/* Turns a CANCELLED in @error, when @expired says a time limit caused it,
 * into the TIMEOUT error naming @what and @timeout_ms; the step timer's
 * and the handshake gate's. */
void              colombe_step_timeout_error         (gboolean           expired,
                                                      const char        *what,
                                                      guint              timeout_ms,
                                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeStepTimer, colombe_step_timer_free)

G_END_DECLS
