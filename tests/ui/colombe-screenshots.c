/* colombe-screenshots.c: the assistant walked through every screen against the fixtures,
 * each screen saved as a PNG
 *
 * Not a test: tests/ui/screenshots.sh runs it once per language and size,
 * inside netns-run.sh's namespaces and under xvfb-run, for the pictures in
 * data/screenshots/. The world is test-flow's, with the servers behind
 * delaying proxies on the standard ports of their own addresses, so that
 * the search can be caught while it runs and the settings read as a
 * volunteer would see them (993, 465), not as free test ports.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "colombe-account-page.h"
#include "colombe-certificate-dialog.h"
#include "colombe-edit-page.h"
#include "colombe-failure-page.h"
#include "colombe-ready-page.h"
#include "colombe-search-page.h"
#include "colombe-server-editor.h"
#include "colombe-test-fixtures.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

/* The shared helpers under short names. */
#define child colombe_test_ui_child
#define spin  colombe_test_ui_spin
#define spin_until colombe_test_ui_spin_until

/* One way: long enough to catch the search and the tests at work. */
#define DELAY_MS 500

#define MAIL_ADDRESS       "127.0.0.3"
#define SELFSIGNED_ADDRESS "127.0.0.4"

static ColombeTestWorld *world;
static ColombeTestMicrosoft *microsoft;
static GPtrArray *proxies;

static ColombeWindow *window;
static char *output_dir;
static char *tag;
static int width = 1024;
static int height = 768;

#define WINDOW_CHILD(name) child (window, COLOMBE_TYPE_WINDOW, name)

static const char *
visible_page (void)
{
  return gtk_stack_get_visible_child_name (WINDOW_CHILD ("pages"));
}

static gboolean
run_has_ended (void)
{
  return g_strcmp0 (visible_page (), "ready") == 0 || g_strcmp0 (visible_page (), "failure") == 0;
}

static void
wait_for_page (const char *page)
{
  spin_until (run_has_ended, 45);
  if (g_strcmp0 (visible_page (), page) != 0)
    g_error ("expected the %s page, the window shows %s", page, visible_page ());
}

/* Window and dialog, as the person sees them: the dialog centred on the
 * window, dimmed behind it as GNOME Shell dims a modal dialog's parent. */
static GskRenderNode *
window_node_new (GtkWidget *dialog)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  if (dialog != NULL)
    {
      g_autoptr(GdkPaintable) on_top = gtk_widget_paintable_new (dialog);
      int dialog_width = gtk_widget_get_width (dialog);
      int dialog_height = gtk_widget_get_height (dialog);

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.3 },
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - dialog_width) / 2,
                                                              (height - dialog_height) / 2));
      gdk_paintable_snapshot (on_top, snapshot, dialog_width, dialog_height);
    }
  return gtk_snapshot_free_to_node (snapshot);
}

/* GTK 4.8 has no gtk_widget_snapshot_to_texture(): the window's own renderer draws it. */
static void
save (const char *screen,
      GtkWidget  *dialog)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  /* Layout and drawing catch up with the last change first. */
  spin (400);
  if (gtk_widget_get_width (GTK_WIDGET (window)) != width ||
      gtk_widget_get_height (GTK_WIDGET (window)) != height)
    g_error ("the window is %d×%d, not %d×%d", gtk_widget_get_width (GTK_WIDGET (window)),
             gtk_widget_get_height (GTK_WIDGET (window)), width, height);

  node = window_node_new (dialog);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  name = g_strdup_printf ("%s-%s-%dx%d.png", screen, tag, width, height);
  path = g_build_filename (output_dir, name, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("could not write %s", path);
  g_print ("%s\n", path);
}

/* Scrolls the page so that @widget is in view, at the top if it can be. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 12);
}

/* Scrolls the page of @widget back to its top. */
static void
scroll_to_top (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            0);
}

static void
set_text (gpointer    widget,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (widget, type, name)), text);
}

