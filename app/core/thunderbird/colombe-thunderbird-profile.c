/* colombe-thunderbird-profile.c: the Thunderbird profiles of this computer
 *
 * profiles.ini lists the profiles ([ProfileN] Name, IsRelative, Path,
 * Default=1 for the profile chosen before installs had their own); since
 * Thunderbird 68 each installation keeps its own default in installs.ini
 * ([<hash of the install folder>] Default=<Path as in profiles.ini>), and
 * profiles.ini repeats it in [Install<hash>]. That default wins: Debian's
 * Thunderbird 153, started on a fresh home, writes a "default" profile
 * with Default=1 and a "default-default" one that installs.ini names, and
 * starts with the latter. We cannot tell which installation's hash is
 * which, so the first Default= found there counts.
 *
 * A running Thunderbird holds an fcntl write lock on .parentlock, and
 * also makes "lock" a symlink to "<address>:+<pid>" (nsProfileLock.cpp);
 * only the symlink is left on a file system without fcntl locks, and it is
 * left behind by a crash. So: the fcntl lock (F_GETLK) says running; a
 * "lock" link (lstat: its target never exists) says running unless it
 * names a process that is gone.
 *
 * The values are read raw (g_key_file_get_value): Mozilla's ini files have
 * no escapes.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-thunderbird-profile"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colombe-thunderbird-logins.h"
#include "colombe-thunderbird-profile.h"

struct _ColombeThunderbirdProfile
{
  GObject   parent_instance;

  char     *name;
  char     *path;
  char     *root;
  gboolean  is_default;
};

G_DEFINE_FINAL_TYPE (ColombeThunderbirdProfile, colombe_thunderbird_profile, G_TYPE_OBJECT)

static void
colombe_thunderbird_profile_finalize (GObject *object)
{
  ColombeThunderbirdProfile *self = COLOMBE_THUNDERBIRD_PROFILE (object);

  g_free (self->name);
  g_free (self->path);
  g_free (self->root);

  G_OBJECT_CLASS (colombe_thunderbird_profile_parent_class)->finalize (object);
}

static void
colombe_thunderbird_profile_class_init (ColombeThunderbirdProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = colombe_thunderbird_profile_finalize;
}

static void
colombe_thunderbird_profile_init (ColombeThunderbirdProfile *self)
{
}

const char *
colombe_thunderbird_profile_get_name (ColombeThunderbirdProfile *self)
{
  g_return_val_if_fail (COLOMBE_IS_THUNDERBIRD_PROFILE (self), NULL);
  return self->name;
}

const char *
colombe_thunderbird_profile_get_path (ColombeThunderbirdProfile *self)
{
  g_return_val_if_fail (COLOMBE_IS_THUNDERBIRD_PROFILE (self), NULL);
  return self->path;
}

const char *
colombe_thunderbird_profile_get_root (ColombeThunderbirdProfile *self)
{
  g_return_val_if_fail (COLOMBE_IS_THUNDERBIRD_PROFILE (self), NULL);
  return self->root;
}

gboolean
colombe_thunderbird_profile_get_is_default (ColombeThunderbirdProfile *self)
{
  g_return_val_if_fail (COLOMBE_IS_THUNDERBIRD_PROFILE (self), FALSE);
  return self->is_default;
}

char **
colombe_thunderbird_profile_dup_roots (const char *home)
{
  const char *base = home != NULL ? home : g_get_home_dir ();
  char **roots = g_new0 (char *, 4);

  roots[0] = g_build_filename (base, ".thunderbird", NULL);
  roots[1] = g_build_filename (base, ".var", "app", "org.mozilla.Thunderbird", ".thunderbird", NULL);
  roots[2] = g_build_filename (base, "snap", "thunderbird", "common", ".thunderbird", NULL);

  return roots;
}

/* Reading profiles.ini and installs.ini --------------------------------- */

static GKeyFile *
load_ini (const char  *root,
          const char  *name,
          GError     **error)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (g_key_file_load_from_file (ini, path, G_KEY_FILE_NONE, &local_error))
    return g_steal_pointer (&ini);
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return g_key_file_new ();

  g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT,
               _("Thunderbird's list of profiles cannot be read (%s): %s"), path,
               local_error->message);
  return NULL;
}

/* The installation's default: the first Default= of installs.ini, or of
 * an [Install…] group of profiles.ini. */
static char *
dup_install_default (GKeyFile *installs,
                     GKeyFile *profiles)
{
  GKeyFile *files[] = { installs, profiles };

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_auto(GStrv) groups = g_key_file_get_groups (files[f], NULL);

      for (guint i = 0; groups[i] != NULL; i++)
        {
          if (files[f] == profiles && !g_str_has_prefix (groups[i], "Install"))
            continue;
          if (g_key_file_has_key (files[f], groups[i], "Default", NULL))
            return g_key_file_get_value (files[f], groups[i], "Default", NULL);
        }
    }

  return NULL;
}

