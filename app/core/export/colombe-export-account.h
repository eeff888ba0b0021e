/* colombe-export-account.h: an account as the phone targets say it
 *
 * The mobileconfig, k9 and qr targets need the same things of an account:
 * both servers, the usernames as the servers take them, and text a file
 * can carry (colombe-export-text.h: XML 1.0 cannot hold most control
 * characters, and the QR code format forbids line breaks in its values).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-exporter.h"

G_BEGIN_DECLS

typedef struct
{
  const char    *address;
  const char    *name;               /* the person's name, or NULL */
  ColombeServer *incoming;
  ColombeServer *outgoing;
  char          *incoming_username;
  char          *outgoing_username;
  const char    *password;           /* NULL unless asked for */
} ColombeExportAccount;

/* The host Thunderbird for Android is given for @server. The app signs in
 * with OAuth2 only to the exact names its release build lists
 * (thunderbird-android app-thunderbird/src/release/kotlin/net/thunderbird/
 * android/auth/TbOAuthConfigurationFactory.kt): Microsoft's as
 * outlook.office365.com and smtp.office365.com, which serve Outlook.com
 * too, and not smtp-mail.outlook.com, the name Outlook.com's own page
 * gives. So an OAuth2 server at Microsoft gets those; any other server
 * its own host. */
const char *colombe_export_android_host (ColombeServer *server);

/* Whether Thunderbird for Android can sign in to @server with OAuth2: its
 * host, as colombe_export_android_host() gives it, is one of those names
 * (the IMAP and SMTP servers of AOL, Fastmail, Gmail, Microsoft and Yahoo;
 * no POP3 server). */
gboolean    colombe_export_android_knows_oauth2 (ColombeServer *server);

/* The one sentence of the phone targets (k9, qr) for an OAuth2 account the
 * app cannot sign in to, or NULL. */
const char *colombe_export_android_oauth2_refusal (ColombeAccount *account);

gboolean colombe_export_account_init  (ColombeExportAccount        *self,
                                       const ColombeExportRequest  *request,
                                       GError                     **error);
void     colombe_export_account_clear (ColombeExportAccount        *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ColombeExportAccount, colombe_export_account_clear)

G_END_DECLS
