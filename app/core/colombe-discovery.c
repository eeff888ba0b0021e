/* colombe-discovery.c: every lookup source at once, ranked
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-discovery.h"
#include "sources/colombe-lookup.h"

#define DEFAULT_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1"
#define DEFAULT_TIMEOUT_MS 30000

/* Every source, in ranking order; a new one is one line here. */
static const ColombeLookup *lookups[] = {
  &colombe_lookup_builtin,
  &colombe_lookup_guess,
};

struct _ColombeDiscovery
{
  GObject             parent_instance;

  ColombeLookupQuery  query;
  gboolean            offline;
  guint               timeout_ms;

  GPtrArray          *reports;      /* ColombeLookupReport, as lookups[] */
  GPtrArray          *candidates;   /* ColombeAccount, ranked */
  GPtrArray          *found;        /* per lookup: GPtrArray of ColombeAccount */
  GTask              *task;
  guint               pending;
};

G_DEFINE_FINAL_TYPE (ColombeDiscovery, colombe_discovery, G_TYPE_OBJECT)

enum {
  LOOKUP_FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* One running lookup: its own cancellable (child of the run's) and timer. */
typedef struct
{
  ColombeDiscovery *self;
  guint             index;
  GCancellable     *cancellable;
  gulong            cancelled_id;
  GCancellable     *parent;
  guint             timeout_id;
  gint64            started;
  gboolean          timed_out;
} Lookup;

static void
report_free (gpointer data)
{
  ColombeLookupReport *report = data;

  g_free (report->message);
  g_free (report);
}

static void
colombe_discovery_finalize (GObject *object)
{
  ColombeDiscovery *self = (ColombeDiscovery *)object;

  g_clear_pointer (&self->query.address, g_free);
  g_clear_pointer (&self->query.local_part, g_free);
  g_clear_pointer (&self->query.domain, g_free);
  g_clear_pointer (&self->query.real_name, g_free);
  g_clear_pointer (&self->query.ispdb_url, g_free);
  g_clear_object (&self->query.tls_database);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_assert (self->task == NULL);

  G_OBJECT_CLASS (colombe_discovery_parent_class)->finalize (object);
}

static void
colombe_discovery_class_init (ColombeDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_discovery_finalize;

  /**
   * ColombeDiscovery::lookup-finished:
   * @index: the position of the source in colombe_discovery_get_reports()
   *
   * A source answered, failed or ran out of time: progress for the window.
   */
  signals [LOOKUP_FINISHED] =
    g_signal_new ("lookup-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
colombe_discovery_init (ColombeDiscovery *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->query.ispdb_url = g_strdup (DEFAULT_ISPDB_URL);
  self->reports = g_ptr_array_new_with_free_func (report_free);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  self->found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      ColombeLookupReport *report = g_new0 (ColombeLookupReport, 1);

      report->name = lookups[i]->name;
      report->provenance = lookups[i]->provenance;
      g_ptr_array_add (self->reports, report);
      g_ptr_array_add (self->found, g_ptr_array_new_with_free_func (g_object_unref));
    }
}

ColombeDiscovery *
colombe_discovery_new (const ColombeAddress *address,
                       const char           *real_name)
{
  ColombeDiscovery *self;

  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (COLOMBE_TYPE_DISCOVERY, NULL);
  self->query.address = g_strdup (address->address);
  self->query.local_part = g_strdup (address->local_part);
  self->query.domain = g_strdup (address->domain);
  self->query.real_name = g_strdup (real_name);

  return self;
}

void
colombe_discovery_set_offline (ColombeDiscovery *self,
                               gboolean          offline)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));

  self->offline = !!offline;
}

void
colombe_discovery_set_ispdb_url (ColombeDiscovery *self,
                                 const char       *url)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));
  g_return_if_fail (url != NULL);

  g_free (self->query.ispdb_url);
  self->query.ispdb_url = g_strdup (url);

  /* Sources append "/<domain>": one slash, whatever the person typed. */
  while (g_str_has_suffix (self->query.ispdb_url, "/"))
    self->query.ispdb_url[strlen (self->query.ispdb_url) - 1] = '\0';
}

void
colombe_discovery_set_tls_database (ColombeDiscovery *self,
                                    GTlsDatabase     *database)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));
  g_return_if_fail (!database || G_IS_TLS_DATABASE (database));

  g_set_object (&self->query.tls_database, database);
}

void
colombe_discovery_set_timeout (ColombeDiscovery *self,
                               guint             timeout_ms)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));

  self->timeout_ms = timeout_ms ? timeout_ms : DEFAULT_TIMEOUT_MS;
}

static void
lookup_free (Lookup *lookup)
{
  g_clear_handle_id (&lookup->timeout_id, g_source_remove);
  if (lookup->parent != NULL)
    g_cancellable_disconnect (lookup->parent, lookup->cancelled_id);
  g_clear_object (&lookup->parent);
  g_clear_object (&lookup->cancellable);
  g_clear_object (&lookup->self);
  g_free (lookup);
}

static gint
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  ColombeAccount *first = *(ColombeAccount **) a;
  ColombeAccount *second = *(ColombeAccount **) b;

  return (int) colombe_account_get_source (first) - (int) colombe_account_get_source (second);
}

