/* colombe-handshake-gate.h: how many TLS handshakes at once, and whose
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define COLOMBE_TYPE_HANDSHAKE_GATE (colombe_handshake_gate_get_type ())

G_DECLARE_FINAL_TYPE (ColombeHandshakeGate, colombe_handshake_gate, COLOMBE, HANDSHAKE_GATE, GObject)

/* One handshake's place: given back with colombe_handshake_place_leave(). */
typedef struct _ColombeHandshakePlace ColombeHandshakePlace;

/* The process's gate, which every probe's and every https lookup's
 * handshake passes: no limit until one is set. */
ColombeHandshakeGate  *colombe_handshake_gate_get_default    (void);
ColombeHandshakeGate  *colombe_handshake_gate_new            (void);

/* At most @places handshakes at once (0: no limit). While others wait,
 * one that has gone on for @patience_ms is stopped: see the .c file. */
void                   colombe_handshake_gate_set_limit      (ColombeHandshakeGate  *self,
                                                              guint                  places,
                                                              guint                  patience_ms);

/* Waits for a place for one handshake with @host; CANCELLED when
 * @cancellable goes first. */
void                   colombe_handshake_gate_enter_async    (ColombeHandshakeGate  *self,
                                                              const char            *host,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
ColombeHandshakePlace *colombe_handshake_gate_enter_finish   (ColombeHandshakeGate  *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

/* What went through, as the tests count it: handshakes stopped. */
guint                  colombe_handshake_gate_get_n_stopped  (ColombeHandshakeGate  *self);
/* The most handshakes that held a place at once. */
guint                  colombe_handshake_gate_get_peak       (ColombeHandshakeGate  *self);

/* The handshake's cancellable: a child of the one given to enter, also
 * cancelled when the gate stops the handshake. */
GCancellable          *colombe_handshake_place_get_cancellable (ColombeHandshakePlace *place);
/* Turns the CANCELLED that stopping the handshake caused into a TIMEOUT
 * error naming @what; any other error passes unchanged. */
void                   colombe_handshake_place_check         (ColombeHandshakePlace *place,
                                                              const char            *what,
                                                              GError               **error);
/* The handshake went through: gives the place back now, though the
 * connection goes on with the cancellable. */
void                   colombe_handshake_place_release       (ColombeHandshakePlace *place);
/* Gives the place back if still held, and frees it with its cancellable. */
void                   colombe_handshake_place_leave         (ColombeHandshakePlace *place);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeHandshakePlace, colombe_handshake_place_leave)

G_END_DECLS
