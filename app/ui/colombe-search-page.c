/* colombe-search-page.c: screen 2, "Looking for your settings"
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-search-page"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-discovery.h"
#include "colombe-search-page.h"
#include "colombe-server-row.h"

struct _ColombeSearchPage
{
  AdwBin                parent_instance;

  GtkLabel             *status_label;
  GtkListBox           *lookups_list;
  AdwPreferencesGroup  *found_group;
  ColombeServerRow     *incoming_row;
  ColombeServerRow     *outgoing_row;
  AdwActionRow         *source_row;
  GtkLabel             *notice_label;
  GtkLabel             *pop_label;
  GtkWidget            *cancel_button;
};

G_DEFINE_FINAL_TYPE (ColombeSearchPage, colombe_search_page, ADW_TYPE_BIN)

static const char *
lookup_state_get_label (ColombeLookupState state)
{
  switch (state)
    {
    case COLOMBE_LOOKUP_STATE_WAITING:
      return _("Waiting");
    case COLOMBE_LOOKUP_STATE_RUNNING:
      return _("Asking…");
    case COLOMBE_LOOKUP_STATE_FOUND:
      return _("Answered: settings found");
    case COLOMBE_LOOKUP_STATE_NOT_FOUND:
      return _("Answered: nothing for this address");
    case COLOMBE_LOOKUP_STATE_ERROR:
      return _("Could not be reached");
    case COLOMBE_LOOKUP_STATE_TIMEOUT:
      return _("Did not answer in time");
    case COLOMBE_LOOKUP_STATE_UNUSABLE:
      return _("Answered with settings that cannot be used safely");
    case COLOMBE_LOOKUP_STATE_UNREACHABLE:
      return _("Not reached: no Internet connection");
    case COLOMBE_LOOKUP_STATE_SKIPPED:
    default:
      return _("Not needed");
    }
}

/* The core's labels go inside sentences ("from the provider's web site"):
 * on its own in a row, a label starts with a capital. */
static char *
source_dup_title (ColombeSource source)
{
  const char *label = colombe_source_get_plain_label (source);
  char first[7] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (label)), first);
  return g_strconcat (first, g_utf8_next_char (label), NULL);
}

static gboolean
on_query_detail (GtkWidget  *row,
                 int         x,
                 int         y,
                 gboolean    keyboard,
                 GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (row), "colombe-detail"));
  return TRUE;
}

static GtkWidget *
lookup_row_new (void)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_has_tooltip (row, TRUE);
  g_signal_connect (row, "query-tooltip", G_CALLBACK (on_query_detail), NULL);
  return row;
}

static void
lookup_row_show (GtkWidget                 *row,
                 const ColombeLookupReport *report)
{
  g_autofree char *title = source_dup_title (report->provenance);
  g_autofree char *tooltip = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), lookup_state_get_label (report->state));
  /* For the helper who reads over the volunteer's shoulder: the command line's words. */
  /* Translators: "the domain's mail server records (mx): unreachable, 0 ms"; the
   * word after the colon is `colombe detect --json`'s state, not translated. */
  tooltip = g_strdup_printf (_("%s (%s): %s, %d ms"),
                             colombe_source_get_label (report->provenance), report->name,
                             colombe_lookup_state_to_string (report->state),
                             (int) MIN (report->ms, G_MAXINT));
  /* Asked for on hover only: gtk_widget_set_tooltip_text() would query
   * the pointer's widget at once, for every row of every report. */
  g_object_set_data_full (G_OBJECT (row), "colombe-detail", g_steal_pointer (&tooltip), g_free);
}

/* Progress comes once per source while the search runs: the rows stay,
 * only their words change (new rows each time cost the search its time). */
void
colombe_search_page_set_reports (ColombeSearchPage *self,
                                 GPtrArray         *reports)
{
  guint n = reports != NULL ? reports->len : 0;
  GtkListBoxRow *row;

  g_return_if_fail (COLOMBE_IS_SEARCH_PAGE (self));

  while ((row = gtk_list_box_get_row_at_index (self->lookups_list, n)) != NULL)
    gtk_list_box_remove (self->lookups_list, GTK_WIDGET (row));

  for (guint i = 0; i < n; i++)
    {
      if ((row = gtk_list_box_get_row_at_index (self->lookups_list, i)) == NULL)
        {
          row = GTK_LIST_BOX_ROW (lookup_row_new ());
          gtk_list_box_append (self->lookups_list, GTK_WIDGET (row));
        }
      lookup_row_show (GTK_WIDGET (row), g_ptr_array_index (reports, i));
    }
}

void
colombe_search_page_set_status (ColombeSearchPage *self,
                                const char        *status)
{
  g_return_if_fail (COLOMBE_IS_SEARCH_PAGE (self));

  gtk_label_set_label (self->status_label, status);
}

void
colombe_search_page_set_account (ColombeSearchPage *self,
                                 ColombeAccount    *account,
                                 gboolean           pop_only)
{
  const ColombeProvenance *provenance;
  g_autofree char *source = NULL;

  g_return_if_fail (COLOMBE_IS_SEARCH_PAGE (self));
  g_return_if_fail (COLOMBE_IS_ACCOUNT (account));

  provenance = colombe_account_get_provenance (account);
  source = source_dup_title (colombe_account_get_source (account));
  colombe_server_row_set_server (self->incoming_row, colombe_account_get_incoming (account));
  colombe_server_row_set_server (self->outgoing_row, colombe_account_get_outgoing (account));
  adw_action_row_set_subtitle (self->source_row, source);
  gtk_label_set_label (self->notice_label, provenance && provenance->notice ? provenance->notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), provenance && provenance->notice);
  gtk_widget_set_visible (GTK_WIDGET (self->pop_label), pop_only);
  gtk_widget_set_visible (GTK_WIDGET (self->found_group), TRUE);
}

/* Cancel is all there is to do while it searches; the lookups above it
 * stay in the Tab order, to be read. */
void
colombe_search_page_focus (ColombeSearchPage *self)
{
  g_return_if_fail (COLOMBE_IS_SEARCH_PAGE (self));

  gtk_widget_grab_focus (self->cancel_button);
}

void
colombe_search_page_reset (ColombeSearchPage *self)
{
  g_return_if_fail (COLOMBE_IS_SEARCH_PAGE (self));

  colombe_search_page_set_reports (self, NULL);
  colombe_search_page_set_status (self, _("Asking where your mail servers are…"));
  gtk_widget_set_visible (GTK_WIDGET (self->found_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->pop_label), FALSE);
}

static void
colombe_search_page_class_init (ColombeSearchPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (COLOMBE_TYPE_SERVER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/colombe-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, lookups_list);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, found_group);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, incoming_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, outgoing_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, pop_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeSearchPage, cancel_button);
}

static void
colombe_search_page_init (ColombeSearchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  colombe_search_page_reset (self);
}
