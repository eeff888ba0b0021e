/* test-thunderbird-profile.c: finding profiles, telling one in use, and
 * adding an account to its prefs.js
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "colombe-prefs-file.h"
#include "colombe-test-lock.h"
#include "colombe-thunderbird-account.h"
#include "colombe-thunderbird-profile.h"

static char *scratch;

static char *
make_dir_below (const char *dir,
                const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static char *
make_dir (const char *name)
{
  return make_dir_below (scratch, name);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint count = 0;

  while (g_dir_read_name (listing) != NULL)
    count++;
  return count;
}

/* profiles.ini and installs.ini ------------------------------------------ */

/* As Debian's Thunderbird 153 leaves a fresh home: Default=1 on one
 * profile, installs.ini naming the other, which wins. */
static void
test_list_installs_default (void)
{
  g_autofree char *root = make_dir ("installs/.thunderbird");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  ColombeThunderbirdProfile *first;

  write_file (root, "profiles.ini",
              "[Profile1]\nName=default\nIsRelative=1\nPath=j8e7xxae.default\nDefault=1\n\n"
              "[InstallFDC34C9F024745EB]\nDefault=56bpnkyn.default-default\nLocked=1\n\n"
              "[Profile0]\nName=default-default\nIsRelative=1\nPath=56bpnkyn.default-default\n\n"
              "[Profile2]\nName=elsewhere\nIsRelative=0\nPath=/srv/mail/profile\n\n"
              "[General]\nStartWithLastProfile=1\nVersion=2\n");
  write_file (root, "installs.ini",
              "[FDC34C9F024745EB]\nDefault=56bpnkyn.default-default\nLocked=1\n");
  list = colombe_thunderbird_profile_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);

  first = g_ptr_array_index (list, 0);
  g_assert_cmpstr (colombe_thunderbird_profile_get_name (first), ==, "default-default");
  g_assert_true (colombe_thunderbird_profile_get_is_default (first));
  g_assert_cmpstr (colombe_thunderbird_profile_get_root (first), ==, root);
  g_assert_true (g_str_has_suffix (colombe_thunderbird_profile_get_path (first),
                                   "/.thunderbird/56bpnkyn.default-default"));
  g_assert_cmpstr (colombe_thunderbird_profile_get_name (g_ptr_array_index (list, 1)), ==, "default");
  g_assert_false (colombe_thunderbird_profile_get_is_default (g_ptr_array_index (list, 1)));
  g_assert_cmpstr (colombe_thunderbird_profile_get_path (g_ptr_array_index (list, 2)), ==,
                   "/srv/mail/profile");
}

/* Without installs.ini, Default=1; without either, the order of the file. */
static void
test_list_profiles_default (void)
{
  g_autofree char *root = make_dir ("plain/.thunderbird");
  g_autofree char *none = make_dir ("nothing/.thunderbird");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  write_file (root, "profiles.ini",
              "[General]\nStartWithLastProfile=1\n\n"
              "[Profile0]\nName=first\nIsRelative=1\nPath=a.first\n\n"
              "[Profile1]\nName=second\nIsRelative=1\nPath=b.second\nDefault=1\n\n"
              "[ProfileX]\nName=not a profile\nPath=x\n");
  list = colombe_thunderbird_profile_list (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (colombe_thunderbird_profile_get_name (g_ptr_array_index (list, 0)), ==, "second");
  g_assert_true (colombe_thunderbird_profile_get_is_default (g_ptr_array_index (list, 0)));

  empty = colombe_thunderbird_profile_list (none, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);
}

static void
test_list_corrupt (void)
{
  g_autofree char *root = make_dir ("corrupt/.thunderbird");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  write_file (root, "profiles.ini", "[Profile0\nName=x\n");
  list = colombe_thunderbird_profile_list (root, &error);
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT);
  g_assert_null (list);
}

