/* test-add-to-thunderbird.c: the ready page's Add to Thunderbird, in a
 * real window against real servers, with a fake home holding a
 * Thunderbird profile (its prefs.js only: no Thunderbird runs here).
 *
 * No profile and no Thunderbird installed: no button. Installed but never
 * started: a click makes its first profile, with the account and its
 * password. A click adds the account to the profile's prefs.js and turns
 * the button into Open Thunderbird; a held .parentlock (Thunderbird
 * running) makes the window wait, and it goes on by itself once the lock
 * is released, unless cancelled; the same address twice offers to update
 * it; a profile other than the default, chosen in the list, is the one
 * Open Thunderbird opens.
 *
 * Runs in netns-run.sh's namespaces, as test-flow does.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>
#include <string.h>

#include "colombe-account-page.h"
#include "colombe-prefs-file.h"
#include "colombe-ready-page.h"
#include "colombe-test-fixtures.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

#define child colombe_test_ui_child
#define spin  colombe_test_ui_spin

static ColombeTestWorld *world;
static ColombeWindow *window;
static char *home;
static char *sysroot;
static char *profile;
static guint opened;
static char *opened_path;

#define WINDOW_CHILD(name) child (window, COLOMBE_TYPE_WINDOW, name)
#define READY_CHILD(name)  child (WINDOW_CHILD ("ready_page"), COLOMBE_TYPE_READY_PAGE, name)

/* A profile Thunderbird wrote, with one IMAP account (Alice's). */
static const char existing[] =
  "// Mozilla User Preferences\n"
  "\n"
  "user_pref(\"mail.account.account1.server\", \"server1\");\n"
  "user_pref(\"mail.account.account2.identities\", \"id1\");\n"
  "user_pref(\"mail.account.account2.server\", \"server2\");\n"
  "user_pref(\"mail.account.lastKey\", 2);\n"
  "user_pref(\"mail.accountmanager.accounts\", \"account2,account1\");\n"
  "user_pref(\"mail.accountmanager.defaultaccount\", \"account2\");\n"
  "user_pref(\"mail.accountmanager.localfoldersserver\", \"server1\");\n"
  "user_pref(\"mail.identity.id1.fullName\", \"Alice\");\n"
  "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
  "user_pref(\"mail.identity.id1.useremail\", \"alice@example.test\");\n"
  "user_pref(\"mail.server.server1.type\", \"none\");\n"
  "user_pref(\"mail.server.server2.hostname\", \"mail.example.test\");\n"
  "user_pref(\"mail.server.server2.type\", \"imap\");\n"
  "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n"
  "user_pref(\"mail.smtpserver.smtp1.hostname\", \"mail.example.test\");\n"
  "user_pref(\"mail.smtpservers\", \"smtp1\");\n";

static const char *
visible_page (void)
{
  return gtk_stack_get_visible_child_name (WINDOW_CHILD ("pages"));
}

static void
wait_for_ready (void)
{
  gint64 deadline = g_get_monotonic_time () + 45 * G_USEC_PER_SEC;

  while (g_strcmp0 (visible_page (), "ready") != 0 && g_strcmp0 (visible_page (), "failure") != 0 &&
         g_get_monotonic_time () < deadline)
    spin (10);

  g_assert_cmpstr (visible_page (), ==, "ready");
}

/* Screen 1 again, what a person types, Enter, and the proven account. */
static void
prove (const char *name,
       const char *address,
       const char *password)
{
  gpointer page = WINDOW_CHILD ("account_page");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "name_row"), name);
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row"), address);
  gtk_editable_set_text (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), password);
  g_signal_emit_by_name (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "entry-activated");
  wait_for_ready ();
}

static const char *
button_label (void)
{
  return gtk_label_get_label (READY_CHILD ("thunderbird_label"));
}

static const char *
status (void)
{
  return gtk_label_get_label (READY_CHILD ("thunderbird_status"));
}

/* Iterates until the button says @label (its mnemonic included). */
static void
wait_for_button (const char *label,
                 guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while ((!g_str_equal (button_label (), label) ||
          !gtk_widget_get_sensitive (READY_CHILD ("thunderbird_button")) ||
          !gtk_widget_get_visible (READY_CHILD ("thunderbird_button"))) &&
         g_get_monotonic_time () < deadline)
    spin (10);

  g_assert_cmpstr (button_label (), ==, label);
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_button")));
}

static void
click (void)
{
  g_assert_true (gtk_widget_get_sensitive (READY_CHILD ("thunderbird_button")));
  g_signal_emit_by_name (READY_CHILD ("thunderbird_button"), "clicked");
}

/* How many identities of the profile in @dir have @address. */
static guint
identities_in (const char *dir,
               const char *address)
{
  g_autofree char *path = g_build_filename (dir, "prefs.js", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombePrefsFile) prefs = colombe_prefs_file_new_for_path (path, &error);
  g_auto(GStrv) names = NULL;
  guint count = 0;

  g_assert_no_error (error);
  names = colombe_prefs_file_dup_names (prefs, "mail.identity.");
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".useremail") &&
        g_strcmp0 (colombe_prefs_file_get_string (prefs, names[i]), address) == 0)
      count++;
  return count;
}

