/* colombe-discovery.c: every lookup source at once, ranked
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-client-config.h"
#include "colombe-discovery.h"
#include "colombe-http.h"
#include "sources/colombe-lookup.h"

#define DEFAULT_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1"

/* Every source, in ranking order; a new one is one line here. */
static const ColombeLookup *lookups[] = {
  &colombe_lookup_autoconfig,
  &colombe_lookup_well_known,
  &colombe_lookup_builtin,
  &colombe_lookup_ispdb,
  &colombe_lookup_mx,
  &colombe_lookup_srv,
  &colombe_lookup_autoconfig_http,
  &colombe_lookup_guess,
};

struct _ColombeDiscovery
{
  GObject             parent_instance;

  ColombeLookupQuery  query;
  gboolean            offline;
  gboolean            no_network;
  guint               timeout_ms;
  guint               grace_ms;

  GPtrArray          *reports;      /* ColombeLookupReport, as lookups[] */
  GPtrArray          *candidates;   /* ColombeAccount, ranked */
  GPtrArray          *found;        /* per lookup: GPtrArray of ColombeAccount */
  GPtrArray          *running;      /* per lookup: its Lookup while it runs, else NULL */
  GTask              *task;
  guint               grace_id;
  gint64              started;
};

G_DEFINE_FINAL_TYPE (ColombeDiscovery, colombe_discovery, G_TYPE_OBJECT)

enum {
  LOOKUP_FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* One running lookup: its own cancellable (child of the run's), timer and
 * copy of the query, whose found-early hook points back here. */
typedef struct
{
  ColombeDiscovery   *self;
  guint               index;
  ColombeLookupQuery  query;
  GCancellable       *cancellable;
  gulong              cancelled_id;
  GCancellable       *parent;
  guint               timeout_id;
  gint64              started;
  gboolean            timed_out;
  gboolean            announced;   /* holds an answer, still waits for better */
  gboolean            abandoned;   /* the run answered without it */
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
  g_clear_object (&self->query.session);
  g_clear_object (&self->query.speculation);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_pointer (&self->running, g_ptr_array_unref);
  g_clear_handle_id (&self->grace_id, g_source_remove);
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
  self->timeout_ms = COLOMBE_DISCOVERY_DEFAULT_TIMEOUT_MS;
  self->grace_ms = COLOMBE_DISCOVERY_GRACE_MS;
  self->query.ispdb_url = g_strdup (DEFAULT_ISPDB_URL);
  self->reports = g_ptr_array_new_with_free_func (report_free);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  self->found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->running = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      ColombeLookupReport *report = g_new0 (ColombeLookupReport, 1);

      report->name = lookups[i]->name;
      report->provenance = lookups[i]->provenance;
      g_ptr_array_add (self->reports, report);
      g_ptr_array_add (self->found, g_ptr_array_new_with_free_func (g_object_unref));
      g_ptr_array_add (self->running, NULL);
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

gboolean
colombe_discovery_set_ispdb_url (ColombeDiscovery  *self,
                                 const char        *url,
                                 GError           **error)
{
  g_return_val_if_fail (COLOMBE_IS_DISCOVERY (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("“%s” is not an http or https address"), url);
      return FALSE;
    }

  g_free (self->query.ispdb_url);
  self->query.ispdb_url = g_strdup (url);

  /* Sources append "/<domain>": one slash, whatever the person typed. */
  while (g_str_has_suffix (self->query.ispdb_url, "/"))
    self->query.ispdb_url[strlen (self->query.ispdb_url) - 1] = '\0';

  return TRUE;
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
colombe_discovery_set_grace (ColombeDiscovery *self,
                             guint             grace_ms)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));

  self->grace_ms = grace_ms;
}

void
colombe_discovery_set_timeout (ColombeDiscovery *self,
                               guint             timeout_ms)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));

  self->timeout_ms = timeout_ms ? timeout_ms : COLOMBE_DISCOVERY_DEFAULT_TIMEOUT_MS;
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

static gboolean
found_by (ColombeDiscovery *self,
          ColombeSource     source)
{
  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    if (lookups[i]->provenance == source &&
        ((GPtrArray *) g_ptr_array_index (self->found, i))->len > 0)
      return TRUE;

  return FALSE;
}

static ColombeLookupReport *
report_of (ColombeDiscovery *self,
           ColombeSource     source)
{
  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    if (lookups[i]->provenance == source)
      return g_ptr_array_index (self->reports, i);

  return NULL;
}

/* Plain http is a fallback: its answers count only when neither https
 * lookup found anything. */
