/* colombe-trace.h: the lines of one connection, as debug messages, with
 * every authentication exchange left out
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ColombeTrace ColombeTrace;

/* @host and @port name the connection in each message. */
ColombeTrace *colombe_trace_new                  (const char          *host,
                                                  guint16              port);
void          colombe_trace_free                 (ColombeTrace        *self);

/* A line we sent, without its CRLF. */
void          colombe_trace_sent                 (ColombeTrace        *self,
                                                  const char          *line);
/* The lines of one reply. */
void          colombe_trace_received             (ColombeTrace        *self,
                                                  const char * const  *lines);

/* From here on nothing sent or received is shown, whatever it holds,
 * until the exchange ends: only how many lines went each way. */
void          colombe_trace_begin_authentication (ColombeTrace        *self);
/* Ends the exchange (if one is under way) with its marker, then shows
 * the last reply when @answered (the server's verdict: OK, NO, 235, 535…)
 * with every line sent during the exchange and every one of @hidden
 * masked; when not @answered, that reply is counted and not shown. */
void          colombe_trace_end_authentication   (ColombeTrace        *self,
                                                  gboolean             answered,
                                                  const char * const  *hidden);
gboolean      colombe_trace_get_authenticating   (ColombeTrace        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeTrace, colombe_trace_free)

G_END_DECLS
