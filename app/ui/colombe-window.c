/* colombe-window.c: the assistant's window
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-window"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-window.h"

struct _ColombeWindow
{
  AdwApplicationWindow  parent_instance;

  AdwStatusPage        *status_page;
};

G_DEFINE_FINAL_TYPE (ColombeWindow, colombe_window, ADW_TYPE_APPLICATION_WINDOW)

/* Run from the build tree, the application icon is not installed yet:
 * a generic mail icon beats the "missing image" picture. */
static const char *
colombe_window_pick_icon (GtkWidget *widget)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

  if (gtk_icon_theme_has_icon (theme, APPLICATION_ID))
    return APPLICATION_ID;

  return "mail-unread-symbolic";
}

static void
colombe_window_class_init (ColombeWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/colombe-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeWindow, status_page);
}

static void
colombe_window_init (ColombeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Development builds look different, so nobody mistakes one for a release. */
  if (g_str_has_suffix (APPLICATION_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  adw_status_page_set_icon_name (self->status_page, colombe_window_pick_icon (GTK_WIDGET (self)));
}

ColombeWindow *
colombe_window_new (ColombeApplication *application)
{
  return g_object_new (COLOMBE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