static gboolean
http_answer_wanted (ColombeDiscovery *self,
                    guint             index)
{
  if (lookups[index]->provenance != COLOMBE_SOURCE_AUTOCONFIG_HTTP)
    return TRUE;

  return !found_by (self, COLOMBE_SOURCE_AUTOCONFIG) && !found_by (self, COLOMBE_SOURCE_WELL_KNOWN);
}

static gboolean
host_inside (const char *host,
             const char *domain,
             const char *registrable)
{
  g_autofree char *host_registrable = NULL;

  if (host == NULL || g_ascii_strcasecmp (host, domain) == 0)
    return TRUE;

  host_registrable = colombe_http_registrable_domain (host);
  return g_ascii_strcasecmp (host_registrable, registrable) == 0;
}

static gboolean
servers_outside (ColombeAccount *account,
                 const char     *domain)
{
  g_autofree char *registrable = colombe_http_registrable_domain (domain);
  ColombeServer *servers[] = {
    colombe_account_get_incoming (account), colombe_account_get_outgoing (account),
  };

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    if (servers[i] != NULL &&
        !host_inside (colombe_server_get_host (servers[i]), domain, registrable))
      return TRUE;

  return FALSE;
}

static gboolean
any_plain_server (ColombeAccount *account)
{
  ColombeServer *incoming = colombe_account_get_incoming (account);
  ColombeServer *outgoing = colombe_account_get_outgoing (account);

  return (incoming && colombe_server_get_security (incoming) == COLOMBE_SECURITY_NONE) ||
         (outgoing && colombe_server_get_security (outgoing) == COLOMBE_SECURITY_NONE);
}

/* The https lookup of the same host failed on TLS: an attacker who broke
 * it could also have written the http answer. Say so. */
