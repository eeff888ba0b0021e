/* colombe-verifier.h: proves candidate settings by connecting and logging in
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-account.h"
#include "colombe-certificate.h"
#include "colombe-failure.h"
#include "colombe-speculation.h"
#include "colombe-trust.h"

G_BEGIN_DECLS

typedef enum
{
  COLOMBE_LOGIN_SKIPPED,   /* no password given: the server answered, that is all */
  COLOMBE_LOGIN_OK,
  COLOMBE_LOGIN_FAILED,    /* refused, or the test stopped before logging in */
} ColombeLogin;

/* How one server fared. */
typedef struct
{
  gboolean                verified;
  ColombeLogin            login;
  gint64                  ms;
  ColombeFailureKind      kind;         /* meaningful when error != NULL */
  GError                 *error;        /* NULL when verified */
  ColombeCertificateInfo *certificate;  /* NULL when TLS was never reached */
  char                   *username;     /* the one that logged in, or NULL */
  char                   *help_url;     /* the provider's page on what the failure needs */
  char                   *next_step;    /* what to do, translated, the page quoted; NULL when verified */
  gboolean                oauth2_offered; /* the capabilities listed XOAUTH2 or OAUTHBEARER */
} ColombeVerifyResult;

#define COLOMBE_TYPE_VERIFIER (colombe_verifier_get_type ())

G_DECLARE_FINAL_TYPE (ColombeVerifier, colombe_verifier, COLOMBE, VERIFIER, GObject)

/* @candidates: ColombeAccount, best first (a discovery's candidates). The
 * best one's sign-in list rules the run (completed from the built-in
 * database for an account written by hand): without "password" or
 * "app-password" in it, no password is ever sent, and each server is
 * proven as far as it can be without one (TLS, capabilities, an OAuth2
 * mechanism offered), then reported as oauth2-required. */
ColombeVerifier           *colombe_verifier_new                 (GPtrArray          *candidates);
/* NULL: prove that the servers answer and speak TLS, without logging in. */
void                       colombe_verifier_set_password        (ColombeVerifier    *self,
                                                                 const char         *password);
void                       colombe_verifier_set_tls_database    (ColombeVerifier    *self,
                                                                 GTlsDatabase       *database);
/* Trust exactly this certificate (SHA-256 of its DER) where it is presented. */
void                       colombe_verifier_set_pinned_certificate (ColombeVerifier *self,
                                                                    const char      *sha256);
/* The exceptions the person accepted (the assistant's, saved between runs). */
void                       colombe_verifier_set_trust           (ColombeVerifier    *self,
                                                                 ColombeTrust       *trust);
void                       colombe_verifier_set_allow_plaintext (ColombeVerifier    *self,
                                                                 gboolean            allow);
/* Each step's limit, in milliseconds; 0 keeps the probes' default. */
void                       colombe_verifier_set_timeout         (ColombeVerifier    *self,
                                                                 guint               timeout_ms);
/* Take over the connections @speculation already made to the servers
 * to prove, and let go of its others once every server has claimed its own. */
void                       colombe_verifier_set_speculation     (ColombeVerifier    *self,
                                                                 ColombeSpeculation *speculation);

void                       colombe_verifier_run_async           (ColombeVerifier    *self,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
/* TRUE when the run ended (whatever it proved); FALSE only when cancelled. */
gboolean                   colombe_verifier_run_finish          (ColombeVerifier    *self,
                                                                 GAsyncResult       *result,
                                                                 GError            **error);

/* The best-ranked candidate proven in both directions, or else the
 * best-ranked candidate, whose failures explain why. */
ColombeAccount            *colombe_verifier_get_account         (ColombeVerifier    *self);
gboolean                   colombe_verifier_get_proven          (ColombeVerifier    *self);
/* NULL when the account has no such server. */
const ColombeVerifyResult *colombe_verifier_get_incoming_result (ColombeVerifier    *self);
const ColombeVerifyResult *colombe_verifier_get_outgoing_result (ColombeVerifier    *self);

const char                *colombe_login_to_string              (ColombeLogin        login);

G_END_DECLS
