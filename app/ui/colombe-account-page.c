/* colombe-account-page.c: screen 1, "Your account": name, address, password
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-account-page"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-account-page.h"
#include "colombe-entry-focus.h"
#include "colombe-field.h"
#include "colombe-peek-button.h"
#include "colombe-provider-db.h"
#include "colombe-suggestion.h"

struct _ColombeAccountPage
{
  AdwBin       parent_instance;

  AdwEntryRow *name_row;
  AdwEntryRow *address_row;
  AdwEntryRow *password_row;
  GtkLabel    *address_error;
  GtkWidget   *suggestion_box;
  GtkLabel    *suggestion_label;
  GtkLabel    *intro_label;
  GtkWidget   *continue_button;   /* for the tests: sensitive as its action */
  GtkWidget   *sign_in_box;
  GtkLabel    *sign_in_label;
  GtkWidget   *app_password_button;
  GtkWidget   *sign_in_switch_button;
  GtkLabel    *sign_in_switch_label;

  char        *suggestion;       /* the address meant, while it is shown */

  /* The provider's rules for mail programs, from the built-in database as
   * soon as the address names it: its ways, preferred first (NULL when
   * unknown: a password), the way used, and its page. */
  char        *provider_domain;
  char        *provider_name;
  GStrv        sign_in_ways;
  ColombeSignIn sign_in;
  ColombeHelp *help;
};

G_DEFINE_FINAL_TYPE (ColombeAccountPage, colombe_account_page, ADW_TYPE_BIN)

