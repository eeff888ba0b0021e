/* colombe-field.h: the one gate every value passes before it enters an
 * account or a server
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a value is. Each kind has one set of rules, the same whether the
 * value came from an account file, a clientConfig document, the command
 * line, the window or a placeholder's expansion. */
typedef enum
{
  COLOMBE_FIELD_HOST,       /* a server: DNS name in ASCII, IPv4, or IPv6 without a zone */
  COLOMBE_FIELD_USERNAME,   /* what a server knows the person by */
  COLOMBE_FIELD_NAME,       /* a person's or a provider's name, a provider's id */
  COLOMBE_FIELD_NOTE,       /* a sentence or a URL shown to the person */
  COLOMBE_FIELD_PASSWORD,
  COLOMBE_FIELD_URL,        /* a page the person is sent to: https, a valid host */
} ColombeField;

/* TRUE when @value may enter the model as @field. Otherwise FALSE and
 * COLOMBE_ERROR_INVALID_INPUT with the reason in plain words ("contains a
 * line break"); the message never repeats the value, which may hold
 * anything, terminal escape sequences included. The caller says which
 * field: "incoming.username: contains a line break". */
gboolean colombe_field_check          (ColombeField   field,
                                       const char    *value,
                                       GError       **error);

/* colombe_field_check(), with the message prefixed by @name, the field
 * as the person knows it: "incoming.username", "--username", "<hostname>". */
gboolean colombe_field_check_named    (ColombeField   field,
                                       const char    *value,
                                       const char    *name,
                                       GError       **error);

/* The same for a value that may hold clientConfig placeholders
 * (%EMAILLOCALPART%, %EMAILDOMAIN%…): it must pass as it is written and
 * once expanded for a sample person. Each real expansion is checked again,
 * since a real local part may hold what the sample did not. */
gboolean colombe_field_check_template (ColombeField   field,
                                       const char    *value,
                                       GError       **error);

/* A list of ways to sign in (colombe-types.h: "password", "app-password",
 * "oauth2"), preferred first: at least one, each known, none twice. */
gboolean colombe_field_check_sign_in  (const char * const *ways,
                                       GError            **error);

/* The same, the message prefixed by @name ("sign_in"). */
gboolean colombe_field_check_named_sign_in (const char * const *ways,
                                            const char         *name,
                                            GError            **error);

/* @text as one line that a terminal or a label shows as it is: control
 * characters, line breaks and direction changes become "\u001B"; text
 * that is not UTF-8 is mended. For messages that must quote a value. */
char    *colombe_field_dup_shown      (const char    *text);

G_END_DECLS
