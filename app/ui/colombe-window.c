/* colombe-window.c: the assistant's window: the pages, and the engine behind them
 *
 * The window runs the same chain as `colombe test`: discovery, then the
 * verifier, then the keyring; the pages only show and ask. One
 * GCancellable covers whatever runs; a new step replaces it. While the
 * search runs, a speculation connects to the likely servers, and the
 * verifier that follows logs in on those connections.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-window"

#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n.h>
#include <string.h>

#include "colombe-account-page.h"
#include "colombe-certificate-dialog.h"
#include "colombe-discovery.h"
#include "colombe-edit-page.h"
#include "colombe-exporter.h"
#include "colombe-failure-page.h"
#include "colombe-keyring.h"
#include "colombe-ready-page.h"
#include "colombe-search-page.h"
#include "colombe-speculation.h"
#include "colombe-secret.h"
#include "colombe-thunderbird-account.h"
#include "colombe-thunderbird-logins.h"
#include "colombe-thunderbird-profile.h"
#include "colombe-tls-database.h"
#include "colombe-verifier.h"
#include "colombe-window.h"

/* What the failure page's first button does. */
typedef enum
{
  FIX_NONE,
  FIX_HELP_PAGE,
  FIX_CERTIFICATE,
  FIX_PLAINTEXT,
} Fix;

struct _ColombeWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *pages;
  GtkWidget            *back_button;
  ColombeAccountPage   *account_page;
  ColombeSearchPage    *search_page;
  ColombeFailurePage   *failure_page;
  ColombeEditPage      *edit_page;
  ColombeReadyPage     *ready_page;

  char                 *ca_file;
  char                 *ispdb_url;
  GTlsDatabase         *tls_database;

  GCancellable         *cancellable;
  ColombeDiscovery     *discovery;
  ColombeSpeculation   *speculation; /* until the verifier takes it */
  ColombeVerifier      *verifier;
  GPtrArray            *candidates;
  ColombeAccount       *placeholder;
  ColombeAddress       *address;
  char                 *name;
  char                 *password;
  /* how the person signs in, as screen 1 asked (OAuth2: no password) */
  ColombeSignIn         sign_in;

  gboolean              offline;    /* the failure page says so; the network's return retries */
  Fix                   fix;
  ColombeServer        *fix_server;
  const ColombeVerifyResult *fix_result;

  /* The page Escape goes back to from Edit Settings. */
  const char           *edit_return;
  /* The last thing the person pressed was a key, not a pointer button. */
  gboolean              keyboard_mode;

  GSettings            *settings;

  /* Add to Thunderbird: where its profiles are looked for (NULL: the
   * home folder) and its packages (NULL: "/"), where a first profile
   * would be made (none found), what runs, and the wait for it to close. */
  char                 *thunderbird_home;
  char                 *thunderbird_sysroot;
  char                 *thunderbird_root;
  GCancellable         *thunderbird_cancellable;
  guint                 thunderbird_poll_id;
  char                 *thunderbird_path;
  gboolean              thunderbird_is_default;
  gboolean              thunderbird_replace;
};

G_DEFINE_FINAL_TYPE (ColombeWindow, colombe_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CA_FILE,
  PROP_ISPDB_URL,
  PROP_THUNDERBIRD_HOME,
  PROP_THUNDERBIRD_SYSROOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_OPEN_THUNDERBIRD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void colombe_window_find_thunderbird (ColombeWindow *self);
static void colombe_window_stop_thunderbird (ColombeWindow *self);

static void colombe_window_verify (ColombeWindow *self,
                                   GPtrArray     *candidates,
                                   gboolean       allow_plaintext);

static void
colombe_window_set_password (ColombeWindow *self,
                             const char    *password)
{
  colombe_secret_free (self->password);
  self->password = g_strdup (password);
}

static void
colombe_window_drop_speculation (ColombeWindow *self)
{
  if (self->speculation != NULL)
    colombe_speculation_close (self->speculation);
  g_clear_object (&self->speculation);
}

/* Stops whatever runs and hands out the cancellable of the next step. */
static GCancellable *
colombe_window_renew_cancellable (ColombeWindow *self)
{
  colombe_window_drop_speculation (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->offline = FALSE;
  return self->cancellable;
}

static void
colombe_window_show_page (ColombeWindow *self,
                          const char    *name)
{
  gtk_stack_set_visible_child_name (self->pages, name);
}

/* Where the person acts next; elsewhere the page's first control. */
static void
colombe_window_focus_page (ColombeWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->pages);

  if (page == GTK_WIDGET (self->account_page))
    colombe_account_page_focus (self->account_page);
  else if (page == GTK_WIDGET (self->search_page))
    colombe_search_page_focus (self->search_page);
  else if (page == GTK_WIDGET (self->failure_page))
    colombe_failure_page_focus (self->failure_page);
  else
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
on_page_changed (ColombeWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->pages);

  gtk_widget_set_visible (self->back_button, g_strcmp0 (name, "account") != 0);
  /* Keyboard users land in the page, not on the window's edge. */
  colombe_window_focus_page (self);
  /* GTK 4.8 hides the focus ring three seconds after the last key: a page
   * that comes after a search would arrive with no sign of where one is. */
  if (self->keyboard_mode)
    gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
}

static gboolean
on_key_pressed (ColombeWindow *self)
{
  self->keyboard_mode = TRUE;
  return GDK_EVENT_PROPAGATE;
}

static void
on_pointer_pressed (ColombeWindow *self)
{
  self->keyboard_mode = FALSE;
}

/* Seen before any widget handles them: what the person last used. */
static void
colombe_window_watch_input (ColombeWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *clicks = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (clicks), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (clicks), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (clicks, "pressed", G_CALLBACK (on_pointer_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (clicks));
}

/* Nothing was tested: the title says what happened instead. */
static void
colombe_window_show_message (ColombeWindow        *self,
                             const char           *title,
                             const char           *sentence,
                             const char           *next_step,
                             ColombeFailureAdvice  advice)
{
  self->fix = FIX_NONE;
  colombe_failure_page_set_fix (self->failure_page, NULL, NULL);
  colombe_failure_page_show_message (self->failure_page,
                                     advice == COLOMBE_FAILURE_ADVICE_RECONNECT
                                       ? "network-offline-symbolic" : "dialog-warning-symbolic",
                                     title, sentence, next_step);
  colombe_failure_page_set_advice (self->failure_page, advice);
  colombe_failure_page_set_password (self->failure_page, self->password);
  colombe_window_show_page (self, "failure");
}

/* No network: said at once, never "choose Edit Settings"; the window
 * tries again by itself when the network comes back (on_network_changed). */
static void
colombe_window_show_offline (ColombeWindow *self)
{
  colombe_window_show_message (self, _("No Internet Connection"),
                               _("This computer is not connected to the Internet, so Colombe "
                                 "cannot reach your provider."),
                               _("Connect to the Internet (Wi-Fi or cable), then choose “Try "
                                 "Again”. Colombe also tries again by itself as soon as the "
                                 "connection is back."),
                               COLOMBE_FAILURE_ADVICE_RECONNECT);
  self->offline = TRUE;
}

/* --ca-file, read once; NULL: the system's authorities only. */
static gboolean
colombe_window_ensure_database (ColombeWindow  *self,
                                GError        **error)
{
  if (self->ca_file == NULL || self->tls_database != NULL)
    return TRUE;

  self->tls_database = colombe_tls_database_new (self->ca_file, error);
  return self->tls_database != NULL;
}

/* Imap.example.org on the usual ports: something to start editing from
 * when nothing was found. */
static ColombeAccount *
placeholder_new (const ColombeAddress *address,
                 const char           *name)
{
  g_autofree char *imap = g_strconcat ("imap.", address->domain, NULL);
  g_autofree char *smtp = g_strconcat ("smtp.", address->domain, NULL);
  g_autoptr(ColombeServer) incoming = colombe_server_new (COLOMBE_PROTOCOL_IMAP, imap, 993,
                                                          COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP, smtp, 465,
                                                          COLOMBE_SECURITY_TLS);
  ColombeAccount *account = colombe_account_new (name, address->address);

  colombe_server_set_username (incoming, address->address);
  colombe_server_set_username (outgoing, address->address);
  colombe_account_set_source (account, COLOMBE_SOURCE_MANUAL);
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);
  return account;
}

/* Discovery */

static void
on_lookup_finished (ColombeWindow    *self,
                    guint             index,
                    ColombeDiscovery *discovery)
{
  colombe_search_page_set_reports (self->search_page, colombe_discovery_get_reports (discovery));
}

static gboolean
candidates_are_pop_only (GPtrArray *candidates)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      ColombeServer *incoming = colombe_account_get_incoming (g_ptr_array_index (candidates, i));

      if (incoming != NULL && colombe_server_get_protocol (incoming) == COLOMBE_PROTOCOL_IMAP)
        return FALSE;
    }

  return candidates->len > 0;
}

