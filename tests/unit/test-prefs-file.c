/* test-prefs-file.c: prefs.js read strictly, written back byte for byte
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "colombe-prefs-file.h"

/* Every kind of comment, both quotes, escapes, CR and CRLF line ends,
 * a pref and a sticky_pref (read in prefs.js), signed numbers, no final
 * line break (a comment: what is appended must not join it). */
static const char odd[] =
  "# Mozilla User Preferences\n"
  "/* a C comment\r\n over lines */\n"
  "// user_pref(\"commented.out\", 1);\n"
  "user_pref(\"a.string\", \"quote \\\" backslash \\\\ nl \\n cr \\r\");\r\n"
  "user_pref('single', 'it\\'s \\x41 \\u00e9 \\ud83d\\udcee caf\xc3\xa9');\r"
  "user_pref ( \"spaced\" ,\t-42 ) ;\n"
  "pref(\"a.default\", +7);\n"
  "sticky_pref(\"a.sticky\", true);\n"
  "user_pref(\"multi\", \"line one\nline two\");\n"
  "user_pref(\"min\", -2147483648); user_pref(\"max\", 2147483647);\n"
  "user_pref(\"twice\", 1);\n"
  "user_pref(\"twice\", 2); // the last one counts\n"
  "user_pref(\"off\", false) /* before ; */ ;\n"
  "// the end, without a line break";

static ColombePrefsFile *
read_ok (const char *data,
         gsize       length)
{
  g_autoptr(GError) error = NULL;
  ColombePrefsFile *prefs = colombe_prefs_file_new_from_data (data, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (prefs);
  return prefs;
}

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       length)
{
  g_autoptr(GBytes) wanted = g_bytes_new_static (expected, length);

  if (!g_bytes_equal (bytes, wanted))
    g_error ("written back:\n%.*s\nexpected:\n%.*s", (int) g_bytes_get_size (bytes),
             (const char *) g_bytes_get_data (bytes, NULL), (int) length, expected);
}

static void
test_read_odd (void)
{
  g_autoptr(ColombePrefsFile) prefs = read_ok (odd, strlen (odd));
  g_autoptr(GBytes) bytes = colombe_prefs_file_to_bytes (prefs);
  g_auto(GStrv) names = colombe_prefs_file_dup_names (prefs, "a.");
  int number = 0;
  gboolean flag = FALSE;

  assert_bytes (bytes, odd, strlen (odd));
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "a.string"), ==,
                   "quote \" backslash \\ nl \n cr \r");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "single"), ==,
                   "it's A \xc3\xa9 \xf0\x9f\x93\xae caf\xc3\xa9");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "multi"), ==, "line one\nline two");
  g_assert_true (colombe_prefs_file_get_int (prefs, "spaced", &number));
  g_assert_cmpint (number, ==, -42);
  g_assert_true (colombe_prefs_file_get_int (prefs, "a.default", &number));
  g_assert_cmpint (number, ==, 7);
  g_assert_true (colombe_prefs_file_get_int (prefs, "min", &number));
  g_assert_cmpint (number, ==, G_MININT32);
  g_assert_true (colombe_prefs_file_get_int (prefs, "max", &number));
  g_assert_cmpint (number, ==, G_MAXINT32);
  g_assert_true (colombe_prefs_file_get_int (prefs, "twice", &number));
  g_assert_cmpint (number, ==, 2);
  g_assert_true (colombe_prefs_file_get_bool (prefs, "a.sticky", &flag));
  g_assert_true (flag);
  g_assert_true (colombe_prefs_file_get_bool (prefs, "off", &flag));
  g_assert_false (flag);
  g_assert_cmpint (colombe_prefs_file_get_pref_type (prefs, "commented.out"), ==, COLOMBE_PREF_NONE);
  g_assert_cmpint (colombe_prefs_file_get_pref_type (prefs, "a.string"), ==, COLOMBE_PREF_STRING);
  g_assert_null (colombe_prefs_file_get_string (prefs, "spaced"));
  g_assert_false (colombe_prefs_file_get_bool (prefs, "spaced", &flag));
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "a.string");
  g_assert_cmpstr (names[2], ==, "a.sticky");
}

/* Appended lines go after the last byte read (a line break first, since
 * the file ended in a comment); a replaced pref changes where it stands. */