static gboolean
is_profile_group (const char *group)
{
  if (!g_str_has_prefix (group, "Profile") || group[strlen ("Profile")] == '\0')
    return FALSE;
  for (const char *p = group + strlen ("Profile"); *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static ColombeThunderbirdProfile *
profile_new (GKeyFile   *profiles,
             const char *group,
             const char *root)
{
  g_autofree char *name = g_key_file_get_value (profiles, group, "Name", NULL);
  g_autofree char *path = g_key_file_get_value (profiles, group, "Path", NULL);
  g_autofree char *relative = g_key_file_get_value (profiles, group, "IsRelative", NULL);
  ColombeThunderbirdProfile *self;

  if (path == NULL || path[0] == '\0')
    return NULL;

  self = g_object_new (COLOMBE_TYPE_THUNDERBIRD_PROFILE, NULL);
  self->name = name != NULL ? g_steal_pointer (&name) : g_strdup (path);
  self->root = g_strdup (root);
  if (g_strcmp0 (relative, "1") == 0 || !g_path_is_absolute (path))
    self->path = g_build_filename (root, path, NULL);
  else
    self->path = g_strdup (path);

  return self;
}

static gboolean
names_path (GKeyFile   *profiles,
            const char *group,
            const char *wanted)
{
  g_autofree char *path = g_key_file_get_value (profiles, group, "Path", NULL);

  return wanted != NULL && g_strcmp0 (path, wanted) == 0;
}

GPtrArray *
colombe_thunderbird_profile_list (const char  *root,
                                  GError     **error)
{
  g_autoptr(GKeyFile) profiles = NULL;
  g_autoptr(GKeyFile) installs = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *install_default = NULL;
  g_auto(GStrv) groups = NULL;
  int chosen = -1;

  g_return_val_if_fail (root != NULL, NULL);

  if ((profiles = load_ini (root, "profiles.ini", error)) == NULL ||
      (installs = load_ini (root, "installs.ini", error)) == NULL)
    return NULL;

  install_default = dup_install_default (installs, profiles);
  groups = g_key_file_get_groups (profiles, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *is_default = NULL;
      ColombeThunderbirdProfile *profile;

      if (!is_profile_group (groups[i]) ||
          (profile = profile_new (profiles, groups[i], root)) == NULL)
        continue;
      g_ptr_array_add (list, profile);
      is_default = g_key_file_get_value (profiles, groups[i], "Default", NULL);
      if (names_path (profiles, groups[i], install_default))
        chosen = list->len - 1;
      else if (g_strcmp0 (is_default, "1") == 0 && (chosen < 0 || install_default == NULL))
        chosen = list->len - 1;
    }

  if (chosen >= 0)
    {
      ColombeThunderbirdProfile *profile = g_ptr_array_steal_index (list, chosen);

      profile->is_default = TRUE;
      g_ptr_array_insert (list, 0, profile);
    }

  return g_steal_pointer (&list);
}

GPtrArray *
colombe_thunderbird_profile_find_all (const char *home)
{
  g_auto(GStrv) roots = colombe_thunderbird_profile_dup_roots (home);
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; roots[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = colombe_thunderbird_profile_list (roots[i], &error);

      if (list == NULL)
        {
          g_debug ("%s skipped: %s", roots[i], error->message);
          continue;
        }
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&list));
    }

  return all;
}

/* Whether a profile is in use ------------------------------------------- */

static gboolean
parentlock_is_held (const char *path)
{
  g_autofree char *file = g_build_filename (path, ".parentlock", NULL);
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
  int fd = g_open (file, O_RDONLY | O_CLOEXEC, 0);
  gboolean held;

  if (fd < 0)
    return FALSE;
  held = fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close (fd);

  return held;
}

/* "lock" -> "<address>:+<pid>": held unless that process is gone. A link
 * we cannot read counts as held. */
static gboolean
lock_link_is_held (const char *path)
{
  g_autofree char *file = g_build_filename (path, "lock", NULL);
  g_autofree char *target = NULL;
  GStatBuf info;
  const char *plus;
  char *end;
  gint64 pid;

  if (g_lstat (file, &info) != 0)
    return FALSE;
  target = g_file_read_link (file, NULL);
  if (target == NULL || (plus = strrchr (target, '+')) == NULL)
    return TRUE;

  pid = g_ascii_strtoll (plus + 1, &end, 10);
  if (*end != '\0' || pid <= 0 || pid > G_MAXINT32)
    return TRUE;

  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

gboolean
colombe_thunderbird_profile_check_unused (const char  *path,
                                          GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (parentlock_is_held (path) || lock_link_is_held (path))
    {
      g_set_error_literal (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_RUNNING,
                           _("Thunderbird is using this profile: close Thunderbird, "
                             "then add the account"));
      return FALSE;
    }

  return TRUE;
}

/* Creating the first profile -------------------------------------------- */

/* As Thunderbird names profile folders: 8 random characters. */
static char *
dup_salt (void)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  char salt[9];

  for (guint i = 0; i < 8; i++)
    salt[i] = chars[g_random_int_range (0, sizeof chars - 1)];
  salt[8] = '\0';

  return g_strdup (salt);
}

