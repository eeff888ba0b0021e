/* test-phone-width.c: every page and state of the window fits a 360 px phone,
 * with GNOME's font and with DejaVu
 *
 * The window walked through every state against test-flow's world (in
 * netns-run.sh's namespaces, the X display reached through its socket):
 * screen 1 empty, with an address error, with "Did you mean"; the search
 * running and the settings found; the ready page, scrolled to the QR code,
 * with two Thunderbird profiles to choose from, and Add to Thunderbird's
 * waiting, update and done states; the failure page after each way a test
 * fails (and the text of every failure kind), offline, with no settings;
 * Edit Settings; the certificate dialog. In each, for each font, the
 * minimum width the window asks for, and that of the page itself, must be
 * at most 360 px: a label that does not wrap, a button that does not,
 * anything of a fixed width shows here.
 *
 * The language is the environment's: meson runs it once with LANGUAGE=en and
 * once with LANGUAGE=fr and the build tree's translations (COLOMBE_LOCALEDIR).
 * One TAP line per state and font.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <pango/pangocairo.h>

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

#define child colombe_test_ui_child
#define spin  colombe_test_ui_spin
#define spin_until colombe_test_ui_spin_until

/* A phone held upright (the Librem 5, the PinePhone): DESIGN.md's floor. */
#define PHONE_WIDTH 360

static ColombeTestWorld *world;
static ColombeWindow *window;

#define WINDOW_CHILD(name) child (window, COLOMBE_TYPE_WINDOW, name)
#define ACCOUNT_CHILD(name) child (WINDOW_CHILD ("account_page"), COLOMBE_TYPE_ACCOUNT_PAGE, name)

/* GNOME's interface font and the one Debian falls back to without it. */
typedef struct
{
  const char *setting;  /* gtk-font-name */
  const char *family;   /* what fontconfig must have for it */
  const char *path;     /* in the test's name */
} Font;

static const Font fonts[] = {
  { "Cantarell 11", "Cantarell", "cantarell-11" },
  { "DejaVu Sans 10", "DejaVu Sans", "dejavu-10" },
  { "DejaVu Sans 11", "DejaVu Sans", "dejavu-11" },
};

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
  g_assert_cmpstr (visible_page (), ==, page);
}

static void
set_text (gpointer    widget,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (widget, type, name)), text);
}

/* Screen 1 filled in, the address left as a person leaves it (errors and
 * suggestions show then). */
static void
fill_account (const char *name,
              const char *address,
              const char *password)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  g_assert_cmpstr (visible_page (), ==, "account");
  gtk_editable_set_text (ACCOUNT_CHILD ("name_row"), name);
  gtk_editable_set_text (ACCOUNT_CHILD ("address_row"), address);
  gtk_editable_set_text (ACCOUNT_CHILD ("password_row"), password);
  gtk_widget_grab_focus (ACCOUNT_CHILD ("address_row"));
  spin (20);
  gtk_widget_grab_focus (ACCOUNT_CHILD ("password_row"));
  spin (20);
}

static void
submit_account (const char *name,
                const char *address,
                const char *password)
{
  fill_account (name, address, password);
  g_signal_emit_by_name (ACCOUNT_CHILD ("password_row"), "entry-activated");
  g_assert_cmpstr (visible_page (), ==, "search");
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

static void
edit_server (const char          *editor_name,
             const char          *host,
             ColombeSecurity      security,
             guint16              port)
{
  gpointer editor = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, editor_name);

  set_text (editor, COLOMBE_TYPE_SERVER_EDITOR, "host_row", host);
  adw_combo_row_set_selected (child (editor, COLOMBE_TYPE_SERVER_EDITOR, "security_row"), security);
  gtk_spin_button_set_value (child (editor, COLOMBE_TYPE_SERVER_EDITOR, "port_button"), port);
}

/* The states, in the order the walk reaches them: each step starts from
 * where the one before left the window. */

static void
reach_account (void)
{
  g_assert_cmpstr (visible_page (), ==, "account");
}

static void
reach_account_error (void)
{
  fill_account ("Zoé Martin", "zoe.example.test", "");
  g_assert_true (gtk_widget_get_visible (ACCOUNT_CHILD ("address_error")));
}

static void
reach_did_you_mean (void)
{
  fill_account ("Bénévole", "benevole@gmial.com", "secret");
  g_assert_true (gtk_widget_get_visible (ACCOUNT_CHILD ("suggestion_box")));
}

