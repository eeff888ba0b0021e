/* colombe-trust.h: the certificate exceptions a person accepted
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define COLOMBE_TRUST_ERROR (colombe_trust_error_quark ())

typedef enum
{
  COLOMBE_TRUST_ERROR_BAD_FINGERPRINT,  /* not 64 hexadecimal digits */
  COLOMBE_TRUST_ERROR_BAD_HOST,         /* not a host name or an IP address, or port 0 */
  COLOMBE_TRUST_ERROR_CORRUPT,          /* the file cannot be read back: left as it is */
} ColombeTrustError;

#define COLOMBE_TYPE_TRUST (colombe_trust_get_type ())

G_DECLARE_FINAL_TYPE (ColombeTrust, colombe_trust, COLOMBE, TRUST, GObject)

GQuark        colombe_trust_error_quark            (void);

ColombeTrust *colombe_trust_new                    (const char    *path);
ColombeTrust *colombe_trust_get_default            (void);
const char   *colombe_trust_get_path               (ColombeTrust  *self);

gboolean      colombe_trust_load                   (ColombeTrust  *self,
                                                    GError       **error);
char         *colombe_trust_lookup                 (ColombeTrust  *self,
                                                    const char    *host,
                                                    guint16        port);
gboolean      colombe_trust_is_trusted             (ColombeTrust  *self,
                                                    const char    *host,
                                                    guint16        port,
                                                    const char    *sha256);
gboolean      colombe_trust_add                    (ColombeTrust  *self,
                                                    const char    *host,
                                                    guint16        port,
                                                    const char    *sha256,
                                                    const char    *subject,
                                                    GError       **error);
gboolean      colombe_trust_remove                 (ColombeTrust  *self,
                                                    const char    *host,
                                                    guint16        port,
                                                    GError       **error);

/* "AB:CD:…" or "abcd…" -> "abcd…" (64 lower-case hex digits), else NULL and @error. */
char         *colombe_trust_normalize_fingerprint  (const char    *sha256,
                                                    GError       **error);

G_END_DECLS