static guint
identities_with (const char *address)
{
  return identities_in (profile, address);
}

static gboolean
on_open_thunderbird (ColombeWindow *self,
                     const char    *path,
                     gpointer       user_data)
{
  opened++;
  g_free (opened_path);
  opened_path = g_strdup (path);
  return TRUE;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* No Thunderbird on this computer: no button, the other ways only. */
static void
test_no_profile (void)
{
  colombe_test_watchdog_arm (60);
  prove ("Zoé Volunteer", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);

  g_assert_false (gtk_widget_get_visible (READY_CHILD ("thunderbird_box")));
}

/* Debian's Thunderbird installed, never started: one click makes the
 * profile Thunderbird will open, with the account and its password. */
static void
test_created (void)
{
  g_autofree char *root = g_build_filename (home, ".thunderbird", NULL);
  g_autofree char *marker = g_build_filename (sysroot, "usr", "lib", "thunderbird", NULL);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *logins = NULL;
  g_autofree char *logins_path = NULL;
  g_autofree char *aside = NULL;
  const char *made;

  colombe_test_watchdog_arm (60);
  g_assert_cmpint (g_mkdir_with_parents (marker, 0700), ==, 0);
  write_file (marker, "thunderbird", "");

  prove ("Zoé Volunteer", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_box")));
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("thunderbird_profile_list")));
  g_assert_cmpstr (button_label (), ==, "Add to _Thunderbird");
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));

  click ();
  wait_for_button ("_Open Thunderbird", 20);
  profiles = colombe_thunderbird_profile_list (root, NULL);
  g_assert_cmpuint (profiles->len, ==, 1);
  made = colombe_thunderbird_profile_get_path (g_ptr_array_index (profiles, 0));
  g_assert_true (colombe_thunderbird_profile_get_is_default (g_ptr_array_index (profiles, 0)));
  g_assert_cmpstr (status (), ==, "The account is in Thunderbird, with its password.");
  logins_path = g_build_filename (made, "logins.json", NULL);
  g_assert_true (g_file_get_contents (logins_path, &logins, NULL, NULL));
  g_assert_null (strstr (logins, COLOMBE_TEST_ZOE_PASSWORD));
  g_assert_nonnull (strstr (logins, "\"hostname\":\"imap://"));

  /* Thunderbird's default: opened as it starts */
  click ();
  g_assert_cmpuint (opened, ==, 1);
  g_assert_null (opened_path);

  /* the next tests bring their own profile (the fixture removes only
   * what is named as scratch) */
  aside = g_build_filename (home, "colombe-made-profile", NULL);
  g_assert_cmpint (g_rename (root, aside), ==, 0);
  g_assert_true (colombe_test_scratch_dir_remove (aside, NULL));
  opened = 0;
}

/* The profile appears: one click, and the account is in its prefs.js. */
static void
test_add (void)
{
  g_autofree char *root = g_build_filename (home, ".thunderbird", NULL);

  colombe_test_watchdog_arm (60);
  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  write_file (root, "profiles.ini",
              "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
              "[Profile0]\nName=default-release\nIsRelative=1\nPath=t3st.default-release\n"
              "Default=1\n");
  write_file (profile, "prefs.js", existing);

  prove ("Zoé Volunteer", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_box")));
  /* One profile: nothing to choose. */
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("thunderbird_profile_list")));
  g_assert_true (gtk_widget_has_css_class (READY_CHILD ("thunderbird_button"), "suggested-action"));
  g_assert_cmpstr (button_label (), ==, "Add to _Thunderbird");

  click ();
  wait_for_button ("_Open Thunderbird", 20);
  g_assert_cmpuint (identities_with (COLOMBE_TEST_ZOE_LOGIN), ==, 1);
  g_assert_cmpuint (identities_with ("alice@example.test"), ==, 1);
  /* No key database in this profile: said plainly. */
  g_assert_nonnull (strstr (status (), "Thunderbird will ask for your password once"));

  g_assert_cmpuint (opened, ==, 0);
  click ();
  g_assert_cmpuint (opened, ==, 1);
}

/* Bob proven and Add to Thunderbird clicked while another process holds
 * .parentlock (Thunderbird running): Cancel instead of the button. */
static ColombeTestLock *
start_waiting (void)
{
  g_autofree char *path = g_build_filename (profile, ".parentlock", NULL);
  ColombeTestLock *lock = colombe_test_lock_hold (path);

  prove ("Bob", COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);
  click ();
  for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
       !gtk_widget_get_visible (READY_CHILD ("thunderbird_cancel")) &&
       g_get_monotonic_time () < deadline;)
    spin (10);
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_cancel")));
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("thunderbird_button")));
  g_assert_cmpstr (status (), ==, "Close Thunderbird, then Colombe adds the account.");
  return lock;
}

