/* colombe-types.h: the small vocabularies every part of Colombe shares
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  COLOMBE_PROTOCOL_IMAP,
  COLOMBE_PROTOCOL_POP3,
  COLOMBE_PROTOCOL_SMTP,
} ColombeProtocol;

/* The names follow CLI.md (tls, starttls, none); clientConfig's socketType
 * spells them SSL, STARTTLS and plain. */
typedef enum
{
  COLOMBE_SECURITY_TLS,
  COLOMBE_SECURITY_STARTTLS,
  COLOMBE_SECURITY_NONE,
} ColombeSecurity;

/* Where a configuration came from, best-trusted first (DESIGN.md ranking). */
typedef enum
{
  COLOMBE_SOURCE_AUTOCONFIG,
  COLOMBE_SOURCE_WELL_KNOWN,
  COLOMBE_SOURCE_BUILTIN,
  COLOMBE_SOURCE_ISPDB,
  COLOMBE_SOURCE_MX,
  COLOMBE_SOURCE_SRV,
  COLOMBE_SOURCE_AUTOCONFIG_HTTP,
  COLOMBE_SOURCE_GUESS,
  COLOMBE_SOURCE_MANUAL,
} ColombeSource;

/* How a mail program signs in at a provider (CLI.md's account.sign_in). */
typedef enum
{
  COLOMBE_SIGN_IN_PASSWORD,       /* the person's usual password */
  COLOMBE_SIGN_IN_APP_PASSWORD,   /* a password made for one program at the provider */
  COLOMBE_SIGN_IN_OAUTH2,         /* the provider's own page, no password given to us */
} ColombeSignIn;

#define COLOMBE_ERROR (colombe_error_quark ())

/* Errors about input a person or a file gave us (exit status 2 in the CLI). */
typedef enum
{
  COLOMBE_ERROR_INVALID_INPUT,
  COLOMBE_ERROR_NOT_FOUND,
} ColombeError;

GQuark           colombe_error_quark            (void);

const char      *colombe_protocol_to_string     (ColombeProtocol  protocol);
gboolean         colombe_protocol_from_string   (const char      *text,
                                                 ColombeProtocol *protocol);
guint16          colombe_protocol_default_port  (ColombeProtocol  protocol,
                                                 ColombeSecurity  security);

const char      *colombe_security_to_string     (ColombeSecurity  security);
gboolean         colombe_security_from_string   (const char      *text,
                                                 ColombeSecurity *security);
const char      *colombe_security_to_socket_type (ColombeSecurity security);
gboolean         colombe_security_from_socket_type (const char      *text,
                                                    ColombeSecurity *security);

/* What a person reads: "SSL/TLS", "STARTTLS", "None" (translated). */
const char      *colombe_security_get_label     (ColombeSecurity  security);
const char      *colombe_protocol_get_label     (ColombeProtocol  protocol);
/* "the built-in provider database", translated. */
const char      *colombe_source_get_label       (ColombeSource    source);
/* The same in a volunteer's words, for the window ("the domain's mail
 * server records" is what a technical helper reads on the command line;
 * the window says who receives the domain's mail). */
const char      *colombe_source_get_plain_label (ColombeSource    source);

const char      *colombe_source_to_string       (ColombeSource    source);
gboolean         colombe_source_from_string     (const char      *text,
                                                 ColombeSource   *source);

const char      *colombe_sign_in_to_string      (ColombeSignIn    way);
gboolean         colombe_sign_in_from_string    (const char      *text,
                                                 ColombeSignIn   *way);
/* Whether a password (usual or app) may be sent: TRUE for an unknown list
 * (NULL), since only the server can then tell. */
gboolean         colombe_sign_in_takes_password (const char * const *ways);

gboolean         colombe_auth_is_known          (const char      *auth);

gboolean         colombe_hostname_is_valid      (const char      *host);

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
gboolean         colombe_set_str                (char           **str_pointer,
                                                 const char      *new_str);

G_END_DECLS
