/* test-sign-in.c: the provider's rules drive screen 1, and an OAuth2
 * provider ends on its own ready page
 *
 * A real window, in netns-run.sh's namespaces. Gmail (app password first,
 * or Google's page): the field says "App password", with why and a button
 * to the page that makes one, before any password is typed. Outlook.com
 * (hotmail.fr; only its own page): no password field; Continue finds the
 * built-in settings and proves both servers as far as they can be without
 * a password, at stand-ins for outlook.office365.com and
 * smtp-mail.outlook.com (Dovecot offering only XOAUTH2 and OAUTHBEARER, an
 * SMTP server answering Microsoft's refusal, their certificates naming
 * those hosts, reached on 993 and 587); the ready page then offers what
 * signs in by itself: Thunderbird, GNOME Online Accounts (a stand-in for
 * GNOME Settings on the session bus records the dialog asked for) and the
 * phone, with the iPhone's words; no keyring, and no target that cannot.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "colombe-account-page.h"
#include "colombe-ready-page.h"
#include "colombe-test-fixtures.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

#define child colombe_test_ui_child
#define spin  colombe_test_ui_spin

static ColombeTestWorld *world;
static ColombeTestMicrosoft *microsoft;
static ColombeWindow *window;
static char *home;
static char *sysroot;
static guint settings_id;
static GVariant *settings_call;   /* the launch-panel parameter GNOME Settings got */

#define WINDOW_CHILD(name)  child (window, COLOMBE_TYPE_WINDOW, name)
#define ACCOUNT_CHILD(name) child (WINDOW_CHILD ("account_page"), COLOMBE_TYPE_ACCOUNT_PAGE, name)
#define READY_CHILD(name)   child (WINDOW_CHILD ("ready_page"), COLOMBE_TYPE_READY_PAGE, name)

static const char *
visible_page (void)
{
  return gtk_stack_get_visible_child_name (WINDOW_CHILD ("pages"));
}

static void
type_account (const char *name,
              const char *address)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  gtk_editable_set_text (ACCOUNT_CHILD ("name_row"), name);
  gtk_editable_set_text (ACCOUNT_CHILD ("address_row"), address);
  gtk_editable_set_text (ACCOUNT_CHILD ("password_row"), "");
}

static gboolean
continue_enabled (void)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (ACCOUNT_CHILD ("continue_button")));
}

static const char *
password_title (void)
{
  return adw_preferences_row_get_title (ACCOUNT_CHILD ("password_row"));
}

/* Gmail, before any password: "App password", Google's sentence, the
 * button to its page; Google's own page instead, on request. */
static void
test_gmail (void)
{
  colombe_test_watchdog_arm (30);
  type_account ("Alice", "alice@gmail.com");

  g_assert_true (gtk_widget_get_visible (ACCOUNT_CHILD ("password_row")));
  g_assert_cmpstr (password_title (), ==, "App password");
  g_assert_nonnull (strstr (gtk_label_get_label (ACCOUNT_CHILD ("sign_in_label")),
                            "2-Step Verification"));
  g_assert_true (gtk_widget_get_visible (ACCOUNT_CHILD ("app_password_button")));
  g_assert_true (gtk_widget_get_visible (ACCOUNT_CHILD ("sign_in_switch_button")));
  g_assert_false (continue_enabled ());

  gtk_widget_activate_action (WINDOW_CHILD ("account_page"), "account.switch-sign-in", NULL);
  g_assert_false (gtk_widget_get_visible (ACCOUNT_CHILD ("password_row")));
  g_assert_false (gtk_widget_get_visible (ACCOUNT_CHILD ("app_password_button")));
  g_assert_true (continue_enabled ());
  g_assert_cmpuint (colombe_account_page_get_sign_in (WINDOW_CHILD ("account_page")), ==,
                    COLOMBE_SIGN_IN_OAUTH2);

  gtk_widget_activate_action (WINDOW_CHILD ("account_page"), "account.switch-sign-in", NULL);
  g_assert_cmpstr (password_title (), ==, "App password");
  g_assert_false (continue_enabled ());

  /* a domain the database does not know: the usual password */
  gtk_editable_set_text (ACCOUNT_CHILD ("address_row"), "alice@example.test");
  g_assert_cmpstr (password_title (), ==, "Password");
  g_assert_false (gtk_widget_get_visible (ACCOUNT_CHILD ("sign_in_box")));
}

