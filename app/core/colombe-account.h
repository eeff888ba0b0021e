/* colombe-account.h: a person's mail account, incoming and outgoing
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-provenance.h"
#include "colombe-server.h"

G_BEGIN_DECLS

/* What a person reads about signing in at the provider: its page, and one
 * sentence in the person's language (CLI.md's account.help). */
typedef struct
{
  char *url;    /* https, through the gate (COLOMBE_FIELD_URL) */
  char *text;   /* COLOMBE_FIELD_NOTE */
} ColombeHelp;

ColombeHelp      *colombe_help_new                    (const char        *url,
                                                       const char        *text);
ColombeHelp      *colombe_help_copy                   (const ColombeHelp *help);
void              colombe_help_free                   (ColombeHelp       *help);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeHelp, colombe_help_free)

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
/* The ways a mail program signs in, preferred first ("password",
 * "app-password", "oauth2"); NULL when unknown. The model's rule: while
 * the account takes no password (only "oauth2"), its servers sign in with
 * OAuth2 only; a server set then, or held when the sign-in becomes so, is
 * replaced by a copy that says so (the caller's server is not changed). */
const char * const *
                  colombe_account_get_sign_in         (ColombeAccount   *self);
void              colombe_account_set_sign_in         (ColombeAccount     *self,
                                                       const char * const *ways);
/* Whether a password may be sent at all (colombe_sign_in_takes_password). */
gboolean          colombe_account_takes_password      (ColombeAccount   *self);
const ColombeHelp *
                  colombe_account_get_help            (ColombeAccount   *self);
void              colombe_account_set_help            (ColombeAccount    *self,
                                                       const ColombeHelp *help);
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
