/* colombe-entry-focus.c: the focus into a text row, what was typed left as it is
 *
 * gtk_widget_grab_focus() on a text field selects all of it (the
 * gtk-entry-select-on-focus setting): right for Tab, wrong when the window
 * puts the person back in a field, where the next key would erase what
 * they typed. Here the cursor goes to the end and nothing is selected.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-entry-focus"

#include "config.h"

#include "colombe-entry-focus.h"

void
colombe_entry_focus (AdwEntryRow *row)
{
  GtkEditable *text;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  /* AdwEntryRow edits through a GtkText, its delegate. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  g_return_if_fail (GTK_IS_TEXT (text));

  gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
  gtk_editable_set_position (text, -1);
}
