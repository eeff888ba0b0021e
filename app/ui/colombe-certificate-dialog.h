/* colombe-certificate-dialog.h: an untrusted certificate, and trusting it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "colombe-certificate.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_CERTIFICATE_DIALOG (colombe_certificate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ColombeCertificateDialog, colombe_certificate_dialog, COLOMBE, CERTIFICATE_DIALOG, AdwMessageDialog)

/* Responses: "cancel", or "trust" (that certificate, for @host and @port only). */
ColombeCertificateDialog *colombe_certificate_dialog_new (GtkWindow                    *parent,
                                                          const char                   *host,
                                                          guint16                       port,
                                                          const ColombeCertificateInfo *info);

G_END_DECLS
