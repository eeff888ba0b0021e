/* colombe-thunderbird-account.h: an account added to a Thunderbird
 * profile's prefs.js
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-account.h"
#include "colombe-thunderbird-error.h"

G_BEGIN_DECLS

/* What was written, for the command line's --json: the keys of the
 * account, incoming server, identity and outgoing server; the Local
 * Folders server created with it (NULL: the profile had one); the backup
 * of prefs.js (NULL: there was none); whether an account with the same
 * address was updated rather than added. */
typedef struct
{
  char     *account;
  char     *server;
  char     *identity;
  char     *smtp;
  char     *local_folders;
  char     *backup_path;
  gboolean  updated;
} ColombeThunderbirdAdded;

void                     colombe_thunderbird_added_free     (ColombeThunderbirdAdded *added);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeThunderbirdAdded, colombe_thunderbird_added_free)

/* Adds @account (both servers resolved) to the profile in the folder
 * @profile_path. Errors, with nothing written: RUNNING, PROFILE_NOT_FOUND,
 * CORRUPT, ALREADY_PRESENT (an identity has the address; with @replace
 * that account's servers are updated instead; or another account has an
 * incoming server of the same type, host and user name, which Thunderbird
 * would drop: refused even with @replace), FAILED. */
ColombeThunderbirdAdded *colombe_thunderbird_account_add    (ColombeAccount  *account,
                                                             const char      *profile_path,
                                                             gboolean         replace,
                                                             GError         **error);

/* Thunderbird's codes (MailNewsTypes2.idl): socketType / try_ssl, and
 * authMethod for a clientConfig authentication name. */
int                      colombe_thunderbird_socket_type    (ColombeSecurity  security);
int                      colombe_thunderbird_auth_method    (const char      *auth);

G_END_DECLS