static void
type_account (const char *name,
              const char *address,
              const char *password)
{
  gpointer page = WINDOW_CHILD ("account_page");

  set_text (page, COLOMBE_TYPE_ACCOUNT_PAGE, "name_row", name);
  set_text (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row", address);
  set_text (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row", password);
}

static void
submit_account (void)
{
  gpointer page = WINDOW_CHILD ("account_page");

  g_signal_emit_by_name (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "entry-activated");
  g_assert_cmpstr (visible_page (), ==, "search");
}

static gboolean
settings_are_found (void)
{
  return g_strcmp0 (visible_page (), "search") == 0 &&
         gtk_widget_get_visible (child (WINDOW_CHILD ("search_page"), COLOMBE_TYPE_SEARCH_PAGE,
                                        "found_group"));
}

static gboolean
password_is_saved (void)
{
  AdwActionRow *row = child (WINDOW_CHILD ("ready_page"), COLOMBE_TYPE_READY_PAGE, "keyring_row");

  return g_str_equal (adw_action_row_get_subtitle (row), _("The password is in the keyring."));
}

static GtkWidget *
find_certificate_dialog (void)
{
  return colombe_test_ui_find_toplevel (COLOMBE_TYPE_CERTIFICATE_DIALOG);
}

static gboolean
certificate_dialog_is_shown (void)
{
  return find_certificate_dialog () != NULL;
}

/* Out of the address field, as a person goes on to the password: the
 * address's error or suggestion shows then. */
static void
leave_address (void)
{
  gpointer page = WINDOW_CHILD ("account_page");

  gtk_widget_grab_focus (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row"));
  spin (20);
  gtk_widget_grab_focus (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"));
}

/* Screen 1, empty, then with a mistake in the address, then a mistyped
 * provider's domain and "Did you mean". */
static void
shoot_account (void)
{
  save ("account", NULL);
  type_account ("Zoé Martin", "zoe.example.test", "");
  leave_address ();
  save ("account-error", NULL);
  type_account ("Zoé Martin", "zoe.martin@gmial.com", "");
  leave_address ();
  save ("did-you-mean", NULL);
}

/* Screen 2 while the lookups run, then with the settings found and being tested. */
static void
shoot_search (void)
{
  type_account ("Zoé Martin", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  submit_account ();
  /* The unanswered names fail at once; the provider's server is still answering. */
  spin (600);
  save ("search", NULL);

  if (!spin_until (settings_are_found, 30))
    g_error ("the settings were not found while the window searched");
  save ("found", NULL);
}

/* Screen 3, the password saved; then again scrolled to the QR code. */
static void
shoot_ready (void)
{
  gpointer page = WINDOW_CHILD ("ready_page");

  wait_for_page ("ready");
  if (!spin_until (password_is_saved, 20))
    g_error ("the password did not reach the keyring");
  save ("ready", NULL);

  /* The code with its heading: "On Your Phone". */
  scroll_to (gtk_widget_get_ancestor (child (page, COLOMBE_TYPE_READY_PAGE, "qr_picture"),
                                      ADW_TYPE_PREFERENCES_GROUP));
  save ("ready-qr", NULL);
}

static gboolean
thunderbird_is_idle (void)
{
  gpointer page = WINDOW_CHILD ("ready_page");

  return gtk_widget_get_sensitive (child (page, COLOMBE_TYPE_READY_PAGE, "thunderbird_button"));
}

/* Add to Thunderbird (into the fake home's profile), then Open
 * Thunderbird; the same address again, then Thunderbird running. */
static void
shoot_thunderbird (void)
{
  gpointer page = WINDOW_CHILD ("ready_page");
  GtkWidget *button = child (page, COLOMBE_TYPE_READY_PAGE, "thunderbird_button");

  scroll_to (gtk_widget_get_ancestor (button, ADW_TYPE_PREFERENCES_GROUP));
  save ("ready-thunderbird", NULL);

  g_signal_emit_by_name (button, "clicked");
  if (!spin_until (thunderbird_is_idle, 20))
    g_error ("the account was not added to Thunderbird");
  save ("thunderbird-added", NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-to-thunderbird", NULL);
  if (!spin_until (thunderbird_is_idle, 20))
    g_error ("the account was not found in Thunderbird");
  save ("thunderbird-update", NULL);

  /* As the window says it when the profile is locked. */
  colombe_ready_page_set_thunderbird_state (page, COLOMBE_READY_THUNDERBIRD_WAITING,
                                            _("Close Thunderbird, then Colombe adds the account."));
  save ("thunderbird-waiting", NULL);
}

/* A profile with one account already, in a home of its own. */
static char *
thunderbird_home_new (void)
{
  g_autoptr(GError) error = NULL;
  char *home = colombe_test_scratch_dir_new ("colombe-screenshots-tb", &error);
  g_autofree char *root = NULL;
  g_autofree char *profile = NULL;

  g_assert_no_error (error);
  root = g_build_filename (home, ".thunderbird", NULL);
  profile = g_build_filename (root, "s3rn.default-release", NULL);
  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  g_assert_true (colombe_test_scratch_write (root, "profiles.ini",
                                             "[Profile0]\nName=default-release\nIsRelative=1\n"
                                             "Path=s3rn.default-release\nDefault=1\n", NULL));
  g_assert_true (colombe_test_scratch_write (profile, "prefs.js",
                                             "user_pref(\"mail.identity.id1.useremail\", "
                                             "\"alice@example.test\");\n", NULL));
  return home;
}

/* Open Thunderbird: none starts here. */
static gboolean
on_open_thunderbird (void)
{
  return TRUE;
}

/* The wrong password, then "Edit Settings" from there. */
static void
shoot_failure (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  type_account ("Alice Durand", COLOMBE_TEST_ALICE_LOGIN, "not-her-password");
  submit_account ();
  wait_for_page ("failure");
  save ("failure", NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  g_assert_cmpstr (visible_page (), ==, "edit");
  save ("edit", NULL);
}

/* A server with a self-signed certificate, typed in "Edit Settings". */
static void
shoot_certificate (void)
{
  gpointer incoming = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, "incoming_editor");
  GtkWidget *dialog;

  set_text (incoming, COLOMBE_TYPE_SERVER_EDITOR, "host_row", "selfsigned.example.test");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure");
  if (!spin_until (certificate_dialog_is_shown, 10))
    g_error ("no certificate dialog");

  dialog = find_certificate_dialog ();
  save ("certificate", dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
}

static void
edit_server (const char *editor_name,
             guint16     port)
{
  gpointer editor = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, editor_name);

  set_text (editor, COLOMBE_TYPE_SERVER_EDITOR, "host_row", "mail.example.test");
  adw_combo_row_set_selected (child (editor, COLOMBE_TYPE_SERVER_EDITOR, "security_row"),
                              COLOMBE_SECURITY_TLS);
  gtk_spin_button_set_value (child (editor, COLOMBE_TYPE_SERVER_EDITOR, "port_button"), port);
}

/* Gmail refuses ordinary passwords: the page points to its app passwords
 * (the longest button, in French). The test servers stand in for Gmail's. */
static void
shoot_app_password (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  type_account ("Alice Durand", "alice.durand@gmail.com", "her-usual-password");
  submit_account ();
  wait_for_page ("failure");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  edit_server ("incoming_editor", 993);
  edit_server ("outgoing_editor", 465);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure");
  if (!gtk_widget_get_visible (child (WINDOW_CHILD ("failure_page"), COLOMBE_TYPE_FAILURE_PAGE,
                                      "fix_button")))
    g_error ("no app password page offered");
  save ("failure-app-password", NULL);
}

/* Screen 1 as the provider wants it, before any password: Gmail's app
 * password, then Outlook.com without a password field; Continue, and
 * Outlook.com's ready page (its stand-in servers under Microsoft's names). */
static void
shoot_sign_in (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  type_account ("Alice Durand", "alice.durand@gmail.com", "");
  leave_address ();
  save ("account-app-password", NULL);

  type_account ("Zoé Martin", "zoe.martin@hotmail.fr", "");
  leave_address ();
  save ("account-oauth2", NULL);

  gtk_widget_activate_action (WINDOW_CHILD ("account_page"), "account.continue", NULL);
  wait_for_page ("ready");
  /* from its top, whatever the earlier shots scrolled */
  scroll_to_top (child (WINDOW_CHILD ("ready_page"), COLOMBE_TYPE_READY_PAGE, "summary_label"));
  save ("ready-oauth2", NULL);
}

/* No network (netns-run.sh's default route taken away): said at once. */
static void
shoot_offline (void)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  colombe_test_net_set_default_route (FALSE);
  while (g_network_monitor_get_network_available (monitor))
    spin (10);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  type_account ("Zoé Martin", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  submit_account ();
  wait_for_page ("failure");
  save ("offline", NULL);
  colombe_test_net_set_default_route (TRUE);
}

static void
add_proxy (const char *address,
           guint16     port,
           guint16     target_port,
           guint       delay_ms)
{
  g_autoptr(GError) error = NULL;
  ColombeTestProxy *proxy = colombe_test_proxy_new (address, port, "127.0.0.1", target_port,
                                                    delay_ms, &error);

  g_assert_no_error (error);
  g_ptr_array_add (proxies, proxy);
}

/* Before GTK starts: the keyring fixture moves HOME and the XDG folders.
 * The settings say the standard ports, where the proxies listen. */
static void
start_world (void)
{
  g_autofree char *document = colombe_test_world_dup_autoconfig (993, 465);

  world = colombe_test_world_new (COLOMBE_TEST_WORLD_SELF_SIGNED | COLOMBE_TEST_WORLD_AUTOCONFIG);
  colombe_test_world_start_keyring (world);
  colombe_test_world_start_mail (world);
  colombe_test_world_start_web (world, document);

  proxies = g_ptr_array_new_with_free_func (g_object_unref);
  add_proxy (MAIL_ADDRESS, 443, colombe_test_http_get_https_port (world->http), DELAY_MS);
  add_proxy (MAIL_ADDRESS, 993, colombe_test_dovecot_get_imaps_port (world->dovecot), DELAY_MS);
  add_proxy (MAIL_ADDRESS, 465, colombe_test_smtpd_get_submissions_port (world->smtpd), DELAY_MS);
  add_proxy (SELFSIGNED_ADDRESS, 993, colombe_test_dovecot_get_imaps_port (world->selfsigned), 0);

  microsoft = colombe_test_microsoft_new (world->dns);
  colombe_test_world_start_names (world, MAIL_ADDRESS, SELFSIGNED_ADDRESS);
}

/* The window trusts the world's CA and the Microsoft stand-ins' one. */
static char *
ca_bundle_new (const char *folder)
{
  g_autofree char *world_ca = NULL;
  g_autofree char *microsoft_ca = NULL;
  g_autofree char *both = NULL;
  char *path = g_build_filename (folder, "ca-bundle.pem", NULL);

  g_assert_true (g_file_get_contents (colombe_test_pki_get_ca_file (world->pki), &world_ca,
                                      NULL, NULL));
  g_assert_true (g_file_get_contents (colombe_test_microsoft_get_ca_file (microsoft),
                                      &microsoft_ca, NULL, NULL));
  both = g_strconcat (world_ca, microsoft_ca, NULL);
  g_assert_true (g_file_set_contents (path, both, -1, NULL));
  return path;
}

static void
stop_world (void)
{
  for (guint i = 0; i < proxies->len; i++)
    colombe_test_proxy_stop (g_ptr_array_index (proxies, i));
  g_clear_pointer (&proxies, g_ptr_array_unref);
  g_clear_pointer (&microsoft, colombe_test_microsoft_free);
  colombe_test_world_free (world);
}

/* What GNOME gives a window, which a bare X server without a settings daemon does not. */
static void
set_up_gtk (gboolean dark)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* Without a compositor GTK frames every window in resize borders, which
   * GNOME never shows: the window as on a GNOME desktop, less its shadow. */
  gtk_css_provider_load_from_data (provider, "window.solid-csd { padding: 0; box-shadow: none; }",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  g_object_set (gtk_settings_get_default (),
                "gtk-font-name", "Cantarell 11",
                "gtk-decoration-layout", "appmenu:close",
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                "gtk-xft-antialias", 1,
                "gtk-xft-hinting", 1,
                "gtk-xft-hintstyle", "hintslight",
                NULL);
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);
}

/* The window's size without what surrounds it (on X11, the invisible
 * borders to resize it by): the second try makes up the difference. */
static void
present_at_size (void)
{
  GtkWidget *widget = GTK_WIDGET (window);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);
  gtk_window_set_default_size (GTK_WINDOW (window),
                               2 * width - gtk_widget_get_width (widget),
                               2 * height - gtk_widget_get_height (widget));
  spin (300);
}

static gboolean
parse_arguments (int    *argc,
                 char ***argv,
                 gboolean *dark)
{
  g_autofree char *size = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, "Folder for the PNG files", "DIR" },
    { "tag", 't', 0, G_OPTION_ARG_STRING, &tag, "Middle of each file name (en, fr…)", "TAG" },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size, "Window size (default 1024x768)", "WxH" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, dark, "The dark style", NULL },
    { NULL }
  };

  context = g_option_context_new ("- screenshots of every screen of the assistant");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("--size: WIDTHxHEIGHT, for example 360x640\n");
      return FALSE;
    }
  if (output_dir == NULL || tag == NULL)
    {
      g_printerr ("--output and --tag are needed\n");
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("COLOMBE_LOCALEDIR");
  gboolean dark = FALSE;
  g_autofree char *thunderbird_home = NULL;
  g_autofree char *ca_bundle = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (!parse_arguments (&argc, &argv, &dark))
    return 2;
  g_mkdir_with_parents (output_dir, 0755);

  start_world ();
  gtk_init ();
  adw_init ();
  set_up_gtk (dark);

  thunderbird_home = thunderbird_home_new ();
  ca_bundle = ca_bundle_new (thunderbird_home);
  window = g_object_new (COLOMBE_TYPE_WINDOW,
                         "ca-file", ca_bundle,
                         "ispdb-url", "https://127.0.0.1:1/v1.1",
                         "thunderbird-home", thunderbird_home,
                         NULL);
  g_signal_connect (window, "open-thunderbird", G_CALLBACK (on_open_thunderbird), NULL);
  present_at_size ();

  colombe_test_watchdog_arm (240);
  shoot_account ();
  shoot_search ();
  shoot_ready ();
  shoot_thunderbird ();
  shoot_failure ();
  shoot_certificate ();
  shoot_app_password ();
  shoot_sign_in ();
  shoot_offline ();
  colombe_test_watchdog_disarm ();

  colombe_test_ui_destroy_window (window);
  stop_world ();
  colombe_test_scratch_dir_remove (thunderbird_home, NULL);
  g_free (output_dir);
  g_free (tag);
  return 0;
}