/* Gmail: the app password's sentence and buttons, before any password. */
static void
reach_account_app_password (void)
{
  fill_account ("Alice Durand", "alice.durand@gmail.com", "");
  g_assert_true (gtk_widget_get_visible (ACCOUNT_CHILD ("app_password_button")));
}

/* Outlook.com: no password field, one line. */
static void
reach_account_oauth2 (void)
{
  fill_account ("Zoé Martin", "zoe.martin@hotmail.fr", "");
  g_assert_false (gtk_widget_get_visible (ACCOUNT_CHILD ("password_row")));
}

static void
reach_search (void)
{
  submit_account ("Zoé Martin", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
}

/* The search page as the run left it: the settings found, tested. */
static void
reach_found (void)
{
  wait_for_page ("ready");
  gtk_stack_set_visible_child_name (WINDOW_CHILD ("pages"), "search");
  g_assert_true (gtk_widget_get_visible (child (WINDOW_CHILD ("search_page"),
                                                COLOMBE_TYPE_SEARCH_PAGE, "found_group")));
}

static void
reach_ready (void)
{
  gpointer ready = WINDOW_CHILD ("ready_page");
  AdwComboRow *row = child (ready, COLOMBE_TYPE_READY_PAGE, "thunderbird_profile_row");
  GtkStringList *names = GTK_STRING_LIST (adw_combo_row_get_model (row));

  gtk_stack_set_visible_child_name (WINDOW_CHILD ("pages"), "ready");
  /* The profiles' list (the default first) and Add to Thunderbird are measured too. */
  g_assert_true (gtk_widget_get_visible (child (ready, COLOMBE_TYPE_READY_PAGE,
                                                "thunderbird_profile_list")));
  g_assert_cmpstr (gtk_string_list_get_string (names, 0), ==, "default-release");
  g_assert_true (gtk_widget_get_visible (child (ready, COLOMBE_TYPE_READY_PAGE, "thunderbird_box")));
}

/* The Thunderbird states as the window sets them, with its words. */
static void
reach_thunderbird (ColombeReadyThunderbird  state,
                   const char              *status)
{
  gtk_stack_set_visible_child_name (WINDOW_CHILD ("pages"), "ready");
  colombe_ready_page_set_thunderbird_state (WINDOW_CHILD ("ready_page"), state, status);
}

static void
reach_thunderbird_waiting (void)
{
  reach_thunderbird (COLOMBE_READY_THUNDERBIRD_WAITING,
                     _("Close Thunderbird, then Colombe adds the account."));
}

static void
reach_thunderbird_update (void)
{
  g_autofree char *status = g_strdup_printf (_("Thunderbird already has an account for %s. "
                                               "Colombe can update its servers instead of "
                                               "adding it twice."),
                                             COLOMBE_TEST_ZOE_LOGIN);

  reach_thunderbird (COLOMBE_READY_THUNDERBIRD_UPDATE, status);
}

static void
reach_thunderbird_open (void)
{
  reach_thunderbird (COLOMBE_READY_THUNDERBIRD_OPEN,
                     _("The account is in Thunderbird. Colombe could not store the password "
                       "there: Thunderbird will ask for your password once."));
}

static void
reach_failure_auth (void)
{
  submit_account ("Alice Durand", COLOMBE_TEST_ALICE_LOGIN, "not-her-password");
  wait_for_page ("failure");
}

static void
reach_edit (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  g_assert_cmpstr (visible_page (), ==, "edit");
}

static void
reach_certificate (void)
{
  gpointer incoming = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, "incoming_editor");

  set_text (incoming, COLOMBE_TYPE_SERVER_EDITOR, "host_row", "selfsigned.example.test");
  gtk_spin_button_set_value (child (incoming, COLOMBE_TYPE_SERVER_EDITOR, "port_button"),
                             colombe_test_dovecot_get_imaps_port (world->selfsigned));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure");
  g_assert_true (spin_until (certificate_dialog_is_shown, 10));
}

/* The failure page behind the dialog, with its "Check the Certificate…". */
static void
reach_failure_certificate (void)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_certificate_dialog ()), "cancel");
  spin (50);
  g_assert_cmpstr (visible_page (), ==, "failure");
}

