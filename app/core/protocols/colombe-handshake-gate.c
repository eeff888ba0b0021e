/* colombe-handshake-gate.c: how many TLS handshakes at once, and whose
 *
 * glib-networking performs every TLS handshake in a thread of GLib's GTask
 * pool, and holds the thread until the server has answered. The pool has
 * ten threads; when all ten are held it adds one every tenth of a second
 * or so, and each of those runs one task and ends. Everything else that
 * needs the pool waits meanwhile: the other handshakes, and every name
 * lookup (GLib's resolver runs there too). A host that accepts the
 * connection and never answers holds its thread until the handshake's time
 * limit, so a technical helper's list with a few such domains held every
 * thread, and the other domains' lookups ran out of time waiting for one.
 *
 * So, once a limit is set (the batch sets one), handshakes wait here for
 * one of fewer places than the pool's threads, and their time limit starts
 * when they get it. Two rules keep a silent host from keeping the places:
 *  - while others wait, a handshake that has gone on for the patience is
 *    stopped, as if its time had run out (a server that answers at all
 *    finishes in a few round trips);
 *  - the next place goes to the domain with the fewest handshakes stopped
 *    or slow so far, then with the fewest places held, then first come.
 * Without a limit, every handshake has its place at once, as before.
 *
 * Used from the thread whose main context runs the probes and lookups.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-handshake-gate"

#include "config.h"

#include "colombe-gate-waiter.h"
#include "colombe-handshake-gate.h"
#include "colombe-http.h"
#include "colombe-step-timer.h"

/* A domain's record: hosts of one domain are often one machine. */
typedef struct
{
  guint active;
  guint strikes;    /* handshakes stopped, or that took the patience */
} Group;

struct _ColombeHandshakePlace
{
  ColombeHandshakeGate *gate;
  char                 *group;
  GCancellable         *cancellable;
  GCancellable         *parent;
  gulong                parent_id;
  gint64                started_us;
  guint64               seq;
  gboolean              holding;
  gboolean              stopped;
};

/* A handshake waiting for its place: the task's data. */
typedef struct
{
  ColombeGateWaiter      wait;
  ColombeHandshakePlace *place;    /* owned until returned */
} Waiter;

struct _ColombeHandshakeGate
{
  GObject     parent_instance;

  guint       places;
  guint       patience_ms;
  GHashTable *groups;      /* registrable domain -> Group */
  GPtrArray  *holders;     /* of ColombeHandshakePlace, holding */
  GQueue      waiting;     /* of Waiter */
  guint64     next_seq;
  GSource    *patience;
  guint       n_stopped;
  guint       peak;
};

G_DEFINE_FINAL_TYPE (ColombeHandshakeGate, colombe_handshake_gate, G_TYPE_OBJECT)

static void
colombe_handshake_gate_finalize (GObject *object)
{
  ColombeHandshakeGate *self = COLOMBE_HANDSHAKE_GATE (object);

  /* a place and a waiter hold a reference to the gate: none is left */
  g_assert (g_queue_is_empty (&self->waiting));
  if (self->patience != NULL)
    g_source_destroy (self->patience);
  g_clear_pointer (&self->patience, g_source_unref);
  g_ptr_array_unref (self->holders);
  g_hash_table_unref (self->groups);

  G_OBJECT_CLASS (colombe_handshake_gate_parent_class)->finalize (object);
}

static void
colombe_handshake_gate_class_init (ColombeHandshakeGateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = colombe_handshake_gate_finalize;
}

static void
colombe_handshake_gate_init (ColombeHandshakeGate *self)
{
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->holders = g_ptr_array_new ();
  g_queue_init (&self->waiting);
}

ColombeHandshakeGate *
colombe_handshake_gate_new (void)
{
  return g_object_new (COLOMBE_TYPE_HANDSHAKE_GATE, NULL);
}

ColombeHandshakeGate *
colombe_handshake_gate_get_default (void)
{
  static gsize gate;

  if (g_once_init_enter (&gate))
    g_once_init_leave (&gate, (gsize) colombe_handshake_gate_new ());

  return (ColombeHandshakeGate *) gate;
}

guint
colombe_handshake_gate_get_n_stopped (ColombeHandshakeGate *self)
{
  g_return_val_if_fail (COLOMBE_IS_HANDSHAKE_GATE (self), 0);

  return self->n_stopped;
}

guint
colombe_handshake_gate_get_peak (ColombeHandshakeGate *self)
{
  g_return_val_if_fail (COLOMBE_IS_HANDSHAKE_GATE (self), 0);

  return self->peak;
}