enum {
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
colombe_account_page_dup_name (ColombeAccountPage *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT_PAGE (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

ColombeAddress *
colombe_account_page_dup_address (ColombeAccountPage *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT_PAGE (self), NULL);

  return colombe_address_parse (gtk_editable_get_text (GTK_EDITABLE (self->address_row)), NULL);
}

const char *
colombe_account_page_get_password (ColombeAccountPage *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

static gboolean
colombe_account_page_name_is_valid (ColombeAccountPage *self)
{
  g_autofree char *name = colombe_account_page_dup_name (self);

  return name[0] != '\0' && colombe_field_check (COLOMBE_FIELD_NAME, name, NULL);
}

static gboolean
colombe_account_page_address_is_valid (ColombeAccountPage *self)
{
  g_autoptr(ColombeAddress) address = colombe_account_page_dup_address (self);

  return address != NULL;
}

/* Nothing to type where the provider signs in on its own page. */
static gboolean
colombe_account_page_password_is_valid (ColombeAccountPage *self)
{
  return self->sign_in == COLOMBE_SIGN_IN_OAUTH2 ||
         colombe_account_page_get_password (self)[0] != '\0';
}

ColombeSignIn
colombe_account_page_get_sign_in (ColombeAccountPage *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT_PAGE (self), COLOMBE_SIGN_IN_PASSWORD);

  return self->sign_in;
}

/* The way in @ways after @way, for the switch button: app password and
 * OAuth2 both offered (Gmail) let the person pick. */
static gboolean
ways_offer (const char * const *ways,
            ColombeSignIn       way)
{
  return ways != NULL && g_strv_contains (ways, colombe_sign_in_to_string (way));
}

static gboolean colombe_account_page_is_valid (ColombeAccountPage *self);

/* Screen 1 as the provider wants it: the field titled "App password" with
 * why and where to make one; or no password at all, and one line saying
 * who signs the person in. */
static void
colombe_account_page_show_sign_in (ColombeAccountPage *self)
{
  gboolean oauth2 = self->sign_in == COLOMBE_SIGN_IN_OAUTH2;
  gboolean app_password = self->sign_in == COLOMBE_SIGN_IN_APP_PASSWORD;
  gboolean both = ways_offer ((const char * const *) self->sign_in_ways,
                              COLOMBE_SIGN_IN_APP_PASSWORD) &&
                  ways_offer ((const char * const *) self->sign_in_ways, COLOMBE_SIGN_IN_OAUTH2);
  g_autofree char *line = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !oauth2);
  gtk_label_set_label (self->intro_label,
                       oauth2 ? _("Give your name and your e-mail address: Colombe finds the rest.")
                              : _("Give your name, your e-mail address and its password: Colombe "
                                  "finds the rest."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 app_password ? _("App password") : _("Password"));

  if (oauth2)
    /* Translators: the provider's name ("Outlook.com"). */
    line = g_strdup_printf (_("%s signs you in on its own page; Colombe prepares your mail "
                              "programs, which will open it."), self->provider_name);
  else if (app_password)
    line = g_strdup (self->help != NULL && self->help->text != NULL
                     ? self->help->text
                     : _("This provider does not accept your usual password in mail programs: "
                         "create an app password on its page and type it here."));
  gtk_label_set_label (self->sign_in_label, line != NULL ? line : "");
  gtk_widget_set_visible (self->sign_in_box, line != NULL);
  gtk_widget_set_visible (self->app_password_button,
                          app_password && self->help != NULL && self->help->url != NULL);
  gtk_widget_set_visible (self->sign_in_switch_button, both);
  gtk_label_set_label (self->sign_in_switch_label,
                       oauth2 ? _("Use an _App Password Instead")
                              : _("Sign In on the Provider’s _Page Instead"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.continue",
                                 colombe_account_page_is_valid (self));
}

static void
colombe_account_page_clear_provider (ColombeAccountPage *self)
{
  g_clear_pointer (&self->provider_domain, g_free);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->sign_in_ways, g_strfreev);
  g_clear_pointer (&self->help, colombe_help_free);
  self->sign_in = COLOMBE_SIGN_IN_PASSWORD;
}

/* The built-in database, at each change of the domain: instant and
 * offline. A domain it does not know: a password, as before. */
static void
colombe_account_page_lookup_provider (ColombeAccountPage *self)
{
  g_autoptr(ColombeAddress) address = colombe_account_page_dup_address (self);
  ColombeClientConfig *config = NULL;

  if (address != NULL && g_strcmp0 (address->domain, self->provider_domain) == 0)
    return;

  colombe_account_page_clear_provider (self);
  if (address != NULL)
    {
      self->provider_domain = g_strdup (address->domain);
      config = colombe_provider_db_lookup (colombe_provider_db_get_default (), address->domain);
    }
  if (config != NULL && (self->sign_in_ways = colombe_client_config_dup_sign_in (config)) != NULL &&
      self->sign_in_ways[0] != NULL)
    {
      colombe_sign_in_from_string (self->sign_in_ways[0], &self->sign_in);
      /* "Outlook.com" rather than "Outlook.com (Hotmail, Live, MSN)" */
      self->provider_name = g_strdup (colombe_client_config_get_display_short_name (config)
                                      ? colombe_client_config_get_display_short_name (config)
                                      : colombe_client_config_get_display_name (config));
      self->help = colombe_client_config_dup_help (config);
    }
  colombe_account_page_show_sign_in (self);
}

void
colombe_account_page_ask_app_password (ColombeAccountPage *self,
                                       const char         *url)
{
  g_return_if_fail (COLOMBE_IS_ACCOUNT_PAGE (self));

  self->sign_in = COLOMBE_SIGN_IN_APP_PASSWORD;
  if (url != NULL && (self->help == NULL || self->help->url == NULL))
    {
      g_clear_pointer (&self->help, colombe_help_free);
      self->help = colombe_help_new (url, NULL);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  colombe_account_page_show_sign_in (self);
}

/* The first field that still needs something, in reading order; NULL when
 * all three are right. */
static AdwEntryRow *
colombe_account_page_first_missing (ColombeAccountPage *self)
{
  if (!colombe_account_page_name_is_valid (self))
    return self->name_row;
  if (!colombe_account_page_address_is_valid (self))
    return self->address_row;
  if (!colombe_account_page_password_is_valid (self))
    return self->password_row;
  return NULL;
}

static gboolean
colombe_account_page_is_valid (ColombeAccountPage *self)
{
  return colombe_account_page_first_missing (self) == NULL;
}

/* Where the person goes on: the first field that needs something, else the
 * address (what decides what is found, so what one comes back to correct).
 * Never selected: coming back must not make the next key erase it. */
void
colombe_account_page_focus (ColombeAccountPage *self)
{
  AdwEntryRow *missing;

  g_return_if_fail (COLOMBE_IS_ACCOUNT_PAGE (self));

  missing = colombe_account_page_first_missing (self);
  colombe_entry_focus (missing != NULL ? missing : self->address_row);
}

/* The parser's message, beside the field. @insist: show it now (the field
 * was left, or Enter pressed); otherwise only an error already shown is
 * updated, or cleared as soon as the address is right: no error while the
 * person is still typing it. */
static void
colombe_account_page_show_address_error (ColombeAccountPage *self,
                                         gboolean            insist)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autoptr(ColombeAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  gboolean shown = gtk_widget_get_visible (GTK_WIDGET (self->address_error));
  gboolean wrong;

  if (text[0] != '\0')
    address = colombe_address_parse (text, &error);
  wrong = error != NULL && (insist || shown);

  gtk_label_set_label (self->address_error, wrong ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), wrong);
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

/* "Did you mean …@gmail.com?" when the domain looks mistyped; hidden for a
 * correct one. Works offline: nothing is looked up. */
static void
colombe_account_page_show_suggestion (ColombeAccountPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autofree char *sentence = NULL;

  g_clear_pointer (&self->suggestion, g_free);
  if (text[0] != '\0')
    self->suggestion = colombe_suggest_address (text);

  if (self->suggestion != NULL)
    /* Translators: the address as Colombe thinks it was meant; a button "Correct" follows. */
    sentence = g_strdup_printf (_("Did you mean %s?"), self->suggestion);
  gtk_label_set_label (self->suggestion_label, sentence ? sentence : "");
  gtk_widget_set_visible (self->suggestion_box, self->suggestion != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.use-suggestion",
                                 self->suggestion != NULL);
}

static void
on_changed (ColombeAccountPage *self)
{
  colombe_account_page_lookup_provider (self);
  /* A shown suggestion follows the text: corrected by hand, it goes. */
  if (self->suggestion != NULL)
    colombe_account_page_show_suggestion (self);
  colombe_account_page_show_address_error (self, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.continue",
                                 colombe_account_page_is_valid (self));
}

static void
on_address_left (ColombeAccountPage *self)
{
  colombe_account_page_show_address_error (self, TRUE);
  /* The suggestion too, not while typing, where every half-typed domain
   * would look like a mistake. */
  colombe_account_page_show_suggestion (self);
}

static gboolean
colombe_account_page_row_is_valid (ColombeAccountPage *self,
                                   AdwEntryRow        *row)
{
  if (row == self->name_row)
    return colombe_account_page_name_is_valid (self);
  if (row == self->address_row)
    return colombe_account_page_address_is_valid (self);
  return colombe_account_page_password_is_valid (self);
}

/* Enter goes on: to the search when all is right. A field that is not
 * right keeps the focus (the address with its error beside it); from a
 * right one, the focus goes to the first that needs something, nothing
 * selected. */
static void
on_entry_activated (ColombeAccountPage *self,
                    AdwEntryRow        *row)
{
  AdwEntryRow *missing = colombe_account_page_first_missing (self);

  if (missing == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "account.continue", NULL);
      return;
    }

  colombe_account_page_show_address_error (self, TRUE);
  if (colombe_account_page_row_is_valid (self, row))
    colombe_entry_focus (missing);
}

static void
continue_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ColombeAccountPage *self = COLOMBE_ACCOUNT_PAGE (widget);

  if (!colombe_account_page_is_valid (self))
    return;

  /* A mistyped domain is said before any lookup; Continue again goes on
   * with the address as typed (it may be right). */
  if (self->suggestion == NULL)
    {
      colombe_account_page_show_suggestion (self);
      if (self->suggestion != NULL)
        return;
    }

  g_signal_emit (self, signals[SUBMITTED], 0);
}

static void
use_suggestion_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ColombeAccountPage *self = COLOMBE_ACCOUNT_PAGE (widget);
  g_autofree char *address = g_steal_pointer (&self->suggestion);
  AdwEntryRow *missing;

