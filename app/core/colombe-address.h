/* colombe-address.h: an e-mail address as a person types it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define COLOMBE_ADDRESS_ERROR (colombe_address_error_quark ())

typedef enum
{
  COLOMBE_ADDRESS_ERROR_EMPTY,
  COLOMBE_ADDRESS_ERROR_NO_AT,
  COLOMBE_ADDRESS_ERROR_SEVERAL_AT,
  COLOMBE_ADDRESS_ERROR_EMPTY_LOCAL_PART,
  COLOMBE_ADDRESS_ERROR_EMPTY_DOMAIN,
  COLOMBE_ADDRESS_ERROR_INNER_SPACE,
  COLOMBE_ADDRESS_ERROR_LOCAL_PART_TOO_LONG,
  COLOMBE_ADDRESS_ERROR_DOMAIN_TOO_LONG,
  COLOMBE_ADDRESS_ERROR_TOO_LONG,
  COLOMBE_ADDRESS_ERROR_DOMAIN_NO_DOT,
  COLOMBE_ADDRESS_ERROR_INVALID_LOCAL_PART,
  COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
  COLOMBE_ADDRESS_ERROR_INVALID_ENCODING, /* not UTF-8: a broken paste */
} ColombeAddressError;

#define COLOMBE_TYPE_ADDRESS (colombe_address_get_type ())

typedef struct _ColombeAddress ColombeAddress;

struct _ColombeAddress
{
  char *address;        /* local_part@domain, the domain in ASCII (IDN converted) */
  char *local_part;     /* as typed, case kept (servers may care) */
  char *domain;         /* lower case ASCII, "xn--" labels for IDN */
  char *display_domain; /* lower case, Unicode, for showing to a person */
};

GQuark            colombe_address_error_quark  (void);
GType             colombe_address_get_type     (void) G_GNUC_CONST;

ColombeAddress   *colombe_address_parse        (const char            *text,
                                                GError               **error);
ColombeAddress   *colombe_address_copy         (const ColombeAddress  *self);
void              colombe_address_free         (ColombeAddress        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeAddress, colombe_address_free)

G_END_DECLS