/* hotmail.fr: no password field, one line, and Continue at once. */
static void
test_outlook_screen (void)
{
  colombe_test_watchdog_arm (30);
  type_account ("Zoé", "zoe@hotmail.fr");

  g_assert_false (gtk_widget_get_visible (ACCOUNT_CHILD ("password_row")));
  g_assert_nonnull (strstr (gtk_label_get_label (ACCOUNT_CHILD ("sign_in_label")),
                            "signs you in on its own page; Colombe prepares your mail programs"));
  g_assert_false (gtk_widget_get_visible (ACCOUNT_CHILD ("app_password_button")));
  g_assert_false (gtk_widget_get_visible (ACCOUNT_CHILD ("sign_in_switch_button")));
  g_assert_true (continue_enabled ());
}

static gboolean
is_done (void)
{
  return g_strcmp0 (visible_page (), "ready") == 0 || g_strcmp0 (visible_page (), "failure") == 0;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of an export target (named after it), shown or hidden. */
static gboolean
export_row_visible (const char *name)
{
  GtkWidget *row = find_named (READY_CHILD ("export_group"), name);

  g_assert_nonnull (row);
  return gtk_widget_get_visible (row);
}

static gboolean
settings_asked (void)
{
  return settings_call != NULL;
}

static gboolean
thunderbird_done (void)
{
  return g_str_equal (gtk_label_get_label (READY_CHILD ("thunderbird_label")),
                      "_Open Thunderbird");
}

/* Continue: both servers answer securely and offer OAuth2; no password
 * ever went to them; the ready page offers the three ways. */
static void
test_outlook_ready (void)
{
  g_autofree char *smtp_log = NULL;
  g_autofree char *imap_log = NULL;
  const char *panel;
  g_autoptr(GVariant) parameters = NULL;

  colombe_test_watchdog_arm (90);
  type_account ("Zoé", "zoe@hotmail.fr");
  gtk_widget_activate_action (WINDOW_CHILD ("account_page"), "account.continue", NULL);
  g_assert_true (colombe_test_ui_spin_until (is_done, 60));
  g_assert_cmpstr (visible_page (), ==, "ready");

  g_assert_nonnull (strstr (gtk_label_get_label (READY_CHILD ("summary_label")),
                            "asks you to sign in on its own page"));
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("keyring_row")));
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("qr_picture")));
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("iphone_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (READY_CHILD ("iphone_label")), "Outlook.com"));
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_box")));
  g_assert_true (export_row_visible ("thunderbird"));
  g_assert_false (export_row_visible ("msmtp"));
  g_assert_false (export_row_visible ("mobileconfig"));

  /* GNOME Online Accounts: GNOME Settings' dialog for Microsoft */
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("online_accounts_button")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-online-account", NULL);
  g_assert_true (colombe_test_ui_spin_until (settings_asked, 10));
  g_variant_get (settings_call, "(&s@av)", &panel, &parameters);
  g_assert_cmpstr (panel, ==, "online-accounts");
  g_assert_cmpuint (g_variant_n_children (parameters), ==, 2);

  /* Thunderbird: added, no password, its own sign-in said */
  g_signal_emit_by_name (READY_CHILD ("thunderbird_button"), "clicked");
  g_assert_true (colombe_test_ui_spin_until (thunderbird_done, 20));
  g_assert_nonnull (strstr (gtk_label_get_label (READY_CHILD ("thunderbird_status")),
                            "opens the provider’s page"));

  /* nothing was ever offered a password */
  imap_log = colombe_test_dovecot_dup_log (colombe_test_microsoft_get_dovecot (microsoft));
  smtp_log = colombe_test_smtpd_dup_log (colombe_test_microsoft_get_smtpd (microsoft));
  g_assert_null (strstr (imap_log, "auth failed"));
  g_assert_null (strstr (smtp_log, "AUTH"));
}

/* An account at @imap and @smtp that signs in on its provider's page */
static ColombeAccount *
oauth2_account_new (const char *imap,
                    const char *smtp)
{
  ColombeAccount *account = colombe_account_new ("Zoé", "zoe@asso-exemple.fr");
  g_autoptr(ColombeServer) incoming = colombe_server_new (COLOMBE_PROTOCOL_IMAP, imap, 993,
                                                          COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP, smtp, 465,
                                                          COLOMBE_SECURITY_TLS);

  colombe_account_set_sign_in (account, (const char *[]) { "oauth2", NULL });
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);
  return account;
}

/* A provider that signs in with OAuth2 but that neither Thunderbird nor
 * its Android app knows: the ready page offers neither, nor a QR code to
 * scan; the same page for Google's servers (an association's domain
 * served by Google) offers both. */
