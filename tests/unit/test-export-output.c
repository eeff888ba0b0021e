/* test-export-output.c: where `colombe export --output` may write, run as a
 * person would
 *
 * What is already there is replaced only with --force; a link is judged as
 * itself and replaced, never followed; a device, a pipe or a folder is
 * never replaced, even with --force. Every case runs in its own temporary
 * folder: a wrong answer can only damage that.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "colombe-test-run.h"

#define ACCOUNT COLOMBE_TEST_DATA_DIR "/account.json"

typedef struct
{
  char *dir;
  char *target;   /* dir/out.msmtprc */
} Place;

static void
place_init (Place *place)
{
  g_autoptr(GError) error = NULL;

  place->dir = g_dir_make_tmp ("colombe-output-XXXXXX", &error);
  g_assert_no_error (error);
  place->target = g_build_filename (place->dir, "out.msmtprc", NULL);
}

static void
place_clear (Place *place)
{
  g_autoptr(GDir) dir = g_dir_open (place->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (place->dir, name, NULL);

      g_assert_cmpint (g_remove (path) == 0 || g_rmdir (path) == 0, ==, TRUE);
    }
  g_assert_cmpint (g_rmdir (place->dir), ==, 0);
  g_free (place->dir);
  g_free (place->target);
}

static void
export_to (ColombeTestRun *run,
           const char     *output,
           gboolean        force)
{
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "msmtp", "--account", ACCOUNT,
                         "--output", output, force ? "--force" : NULL, NULL };

  colombe_test_run (run, NULL, NULL, argv);
}

static mode_t
lstat_mode (const char *path)
{
  GStatBuf info;

  g_assert_cmpint (g_lstat (path, &info), ==, 0);
  return info.st_mode;
}

static void
assert_refused (ColombeTestRun *run,
                const char     *reason)
{
  colombe_test_run_assert_usage_error (run);
  g_assert_nonnull (strstr (run->err, reason));
}

/* A link that points nowhere "exists" too: not replaced without --force,
 * and with it the link itself becomes the file, nothing is made where it
 * pointed. */
static void
test_dangling_link (void)
{
  Place place;
  g_autofree char *pointed = NULL;

  place_init (&place);
  pointed = g_build_filename (place.dir, "nowhere", NULL);
  g_assert_cmpint (symlink (pointed, place.target), ==, 0);

  {
    g_auto(ColombeTestRun) run = { 0 };

    export_to (&run, place.target, FALSE);
    assert_refused (&run, "already exists");
    g_assert_true (S_ISLNK (lstat_mode (place.target)));
  }
  {
    g_auto(ColombeTestRun) run = { 0 };

    export_to (&run, place.target, TRUE);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (S_ISREG (lstat_mode (place.target)));
    g_assert_false (g_file_test (pointed, G_FILE_TEST_EXISTS));
  }

  place_clear (&place);
}

/* A link to a file elsewhere: that file is never written through it. */
static void
test_link_to_file (void)
{
  Place place;
  g_autofree char *other = NULL;
  g_autofree char *contents = NULL;
  g_auto(ColombeTestRun) run = { 0 };

  place_init (&place);
  other = g_build_filename (place.dir, "someone-elses-file", NULL);
  g_assert_true (g_file_set_contents (other, "keep me\n", -1, NULL));
  g_assert_cmpint (symlink (other, place.target), ==, 0);

  export_to (&run, place.target, TRUE);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (other, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me\n");
  g_assert_true (S_ISREG (lstat_mode (place.target)));
  g_assert_cmpint (lstat_mode (place.target) & 0777, ==, 0600);

  place_clear (&place);
}

/* Not an ordinary file: never replaced, even with --force. */
static void
assert_never_replaced (const char *path)
{
  mode_t before = lstat_mode (path);

  for (guint force = 0; force < 2; force++)
    {
      g_auto(ColombeTestRun) run = { 0 };

      export_to (&run, path, force);
      assert_refused (&run, force ? "not an ordinary file" : "");
      g_assert_cmpint (lstat_mode (path), ==, before);
    }
}

static void
test_pipe (void)
{
  Place place;

  place_init (&place);
  g_assert_cmpint (mkfifo (place.target, 0600), ==, 0);
  assert_never_replaced (place.target);
  place_clear (&place);
}

static void
test_folder (void)
{
  Place place;

  place_init (&place);
  g_assert_cmpint (g_mkdir (place.target, 0700), ==, 0);
  assert_never_replaced (place.target);
  place_clear (&place);
}

/* A character device of its own (root only: mknod), in the case's folder. */
static void
test_device (void)
{
  Place place;

  if (getuid () != 0)
    {
      g_test_skip ("making a device node needs root");
      return;
    }

  place_init (&place);
  g_assert_cmpint (mknod (place.target, S_IFCHR | 0600, makedev (1, 3)), ==, 0);
  assert_never_replaced (place.target);
  place_clear (&place);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-output/dangling-link", test_dangling_link);
  g_test_add_func ("/export-output/link-to-file", test_link_to_file);
  g_test_add_func ("/export-output/pipe", test_pipe);
  g_test_add_func ("/export-output/folder", test_folder);
  g_test_add_func ("/export-output/device", test_device);

  return g_test_run ();
}