static void
test_write_back (void)
{
  g_autoptr(ColombePrefsFile) prefs = read_ok (odd, strlen (odd));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ColombePrefsFile) again = NULL;
  g_autoptr(GString) expected = g_string_new (odd);
  int number = 0;

  colombe_prefs_file_set_string (prefs, "new.one", "Zo\xc3\xa9 \"x\" \\ \n\t");
  colombe_prefs_file_set_int (prefs, "new.two", -3);
  colombe_prefs_file_set_bool (prefs, "new.three", TRUE);
  colombe_prefs_file_set_int (prefs, "spaced", 5);
  colombe_prefs_file_set_int (prefs, "twice", 3);
  colombe_prefs_file_set_int (prefs, "new.two", 4);
  bytes = colombe_prefs_file_to_bytes (prefs);

  g_string_replace (expected, "user_pref ( \"spaced\" ,\t-42 ) ;", "user_pref(\"spaced\", 5);", 0);
  g_string_replace (expected, "user_pref(\"twice\", 2);", "user_pref(\"twice\", 3);", 0);
  g_string_append (expected, "\n"
                   "user_pref(\"new.one\", \"Zo\xc3\xa9 \\\"x\\\" \\\\ \\u000a\\u0009\");\n"
                   "user_pref(\"new.two\", 4);\n"
                   "user_pref(\"new.three\", true);\n");
  assert_bytes (bytes, expected->str, expected->len);

  again = read_ok (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (colombe_prefs_file_get_string (again, "new.one"), ==,
                   "Zo\xc3\xa9 \"x\" \\ \n\t");
  g_assert_true (colombe_prefs_file_get_int (again, "new.two", &number));
  g_assert_cmpint (number, ==, 4);
  g_assert_true (colombe_prefs_file_get_int (again, "twice", &number));
  g_assert_cmpint (number, ==, 3);
}

/* A 100 kB value, read and written back whole. */
static void
test_long_value (void)
{
  g_autoptr(GString) text = g_string_new ("user_pref(\"long\", \"");
  g_autoptr(ColombePrefsFile) prefs = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *value = g_strnfill (100 * 1024, 'v');

  g_string_append (text, value);
  g_string_append (text, "\");\nuser_pref(\"after\", 1);\n");
  prefs = read_ok (text->str, text->len);
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "long"), ==, value);
  colombe_prefs_file_set_string (prefs, "added", value);
  bytes = colombe_prefs_file_to_bytes (prefs);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==,
                    text->len + strlen ("user_pref(\"added\", \"\");\n") + strlen (value));
  g_assert_cmpint (memcmp (g_bytes_get_data (bytes, NULL), text->str, text->len), ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(ColombePrefsFile) prefs = read_ok ("", 0);
  g_autoptr(GBytes) bytes = NULL;

  colombe_prefs_file_set_string (prefs, "a", "b");
  bytes = colombe_prefs_file_to_bytes (prefs);
  assert_bytes (bytes, "user_pref(\"a\", \"b\");\n", strlen ("user_pref(\"a\", \"b\");\n"));
}

static void
test_corrupt (void)
{
  static const struct
  {
    const char *what;
    const char *text;
    gsize       length;   /* 0: strlen */
  } cases[] = {
    { "unterminated string", "user_pref(\"a\", \"b);\n", 0 },
    { "bad escape", "user_pref(\"a\", \"\\q\");\n", 0 },
    { "\\x00", "user_pref(\"a\", \"\\x00\");\n", 0 },
    { "\\u0000", "user_pref(\"a\", \"\\u0000\");\n", 0 },
    { "short \\u", "user_pref(\"a\", \"\\u12\");\n", 0 },
    { "lone high surrogate", "user_pref(\"a\", \"\\ud83d\");\n", 0 },
    { "lone low surrogate", "user_pref(\"a\", \"\\udcee\");\n", 0 },
    { "\\x not UTF-8", "user_pref(\"a\", \"\\xe9\");\n", 0 },
    { "missing semicolon", "user_pref(\"a\", 1)\nuser_pref(\"b\", 2);\n", 0 },
    { "missing parenthesis", "user_pref(\"a\", 1;\n", 0 },
    { "NUL", "user_pref(\"a\", 1);\n\0user_pref(\"b\", 2);\n", 40 },
    { "invalid UTF-8", "user_pref(\"a\", \"\xc3\x28\");\n", 0 },
    { "unterminated comment", "/* user_pref(\"a\", 1);\n", 0 },
    { "unknown keyword", "lock_pref(\"a\", 1);\n", 0 },
    { "user_pref with attribute", "user_pref(\"a\", 1, locked);\n", 0 },
    { "bad attribute", "pref(\"a\", 1, frozen);\n", 0 },
    /* Thunderbird drops these from prefs.js: attributes are for its
     * default files */
    { "pref with attribute", "pref(\"a\", 1, locked);\n", 0 },
    { "sticky_pref with attribute", "sticky_pref(\"a\", true, sticky);\n", 0 },
    { "too big", "user_pref(\"a\", 2147483648);\n", 0 },
    { "too small", "user_pref(\"a\", -2147483649);\n", 0 },
    { "number and letter", "user_pref(\"a\", 12px);\n", 0 },
    { "bare word value", "user_pref(\"a\", yes);\n", 0 },
    { "name not a string", "user_pref(a, 1);\n", 0 },
    { "stray character", "user_pref(\"a\", 1);\n}\n", 0 },
    { "single slash", "/ user_pref(\"a\", 1);\n", 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = cases[i].length ? cases[i].length : strlen (cases[i].text);
      g_autoptr(ColombePrefsFile) prefs = NULL;

      g_test_message ("%s", cases[i].what);
      prefs = colombe_prefs_file_new_from_data (cases[i].text, length, &error);
      g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT);
      g_assert_null (prefs);
    }
}

