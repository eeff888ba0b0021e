/* colombe-ready-page.h: screen 3, "Ready": keyring, exports, phone, GNOME
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-account.h"
#include "colombe-exporter.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_READY_PAGE (colombe_ready_page_get_type ())

G_DECLARE_FINAL_TYPE (ColombeReadyPage, colombe_ready_page, COLOMBE, READY_PAGE, AdwBin)

/* The proven account (usernames that logged in); exports never carry the password. */
void     colombe_ready_page_set_account        (ColombeReadyPage *self,
                                                ColombeAccount   *account);
ColombeAccount *colombe_ready_page_get_account (ColombeReadyPage *self);
/* The "Save the password in the keyring" switch ("save-password" property). */
gboolean colombe_ready_page_get_save_password  (ColombeReadyPage *self);
void     colombe_ready_page_set_keyring_status (ColombeReadyPage *self,
                                                const char       *status);
void     colombe_ready_page_set_online_status  (ColombeReadyPage *self,
                                                const char       *status);
/* Writes @exporter's file(s) at @output, as after the file chooser, and
 * says so on the page. */
void     colombe_ready_page_save               (ColombeReadyPage      *self,
                                                const ColombeExporter *exporter,
                                                GFile                 *output);

G_END_DECLS
