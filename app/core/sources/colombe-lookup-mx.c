/* colombe-lookup-mx.c: the provider that receives the domain's mail
 *
 * A domain hosted by a big provider (Google Workspace, Microsoft 365, OVH)
 * publishes no settings of its own, but its MX records name the provider.
 * The best MX host's domain is looked up in the built-in database, then in
 * the ISPDB and at the provider's own https autoconfig address, those two
 * at once; the first answer in that order wins.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-mx"

#include "config.h"

#include <string.h>

#include "colombe-http.h"
#include "colombe-lookup.h"
#include "colombe-provider-db.h"

/* MX domains that are not their provider's mail domain: the registrable
 * domain of such an MX host says nothing to the database on its own. */
static const struct
{
  const char *mx_domain;   /* the MX host is this or under it */
  const char *provider;    /* a domain of the built-in database */
} mx_providers[] = {
  { "google.com", "gmail.com" },                /* aspmx.l.google.com, smtp.google.com */
  { "googlemail.com", "gmail.com" },            /* aspmx.googlemail.com */
  { "yahoodns.net", "yahoo.com" },              /* mta5.am0.yahoodns.net */
  { "protection.outlook.com", "outlook.com" },  /* <tenant>.mail.protection.outlook.com */
};

/* The follow-ups on the network, in the order their answers win. */
enum
{
  FOLLOW_ISPDB,
  FOLLOW_AUTOCONFIG,
  N_FOLLOWS
};

static const char * const follow_names[N_FOLLOWS] = { "ISPDB", "autoconfig" };

typedef struct
{
  const ColombeLookupQuery *query;         /* valid until the task returns */
  GCancellable             *parent;        /* the task's */
  GCancellable             *cancellable;   /* the fetches': the winner stops the other */
  gulong                    cancelled_id;
  char                     *mx_host;
  char                     *mx_domain;
  GPtrArray                *answers[N_FOLLOWS];   /* NULL while it runs */
  gboolean                  returned;
} MxLookup;

static void
mx_lookup_free (MxLookup *mx)
{
  if (mx->parent != NULL)
    g_cancellable_disconnect (mx->parent, mx->cancelled_id);
  g_clear_object (&mx->parent);
  g_clear_object (&mx->cancellable);
  g_free (mx->mx_host);
  g_free (mx->mx_domain);
  for (guint i = 0; i < N_FOLLOWS; i++)
    g_clear_pointer (&mx->answers[i], g_ptr_array_unref);
  g_free (mx);
}

static GPtrArray *
no_accounts (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static void
return_accounts (GTask     *task,
                 GPtrArray *accounts)
{
  MxLookup *mx = g_task_get_task_data (task);

  g_assert (!mx->returned);
  mx->returned = TRUE;
  g_cancellable_cancel (mx->cancellable);
  g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

/* RFC 5321 5.1: lowest preference first. The sort is stable, so equal
 * preferences keep the order the DNS gave (no random pick: the same
 * answer every time is easier to explain and to test). */
static gint
compare_preference (gconstpointer a,
                    gconstpointer b)
{
  guint16 first, second;

  g_variant_get ((GVariant *) a, "(q&s)", &first, NULL);
  g_variant_get ((GVariant *) b, "(q&s)", &second, NULL);

  return (first > second) - (first < second);
}

GList *
colombe_lookup_mx_sort (GList *records)
{
  return g_list_sort (records, compare_preference);
}

/* The first usable host of the sorted @records, in lower case without its
 * final dot; NULL for RFC 7505's null MX (".": no mail here). */
char *
colombe_lookup_mx_best_host (GList *records)
{
  for (GList *l = records; l != NULL; l = l->next)
    {
      const char *exchange;
      g_autofree char *host = NULL;

      g_variant_get (l->data, "(q&s)", NULL, &exchange);
      host = g_ascii_strdown (exchange, -1);
      if (g_str_has_suffix (host, "."))
        host[strlen (host) - 1] = '\0';
      if (host[0] == '\0')
        return NULL;
      if (!colombe_hostname_is_valid (host) || g_hostname_is_ip_address (host))
        {
          g_debug ("skipping the unusable MX host %s", exchange);
          continue;
        }

      return g_steal_pointer (&host);
    }

  return NULL;
}

static const char *
provider_domain_of (const char *host)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mx_providers); i++)
    {
      const char *suffix = mx_providers[i].mx_domain;
      gsize host_length = strlen (host), suffix_length = strlen (suffix);

      if (g_str_equal (host, suffix) ||
          (host_length > suffix_length && g_str_has_suffix (host, suffix) &&
           host[host_length - suffix_length - 1] == '.'))
        return mx_providers[i].provider;
    }

  return NULL;
}

static GPtrArray *
builtin_accounts (MxLookup *mx)
{
  ColombeProviderDb *db = colombe_provider_db_get_default ();
  ColombeClientConfig *config;
  g_autoptr(ColombeProvenance) provenance = colombe_provenance_new (mx->mx_host);
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts;

  config = colombe_provider_db_lookup (db, mx->mx_domain);
  if (config == NULL)
    config = colombe_provider_db_lookup_for_host (db, mx->mx_host);
  if (config == NULL)
    return NULL;

  g_debug ("%s: %s in the built-in database", mx->mx_host,
           colombe_client_config_get_id (config));
  if (!(accounts = colombe_client_config_to_accounts (config, mx->query->address,
                                                      mx->query->real_name, COLOMBE_SOURCE_MX,
                                                      &error)))
    {
      /* The provider's other sources (its ISPDB entry, its autoconfig) may do. */
      g_debug ("%s: %s", mx->mx_host, error->message);
      return NULL;
    }
  for (guint i = 0; i < accounts->len; i++)
    colombe_account_set_provenance (g_ptr_array_index (accounts, i), provenance);

  return accounts;
}

