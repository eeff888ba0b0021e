/* colombe-thunderbird-logins.h: a password into Thunderbird's own password manager
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-server.h"

G_BEGIN_DECLS

#define COLOMBE_THUNDERBIRD_LOGINS_ERROR (colombe_thunderbird_logins_error_quark ())

typedef enum
{
  COLOMBE_THUNDERBIRD_LOGINS_ERROR_KEY_DATABASE,  /* NSS cannot open key4.db or encrypt with it */
  COLOMBE_THUNDERBIRD_LOGINS_ERROR_CORRUPT,       /* logins.json is not Thunderbird's: left as it is */
} ColombeThunderbirdLoginsError;

GQuark colombe_thunderbird_logins_error_quark (void);

/* What became of the password, when nothing failed. In the last two cases
 * nothing is written and Thunderbird asks for the password once. */
typedef enum
{
  COLOMBE_THUNDERBIRD_LOGINS_STORED,
  COLOMBE_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD,  /* the profile's key database is locked */
  COLOMBE_THUNDERBIRD_LOGINS_NO_KEY_DATABASE,   /* Thunderbird never started on the profile */
} ColombeThunderbirdLoginsOutcome;

/* "stored", "primary-password", "no-key-database" */
const char *colombe_thunderbird_logins_outcome_to_string (ColombeThunderbirdLoginsOutcome outcome);

/* The origin Thunderbird looks the server's password up under
 * ("imap://HOST", "mailbox://HOST" for POP3, "smtp://HOST"), or NULL when
 * the server takes no password (no username, no authentication, OAuth2…). */
char *colombe_thunderbird_logins_dup_origin (ColombeServer *server);

/* Encrypts @password and the servers' usernames with the key database of
 * the Thunderbird profile in @profile_dir, and adds them to its
 * logins.json, replacing an entry for the same origin and username. The
 * profile must not be in use. @outgoing may be NULL. */
gboolean colombe_thunderbird_logins_store (const char                       *profile_dir,
                                           ColombeServer                    *incoming,
                                           ColombeServer                    *outgoing,
                                           const char                       *password,
                                           ColombeThunderbirdLoginsOutcome  *outcome,
                                           GError                          **error);

/* The same in a worker thread. @password is copied and wiped afterwards. */
void     colombe_thunderbird_logins_store_async  (const char                       *profile_dir,
                                                  ColombeServer                    *incoming,
                                                  ColombeServer                    *outgoing,
                                                  const char                       *password,
                                                  GCancellable                     *cancellable,
                                                  GAsyncReadyCallback               callback,
                                                  gpointer                          user_data);
gboolean colombe_thunderbird_logins_store_finish (GAsyncResult                     *result,
                                                  ColombeThunderbirdLoginsOutcome  *outcome,
                                                  GError                          **error);

/* Makes the key database of a profile that has none, as Thunderbird makes
 * it on its first start (no primary password), so that a profile Colombe
 * creates can hold the password. Refused when there is one already. */
gboolean colombe_thunderbird_logins_create_keys  (const char                       *profile_dir,
                                                  GError                          **error);

G_END_DECLS
