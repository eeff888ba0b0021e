/* test-handshake-gate.c: few handshakes at once, and a silent domain last
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "colombe-handshake-gate.h"
#include "colombe-protocol.h"

/* Far beyond what the loop needs to run a due timer, even ten times slower */
#define PATIENCE_MS 50

typedef struct
{
  const char            *host;
  ColombeHandshakePlace *place;
  gboolean               cancelled;   /* while waiting */
} Waiter;

static void
entered (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GError) error = NULL;

  waiter->place = colombe_handshake_gate_enter_finish (COLOMBE_HANDSHAKE_GATE (object), result,
                                                       &error);
  if (waiter->place == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      waiter->cancelled = TRUE;
    }
}

static void
enter (ColombeHandshakeGate *gate,
       Waiter               *waiter,
       GCancellable         *cancellable)
{
  colombe_handshake_gate_enter_async (gate, waiter->host, cancellable, entered, waiter);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Iterates until @waiter has its place: the patience's timer runs. */
static void
wait_for_place (Waiter *waiter)
{
  while (waiter->place == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
leave (Waiter *waiter)
{
  g_clear_pointer (&waiter->place, colombe_handshake_place_leave);
  spin ();
}

/* Without a limit, every handshake has its place at once. */
static void
test_no_limit (void)
{
  g_autoptr(ColombeHandshakeGate) gate = colombe_handshake_gate_new ();
  Waiter waiters[12];

  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    {
      waiters[i] = (Waiter) { "imap.example.org", NULL, FALSE };
      enter (gate, &waiters[i], NULL);
    }
  spin ();
  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    {
      g_assert_nonnull (waiters[i].place);
      leave (&waiters[i]);
    }
  g_assert_cmpuint (colombe_handshake_gate_get_peak (gate), ==, 12);
  g_assert_cmpuint (colombe_handshake_gate_get_n_stopped (gate), ==, 0);
}

/* Two places: the third waits; when a place is given back it goes to the
 * domain holding none (c.test), before one that holds one (a.test) though
 * a.test's came first. release() gives the place back early. */
static void
test_fewest_places_first (void)
{
  g_autoptr(ColombeHandshakeGate) gate = colombe_handshake_gate_new ();
  Waiter a1 = { "imap.a.test" }, b1 = { "b.test" }, a2 = { "smtp.a.test" }, c1 = { "mail.c.test" };

  colombe_handshake_gate_set_limit (gate, 2, 0);
  enter (gate, &a1, NULL);
  enter (gate, &b1, NULL);
  enter (gate, &a2, NULL);
  enter (gate, &c1, NULL);
  spin ();
  g_assert_nonnull (a1.place);
  g_assert_nonnull (b1.place);
  g_assert_null (a2.place);
  g_assert_null (c1.place);

  colombe_handshake_place_release (b1.place);
  spin ();
  g_assert_nonnull (c1.place);
  g_assert_null (a2.place);

  leave (&b1);
  g_assert_null (a2.place);
  leave (&a1);
  g_assert_nonnull (a2.place);
  leave (&a2);
  leave (&c1);
  g_assert_cmpuint (colombe_handshake_gate_get_peak (gate), ==, 2);
}

/* While another waits, the holder is stopped after the patience: its
 * cancellable is cancelled and the error it gets reads as a time limit.
 * Its domain then goes after every other. */
static void
test_patience (void)
{
  g_autoptr(ColombeHandshakeGate) gate = colombe_handshake_gate_new ();
  Waiter a1 = { "autoconfig.a.test" }, b1 = { "imap.b.test" };
  Waiter a2 = { "imap.a.test" }, c1 = { "imap.c.test" };
  g_autoptr(GError) error = NULL;

  colombe_handshake_gate_set_limit (gate, 1, PATIENCE_MS);
  enter (gate, &a1, NULL);
  spin ();
  g_assert_nonnull (a1.place);
  enter (gate, &b1, NULL);
  wait_for_place (&b1);

  g_assert_true (g_cancellable_is_cancelled (colombe_handshake_place_get_cancellable (a1.place)));
  g_assert_cmpuint (colombe_handshake_gate_get_n_stopped (gate), ==, 1);
  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  colombe_handshake_place_check (a1.place, "the secure connection", &error);
  g_assert_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TIMEOUT);
  leave (&a1);
  /* from here on, nobody is stopped: only the order counts */
  colombe_handshake_gate_set_limit (gate, 1, 0);

  /* b.test went through: not stopped. a.test's next waits behind c.test's. */
  enter (gate, &a2, NULL);
  enter (gate, &c1, NULL);
  spin ();
  g_assert_false (g_cancellable_is_cancelled (colombe_handshake_place_get_cancellable (b1.place)));
  colombe_handshake_place_release (b1.place);
  spin ();
  g_assert_nonnull (c1.place);
  g_assert_null (a2.place);
  leave (&c1);
  g_assert_nonnull (a2.place);
  leave (&a2);
  leave (&b1);
}

/* Nobody waits: a long handshake is never stopped. */
static void
test_patience_alone (void)
{
  g_autoptr(ColombeHandshakeGate) gate = colombe_handshake_gate_new ();
  Waiter a1 = { "imap.a.test" };
  gint64 until = g_get_monotonic_time () + 4 * PATIENCE_MS * 1000;

  colombe_handshake_gate_set_limit (gate, 1, PATIENCE_MS);
  enter (gate, &a1, NULL);
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (a1.place);
  g_assert_false (g_cancellable_is_cancelled (colombe_handshake_place_get_cancellable (a1.place)));
  g_assert_cmpuint (colombe_handshake_gate_get_n_stopped (gate), ==, 0);
  leave (&a1);
}

/* Cancelled while waiting: CANCELLED, and the place goes to the next;
 * the holder's cancellable follows the one it entered with. */
static void
test_cancel (void)
{
  g_autoptr(ColombeHandshakeGate) gate = colombe_handshake_gate_new ();
  g_autoptr(GCancellable) first = g_cancellable_new ();
  g_autoptr(GCancellable) second = g_cancellable_new ();
  Waiter a1 = { "a.test" }, b1 = { "b.test" }, c1 = { "c.test" };

  colombe_handshake_gate_set_limit (gate, 1, 0);
  enter (gate, &a1, first);
  enter (gate, &b1, second);
  enter (gate, &c1, NULL);
  spin ();
  g_cancellable_cancel (second);
  spin ();
  g_assert_true (b1.cancelled);
  g_assert_null (b1.place);

  g_cancellable_cancel (first);
  g_assert_true (g_cancellable_is_cancelled (colombe_handshake_place_get_cancellable (a1.place)));
  leave (&a1);
  g_assert_nonnull (c1.place);
  leave (&c1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshake-gate/no-limit", test_no_limit);
  g_test_add_func ("/handshake-gate/fewest-places-first", test_fewest_places_first);
  g_test_add_func ("/handshake-gate/patience", test_patience);
  g_test_add_func ("/handshake-gate/patience-alone", test_patience_alone);
  g_test_add_func ("/handshake-gate/cancel", test_cancel);

  return g_test_run ();
}
