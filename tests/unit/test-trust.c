/* test-trust.c: the certificate exceptions and their key file
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "colombe-trust.h"

#define FINGERPRINT "3f8e0d5a9c1b7e2f4a6d8c0b1e3f5a7c9d2b4e6f8a0c1d3e5f7a9b2c4d6e8f0a"
#define FINGERPRINT_COLONS \
  "3F:8E:0D:5A:9C:1B:7E:2F:4A:6D:8C:0B:1E:3F:5A:7C:9D:2B:4E:6F:8A:0C:1D:3E:5F:7A:9B:2C:4D:6E:8F:0A"
#define OTHER_FINGERPRINT "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

typedef struct
{
  char *dir;
  char *path;
  ColombeTrust *trust;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("colombe-trust-XXXXXX", &error);
  g_assert_no_error (error);
  /* a folder that does not exist yet: add() must create it, 0700 */
  fixture->path = g_build_filename (fixture->dir, "colombe", "trusted-certificates.ini", NULL);
  fixture->trust = colombe_trust_new (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);

  g_assert_finalize_object (fixture->trust);
  g_remove (fixture->path);
  g_rmdir (folder);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_trust_add_lookup (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_null (colombe_trust_lookup (fixture->trust, "imap.example.org", 993));
  g_assert_true (colombe_trust_add (fixture->trust, "imap.example.org", 993, FINGERPRINT_COLONS,
                                    "CN=imap.example.org", &error));
  g_assert_no_error (error);

  found = colombe_trust_lookup (fixture->trust, "imap.example.org", 993);
  g_assert_cmpstr (found, ==, FINGERPRINT);
  g_assert_true (colombe_trust_is_trusted (fixture->trust, "IMAP.Example.ORG", 993,
                                           FINGERPRINT_COLONS));
  g_assert_false (colombe_trust_is_trusted (fixture->trust, "imap.example.org", 993,
                                            OTHER_FINGERPRINT));
}

/* Exactly that port and that host: no wildcard of any kind */
static void
test_trust_exact_match (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (colombe_trust_add (fixture->trust, "imap.example.org", 993, FINGERPRINT,
                                    NULL, &error));
  g_assert_no_error (error);

  g_assert_null (colombe_trust_lookup (fixture->trust, "imap.example.org", 143));
  g_assert_null (colombe_trust_lookup (fixture->trust, "example.org", 993));
  g_assert_null (colombe_trust_lookup (fixture->trust, "mail.imap.example.org", 993));
  g_assert_null (colombe_trust_lookup (fixture->trust, "*.example.org", 993));
  g_assert_null (colombe_trust_lookup (fixture->trust, "*", 993));
  g_assert_false (colombe_trust_is_trusted (fixture->trust, "smtp.example.org", 993,
                                            FINGERPRINT));
}

static void
test_trust_remove (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_assert_true (colombe_trust_add (fixture->trust, "imap.example.org", 993, FINGERPRINT,
                                    NULL, &error));
  g_assert_true (colombe_trust_add (fixture->trust, "smtp.example.org", 465, OTHER_FINGERPRINT,
                                    NULL, &error));
  g_assert_no_error (error);

  g_assert_true (colombe_trust_remove (fixture->trust, "imap.example.org", 993, &error));
  g_assert_no_error (error);
  g_assert_null (colombe_trust_lookup (fixture->trust, "imap.example.org", 993));
  kept = colombe_trust_lookup (fixture->trust, "smtp.example.org", 465);
  g_assert_cmpstr (kept, ==, OTHER_FINGERPRINT);

  /* nothing left to remove: not an error */
  g_assert_true (colombe_trust_remove (fixture->trust, "imap.example.org", 993, &error));
  g_assert_no_error (error);
}

