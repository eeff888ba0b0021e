/* colombe-failure.h: why proving a server failed, in CLI.md's words
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CLI.md's error kinds, in its order. */
typedef enum
{
  COLOMBE_FAILURE_KIND_HOST_NOT_FOUND,
  COLOMBE_FAILURE_KIND_CONNECTION_REFUSED,
  COLOMBE_FAILURE_KIND_TIMEOUT,
  COLOMBE_FAILURE_KIND_TLS_UNTRUSTED,
  COLOMBE_FAILURE_KIND_TLS_FAILED,
  COLOMBE_FAILURE_KIND_STARTTLS_MISSING,
  COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED,
  COLOMBE_FAILURE_KIND_AUTH_FAILED,
  COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED,
  COLOMBE_FAILURE_KIND_PROTOCOL_ERROR,
  COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED,   /* CLI.md's Additions */
} ColombeFailureKind;

/* "host-not-found", "timeout", … */
const char         *colombe_failure_kind_to_string  (ColombeFailureKind  kind);
/* The kind of any error a ColombeProbe returns. G_IO_ERROR_CANCELLED is
 * no failure to show: callers check for it first (it maps to
 * protocol-error). */
ColombeFailureKind  colombe_failure_kind_from_error (const GError       *error);
/* For people: what happened, in plain words, then what to do (translated). */
const char         *colombe_failure_kind_get_sentence  (ColombeFailureKind kind);
const char         *colombe_failure_kind_get_next_step (ColombeFailureKind kind);
/* The next step with the provider's page quoted, where the kind has a page
 * to point at (app-password-required, oauth2-required); otherwise, or
 * without @help_url, the kind's own next step. (transfer full) */
char               *colombe_failure_kind_dup_next_step (ColombeFailureKind kind,
                                                        const char        *help_url);
/* After auth-failed where the same password worked on the other server:
 * the setting to turn on at the provider (@switch_text, the provider's
 * sentence) and its page. (transfer full) */
char               *colombe_failure_dup_switch_step    (const char        *switch_text,
                                                        const char        *url);

G_END_DECLS
