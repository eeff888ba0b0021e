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

#include <libsoup/soup.h>

#include "colombe-account.h"
#include "colombe-speculation.h"

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
  SoupSession  *session;     /* one for the run, bounded (colombe-http) */
  ColombeSpeculation *speculation; /* connections already under way; may be NULL */

  /* A source that keeps waiting for better answers of its own (guessing)
   * calls colombe_lookup_query_notify_found() as soon as it holds one, so
   * that the discovery's grace period for slower sources starts now and
   * overlaps the source's own, instead of adding to it. */
  void        (*found_early)      (gpointer data);
  gpointer      found_early_data;
} ColombeLookupQuery;

typedef struct
{
  const char    *name;          /* as in detect --json "sources" */
  ColombeSource  provenance;
  gboolean       needs_network;
  /* Always reaches something when there is a network: the ISPDB's host
   * exists, and a name server answers every record lookup. */
  gboolean       proves_network;
  guint          timeout_ms;
  /* Starts the lookup; the GTask returns a GPtrArray of ColombeAccount,
   * empty when the source has nothing for this address. */
  void         (*run)          (const ColombeLookupQuery *query,
                                GTask                    *task);
} ColombeLookup;

static inline void
colombe_lookup_query_notify_found (const ColombeLookupQuery *query)
{
  if (query->found_early != NULL)
    query->found_early (query->found_early_data);
}

/* For the sources that read a clientConfig over HTTP(S): GET @url with the
 * query's session (colombe-http's rules: https-only redirects within the
 * registrable domain, 1 MiB), read the document and turn it into accounts
 * of @source, each with the URL that answered as its origin. 404 and 410
 * are "not found" (an empty array), anything else unexpected an error. */
void       colombe_lookup_fetch_config_async  (const ColombeLookupQuery  *query,
                                               const char                *url,
                                               ColombeSource              source,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data);
GPtrArray *colombe_lookup_fetch_config_finish (GAsyncResult              *result,
                                               GError                   **error);

/* DNS answers in the order they are tried: MX records (GVariant "(qs)")
 * lowest preference first, SRV records ("(qqqs)") lowest priority then
 * heaviest weight first; both stable. They take @records and return them
 * sorted. The best MX host of sorted @records, NULL when none is usable. */
GList     *colombe_lookup_mx_sort             (GList                     *records);
char      *colombe_lookup_mx_best_host        (GList                     *records);
GList     *colombe_lookup_srv_sort            (GList                     *records);

extern const ColombeLookup colombe_lookup_autoconfig;
extern const ColombeLookup colombe_lookup_well_known;
extern const ColombeLookup colombe_lookup_builtin;
extern const ColombeLookup colombe_lookup_ispdb;
extern const ColombeLookup colombe_lookup_autoconfig_http;
extern const ColombeLookup colombe_lookup_guess;
extern const ColombeLookup colombe_lookup_mx;
extern const ColombeLookup colombe_lookup_srv;

G_END_DECLS