/* What one object wrote, another reads back, group by group. */
static void
test_trust_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTrust) again = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *found = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *accepted = NULL;
  g_autoptr(GDateTime) when = NULL;

  g_assert_true (colombe_trust_add (fixture->trust, "imap.example.org", 993, FINGERPRINT,
                                    "CN=imap.example.org,O=Les Amis", &error));
  g_assert_no_error (error);

  again = colombe_trust_new (fixture->path);
  g_assert_true (colombe_trust_load (again, &error));
  g_assert_no_error (error);
  found = colombe_trust_lookup (again, "imap.example.org", 993);
  g_assert_cmpstr (found, ==, FINGERPRINT);

  g_key_file_load_from_file (file, fixture->path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_has_group (file, "imap.example.org:993"));
  subject = g_key_file_get_string (file, "imap.example.org:993", "subject", &error);
  g_assert_cmpstr (subject, ==, "CN=imap.example.org,O=Les Amis");
  accepted = g_key_file_get_string (file, "imap.example.org:993", "accepted", &error);
  g_assert_no_error (error);
  when = g_date_time_new_from_iso8601 (accepted, NULL);
  g_assert_nonnull (when);
}

static void
test_trust_file_mode (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  struct stat info;

  g_assert_true (colombe_trust_add (fixture->trust, "imap.example.org", 993, FINGERPRINT,
                                    NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (folder, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);

  /* a file someone made readable by all is written back 0600 */
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  g_assert_true (colombe_trust_add (fixture->trust, "smtp.example.org", 465, FINGERPRINT,
                                    NULL, &error));
  g_assert_cmpint (g_stat (fixture->path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

static const char * const bad_fingerprints[] = {
  "",
  "3f8e0d5a",                                                              /* too short */
  FINGERPRINT "00",                                                         /* too long */
  "3g8e0d5a9c1b7e2f4a6d8c0b1e3f5a7c9d2b4e6f8a0c1d3e5f7a9b2c4d6e8f0a",      /* not hex */
  "3f-8e0d5a9c1b7e2f4a6d8c0b1e3f5a7c9d2b4e6f8a0c1d3e5f7a9b2c4d6e8f0a",     /* a dash */
  "*",
};

static void
test_trust_bad_fingerprint (Fixture       *fixture,
                            gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_fingerprints); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (colombe_trust_add (fixture->trust, "imap.example.org", 993,
                                         bad_fingerprints[i], NULL, &error));
      g_assert_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_BAD_FINGERPRINT);
      g_assert_null (colombe_trust_normalize_fingerprint (bad_fingerprints[i], NULL));
    }
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_trust_bad_host (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *hosts[] = { "", "*", "*.example.org", "imap example.org", "a]b", "[x]", "::1:z" };

  for (gsize i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (colombe_trust_add (fixture->trust, hosts[i], 993, FINGERPRINT,
                                         NULL, &error));
      g_assert_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_BAD_HOST);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (colombe_trust_add (fixture->trust, "imap.example.org", 0, FINGERPRINT,
                                       NULL, &error));
    g_assert_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_BAD_HOST);
  }
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
write_file (Fixture    *fixture,
            const char *contents)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (fixture->path, contents, -1, &error);
  g_assert_no_error (error);
}

static const char * const corrupt_files[] = {
  "this is not a key file\n",
  "[imap.example.org:993\nsha256=" FINGERPRINT "\n",
  "[imap.example.org:993]\nsha256=not-a-fingerprint\n",
  "[imap.example.org:993]\nsubject=CN=x\n",
  "[imap.example.org]\nsha256=" FINGERPRINT "\n",
  "[imap.example.org:99999]\nsha256=" FINGERPRINT "\n",
  "[IMAP.example.org:993]\nsha256=" FINGERPRINT "\n",
  "[*:993]\nsha256=" FINGERPRINT "\n",
};

/* Reported, trusted nothing, and never rewritten (nothing lost). */
static void
test_trust_corrupt (Fixture       *fixture,
                    gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (corrupt_files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      write_file (fixture, corrupt_files[i]);
      g_assert_false (colombe_trust_load (fixture->trust, &error));
      g_assert_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, fixture->path));
      g_clear_error (&error);

      g_assert_null (colombe_trust_lookup (fixture->trust, "imap.example.org", 993));
      g_assert_false (colombe_trust_add (fixture->trust, "smtp.example.org", 465, FINGERPRINT,
                                         NULL, &error));
      g_assert_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_CORRUPT);
      g_clear_error (&error);
      g_assert_false (colombe_trust_remove (fixture->trust, "imap.example.org", 993, &error));
      g_assert_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_CORRUPT);

      after = read_file (fixture->path);
      g_assert_cmpstr (after, ==, corrupt_files[i]);
    }
}