static char *
consent_dup_body (ColombeAccount *account)
{
  const ColombeProvenance *provenance = colombe_account_get_provenance (account);

  if (provenance != NULL && provenance->notice != NULL)
    return g_strdup (provenance->notice);
  if (provenance != NULL && provenance->unauthenticated)
    return g_strdup (_("These settings came over a connection nobody can vouch for: someone "
                       "could have changed them to catch your password."));
  return g_strdup_printf (_("These settings send your password to servers outside %s."),
                          colombe_account_get_address (account));
}

static void
on_consent_response (AdwMessageDialog *dialog,
                     const char       *response,
                     ColombeWindow    *self)
{
  if (g_str_equal (response, "send"))
    colombe_window_verify (self, self->candidates, FALSE);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.edit", NULL);
}

/* Settings nobody vouches for: the password waits for a yes. */
static void
colombe_window_ask_consent (ColombeWindow  *self,
                            ColombeAccount *best)
{
  g_autofree char *body = consent_dup_body (best);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                              _("Send Your Password to These Servers?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "edit", _("_Edit Settings"),
                                    "send", _("_Send My Password"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  g_signal_connect (dialog, "response", G_CALLBACK (on_consent_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
colombe_window_take_candidates (ColombeWindow *self,
                                GPtrArray     *found)
{
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < found->len; i++)
    {
      ColombeAccount *candidate = g_ptr_array_index (found, i);

      colombe_account_set_name (candidate, self->name);
      g_ptr_array_add (self->candidates, g_object_ref (candidate));
    }
}

static void
discovery_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  ColombeDiscovery *discovery = COLOMBE_DISCOVERY (object);
  g_autoptr(GError) error = NULL;
  ColombeAccount *best;

  if (!colombe_discovery_run_finish (discovery, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (discovery != self->discovery)
    return;

  colombe_search_page_set_reports (self->search_page, colombe_discovery_get_reports (discovery));
  colombe_window_take_candidates (self, colombe_discovery_get_candidates (discovery));
  /* Even the built-in list's settings could not be tested: say why at once. */
  if (colombe_discovery_get_no_network (discovery))
    {
      colombe_window_show_offline (self);
      return;
    }
  if (self->candidates->len == 0)
    {
      colombe_window_show_message (self, _("No Settings Found"),
                                   _("Colombe found no settings for this address."),
                                   _("Choose “Edit Settings” and type the servers your provider "
                                     "gives on its help pages."),
                                   COLOMBE_FAILURE_ADVICE_EDIT);
      return;
    }

  best = g_ptr_array_index (self->candidates, 0);
  colombe_search_page_set_account (self->search_page, best,
                                   candidates_are_pop_only (self->candidates));
  if (colombe_account_needs_consent (best))
    colombe_window_ask_consent (self, best);
  else
    colombe_window_verify (self, self->candidates, FALSE);
}

static void
colombe_window_discover (ColombeWindow *self)
{
  GCancellable *cancellable = colombe_window_renew_cancellable (self);
  g_autoptr(GError) error = NULL;

  colombe_search_page_reset (self->search_page);
  colombe_window_show_page (self, "search");
  if (!colombe_window_ensure_database (self, &error))
    {
      colombe_window_show_message (self, _("The Search Could Not Start"), error->message, "",
                                   COLOMBE_FAILURE_ADVICE_TRY_AGAIN);
      return;
    }

  /* A new search: "Edit Settings" starts from what it finds, not the last test. */
  g_clear_object (&self->verifier);
  g_clear_object (&self->discovery);
  self->discovery = colombe_discovery_new (self->address, self->name);
  if (self->ispdb_url != NULL &&
      !colombe_discovery_set_ispdb_url (self->discovery, self->ispdb_url, &error))
    {
      g_autofree char *message = g_strdup_printf (_("--ispdb-url: %s"), error->message);

      g_clear_object (&self->discovery);
      colombe_window_show_message (self, _("The Search Could Not Start"), message, "",
                                   COLOMBE_FAILURE_ADVICE_TRY_AGAIN);
      return;
    }
  colombe_discovery_set_tls_database (self->discovery, self->tls_database);
  self->speculation = colombe_speculation_new (self->address);
  colombe_speculation_set_tls_database (self->speculation, self->tls_database);
  colombe_speculation_start (self->speculation);
  colombe_discovery_set_speculation (self->discovery, self->speculation);
  g_signal_connect_object (self->discovery, "lookup-finished",
                           G_CALLBACK (on_lookup_finished), self, G_CONNECT_SWAPPED);
  colombe_discovery_run_async (self->discovery, cancellable, discovery_done, g_object_ref (self));
  colombe_search_page_set_reports (self->search_page,
                                   colombe_discovery_get_reports (self->discovery));
}

static void
on_account_submitted (ColombeWindow *self)
{
  g_clear_pointer (&self->address, colombe_address_free);
  g_clear_pointer (&self->name, g_free);
  self->address = colombe_account_page_dup_address (self->account_page);
  self->name = colombe_account_page_dup_name (self->account_page);
  self->sign_in = colombe_account_page_get_sign_in (self->account_page);
  colombe_window_set_password (self, self->sign_in == COLOMBE_SIGN_IN_OAUTH2
                                     ? NULL
                                     : colombe_account_page_get_password (self->account_page));
  g_clear_object (&self->placeholder);
  self->placeholder = placeholder_new (self->address, self->name);
  colombe_window_discover (self);
}

/* Keyring */

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  if (colombe_keyring_store_account_finish (result, &error))
    colombe_ready_page_set_keyring_status (self->ready_page, _("The password is in the keyring."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      status = g_strdup_printf (_("The password could not be saved: %s"), error->message);
      colombe_ready_page_set_keyring_status (self->ready_page, status);
    }
}

/* One item per server, under the username that logged in there. */
static void
colombe_window_store_password (ColombeWindow *self)
{
  ColombeAccount *account = colombe_ready_page_get_account (self->ready_page);

  colombe_ready_page_set_keyring_status (self->ready_page, _("Saving the password…"));
  colombe_keyring_store_account_async (account, self->password, self->cancellable,
                                       stored, g_object_ref (self));
}

static void
forgotten (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (colombe_keyring_forget_finish (result, &error))
    colombe_ready_page_set_keyring_status (self->ready_page, _("The password is not kept."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    colombe_ready_page_set_keyring_status (self->ready_page, error->message);
}

static void
on_save_password_changed (ColombeWindow *self)
{
  ColombeAccount *account = colombe_ready_page_get_account (self->ready_page);

  if (account == NULL)
    return;

  if (colombe_ready_page_get_save_password (self->ready_page))
    colombe_window_store_password (self);
  else
    colombe_keyring_forget_async (colombe_account_get_address (account), self->cancellable,
                                  forgotten, g_object_ref (self));
}

/* Verifier */

/* The proven account, each server with the username that logged in: a
 * copy, the verifier's own candidate stays as it was tested. */
static ColombeAccount *
proven_account_new (ColombeVerifier *verifier)
{
  ColombeAccount *proven = colombe_verifier_get_account (verifier);
  g_autoptr(ColombeServer) incoming = colombe_server_copy (colombe_account_get_incoming (proven));
  g_autoptr(ColombeServer) outgoing = colombe_server_copy (colombe_account_get_outgoing (proven));
  ColombeAccount *account = colombe_account_new (colombe_account_get_name (proven),
                                                 colombe_account_get_address (proven));

  colombe_account_set_source (account, colombe_account_get_source (proven));
  colombe_account_set_provider (account, colombe_account_get_provider_id (proven),
                                colombe_account_get_provider_name (proven));
  colombe_account_set_provenance (account, colombe_account_get_provenance (proven));
  colombe_account_set_sign_in (account, colombe_account_get_sign_in (proven));
  colombe_account_set_help (account, colombe_account_get_help (proven));
  /* an account without a password gets servers that say OAuth2 from the
   * model itself (colombe_account_set_sign_in) */
  if (colombe_account_takes_password (proven))
    {
      colombe_server_set_username (incoming,
                                   colombe_verifier_get_incoming_result (verifier)->username);
      colombe_server_set_username (outgoing,
                                   colombe_verifier_get_outgoing_result (verifier)->username);
    }
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);
  return account;
}

/* Both servers answered securely, and what stopped the proof is only that
 * the provider signs in on its own page: the account is ready for the
 * programs that can. */
static gboolean
colombe_window_is_oauth2_ready (ColombeWindow *self)
{
  const ColombeVerifyResult *results[] = {
    colombe_verifier_get_incoming_result (self->verifier),
    colombe_verifier_get_outgoing_result (self->verifier),
  };
  gboolean oauth2 = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      if (results[i] == NULL)
        return FALSE;
      if (!results[i]->verified && results[i]->kind != COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED)
        return FALSE;
      oauth2 = oauth2 || results[i]->kind == COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED;
    }

  return oauth2;
}

static void
colombe_window_show_ready (ColombeWindow *self)
{
  g_autoptr(ColombeAccount) account = proven_account_new (self->verifier);

  colombe_ready_page_set_account (self->ready_page, account);
  colombe_window_find_thunderbird (self);
  colombe_window_show_page (self, "ready");
  /* OAuth2: there is no password to keep */
  if (colombe_ready_page_get_save_password (self->ready_page) &&
      !colombe_ready_page_get_oauth2 (self->ready_page))
    colombe_window_store_password (self);
}

/* The first server that failed decides the way out (incoming first). */
static void
colombe_window_pick_fix (ColombeWindow *self)
{
  ColombeAccount *account = colombe_verifier_get_account (self->verifier);
  const ColombeVerifyResult *incoming = colombe_verifier_get_incoming_result (self->verifier);
  const ColombeVerifyResult *outgoing = colombe_verifier_get_outgoing_result (self->verifier);
  gboolean in_failed = incoming != NULL && !incoming->verified;
  const ColombeVerifyResult *failed = in_failed ? incoming : outgoing;
  ColombeServer *server = in_failed ? colombe_account_get_incoming (account)
                                    : colombe_account_get_outgoing (account);

  g_set_object (&self->fix_server, server);
  self->fix_result = failed;
  self->fix = FIX_NONE;
  if (failed == NULL || failed->verified)
    return;

  if (failed->kind == COLOMBE_FAILURE_KIND_TLS_UNTRUSTED && failed->certificate != NULL)
    self->fix = FIX_CERTIFICATE;
  else if (failed->kind == COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED)
    self->fix = FIX_PLAINTEXT;
  /* The core now gives a page for oauth2-required and for a provider's
   * switch too; until the window has its pages for them (issue 16), the
   * button stays the app-password one it says it is. */
  else if (failed->help_url != NULL && failed->kind == COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED)
    self->fix = FIX_HELP_PAGE;
}

static const char *
fix_get_label (Fix fix)
{
  switch (fix)
    {
    case FIX_HELP_PAGE:
      return _("Open the _App Password Page");
    case FIX_CERTIFICATE:
      return _("Check the _Certificate…");
    case FIX_PLAINTEXT:
      return _("Send _Without Encryption…");
    case FIX_NONE:
    default:
      return NULL;
    }
}

/* The button the failure's next step speaks of (colombe_failure_kind_get_next_step). */
static ColombeFailureAdvice
colombe_window_get_advice (ColombeWindow *self)
{
  if (self->fix != FIX_NONE && self->fix != FIX_PLAINTEXT)
    return COLOMBE_FAILURE_ADVICE_FIX;
  if (self->fix_result == NULL)
    return COLOMBE_FAILURE_ADVICE_TRY_AGAIN;

  switch (self->fix_result->kind)
    {
    case COLOMBE_FAILURE_KIND_HOST_NOT_FOUND:
    case COLOMBE_FAILURE_KIND_STARTTLS_MISSING:
    case COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED:  /* "use an encrypted setting" first */
    case COLOMBE_FAILURE_KIND_PROTOCOL_ERROR:
      return COLOMBE_FAILURE_ADVICE_EDIT;
    case COLOMBE_FAILURE_KIND_CONNECTION_REFUSED:
    case COLOMBE_FAILURE_KIND_TIMEOUT:
    case COLOMBE_FAILURE_KIND_TLS_UNTRUSTED:
    case COLOMBE_FAILURE_KIND_TLS_FAILED:
    case COLOMBE_FAILURE_KIND_AUTH_FAILED:
    case COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED:
    case COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED:  /* its own page comes with issue 16's window part */
    default:
      return COLOMBE_FAILURE_ADVICE_TRY_AGAIN;
    }
}

static void
colombe_window_show_failure (ColombeWindow *self)
{
  colombe_window_pick_fix (self);
  colombe_failure_page_set_advice (self->failure_page, colombe_window_get_advice (self));
  colombe_failure_page_show_verifier (self->failure_page, self->verifier);
  colombe_failure_page_set_fix (self->failure_page, fix_get_label (self->fix),
                                self->fix == FIX_HELP_PAGE ? self->fix_result->help_url : NULL);
  colombe_failure_page_set_password (self->failure_page, self->password);
  colombe_window_show_page (self, "failure");

  /* Back on screen 1, the field asks for an app password, never the
   * usual one again. */
  if (self->fix_result != NULL &&
      self->fix_result->kind == COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED)
    colombe_account_page_ask_app_password (self->account_page, self->fix_result->help_url);

  /* A certificate problem is a question only the person can answer: ask at once. */
  if (self->fix == FIX_CERTIFICATE)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.fix", NULL);
}

static void
verifier_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  ColombeVerifier *verifier = COLOMBE_VERIFIER (object);

  if (!colombe_verifier_run_finish (verifier, result, NULL) || verifier != self->verifier)
    return;

  if (colombe_verifier_get_proven (verifier) || colombe_window_is_oauth2_ready (self))
    colombe_window_show_ready (self);
  else
    colombe_window_show_failure (self);
}

static void
colombe_window_verify (ColombeWindow *self,
                       GPtrArray     *candidates,
                       gboolean       allow_plaintext)
{
  /* the search's connections: for this test only, not the next one */
  g_autoptr(ColombeSpeculation) speculation = g_steal_pointer (&self->speculation);
  GCancellable *cancellable = colombe_window_renew_cancellable (self);

  colombe_search_page_set_status (self->search_page,
                                  _("Testing the incoming and outgoing servers…"));
  colombe_search_page_set_account (self->search_page, g_ptr_array_index (candidates, 0),
                                   candidates_are_pop_only (candidates));
  colombe_window_show_page (self, "search");

  /* Gmail with Google's page chosen on screen 1: no password goes out */
  if (self->sign_in == COLOMBE_SIGN_IN_OAUTH2)
    for (guint i = 0; i < candidates->len; i++)
      {
        const char * const oauth2[] = { "oauth2", NULL };

        colombe_account_set_sign_in (g_ptr_array_index (candidates, i), oauth2);
      }

  g_clear_object (&self->verifier);
  self->verifier = colombe_verifier_new (candidates);
  colombe_verifier_set_password (self->verifier, self->password);
  colombe_verifier_set_tls_database (self->verifier, self->tls_database);
  colombe_verifier_set_trust (self->verifier, colombe_trust_get_default ());
  colombe_verifier_set_allow_plaintext (self->verifier, allow_plaintext);
  colombe_verifier_set_speculation (self->verifier, speculation);
  colombe_verifier_run_async (self->verifier, cancellable, verifier_done, g_object_ref (self));
}

/* Actions */

static void
start_over_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);

  colombe_window_renew_cancellable (self);
  /* Thunderbird closing later must not add an account left behind. */
  colombe_window_stop_thunderbird (self);
  colombe_window_show_page (self, "account");
  colombe_account_page_focus (self->account_page);
}

/* Escape: stops what runs, or goes back one page; everything typed stays
 * (the pages keep it), nothing is selected on the way back. */
static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  if (g_strcmp0 (page, "account") == 0)
    return;

  if (g_strcmp0 (page, "edit") == 0 && self->edit_return != NULL)
    colombe_window_show_page (self, self->edit_return);
  else
    gtk_widget_activate_action (widget, "win.start-over", NULL);
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);
  const char *password = colombe_failure_page_get_password (self->failure_page);

  if (password[0] != '\0')
    colombe_window_set_password (self, password);

  /* Offline, what was found came from the built-in list alone: search again. */
  if (!self->offline && self->candidates != NULL && self->candidates->len > 0)
    colombe_window_verify (self, self->candidates, FALSE);
  else
    colombe_window_discover (self);
}