static Group *
lookup_group (ColombeHandshakeGate *self,
              const char           *name)
{
  Group *group = g_hash_table_lookup (self->groups, name);

  if (group == NULL)
    {
      group = g_new0 (Group, 1);
      g_hash_table_insert (self->groups, g_strdup (name), group);
    }

  return group;
}

static gboolean
is_full (ColombeHandshakeGate *self)
{
  return self->places != 0 && self->holders->len >= self->places;
}

/* ---- the places ---- */

static void
place_parent_cancelled (GCancellable *parent,
                        GCancellable *child)
{
  g_cancellable_cancel (child);
}

static ColombeHandshakePlace *
place_new (ColombeHandshakeGate *self,
           const char           *host,
           GCancellable         *parent)
{
  ColombeHandshakePlace *place = g_new0 (ColombeHandshakePlace, 1);

  place->gate = g_object_ref (self);
  place->group = colombe_http_registrable_domain (host);
  place->seq = self->next_seq++;
  place->cancellable = g_cancellable_new ();
  if (parent != NULL)
    {
      place->parent = g_object_ref (parent);
      place->parent_id = g_cancellable_connect (parent, G_CALLBACK (place_parent_cancelled),
                                                place->cancellable, NULL);
    }

  return place;
}

static void
place_take (ColombeHandshakeGate  *self,
            ColombeHandshakePlace *place)
{
  place->holding = TRUE;
  place->started_us = g_get_monotonic_time ();
  g_ptr_array_add (self->holders, place);
  lookup_group (self, place->group)->active++;
  self->peak = MAX (self->peak, self->holders->len);
}

/* Out of the places; a slow one counts against its domain. */
static void
place_release (ColombeHandshakeGate  *self,
               ColombeHandshakePlace *place)
{
  Group *group = lookup_group (self, place->group);
  gint64 held_ms = (g_get_monotonic_time () - place->started_us) / 1000;

  place->holding = FALSE;
  g_ptr_array_remove_fast (self->holders, place);
  group->active--;
  if (place->stopped || (self->patience_ms != 0 && held_ms >= self->patience_ms))
    group->strikes++;
}

/* ---- the queue ---- */

static void
waiter_free (Waiter *waiter)
{
  colombe_gate_waiter_clear (&waiter->wait);
  g_clear_pointer (&waiter->place, colombe_handshake_place_leave);
  g_free (waiter);
}

/* Out of the queue, with its place. */
static void
waiter_enter (Waiter *waiter)
{
  g_autoptr(GTask) task = colombe_gate_waiter_enter (&waiter->wait);

  g_task_return_pointer (task, g_steal_pointer (&waiter->place),
                         (GDestroyNotify) colombe_handshake_place_leave);
}

/* Whether @a goes before @b: fewest strikes, fewest places held, first come. */
static gboolean
goes_before (ColombeHandshakeGate *self,
             Waiter               *a,
             Waiter               *b)
{
  Group *group_a = lookup_group (self, a->place->group);
  Group *group_b = lookup_group (self, b->place->group);

  if (group_a->strikes != group_b->strikes)
    return group_a->strikes < group_b->strikes;
  if (group_a->active != group_b->active)
    return group_a->active < group_b->active;
  return a->place->seq < b->place->seq;
}

static Waiter *
pop_next (ColombeHandshakeGate *self)
{
  Waiter *best = NULL;

  for (GList *l = self->waiting.head; l != NULL; l = l->next)
    if (best == NULL || goes_before (self, l->data, best))
      best = l->data;
  g_queue_remove (&self->waiting, best);

  return best;
}

static void rearm_patience (ColombeHandshakeGate *self);

static void
admit_waiting (ColombeHandshakeGate *self)
{
  g_autoptr(GPtrArray) admitted = g_ptr_array_new ();

  while (!g_queue_is_empty (&self->waiting) && !is_full (self))
    {
      Waiter *next = pop_next (self);

      place_take (self, next->place);
      g_ptr_array_add (admitted, next);
    }
  rearm_patience (self);

  /* Last: a callback may enter or leave again. */
  for (guint i = 0; i < admitted->len; i++)
    waiter_enter (admitted->pdata[i]);
}

/* ---- the patience ---- */

static ColombeHandshakePlace *
oldest_holder (ColombeHandshakeGate *self)
{
  ColombeHandshakePlace *oldest = NULL;

  for (guint i = 0; i < self->holders->len; i++)
    {
      ColombeHandshakePlace *place = self->holders->pdata[i];

      if (oldest == NULL || place->started_us < oldest->started_us)
        oldest = place;
    }

  return oldest;
}

