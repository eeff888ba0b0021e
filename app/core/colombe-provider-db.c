/* colombe-provider-db.c: the providers Colombe knows without a network
 *
 * The files of data/providers/ are compiled into a GResource; they are read
 * once, on first use, and indexed by domain. A built-in file that does not
 * parse is a bug in Colombe, not bad input: the unit test reads them all.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-provider-db"

#include "config.h"

#include <string.h>

#include "colombe-provider-db.h"

#define PROVIDERS_PATH RESOURCE_PREFIX "/providers/"

struct _ColombeProviderDb
{
  GObject     parent_instance;

  GPtrArray  *providers;     /* ColombeClientConfig, sorted by id */
  GHashTable *by_domain;     /* lower-case ASCII domain -> ColombeClientConfig, borrowed */
  GHashTable *by_host_base;  /* last two labels of a server host -> the same, borrowed */
};

G_DEFINE_FINAL_TYPE (ColombeProviderDb, colombe_provider_db, G_TYPE_OBJECT)

static void
colombe_provider_db_finalize (GObject *object)
{
  ColombeProviderDb *self = (ColombeProviderDb *)object;

  g_clear_pointer (&self->by_domain, g_hash_table_unref);
  g_clear_pointer (&self->by_host_base, g_hash_table_unref);
  g_clear_pointer (&self->providers, g_ptr_array_unref);

  G_OBJECT_CLASS (colombe_provider_db_parent_class)->finalize (object);
}

static void
colombe_provider_db_class_init (ColombeProviderDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_provider_db_finalize;
}

static void
colombe_provider_db_init (ColombeProviderDb *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_domain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_host_base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Lower case, without the trailing dot of an absolute name ("Free.FR." -> "free.fr"). */
static char *
normalize_name (const char *name)
{
  char *lower = g_ascii_strdown (name, -1);
  gsize length = strlen (lower);

  if (length > 1 && lower[length - 1] == '.')
    lower[length - 1] = '\0';

  return lower;
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  ColombeClientConfig *config_a = *(ColombeClientConfig **)a;
  ColombeClientConfig *config_b = *(ColombeClientConfig **)b;

  return g_strcmp0 (colombe_client_config_get_id (config_a),
                    colombe_client_config_get_id (config_b));
}

/* "imap.mail.me.com" -> "me.com"; NULL when the host has a single label. */
static char *
host_base (const char *host)
{
  g_autofree char *name = normalize_name (host);
  const char *last_dot = strrchr (name, '.');
  const char *base = name;

  if (last_dot == NULL || g_hostname_is_ip_address (name))
    return NULL;

  for (const char *p = name; p < last_dot; p++)
    if (*p == '.')
      base = p + 1;

  return g_strdup (base);
}

static void
index_host_bases (ColombeProviderDb   *self,
                  ColombeClientConfig *config,
                  GPtrArray           *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);
      char *base = host_base (colombe_server_get_host (server));

      /* Several providers may share servers (Numéricable uses SFR's): the
       * first in id order keeps the host; domains take precedence anyway. */
      if (base != NULL && !g_hash_table_contains (self->by_host_base, base))
        g_hash_table_insert (self->by_host_base, base, config);
      else
        g_free (base);
    }
}

static void
index_provider (ColombeProviderDb   *self,
                ColombeClientConfig *config)
{
  const char * const *domains = colombe_client_config_get_domains (config);

  for (guint i = 0; domains[i] != NULL; i++)
    {
      ColombeClientConfig *other = g_hash_table_lookup (self->by_domain, domains[i]);

      /* A domain answered by two files would make lookups depend on order. */
      if (other != NULL)
        {
          g_critical ("Built-in providers %s and %s both claim the domain %s",
                      colombe_client_config_get_id (other),
                      colombe_client_config_get_id (config), domains[i]);
          continue;
        }

      g_hash_table_insert (self->by_domain, normalize_name (domains[i]), config);
    }
}

static ColombeClientConfig *
load_file (const char *name)
{
  g_autofree char *path = g_strconcat (PROVIDERS_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_id = NULL;
  gsize size;
  const char *data;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes != NULL)
    {
      data = g_bytes_get_data (bytes, &size);
      config = colombe_client_config_new_from_data (data, size, path, &error);
    }

  if (config == NULL)
    {
      g_critical ("Built-in provider file %s is broken: %s", name, error->message);
      return NULL;
    }

  /* The file name is the id: that is how a person finds the file to fix. */
  expected_id = g_strndup (name, strlen (name) - strlen (".xml"));
  if (g_strcmp0 (colombe_client_config_get_id (config), expected_id) != 0)
    g_critical ("Built-in provider file %s has the id %s", name,
                colombe_client_config_get_id (config));

  return g_steal_pointer (&config);
}