/* The three places, below one home: Debian's first, then Flatpak, Snap. */
static void
test_find_all (void)
{
  g_autofree char *home = make_dir ("home");
  g_autofree char *flatpak = make_dir ("home/.var/app/org.mozilla.Thunderbird/.thunderbird");
  g_autofree char *snap = make_dir ("home/snap/thunderbird/common/.thunderbird");
  g_autoptr(GPtrArray) all = NULL;

  write_file (flatpak, "profiles.ini", "[Profile0]\nName=flat\nIsRelative=1\nPath=f.flat\nDefault=1\n");
  write_file (snap, "profiles.ini", "[Profile0]\nName=snappy\nIsRelative=1\nPath=s.snappy\n");
  all = colombe_thunderbird_profile_find_all (home);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (colombe_thunderbird_profile_get_name (g_ptr_array_index (all, 0)), ==, "flat");
  g_assert_cmpstr (colombe_thunderbird_profile_get_name (g_ptr_array_index (all, 1)), ==, "snappy");
}

static void
test_create (void)
{
  g_autofree char *root = g_build_filename (scratch, "created", ".thunderbird", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeThunderbirdProfile) profile = colombe_thunderbird_profile_create (root, &error);
  g_autoptr(ColombeThunderbirdProfile) again = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_true (colombe_thunderbird_profile_get_is_default (profile));
  g_assert_cmpstr (colombe_thunderbird_profile_get_name (profile), ==, "default-release");
  g_assert_true (g_file_test (colombe_thunderbird_profile_get_path (profile), G_FILE_TEST_IS_DIR));
  folder = g_path_get_basename (colombe_thunderbird_profile_get_path (profile));
  g_assert_true (g_regex_match_simple ("^[a-z0-9]{8}\\.default-release$", folder, 0, 0));
  ini = read_file (root, "profiles.ini");
  expected = g_strdup_printf ("[General]\nStartWithLastProfile=1\nVersion=2\n\n"
                              "[Profile0]\nName=default-release\nIsRelative=1\nPath=%s\n"
                              "Default=1\n", folder);
  g_assert_cmpstr (ini, ==, expected);
  /* tied to no installation, and a key database to hold the password */
  g_clear_pointer (&ini, g_free);
  ini = read_file (colombe_thunderbird_profile_get_path (profile), "compatibility.ini");
  g_assert_cmpstr (ini, ==, "[Compatibility]\n");
  g_clear_pointer (&expected, g_free);
  expected = g_build_filename (colombe_thunderbird_profile_get_path (profile), "key4.db", NULL);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  again = colombe_thunderbird_profile_create (root, &error);
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED);
  g_assert_null (again);
}

/* The package installed says where its profiles go: the Snap and Flatpak
 * (system-wide or the person's) before a thunderbird in /usr/lib or /opt. */
static void
test_install_root (void)
{
  g_autofree char *home = make_dir ("install-home");
  g_autofree char *sysroot = make_dir ("install-sysroot");
  struct
  {
    const char *marker;  /* made below the sysroot, or the home for "~/" */
    const char *root;    /* expected below the home, NULL for none */
  } steps[] = {
    { NULL, NULL },
    { "opt/thunderbird/thunderbird", ".thunderbird" },
    { "~/.local/share/flatpak/app/org.mozilla.Thunderbird",
      ".var/app/org.mozilla.Thunderbird/.thunderbird" },
    { "snap/thunderbird", "snap/thunderbird/common/.thunderbird" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *root = NULL;
      g_autofree char *expected = NULL;

      if (steps[i].marker != NULL && g_str_has_prefix (steps[i].marker, "~/"))
        g_free (make_dir_below (home, steps[i].marker + 2));
      else if (steps[i].marker != NULL)
        g_free (make_dir_below (sysroot, steps[i].marker));

      root = colombe_thunderbird_profile_dup_install_root (home, sysroot);
      if (steps[i].root == NULL)
        {
          g_assert_null (root);
          continue;
        }
      expected = g_build_filename (home, steps[i].root, NULL);
      g_assert_cmpstr (root, ==, expected);
    }
}

/* In use ---------------------------------------------------------------- */

/* Another process holds .parentlock as Thunderbird does (F_SETLK, F_WRLCK). */
static void
test_parentlock (void)
{
  g_autofree char *profile = make_dir ("locked");
  g_autofree char *path = g_build_filename (profile, ".parentlock", NULL);
  g_autoptr(GError) error = NULL;
  ColombeTestLock *lock;

  write_file (profile, ".parentlock", "");
  g_assert_true (colombe_thunderbird_profile_check_unused (profile, &error));
  g_assert_no_error (error);

  lock = colombe_test_lock_hold (path);
  g_assert_false (colombe_thunderbird_profile_check_unused (profile, &error));
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_RUNNING);
  g_clear_error (&error);

  colombe_test_lock_release (lock);
  g_assert_true (colombe_thunderbird_profile_check_unused (profile, &error));
}

