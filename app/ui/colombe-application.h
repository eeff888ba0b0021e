/* colombe-application.h: the assistant as a GNOME application
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define COLOMBE_TYPE_APPLICATION (colombe_application_get_type ())

G_DECLARE_FINAL_TYPE (ColombeApplication, colombe_application, COLOMBE, APPLICATION, AdwApplication)

ColombeApplication *colombe_application_new          (void);
/* The --ca-file and --ispdb-url the window passes to the engine; NULL when unset. */
const char         *colombe_application_get_ca_file  (ColombeApplication *self);
const char         *colombe_application_get_ispdb_url (ColombeApplication *self);

G_END_DECLS
