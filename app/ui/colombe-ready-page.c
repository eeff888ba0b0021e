/* colombe-ready-page.c: screen 3, "Ready": keyring, exports, phone, GNOME
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-ready-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "colombe-exporter.h"
#include "colombe-ready-page.h"
#include "colombe-server-row.h"

struct _ColombeReadyPage
{
  AdwBin               parent_instance;

  GtkLabel            *summary_label;
  AdwPreferencesGroup *phone_group;
  GtkLabel            *iphone_label;
  GtkWidget           *online_accounts_button;
  ColombeServerRow    *incoming_row;
  ColombeServerRow    *outgoing_row;
  GtkSwitch           *keyring_switch;
  AdwActionRow        *keyring_row;
  GtkPicture          *qr_picture;
  AdwPreferencesGroup *export_group;
  GtkLabel            *export_status;
  GtkLabel            *online_status;
  GtkWidget           *thunderbird_profile_list;
  AdwComboRow         *thunderbird_profile_row;
  GtkWidget           *thunderbird_box;
  GtkButton           *thunderbird_button;
  GtkLabel            *thunderbird_label;
  GtkWidget           *thunderbird_cancel;
  GtkLabel            *thunderbird_status;

  ColombeAccount      *account;
  gboolean             oauth2;      /* it signs in on the provider's page */
  gboolean             can_open_online_accounts;
  GPtrArray           *export_rows;  /* one per file or folder target */
  GPtrArray           *thunderbird_profiles;
};

G_DEFINE_FINAL_TYPE (ColombeReadyPage, colombe_ready_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SAVE_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
colombe_ready_page_show_qr (ColombeReadyPage *self)
{
  const ColombeExporter *qr = colombe_exporter_find ("qr");
  ColombeExportRequest request = { self->account, NULL };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  if (qr != NULL && (files = colombe_exporter_build (qr, &request, &error)) != NULL && files->len > 0)
    texture = gdk_texture_new_from_bytes (((ColombeExportFile *) files->pdata[0])->contents,
                                          &error);
  if (error != NULL)
    g_debug ("No QR code: %s", error->message);

  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), texture != NULL);
  /* an OAuth2 provider no phone app signs in to: no "scan this code" without one */
  gtk_widget_set_visible (GTK_WIDGET (self->phone_group),
                          texture != NULL ||
                          gtk_widget_get_visible (GTK_WIDGET (self->iphone_label)));
}

/* Which Settings screen of an iPhone adds the provider's own account, by
 * the name iOS lists it under (Settings, Mail, Accounts, Add Account). */
static const struct
{
  const char *provider;   /* the built-in database's id */
  const char *ios_name;
} ios_accounts[] = {
  { "gmail.com", "Google" },
  { "outlook.com", "Outlook.com" },
  { "yahoo.com", "Yahoo!" },
  { "aol.com", "AOL" },
};

static char *
dup_iphone_line (ColombeAccount *account)
{
  const char *id = colombe_account_get_provider_id (account);
  const char *name = colombe_account_get_provider_name (account);

  for (guint i = 0; i < G_N_ELEMENTS (ios_accounts); i++)
    if (g_strcmp0 (id, ios_accounts[i].provider) == 0)
      name = ios_accounts[i].ios_name;
  if (name == NULL)
    return NULL;

  /* Translators: the account type as the iPhone lists it ("Google", "Outlook.com"). */
  return g_strdup_printf (_("On an iPhone or iPad: open Settings, then Mail, Accounts, Add "
                            "Account, and choose %s. It opens the sign-in page itself."), name);
}

/* Thunderbird signs in with OAuth2 only to the providers it knows: for
 * another, no button that would add an account it cannot open. */
static gboolean
thunderbird_can_carry (ColombeReadyPage *self)
{
  return self->account == NULL ||
         colombe_exporter_can_carry (colombe_exporter_find ("thunderbird"), self->account, NULL);
}

/* An account that signs in on the provider's page: no password, so no
 * keyring; the programs that cannot sign in so are not offered. */
