/* colombe-probe.h: does a mail server answer, and how securely?
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-types.h"

G_BEGIN_DECLS

#define COLOMBE_PROBE_DEFAULT_TIMEOUT_MS 10000

#define COLOMBE_TYPE_PROBE (colombe_probe_get_type ())

G_DECLARE_FINAL_TYPE (ColombeProbe, colombe_probe, COLOMBE, PROBE, GObject)

/* @database: the anchors to verify certificates with; NULL for the
 * system's default. */
ColombeProbe        *colombe_probe_new                  (ColombeProtocol       protocol,
                                                         const char           *host,
                                                         guint16               port,
                                                         ColombeSecurity       security,
                                                         GTlsDatabase         *database);
/* The time limit of each step (connect, TLS, each reply), in ms. */
void                 colombe_probe_set_timeout          (ColombeProbe         *self,
                                                         guint                 timeout_ms);
/* Go on past an untrusted certificate, recording why it is not trusted:
 * for discovery only, where no password is ever sent. */
void                 colombe_probe_set_accept_untrusted (ColombeProbe         *self,
                                                         gboolean              accept);
gboolean             colombe_probe_get_accept_untrusted (ColombeProbe         *self);

ColombeProtocol      colombe_probe_get_protocol         (ColombeProbe         *self);
const char          *colombe_probe_get_host             (ColombeProbe         *self);
guint16              colombe_probe_get_port             (ColombeProbe         *self);
ColombeSecurity      colombe_probe_get_security         (ColombeProbe         *self);

/* Connects, reads the greeting, asks the capabilities, upgrades with
 * STARTTLS when asked to (and asks again), then says goodbye. */
void                 colombe_probe_run_async            (ColombeProbe         *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean             colombe_probe_run_finish           (ColombeProbe         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* What the last run found, as far as it got (a STARTTLS_MISSING failure
 * still has the greeting and the capabilities of the plain connection). */
const char          *colombe_probe_get_greeting         (ColombeProbe         *self);
/* Upper case, the last list asked (after STARTTLS: the encrypted one). */
const char * const  *colombe_probe_get_capabilities     (ColombeProbe         *self);
/* @name is a capability alone ("STARTTLS") or with parameters ("AUTH"
 * matches "AUTH PLAIN LOGIN" and "AUTH=PLAIN"), case ignored. */
gboolean             colombe_probe_has_capability       (ColombeProbe         *self,
                                                         const char           *name);
/* The security the connection really had at the end: TLS, STARTTLS once
 * upgraded, NONE otherwise. */
ColombeSecurity      colombe_probe_get_achieved_security (ColombeProbe        *self);
gboolean             colombe_probe_get_starttls_offered (ColombeProbe         *self);
GTlsCertificate     *colombe_probe_get_certificate      (ColombeProbe         *self);
GTlsCertificateFlags colombe_probe_get_certificate_errors (ColombeProbe       *self);
/* From the start to the capabilities (the goodbye not counted). */
gint64               colombe_probe_get_elapsed_ms       (ColombeProbe         *self);

G_END_DECLS
