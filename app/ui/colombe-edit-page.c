/* colombe-edit-page.c: "Edit settings": both servers by hand, then test again
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-edit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-edit-page.h"
#include "colombe-server-editor.h"

struct _ColombeEditPage
{
  AdwBin               parent_instance;

  AdwPreferencesGroup *candidates_group;
  AdwComboRow         *candidates_row;
  ColombeServerEditor *incoming_editor;
  ColombeServerEditor *outgoing_editor;
  GtkLabel            *error_label;

  GPtrArray           *candidates;
  ColombeAccount      *origin;
  ColombeAccount      *current;
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (ColombeEditPage, colombe_edit_page, ADW_TYPE_BIN)

static void
colombe_edit_page_fill (ColombeEditPage *self,
                        ColombeAccount  *account)
{
  g_set_object (&self->current, account);
  colombe_server_editor_set_server (self->incoming_editor, colombe_account_get_incoming (account));
  colombe_server_editor_set_server (self->outgoing_editor, colombe_account_get_outgoing (account));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* "IMAP, imap.orange.fr": enough to tell them apart, short enough for a
 * phone; where it came from is the row's subtitle. */
static char *
candidate_dup_label (ColombeAccount *candidate)
{
  ColombeServer *incoming = colombe_account_get_incoming (candidate);

  /* Translators: protocol, then host name. */
  return g_strdup_printf (_("%s, %s"),
                          colombe_protocol_get_label (colombe_server_get_protocol (incoming)),
                          colombe_server_get_host (incoming));
}

static void
colombe_edit_page_show_source (ColombeEditPage *self)
{
  guint selected = adw_combo_row_get_selected (self->candidates_row);
  g_autofree char *source = NULL;

  if (self->candidates != NULL && selected < self->candidates->len)
    {
      ColombeAccount *candidate = g_ptr_array_index (self->candidates, selected);

      /* Translators: where the chosen settings came from ("From Colombe’s list of providers"). */
      source = g_strdup_printf (_("From %s"),
                                colombe_source_get_plain_label (colombe_account_get_source (candidate)));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->candidates_row), source ? source : "");
}

/* A long host name wraps rather than ending in "…". */
static void
setup_choice (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_choice (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkStringObject *choice = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (choice));
}

void
colombe_edit_page_set_candidates (ColombeEditPage *self,
                                  GPtrArray       *candidates,
                                  ColombeAccount  *current)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_if_fail (COLOMBE_IS_EDIT_PAGE (self));
  g_return_if_fail (COLOMBE_IS_ACCOUNT (current));

  /* The same settings as last time: the person comes back to the page
   * (after Escape), and finds what they typed there. */
  if (current == self->origin && candidates == self->candidates)
    return;
  g_set_object (&self->origin, current);

  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  if (candidates != NULL)
    self->candidates = g_ptr_array_ref (candidates);

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      g_autofree char *label = candidate_dup_label (g_ptr_array_index (candidates, i));

      gtk_string_list_append (labels, label);
    }

  /* Filled first: choosing the first candidate must not replace @current. */
  colombe_edit_page_fill (self, current);
  self->filling = TRUE;
  adw_combo_row_set_model (self->candidates_row, G_LIST_MODEL (labels));
  self->filling = FALSE;
  /* The group, not only its row: an empty group still draws its frame. */
  gtk_widget_set_visible (GTK_WIDGET (self->candidates_group),
                          candidates != NULL && candidates->len > 1);
  colombe_edit_page_show_source (self);
}

ColombeAccount *
colombe_edit_page_dup_account (ColombeEditPage *self)
{
  g_autoptr(ColombeServer) incoming = colombe_server_editor_dup_server (self->incoming_editor);
  g_autoptr(ColombeServer) outgoing = colombe_server_editor_dup_server (self->outgoing_editor);
  ColombeAccount *account;

  g_return_val_if_fail (COLOMBE_IS_EDIT_PAGE (self), NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), incoming == NULL || outgoing == NULL);
  if (incoming == NULL || outgoing == NULL)
    return NULL;

  account = colombe_account_new (colombe_account_get_name (self->current),
                                 colombe_account_get_address (self->current));
  colombe_account_set_source (account, COLOMBE_SOURCE_MANUAL);
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);
  return account;
}

static void
on_candidate_selected (ColombeEditPage *self)
{
  guint selected = adw_combo_row_get_selected (self->candidates_row);

  colombe_edit_page_show_source (self);
  if (!self->filling && self->candidates != NULL && selected < self->candidates->len)
    colombe_edit_page_fill (self, g_ptr_array_index (self->candidates, selected));
}

static void
colombe_edit_page_dispose (GObject *object)
{
  ColombeEditPage *self = COLOMBE_EDIT_PAGE (object);

  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_object (&self->origin);
  g_clear_object (&self->current);

  G_OBJECT_CLASS (colombe_edit_page_parent_class)->dispose (object);
}

static void
colombe_edit_page_class_init (ColombeEditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = colombe_edit_page_dispose;

  g_type_ensure (COLOMBE_TYPE_SERVER_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/colombe-edit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeEditPage, candidates_group);
  gtk_widget_class_bind_template_child (widget_class, ColombeEditPage, candidates_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeEditPage, incoming_editor);
  gtk_widget_class_bind_template_child (widget_class, ColombeEditPage, outgoing_editor);
  gtk_widget_class_bind_template_child (widget_class, ColombeEditPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_candidate_selected);
}

static void
colombe_edit_page_init (ColombeEditPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice), NULL);
  adw_combo_row_set_factory (self->candidates_row, factory);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->candidates_row), FALSE);
}
