/* colombe-provenance.h: where a candidate configuration came from, and how
 * far it can be trusted
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "colombe-types.h"

G_BEGIN_DECLS

/* The assistant shows this beside the settings and asks before a password
 * goes to servers that an attacker on the way could have chosen. */
typedef struct
{
  char     *origin;           /* the URL that answered, the MX or SRV name, NULL */
  gboolean  unauthenticated;  /* came over http or unsigned DNS, or plain probes */
  gboolean  outside_domain;   /* a server lies outside the address's domain */
  char     *notice;           /* a warning for the person, translated, or NULL */
} ColombeProvenance;

#define COLOMBE_TYPE_PROVENANCE (colombe_provenance_get_type ())

GType              colombe_provenance_get_type      (void) G_GNUC_CONST;
ColombeProvenance *colombe_provenance_new           (const char               *origin);
ColombeProvenance *colombe_provenance_copy          (const ColombeProvenance  *self);
void               colombe_provenance_free          (ColombeProvenance        *self);
void               colombe_provenance_set_notice    (ColombeProvenance        *self,
                                                     const char               *notice);

/* TRUE when the person must agree before their password is sent: the
 * settings could have been forged on the way, or send it elsewhere than
 * the address's domain on a source's word that nothing signed. */
gboolean           colombe_provenance_needs_consent (const ColombeProvenance  *self,
                                                     ColombeSource             source);

JsonNode          *colombe_provenance_to_json       (const ColombeProvenance  *self,
                                                     ColombeSource             source);
ColombeProvenance *colombe_provenance_new_from_json (JsonNode                 *node,
                                                     GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeProvenance, colombe_provenance_free)

G_END_DECLS
