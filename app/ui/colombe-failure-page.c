/* colombe-failure-page.c: why the test did not work, and the ways out
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-failure-page"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-entry-focus.h"
#include "colombe-failure-page.h"
#include "colombe-peek-button.h"
#include "colombe-server-row.h"

struct _ColombeFailurePage
{
  AdwBin               parent_instance;

  GtkImage            *icon_image;
  GtkLabel            *title_label;
  GtkLabel            *sentence_label;
  GtkLabel            *next_step_label;
  AdwPreferencesGroup *servers_group;
  ColombeServerRow    *incoming_row;
  ColombeServerRow    *outgoing_row;
  AdwEntryRow         *password_row;
  GtkButton           *fix_button;
  GtkLabel            *fix_label;
  GtkButton           *try_again_button;
  GtkButton           *edit_button;
};

G_DEFINE_FINAL_TYPE (ColombeFailurePage, colombe_failure_page, ADW_TYPE_BIN)

static void
append_failure (GString                   *text,
                const char                *label,
                const ColombeVerifyResult *result)
{
  if (result == NULL || result->verified)
    return;

  if (text->len > 0)
    g_string_append (text, "\n");
  /* Translators: "Incoming server: The password was refused." */
  g_string_append_printf (text, _("%s: %s"), label, colombe_failure_kind_get_sentence (result->kind));
}

/* The next step of the first server that failed (incoming first). */
static const char *
first_next_step (ColombeVerifier *verifier)
{
  const ColombeVerifyResult *incoming = colombe_verifier_get_incoming_result (verifier);
  const ColombeVerifyResult *outgoing = colombe_verifier_get_outgoing_result (verifier);

  if (incoming != NULL && !incoming->verified)
    return colombe_failure_kind_get_next_step (incoming->kind);
  if (outgoing != NULL && !outgoing->verified)
    return colombe_failure_kind_get_next_step (outgoing->kind);
  return "";
}

void
colombe_failure_page_show_verifier (ColombeFailurePage *self,
                                    ColombeVerifier    *verifier)
{
  ColombeAccount *account = colombe_verifier_get_account (verifier);
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (COLOMBE_IS_FAILURE_PAGE (self));

  /* Something was tested: this title is true only here. */
  gtk_image_set_from_icon_name (self->icon_image, "dialog-warning-symbolic");
  gtk_label_set_label (self->title_label, _("The Test Did Not Work"));
  append_failure (text, _("Incoming server"), colombe_verifier_get_incoming_result (verifier));
  append_failure (text, _("Outgoing server"), colombe_verifier_get_outgoing_result (verifier));
  gtk_label_set_label (self->sentence_label, text->str);
  gtk_label_set_label (self->next_step_label, first_next_step (verifier));
  colombe_server_row_set_server (self->incoming_row, colombe_account_get_incoming (account));
  colombe_server_row_set_server (self->outgoing_row, colombe_account_get_outgoing (account));
  gtk_widget_set_visible (GTK_WIDGET (self->servers_group), TRUE);
}

void
colombe_failure_page_show_message (ColombeFailurePage *self,
                                   const char         *icon_name,
                                   const char         *title,
                                   const char         *sentence,
                                   const char         *next_step)
{
  g_return_if_fail (COLOMBE_IS_FAILURE_PAGE (self));

  gtk_image_set_from_icon_name (self->icon_image, icon_name);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->sentence_label, sentence);
  gtk_label_set_label (self->next_step_label, next_step);
  gtk_widget_set_visible (GTK_WIDGET (self->servers_group), FALSE);
}

static void
set_suggested (GtkButton *button,
               gboolean   suggested)
{
  if (suggested)
    gtk_widget_add_css_class (GTK_WIDGET (button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (button), "suggested-action");
}

void
colombe_failure_page_set_advice (ColombeFailurePage   *self,
                                 ColombeFailureAdvice  advice)
{
  g_return_if_fail (COLOMBE_IS_FAILURE_PAGE (self));

  /* Without a network nothing typed by hand could be tested either. */
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button),
                          advice != COLOMBE_FAILURE_ADVICE_RECONNECT);
  set_suggested (self->try_again_button, advice == COLOMBE_FAILURE_ADVICE_TRY_AGAIN ||
                                         advice == COLOMBE_FAILURE_ADVICE_RECONNECT);
  set_suggested (self->edit_button, advice == COLOMBE_FAILURE_ADVICE_EDIT);
  set_suggested (self->fix_button, advice == COLOMBE_FAILURE_ADVICE_FIX);
}

void
colombe_failure_page_set_fix (ColombeFailurePage *self,
                              const char         *label,
                              const char         *uri)
{
  g_return_if_fail (COLOMBE_IS_FAILURE_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->fix_button), label != NULL);
  if (label != NULL)
    gtk_label_set_label (self->fix_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fix_button), label != NULL ? uri : NULL);
}

void
colombe_failure_page_set_password (ColombeFailurePage *self,
                                   const char         *password)
{
  g_return_if_fail (COLOMBE_IS_FAILURE_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

const char *
colombe_failure_page_get_password (ColombeFailurePage *self)
{
  g_return_val_if_fail (COLOMBE_IS_FAILURE_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

/* The password, what is in it kept: typing it again and Enter is the way
 * out of most failures. */
void
colombe_failure_page_focus (ColombeFailurePage *self)
{
  g_return_if_fail (COLOMBE_IS_FAILURE_PAGE (self));

  colombe_entry_focus (self->password_row);
}

/* Enter in the password field tries again with what was typed. */
static void
on_password_activated (ColombeFailurePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.retry", NULL);
}

static void
colombe_failure_page_class_init (ColombeFailurePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (COLOMBE_TYPE_SERVER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/colombe-failure-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, icon_image);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, next_step_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, servers_group);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, incoming_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, outgoing_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, fix_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, fix_label);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, try_again_button);
  gtk_widget_class_bind_template_child (widget_class, ColombeFailurePage, edit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);
}

static void
colombe_failure_page_init (ColombeFailurePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  colombe_failure_page_set_advice (self, COLOMBE_FAILURE_ADVICE_TRY_AGAIN);
  colombe_peek_button_name (ADW_PASSWORD_ENTRY_ROW (self->password_row));
}
