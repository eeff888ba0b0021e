/* colombe-thunderbird-error.h: why a Thunderbird profile was left as it was
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define COLOMBE_THUNDERBIRD_ERROR (colombe_thunderbird_error_quark ())

/* Every error leaves the profile as it was found. */
typedef enum
{
  COLOMBE_THUNDERBIRD_ERROR_RUNNING,            /* the profile is in use: close Thunderbird */
  COLOMBE_THUNDERBIRD_ERROR_PROFILE_NOT_FOUND,  /* no such profile, or no profile at all */
  COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT,    /* an identity has that address already */
  COLOMBE_THUNDERBIRD_ERROR_CORRUPT,            /* prefs.js or an .ini cannot be read strictly */
  COLOMBE_THUNDERBIRD_ERROR_FAILED,             /* reading or writing the files failed */
} ColombeThunderbirdError;

GQuark colombe_thunderbird_error_quark (void);

G_END_DECLS