static gboolean
set_create_failed (GError     **error,
                   const char  *path,
                   const char  *why)
{
  g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED,
               _("A Thunderbird profile cannot be created in %s: %s"), path, why);
  return FALSE;
}

/* Thunderbird 68 and later start with the profile that installs.ini names
 * for their installation, keyed by a hash of the installation's folder
 * (which differs between Debian, Flatpak, Snap and a tarball). On its first
 * run, an installation takes the Default=1 profile of profiles.ini only if
 * that profile was last used by it, which compatibility.ini tells; one
 * without LastPlatformDir counts as an old profile any installation may
 * take (nsToolkitProfileService.cpp, IsProfileForCurrentInstall). So the
 * profile works whichever Thunderbird is installed, which then writes its
 * own installs.ini entry. */
static gboolean
write_profile_files (const char  *path,
                     GError     **error)
{
  g_autofree char *compatibility = g_build_filename (path, "compatibility.ini", NULL);

  if (!g_file_set_contents_full (compatibility, "[Compatibility]\n", -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;

  /* the password can then be stored at once */
  return colombe_thunderbird_logins_create_keys (path, error);
}

static void
remove_profile_files (const char *path)
{
  static const char * const names[] = {
    "compatibility.ini", "key4.db", "cert9.db", "pkcs11.txt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (path, names[i], NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

ColombeThunderbirdProfile *
colombe_thunderbird_profile_create (const char  *root,
                                    GError     **error)
{
  g_autofree char *ini_path = NULL;
  g_autofree char *salt = dup_salt ();
  g_autofree char *folder = g_strconcat (salt, ".default-release", NULL);
  g_autofree char *ini = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  ini_path = g_build_filename (root, "profiles.ini", NULL);
  if (g_file_test (ini_path, G_FILE_TEST_EXISTS))
    return set_create_failed (error, root, _("it has profiles already")), NULL;

  path = g_build_filename (root, folder, NULL);
  if (g_mkdir_with_parents (root, 0700) != 0 || g_mkdir (path, 0700) != 0)
    return set_create_failed (error, path, g_strerror (errno)), NULL;

  /* profiles.ini last: Thunderbird never sees a profile half made */
  ini = g_strdup_printf ("[General]\nStartWithLastProfile=1\nVersion=2\n\n"
                         "[Profile0]\nName=default-release\nIsRelative=1\nPath=%s\nDefault=1\n",
                         folder);
  if (!write_profile_files (path, &local_error) ||
      !g_file_set_contents_full (ini_path, ini, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local_error))
    {
      remove_profile_files (path);
      return set_create_failed (error, root, local_error->message), NULL;
    }

  list = colombe_thunderbird_profile_list (root, error);
  if (list == NULL)
    return NULL;
  g_assert (list->len == 1);

  return g_object_ref (g_ptr_array_index (list, 0));
}

/* Which Thunderbird is installed ---------------------------------------- */

/* What shows each package is installed, and where it keeps profiles.ini
 * (below the home). The Snap and the Flatpak first: Ubuntu's thunderbird
 * in PATH is the Snap's. */
static const struct
{
  const char *root;
  const char *markers[3];  /* below the system's root, or the home for "~/" */
} packages[] = {
  { "snap/thunderbird/common/.thunderbird", { "snap/thunderbird", NULL } },
  { ".var/app/org.mozilla.Thunderbird/.thunderbird",
    { "var/lib/flatpak/app/org.mozilla.Thunderbird",
      "~/.local/share/flatpak/app/org.mozilla.Thunderbird", NULL } },
  { ".thunderbird", { "usr/lib/thunderbird/thunderbird", "opt/thunderbird/thunderbird", NULL } },
};

static gboolean
marker_exists (const char *marker,
               const char *home,
               const char *sysroot)
{
  g_autofree char *path = NULL;

  if (g_str_has_prefix (marker, "~/"))
    path = g_build_filename (home, marker + 2, NULL);
  else
    path = g_build_filename (sysroot, marker, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

char *
colombe_thunderbird_profile_dup_install_root (const char *home,
                                              const char *sysroot)
{
  const char *base = home != NULL ? home : g_get_home_dir ();

  /* Inside Colombe's own Flatpak, /usr and /var are the runtime's: they
   * say nothing of the system's Thunderbird, and nothing is made. */
  if (sysroot == NULL && g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (packages); i++)
    for (guint m = 0; packages[i].markers[m] != NULL; m++)
      if (marker_exists (packages[i].markers[m], base, sysroot != NULL ? sysroot : "/"))
        return g_build_filename (base, packages[i].root, NULL);

  return NULL;
}
