/* colombe-account.h: a person's mail account, incoming and outgoing
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-provenance.h"
#include "colombe-server.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_ACCOUNT (colombe_account_get_type ())

G_DECLARE_FINAL_TYPE (ColombeAccount, colombe_account, COLOMBE, ACCOUNT, GObject)

ColombeAccount   *colombe_account_new                 (const char       *name,
                                                       const char       *address);
/* The same settings for another person of the same domain: @address
 * and @name (or NULL), the usernames made anew from the provider's
 * templates. */
ColombeAccount   *colombe_account_copy_for            (ColombeAccount   *self,
                                                       const char       *address,
                                                       const char       *name);

const char       *colombe_account_get_name            (ColombeAccount   *self);
void              colombe_account_set_name            (ColombeAccount   *self,
                                                       const char       *name);
const char       *colombe_account_get_address         (ColombeAccount   *self);
void              colombe_account_set_address         (ColombeAccount   *self,
                                                       const char       *address);
const char       *colombe_account_get_provider_id     (ColombeAccount   *self);
const char       *colombe_account_get_provider_name   (ColombeAccount   *self);
void              colombe_account_set_provider        (ColombeAccount   *self,
                                                       const char       *id,
                                                       const char       *name);
ColombeSource     colombe_account_get_source          (ColombeAccount   *self);
void              colombe_account_set_source          (ColombeAccount   *self,
                                                       ColombeSource     source);
ColombeServer    *colombe_account_get_incoming        (ColombeAccount   *self);
void              colombe_account_set_incoming        (ColombeAccount   *self,
                                                       ColombeServer    *server);
ColombeServer    *colombe_account_get_outgoing        (ColombeAccount   *self);
void              colombe_account_set_outgoing        (ColombeAccount   *self,
                                                       ColombeServer    *server);
/* NULL for an account a person wrote; discovered ones always have one. */
const ColombeProvenance *
                  colombe_account_get_provenance      (ColombeAccount   *self);
void              colombe_account_set_provenance      (ColombeAccount          *self,
                                                       const ColombeProvenance *provenance);
gboolean          colombe_account_needs_consent       (ColombeAccount   *self);

JsonNode         *colombe_account_to_json             (ColombeAccount   *self);
char             *colombe_account_to_data             (ColombeAccount   *self);
ColombeAccount   *colombe_account_new_from_json       (JsonNode         *node,
                                                       GError          **error);
/* These also take what detect --json and test --json print (their
 * "account" member), so that their output can be used as it is. */
ColombeAccount   *colombe_account_new_from_data       (const char       *data,
                                                       gssize            length,
                                                       GError          **error);
ColombeAccount   *colombe_account_new_from_file       (const char       *path,
                                                       GError          **error);

G_END_DECLS
