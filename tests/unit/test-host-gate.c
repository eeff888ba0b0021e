/* test-host-gate.c: at most N connections to one host, the rest in order
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "colombe-host-gate.h"

typedef struct
{
  guint    order[8];   /* which waiter entered n-th */
  guint    n_entered;
  guint    n_cancelled;
} Log;

typedef struct
{
  Log   *log;
  guint  id;
} Waiter;

static void
entered (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GError) error = NULL;

  if (colombe_host_gate_enter_finish (COLOMBE_HOST_GATE (object), result, &error))
    waiter->log->order[waiter->log->n_entered++] = waiter->id;
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      waiter->log->n_cancelled++;
    }
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Limit 2: two enter at once, the others in the order they came, one per
 * place given back; the same host whatever the case of its name. */
static void
test_limit (void)
{
  g_autoptr(ColombeHostGate) gate = colombe_host_gate_new ();
  Log log = { { 0 }, 0, 0 };
  Waiter waiters[5];

  colombe_host_gate_set_limit (gate, 2);
  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    {
      waiters[i] = (Waiter) { &log, i };
      colombe_host_gate_enter_async (gate, i % 2 ? "IMAP.example.org" : "imap.example.org", NULL,
                                     entered, &waiters[i]);
    }
  spin ();
  g_assert_cmpuint (log.n_entered, ==, 2);

  colombe_host_gate_leave (gate, "imap.example.org");
  spin ();
  g_assert_cmpuint (log.n_entered, ==, 3);
  g_assert_cmpuint (log.order[2], ==, 2);

  colombe_host_gate_leave (gate, "imap.example.org");
  colombe_host_gate_leave (gate, "imap.example.org");
  spin ();
  g_assert_cmpuint (log.n_entered, ==, 5);
  g_assert_cmpuint (log.order[3], ==, 3);
  g_assert_cmpuint (log.order[4], ==, 4);

  g_assert_cmpuint (colombe_host_gate_get_peak (gate), ==, 2);
  g_assert_cmpuint (colombe_host_gate_get_n_hosts (gate), ==, 1);
  g_assert_cmpuint (colombe_host_gate_get_n_entered (gate), ==, 5);
  for (guint i = 0; i < 2; i++)
    colombe_host_gate_leave (gate, "imap.example.org");
}

/* Another host is not held up by a full one. */
static void
test_hosts_apart (void)
{
  g_autoptr(ColombeHostGate) gate = colombe_host_gate_new ();
  Log log = { { 0 }, 0, 0 };
  Waiter waiters[3] = { { &log, 0 }, { &log, 1 }, { &log, 2 } };

  colombe_host_gate_set_limit (gate, 1);
  colombe_host_gate_enter_async (gate, "a.example.org", NULL, entered, &waiters[0]);
  colombe_host_gate_enter_async (gate, "a.example.org", NULL, entered, &waiters[1]);
  colombe_host_gate_enter_async (gate, "b.example.org", NULL, entered, &waiters[2]);
  spin ();
  g_assert_cmpuint (log.n_entered, ==, 2);
  g_assert_cmpuint (log.order[1], ==, 2);

  colombe_host_gate_leave (gate, "a.example.org");
  spin ();
  g_assert_cmpuint (log.order[2], ==, 1);
  colombe_host_gate_leave (gate, "a.example.org");
  colombe_host_gate_leave (gate, "b.example.org");
}

/* A waiter cancelled leaves the queue: its turn goes to the next one, and
 * it is never given a place. Cancelled before asking: no place either. */
static void
test_cancel (void)
{
  g_autoptr(ColombeHostGate) gate = colombe_host_gate_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Log log = { { 0 }, 0, 0 };
  Waiter waiters[4] = { { &log, 0 }, { &log, 1 }, { &log, 2 }, { &log, 3 } };

  colombe_host_gate_set_limit (gate, 1);
  colombe_host_gate_enter_async (gate, "h.example.org", NULL, entered, &waiters[0]);
  colombe_host_gate_enter_async (gate, "h.example.org", cancellable, entered, &waiters[1]);
  colombe_host_gate_enter_async (gate, "h.example.org", NULL, entered, &waiters[2]);
  g_cancellable_cancel (cancelled);
  colombe_host_gate_enter_async (gate, "h.example.org", cancelled, entered, &waiters[3]);
  spin ();
  g_assert_cmpuint (log.n_entered, ==, 1);
  g_assert_cmpuint (log.n_cancelled, ==, 1);

  g_cancellable_cancel (cancellable);
  spin ();
  g_assert_cmpuint (log.n_cancelled, ==, 2);

  colombe_host_gate_leave (gate, "h.example.org");
  spin ();
  g_assert_cmpuint (log.n_entered, ==, 2);
  g_assert_cmpuint (log.order[1], ==, 2);
  colombe_host_gate_leave (gate, "h.example.org");
  g_assert_cmpuint (colombe_host_gate_get_n_entered (gate), ==, 2);
}

/* No limit (the default): everyone at once. */
static void
test_no_limit (void)
{
  g_autoptr(ColombeHostGate) gate = colombe_host_gate_new ();
  Log log = { { 0 }, 0, 0 };
  Waiter waiters[6];

  g_assert_cmpuint (colombe_host_gate_get_limit (colombe_host_gate_get_default ()), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    {
      waiters[i] = (Waiter) { &log, i };
      colombe_host_gate_enter_async (gate, "x.example.org", NULL, entered, &waiters[i]);
    }
  spin ();
  g_assert_cmpuint (log.n_entered, ==, 6);
  g_assert_cmpuint (colombe_host_gate_get_peak (gate), ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (waiters); i++)
    colombe_host_gate_leave (gate, "x.example.org");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/host-gate/limit", test_limit);
  g_test_add_func ("/host-gate/hosts-apart", test_hosts_apart);
  g_test_add_func ("/host-gate/cancel", test_cancel);
  g_test_add_func ("/host-gate/no-limit", test_no_limit);

  return g_test_run ();
}
