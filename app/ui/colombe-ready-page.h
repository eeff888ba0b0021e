/* colombe-ready-page.h: screen 3, "Ready": keyring, exports, phone, GNOME
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-account.h"
#include "colombe-exporter.h"
#include "colombe-thunderbird-profile.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_READY_PAGE (colombe_ready_page_get_type ())

G_DECLARE_FINAL_TYPE (ColombeReadyPage, colombe_ready_page, COLOMBE, READY_PAGE, AdwBin)

/* The proven account (usernames that logged in); exports never carry the password. */
void     colombe_ready_page_set_account        (ColombeReadyPage *self,
                                                ColombeAccount   *account);
ColombeAccount *colombe_ready_page_get_account (ColombeReadyPage *self);
/* Whether the account signs in on the provider's page (OAuth2): no
 * password, no keyring, and only the programs that can do it offered. */
gboolean colombe_ready_page_get_oauth2         (ColombeReadyPage *self);
/* For such an account, GNOME Online Accounts is offered only where GNOME
 * Settings can open its dialog; call before set_account(). */
void     colombe_ready_page_set_can_open_online_accounts (ColombeReadyPage *self,
                                                          gboolean          can_open);
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

/* What the Add to Thunderbird button does and says. */
typedef enum
{
  COLOMBE_READY_THUNDERBIRD_ADD,      /* "Add to Thunderbird" */
  COLOMBE_READY_THUNDERBIRD_BUSY,     /* adding: the button waits */
  COLOMBE_READY_THUNDERBIRD_WAITING,  /* Thunderbird runs: Cancel instead */
  COLOMBE_READY_THUNDERBIRD_UPDATE,   /* the address is there: "Update Its Settings" */
  COLOMBE_READY_THUNDERBIRD_OPEN,     /* added: "Open Thunderbird" */
} ColombeReadyThunderbird;

/* The profiles found, the default first; several show a list to choose
 * from. None (NULL or empty) hides the button, unless @can_create: a
 * Thunderbird that never started, whose first profile Colombe makes. */
void     colombe_ready_page_set_thunderbird_profiles (ColombeReadyPage        *self,
                                                      GPtrArray               *profiles,
                                                      gboolean                 can_create);
/* The profile chosen, or NULL (none, or one to make). */
ColombeThunderbirdProfile *
         colombe_ready_page_get_thunderbird_profile  (ColombeReadyPage        *self);
void     colombe_ready_page_set_thunderbird_state    (ColombeReadyPage        *self,
                                                      ColombeReadyThunderbird  state,
                                                      const char              *status);

G_END_DECLS
