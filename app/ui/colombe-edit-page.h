/* colombe-edit-page.h: "Edit settings": both servers by hand, then test again
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-account.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_EDIT_PAGE (colombe_edit_page_get_type ())

G_DECLARE_FINAL_TYPE (ColombeEditPage, colombe_edit_page, COLOMBE, EDIT_PAGE, AdwBin)

/* @candidates (ColombeAccount, best first) to choose from; @current fills the
 * rows. The same two as last time leave the rows as the person left them. */
void            colombe_edit_page_set_candidates (ColombeEditPage *self,
                                                  GPtrArray       *candidates,
                                                  ColombeAccount  *current);
/* The edited settings as a new account (source: by hand), or NULL and the
 * error shown on the page when a host name is not valid. */
ColombeAccount *colombe_edit_page_dup_account    (ColombeEditPage *self);

G_END_DECLS