static void
load_resources (ColombeProviderDb *self)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  names = g_resources_enumerate_children (PROVIDERS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (names == NULL)
    {
      g_critical ("No built-in provider database: %s", error->message);
      return;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      ColombeClientConfig *config;

      if (!g_str_has_suffix (names[i], ".xml"))
        continue;

      if ((config = load_file (names[i])) != NULL)
        g_ptr_array_add (self->providers, config);
    }

  g_ptr_array_sort (self->providers, compare_by_id);

  /* Indexed in id order, so that which provider keeps a shared server host
   * does not depend on the order of the resource listing. */
  for (guint i = 0; i < self->providers->len; i++)
    {
      ColombeClientConfig *config = g_ptr_array_index (self->providers, i);

      index_provider (self, config);
      index_host_bases (self, config, colombe_client_config_get_incoming (config));
      index_host_bases (self, config, colombe_client_config_get_outgoing (config));
    }

  g_debug ("%u built-in providers, %u domains", self->providers->len,
           g_hash_table_size (self->by_domain));
}

static gpointer
load_default (gpointer data)
{
  ColombeProviderDb *self = g_object_new (COLOMBE_TYPE_PROVIDER_DB, NULL);

  load_resources (self);

  return self;
}

/**
 * colombe_provider_db_get_default:
 *
 * The built-in database, read from the GResource on first use (from any
 * thread), then shared for the life of the process.
 *
 * Returns: (transfer none): the database
 */
ColombeProviderDb *
colombe_provider_db_get_default (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_default, NULL);

  return once.retval;
}

ColombeClientConfig *
colombe_provider_db_lookup (ColombeProviderDb *self,
                            const char        *domain)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (COLOMBE_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  key = normalize_name (domain);

  return g_hash_table_lookup (self->by_domain, key);
}

/* The longest suffix of @host, at a label boundary, that @table knows. */
static ColombeClientConfig *
lookup_suffixes (GHashTable *table,
                 const char *host)
{
  for (const char *suffix = host; suffix != NULL; )
    {
      ColombeClientConfig *config = g_hash_table_lookup (table, suffix);
      const char *dot = strchr (suffix, '.');

      if (config != NULL)
        return config;

      suffix = dot != NULL ? dot + 1 : NULL;
    }

  return NULL;
}

/**
 * colombe_provider_db_lookup_for_host:
 * @self: the database
 * @hostname: a server name, such as an MX host ("mx1.free.fr"), any case
 *
 * The provider a host belongs to: the host is one of the provider's mail
 * domains or under one ("smtp-mail.outlook.com" -> outlook.com), or else it
 * is under the last two labels of one of the provider's server hosts
 * ("eu.outlook.office365.com" -> outlook.com, "mx4.mail.ovh.net" -> ovh.net).
 * Mail domains win over server hosts: imap.sfr.fr serves both SFR and
 * Numéricable, but a host under sfr.fr is SFR's.
 *
 * Returns: (transfer none) (nullable): the provider, or %NULL
 */
ColombeClientConfig *
colombe_provider_db_lookup_for_host (ColombeProviderDb *self,
                                     const char        *hostname)
{
  g_autofree char *host = NULL;
  ColombeClientConfig *config;

  g_return_val_if_fail (COLOMBE_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (hostname != NULL, NULL);

  host = normalize_name (hostname);
  if (host[0] == '\0' || g_hostname_is_ip_address (host))
    return NULL;

  if ((config = lookup_suffixes (self->by_domain, host)) != NULL)
    return config;

  return lookup_suffixes (self->by_host_base, host);
}

/**
 * colombe_provider_db_list:
 * @self: the database
 *
 * Returns: (transfer container) (element-type ColombeClientConfig): every
 *   provider, sorted by id
 */
GPtrArray *
colombe_provider_db_list (ColombeProviderDb *self)
{
  GPtrArray *list;

  g_return_val_if_fail (COLOMBE_IS_PROVIDER_DB (self), NULL);

  /* Not g_ptr_array_copy(): it would keep our free function for borrowed items. */
  list = g_ptr_array_sized_new (self->providers->len);
  for (guint i = 0; i < self->providers->len; i++)
    g_ptr_array_add (list, g_ptr_array_index (self->providers, i));

  return list;
}

void
colombe_provider_db_complete_account (ColombeProviderDb *self,
                                      ColombeAccount    *account)
{
  const char *address;
  const char *at;
  ColombeClientConfig *config;
  g_auto(GStrv) ways = NULL;
  g_autoptr(ColombeHelp) help = NULL;

  g_return_if_fail (COLOMBE_IS_PROVIDER_DB (self));
  g_return_if_fail (COLOMBE_IS_ACCOUNT (account));

  address = colombe_account_get_address (account);
  if (colombe_account_get_sign_in (account) != NULL || address == NULL ||
      (at = strrchr (address, '@')) == NULL ||
      (config = colombe_provider_db_lookup (self, at + 1)) == NULL)
    return;

  ways = colombe_client_config_dup_sign_in (config);
  colombe_account_set_sign_in (account, (const char * const *) ways);
  if (colombe_account_get_help (account) == NULL && (help = colombe_client_config_dup_help (config)))
    colombe_account_set_help (account, help);
}
