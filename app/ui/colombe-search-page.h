/* colombe-search-page.h: screen 2, "Looking for your settings"
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-account.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_SEARCH_PAGE (colombe_search_page_get_type ())

G_DECLARE_FINAL_TYPE (ColombeSearchPage, colombe_search_page, COLOMBE, SEARCH_PAGE, AdwBin)

void colombe_search_page_reset       (ColombeSearchPage *self);
/* (element-type ColombeLookupReport): one row per source, in plain words. */
void colombe_search_page_set_reports (ColombeSearchPage *self,
                                      GPtrArray         *reports);
void colombe_search_page_set_status  (ColombeSearchPage *self,
                                      const char        *status);
/* The settings being tested; @pop_only adds why IMAP would be better. */
void colombe_search_page_set_account (ColombeSearchPage *self,
                                      ColombeAccount    *account,
                                      gboolean           pop_only);
void colombe_search_page_focus       (ColombeSearchPage *self);

G_END_DECLS
