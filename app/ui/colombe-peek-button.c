/* colombe-peek-button.c: a name for the show/hide button of a password row
 *
 * libadwaita 1.2 labels the button of an AdwPasswordEntryRow by its icon,
 * which has no name: GTK 4.8 then gives screen readers "GtkImage". The
 * button's tooltip ("Show Text", "Hide Text", translated) says what it
 * does, so it becomes the name, and follows the tooltip as it changes;
 * GTK labels the button by its icon again each time the icon changes.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-peek-button"

#include "config.h"

#include "colombe-peek-button.h"

static void
name_after_tooltip (GtkWidget *button)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip != NULL ? tooltip : "", -1);
}

static void
name_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_BUTTON (child))
        {
          name_buttons (child);
          continue;
        }
      g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (name_after_tooltip), NULL);
      g_signal_connect (child, "notify::icon-name", G_CALLBACK (name_after_tooltip), NULL);
      g_signal_connect (child, "notify::child", G_CALLBACK (name_after_tooltip), NULL);
      name_after_tooltip (child);
    }
}

/* Every icon button of @row (the hidden "apply" one too) is named so. */
void
colombe_peek_button_name (AdwPasswordEntryRow *row)
{
  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  name_buttons (GTK_WIDGET (row));
}