/* The network is back while the page says it is not: try again at once. */
static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    ColombeWindow   *self)
{
  if (!available || !self->offline || !g_network_monitor_get_network_available (monitor))
    return;

  g_debug ("the network is back: searching again");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.retry", NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);
  ColombeAccount *current = self->placeholder;

  if (self->verifier != NULL)
    current = colombe_verifier_get_account (self->verifier);
  else if (self->candidates != NULL && self->candidates->len > 0)
    current = g_ptr_array_index (self->candidates, 0);
  if (current == NULL)
    return;

  /* From a search (its consent dialog) there is nothing to come back to:
   * the search stops here. */
  self->edit_return = gtk_stack_get_visible_child_name (self->pages);
  if (g_strcmp0 (self->edit_return, "search") == 0)
    self->edit_return = "account";

  colombe_window_renew_cancellable (self);
  colombe_edit_page_set_candidates (self->edit_page, self->candidates, current);
  colombe_window_show_page (self, "edit");
}

static void
test_again_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);
  g_autoptr(ColombeAccount) account = colombe_edit_page_dup_account (self->edit_page);

  if (account == NULL)
    return;

  colombe_account_set_name (account, self->name);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->candidates, g_steal_pointer (&account));
  colombe_window_verify (self, self->candidates, FALSE);
}

