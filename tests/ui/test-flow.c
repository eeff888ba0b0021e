/* test-flow.c: a real window, driven through the whole assistant against
 * real servers: name, address and password in, a proven account and the
 * password in the keyring out; the wrong password, the
 * manual edit, the untrusted certificate, settings that came over plain
 * http, a server without encryption and Gmail's app passwords on the way.
 *
 * Runs in netns-run.sh's namespaces (Dovecot, the SMTP server, dnsmasq,
 * the autoconfig HTTPS server and a private gnome-keyring) with an X
 * display: the filesystem socket of xvfb-run's Xvfb reaches in.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>
#include <string.h>

#include "colombe-account-page.h"
#include "colombe-certificate-dialog.h"
#include "colombe-edit-page.h"
#include "colombe-failure-page.h"
#include "colombe-keyring.h"
#include "colombe-ready-page.h"
#include "colombe-search-page.h"
#include "colombe-server-editor.h"
#include "colombe-test-fixtures.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

/* The shared helpers under short names. */
#define child colombe_test_ui_child
#define spin  colombe_test_ui_spin

static ColombeTestPki *pki;
static ColombeTestDovecot *dovecot;
static ColombeTestSmtpd *smtpd;
static ColombeTestHttp *http;
static ColombeTestDns *dns;
static ColombeTestDovecot *selfsigned;
static ColombeTestKeyring *keyring;
static ColombeWindow *window;

#define WINDOW_CHILD(name) child (window, COLOMBE_TYPE_WINDOW, name)

static const char *
visible_page (void)
{
  return gtk_stack_get_visible_child_name (WINDOW_CHILD ("pages"));
}

/* Iterates the main context until a run ends ("ready" or "failure"), then checks it is @page. */
static void
wait_for_page (const char *page,
               guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_strcmp0 (visible_page (), "ready") != 0 && g_strcmp0 (visible_page (), "failure") != 0 &&
         g_get_monotonic_time () < deadline)
    spin (10);

  g_assert_cmpstr (visible_page (), ==, page);
}

static void
set_text (gpointer    page,
          GType       type,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, type, row)), text);
}

/* Back to screen 1, then what a person types, ending with Enter. */
static void
type_account (const char *name,
              const char *address,
              const char *password)
{
  gpointer page = WINDOW_CHILD ("account_page");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  g_assert_cmpstr (visible_page (), ==, "account");
  set_text (page, COLOMBE_TYPE_ACCOUNT_PAGE, "name_row", name);
  set_text (page, COLOMBE_TYPE_ACCOUNT_PAGE, "address_row", address);
  set_text (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row", password);
  g_signal_emit_by_name (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "entry-activated");
  g_assert_cmpstr (visible_page (), ==, "search");
}

static const char *
row_subtitle (gpointer    page,
              GType       type,
              const char *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (page, type, row)));
}

static ColombeAccount *
ready_account (void)
{
  return colombe_ready_page_get_account (WINDOW_CHILD ("ready_page"));
}

static void
wait_for_keyring (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  const char *status;

  do
    {
      spin (10);
      status = row_subtitle (WINDOW_CHILD ("ready_page"), COLOMBE_TYPE_READY_PAGE, "keyring_row");
    }
  while (!g_str_equal (status, "The password is in the keyring.") &&
         g_get_monotonic_time () < deadline);

  g_assert_cmpstr (status, ==, "The password is in the keyring.");
}

typedef struct
{
  GAsyncResult *result;
} Waiting;

static void
finished (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ((Waiting *) user_data)->result = g_object_ref (result);
}