static void
collect_candidates (ColombeDiscovery *self)
{
  g_ptr_array_set_size (self->candidates, 0);

  for (guint i = 0; i < self->found->len; i++)
    {
      GPtrArray *accounts = g_ptr_array_index (self->found, i);

      for (guint j = 0; j < accounts->len; j++)
        g_ptr_array_add (self->candidates, g_object_ref (g_ptr_array_index (accounts, j)));
    }

  /* g_ptr_array_sort is a stable merge sort: each source's order survives. */
  g_ptr_array_sort (self->candidates, compare_candidates);
}

static void
finish_run (ColombeDiscovery *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  collect_candidates (self);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

static void
record_result (Lookup       *lookup,
               GAsyncResult *result)
{
  ColombeDiscovery *self = lookup->self;
  ColombeLookupReport *report = g_ptr_array_index (self->reports, lookup->index);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  report->ms = (g_get_monotonic_time () - lookup->started) / 1000;
  accounts = g_task_propagate_pointer (G_TASK (result), &error);

  if (accounts != NULL)
    {
      report->state = accounts->len > 0 ? COLOMBE_LOOKUP_STATE_FOUND
                                        : COLOMBE_LOOKUP_STATE_NOT_FOUND;
      g_ptr_array_extend_and_steal (g_ptr_array_index (self->found, lookup->index),
                                    g_steal_pointer (&accounts));
    }
  else if (lookup->timed_out)
    report->state = COLOMBE_LOOKUP_STATE_TIMEOUT;
  else
    {
      report->state = COLOMBE_LOOKUP_STATE_ERROR;
      report->message = g_strdup (error->message);
    }

  g_debug ("%s: %s after %" G_GINT64_FORMAT " ms", report->name,
           colombe_lookup_state_to_string (report->state), report->ms);
}

static void
lookup_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lookup *lookup = user_data;
  ColombeDiscovery *self = g_object_ref (lookup->self);

  record_result (lookup, result);
  g_signal_emit (self, signals [LOOKUP_FINISHED], 0, lookup->index);
  lookup_free (lookup);

  if (--self->pending == 0)
    finish_run (self);

  g_object_unref (self);
}

static gboolean
lookup_timed_out (gpointer user_data)
{
  Lookup *lookup = user_data;

  lookup->timeout_id = 0;
  lookup->timed_out = TRUE;
  g_cancellable_cancel (lookup->cancellable);

  return G_SOURCE_REMOVE;
}

static void
parent_cancelled (GCancellable *parent,
                  GCancellable *child)
{
  g_cancellable_cancel (child);
}

static void
start_lookup (ColombeDiscovery *self,
              guint             index,
              GCancellable     *cancellable)
{
  const ColombeLookup *info = lookups[index];
  ColombeLookupReport *report = g_ptr_array_index (self->reports, index);
  Lookup *lookup = g_new0 (Lookup, 1);
  g_autoptr(GTask) task = NULL;

  lookup->self = g_object_ref (self);
  lookup->index = index;
  lookup->cancellable = g_cancellable_new ();
  lookup->started = g_get_monotonic_time ();
  if (cancellable != NULL)
    {
      lookup->parent = g_object_ref (cancellable);
      lookup->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled),
                                                    lookup->cancellable, NULL);
    }
  lookup->timeout_id = g_timeout_add (MIN (info->timeout_ms, self->timeout_ms),
                                      lookup_timed_out, lookup);

  report->state = COLOMBE_LOOKUP_STATE_RUNNING;
  task = g_task_new (NULL, lookup->cancellable, lookup_done, lookup);
  g_task_set_source_tag (task, info->run);
  info->run (&self->query, task);
}

void
colombe_discovery_run_async (ColombeDiscovery    *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, colombe_discovery_run_async);

  /* Count first: a source may answer before the next one starts. */
  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    if (!(self->offline && lookups[i]->needs_network))
      self->pending++;

  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      ColombeLookupReport *report = g_ptr_array_index (self->reports, i);

      if (self->offline && lookups[i]->needs_network)
        report->state = COLOMBE_LOOKUP_STATE_SKIPPED;
      else
        start_lookup (self, i, cancellable);
    }
}

gboolean
colombe_discovery_run_finish (ColombeDiscovery  *self,
                              GAsyncResult      *result,
                              GError           **error)
{
  g_return_val_if_fail (COLOMBE_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
colombe_discovery_get_candidates (ColombeDiscovery *self)
{
  g_return_val_if_fail (COLOMBE_IS_DISCOVERY (self), NULL);

  return self->candidates;
}

ColombeAccount *
colombe_discovery_get_best (ColombeDiscovery *self)
{
  g_return_val_if_fail (COLOMBE_IS_DISCOVERY (self), NULL);

  return self->candidates->len > 0 ? g_ptr_array_index (self->candidates, 0) : NULL;
}

GPtrArray *
colombe_discovery_get_reports (ColombeDiscovery *self)
{
  g_return_val_if_fail (COLOMBE_IS_DISCOVERY (self), NULL);

  return self->reports;
}

const char *
colombe_lookup_state_to_string (ColombeLookupState state)
{
  static const char * const names[] = {
    "waiting", "running", "found", "not-found", "error", "timeout", "skipped",
  };

  g_return_val_if_fail (state < G_N_ELEMENTS (names), NULL);

  return names[state];
}