static void
test_unknown_oauth2_ready (void)
{
  ColombeReadyPage *ready = COLOMBE_READY_PAGE (WINDOW_CHILD ("ready_page"));
  g_autoptr(ColombeAccount) unknown = oauth2_account_new ("mail.asso-exemple.fr",
                                                          "smtp.asso-exemple.fr");
  g_autoptr(ColombeAccount) google = oauth2_account_new ("imap.gmail.com", "smtp.gmail.com");

  colombe_ready_page_set_account (ready, google);
  colombe_ready_page_set_thunderbird_profiles (ready, NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("thunderbird_box")));
  g_assert_true (gtk_widget_get_visible (READY_CHILD ("phone_group")));
  g_assert_true (export_row_visible ("k9"));

  /* the account changes, then the profiles are found again */
  colombe_ready_page_set_account (ready, unknown);
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("thunderbird_box")));
  colombe_ready_page_set_thunderbird_profiles (ready, NULL, TRUE);
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("thunderbird_box")));
  g_assert_false (gtk_widget_get_visible (READY_CHILD ("phone_group")));
  g_assert_false (export_row_visible ("thunderbird"));
  g_assert_false (export_row_visible ("autoconfig"));
  g_assert_false (export_row_visible ("k9"));
}

/* GNOME Settings, as far as the window sees it: its name on the session
 * bus and org.freedesktop.Application's ActivateAction. */
static const char settings_xml[] =
  "<node><interface name='org.freedesktop.Application'>"
  "<method name='ActivateAction'><arg type='s' direction='in'/><arg type='av' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method></interface></node>";

static void
settings_method (GDBusConnection       *connection,
                 const char            *sender,
                 const char            *path,
                 const char            *interface,
                 const char            *method,
                 GVariant              *parameters,
                 GDBusMethodInvocation *invocation,
                 gpointer               user_data)
{
  const char *action;
  g_autoptr(GVariant) arguments = NULL;

  g_variant_get (parameters, "(&s@ava{sv})", &action, &arguments, NULL);
  if (g_str_equal (action, "launch-panel") && g_variant_n_children (arguments) == 1)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (arguments, 0);

      settings_call = g_variant_get_variant (boxed);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
start_settings (void)
{
  static const GDBusInterfaceVTable vtable = { settings_method, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (settings_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (bus);
  g_dbus_connection_register_object (bus, "/org/gnome/Settings", info->interfaces[0], &vtable,
                                     NULL, NULL, &error);
  g_assert_no_error (error);
  settings_id = g_bus_own_name_on_connection (bus, "org.gnome.Settings",
                                              G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL,
                                              NULL);
  spin (200);
}

/* Microsoft's stand-ins, under its own host names. */
static void
start_world (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *root = NULL;
  g_autofree char *ini = NULL;

  world = colombe_test_world_new (COLOMBE_TEST_WORLD_MAIL);
  colombe_test_world_start_keyring (world);
  microsoft = colombe_test_microsoft_new (world->dns);
  colombe_test_world_start_names (world, "127.0.0.1", "127.0.0.1");

  /* a Thunderbird profile, for Add to Thunderbird */
  home = colombe_test_scratch_dir_new ("colombe-sign-in-home", &error);
  g_assert_no_error (error);
  sysroot = colombe_test_scratch_dir_new ("colombe-sign-in-system", &error);
  g_assert_no_error (error);
  root = g_build_filename (home, ".thunderbird", NULL);
  profile = g_build_filename (root, "t3st.default-release", NULL);
  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  ini = g_build_filename (root, "profiles.ini", NULL);
  g_assert_true (g_file_set_contents (ini, "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
                                           "[Profile0]\nName=default-release\nIsRelative=1\n"
                                           "Path=t3st.default-release\nDefault=1\n", -1, NULL));
}

static gboolean
on_open_thunderbird (void)
{
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  start_world ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  start_settings ();

  window = g_object_new (COLOMBE_TYPE_WINDOW,
                         "ca-file", colombe_test_microsoft_get_ca_file (microsoft),
                         "ispdb-url", "https://127.0.0.1:1/v1.1",
                         "thunderbird-home", home,
                         "thunderbird-sysroot", sysroot,
                         NULL);
  g_signal_connect (window, "open-thunderbird", G_CALLBACK (on_open_thunderbird), NULL);
  gtk_window_present (GTK_WINDOW (window));
  spin (200);

  g_test_add_func ("/sign-in/gmail", test_gmail);
  g_test_add_func ("/sign-in/outlook-screen", test_outlook_screen);
  g_test_add_func ("/sign-in/outlook-ready", test_outlook_ready);
  g_test_add_func ("/sign-in/unknown-oauth2-ready", test_unknown_oauth2_ready);

  status = g_test_run ();
  colombe_test_ui_destroy_window (window);
  g_bus_unown_name (settings_id);
  g_clear_pointer (&settings_call, g_variant_unref);
  colombe_test_microsoft_free (microsoft);
  colombe_test_world_free (world);
  colombe_test_scratch_dir_remove (home, NULL);
  colombe_test_scratch_dir_remove (sysroot, NULL);
  g_free (home);
  g_free (sysroot);

  return status;
}