static void
on_certificate_response (AdwMessageDialog *dialog,
                         const char       *response,
                         ColombeWindow    *self)
{
  const ColombeCertificateInfo *info = self->fix_result->certificate;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "trust"))
    return;

  /* That fingerprint, for that host and port only. */
  if (!colombe_trust_add (colombe_trust_get_default (), colombe_server_get_host (self->fix_server),
                          colombe_server_get_port (self->fix_server),
                          colombe_certificate_info_get_sha256 (info),
                          colombe_certificate_info_get_subject (info), &error))
    {
      colombe_window_show_message (self, _("The Certificate Was Not Saved"), error->message, "",
                                   COLOMBE_FAILURE_ADVICE_TRY_AGAIN);
      return;
    }

  colombe_window_verify (self, self->candidates, FALSE);
}

static void
colombe_window_ask_certificate (ColombeWindow *self)
{
  ColombeCertificateDialog *dialog;

  dialog = colombe_certificate_dialog_new (GTK_WINDOW (self),
                                           colombe_server_get_host (self->fix_server),
                                           colombe_server_get_port (self->fix_server),
                                           self->fix_result->certificate);
  g_signal_connect (dialog, "response", G_CALLBACK (on_certificate_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_plaintext_response (AdwMessageDialog *dialog,
                       const char       *response,
                       ColombeWindow    *self)
{
  /* For this run only: the next test asks again. */
  if (g_str_equal (response, "send"))
    colombe_window_verify (self, self->candidates, TRUE);
}

static void
colombe_window_ask_plaintext (ColombeWindow *self)
{
  g_autofree char *body = g_strdup_printf (
    _("%s does not encrypt the connection: anyone on the network between you and the server "
      "could read your password and your messages. Go on only if your provider offers nothing "
      "better."),
    colombe_server_get_host (self->fix_server));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                              _("Send Your Password Without Encryption?"), body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Without Encryption"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_plaintext_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fix_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);

  switch (self->fix)
    {
    case FIX_HELP_PAGE:
      gtk_show_uri (GTK_WINDOW (self), self->fix_result->help_url, GDK_CURRENT_TIME);
      break;
    case FIX_CERTIFICATE:
      colombe_window_ask_certificate (self);
      break;
    case FIX_PLAINTEXT:
      colombe_window_ask_plaintext (self);
      break;
    case FIX_NONE:
    default:
      break;
    }
}

static void
online_account_added (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  if (colombe_exporter_find ("goa")->apply_finish (result, &error))
    status = g_strdup (_("Added to GNOME Online Accounts."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = g_strdup_printf (_("Could not add the account: %s"), error->message);
  colombe_ready_page_set_online_status (self->ready_page, status);
}

/* GNOME Online Accounts' own provider for the built-in database's ids:
 * it signs in on the provider's page itself (GNOME 43's names). */
static const struct
{
  const char *provider;
  const char *goa_provider;
} goa_providers[] = {
  { "gmail.com", "google" },
  { "outlook.com", "windows_live" },
};

/* launch-panel's parameter: ("online-accounts", ["add", PROVIDER]), as
 * gnome-control-center's own command line builds it. */
static GVariant *
online_accounts_panel_new (ColombeAccount *account)
{
  const char *id = colombe_account_get_provider_id (account);
  GVariantBuilder parameters;

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  for (guint i = 0; i < G_N_ELEMENTS (goa_providers); i++)
    if (g_strcmp0 (id, goa_providers[i].provider) == 0)
      {
        g_variant_builder_add (&parameters, "v", g_variant_new_string ("add"));
        g_variant_builder_add (&parameters, "v",
                               g_variant_new_string (goa_providers[i].goa_provider));
      }

  return g_variant_new ("(sav)", "online-accounts", &parameters);
}

/* GNOME Settings' Online Accounts page, the provider's dialog open:
 * the launch-panel action of org.gnome.Settings over the session bus. */
static void
colombe_window_open_online_accounts (ColombeWindow *self)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  GVariant *panel = online_accounts_panel_new (colombe_ready_page_get_account (self->ready_page));
  GVariantBuilder arguments;
  GVariantBuilder platform;

  if (bus == NULL)
    {
      g_variant_unref (g_variant_ref_sink (panel));
      return;
    }

  g_variant_builder_init (&platform, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_init (&arguments, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&arguments, "v", panel);
  g_dbus_connection_call (bus, "org.gnome.Settings", "/org/gnome/Settings",
                          "org.freedesktop.Application", "ActivateAction",
                          g_variant_new ("(sava{sv})", "launch-panel", &arguments, &platform),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  colombe_ready_page_set_online_status (self->ready_page,
                                        _("GNOME Settings opens its Online Accounts page: sign "
                                          "in there, on the provider’s page."));
}

static void
add_online_account_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);
  const ColombeExporter *goa = colombe_exporter_find ("goa");
  /* GNOME Online Accounts keeps the password itself: it has to be given. */
  ColombeExportRequest request = {
    colombe_ready_page_get_account (self->ready_page), self->password,
  };

  if (goa == NULL || request.account == NULL)
    return;
  if (colombe_ready_page_get_oauth2 (self->ready_page))
    {
      colombe_window_open_online_accounts (self);
      return;
    }

  colombe_ready_page_set_online_status (self->ready_page, _("Adding the account…"));
  goa->apply_async (&request, self->cancellable, online_account_added, g_object_ref (self));
}

/* Add to Thunderbird */

static void
colombe_window_stop_thunderbird (ColombeWindow *self)
{
  g_clear_handle_id (&self->thunderbird_poll_id, g_source_remove);
  g_cancellable_cancel (self->thunderbird_cancellable);
  g_clear_object (&self->thunderbird_cancellable);
  g_clear_pointer (&self->thunderbird_path, g_free);
}

/* A few small files read: the profiles, the default first; none, but a
 * Thunderbird installed that never started: where its first one goes. */
static void
colombe_window_find_thunderbird (ColombeWindow *self)
{
  g_autoptr(GPtrArray) profiles = NULL;

  colombe_window_stop_thunderbird (self);
  g_clear_pointer (&self->thunderbird_root, g_free);
  profiles = colombe_thunderbird_profile_find_all (self->thunderbird_home);
  if (profiles->len == 0)
    self->thunderbird_root = colombe_thunderbird_profile_dup_install_root (self->thunderbird_home,
                                                                            self->thunderbird_sysroot);
  colombe_ready_page_set_thunderbird_profiles (self->ready_page, profiles,
                                               self->thunderbird_root != NULL);
}

static void colombe_window_add_to_thunderbird (ColombeWindow *self,
                                               gboolean       replace);

static void
logins_stored (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  ColombeThunderbirdLoginsOutcome outcome = COLOMBE_THUNDERBIRD_LOGINS_STORED;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  if (!colombe_thunderbird_logins_store_finish (result, &outcome, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("The password was not stored in Thunderbird: %s", error->message);
      status = g_strdup (_("The account is in Thunderbird. Colombe could not store the password "
                           "there: Thunderbird will ask for your password once."));
    }
  else if (outcome == COLOMBE_THUNDERBIRD_LOGINS_STORED)
    status = g_strdup (_("The account is in Thunderbird, with its password."));
  else
    status = g_strdup (_("The account is in Thunderbird. Thunderbird will ask for your "
                         "password once."));

  colombe_ready_page_set_thunderbird_state (self->ready_page, COLOMBE_READY_THUNDERBIRD_OPEN,
                                            status);
}

/* What the worker thread adds, and where: @path, or a profile it makes in
 * @root first (then @path says which). */
typedef struct
{
  ColombeAccount *account;
  char           *path;
  char           *root;
  gboolean        replace;
} AddData;

static void
add_data_free (AddData *data)
{
  g_object_unref (data->account);
  g_free (data->path);
  g_free (data->root);
  g_free (data);
}

static gboolean
poll_thunderbird (gpointer user_data)
{
  ColombeWindow *self = user_data;

  if (!colombe_thunderbird_profile_check_unused (self->thunderbird_path, NULL))
    return G_SOURCE_CONTINUE;

  /* Thunderbird has closed: go on as if clicked again. */
  self->thunderbird_poll_id = 0;
  colombe_window_add_to_thunderbird (self, self->thunderbird_replace);
  return G_SOURCE_REMOVE;
}

static void
account_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  ColombeAccount *account = colombe_ready_page_get_account (self->ready_page);

  AddData *data = g_task_get_task_data (G_TASK (result));

  added = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->thunderbird_cancellable)
    return;
  /* the profile made for it, if any: Thunderbird's default from now on */
  if (self->thunderbird_path == NULL && data->path != NULL)
    self->thunderbird_path = g_strdup (data->path);

  if (added != NULL)
    {
      if (colombe_ready_page_get_oauth2 (self->ready_page))
        {
          colombe_ready_page_set_thunderbird_state (
            self->ready_page, COLOMBE_READY_THUNDERBIRD_OPEN,
            _("The account is in Thunderbird. On its first start, Thunderbird opens the "
              "provider’s page for you to sign in."));
          return;
        }
      if (self->password == NULL)
        {
          colombe_ready_page_set_thunderbird_state (
            self->ready_page, COLOMBE_READY_THUNDERBIRD_OPEN,
            _("The account is in Thunderbird. Thunderbird will ask for your password once."));
          return;
        }
      colombe_thunderbird_logins_store_async (self->thunderbird_path,
                                              colombe_account_get_incoming (account),
                                              colombe_account_get_outgoing (account),
                                              self->password, self->thunderbird_cancellable,
                                              logins_stored, g_object_ref (self));
      return;
    }

  if (g_error_matches (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_RUNNING))
    {
      colombe_ready_page_set_thunderbird_state (self->ready_page,
                                                COLOMBE_READY_THUNDERBIRD_WAITING,
                                                _("Close Thunderbird, then Colombe adds the "
                                                  "account."));
      self->thunderbird_poll_id = g_timeout_add_seconds (1, poll_thunderbird, self);
      return;
    }

  if (g_error_matches (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT))
    {
      status = g_strdup_printf (_("Thunderbird already has an account for %s. Colombe can update "
                                  "its servers instead of adding it twice."),
                                colombe_account_get_address (account));
      colombe_ready_page_set_thunderbird_state (self->ready_page,
                                                COLOMBE_READY_THUNDERBIRD_UPDATE, status);
      return;
    }

  g_debug ("Not added to Thunderbird: %s", error->message);
  if (g_error_matches (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_PROFILE_NOT_FOUND))
    status = g_strdup (_("This Thunderbird profile is gone. Start Thunderbird once, close it, "
                         "then choose “Add to Thunderbird” again."));
  else if (g_error_matches (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT))
    status = g_strdup (_("Colombe cannot read this Thunderbird profile’s settings, so it left "
                         "them as they were. Save the settings for another program below "
                         "instead."));
  else
    status = g_strdup_printf (_("The account could not be added to Thunderbird: %s"),
                              error->message);
  colombe_ready_page_set_thunderbird_state (self->ready_page, COLOMBE_READY_THUNDERBIRD_ADD,
                                            status);
}

static void
add_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AddData *data = task_data;
  GError *error = NULL;
  ColombeThunderbirdAdded *added;

  if (data->path == NULL)
    {
      g_autoptr(ColombeThunderbirdProfile) made = colombe_thunderbird_profile_create (data->root,
                                                                                      &error);
      if (made == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      data->path = g_strdup (colombe_thunderbird_profile_get_path (made));
    }

  added = colombe_thunderbird_account_add (data->account, data->path, data->replace, &error);
  if (added != NULL)
    g_task_return_pointer (task, added, (GDestroyNotify) colombe_thunderbird_added_free);
  else
    g_task_return_error (task, error);
}

/* prefs.js in a worker thread, then the password, then Open Thunderbird. */
static void
colombe_window_add_to_thunderbird (ColombeWindow *self,
                                   gboolean       replace)
{
  ColombeThunderbirdProfile *profile = colombe_ready_page_get_thunderbird_profile (self->ready_page);
  ColombeAccount *account = colombe_ready_page_get_account (self->ready_page);
  g_autoptr(GTask) task = NULL;
  AddData *data;

  if ((profile == NULL && self->thunderbird_root == NULL) || account == NULL)
    return;

  colombe_window_stop_thunderbird (self);
  self->thunderbird_cancellable = g_cancellable_new ();
  /* NULL until the worker has made the first profile */
  self->thunderbird_path = profile != NULL
                           ? g_strdup (colombe_thunderbird_profile_get_path (profile))
                           : NULL;
  self->thunderbird_is_default = profile == NULL ||
                                 colombe_thunderbird_profile_get_is_default (profile);
  self->thunderbird_replace = replace;
  colombe_ready_page_set_thunderbird_state (self->ready_page, COLOMBE_READY_THUNDERBIRD_BUSY,
                                            _("Adding the account to Thunderbird…"));

  data = g_new0 (AddData, 1);
  data->account = g_object_ref (account);
  data->path = g_strdup (self->thunderbird_path);
  data->root = g_strdup (self->thunderbird_root);
  data->replace = replace;
  task = g_task_new (self, self->thunderbird_cancellable, account_added, g_object_ref (self));
  g_task_set_source_tag (task, colombe_window_add_to_thunderbird);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  g_task_run_in_thread (task, add_in_thread);
}

static void
add_to_thunderbird_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  colombe_window_add_to_thunderbird (COLOMBE_WINDOW (widget), FALSE);
}

static void
update_thunderbird_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  colombe_window_add_to_thunderbird (COLOMBE_WINDOW (widget), TRUE);
}

static void
cancel_thunderbird_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);

  colombe_window_stop_thunderbird (self);
  colombe_ready_page_set_thunderbird_state (self->ready_page, COLOMBE_READY_THUNDERBIRD_ADD, NULL);
}