/* What another program finds in the keyring for @server. */
static char *
keyring_lookup (ColombeServer *server)
{
  Waiting waiting = { NULL };
  g_autoptr(GError) error = NULL;
  char *password;

  colombe_keyring_lookup_async (server, NULL, finished, &waiting);
  while (waiting.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  password = colombe_keyring_lookup_finish (waiting.result, &error);
  g_object_unref (waiting.result);
  g_assert_no_error (error);
  return password;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *found = find_named (widget, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Screen 3's row for @target, then what the file chooser's answer does
 * (the chooser itself is GTK's): the file is written, says where, and
 * holds the servers but not the password. */
static void
export_from_ready_page (const char *target)
{
  GtkWidget *page = WINDOW_CHILD ("ready_page");
  GtkWidget *row = find_named (page, target);
  g_autofree char *dir = g_dir_make_tmp ("colombe-flow-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "user.js", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  const char *status;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_visible (row));
  colombe_ready_page_save (COLOMBE_READY_PAGE (page), g_object_get_data (G_OBJECT (row), "exporter"),
                           file);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "mail.example.test"));
  g_assert_null (strstr (contents, COLOMBE_TEST_ZOE_PASSWORD));
  status = gtk_label_get_label (GTK_LABEL (child (page, COLOMBE_TYPE_READY_PAGE, "export_status")));
  g_assert_nonnull (strstr (status, path));

  g_remove (path);
  g_rmdir (dir);
}

static void
test_proven (void)
{
  ColombeAccount *account;
  char *password;

  colombe_test_watchdog_arm (60);
  type_account ("Zoé Volunteer", COLOMBE_TEST_ZOE_LOGIN, COLOMBE_TEST_ZOE_PASSWORD);
  wait_for_page ("ready", 45);

  /* Shown as the seed's screenshots show it, with where it came from. */
  g_assert_cmpstr (row_subtitle (WINDOW_CHILD ("search_page"), COLOMBE_TYPE_SEARCH_PAGE,
                                 "incoming_row"), ==, "IMAP, mail.example.test, SSL/TLS");
  g_assert_cmpstr (row_subtitle (WINDOW_CHILD ("search_page"), COLOMBE_TYPE_SEARCH_PAGE,
                                 "source_row"), ==, "The provider’s configuration server");

  account = ready_account ();
  g_assert_cmpint (colombe_account_get_source (account), ==, COLOMBE_SOURCE_AUTOCONFIG);
  g_assert_cmpstr (colombe_server_get_username (colombe_account_get_incoming (account)), ==,
                   COLOMBE_TEST_ZOE_LOGIN);
  g_assert_nonnull (gtk_picture_get_paintable (child (WINDOW_CHILD ("ready_page"),
                                                      COLOMBE_TYPE_READY_PAGE, "qr_picture")));

  wait_for_keyring ();
  password = keyring_lookup (colombe_account_get_incoming (account));
  g_assert_cmpstr (password, ==, COLOMBE_TEST_ZOE_PASSWORD);
  colombe_keyring_password_free (password);
  password = keyring_lookup (colombe_account_get_outgoing (account));
  g_assert_cmpstr (password, ==, COLOMBE_TEST_ZOE_PASSWORD);
  colombe_keyring_password_free (password);

  export_from_ready_page ("thunderbird");
}

static void
test_wrong_password (void)
{
  gpointer failure;
  const char *sentence;

  colombe_test_watchdog_arm (60);
  type_account ("Alice", COLOMBE_TEST_ALICE_LOGIN, "not-her-password");
  wait_for_page ("failure", 45);

  failure = WINDOW_CHILD ("failure_page");
  sentence = gtk_label_get_label (child (failure, COLOMBE_TYPE_FAILURE_PAGE, "sentence_label"));
  g_assert_nonnull (strstr (sentence, colombe_failure_kind_get_sentence (COLOMBE_FAILURE_KIND_AUTH_FAILED)));
  g_assert_cmpstr (gtk_label_get_label (child (failure, COLOMBE_TYPE_FAILURE_PAGE, "next_step_label")),
                   ==, colombe_failure_kind_get_next_step (COLOMBE_FAILURE_KIND_AUTH_FAILED));

  /* The person types the right one and tries again. */
  set_text (failure, COLOMBE_TYPE_FAILURE_PAGE, "password_row", COLOMBE_TEST_ALICE_PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL);
  wait_for_page ("ready", 45);
  wait_for_keyring ();
}

/* Edit settings: the outgoing server on STARTTLS (587-style) instead. */
static void
test_edit (void)
{
  gpointer edit;
  gpointer outgoing;
  guint16 port = colombe_test_smtpd_get_submission_port (smtpd);
  ColombeServer *server;

  colombe_test_watchdog_arm (90);
  type_account ("Bob", COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);
  wait_for_page ("ready", 45);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  g_assert_cmpstr (visible_page (), ==, "edit");
  edit = WINDOW_CHILD ("edit_page");
  outgoing = child (edit, COLOMBE_TYPE_EDIT_PAGE, "outgoing_editor");
  /* prefilled from the proven candidate */
  g_assert_cmpstr (gtk_editable_get_text (child (outgoing, COLOMBE_TYPE_SERVER_EDITOR, "host_row")),
                   ==, "mail.example.test");
  adw_combo_row_set_selected (child (outgoing, COLOMBE_TYPE_SERVER_EDITOR, "security_row"),
                              COLOMBE_SECURITY_STARTTLS);
  gtk_spin_button_set_value (child (outgoing, COLOMBE_TYPE_SERVER_EDITOR, "port_button"), port);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("ready", 45);

  server = colombe_account_get_outgoing (ready_account ());
  g_assert_cmpint (colombe_account_get_source (ready_account ()), ==, COLOMBE_SOURCE_MANUAL);
  g_assert_cmpint (colombe_server_get_security (server), ==, COLOMBE_SECURITY_STARTTLS);
  g_assert_cmpuint (colombe_server_get_port (server), ==, port);
}

/* Edit Settings is an entry point of its own: what a person types (or
 * pastes) passes the model's gate, and a refused value leaves the person
 * on the page, the row marked, nothing tested. */
static void
assert_edit_refuses (gpointer    editor,
                     const char *row,
                     const char *value)
{
  GtkWidget *entry = child (editor, COLOMBE_TYPE_SERVER_EDITOR, row);

  gtk_editable_set_text (GTK_EDITABLE (entry), value);
  g_test_message ("%s: typed, kept as %s", row,
                  g_str_equal (gtk_editable_get_text (GTK_EDITABLE (entry)), value) ? "is" : "changed");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  g_assert_cmpstr (visible_page (), ==, "edit");
  g_assert_true (gtk_widget_get_visible (child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE,
                                                "error_label")));
  g_assert_null (colombe_server_editor_dup_server (editor));
}

static void
test_edit_hostile (void)
{
  const char *hosts[] = {
    "fe80::1%x\"\nhost \"127.0.0.1\"\npasswordeval \"touch /tmp/x\"", "fe80::1%eth0",
    "mail.example.test\"; touch /tmp/x #", "$(touch x).example.test", "a`id`.example.test",
    "mail example test", "mail.example.test\x1b[31m",
  };
  const char *usernames[] = {
    "bob\"\npasswordeval \"touch /tmp/x", "bob\rx", "bob\x01", "bob\xe2\x80\xa8x",
    "moc.elpmaxe@\xe2\x80\xae" "bob", "bob\x7fx",
  };
  gpointer incoming;
  g_autoptr(ColombeServer) server = NULL;

  colombe_test_watchdog_arm (90);
  type_account ("Bob", COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);
  wait_for_page ("ready", 45);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  incoming = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, "incoming_editor");

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    assert_edit_refuses (incoming, "host_row", hosts[i]);
  set_text (incoming, COLOMBE_TYPE_SERVER_EDITOR, "host_row", "mail.example.test");
  for (guint i = 0; i < G_N_ELEMENTS (usernames); i++)
    assert_edit_refuses (incoming, "username_row", usernames[i]);

  /* What the gate takes goes through, an international name as the DNS has it. */
  set_text (incoming, COLOMBE_TYPE_SERVER_EDITOR, "username_row", "bob \"o'b\" $(x) `y`");
  set_text (incoming, COLOMBE_TYPE_SERVER_EDITOR, "host_row", "courriel.exemple-été.test");
  server = colombe_server_editor_dup_server (incoming);
  g_assert_nonnull (server);
  g_assert_cmpstr (colombe_server_get_host (server), ==, "courriel.xn--exemple-t-i4ab.test");
  g_assert_cmpstr (colombe_server_get_username (server), ==, "bob \"o'b\" $(x) `y`");
  g_assert_false (gtk_widget_has_css_class (child (incoming, COLOMBE_TYPE_SERVER_EDITOR, "host_row"),
                                            "error"));
}

/* The visible dialog of exactly @type among the toplevels. */
static AdwMessageDialog *
wait_for_dialog (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 45 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

          if (G_OBJECT_TYPE (toplevel) == type && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
            return ADW_MESSAGE_DIALOG (toplevel);
        }
      spin (10);
    }

  g_assert_not_reached ();
}

