/* colombe-lookup.h: what every discovery source provides
 *
 * A source is one file in this folder and one line in the table of
 * colombe-discovery.c: a name, the provenance its answers carry, whether it
 * needs the network, its own time limit, and an async function that turns
 * an address into candidate accounts.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-account.h"

G_BEGIN_DECLS

/* What one lookup is asked: everything a source may need, read-only. */
typedef struct
{
  char         *address;     /* normalised, ASCII domain */
  char         *local_part;
  char         *domain;      /* lower case ASCII */
  char         *real_name;   /* may be NULL */
  char         *ispdb_url;   /* base URL, without trailing slash */
  GTlsDatabase *tls_database;
} ColombeLookupQuery;

typedef struct
{
  const char    *name;          /* as in detect --json "sources" */
  ColombeSource  provenance;
  gboolean       needs_network;
  guint          timeout_ms;
  /* Starts the lookup; the GTask returns a GPtrArray of ColombeAccount,
   * empty when the source has nothing for this address. */
  void         (*run)          (const ColombeLookupQuery *query,
                                GTask                    *task);
} ColombeLookup;

extern const ColombeLookup colombe_lookup_builtin;

G_END_DECLS
