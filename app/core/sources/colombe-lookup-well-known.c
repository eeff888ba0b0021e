/* colombe-lookup-well-known.c: the provider's own file in the domain's .well-known folder
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-well-known"

#include "config.h"

#include "colombe-lookup-web.h"

static void
well_known_run (const ColombeLookupQuery *query,
                GTask                    *task)
{
  colombe_lookup_web_run_https (query, task, colombe_lookup_web_well_known_url,
                                COLOMBE_SOURCE_WELL_KNOWN);
}

const ColombeLookup colombe_lookup_well_known = {
  .name = "well-known",
  .provenance = COLOMBE_SOURCE_WELL_KNOWN,
  .needs_network = TRUE,
  .timeout_ms = COLOMBE_LOOKUP_WEB_TIMEOUT_MS,
  .run = well_known_run,
};
