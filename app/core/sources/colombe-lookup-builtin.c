/* colombe-lookup-builtin.c: the built-in provider database as a source
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-builtin"

#include "config.h"

#include "colombe-lookup.h"
#include "colombe-provider-db.h"

static void
builtin_run (const ColombeLookupQuery *query,
             GTask                    *task)
{
  ColombeProviderDb *db = colombe_provider_db_get_default ();
  ColombeClientConfig *config;
  GPtrArray *accounts;
  GError *error = NULL;

  /* Instant and offline: answer in this main-loop turn. */
  config = colombe_provider_db_lookup (db, query->domain);
  if (config == NULL)
    accounts = g_ptr_array_new_with_free_func (g_object_unref);
  else if (!(accounts = colombe_client_config_to_accounts (config, query->address, query->real_name,
                                                           COLOMBE_SOURCE_BUILTIN, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

const ColombeLookup colombe_lookup_builtin = {
  .name = "builtin",
  .provenance = COLOMBE_SOURCE_BUILTIN,
  .needs_network = FALSE,
  .timeout_ms = 1000,
  .run = builtin_run,
};
