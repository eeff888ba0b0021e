/* colombe-failure-page.h: why the test did not work, and the ways out
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-verifier.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_FAILURE_PAGE (colombe_failure_page_get_type ())

G_DECLARE_FINAL_TYPE (ColombeFailurePage, colombe_failure_page, COLOMBE, FAILURE_PAGE, AdwBin)

/* The way out the page's text advises: its button is the suggested one. */
typedef enum
{
  COLOMBE_FAILURE_ADVICE_TRY_AGAIN,
  COLOMBE_FAILURE_ADVICE_EDIT,
  COLOMBE_FAILURE_ADVICE_FIX,
  COLOMBE_FAILURE_ADVICE_RECONNECT, /* no network: Try Again, and no Edit Settings */
} ColombeFailureAdvice;

/* The servers of a run that did not prove both, each with its sentence. */
void        colombe_failure_page_show_verifier (ColombeFailurePage *self,
                                                ColombeVerifier    *verifier);
/* A failure before any server was tried (nothing found, no network):
 * @title says what happened ("No Settings Found"). */
void        colombe_failure_page_show_message  (ColombeFailurePage *self,
                                                const char         *icon_name,
                                                const char         *title,
                                                const char         *sentence,
                                                const char         *next_step);
void        colombe_failure_page_set_advice    (ColombeFailurePage *self,
                                                ColombeFailureAdvice advice);
/* The button for the next step ("Open the app password page"…); NULL hides it.
 * @uri, when the button opens a page, is its tooltip: where it leads. */
void        colombe_failure_page_set_fix       (ColombeFailurePage *self,
                                                const char         *label,
                                                const char         *uri);
void        colombe_failure_page_set_password  (ColombeFailurePage *self,
                                                const char         *password);
const char *colombe_failure_page_get_password  (ColombeFailurePage *self);
/* Into the password field, without selecting it. */
void        colombe_failure_page_focus         (ColombeFailurePage *self);

G_END_DECLS
