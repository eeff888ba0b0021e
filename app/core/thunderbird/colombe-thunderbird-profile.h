/* colombe-thunderbird-profile.h: the Thunderbird profiles of this computer
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-thunderbird-error.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_THUNDERBIRD_PROFILE (colombe_thunderbird_profile_get_type ())

G_DECLARE_FINAL_TYPE (ColombeThunderbirdProfile, colombe_thunderbird_profile,
                      COLOMBE, THUNDERBIRD_PROFILE, GObject)

/* Its Name= in profiles.ini, its folder (absolute), the folder holding
 * profiles.ini, and whether Thunderbird starts with it. */
const char                *colombe_thunderbird_profile_get_name       (ColombeThunderbirdProfile *self);
const char                *colombe_thunderbird_profile_get_path       (ColombeThunderbirdProfile *self);
const char                *colombe_thunderbird_profile_get_root       (ColombeThunderbirdProfile *self);
gboolean                   colombe_thunderbird_profile_get_is_default (ColombeThunderbirdProfile *self);

/* Where Debian and the tarball, Flatpak and Snap keep profiles.ini, below
 * @home (NULL: this user's home), in that order. */
char                     **colombe_thunderbird_profile_dup_roots      (const char   *home);

/* The profiles of one such folder, the default first, then in
 * profiles.ini's order; empty without profiles.ini. CORRUPT when
 * profiles.ini or installs.ini cannot be read. */
GPtrArray                 *colombe_thunderbird_profile_list           (const char   *root,
                                                                       GError      **error);
/* The profiles of every root below @home; a root that cannot be read is
 * skipped (and said in the debug log). */
GPtrArray                 *colombe_thunderbird_profile_find_all       (const char   *home);

/* TRUE when no Thunderbird holds the profile folder @path: its .parentlock
 * locked (fcntl), or a "lock" symlink naming a live process; RUNNING
 * otherwise. */
gboolean                   colombe_thunderbird_profile_check_unused   (const char   *path,
                                                                       GError      **error);

/* A profile in @root, which has no profiles.ini yet, made as Thunderbird
 * makes its first one, so that whichever installation starts next opens
 * it: [General] StartWithLastProfile=1, Version=2; [Profile0]
 * Name=default-release, IsRelative=1, Path=<8 random characters>.default-release,
 * Default=1; in the folder, a compatibility.ini that ties it to no
 * installation and a key database without a primary password. */
ColombeThunderbirdProfile *colombe_thunderbird_profile_create         (const char   *root,
                                                                       GError      **error);

/* Where the Thunderbird installed on this computer keeps its profiles
 * (one of colombe_thunderbird_profile_dup_roots()), or NULL when none is
 * seen. The packages' own paths are looked for below @sysroot (NULL: "/"). */
char                      *colombe_thunderbird_profile_dup_install_root (const char *home,
                                                                         const char *sysroot);

G_END_DECLS