static gboolean
patience_ran_out (gpointer user_data)
{
  ColombeHandshakeGate *self = user_data;
  gint64 now = g_get_monotonic_time ();
  ColombeHandshakePlace *oldest;

  g_clear_pointer (&self->patience, g_source_unref);

  /* One at a time: a place given back may go to another domain's waiter. */
  while (!g_queue_is_empty (&self->waiting) && is_full (self) &&
         (oldest = oldest_holder (self)) != NULL &&
         now - oldest->started_us >= (gint64) self->patience_ms * 1000)
    {
      g_debug ("stopping a handshake of %s: others wait", oldest->group);
      oldest->stopped = TRUE;
      self->n_stopped++;
      place_release (self, oldest);
      g_cancellable_cancel (oldest->cancellable);
    }
  admit_waiting (self);

  return G_SOURCE_REMOVE;
}

static void
rearm_patience (ColombeHandshakeGate *self)
{
  ColombeHandshakePlace *oldest;
  gint64 due_us;

  if (self->patience != NULL)
    g_source_destroy (self->patience);
  g_clear_pointer (&self->patience, g_source_unref);

  if (self->patience_ms == 0 || g_queue_is_empty (&self->waiting) || !is_full (self))
    return;

  oldest = oldest_holder (self);
  due_us = oldest->started_us + (gint64) self->patience_ms * 1000 - g_get_monotonic_time ();
  self->patience = g_timeout_source_new (MAX (due_us, 0) / 1000 + 1);
  g_source_set_static_name (self->patience, "[colombe] handshake patience");
  g_source_set_callback (self->patience, patience_ran_out, self, NULL);
  g_source_attach (self->patience, g_main_context_get_thread_default ());
}

void
colombe_handshake_gate_set_limit (ColombeHandshakeGate *self,
                                  guint                 places,
                                  guint                 patience_ms)
{
  g_return_if_fail (COLOMBE_IS_HANDSHAKE_GATE (self));

  self->places = places;
  self->patience_ms = patience_ms;
  admit_waiting (self);
}

static void
waiter_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  Waiter *waiter = user_data;
  ColombeHandshakeGate *self;

  if (!colombe_gate_waiter_is_waiting (&waiter->wait))
    return;
  self = g_task_get_source_object (waiter->wait.task);
  if (g_queue_remove (&self->waiting, waiter))
    {
      colombe_gate_waiter_cancelled (&waiter->wait);
      rearm_patience (self);
    }
}

void
colombe_handshake_gate_enter_async (ColombeHandshakeGate *self,
                                    const char           *host,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (COLOMBE_IS_HANDSHAKE_GATE (self));
  g_return_if_fail (host != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_handshake_gate_enter_async);
  waiter = g_new0 (Waiter, 1);
  waiter->place = place_new (self, host, cancellable);
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);

  colombe_gate_waiter_init (&waiter->wait, task);
  g_queue_push_tail (&self->waiting, waiter);
  admit_waiting (self);

  colombe_gate_waiter_watch (&waiter->wait, cancellable, G_CALLBACK (waiter_cancelled), waiter);
}

ColombeHandshakePlace *
colombe_handshake_gate_enter_finish (ColombeHandshakeGate  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GCancellable *
colombe_handshake_place_get_cancellable (ColombeHandshakePlace *place)
{
  g_return_val_if_fail (place != NULL, NULL);

  return place->cancellable;
}

void
colombe_handshake_place_check (ColombeHandshakePlace  *place,
                               const char             *what,
                               GError                **error)
{
  g_return_if_fail (place != NULL);

  colombe_step_timeout_error (place->stopped, what, place->gate->patience_ms, error);
}

void
colombe_handshake_place_release (ColombeHandshakePlace *place)
{
  g_return_if_fail (place != NULL);

  if (!place->holding)
    return;
  place_release (place->gate, place);
  admit_waiting (place->gate);
}

void
colombe_handshake_place_leave (ColombeHandshakePlace *place)
{
  if (place == NULL)
    return;

  colombe_handshake_place_release (place);
  if (place->parent != NULL)
    g_cancellable_disconnect (place->parent, place->parent_id);
  g_clear_object (&place->parent);
  g_clear_object (&place->cancellable);
  g_object_unref (place->gate);
  g_free (place->group);
  g_free (place);
}