static void
reach_failure_plaintext (void)
{
  reach_edit ();
  edit_server ("incoming_editor", "mail.example.test", COLOMBE_SECURITY_NONE,
               colombe_test_dovecot_get_imap_port (world->dovecot));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure");
  g_assert_true (gtk_widget_get_visible (child (WINDOW_CHILD ("failure_page"),
                                                COLOMBE_TYPE_FAILURE_PAGE, "fix_button")));
}

/* Gmail refuses ordinary passwords: "Open the App Password Page". */
static void
reach_failure_app_password (void)
{
  submit_account ("Alice", "alice@gmail.com", "her-usual-password");
  wait_for_page ("failure");
  reach_edit ();
  edit_server ("incoming_editor", "mail.example.test", COLOMBE_SECURITY_TLS,
               colombe_test_dovecot_get_imaps_port (world->dovecot));
  edit_server ("outgoing_editor", "mail.example.test", COLOMBE_SECURITY_TLS,
               colombe_test_smtpd_get_submissions_port (world->smtpd));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure");
  g_assert_true (gtk_widget_get_visible (child (WINDOW_CHILD ("failure_page"),
                                                COLOMBE_TYPE_FAILURE_PAGE, "fix_button")));
}

/* The sentence and next step of every kind, on the page as a test leaves it. */
static void
reach_failure_every_kind (void)
{
  gpointer failure = WINDOW_CHILD ("failure_page");
  g_autoptr(GString) sentences = g_string_new (NULL);
  g_autoptr(GString) next_steps = g_string_new (NULL);

  for (ColombeFailureKind kind = COLOMBE_FAILURE_KIND_HOST_NOT_FOUND;
       kind <= COLOMBE_FAILURE_KIND_PROTOCOL_ERROR; kind++)
    {
      g_string_append_printf (sentences, "%s\n", colombe_failure_kind_get_sentence (kind));
      g_string_append_printf (next_steps, "%s\n", colombe_failure_kind_get_next_step (kind));
    }
  colombe_failure_page_show_message (failure, "dialog-warning-symbolic", _("The Test Did Not Work"),
                                     sentences->str, next_steps->str);
}

static void
reach_failure_not_found (void)
{
  submit_account ("Zoé", "zoe@nothing-here.test", "secret");
  wait_for_page ("failure");
}

/* No route out: GIO's network monitor says so, the window at once. */
static void
reach_failure_offline (void)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  colombe_test_net_set_default_route (FALSE);
  while (g_network_monitor_get_network_available (monitor))
    spin (10);
  submit_account ("Zoé", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  wait_for_page ("failure");
  colombe_test_net_set_default_route (TRUE);
}

#define THUNDERBIRD_PROFILES \
  "[Profile1]\nName=Association des Colombes voyageuses\nIsRelative=1\nPath=b.assoc\n\n" \
  "[Profile0]\nName=default-release\nIsRelative=1\nPath=a.default-release\nDefault=1\n"

typedef struct
{
  const char *name;
  void      (*reach) (void);
  gboolean    dialog;  /* the certificate dialog is measured, not the page */
} State;

static const State states[] = {
  { "account", reach_account },
  { "account-error", reach_account_error },
  { "did-you-mean", reach_did_you_mean },
  { "account-app-password", reach_account_app_password },
  { "account-oauth2", reach_account_oauth2 },
  { "search", reach_search },
  { "found", reach_found },
  { "ready", reach_ready },
  { "thunderbird-waiting", reach_thunderbird_waiting },
  { "thunderbird-update", reach_thunderbird_update },
  { "thunderbird-open", reach_thunderbird_open },
  { "failure-auth", reach_failure_auth },
  { "edit", reach_edit },
  { "certificate", reach_certificate, TRUE },
  { "failure-certificate", reach_failure_certificate },
  { "failure-plaintext", reach_failure_plaintext },
  { "failure-app-password", reach_failure_app_password },
  { "failure-every-kind", reach_failure_every_kind },
  { "failure-not-found", reach_failure_not_found },
  { "failure-offline", reach_failure_offline },
};

typedef struct
{
  const State *state;
  const Font  *font;
} Check;

/* The font the settings name is the one drawn: fontconfig has it, and
 * did not fall back to another. */
