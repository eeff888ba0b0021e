/* colombe-account-page.h: screen 1, "Your account": name, address, password
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-address.h"
#include "colombe-types.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_ACCOUNT_PAGE (colombe_account_page_get_type ())

G_DECLARE_FINAL_TYPE (ColombeAccountPage, colombe_account_page, COLOMBE, ACCOUNT_PAGE, AdwBin)

/* The name as typed, trimmed. */
char           *colombe_account_page_dup_name     (ColombeAccountPage *self);
/* NULL while the address is not valid. */
ColombeAddress *colombe_account_page_dup_address  (ColombeAccountPage *self);
const char     *colombe_account_page_get_password (ColombeAccountPage *self);
/* How the person signs in at the provider the address names: a password
 * (the default), an app password, or OAuth2 (no password typed). */
ColombeSignIn   colombe_account_page_get_sign_in  (ColombeAccountPage *self);
/* The server asked for an app password: the field says so, empty, with
 * the provider's page (@url, when it has none of its own). */
void            colombe_account_page_ask_app_password (ColombeAccountPage *self,
                                                       const char         *url);
/* The first field that needs something, else the address; nothing selected. */
void            colombe_account_page_focus        (ColombeAccountPage *self);

G_END_DECLS