static void
colombe_ready_page_show_sign_in (ColombeReadyPage *self)
{
  const char *provider = colombe_account_get_provider_name (self->account);
  g_autofree char *summary = NULL;
  g_autofree char *iphone = self->oauth2 ? dup_iphone_line (self->account) : NULL;

  if (self->oauth2)
    /* Translators: the provider's name ("Outlook.com"). */
    summary = g_strdup_printf (_("Both servers answer securely. %s asks you to sign in on its own "
                                 "page the first time each program opens your mail."),
                               provider != NULL ? provider : _("Your provider"));
  gtk_label_set_label (self->summary_label,
                       summary != NULL ? summary : _("Both servers accepted your password."));
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_row), !self->oauth2);
  adw_preferences_group_set_description (self->phone_group,
                                         self->oauth2
                                         ? _("Scan this code with Thunderbird for Android to add "
                                             "the account: it opens the sign-in page.")
                                         : _("Scan this code with Thunderbird for Android to add "
                                             "the account; type the password there."));
  gtk_label_set_label (self->iphone_label, iphone != NULL ? iphone : "");
  gtk_widget_set_visible (GTK_WIDGET (self->iphone_label), iphone != NULL);
  gtk_widget_set_visible (self->online_accounts_button,
                          !self->oauth2 || self->can_open_online_accounts);
  /* shown again only by the next list of profiles (set_thunderbird_profiles) */
  if (!thunderbird_can_carry (self))
    gtk_widget_set_visible (self->thunderbird_box, FALSE);

  /* hidden rather than offered and then refused */
  for (guint i = 0; i < self->export_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->export_rows, i);
      const ColombeExporter *exporter = g_object_get_data (G_OBJECT (row), "exporter");

      gtk_widget_set_visible (row, colombe_exporter_can_carry (exporter, self->account, NULL));
    }
}

gboolean
colombe_ready_page_get_oauth2 (ColombeReadyPage *self)
{
  g_return_val_if_fail (COLOMBE_IS_READY_PAGE (self), FALSE);

  return self->oauth2;
}

void
colombe_ready_page_set_can_open_online_accounts (ColombeReadyPage *self,
                                                 gboolean          can_open)
{
  g_return_if_fail (COLOMBE_IS_READY_PAGE (self));

  self->can_open_online_accounts = can_open;
}

void
colombe_ready_page_set_account (ColombeReadyPage *self,
                                ColombeAccount   *account)
{
  g_return_if_fail (COLOMBE_IS_READY_PAGE (self));
  g_return_if_fail (COLOMBE_IS_ACCOUNT (account));

  g_set_object (&self->account, account);
  self->oauth2 = colombe_export_uses_oauth2 (account);
  colombe_ready_page_show_sign_in (self);
  colombe_server_row_set_server (self->incoming_row, colombe_account_get_incoming (account));
  colombe_server_row_set_server (self->outgoing_row, colombe_account_get_outgoing (account));
  gtk_label_set_label (self->export_status, "");
  gtk_label_set_label (self->online_status, "");
  colombe_ready_page_set_keyring_status (self, NULL);
  colombe_ready_page_show_qr (self);
}

ColombeAccount *
colombe_ready_page_get_account (ColombeReadyPage *self)
{
  g_return_val_if_fail (COLOMBE_IS_READY_PAGE (self), NULL);

  return self->account;
}

gboolean
colombe_ready_page_get_save_password (ColombeReadyPage *self)
{
  g_return_val_if_fail (COLOMBE_IS_READY_PAGE (self), FALSE);

  return gtk_switch_get_active (self->keyring_switch);
}

void
colombe_ready_page_set_keyring_status (ColombeReadyPage *self,
                                       const char       *status)
{
  g_return_if_fail (COLOMBE_IS_READY_PAGE (self));

  adw_action_row_set_subtitle (self->keyring_row, status ? status : "");
}

void
colombe_ready_page_set_online_status (ColombeReadyPage *self,
                                      const char       *status)
{
  g_return_if_fail (COLOMBE_IS_READY_PAGE (self));

  gtk_label_set_label (self->online_status, status ? status : "");
}