  if (address == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  colombe_account_page_show_suggestion (self);
  /* On to what is still missing (never selected), else the password. */
  missing = colombe_account_page_first_missing (self);
  colombe_entry_focus (missing != NULL ? missing : self->password_row);
}

static void
open_sign_in_help_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  ColombeAccountPage *self = COLOMBE_ACCOUNT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->help != NULL && self->help->url != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->help->url,
                  GDK_CURRENT_TIME);
}

/* Gmail: an app password, or Google's own page; the person picks. */
static void
switch_sign_in_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ColombeAccountPage *self = COLOMBE_ACCOUNT_PAGE (widget);

  self->sign_in = self->sign_in == COLOMBE_SIGN_IN_OAUTH2 ? COLOMBE_SIGN_IN_APP_PASSWORD
                                                          : COLOMBE_SIGN_IN_OAUTH2;
  colombe_account_page_show_sign_in (self);
}

static void
colombe_account_page_finalize (GObject *object)
{
  ColombeAccountPage *self = COLOMBE_ACCOUNT_PAGE (object);

  g_free (self->suggestion);
  colombe_account_page_clear_provider (self);

  G_OBJECT_CLASS (colombe_account_page_parent_class)->finalize (object);
}

static void
colombe_account_page_class_init (ColombeAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = colombe_account_page_finalize;

  /* The name, address and password are all there and the address is valid. */
  signals[SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/colombe-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, address_error);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, suggestion_box);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, sign_in_box);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, app_password_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, sign_in_switch_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeAccountPage, sign_in_switch_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "account.continue", NULL, continue_activated);
  gtk_widget_class_install_action (widget_class, "account.use-suggestion", NULL,
                                   use_suggestion_activated);
  gtk_widget_class_install_action (widget_class, "account.open-sign-in-help", NULL,
                                   open_sign_in_help_activated);
  gtk_widget_class_install_action (widget_class, "account.switch-sign-in", NULL,
                                   switch_sign_in_activated);
}

static void
colombe_account_page_init (ColombeAccountPage *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  colombe_peek_button_name (ADW_PASSWORD_ENTRY_ROW (self->password_row));

  /* Leaving the address is when it is judged, not each key typed. */
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_address_left), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->address_row), focus);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.continue", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.use-suggestion", FALSE);
}