/* Answer with the first follow-up, in rank order, that found something,
 * once every better-ranked one is done. */
static void
maybe_return (GTask *task)
{
  MxLookup *mx = g_task_get_task_data (task);

  if (mx->returned)
    return;

  for (guint i = 0; i < N_FOLLOWS; i++)
    {
      if (mx->answers[i] == NULL)
        return;
      if (mx->answers[i]->len > 0)
        {
          return_accounts (task, g_steal_pointer (&mx->answers[i]));
          return;
        }
    }

  if (g_task_return_error_if_cancelled (task))
    mx->returned = TRUE;
  else
    return_accounts (task, no_accounts ());
}

typedef struct
{
  GTask *task;
  guint  follow;
} Follow;

/* A follow-up that fails counts as "nothing there": the MX lookup itself
 * worked, and the ISPDB source reports the ISPDB's own failures. */
static void
got_config (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Follow *follow = user_data;
  g_autoptr(GTask) task = follow->task;
  MxLookup *mx = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts = colombe_lookup_fetch_config_finish (result, &error);

  if (accounts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s: %s", follow_names[follow->follow], error->message);
      accounts = no_accounts ();
    }

  mx->answers[follow->follow] = accounts;
  g_free (follow);
  maybe_return (task);
}

static void
start_follow (GTask      *task,
              guint       index,
              const char *url)
{
  MxLookup *mx = g_task_get_task_data (task);
  Follow *follow = g_new0 (Follow, 1);

  follow->task = g_object_ref (task);
  follow->follow = index;
  colombe_lookup_fetch_config_async (mx->query, url, COLOMBE_SOURCE_MX, mx->cancellable,
                                     got_config, follow);
}

static void
parent_cancelled (GCancellable *parent,
                  GCancellable *child)
{
  g_cancellable_cancel (child);
}

static void
start_fetches (GTask *task)
{
  MxLookup *mx = g_task_get_task_data (task);
  g_autofree char *ispdb_url = g_strconcat (mx->query->ispdb_url, "/", mx->mx_domain, NULL);
  g_autofree char *autoconfig_url = g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml",
                                                     mx->mx_domain);

  mx->cancellable = g_cancellable_new ();
  if (mx->parent != NULL)
    mx->cancelled_id = g_cancellable_connect (mx->parent, G_CALLBACK (parent_cancelled),
                                              mx->cancellable, NULL);

  start_follow (task, FOLLOW_ISPDB, ispdb_url);
  start_follow (task, FOLLOW_AUTOCONFIG, autoconfig_url);
}

/* What the best MX host says about the domain, if anything. */
static void
follow_mx (GTask *task)
{
  MxLookup *mx = g_task_get_task_data (task);
  const char *domain = mx->query->domain;
  const char *provider = provider_domain_of (mx->mx_host);
  GPtrArray *accounts;

  mx->mx_domain = provider ? g_strdup (provider) : colombe_http_registrable_domain (mx->mx_host);
  g_debug ("best MX of %s: %s (%s)", domain, mx->mx_host, mx->mx_domain);

  /* The domain receives its own mail: the other sources already ask
   * everything the MX could lead to about it. */
  if (g_ascii_strcasecmp (mx->mx_domain, domain) == 0)
    {
      return_accounts (task, no_accounts ());
      return;
    }

  if ((accounts = builtin_accounts (mx)) != NULL)
    return_accounts (task, accounts);
  else if (g_ascii_strcasecmp (mx->mx_host, domain) == 0)
    return_accounts (task, no_accounts ());   /* nothing else to ask */
  else
    start_fetches (task);
}

static void
got_records (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MxLookup *mx = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *records;

  records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  if (records == NULL && g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    {
      return_accounts (task, no_accounts ());
      return;
    }
  if (records == NULL)
    {
      mx->returned = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  records = colombe_lookup_mx_sort (records);
  mx->mx_host = colombe_lookup_mx_best_host (records);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  if (mx->mx_host == NULL)
    return_accounts (task, no_accounts ());
  else
    follow_mx (task);
}

static void
mx_run (const ColombeLookupQuery *query,
        GTask                    *task)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  MxLookup *mx = g_new0 (MxLookup, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  mx->query = query;
  mx->parent = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, mx, (GDestroyNotify) mx_lookup_free);

  g_resolver_lookup_records_async (resolver, query->domain, G_RESOLVER_RECORD_MX, cancellable,
                                   got_records, g_object_ref (task));
}

const ColombeLookup colombe_lookup_mx = {
  .name = "mx",
  .provenance = COLOMBE_SOURCE_MX,
  .needs_network = TRUE,
  .proves_network = TRUE,
  .timeout_ms = 15000,
  .run = mx_run,
};
