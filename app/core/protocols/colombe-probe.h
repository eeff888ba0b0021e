/* colombe-probe.h: does a mail server answer, and how securely?
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-certificate.h"
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
/* Let a password go over a connection without TLS (security NONE): only
 * after the person accepted it for this server. Otherwise the run stops
 * with PLAINTEXT_REFUSED before sending anything secret. */
void                 colombe_probe_set_allow_plaintext  (ColombeProbe         *self,
                                                         gboolean              allow);
/* Trust the certificate whose SHA-256 fingerprint (of its DER; hex, any
 * case, colons allowed) is @sha256_hex even when its chain does not
 * verify; NULL for none. */
void                 colombe_probe_set_pinned_certificate (ColombeProbe       *self,
                                                           const char         *sha256_hex);
/* Log in during the next run: each of @usernames in turn, on the same
 * connection, while the server allows another try (IMAP NO, POP3 -ERR,
 * SMTP 535), until one works. The password is wiped from memory when
 * that run ends; NULL, NULL for no login. */
void                 colombe_probe_set_credentials      (ColombeProbe         *self,
                                                         const char * const   *usernames,
                                                         const char           *password);

/* Keep the connection open at the end of a run without credentials,
 * once the capabilities are known: the next run takes it over and goes
 * straight to the login (judging the certificate then, with that run's
 * pin and accept-untrusted). */
void                 colombe_probe_set_hold             (ColombeProbe         *self,
                                                         gboolean              hold);
/* TRUE between a run that held its connection and the next run. */
gboolean             colombe_probe_get_held             (ColombeProbe         *self);
/* Says goodbye on a held connection and closes it; nothing if none. */
void                 colombe_probe_let_go               (ColombeProbe         *self);

ColombeProtocol      colombe_probe_get_protocol         (ColombeProbe         *self);
const char          *colombe_probe_get_host             (ColombeProbe         *self);
guint16              colombe_probe_get_port             (ColombeProbe         *self);

/* Connects, reads the greeting, asks the capabilities, upgrades with
 * STARTTLS when asked to (and asks again), logs in when credentials were
 * given, then says goodbye. Login failures: PLAINTEXT_REFUSED,
 * AUTH_FAILED, APP_PASSWORD_REQUIRED, OAUTH2_REQUIRED, NO_MECHANISM, TLS_UNTRUSTED (an
 * accepted-untrusted certificate never gets a password). */
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
/* Whether the last capabilities listed XOAUTH2 or OAUTHBEARER. */
gboolean             colombe_probe_offers_oauth2        (ColombeProbe         *self);
/* The security the connection really had at the end: TLS, STARTTLS once
 * upgraded, NONE otherwise. */
ColombeSecurity      colombe_probe_get_achieved_security (ColombeProbe        *self);
gboolean             colombe_probe_get_starttls_offered (ColombeProbe         *self);
GTlsCertificate     *colombe_probe_get_certificate      (ColombeProbe         *self);
GTlsCertificateFlags colombe_probe_get_certificate_errors (ColombeProbe       *self);
/* The certificate, its fingerprint and what is wrong with it; NULL when
 * there was none. */
ColombeCertificateInfo *colombe_probe_get_certificate_info (ColombeProbe      *self);
/* The username the server accepted; NULL when no login succeeded. */
const char          *colombe_probe_get_username_used    (ColombeProbe         *self);
/* The server's own words when it refused the login (bounded, printable,
 * never anything we sent); NULL otherwise. */
const char          *colombe_probe_get_server_message   (ColombeProbe         *self);
/* From the start to the login's end (the goodbye not counted). */
gint64               colombe_probe_get_elapsed_ms       (ColombeProbe         *self);

G_END_DECLS