/* The self-signed Dovecot, typed by hand: the dialog, "Trust", proven. */
static void
test_certificate (void)
{
  gpointer incoming;
  AdwMessageDialog *dialog;
  g_autofree char *trusted = NULL;
  guint16 port = colombe_test_dovecot_get_imaps_port (selfsigned);

  colombe_test_watchdog_arm (90);
  type_account ("Alice", COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  wait_for_page ("ready", 45);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  incoming = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, "incoming_editor");
  set_text (incoming, COLOMBE_TYPE_SERVER_EDITOR, "host_row", "selfsigned.example.test");
  gtk_spin_button_set_value (child (incoming, COLOMBE_TYPE_SERVER_EDITOR, "port_button"), port);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure", 45);

  dialog = wait_for_dialog (COLOMBE_TYPE_CERTIFICATE_DIALOG);
  g_assert_cmpuint (strlen (row_subtitle (dialog, COLOMBE_TYPE_CERTIFICATE_DIALOG,
                                          "fingerprint_row")), ==, 64 + 15);
  g_assert_cmpstr (row_subtitle (dialog, COLOMBE_TYPE_CERTIFICATE_DIALOG, "server_row"), !=, "");
  adw_message_dialog_response (dialog, "trust");
  wait_for_page ("ready", 45);

  /* Saved for that host and port only. */
  trusted = colombe_trust_lookup (colombe_trust_get_default (), "selfsigned.example.test", port);
  g_assert_nonnull (trusted);
  g_assert_null (colombe_trust_lookup (colombe_trust_get_default (), "selfsigned.example.test",
                                       port + 1));
}

