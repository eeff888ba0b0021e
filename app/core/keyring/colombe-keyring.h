/* colombe-keyring.h: the mail password in the desktop keyring (libsecret)
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "colombe-account.h"
#include "colombe-server.h"

G_BEGIN_DECLS

#define COLOMBE_KEYRING_SCHEMA_NAME "io.github.colombe.Colombe.Password"

#define COLOMBE_KEYRING_ERROR (colombe_keyring_error_quark ())

typedef enum
{
  COLOMBE_KEYRING_ERROR_UNAVAILABLE,  /* no session bus, or no secret service on it */
  COLOMBE_KEYRING_ERROR_LOCKED,       /* the keyring stayed locked */
  COLOMBE_KEYRING_ERROR_NOT_FOUND,    /* lookup: no password stored for that server and user */
  COLOMBE_KEYRING_ERROR_NO_USERNAME,  /* the server's username is not known yet */
  COLOMBE_KEYRING_ERROR_FAILED,       /* the secret service refused otherwise */
} ColombeKeyringError;

GQuark              colombe_keyring_error_quark   (void);

/* The libsecret schema (documented in colombe-keyring.c and README.md) */
const SecretSchema *colombe_keyring_get_schema    (void);

/* Stores @password for @server (its protocol, host, port and username) and
 * @address in the default collection, replacing the same item. */
void                colombe_keyring_store_async   (ColombeServer        *server,
                                                   const char           *address,
                                                   const char           *password,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            colombe_keyring_store_finish  (GAsyncResult         *result,
                                                   GError              **error);

/* Finds the password of @server's username on @server. */
void                colombe_keyring_lookup_async  (ColombeServer        *server,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* The password, in memory that is not swapped out when libsecret can get
 * some: free it with colombe_keyring_password_free(), which wipes it. */
char               *colombe_keyring_lookup_finish (GAsyncResult         *result,
                                                   GError              **error);

/* Removes every password Colombe stored for @address (all its servers);
 * nothing to remove is not an error. */
void                colombe_keyring_forget_async  (const char           *address,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            colombe_keyring_forget_finish (GAsyncResult         *result,
                                                   GError              **error);

/* Overwrites then frees a password; NULL is fine. */
void                colombe_keyring_password_free (char                 *password);

/* One item per server of @account (incoming and outgoing), each under the
 * username it has: after a proven login, the one that worked. */
void                colombe_keyring_store_account_async  (ColombeAccount       *account,
                                                          const char           *password,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean            colombe_keyring_store_account_finish (GAsyncResult         *result,
                                                          GError              **error);

/* "secret-tool lookup protocol imap host H port 993 user U", each value
 * shell-quoted: what another program runs to read the password that
 * colombe_keyring_store_async() kept for @server. */
char               *colombe_keyring_dup_lookup_command (ColombeServer  *server);

G_END_DECLS
