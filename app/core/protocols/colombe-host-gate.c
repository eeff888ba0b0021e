/* colombe-host-gate.c: how many connections to one mail server at once
 *
 * One person's run opens a handful of connections, and may open them all
 * at once: the guessing probes try several ports of one host together.
 * A technical helper's list of a thousand addresses of one association
 * would open hundreds to its provider, which rate-limits and then refuses
 * logins that would have worked. So every probe passes this gate: with a
 * limit set (colombe test --batch sets 2), the connections beyond it wait
 * their turn, in order. The places are counted until a connection is
 * closed, not until its task ends: a server still sees a closing one.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-host-gate"

#include "config.h"

#include "colombe-gate-waiter.h"
#include "colombe-host-gate.h"

typedef struct
{
  guint  active;
  guint  peak;
  GQueue waiting;   /* of Waiter, first come first */
} Host;

/* A connection waiting for its place: the task's data. */
typedef struct
{
  ColombeGateWaiter wait;
  char             *host;
} Waiter;

struct _ColombeHostGate
{
  GObject     parent_instance;

  GMutex      lock;
  guint       limit;
  GHashTable *hosts;     /* lower-case name -> Host */
  guint       n_entered;
  guint       peak;
};

G_DEFINE_FINAL_TYPE (ColombeHostGate, colombe_host_gate, G_TYPE_OBJECT)

static void
host_free (Host *host)
{
  /* a waiter holds a reference to the gate: none is left at the end */
  g_assert (g_queue_is_empty (&host->waiting));
  g_free (host);
}

static void
colombe_host_gate_finalize (GObject *object)
{
  ColombeHostGate *self = COLOMBE_HOST_GATE (object);

  g_hash_table_unref (self->hosts);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (colombe_host_gate_parent_class)->finalize (object);
}

static void
colombe_host_gate_class_init (ColombeHostGateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = colombe_host_gate_finalize;
}

static void
colombe_host_gate_init (ColombeHostGate *self)
{
  g_mutex_init (&self->lock);
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) host_free);
}

ColombeHostGate *
colombe_host_gate_new (void)
{
  return g_object_new (COLOMBE_TYPE_HOST_GATE, NULL);
}

ColombeHostGate *
colombe_host_gate_get_default (void)
{
  static gsize gate;

  if (g_once_init_enter (&gate))
    g_once_init_leave (&gate, (gsize) colombe_host_gate_new ());

  return (ColombeHostGate *) gate;
}

void
colombe_host_gate_set_limit (ColombeHostGate *self,
                             guint            limit)
{
  g_return_if_fail (COLOMBE_IS_HOST_GATE (self));

  g_mutex_lock (&self->lock);
  self->limit = limit;
  g_mutex_unlock (&self->lock);
}

guint
colombe_host_gate_get_limit (ColombeHostGate *self)
{
  g_return_val_if_fail (COLOMBE_IS_HOST_GATE (self), 0);

  return self->limit;
}

/* Called with the lock held. */
static Host *
lookup_host (ColombeHostGate *self,
             const char      *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  Host *host = g_hash_table_lookup (self->hosts, key);

  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      g_queue_init (&host->waiting);
      g_hash_table_insert (self->hosts, g_steal_pointer (&key), host);
    }

  return host;
}

/* Called with the lock held. */
static void
take_place (ColombeHostGate *self,
            Host            *host)
{
  host->active++;
  host->peak = MAX (host->peak, host->active);
  self->peak = MAX (self->peak, host->active);
  self->n_entered++;
}

static void
waiter_free (Waiter *waiter)
{
  colombe_gate_waiter_clear (&waiter->wait);
  g_free (waiter->host);
  g_free (waiter);
}

/* Out of the queue, with its place. */
static void
waiter_enter (Waiter *waiter)
{
  g_autoptr(GTask) task = colombe_gate_waiter_enter (&waiter->wait);

  g_task_return_boolean (task, TRUE);
}

static void
waiter_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  Waiter *waiter = user_data;
  ColombeHostGate *self;
  gboolean removed;

  if (!colombe_gate_waiter_is_waiting (&waiter->wait))
    return;
  self = g_task_get_source_object (waiter->wait.task);

  g_mutex_lock (&self->lock);
  removed = g_queue_remove (&lookup_host (self, waiter->host)->waiting, waiter);
  g_mutex_unlock (&self->lock);

  if (removed)
    colombe_gate_waiter_cancelled (&waiter->wait);
}

void
colombe_host_gate_enter_async (ColombeHostGate     *self,
                               const char          *host,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;
  Host *entry;

  g_return_if_fail (COLOMBE_IS_HOST_GATE (self));
  g_return_if_fail (host != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_host_gate_enter_async);
  waiter = g_new0 (Waiter, 1);
  waiter->host = g_strdup (host);
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);

  g_mutex_lock (&self->lock);
  entry = lookup_host (self, host);
  if (self->limit == 0 || entry->active < self->limit)
    {
      take_place (self, entry);
      g_mutex_unlock (&self->lock);
      g_task_return_boolean (task, TRUE);
      return;
    }
  colombe_gate_waiter_init (&waiter->wait, task);
  g_queue_push_tail (&entry->waiting, waiter);
  g_mutex_unlock (&self->lock);

  colombe_gate_waiter_watch (&waiter->wait, cancellable, G_CALLBACK (waiter_cancelled), waiter);
}

gboolean
colombe_host_gate_enter_finish (ColombeHostGate  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
colombe_host_gate_leave (ColombeHostGate *self,
                         const char      *host)
{
  Waiter *next = NULL;
  Host *entry;

  g_return_if_fail (COLOMBE_IS_HOST_GATE (self));
  g_return_if_fail (host != NULL);

  g_mutex_lock (&self->lock);
  entry = lookup_host (self, host);
  if (entry->active == 0)
    {
      g_mutex_unlock (&self->lock);
      g_critical ("%s: left more often than entered", host);
      return;
    }
  entry->active--;
  if (!g_queue_is_empty (&entry->waiting) &&
      (self->limit == 0 || entry->active < self->limit))
    {
      next = g_queue_pop_head (&entry->waiting);
      take_place (self, entry);
    }
  g_mutex_unlock (&self->lock);

  if (next != NULL)
    waiter_enter (next);
}

guint
colombe_host_gate_get_n_hosts (ColombeHostGate *self)
{
  guint n;

  g_return_val_if_fail (COLOMBE_IS_HOST_GATE (self), 0);

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->hosts);
  g_mutex_unlock (&self->lock);

  return n;
}

guint
colombe_host_gate_get_n_entered (ColombeHostGate *self)
{
  g_return_val_if_fail (COLOMBE_IS_HOST_GATE (self), 0);

  return self->n_entered;
}

guint
colombe_host_gate_get_peak (ColombeHostGate *self)
{
  g_return_val_if_fail (COLOMBE_IS_HOST_GATE (self), 0);

  return self->peak;
}
