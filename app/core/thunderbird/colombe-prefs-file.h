/* colombe-prefs-file.h: a Thunderbird prefs.js, read strictly and written
 * back changed only where a pref was set
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-thunderbird-error.h"

G_BEGIN_DECLS

typedef enum
{
  COLOMBE_PREF_NONE,
  COLOMBE_PREF_STRING,
  COLOMBE_PREF_INT,
  COLOMBE_PREF_BOOL,
} ColombePrefType;

#define COLOMBE_TYPE_PREFS_FILE (colombe_prefs_file_get_type ())

G_DECLARE_FINAL_TYPE (ColombePrefsFile, colombe_prefs_file, COLOMBE, PREFS_FILE, GObject)

/* An empty file (a profile Thunderbird never started). */
ColombePrefsFile *colombe_prefs_file_new            (void);
/* NULL and COLOMBE_THUNDERBIRD_ERROR_CORRUPT for anything Thunderbird's
 * own parser would stumble on, or that we could not write back as read. */
ColombePrefsFile *colombe_prefs_file_new_from_data  (const char        *data,
                                                     gsize              length,
                                                     GError           **error);
/* A missing file reads as an empty one; FAILED when it cannot be read. */
ColombePrefsFile *colombe_prefs_file_new_for_path   (const char        *path,
                                                     GError           **error);

/* The last definition of @name counts, as in Thunderbird. */
ColombePrefType   colombe_prefs_file_get_pref_type  (ColombePrefsFile  *self,
                                                     const char        *name);
const char       *colombe_prefs_file_get_string     (ColombePrefsFile  *self,
                                                     const char        *name);
gboolean          colombe_prefs_file_get_int        (ColombePrefsFile  *self,
                                                     const char        *name,
                                                     int               *value);
gboolean          colombe_prefs_file_get_bool       (ColombePrefsFile  *self,
                                                     const char        *name,
                                                     gboolean          *value);
/* The names starting with @prefix, each once, in the file's order. */
char            **colombe_prefs_file_dup_names      (ColombePrefsFile  *self,
                                                     const char        *prefix);

/* Replaces the statement of the last definition of @name where it stands
 * (as a user_pref), or appends a user_pref line at the end. */
void              colombe_prefs_file_set_string     (ColombePrefsFile  *self,
                                                     const char        *name,
                                                     const char        *value);
void              colombe_prefs_file_set_int        (ColombePrefsFile  *self,
                                                     const char        *name,
                                                     int                value);
void              colombe_prefs_file_set_bool       (ColombePrefsFile  *self,
                                                     const char        *name,
                                                     gboolean           value);

/* The bytes read, with the set prefs replaced and appended. */
GBytes           *colombe_prefs_file_to_bytes       (ColombePrefsFile  *self);

/* Writes to @path: a backup copy of what was read beside it
 * (@path.colombe-YYYYMMDD-HHMMSS, returned in @backup_path; none when
 * there was no file), then the new bytes through a temporary file and a
 * rename, with the file's mode. FAILED, and nothing replaced, when the
 * file changed since it was read. */
gboolean          colombe_prefs_file_save           (ColombePrefsFile  *self,
                                                     const char        *path,
                                                     char             **backup_path,
                                                     GError           **error);

/* @text as a prefs string literal, quotes included: '"' and '\' escaped,
 * control characters as \uHHHH. The one writer of pref strings. */
void              colombe_prefs_append_string_literal (GString         *out,
                                                       const char      *text);

G_END_DECLS