static const char *
https_failure_notice (ColombeDiscovery  *self,
                      const char        *origin)
{
  g_autoptr(GUri) uri = origin ? g_uri_parse (origin, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autofree char *autoconfig_host = g_strconcat ("autoconfig.", self->query.domain, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  ColombeLookupReport *report = NULL;

  if (host == NULL)
    return NULL;
  if (g_ascii_strcasecmp (host, autoconfig_host) == 0)
    report = report_of (self, COLOMBE_SOURCE_AUTOCONFIG);
  else if (g_ascii_strcasecmp (host, self->query.domain) == 0)
    report = report_of (self, COLOMBE_SOURCE_WELL_KNOWN);

  if (report == NULL || !report->tls_failed)
    return NULL;

  return _("The secure (https) address of this server failed its certificate check: "
           "these settings came over an unencrypted connection instead, and could "
           "have been changed on the way.");
}

static void
mark_provenance (ColombeDiscovery *self,
                 ColombeAccount   *account)
{
  const ColombeProvenance *known = colombe_account_get_provenance (account);
  g_autoptr(ColombeProvenance) provenance = known ? colombe_provenance_copy (known)
                                                  : colombe_provenance_new (NULL);

  switch (colombe_account_get_source (account))
    {
    case COLOMBE_SOURCE_AUTOCONFIG_HTTP:
      provenance->unauthenticated = TRUE;
      if (provenance->notice == NULL)
        colombe_provenance_set_notice (provenance, https_failure_notice (self, provenance->origin));
      break;
    case COLOMBE_SOURCE_MX:
    case COLOMBE_SOURCE_SRV:
      /* Nothing here checks DNSSEC: the DNS answer may have been forged. */
      provenance->unauthenticated = TRUE;
      break;
    case COLOMBE_SOURCE_GUESS:
      /* A verified certificate proves the host; a plain server proves nothing. */
      provenance->unauthenticated = any_plain_server (account);
      break;
    case COLOMBE_SOURCE_AUTOCONFIG:
    case COLOMBE_SOURCE_WELL_KNOWN:
    case COLOMBE_SOURCE_BUILTIN:
    case COLOMBE_SOURCE_ISPDB:
    case COLOMBE_SOURCE_MANUAL:
    default:
      break;
    }

  provenance->outside_domain = servers_outside (account, self->query.domain);
  colombe_account_set_provenance (account, provenance);
}

static void
collect_candidates (ColombeDiscovery *self)
{
  g_ptr_array_set_size (self->candidates, 0);

  for (guint i = 0; i < self->found->len; i++)
    {
      GPtrArray *accounts = g_ptr_array_index (self->found, i);

      if (!http_answer_wanted (self, i))
        continue;

      for (guint j = 0; j < accounts->len; j++)
        {
          ColombeAccount *account = g_ptr_array_index (accounts, j);

          mark_provenance (self, account);
          g_ptr_array_add (self->candidates, g_object_ref (account));
        }
    }

  /* g_ptr_array_sort is a stable merge sort: each source's order survives. */
  g_ptr_array_sort (self->candidates, compare_candidates);
}

static gint64
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000;
}

/* The run answers without the sources still running: they stop, and their
 * late callbacks change nothing. */
static void
abandon_running (ColombeDiscovery *self)
{
  for (guint i = 0; i < self->running->len; i++)
    {
      Lookup *lookup = g_ptr_array_index (self->running, i);
      ColombeLookupReport *report = g_ptr_array_index (self->reports, i);

      if (lookup == NULL)
        continue;

      lookup->abandoned = TRUE;
      report->state = COLOMBE_LOOKUP_STATE_SKIPPED;
      report->ms = elapsed_ms (lookup->started);
      g_ptr_array_index (self->running, i) = NULL;
      g_cancellable_cancel (lookup->cancellable);
    }
}

static gboolean
reached_nothing (const ColombeLookupReport *report)
{
  return report->state == COLOMBE_LOOKUP_STATE_UNREACHABLE ||
         report->state == COLOMBE_LOOKUP_STATE_TIMEOUT ||
         (report->state == COLOMBE_LOOKUP_STATE_ERROR && report->cannot_reach);
}

/* The network monitor may say there is a network where nothing answers
 * (a Wi-Fi without the Internet). The sources that always reach something
 * when there is one (the ISPDB's host, a name server for the DNS records)
 * all reached nothing, and nothing was found over the network: then the
 * others' "nothing" meant nothing either. */
static void
notice_no_network (ColombeDiscovery *self)
{
  guint witnesses = 0;

  for (guint i = 0; i < self->reports->len; i++)
    {
      ColombeLookupReport *report = g_ptr_array_index (self->reports, i);

      if (lookups[i]->proves_network && !reached_nothing (report))
        return;
      if (lookups[i]->needs_network && report->state == COLOMBE_LOOKUP_STATE_FOUND)
        return;
      witnesses += lookups[i]->proves_network;
    }
  if (witnesses == 0)
    return;

  self->no_network = TRUE;
}

/* Without a network no "nothing" is a finding, the built-in list's
 * included: the settings may well exist, out of reach. */
static void
mark_unreachable (ColombeDiscovery *self)
{
  for (guint i = 0; i < self->reports->len; i++)
    {
      ColombeLookupReport *report = g_ptr_array_index (self->reports, i);

      if (report->state == COLOMBE_LOOKUP_STATE_NOT_FOUND ||
          (lookups[i]->needs_network && reached_nothing (report)))
        report->state = COLOMBE_LOOKUP_STATE_UNREACHABLE;
    }
}

static void
finish_run (ColombeDiscovery *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_handle_id (&self->grace_id, g_source_remove);
  abandon_running (self);
  if (!self->offline && !self->no_network)
    notice_no_network (self);
  if (self->no_network)
    mark_unreachable (self);
  collect_candidates (self);
  g_debug ("answered after %" G_GINT64_FORMAT " ms with %u candidates",
           elapsed_ms (self->started), self->candidates->len);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

/* The best-ranked source holding an answer we would use, or -1. */
static int
best_found (ColombeDiscovery *self)
{
  for (guint i = 0; i < self->found->len; i++)
    if (((GPtrArray *) g_ptr_array_index (self->found, i))->len > 0 &&
        http_answer_wanted (self, i))
      return i;

  return -1;
}

static gboolean
any_running_before (ColombeDiscovery *self,
                    guint             end)
{
  for (guint i = 0; i < end; i++)
    if (g_ptr_array_index (self->running, i) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
grace_over (gpointer user_data)
{
  ColombeDiscovery *self = user_data;

  self->grace_id = 0;
  g_debug ("grace period over after %" G_GINT64_FORMAT " ms", elapsed_ms (self->started));

  /* Those still silent time out now; a source that already holds an answer
   * (guessing) finishes on its own bound. */
  for (guint i = 0; i < self->running->len; i++)
    {
      Lookup *lookup = g_ptr_array_index (self->running, i);

      if (lookup != NULL && !lookup->announced)
        {
          lookup->timed_out = TRUE;
          g_cancellable_cancel (lookup->cancellable);
        }
    }

  return G_SOURCE_REMOVE;
}

static void
start_grace (ColombeDiscovery *self)
{
  if (self->grace_id != 0 || self->task == NULL)
    return;

  self->grace_id = g_timeout_add (MIN (self->grace_ms, self->timeout_ms), grace_over, self);
  g_source_set_name_by_id (self->grace_id, "[colombe] discovery grace");
}

/* Answer once every source ranked better than the best answer is done;
 * while some are not, they get one grace period. */
static void
maybe_answer (ColombeDiscovery *self)
{
  int best;

  if (self->task == NULL)
    return;

  best = best_found (self);
  if (!any_running_before (self, best >= 0 ? (guint) best : self->running->len))
    finish_run (self);
  else if (best >= 0)
    start_grace (self);
}

/* The source answered, but with a value that could not be used safely: a
 * host or username the model refuses, as such, or once the address is put
 * in it. Nothing of that answer is used. */
static gboolean
answer_is_unusable (const GError *error)
{
  return g_error_matches (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT) ||
         g_error_matches (error, COLOMBE_CLIENT_CONFIG_ERROR, COLOMBE_CLIENT_CONFIG_ERROR_INVALID);
}

/* No route to anything. A refused connection, or a name that does not
 * exist, came from a network. */
static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
}

/* The same, or no name server answered (a server failing on one name says
 * the same, which is why one source's word is not enough). */
static gboolean
cannot_reach (const GError *error)
{
  return is_unreachable (error) ||
         g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
}

static void
record_result (Lookup       *lookup,
               GAsyncResult *result)
{
  ColombeDiscovery *self = lookup->self;
  ColombeLookupReport *report = g_ptr_array_index (self->reports, lookup->index);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  report->ms = elapsed_ms (lookup->started);
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
      report->state = answer_is_unusable (error) ? COLOMBE_LOOKUP_STATE_UNUSABLE
                      : is_unreachable (error) ? COLOMBE_LOOKUP_STATE_UNREACHABLE
                      : COLOMBE_LOOKUP_STATE_ERROR;
      report->message = g_strdup (error->message);
      report->tls_failed = error->domain == G_TLS_ERROR;
      report->cannot_reach = cannot_reach (error);
    }

  g_debug ("%s: %s after %" G_GINT64_FORMAT " ms%s%s", report->name,
           colombe_lookup_state_to_string (report->state), report->ms,
           report->message ? ": " : "", report->message ? report->message : "");
}

static void
lookup_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(ColombeDiscovery) self = g_object_ref (lookup->self);

  if (!lookup->abandoned)
    {
      g_ptr_array_index (self->running, lookup->index) = NULL;
      record_result (lookup, result);
      g_signal_emit (self, signals [LOOKUP_FINISHED], 0, lookup->index);
    }
  lookup_free (lookup);

  maybe_answer (self);
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
lookup_found_early (gpointer user_data)
{
  Lookup *lookup = user_data;

  if (lookup->abandoned || lookup->announced)
    return;

  g_debug ("%s holds an answer after %" G_GINT64_FORMAT " ms",
           lookups[lookup->index]->name, elapsed_ms (lookup->started));
  lookup->announced = TRUE;
  start_grace (lookup->self);
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
  lookup->query = self->query;
  lookup->query.found_early = lookup_found_early;
  lookup->query.found_early_data = lookup;
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
  g_ptr_array_index (self->running, index) = lookup;
  task = g_task_new (NULL, lookup->cancellable, lookup_done, lookup);
  g_task_set_source_tag (task, info->run);
  info->run (&lookup->query, task);
}

void
colombe_discovery_set_speculation (ColombeDiscovery   *self,
                                   ColombeSpeculation *speculation)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));
  g_return_if_fail (!speculation || COLOMBE_IS_SPECULATION (speculation));

  g_set_object (&self->query.speculation, speculation);
}

