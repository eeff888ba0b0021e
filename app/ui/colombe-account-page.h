/* colombe-account-page.h: screen 1, "Your account": name, address, password
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-address.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_ACCOUNT_PAGE (colombe_account_page_get_type ())

G_DECLARE_FINAL_TYPE (ColombeAccountPage, colombe_account_page, COLOMBE, ACCOUNT_PAGE, AdwBin)

/* The name as typed, trimmed. */
char           *colombe_account_page_dup_name     (ColombeAccountPage *self);
/* NULL while the address is not valid. */
ColombeAddress *colombe_account_page_dup_address  (ColombeAccountPage *self);
const char     *colombe_account_page_get_password (ColombeAccountPage *self);
/* The first field that needs something, else the address; nothing selected. */
void            colombe_account_page_focus        (ColombeAccountPage *self);

G_END_DECLS
