/* colombe-lookup-ispdb.c: Thunderbird's database of providers (ISPDB), or a mirror
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-ispdb"

#include "config.h"

#include "colombe-lookup-web.h"

/* Thunderbird allows its own ISPDB lookup 10 s: one shared server, farther away. */
#define ISPDB_TIMEOUT_MS 10000

static void
ispdb_run (const ColombeLookupQuery *query,
           GTask                    *task)
{
  /* Only the domain: the database has no use for the person's address. */
  g_autofree char *url = g_strdup_printf ("%s/%s", query->ispdb_url, query->domain);

  colombe_lookup_web_run (query, task, url, COLOMBE_SOURCE_ISPDB);
}

const ColombeLookup colombe_lookup_ispdb = {
  .name = "ispdb",
  .provenance = COLOMBE_SOURCE_ISPDB,
  .needs_network = TRUE,
  .proves_network = TRUE,
  .timeout_ms = ISPDB_TIMEOUT_MS,
  .run = ispdb_run,
};