void
colombe_ready_page_set_thunderbird_profiles (ColombeReadyPage *self,
                                             GPtrArray        *profiles,
                                             gboolean          can_create)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = profiles != NULL ? profiles->len : 0;

  g_return_if_fail (COLOMBE_IS_READY_PAGE (self));

  g_clear_pointer (&self->thunderbird_profiles, g_ptr_array_unref);
  if (profiles != NULL)
    self->thunderbird_profiles = g_ptr_array_ref (profiles);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (names,
                            colombe_thunderbird_profile_get_name (g_ptr_array_index (profiles, i)));
  adw_combo_row_set_model (self->thunderbird_profile_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->thunderbird_profile_row, 0);
  gtk_widget_set_visible (self->thunderbird_profile_list, n > 1);
  gtk_widget_set_visible (self->thunderbird_box,
                          (n > 0 || can_create) && thunderbird_can_carry (self));
  colombe_ready_page_set_thunderbird_state (self, COLOMBE_READY_THUNDERBIRD_ADD, NULL);
}

ColombeThunderbirdProfile *
colombe_ready_page_get_thunderbird_profile (ColombeReadyPage *self)
{
  guint selected;

  g_return_val_if_fail (COLOMBE_IS_READY_PAGE (self), NULL);

  selected = adw_combo_row_get_selected (self->thunderbird_profile_row);
  if (self->thunderbird_profiles == NULL || selected >= self->thunderbird_profiles->len)
    return NULL;
  return g_ptr_array_index (self->thunderbird_profiles, selected);
}

void
colombe_ready_page_set_thunderbird_state (ColombeReadyPage        *self,
                                          ColombeReadyThunderbird  state,
                                          const char              *status)
{
  const char *label = _("Add to _Thunderbird");
  const char *action = "win.add-to-thunderbird";

  g_return_if_fail (COLOMBE_IS_READY_PAGE (self));

  switch (state)
    {
    case COLOMBE_READY_THUNDERBIRD_UPDATE:
      label = _("_Update Its Settings");
      action = "win.update-thunderbird";
      break;
    case COLOMBE_READY_THUNDERBIRD_OPEN:
      label = _("_Open Thunderbird");
      action = "win.open-thunderbird";
      break;
    case COLOMBE_READY_THUNDERBIRD_ADD:
    case COLOMBE_READY_THUNDERBIRD_BUSY:
    case COLOMBE_READY_THUNDERBIRD_WAITING:
    default:
      break;
    }

  gtk_label_set_label (self->thunderbird_label, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->thunderbird_button), action);
  gtk_widget_set_visible (GTK_WIDGET (self->thunderbird_button),
                          state != COLOMBE_READY_THUNDERBIRD_WAITING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->thunderbird_button),
                            state != COLOMBE_READY_THUNDERBIRD_BUSY);
  gtk_widget_set_visible (self->thunderbird_cancel, state == COLOMBE_READY_THUNDERBIRD_WAITING);
  /* Once added, the profile is no longer a choice. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->thunderbird_profile_row),
                            state == COLOMBE_READY_THUNDERBIRD_ADD);
  gtk_label_set_label (self->thunderbird_status, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->thunderbird_status), status != NULL && *status);
}

/* What the file chooser's answer leads to; the tests call it with the
 * file a person would have picked. */
void
colombe_ready_page_save (ColombeReadyPage      *self,
                         const ColombeExporter *exporter,
                         GFile                 *output)
{
  ColombeExportRequest request = { self->account, NULL };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (output);
  g_autofree char *status = NULL;

  g_return_if_fail (COLOMBE_IS_READY_PAGE (self));
  g_return_if_fail (exporter != NULL && G_IS_FILE (output));

  /* The chooser already asked before replacing a file: force. */
  if (path != NULL && (files = colombe_exporter_build (exporter, &request, &error)) != NULL &&
      colombe_export_write (exporter, files, path, TRUE, &error))
    status = g_strdup_printf (_("Saved in %s."), path);
  else
    status = g_strdup_printf (_("Could not save: %s"),
                              error ? error->message : _("not a local file"));

  gtk_label_set_label (self->export_status, status);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  ColombeReadyPage *self = COLOMBE_READY_PAGE (user_data);
  const ColombeExporter *exporter = g_object_get_data (G_OBJECT (chooser), "exporter");
  g_autoptr(GFile) output = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      output = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      colombe_ready_page_save (self, exporter, output);
    }

  g_object_unref (chooser);
  g_object_unref (self);
}