/* The app of a desktop file, as is for Thunderbird's default profile, or
 * its command line (field codes dropped) with --profile PATH: Thunderbird
 * would otherwise open its default, without the account. */
static GAppInfo *
dup_thunderbird_app (GDesktopAppInfo *info,
                     const char      *profile_path)
{
  g_autofree char *exec = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr(GString) command = NULL;
  g_auto(GStrv) words = NULL;

  if (profile_path == NULL)
    return G_APP_INFO (g_object_ref (info));

  exec = g_desktop_app_info_get_string (info, G_KEY_FILE_DESKTOP_KEY_EXEC);
  if (exec == NULL || !g_shell_parse_argv (exec, NULL, &words, NULL))
    return NULL;
  command = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = NULL;

      if (words[i][0] == '%')
        continue;
      word = g_shell_quote (words[i]);
      g_string_append_printf (command, "%s ", word);
    }
  quoted = g_shell_quote (profile_path);
  g_string_append_printf (command, "--profile %s", quoted);

  return g_app_info_create_from_commandline (command->str, "Thunderbird",
                                             G_APP_INFO_CREATE_NONE, NULL);
}

/* Its desktop file (Debian's, then Flatpak's, then Snap's), else
 * `thunderbird` in PATH; on @profile_path unless NULL. */
