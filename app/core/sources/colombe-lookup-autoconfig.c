/* colombe-lookup-autoconfig.c: the provider's own file at autoconfig.<domain>, over https
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-autoconfig"

#include "config.h"

#include "colombe-lookup-web.h"

static void
autoconfig_run (const ColombeLookupQuery *query,
                GTask                    *task)
{
  colombe_lookup_web_run_https (query, task, colombe_lookup_web_autoconfig_url,
                                COLOMBE_SOURCE_AUTOCONFIG);
}

const ColombeLookup colombe_lookup_autoconfig = {
  .name = "autoconfig",
  .provenance = COLOMBE_SOURCE_AUTOCONFIG,
  .needs_network = TRUE,
  .timeout_ms = COLOMBE_LOOKUP_WEB_TIMEOUT_MS,
  .run = autoconfig_run,
};