static gpointer
failure_child (const char *name)
{
  return child (WINDOW_CHILD ("failure_page"), COLOMBE_TYPE_FAILURE_PAGE, name);
}

static gboolean
failure_says (ColombeFailureKind kind)
{
  return strstr (gtk_label_get_label (failure_child ("sentence_label")),
                 colombe_failure_kind_get_sentence (kind)) != NULL;
}

/* As a click on the button: the answer, then the dialog goes. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Settings that came over plain http: the password waits for a yes. */
static void
test_consent (void)
{
  AdwMessageDialog *dialog;
  g_autofree char *log_before = colombe_test_dovecot_dup_log (dovecot);
  g_autofree char *log_after = NULL;
  gpointer incoming;

  colombe_test_watchdog_arm (120);
  type_account ("Bob", "bob@forged.test", COLOMBE_TEST_BOB_PASSWORD);
  dialog = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Send Your Password to These Servers?");
  g_assert_cmpstr (visible_page (), ==, "search");
  answer (dialog, "edit");
  g_assert_cmpstr (visible_page (), ==, "edit");
  incoming = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, "incoming_editor");
  g_assert_cmpstr (gtk_editable_get_text (child (incoming, COLOMBE_TYPE_SERVER_EDITOR, "host_row")),
                   ==, "mail.example.test");

  /* Again, and this time the person says yes. */
  type_account ("Bob", "bob@forged.test", COLOMBE_TEST_BOB_PASSWORD);
  dialog = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG);
  log_after = colombe_test_dovecot_dup_log (dovecot);
  g_assert_null (strstr (log_after + strlen (log_before), "user=<bob"));
  answer (dialog, "send");
  wait_for_page ("ready", 45);
  g_assert_cmpint (colombe_account_get_source (ready_account ()), ==, COLOMBE_SOURCE_AUTOCONFIG_HTTP);
  wait_for_keyring ();
}

/* The IMAP port without encryption: refused, the warning, consent, proven;
 * Dovecot sees the login only after the yes. */