/* "lock": a dangling symlink; in use while its process lives. */
static void
test_lock_link (void)
{
  g_autofree char *profile = make_dir ("linked");
  g_autofree char *lock = g_build_filename (profile, "lock", NULL);
  g_autofree char *alive = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink (alive, lock), ==, 0);
  g_assert_false (colombe_thunderbird_profile_check_unused (profile, &error));
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_RUNNING);
  g_clear_error (&error);

  /* left by a crash: the process is gone (pid_max is below 2^22) */
  g_unlink (lock);
  g_assert_cmpint (symlink ("127.0.0.1:+2147483000", lock), ==, 0);
  g_assert_true (colombe_thunderbird_profile_check_unused (profile, &error));
  g_assert_no_error (error);

  /* unreadable: taken as held */
  g_unlink (lock);
  g_assert_cmpint (symlink ("something else", lock), ==, 0);
  g_assert_false (colombe_thunderbird_profile_check_unused (profile, &error));
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_RUNNING);
}

/* Adding an account ------------------------------------------------------ */

static ColombeAccount *
account_new (const char *address,
             const char *protocol,
             const char *host)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"version\": 1, \"name\": \"Zo\303\251 \\\"B\\\"\", \"address\": \"%s\", "
    "\"source\": \"manual\", "
    "\"incoming\": {\"protocol\": \"%s\", \"host\": \"%s\", \"port\": 995, \"security\": \"tls\", "
    "\"username\": \"%s\", \"auth\": \"password-cleartext\"}, "
    "\"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp.example.test\", \"port\": 587, "
    "\"security\": \"starttls\", \"username\": \"%s\", \"auth\": \"password-cleartext\"}}",
    address, protocol, host, address, address);
  ColombeAccount *account = colombe_account_new_from_data (json, -1, &error);

  g_assert_no_error (error);
  return account;
}

/* A profile Thunderbird wrote: accounts 1 (Local Folders) and 3 (IMAP),
 * a server5 whose account went, lastKey 4, a comment it keeps on top. */
static const char existing[] =
  "// Mozilla User Preferences\n"
  "\n"
  "/* Do not edit this file. */\n"
  "\n"
  "user_pref(\"mail.account.account1.server\", \"server1\");\n"
  "user_pref(\"mail.account.account3.identities\", \"id1\");\n"
  "user_pref(\"mail.account.account3.server\", \"server2\");\n"
  "user_pref(\"mail.account.lastKey\", 4);\n"
  "user_pref(\"mail.accountmanager.accounts\", \"account3,account1\");\n"
  "user_pref(\"mail.accountmanager.defaultaccount\", \"account3\");\n"
  "user_pref(\"mail.accountmanager.localfoldersserver\", \"server1\");\n"
  "user_pref(\"mail.identity.id1.fullName\", \"Alice\");\n"
  "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
  "user_pref(\"mail.identity.id1.useremail\", \"alice@example.test\");\n"
  "user_pref(\"mail.server.server1.type\", \"none\");\n"
  "user_pref(\"mail.server.server2.hostname\", \"imap.example.test\");\n"
  "user_pref(\"mail.server.server2.type\", \"imap\");\n"
  "user_pref(\"mail.server.server5.type\", \"imap\");\n"
  "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n"
  "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.test\");\n"
  "user_pref(\"mail.smtpservers\", \"smtp1\");\n";