void
colombe_discovery_set_session (ColombeDiscovery *self,
                               SoupSession      *session)
{
  g_return_if_fail (COLOMBE_IS_DISCOVERY (self));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->query.session, session);
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
  self->started = g_get_monotonic_time ();
  if (self->query.session == NULL)
    self->query.session = colombe_http_session_new (self->query.tls_database);

  /* Without a network, say so at once rather than wait for every timeout. */
  self->no_network = !self->offline &&
                     !g_network_monitor_get_network_available (g_network_monitor_get_default ());
  if (self->no_network)
    g_debug ("the network monitor says there is no network");

  for (guint i = 0; i < G_N_ELEMENTS (lookups); i++)
    {
      ColombeLookupReport *report = g_ptr_array_index (self->reports, i);

      if (self->offline && lookups[i]->needs_network)
        report->state = COLOMBE_LOOKUP_STATE_SKIPPED;
      else if (self->no_network && lookups[i]->needs_network)
        report->state = COLOMBE_LOOKUP_STATE_UNREACHABLE;
      else
        start_lookup (self, i, cancellable);

      /* An instant source may already have settled the run. */
      if (self->task == NULL)
        return;
    }

  maybe_answer (self);
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

gboolean
colombe_discovery_get_no_network (ColombeDiscovery *self)
{
  g_return_val_if_fail (COLOMBE_IS_DISCOVERY (self), FALSE);

  return self->no_network;
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
    "waiting", "running", "found", "not-found", "error", "timeout", "skipped", "unusable",
    "unreachable",
  };

  g_return_val_if_fail (state < G_N_ELEMENTS (names), NULL);

  return names[state];
}
