/* colombe-certificate-dialog.c: an untrusted certificate, and trusting it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-certificate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "colombe-certificate-dialog.h"

struct _ColombeCertificateDialog
{
  AdwMessageDialog  parent_instance;

  AdwActionRow     *server_row;
  AdwActionRow     *subject_row;
  AdwActionRow     *issuer_row;
  AdwActionRow     *expiry_row;
  AdwActionRow     *fingerprint_row;
};

G_DEFINE_FINAL_TYPE (ColombeCertificateDialog, colombe_certificate_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* "ABCD 1234 …": groups of four, so that it wraps on a phone and can be
 * read out over the telephone. */
static char *
format_fingerprint (const char *sha256)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; sha256 != NULL && sha256[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, g_ascii_toupper (sha256[i]));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The end date in the person's language and time zone, not the ISO form the core keeps. */
static char *
format_date (const char *iso8601)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || (date = g_date_time_new_from_iso8601 (iso8601, NULL)) == NULL)
    return g_strdup (iso8601);

  local = g_date_time_to_local (date);
  /* TRANSLATORS: a certificate's last valid day, for g_date_time_format(): "February 28, 2029" */
  /* xgettext:no-c-format */
  return g_date_time_format (local, _("%B %-d, %Y"));
}

static void
colombe_certificate_dialog_fill (ColombeCertificateDialog     *self,
                                 const char                   *host,
                                 guint16                       port,
                                 const ColombeCertificateInfo *info)
{
  g_autofree char *server = g_strdup_printf ("%s:%u", host, port);
  g_autofree char *fingerprint = format_fingerprint (colombe_certificate_info_get_sha256 (info));
  g_autofree char *expiry = format_date (colombe_certificate_info_get_not_after (info));
  ColombeCertificateProblem problem = colombe_certificate_info_get_problem (info);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self), "%s %s",
                                  colombe_certificate_problem_get_description (problem),
                                  _("Trust it only if the people who run this server confirm "
                                    "that its fingerprint is the one below."));
  adw_action_row_set_subtitle (self->server_row, server);
  adw_action_row_set_subtitle (self->subject_row, colombe_certificate_info_get_subject (info));
  adw_action_row_set_subtitle (self->issuer_row, colombe_certificate_info_get_issuer (info));
  adw_action_row_set_subtitle (self->expiry_row, expiry);
  adw_action_row_set_subtitle (self->fingerprint_row, fingerprint);
}

static void
colombe_certificate_dialog_class_init (ColombeCertificateDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/colombe-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ColombeCertificateDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeCertificateDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeCertificateDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeCertificateDialog, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, ColombeCertificateDialog, fingerprint_row);
}

static void
colombe_certificate_dialog_init (ColombeCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ColombeCertificateDialog *
colombe_certificate_dialog_new (GtkWindow                    *parent,
                                const char                   *host,
                                guint16                       port,
                                const ColombeCertificateInfo *info)
{
  ColombeCertificateDialog *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (COLOMBE_TYPE_CERTIFICATE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  colombe_certificate_dialog_fill (self, host, port, info);
  return self;
}