static void
test_add_keys (void)
{
  g_autofree char *profile = make_dir ("add-keys");
  g_autoptr(ColombeAccount) bob = account_new ("bob@example.test", "pop3", "pop.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autofree char *after = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(ColombePrefsFile) prefs = NULL;
  gboolean leave = FALSE;
  int number = 0;

  write_file (profile, "prefs.js", existing);
  added = colombe_thunderbird_account_add (bob, profile, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added->account, ==, "account5");
  g_assert_cmpstr (added->server, ==, "server6");
  g_assert_cmpstr (added->identity, ==, "id2");
  g_assert_cmpstr (added->smtp, ==, "smtp2");
  g_assert_null (added->local_folders);
  g_assert_false (added->updated);

  after = read_file (profile, "prefs.js");
  backup = g_path_get_basename (added->backup_path);
  g_assert_true (g_str_has_prefix (backup, "prefs.js.colombe-"));
  g_assert_cmpuint (count_files (profile), ==, 2);
  prefs = colombe_prefs_file_new_from_data (after, strlen (after), &error);
  g_assert_no_error (error);

  /* the lists: order kept, the new keys last; only they change in place */
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account3,account1,account5");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.smtpservers"), ==, "smtp1,smtp2");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.accountmanager.defaultaccount"), ==,
                   "account3");
  g_assert_true (colombe_prefs_file_get_int (prefs, "mail.account.lastKey", &number));
  g_assert_cmpint (number, ==, 5);
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.account.account5.server"), ==, "server6");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.account.account5.identities"), ==, "id2");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.server.server6.type"), ==, "pop3");
  g_assert_true (colombe_prefs_file_get_bool (prefs, "mail.server.server6.leave_on_server", &leave));
  g_assert_true (leave);
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.identity.id2.fullName"), ==,
                   "Zo\303\251 \"B\"");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.identity.id2.smtpServer"), ==, "smtp2");
  g_assert_true (colombe_prefs_file_get_int (prefs, "mail.smtpserver.smtp2.try_ssl", &number));
  g_assert_cmpint (number, ==, 2);

  /* every line read is still there, in its order, before the new ones */
  g_assert_true (g_str_has_prefix (after, "// Mozilla User Preferences\n\n/* Do not edit"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server5.type\", \"imap\");\n"
                                   "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n"));
}

/* The same address: refused, nothing written; with replace, the servers
 * of that account rewritten under their keys. */
static void
test_add_present (void)
{
  g_autofree char *profile = make_dir ("add-present");
  g_autoptr(ColombeAccount) alice = account_new ("Alice@Example.test", "imap", "mail.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeThunderbirdAdded) refused = NULL;
  g_autoptr(ColombeThunderbirdAdded) updated = NULL;
  g_autofree char *after = NULL;
  g_autoptr(ColombePrefsFile) prefs = NULL;
  g_auto(GStrv) accounts = NULL;

  write_file (profile, "prefs.js", existing);
  refused = colombe_thunderbird_account_add (alice, profile, FALSE, &error);
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT);
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (profile), ==, 1);
  after = read_file (profile, "prefs.js");
  g_assert_cmpstr (after, ==, existing);
  g_clear_pointer (&after, g_free);

  updated = colombe_thunderbird_account_add (alice, profile, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (updated->updated);
  g_assert_cmpstr (updated->account, ==, "account3");
  g_assert_cmpstr (updated->server, ==, "server2");
  g_assert_cmpstr (updated->smtp, ==, "smtp1");
  after = read_file (profile, "prefs.js");
  prefs = colombe_prefs_file_new_from_data (after, strlen (after), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.server.server2.hostname"), ==,
                   "mail.example.test");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account3,account1");
  /* replaced where it stood */
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server2.hostname\", "
                                   "\"mail.example.test\");\nuser_pref(\"mail.server.server2.type\""));
  accounts = colombe_prefs_file_dup_names (prefs, "mail.account.account");
  g_assert_cmpuint (g_strv_length (accounts), ==, 3);
}

/* No prefs.js, no Local Folders: both made; no backup. */
static void
test_add_fresh (void)
{
  g_autofree char *profile = make_dir ("add-fresh");
  g_autoptr(ColombeAccount) bob = account_new ("bob@example.test", "imap", "imap.example.test");
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autofree char *after = NULL;
  g_autoptr(ColombePrefsFile) prefs = NULL;

  added = colombe_thunderbird_account_add (bob, profile, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added->account, ==, "account1");
  g_assert_cmpstr (added->server, ==, "server1");
  g_assert_cmpstr (added->local_folders, ==, "server2");
  g_assert_null (added->backup_path);
  after = read_file (profile, "prefs.js");
  prefs = colombe_prefs_file_new_from_data (after, strlen (after), &error);
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account1,account2");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.account.account2.server"), ==, "server2");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.server.server2.type"), ==, "none");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.accountmanager.defaultaccount"), ==,
                   "account1");
  g_assert_cmpstr (colombe_prefs_file_get_string (prefs, "mail.smtp.defaultserver"), ==, "smtp1");
}