/* IPv6: with or without brackets, one normal form, its own port */
static void
test_trust_ipv6 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeTrust) again = NULL;
  g_autofree char *found = NULL;
  g_autofree char *bracketed = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (colombe_trust_add (fixture->trust, "[2001:DB8::25]", 993, FINGERPRINT,
                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_true (colombe_trust_add (fixture->trust, "::1", 465, OTHER_FINGERPRINT,
                                    NULL, &error));
  g_assert_no_error (error);

  again = colombe_trust_new (fixture->path);
  found = colombe_trust_lookup (again, "2001:db8::25", 993);
  g_assert_cmpstr (found, ==, FINGERPRINT);
  bracketed = colombe_trust_lookup (again, "[::1]", 465);
  g_assert_cmpstr (bracketed, ==, OTHER_FINGERPRINT);
  g_assert_null (colombe_trust_lookup (again, "2001:db8::25", 465));
  g_assert_null (colombe_trust_lookup (again, "::1", 993));

  /* GKeyFile forbids brackets in group names: the port follows the last colon */
  contents = read_file (fixture->path);
  g_assert_nonnull (strstr (contents, "[2001:db8::25:993]\n"));
  g_assert_nonnull (strstr (contents, "[::1:465]\n"));
}

static void
test_trust_normalize (void)
{
  g_autofree char *colons = colombe_trust_normalize_fingerprint (FINGERPRINT_COLONS, NULL);
  g_autofree char *upper = g_ascii_strup (FINGERPRINT, -1);
  g_autofree char *plain = colombe_trust_normalize_fingerprint (upper, NULL);
  g_autofree char *spaced = g_strdelimit (g_strdup (FINGERPRINT_COLONS), ":", ' ');
  g_autofree char *unspaced = colombe_trust_normalize_fingerprint (spaced, NULL);

  g_assert_cmpstr (colons, ==, FINGERPRINT);
  g_assert_cmpstr (plain, ==, FINGERPRINT);
  /* as some programs show them, in groups */
  g_assert_cmpstr (unspaced, ==, FINGERPRINT);
}

static void
test_trust_default (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "colombe",
                                                "trusted-certificates.ini", NULL);
  ColombeTrust *trust = colombe_trust_get_default ();

  g_assert_true (trust == colombe_trust_get_default ());
  g_assert_cmpstr (colombe_trust_get_path (trust), ==, expected);
}

#define ADD_TEST(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/trust/add-lookup", test_trust_add_lookup);
  ADD_TEST ("/trust/exact-match", test_trust_exact_match);
  ADD_TEST ("/trust/remove", test_trust_remove);
  ADD_TEST ("/trust/round-trip", test_trust_round_trip);
  ADD_TEST ("/trust/file-mode", test_trust_file_mode);
  ADD_TEST ("/trust/bad-fingerprint", test_trust_bad_fingerprint);
  ADD_TEST ("/trust/bad-host", test_trust_bad_host);
  ADD_TEST ("/trust/corrupt", test_trust_corrupt);
  ADD_TEST ("/trust/ipv6", test_trust_ipv6);
  g_test_add_func ("/trust/normalize", test_trust_normalize);
  g_test_add_func ("/trust/default", test_trust_default);

  return g_test_run ();
}
