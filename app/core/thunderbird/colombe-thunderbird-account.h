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

/* Where a writer puts one preference, "BRANCH.KEY.NAME": the user.js
 * export writes lines of text, the profile writer sets them in prefs.js.
 * Both take the account's preferences from the functions below, so the
 * two never say different things. */
typedef struct
{
  void (*set_string) (gpointer data, const char *branch, const char *key, const char *name,
                      const char *value);
  void (*set_int)    (gpointer data, const char *branch, const char *key, const char *name,
                      int value);
  void (*set_bool)   (gpointer data, const char *branch, const char *key, const char *name,
                      gboolean value);
} ColombeThunderbirdPrefsWriter;

/* mail.server.KEY.*, mail.smtpserver.KEY.* and mail.identity.KEY.*, as
 * Thunderbird's own account wizard writes them (POP3 leaves the messages
 * on the server: a shared mailbox). */
void colombe_thunderbird_write_incoming (const ColombeThunderbirdPrefsWriter *writer,
                                         gpointer                             data,
                                         const char                          *key,
                                         ColombeServer                       *server,
                                         const char                          *address);
void colombe_thunderbird_write_outgoing (const ColombeThunderbirdPrefsWriter *writer,
                                         gpointer                             data,
                                         const char                          *key,
                                         ColombeServer                       *server,
                                         const char                          *address);
void colombe_thunderbird_write_identity (const ColombeThunderbirdPrefsWriter *writer,
                                         gpointer                             data,
                                         const char                          *key,
                                         ColombeAccount                      *account,
                                         const char                          *smtp_key);

/* Thunderbird's codes (MailNewsTypes2.idl): socketType / try_ssl, and
 * authMethod for a clientConfig authentication name. */
int                      colombe_thunderbird_socket_type    (ColombeSecurity  security);
int                      colombe_thunderbird_auth_method    (const char      *auth);

/* Whether Thunderbird can sign in to @server with OAuth2: it has a
 * sign-in page (issuer, client) built in for the host, that name or a
 * domain above it. For any other host its clientConfig reader drops
 * OAuth2 and a user.js account cannot sign in. */
gboolean                 colombe_thunderbird_knows_oauth2   (ColombeServer   *server);
/* The N_() sentence of the targets Thunderbird reads (thunderbird,
 * autoconfig) for an OAuth2 @account it cannot sign in to, or NULL. */
const char              *colombe_thunderbird_oauth2_refusal (ColombeAccount  *account);

G_END_DECLS