static gboolean
colombe_window_real_open_thunderbird (ColombeWindow *self,
                                      const char    *profile_path)
{
  static const char * const desktop_ids[] = {
    "thunderbird.desktop", "org.mozilla.Thunderbird.desktop", "thunderbird_thunderbird.desktop",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (desktop_ids); i++)
    {
      g_autoptr(GDesktopAppInfo) info = g_desktop_app_info_new (desktop_ids[i]);
      g_autoptr(GdkAppLaunchContext) context = NULL;
      g_autoptr(GAppInfo) app = NULL;

      if (info == NULL || (app = dup_thunderbird_app (info, profile_path)) == NULL)
        continue;
      context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
      if (g_app_info_launch (app, NULL, G_APP_LAUNCH_CONTEXT (context), &error))
        return TRUE;
      g_debug ("%s did not start: %s", desktop_ids[i], error->message);
      g_clear_error (&error);
    }

  program = g_find_program_in_path ("thunderbird");
  if (program != NULL)
    {
      const char *argv[] = { program, profile_path ? "--profile" : NULL, profile_path, NULL };

      if (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
        return TRUE;
      g_debug ("thunderbird did not start: %s", error->message);
    }

  colombe_ready_page_set_thunderbird_state (self->ready_page, COLOMBE_READY_THUNDERBIRD_OPEN,
                                            _("Colombe could not start Thunderbird: start it "
                                              "from your applications. The account is there."));
  return TRUE;
}

static void
open_thunderbird_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ColombeWindow *self = COLOMBE_WINDOW (widget);
  gboolean handled = FALSE;

  g_signal_emit (self, signals[SIGNAL_OPEN_THUNDERBIRD], 0,
                 self->thunderbird_is_default ? NULL : self->thunderbird_path, &handled);
}