static char *
suggested_name (ColombeReadyPage      *self,
                const ColombeExporter *exporter)
{
  const char *address = colombe_account_get_address (self->account);
  g_autofree char *local = g_strndup (address, strcspn (address, "@"));

  if (exporter->extension != NULL)
    return g_strdup_printf ("%s-%s.%s", local, exporter->name, exporter->extension);
  return g_strdup_printf ("%s-%s", local, exporter->name);
}

/* Through the portal in Flatpak: GtkFileChooserNative, never a GtkFileChooserDialog. */
static void
on_export_activated (AdwActionRow     *row,
                     ColombeReadyPage *self)
{
  const ColombeExporter *exporter = g_object_get_data (G_OBJECT (row), "exporter");
  gboolean folder = exporter->kind == COLOMBE_EXPORT_KIND_FOLDER;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  g_autofree char *name = suggested_name (self, exporter);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_(exporter->description),
                                         GTK_WINDOW (native),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (!folder)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "exporter", (gpointer) exporter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* One row per file or folder target; actions (GNOME Online Accounts) have their button. */
static void
colombe_ready_page_add_exporters (ColombeReadyPage *self)
{
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);

  for (guint i = 0; i < n_exporters; i++)
    {
      GtkWidget *row;

      if (exporters[i]->kind == COLOMBE_EXPORT_KIND_ACTION)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(exporters[i]->description));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (exporters[i]->kind ==
                                                               COLOMBE_EXPORT_KIND_FOLDER
                                                               ? "folder-symbolic"
                                                               : "document-save-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, exporters[i]->name);
      g_object_set_data (G_OBJECT (row), "exporter", (gpointer) exporters[i]);
      g_signal_connect (row, "activated", G_CALLBACK (on_export_activated), self);
      adw_preferences_group_add (self->export_group, row);
      g_ptr_array_add (self->export_rows, row);
    }
}

static void
colombe_ready_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ColombeReadyPage *self = COLOMBE_READY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SAVE_PASSWORD:
      g_value_set_boolean (value, colombe_ready_page_get_save_password (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_switch_changed (ColombeReadyPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_PASSWORD]);
}

static void
colombe_ready_page_dispose (GObject *object)
{
  ColombeReadyPage *self = COLOMBE_READY_PAGE (object);

  g_clear_object (&self->account);
  g_clear_pointer (&self->thunderbird_profiles, g_ptr_array_unref);
  g_clear_pointer (&self->export_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (colombe_ready_page_parent_class)->dispose (object);
}

static void
colombe_ready_page_class_init (ColombeReadyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = colombe_ready_page_dispose;
  object_class->get_property = colombe_ready_page_get_property;

  properties[PROP_SAVE_PASSWORD] =
    g_param_spec_boolean ("save-password", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (COLOMBE_TYPE_SERVER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/colombe-ready-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, phone_group);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, iphone_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, online_accounts_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, incoming_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, outgoing_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, keyring_switch);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, export_group);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, export_status);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, online_status);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, thunderbird_profile_list);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, thunderbird_profile_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, thunderbird_box);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, thunderbird_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, thunderbird_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, thunderbird_cancel);
  gtk_widget_class_bind_template_child (widget_class, ColombeReadyPage, thunderbird_status);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_changed);
}

static void
colombe_ready_page_init (ColombeReadyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->export_rows = g_ptr_array_new ();
  colombe_ready_page_add_exporters (self);
}
