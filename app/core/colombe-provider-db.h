/* colombe-provider-db.h: the providers Colombe knows without a network
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-client-config.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_PROVIDER_DB (colombe_provider_db_get_type ())

G_DECLARE_FINAL_TYPE (ColombeProviderDb, colombe_provider_db, COLOMBE, PROVIDER_DB, GObject)

/* The built-in database, read from the GResource once, shared. */
ColombeProviderDb   *colombe_provider_db_get_default (void);

/* @domain: ASCII, any case. Returns (transfer none) or NULL. */
ColombeClientConfig *colombe_provider_db_lookup      (ColombeProviderDb *self,
                                                      const char        *domain);
/* Every provider, sorted by id. (transfer container) */
GPtrArray           *colombe_provider_db_list        (ColombeProviderDb *self);
/* The provider a server host belongs to (an MX host such as "mx1.free.fr"):
 * the host is, or is under, one of its domains, else under the last two
 * labels of one of its server hosts. Returns (transfer none) or NULL. */
ColombeClientConfig *colombe_provider_db_lookup_for_host (ColombeProviderDb *self,
                                                          const char        *hostname);

/* An account a person wrote (no sign-in list) at a built-in provider's
 * domain gets the provider's sign-in list and help: a password must not go
 * where the provider takes none because the servers were typed by hand. */
void                 colombe_provider_db_complete_account (ColombeProviderDb *self,
                                                           ColombeAccount    *account);

G_END_DECLS