static void
test_plaintext (void)
{
  gpointer incoming;
  AdwMessageDialog *dialog;
  g_autofree char *log_before = NULL;
  g_autofree char *log_after = NULL;
  guint16 port = colombe_test_dovecot_get_imap_port (dovecot);

  colombe_test_watchdog_arm (120);
  type_account ("Bob", COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);
  wait_for_page ("ready", 45);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  incoming = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, "incoming_editor");
  adw_combo_row_set_selected (child (incoming, COLOMBE_TYPE_SERVER_EDITOR, "security_row"),
                              COLOMBE_SECURITY_NONE);
  gtk_spin_button_set_value (child (incoming, COLOMBE_TYPE_SERVER_EDITOR, "port_button"), port);
  log_before = colombe_test_dovecot_dup_log (dovecot);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure", 45);

  g_assert_true (failure_says (COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED));
  g_assert_true (gtk_widget_get_visible (failure_child ("fix_button")));
  g_assert_cmpstr (gtk_label_get_label (failure_child ("fix_label")), ==, "Send _Without Encryption…");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.fix", NULL);
  dialog = wait_for_dialog (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Send Your Password Without Encryption?");
  log_after = colombe_test_dovecot_dup_log (dovecot);
  g_assert_null (strstr (log_after + strlen (log_before), "user=<bob"));
  answer (dialog, "send");
  wait_for_page ("ready", 45);

  g_assert_cmpint (colombe_server_get_security (colombe_account_get_incoming (ready_account ())),
                   ==, COLOMBE_SECURITY_NONE);
  g_free (log_after);
  log_after = colombe_test_dovecot_dup_log (dovecot);
  g_assert_nonnull (strstr (log_after + strlen (log_before), "Login: user=<bob"));
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

/* Gmail refuses ordinary passwords (the built-in database says so): a
 * refused login points to its app password page. Nothing is opened. */
static void
test_app_password (void)
{
  const char *uri;

  colombe_test_watchdog_arm (120);
  type_account ("Alice", "alice@gmail.com", "her-usual-password");
  wait_for_page ("failure", 45);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  g_assert_cmpstr (visible_page (), ==, "edit");
  edit_server ("incoming_editor", colombe_test_dovecot_get_imaps_port (dovecot));
  edit_server ("outgoing_editor", colombe_test_smtpd_get_submissions_port (smtpd));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.test-again", NULL);
  wait_for_page ("failure", 45);

  g_assert_true (failure_says (COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED));
  g_assert_true (gtk_widget_get_visible (failure_child ("fix_button")));
  g_assert_cmpstr (gtk_label_get_label (failure_child ("fix_label")), ==,
                   "Open the _App Password Page");
  uri = gtk_widget_get_tooltip_text (failure_child ("fix_button"));
  g_assert_nonnull (uri);
  g_assert_true (g_str_has_prefix (uri, "https://myaccount.google.com/"));
}

static char *
autoconfig_document (void)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\"><emailProvider id=\"example.test\">"
    "<domain>example.test</domain>"
    "<incomingServer type=\"imap\"><hostname>mail.example.test</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>mail.example.test</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>\n",
    colombe_test_dovecot_get_imaps_port (dovecot),
    colombe_test_smtpd_get_submissions_port (smtpd));
}

/* forged.test's settings, at Bob's servers: the same document, answered
 * over plain http only (the https certificate does not name the host). */
static char *
forged_document (void)
{
  g_autofree char *document = autoconfig_document ();
  g_autoptr(GString) forged = g_string_new (document);

  g_string_replace (forged, "<domain>example.test</domain>", "<domain>forged.test</domain>", 0);
  g_string_replace (forged, "%EMAILADDRESS%", COLOMBE_TEST_BOB_LOGIN, 0);
  return g_string_free (g_steal_pointer (&forged), FALSE);
}

/* Before GTK starts: the keyring fixture moves HOME and the XDG folders,
 * which GLib reads once (the trust file must land in the scratch folder). */