/* A corrupt file on disk: refused, nothing written beside it or over it. */
static void
test_corrupt_file_untouched (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("colombe-prefs-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "prefs.js", NULL);
  g_autoptr(ColombePrefsFile) prefs = NULL;
  g_autoptr(GDir) listing = NULL;
  guint count = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "user_pref(\"a\", \"b);\n", -1, &error));
  prefs = colombe_prefs_file_new_for_path (path, &error);
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT);
  g_assert_null (prefs);

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    count++;
  g_assert_cmpuint (count, ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

/* Saving: a backup of the bytes read beside the file, the file replaced
 * with the same mode; a file changed since it was read is left alone. */
static void
test_save (void)
{
  static const char before[] = "user_pref(\"a\", 1);\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("colombe-prefs-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "prefs.js", NULL);
  g_autoptr(ColombePrefsFile) prefs = NULL;
  g_autoptr(ColombePrefsFile) stale = NULL;
  g_autofree char *backup_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *backup_name = NULL;
  GStatBuf info;

  g_assert_true (g_file_set_contents (path, before, -1, &error));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  prefs = colombe_prefs_file_new_for_path (path, &error);
  stale = colombe_prefs_file_new_for_path (path, &error);
  g_assert_no_error (error);
  colombe_prefs_file_set_int (prefs, "b", 2);
  g_assert_true (colombe_prefs_file_save (prefs, path, &backup_path, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "user_pref(\"a\", 1);\nuser_pref(\"b\", 2);\n");
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0640);
  backup_name = g_path_get_basename (backup_path);
  g_assert_true (g_regex_match_simple ("^prefs\\.js\\.colombe-[0-9]{8}-[0-9]{6}$", backup_name,
                                       0, 0));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (backup_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, before);

  /* read before the save above: refused, the file kept */
  colombe_prefs_file_set_int (stale, "c", 3);
  g_assert_false (colombe_prefs_file_save (stale, path, NULL, &error));
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "user_pref(\"a\", 1);\nuser_pref(\"b\", 2);\n");

  g_unlink (backup_path);
  g_unlink (path);
  g_rmdir (dir);
}

/* No prefs.js yet: written, no backup. */
static void
test_save_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("colombe-prefs-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "prefs.js", NULL);
  g_autoptr(ColombePrefsFile) prefs = colombe_prefs_file_new_for_path (path, &error);
  g_autofree char *backup_path = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  colombe_prefs_file_set_bool (prefs, "x", FALSE);
  g_assert_true (colombe_prefs_file_save (prefs, path, &backup_path, &error));
  g_assert_no_error (error);
  g_assert_null (backup_path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "user_pref(\"x\", false);\n");
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prefs-file/read-odd", test_read_odd);
  g_test_add_func ("/prefs-file/write-back", test_write_back);
  g_test_add_func ("/prefs-file/long-value", test_long_value);
  g_test_add_func ("/prefs-file/empty", test_empty);
  g_test_add_func ("/prefs-file/corrupt", test_corrupt);
  g_test_add_func ("/prefs-file/corrupt-file-untouched", test_corrupt_file_untouched);
  g_test_add_func ("/prefs-file/save", test_save);
  g_test_add_func ("/prefs-file/save-new", test_save_new);

  return g_test_run ();
}
