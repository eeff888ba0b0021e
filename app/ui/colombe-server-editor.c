/* colombe-server-editor.c: one server's settings, by hand
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-server-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-field.h"
#include "colombe-server-editor.h"

struct _ColombeServerEditor
{
  AdwPreferencesGroup  parent_instance;

  AdwComboRow         *protocol_row;
  AdwEntryRow         *host_row;
  GtkSpinButton       *port_button;
  AdwComboRow         *security_row;
  AdwEntryRow         *username_row;

  ColombeServer       *server;
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (ColombeServerEditor, colombe_server_editor, ADW_TYPE_PREFERENCES_GROUP)

/* The rows' models follow the enums' order: IMAP, POP3 (SMTP alone for
 * outgoing); SSL/TLS, STARTTLS, none. */
static ColombeProtocol
colombe_server_editor_get_protocol (ColombeServerEditor *self)
{
  if (colombe_server_get_protocol (self->server) == COLOMBE_PROTOCOL_SMTP)
    return COLOMBE_PROTOCOL_SMTP;

  return adw_combo_row_get_selected (self->protocol_row) == 1 ? COLOMBE_PROTOCOL_POP3
                                                              : COLOMBE_PROTOCOL_IMAP;
}

static void
colombe_server_editor_fill_models (ColombeServerEditor *self,
                                   gboolean             outgoing)
{
  g_autoptr(GtkStringList) protocols = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) securities = gtk_string_list_new (NULL);
  ColombeSecurity all_securities[] = {
    COLOMBE_SECURITY_TLS, COLOMBE_SECURITY_STARTTLS, COLOMBE_SECURITY_NONE,
  };

  if (outgoing)
    gtk_string_list_append (protocols, colombe_protocol_get_label (COLOMBE_PROTOCOL_SMTP));
  else
    {
      gtk_string_list_append (protocols, colombe_protocol_get_label (COLOMBE_PROTOCOL_IMAP));
      gtk_string_list_append (protocols, colombe_protocol_get_label (COLOMBE_PROTOCOL_POP3));
    }
  for (guint i = 0; i < G_N_ELEMENTS (all_securities); i++)
    gtk_string_list_append (securities, colombe_security_get_label (all_securities[i]));

  adw_combo_row_set_model (self->protocol_row, G_LIST_MODEL (protocols));
  adw_combo_row_set_model (self->security_row, G_LIST_MODEL (securities));
  gtk_widget_set_sensitive (GTK_WIDGET (self->protocol_row), !outgoing);
}

void
colombe_server_editor_set_server (ColombeServerEditor *self,
                                  ColombeServer       *server)
{
  ColombeProtocol protocol;
  const char *username;

  g_return_if_fail (COLOMBE_IS_SERVER_EDITOR (self));
  g_return_if_fail (COLOMBE_IS_SERVER (server));

  g_set_object (&self->server, server);
  protocol = colombe_server_get_protocol (server);
  username = colombe_server_get_username (server);

  self->filling = TRUE;
  colombe_server_editor_fill_models (self, protocol == COLOMBE_PROTOCOL_SMTP);
  adw_combo_row_set_selected (self->protocol_row, protocol == COLOMBE_PROTOCOL_POP3 ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), colombe_server_get_host (server));
  gtk_spin_button_set_value (self->port_button, colombe_server_get_port (server));
  adw_combo_row_set_selected (self->security_row, colombe_server_get_security (server));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
  self->filling = FALSE;
}

/* What the person typed, as the model takes it: an international name in
 * its ASCII form; NULL when the model's gate refuses it. */
static char *
dup_host (ColombeServerEditor *self)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  g_autofree char *host = g_hostname_to_ascii (typed);

  if (host == NULL || !colombe_field_check (COLOMBE_FIELD_HOST, host, NULL))
    return NULL;

  return g_steal_pointer (&host);
}

/* An empty username lets the verifier try the address, then its local part. */
static char *
dup_username (ColombeServerEditor *self,
              gboolean            *valid)
{
  g_autofree char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));

  *valid = username[0] == '\0' || colombe_field_check (COLOMBE_FIELD_USERNAME, username, NULL);
  if (!*valid || username[0] == '\0')
    return NULL;

  return g_steal_pointer (&username);
}

ColombeServer *
colombe_server_editor_dup_server (ColombeServerEditor *self)
{
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;
  gboolean username_valid;
  ColombeServer *server;

  g_return_val_if_fail (COLOMBE_IS_SERVER_EDITOR (self), NULL);
  g_return_val_if_fail (self->server != NULL, NULL);

  host = dup_host (self);
  username = dup_username (self, &username_valid);
  if (host == NULL || !username_valid)
    return NULL;

  server = colombe_server_copy (self->server);
  colombe_server_set_protocol (server, colombe_server_editor_get_protocol (self));
  colombe_server_set_host (server, host);
  colombe_server_set_port (server, gtk_spin_button_get_value_as_int (self->port_button));
  colombe_server_set_security (server, adw_combo_row_get_selected (self->security_row));
  colombe_server_set_username (server, username);
  return server;
}

/* Another protocol or security: the port that goes with it, as a mail
 * program would suggest. */
static void
on_kind_changed (ColombeServerEditor *self)
{
  ColombeSecurity security = adw_combo_row_get_selected (self->security_row);

  if (self->filling || self->server == NULL || security > COLOMBE_SECURITY_NONE)
    return;

  gtk_spin_button_set_value (self->port_button,
                             colombe_protocol_default_port (colombe_server_editor_get_protocol (self),
                                                            security));
}

static void
show_error (GtkWidget *row,
            gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
on_host_changed (ColombeServerEditor *self)
{
  g_autofree char *host = dup_host (self);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->host_row));

  show_error (GTK_WIDGET (self->host_row), typed[0] != '\0' && host == NULL);
}

static void
on_username_changed (ColombeServerEditor *self)
{
  g_autofree char *username = NULL;
  gboolean valid;

  username = dup_username (self, &valid);
  show_error (GTK_WIDGET (self->username_row), !valid);
}

static gboolean
widget_holds_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The wheel over the port, while the person scrolls the page, would change
 * it (993 to 994) without a word: unless the port has the focus, the
 * wheel scrolls the page, as GTK's own scrolled window would. */
static gboolean
on_port_scroll (GtkEventControllerScroll *controller,
                double                    dx,
                double                    dy,
                ColombeServerEditor      *self)
{
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  double step;

  if (widget_holds_focus (GTK_WIDGET (self->port_button)))
    return GDK_EVENT_PROPAGATE;

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL)
    return GDK_EVENT_STOP;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* A wheel click moves by the page's step (a tenth of what shows); a
   * touchpad by its pixels. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    step = gtk_adjustment_get_step_increment (adjustment);
  else
    step = 1.0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * step);
  return GDK_EVENT_STOP;
}

static void
colombe_server_editor_guard_port (ColombeServerEditor *self)
{
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  /* Before the spin button's own scrolling, which it stops. */
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_port_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->port_button), scroll);
}

static void
colombe_server_editor_dispose (GObject *object)
{
  ColombeServerEditor *self = COLOMBE_SERVER_EDITOR (object);

  g_clear_object (&self->server);

  G_OBJECT_CLASS (colombe_server_editor_parent_class)->dispose (object);
}

static void
colombe_server_editor_class_init (ColombeServerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = colombe_server_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/colombe-server-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeServerEditor, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeServerEditor, host_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeServerEditor, port_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeServerEditor, security_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeServerEditor, username_row);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_host_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_username_changed);
}

static void
colombe_server_editor_init (ColombeServerEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  colombe_server_editor_guard_port (self);
}