static void
start_world (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);
  /* The keyring daemon is kept off the display; the window needs it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  pki = colombe_test_pki_get_default (&error);
  g_assert_no_error (error);
  dovecot = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);
  smtpd = colombe_test_smtpd_new (pki);
  colombe_test_smtpd_start (smtpd, &error);
  g_assert_no_error (error);
  selfsigned = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_set_certificate (selfsigned, COLOMBE_TEST_CERT_SELF_SIGNED);
  colombe_test_dovecot_start (selfsigned, &error);
  g_assert_no_error (error);

  document = autoconfig_document ();
  http = colombe_test_http_new (pki);
  colombe_test_http_set_ports (http, 443, 80);
  colombe_test_http_add_text (http, "autoconfig.example.test", "/mail/config-v1.1.xml",
                              "text/xml", document);
  forged = forged_document ();
  colombe_test_http_add_text (http, "autoconfig.forged.test", "/mail/config-v1.1.xml",
                              "text/xml", forged);
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  dns = colombe_test_dns_new ();
  colombe_test_dns_add_address (dns, "mail.example.test", "127.0.0.1");
  colombe_test_dns_add_address (dns, "autoconfig.example.test", "127.0.0.1");
  colombe_test_dns_add_address (dns, "selfsigned.example.test", "127.0.0.1");
  colombe_test_dns_add_address (dns, "autoconfig.forged.test", "127.0.0.1");
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);
}

static void
stop_world (void)
{
  colombe_test_dns_stop (dns, NULL);
  colombe_test_http_stop (http);
  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  colombe_test_dovecot_stop (selfsigned, NULL);
  colombe_test_keyring_stop (keyring, NULL);
  g_clear_object (&keyring);
  g_clear_object (&selfsigned);
  g_clear_object (&dns);
  g_clear_object (&http);
  g_clear_object (&smtpd);
  g_clear_object (&dovecot);
}

/* Every message of the run, debug ones included, kept to be searched:
 * the window must never log a password. */
static GString *messages;
static GMutex messages_lock;

static GLogWriterOutput
keep_message (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  g_mutex_lock (&messages_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_string_append_printf (messages, "%s\n", (const char *) fields[i].value);
  g_mutex_unlock (&messages_lock);

  /* the usual output, but not the flood of debug messages */
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
tree_holds (const char *dir,
            const char *skip,
            const char *needle)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_strcmp0 (path, skip) == 0 || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_holds (path, skip, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               g_strstr_len (contents, length, needle) != NULL)
        {
          g_test_message ("%s holds a password", path);
          return TRUE;
        }
    }

  return FALSE;
}

/* Last: after every path above, no password typed in the window is in a
 * message (G_MESSAGES_DEBUG=all) nor in a file of the home folder (but
 * the keyring's own, encrypted). */
static void
test_no_password_elsewhere (void)
{
  const char *passwords[] = { COLOMBE_TEST_ZOE_PASSWORD, COLOMBE_TEST_ALICE_PASSWORD,
                              COLOMBE_TEST_BOB_PASSWORD };

  g_mutex_lock (&messages_lock);
  /* the debug messages were there to be searched (the discovery's own) */
  g_assert_nonnull (strstr (messages->str, "answered after"));
  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    g_assert_null (strstr (messages->str, passwords[i]));
  g_mutex_unlock (&messages_lock);

  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    g_assert_false (tree_holds (g_getenv ("HOME"), colombe_test_keyring_get_keyrings_dir (keyring),
                                passwords[i]));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  messages = g_string_new (NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (keep_message, NULL, NULL);
  start_world ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (g_str_has_prefix (colombe_trust_get_path (colombe_trust_get_default ()),
                                   g_getenv ("XDG_CONFIG_HOME")));

  /* As `colombe --ca-file CA --ispdb-url URL` would make it. */
  window = g_object_new (COLOMBE_TYPE_WINDOW,
                         "ca-file", colombe_test_pki_get_ca_file (pki),
                         "ispdb-url", "https://127.0.0.1:1/v1.1",
                         NULL);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/flow/proven", test_proven);
  g_test_add_func ("/flow/wrong-password", test_wrong_password);
  g_test_add_func ("/flow/edit", test_edit);
  g_test_add_func ("/flow/edit-hostile", test_edit_hostile);
  g_test_add_func ("/flow/certificate", test_certificate);
  g_test_add_func ("/flow/consent", test_consent);
  g_test_add_func ("/flow/plaintext", test_plaintext);
  g_test_add_func ("/flow/app-password", test_app_password);
  g_test_add_func ("/flow/no-password-elsewhere", test_no_password_elsewhere);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  stop_world ();

  return status;
}
