/* colombe-lookup-fetch.c: a clientConfig over HTTP(S), for the sources
 * that read one (autoconfig, well-known, ISPDB, http, MX's follow-ups)
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-fetch"

#include "config.h"

#include "colombe-client-config.h"
#include "colombe-http.h"
#include "colombe-lookup.h"

typedef struct
{
  char          *url;
  char          *address;
  char          *real_name;
  ColombeSource  source;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->url);
  g_free (fetch->address);
  g_free (fetch->real_name);
  g_free (fetch);
}

static GPtrArray *
accounts_from_body (Fetch       *fetch,
                    GBytes      *body,
                    const char  *final_url,
                    GError     **error)
{
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autoptr(ColombeProvenance) provenance = colombe_provenance_new (final_url);
  GPtrArray *accounts;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (!(config = colombe_client_config_new_from_data (data ? data : "", length, final_url, error)))
    return NULL;

  if (!(accounts = colombe_client_config_to_accounts (config, fetch->address, fetch->real_name,
                                                      fetch->source, error)))
    return NULL;
  for (guint i = 0; i < accounts->len; i++)
    colombe_account_set_provenance (g_ptr_array_index (accounts, i), provenance);

  return accounts;
}

static void
got_body (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *final_url = NULL;
  GError *error = NULL;
  GPtrArray *accounts;

  body = colombe_http_get_finish (result, &final_url, &error);

  if (body == NULL && g_error_matches (error, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_NOT_FOUND))
    {
      g_debug ("%s: not there", fetch->url);
      g_clear_error (&error);
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  if (body == NULL || !(accounts = accounts_from_body (fetch, body, final_url, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

void
colombe_lookup_fetch_config_async (const ColombeLookupQuery *query,
                                   const char               *url,
                                   ColombeSource             source,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (query != NULL);
  g_return_if_fail (SOUP_IS_SESSION (query->session));
  g_return_if_fail (url != NULL);

  fetch = g_new0 (Fetch, 1);
  fetch->url = g_strdup (url);
  fetch->address = g_strdup (query->address);
  fetch->real_name = g_strdup (query->real_name);
  fetch->source = source;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_lookup_fetch_config_async);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  colombe_http_get_async (query->session, url, cancellable, got_body, g_steal_pointer (&task));
}

GPtrArray *
colombe_lookup_fetch_config_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