static void
assert_font_installed (const Font *font)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  g_autoptr(GObject) context = G_OBJECT (pango_font_map_create_context (map));
  g_autoptr(PangoFontDescription) wanted = pango_font_description_from_string (font->setting);
  g_autoptr(PangoFont) loaded = pango_font_map_load_font (map, PANGO_CONTEXT (context), wanted);
  g_autoptr(PangoFontDescription) got = pango_font_describe (loaded);

  if (g_strcmp0 (pango_font_description_get_family (got), font->family) != 0)
    g_error ("“%s” is drawn with %s: install the font (tests/install-deps.sh test)",
             font->setting, pango_font_description_get_family (got));
}

static int
minimum_width (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  return minimum;
}

static void
measure (gconstpointer data)
{
  const Check *check = data;
  GtkWidget *measured;
  GtkWidget *page;

  /* Reached once, with the first font; the others are measured where it is. */
  if (check->font == &fonts[0])
    {
      colombe_test_watchdog_arm (90);
      check->state->reach ();
    }
  g_object_set (gtk_settings_get_default (), "gtk-font-name", check->font->setting, NULL);
  spin (50);

  measured = check->state->dialog ? find_certificate_dialog () : GTK_WIDGET (window);
  page = check->state->dialog ? measured
                              : gtk_stack_get_visible_child (WINDOW_CHILD ("pages"));
  g_assert_nonnull (measured);
  g_test_message ("%s, %s: the window needs %d px, the page %d px", check->state->name,
                  check->font->setting, minimum_width (measured), minimum_width (page));
  g_assert_cmpint (minimum_width (page), <=, PHONE_WIDTH);
  g_assert_cmpint (minimum_width (measured), <=, PHONE_WIDTH);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("COLOMBE_LOCALEDIR");
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func (g_free);
  const char *thunderbird_profiles[] = { "a.default-release", "b.assoc" };
  g_autofree char *thunderbird_home = NULL;
  g_autofree char *thunderbird_root = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  language = language != NULL && *language != '\0' ? language : "en";
  /* French asked for is French measured, not English by a missing catalogue. */
  if (g_str_has_prefix (language, "fr"))
    g_assert_cmpstr (_("_Try Again"), !=, "_Try Again");

  /* before GTK: the keyring fixture moves HOME and the XDG folders */
  world = colombe_test_world_new (COLOMBE_TEST_WORLD_SELF_SIGNED | COLOMBE_TEST_WORLD_AUTOCONFIG);
  colombe_test_world_start (world);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Many checks, each worth seeing: a failure marks it and the walk goes on. */
  g_test_set_nonfatal_assertions ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  for (gsize f = 0; f < G_N_ELEMENTS (fonts); f++)
    assert_font_installed (&fonts[f]);

  /* Two Thunderbird profiles: the ready page shows the list and the button. */
  thunderbird_home = colombe_test_scratch_dir_new ("colombe-phone-tb", NULL);
  g_assert_nonnull (thunderbird_home);
  thunderbird_root = g_build_filename (thunderbird_home, ".thunderbird", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (thunderbird_profiles); i++)
    {
      g_autofree char *profile = g_build_filename (thunderbird_root, thunderbird_profiles[i],
                                                   NULL);

      g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
    }
  g_assert_true (colombe_test_scratch_write (thunderbird_root, "profiles.ini",
                                             THUNDERBIRD_PROFILES, NULL));

  window = g_object_new (COLOMBE_TYPE_WINDOW,
                         "ca-file", colombe_test_pki_get_ca_file (world->pki),
                         "ispdb-url", "https://127.0.0.1:1/v1.1",
                         "thunderbird-home", thunderbird_home,
                         NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), PHONE_WIDTH, 640);
  gtk_window_present (GTK_WINDOW (window));

  for (gsize s = 0; s < G_N_ELEMENTS (states); s++)
    for (gsize f = 0; f < G_N_ELEMENTS (fonts); f++)
      {
        Check *check = g_new (Check, 1);
        g_autofree char *path = g_strdup_printf ("/phone-width/%s/%s/%s", language,
                                                 states[s].name, fonts[f].path);

        check->state = &states[s];
        check->font = &fonts[f];
        g_ptr_array_add (checks, check);
        g_test_add_data_func (path, check, measure);
      }

  status = g_test_run ();
  colombe_test_watchdog_disarm ();
  colombe_test_ui_destroy_window (window);
  colombe_test_world_free (world);
  colombe_test_scratch_dir_remove (thunderbird_home, NULL);
  return status;
}
