/* colombe-lookup-web.c: what the sources reading a clientConfig over the web share
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-web"

#include "config.h"

#include "colombe-lookup-web.h"

/* As Thunderbird does, the address goes along so that a provider with
 * several server farms can answer for this person; every reserved
 * character is escaped ("+" in a local part would otherwise read as a
 * space). No @address: no parameter. */
static char *
provider_url (const char *scheme,
              const char *host,
              const char *path,
              const char *address)
{
  g_autofree char *escaped = NULL;

  if (address == NULL)
    return g_strdup_printf ("%s://%s%s", scheme, host, path);

  escaped = g_uri_escape_string (address, NULL, FALSE);
  return g_strdup_printf ("%s://%s%s?emailaddress=%s", scheme, host, path, escaped);
}

char *
colombe_lookup_web_autoconfig_url (const char *scheme,
                                   const char *domain,
                                   const char *address)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (scheme != NULL && domain != NULL, NULL);

  host = g_strconcat ("autoconfig.", domain, NULL);

  return provider_url (scheme, host, "/mail/config-v1.1.xml", address);
}

char *
colombe_lookup_web_well_known_url (const char *scheme,
                                   const char *domain,
                                   const char *address)
{
  g_return_val_if_fail (scheme != NULL && domain != NULL, NULL);

  return provider_url (scheme, domain, "/.well-known/autoconfig/mail/config-v1.1.xml", address);
}

gboolean
colombe_lookup_web_nothing_there (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts;

  accounts = colombe_lookup_fetch_config_finish (result, &error);
  if (accounts == NULL && colombe_lookup_web_nothing_there (error))
    {
      g_debug ("nothing published: %s", error->message);
      accounts = g_ptr_array_new_with_free_func (g_object_unref);
    }

  if (accounts != NULL)
    g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
colombe_lookup_web_run (const ColombeLookupQuery *query,
                        GTask                    *task,
                        const char               *url,
                        ColombeSource             source)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (url != NULL);

  g_debug ("GET %s", url);
  colombe_lookup_fetch_config_async (query, url, source, g_task_get_cancellable (task),
                                     fetch_done, g_object_ref (task));
}

void
colombe_lookup_web_run_https (const ColombeLookupQuery *query,
                              GTask                    *task,
                              ColombeLookupWebUrl       url_for,
                              ColombeSource             source)
{
  g_autofree char *url = NULL;

  g_return_if_fail (query != NULL);
  g_return_if_fail (url_for != NULL);

  url = url_for ("https", query->domain, query->address);
  colombe_lookup_web_run (query, task, url, source);
}
