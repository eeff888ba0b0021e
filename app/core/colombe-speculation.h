/* colombe-speculation.h: connections to the likely servers, opened while discovery runs
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-address.h"
#include "colombe-server.h"
#include "colombe-probe.h"

G_BEGIN_DECLS

/* At most this many connections, and held at most this long. */
#define COLOMBE_SPECULATION_MAX_CONNECTIONS 6
#define COLOMBE_SPECULATION_HOLD_MS 30000

#define COLOMBE_TYPE_SPECULATION (colombe_speculation_get_type ())

G_DECLARE_FINAL_TYPE (ColombeSpeculation, colombe_speculation, COLOMBE, SPECULATION, GObject)

ColombeSpeculation *colombe_speculation_new              (const ColombeAddress *address);
void                colombe_speculation_set_tls_database (ColombeSpeculation   *self,
                                                          GTlsDatabase         *database);
/* Each step's limit, in milliseconds; 0 keeps the probes' default. */
void                colombe_speculation_set_timeout      (ColombeSpeculation   *self,
                                                          guint                 timeout_ms);

/* Connects to the built-in database's servers for the domain and to
 * imap., smtp. and mail. of it on the implicit TLS ports, through TLS,
 * the greeting and the capabilities, and holds the connections. No
 * password is ever sent on them. */
void                colombe_speculation_start            (ColombeSpeculation   *self);
/* The servers it connects to once started, in order, at most
 * COLOMBE_SPECULATION_MAX_CONNECTIONS. (element-type ColombeServer) */
GPtrArray          *colombe_speculation_get_servers      (ColombeSpeculation   *self);

typedef enum
{
  COLOMBE_SPECULATION_WATCH,   /* look at its outcome, leave it there */
  COLOMBE_SPECULATION_TAKE,    /* take it over, to log in on it */
} ColombeSpeculationClaim;

/* Waits for the speculative connection to @server (same protocol, host,
 * port and security) and returns its probe: to WATCH, for its getters
 * only; to TAKE, holding the connection, for the caller's next run to log
 * in on (the certificate is judged then). When that connection failed, as
 * a new one would have, @error says why and the probe is returned all the
 * same, for its certificate and time. NULL: there is none (to take: none
 * left). Cancelling @cancellable stops a taken one still going. */
void                colombe_speculation_claim_async      (ColombeSpeculation      *self,
                                                          ColombeServer           *server,
                                                          ColombeSpeculationClaim  claim,
                                                          GCancellable            *cancellable,
                                                          GAsyncReadyCallback      callback,
                                                          gpointer                 user_data);
ColombeProbe       *colombe_speculation_claim_finish     (ColombeSpeculation      *self,
                                                          GAsyncResult            *result,
                                                          GError                 **error);

/* Lets go every connection not taken: goodbye on those held, the others
 * stopped. Also done once COLOMBE_SPECULATION_HOLD_MS have passed. */
void                colombe_speculation_close            (ColombeSpeculation   *self);

/* Connections started, and taken over. */
guint               colombe_speculation_get_n_started    (ColombeSpeculation   *self);
guint               colombe_speculation_get_n_taken      (ColombeSpeculation   *self);

G_END_DECLS