/* Cancel while Thunderbird runs: its closing later adds nothing. */
static void
test_cancel (void)
{
  ColombeTestLock *lock;

  colombe_test_watchdog_arm (60);
  lock = start_waiting ();

  g_signal_emit_by_name (READY_CHILD ("thunderbird_cancel"), "clicked");
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_button")));
  g_assert_cmpstr (button_label (), ==, "Add to _Thunderbird");
  colombe_test_lock_release (lock);
  spin (1500);
  g_assert_cmpstr (button_label (), ==, "Add to _Thunderbird");
  g_assert_cmpuint (identities_with (COLOMBE_TEST_BOB_LOGIN), ==, 0);
}

/* Thunderbird running, then closed. */
static void
test_running (void)
{
  ColombeTestLock *lock;

  colombe_test_watchdog_arm (90);
  lock = start_waiting ();
  /* Still waiting a few polls later, and nothing written. */
  spin (2500);
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_cancel")));
  g_assert_cmpuint (identities_with (COLOMBE_TEST_BOB_LOGIN), ==, 0);

  /* Thunderbird closes: the window goes on by itself. */
  colombe_test_lock_release (lock);
  wait_for_button ("_Open Thunderbird", 20);
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("thunderbird_cancel")));
  g_assert_cmpuint (identities_with (COLOMBE_TEST_BOB_LOGIN), ==, 1);
}

/* Two profiles: the list; the second chosen gets the account, and Open
 * Thunderbird opens that one, not the default. */
static void
test_other_profile (void)
{
  g_autofree char *root = g_build_filename (home, ".thunderbird", NULL);
  g_autofree char *work = g_build_filename (root, "w0rk.work", NULL);

  colombe_test_watchdog_arm (60);
  g_assert_cmpint (g_mkdir_with_parents (work, 0700), ==, 0);
  write_file (work, "prefs.js", "// Mozilla User Preferences\n");
  write_file (root, "profiles.ini",
              "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
              "[Profile0]\nName=default-release\nIsRelative=1\nPath=t3st.default-release\n"
              "Default=1\n\n"
              "[Profile1]\nName=work\nIsRelative=1\nPath=w0rk.work\n");

  prove ("Bob", COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_profile_list")));
  adw_combo_row_set_selected (READY_CHILD ("thunderbird_profile_row"), 1);
  click ();
  wait_for_button ("_Open Thunderbird", 20);
  g_assert_cmpuint (identities_in (work, COLOMBE_TEST_BOB_LOGIN), ==, 1);

  opened = 0;
  click ();
  g_assert_cmpuint (opened, ==, 1);
  g_assert_cmpstr (opened_path, ==, work);
}

/* The same address again: no duplicate, an offer to update it. */
static void
test_already_present (void)
{
  colombe_test_watchdog_arm (60);
  prove ("Zoé Volunteer", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  click ();
  wait_for_button ("_Update Its Settings", 20);
  g_assert_nonnull (strstr (status (), "Thunderbird already has an account for "
                                       COLOMBE_TEST_ZOE_LOGIN));

  click ();
  wait_for_button ("_Open Thunderbird", 20);
  g_assert_cmpuint (identities_with (COLOMBE_TEST_ZOE_LOGIN), ==, 1);
  g_assert_cmpuint (identities_with ("alice@example.test"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* before GTK: the keyring fixture moves HOME and the XDG folders */
  world = colombe_test_world_new (COLOMBE_TEST_WORLD_SELF_SIGNED | COLOMBE_TEST_WORLD_AUTOCONFIG);
  colombe_test_world_start (world);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  home = colombe_test_scratch_dir_new ("colombe-tb-home", &error);
  g_assert_no_error (error);
  profile = g_build_filename (home, ".thunderbird", "t3st.default-release", NULL);
  sysroot = colombe_test_scratch_dir_new ("colombe-tb-system", &error);
  g_assert_no_error (error);

  window = g_object_new (COLOMBE_TYPE_WINDOW,
                         "ca-file", colombe_test_pki_get_ca_file (world->pki),
                         "ispdb-url", "https://127.0.0.1:1/v1.1",
                         "thunderbird-home", home,
                         "thunderbird-sysroot", sysroot,
                         NULL);
  g_signal_connect (window, "open-thunderbird", G_CALLBACK (on_open_thunderbird), NULL);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/add-to-thunderbird/no-profile", test_no_profile);
  g_test_add_func ("/add-to-thunderbird/created", test_created);
  g_test_add_func ("/add-to-thunderbird/add", test_add);
  g_test_add_func ("/add-to-thunderbird/cancel", test_cancel);
  g_test_add_func ("/add-to-thunderbird/running", test_running);
  g_test_add_func ("/add-to-thunderbird/already-present", test_already_present);
  g_test_add_func ("/add-to-thunderbird/other-profile", test_other_profile);

  status = g_test_run ();
  colombe_test_ui_destroy_window (window);
  colombe_test_world_free (world);
  colombe_test_scratch_dir_remove (home, NULL);
  colombe_test_scratch_dir_remove (sysroot, NULL);
  g_free (sysroot);
  g_free (opened_path);
  g_free (profile);
  g_free (home);

  return status;
}
