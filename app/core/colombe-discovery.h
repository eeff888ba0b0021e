/* colombe-discovery.h: from an address to ranked candidate settings
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "colombe-account.h"
#include "colombe-address.h"
#include "colombe-speculation.h"

G_BEGIN_DECLS

typedef enum
{
  COLOMBE_LOOKUP_STATE_WAITING,
  COLOMBE_LOOKUP_STATE_RUNNING,
  COLOMBE_LOOKUP_STATE_FOUND,
  COLOMBE_LOOKUP_STATE_NOT_FOUND,
  COLOMBE_LOOKUP_STATE_ERROR,
  COLOMBE_LOOKUP_STATE_TIMEOUT,
  COLOMBE_LOOKUP_STATE_SKIPPED,   /* not run (offline), or stopped: a better source answered */
  COLOMBE_LOOKUP_STATE_UNUSABLE,  /* answered with values the model refuses (colombe-field.h) */
  COLOMBE_LOOKUP_STATE_UNREACHABLE, /* no network: not run, or nothing could be reached */
} ColombeLookupState;

/* The whole run's time limit, unless set */
#define COLOMBE_DISCOVERY_DEFAULT_TIMEOUT_MS 30000

/* How long sources that rank better than an answer in hand may still keep
 * it waiting: a dead host costs this once, never its whole timeout. */
#define COLOMBE_DISCOVERY_GRACE_MS 1500

/* How one source fared, for `detect` and the assistant's progress. */
typedef struct
{
  const char        *name;
  ColombeSource      provenance;
  ColombeLookupState state;
  gint64             ms;
  char              *message;   /* the error, when state is ERROR or UNUSABLE */
  gboolean           tls_failed; /* the error was about TLS or a certificate */
  gboolean           cannot_reach; /* the error: no route, or no name server answered */
} ColombeLookupReport;

#define COLOMBE_TYPE_DISCOVERY (colombe_discovery_get_type ())

G_DECLARE_FINAL_TYPE (ColombeDiscovery, colombe_discovery, COLOMBE, DISCOVERY, GObject)

ColombeDiscovery *colombe_discovery_new            (const ColombeAddress  *address,
                                                    const char            *real_name);
void              colombe_discovery_set_offline    (ColombeDiscovery      *self,
                                                    gboolean               offline);
/* An http or https base address; anything else is refused with
 * COLOMBE_ERROR_INVALID_INPUT and the one in use is kept. */
gboolean          colombe_discovery_set_ispdb_url  (ColombeDiscovery      *self,
                                                    const char            *url,
                                                    GError               **error);
void              colombe_discovery_set_tls_database (ColombeDiscovery    *self,
                                                      GTlsDatabase        *database);
/* The HTTP session to fetch with, shared with other discoveries (a batch:
 * its limits per host then hold for all of them), its TLS database set;
 * NULL (the default): one of its own, with the discovery's database. */
void              colombe_discovery_set_session    (ColombeDiscovery      *self,
                                                    SoupSession           *session);
/* Connections already under way to the likely servers: the guessing
 * source watches them instead of opening its own. NULL for none. */
void              colombe_discovery_set_speculation (ColombeDiscovery   *self,
                                                     ColombeSpeculation *speculation);
/* How long sources ranked better than an answer in hand may still keep it
 * waiting, in milliseconds: COLOMBE_DISCOVERY_GRACE_MS unless set, and
 * never beyond the run's time limit. A batch, which nobody watches, gives
 * G_MAXUINT: they run to their own time limits. */
void              colombe_discovery_set_grace      (ColombeDiscovery      *self,
                                                    guint                  grace_ms);
/* Upper bound for the whole run, in milliseconds; 0 keeps the default. */
void              colombe_discovery_set_timeout    (ColombeDiscovery      *self,
                                                    guint                  timeout_ms);

void              colombe_discovery_run_async      (ColombeDiscovery      *self,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
gboolean          colombe_discovery_run_finish     (ColombeDiscovery      *self,
                                                    GAsyncResult          *result,
                                                    GError               **error);

/* Candidates best first (ranked by provenance, then each source's order). */
GPtrArray        *colombe_discovery_get_candidates (ColombeDiscovery      *self);
ColombeAccount   *colombe_discovery_get_best       (ColombeDiscovery      *self);
/* TRUE when the run found this computer without a network: GIO's network
 * monitor said so at the start, or the sources that always reach
 * something on a network reached nothing. Then no source reports
 * NOT_FOUND, the built-in list included: they report UNREACHABLE, since
 * "nothing exists" would be a guess. */
gboolean          colombe_discovery_get_no_network (ColombeDiscovery      *self);
/* One report per source, in ranking order. (element-type ColombeLookupReport) */
GPtrArray        *colombe_discovery_get_reports    (ColombeDiscovery      *self);

const char       *colombe_lookup_state_to_string   (ColombeLookupState     state);

G_END_DECLS
