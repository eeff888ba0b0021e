/* colombe-application.c: the assistant as a GNOME application
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-application"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-application.h"
#include "colombe-window.h"

struct _ColombeApplication
{
  AdwApplication  parent_instance;

  char           *ca_file;
  char           *ispdb_url;
};

G_DEFINE_FINAL_TYPE (ColombeApplication, colombe_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Also trust the certificate authorities in this file"), N_("PEM") },
  { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Base address of an ISPDB mirror"), N_("URL") },
  { NULL }
};

static int
colombe_application_handle_local_options (GApplication *application,
                                          GVariantDict *dict)
{
  ColombeApplication *self = COLOMBE_APPLICATION (application);

  g_variant_dict_lookup (dict, "ca-file", "^ay", &self->ca_file);
  g_variant_dict_lookup (dict, "ispdb-url", "s", &self->ispdb_url);

  /* -1: go on and run the application. */
  return -1;
}

static void
colombe_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (colombe_window_new (COLOMBE_APPLICATION (application)));

  gtk_window_present (window);
}

static void
colombe_application_finalize (GObject *object)
{
  ColombeApplication *self = (ColombeApplication *)object;

  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->ispdb_url, g_free);

  G_OBJECT_CLASS (colombe_application_parent_class)->finalize (object);
}

static void
colombe_application_class_init (ColombeApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = colombe_application_finalize;
  app_class->activate = colombe_application_activate;
  app_class->handle_local_options = colombe_application_handle_local_options;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
colombe_application_init (ColombeApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", quit_activated },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

ColombeApplication *
colombe_application_new (void)
{
  return g_object_new (COLOMBE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_PREFIX,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

const char *
colombe_application_get_ca_file (ColombeApplication *self)
{
  g_return_val_if_fail (COLOMBE_IS_APPLICATION (self), NULL);

  return self->ca_file;
}

const char *
colombe_application_get_ispdb_url (ColombeApplication *self)
{
  g_return_val_if_fail (COLOMBE_IS_APPLICATION (self), NULL);

  return self->ispdb_url;
}