/* Another address, but an incoming server another account has already
 * (type, host, user name): Thunderbird would drop the account at start,
 * so it is refused, even with replace; nothing written. Another user
 * name on the same host is a new account. */
static void
test_add_same_server (void)
{
  g_autofree char *profile = make_dir ("add-same-server");
  g_autofree char *prefs_js = g_strconcat (existing,
                                           "user_pref(\"mail.server.server2.userName\", "
                                           "\"carol@example.test\");\n", NULL);
  g_autoptr(ColombeAccount) carol = account_new ("carol@example.test", "imap", "IMAP.example.test");
  g_autoptr(ColombeAccount) carol_pop = account_new ("carol@example.test", "pop3",
                                                     "imap.example.test");
  g_autoptr(ColombeAccount) dave = account_new ("dave@example.test", "imap", "imap.example.test");
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  write_file (profile, "prefs.js", prefs_js);
  for (guint replace = 0; replace < 2; replace++)
    {
      g_assert_null (colombe_thunderbird_account_add (carol, profile, replace, &error));
      g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT);
      g_assert_nonnull (strstr (error->message, "carol@example.test"));
      g_clear_error (&error);
    }
  g_assert_cmpuint (count_files (profile), ==, 1);
  after = read_file (profile, "prefs.js");
  g_assert_cmpstr (after, ==, prefs_js);

  /* another type on that host is another server for Thunderbird */
  added = colombe_thunderbird_account_add (carol_pop, profile, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&added, colombe_thunderbird_added_free);
  added = colombe_thunderbird_account_add (dave, profile, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (added->updated);
}

/* Refusals leave the folder as it was. */
static void
test_add_refused (void)
{
  g_autofree char *profile = make_dir ("add-refused");
  g_autofree char *missing = g_build_filename (scratch, "no-such-profile", NULL);
  g_autofree char *lock = g_build_filename (profile, "lock", NULL);
  g_autofree char *alive = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_autoptr(ColombeAccount) bob = account_new ("bob@example.test", "imap", "imap.example.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_null (colombe_thunderbird_account_add (bob, missing, FALSE, &error));
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_PROFILE_NOT_FOUND);
  g_clear_error (&error);

  write_file (profile, "prefs.js", "user_pref(\"a\", \"unterminated);\n");
  g_assert_null (colombe_thunderbird_account_add (bob, profile, FALSE, &error));
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (profile), ==, 1);

  write_file (profile, "prefs.js", existing);
  g_assert_cmpint (symlink (alive, lock), ==, 0);
  g_assert_null (colombe_thunderbird_account_add (bob, profile, FALSE, &error));
  g_assert_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_RUNNING);
  g_assert_cmpuint (count_files (profile), ==, 2);
  after = read_file (profile, "prefs.js");
  g_assert_cmpstr (after, ==, existing);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  scratch = g_dir_make_tmp ("colombe-thunderbird-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/thunderbird/profile/list-installs-default", test_list_installs_default);
  g_test_add_func ("/thunderbird/profile/list-profiles-default", test_list_profiles_default);
  g_test_add_func ("/thunderbird/profile/list-corrupt", test_list_corrupt);
  g_test_add_func ("/thunderbird/profile/find-all", test_find_all);
  g_test_add_func ("/thunderbird/profile/create", test_create);
  g_test_add_func ("/thunderbird/profile/install-root", test_install_root);
  g_test_add_func ("/thunderbird/profile/parentlock", test_parentlock);
  g_test_add_func ("/thunderbird/profile/lock-link", test_lock_link);
  g_test_add_func ("/thunderbird/account/add-keys", test_add_keys);
  g_test_add_func ("/thunderbird/account/add-present", test_add_present);
  g_test_add_func ("/thunderbird/account/add-fresh", test_add_fresh);
  g_test_add_func ("/thunderbird/account/add-refused", test_add_refused);
  g_test_add_func ("/thunderbird/account/add-same-server", test_add_same_server);

  status = g_test_run ();

  {
    g_autofree char *quoted = g_shell_quote (scratch);
    g_autofree char *command = g_strconcat ("rm -rf ", quoted, NULL);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (scratch);
  return status;
}