/* GObject */

static void
colombe_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ColombeWindow *self = COLOMBE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CA_FILE:
      self->ca_file = g_value_dup_string (value);
      break;
    case PROP_ISPDB_URL:
      self->ispdb_url = g_value_dup_string (value);
      break;
    case PROP_THUNDERBIRD_HOME:
      self->thunderbird_home = g_value_dup_string (value);
      break;
    case PROP_THUNDERBIRD_SYSROOT:
      self->thunderbird_sysroot = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
colombe_window_dispose (GObject *object)
{
  ColombeWindow *self = COLOMBE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  colombe_window_stop_thunderbird (self);
  colombe_window_drop_speculation (self);
  g_clear_object (&self->discovery);
  g_clear_object (&self->verifier);
  g_clear_object (&self->placeholder);
  g_clear_object (&self->fix_server);
  g_clear_object (&self->tls_database);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (colombe_window_parent_class)->dispose (object);
}

static void
colombe_window_finalize (GObject *object)
{
  ColombeWindow *self = COLOMBE_WINDOW (object);

  g_clear_pointer (&self->address, colombe_address_free);
  g_clear_pointer (&self->password, colombe_secret_free);
  g_free (self->name);
  g_free (self->ca_file);
  g_free (self->ispdb_url);
  g_free (self->thunderbird_home);
  g_free (self->thunderbird_sysroot);
  g_free (self->thunderbird_root);

  G_OBJECT_CLASS (colombe_window_parent_class)->finalize (object);
}

static void
colombe_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, start_over_activated);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_activated);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_activated);
  gtk_widget_class_install_action (widget_class, "win.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "win.test-again", NULL, test_again_activated);
  gtk_widget_class_install_action (widget_class, "win.fix", NULL, fix_activated);
  gtk_widget_class_install_action (widget_class, "win.add-online-account", NULL,
                                   add_online_account_activated);
  gtk_widget_class_install_action (widget_class, "win.add-to-thunderbird", NULL,
                                   add_to_thunderbird_activated);
  gtk_widget_class_install_action (widget_class, "win.update-thunderbird", NULL,
                                   update_thunderbird_activated);
  gtk_widget_class_install_action (widget_class, "win.cancel-thunderbird", NULL,
                                   cancel_thunderbird_activated);
  gtk_widget_class_install_action (widget_class, "win.open-thunderbird", NULL,
                                   open_thunderbird_activated);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
}

static void
colombe_window_class_init (ColombeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = colombe_window_set_property;
  object_class->dispose = colombe_window_dispose;
  object_class->finalize = colombe_window_finalize;

  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ISPDB_URL] =
    g_param_spec_string ("ispdb-url", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Where Thunderbird's profiles are looked for, and which package is
   * installed: the tests' fake home and system. */
  properties[PROP_THUNDERBIRD_HOME] =
    g_param_spec_string ("thunderbird-home", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUNDERBIRD_SYSROOT] =
    g_param_spec_string ("thunderbird-sysroot", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Open Thunderbird, on the profile given (NULL: its default, where the
   * account went): a handler returning TRUE replaces the launch (the
   * tests start no Thunderbird). */
  signals[SIGNAL_OPEN_THUNDERBIRD] =
    g_signal_new_class_handler ("open-thunderbird", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (colombe_window_real_open_thunderbird),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  g_type_ensure (COLOMBE_TYPE_ACCOUNT_PAGE);
  g_type_ensure (COLOMBE_TYPE_SEARCH_PAGE);
  g_type_ensure (COLOMBE_TYPE_FAILURE_PAGE);
  g_type_ensure (COLOMBE_TYPE_EDIT_PAGE);
  g_type_ensure (COLOMBE_TYPE_READY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/colombe-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, account_page);
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, failure_page);
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, edit_page);
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, ready_page);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_account_submitted);
  gtk_widget_class_bind_template_callback (widget_class, on_save_password_changed);

  colombe_window_install_actions (widget_class);
}

/* The window comes back at the size it was left. One schema for both
 * builds (data/io.github.colombe.Colombe.gschema.xml); run from the build
 * tree, GSETTINGS_SCHEMA_DIR finds the one compiled there. */
static void
bus_names_listed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ColombeWindow) self = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             NULL);
  g_autofree const char **names = NULL;

  if (reply == NULL)
    return;
  g_variant_get (reply, "(^a&s)", &names);
  if (g_strv_contains (names, "org.gnome.Settings"))
    colombe_ready_page_set_can_open_online_accounts (self->ready_page, TRUE);
}

/* GNOME Settings opens GNOME Online Accounts' dialogs for OAuth2
 * providers; without it, that way is not offered. Asked of the session
 * bus, which in Flatpak shows it only as the manifest lets it talk to it:
 * running, or started on demand. */
static void
colombe_window_find_settings (ColombeWindow *self)
{
  const char *methods[] = { "ListNames", "ListActivatableNames" };
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (bus == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                            "org.freedesktop.DBus", methods[i], NULL, G_VARIANT_TYPE ("(as)"),
                            G_DBUS_CALL_FLAGS_NONE, -1, NULL, bus_names_listed,
                            g_object_ref (self));
}

static void
colombe_window_remember_size (ColombeWindow *self)
{
  self->settings = g_settings_new ("io.github.colombe.Colombe");
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
colombe_window_init (ColombeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  colombe_window_remember_size (self);
  colombe_window_find_settings (self);
  colombe_window_watch_input (self);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (on_network_changed), self, 0);

  /* Development builds look different, so nobody mistakes one for a release. */
  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  on_page_changed (self);
}

ColombeWindow *
colombe_window_new (ColombeApplication *application)
{
  return g_object_new (COLOMBE_TYPE_WINDOW,
                       "application", application,
                       "ca-file", application ? colombe_application_get_ca_file (application) : NULL,
                       "ispdb-url", application ? colombe_application_get_ispdb_url (application)
                                                : NULL,
                       NULL);
}
