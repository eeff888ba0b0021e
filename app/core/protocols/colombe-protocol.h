/* colombe-protocol.h: what Colombe must know to talk to one kind of server
 *
 * A protocol is one file in this folder, exporting a driver, and one line
 * in the table of colombe-probe.c. The probe does the talking (connection,
 * TLS, time limits); a driver only says what to send and how to read what
 * comes back.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-login.h"
#include "colombe-types.h"

G_BEGIN_DECLS

#define COLOMBE_PROTOCOL_ERROR (colombe_protocol_error_quark ())

/* What can go wrong talking to a mail server, once connected. Connection
 * errors (host not found, refused) keep their GIO and GResolver codes.
 * colombe_failure_kind_from_error() (colombe-failure.h) maps them to the
 * CLI's error kinds. */
typedef enum
{
  COLOMBE_PROTOCOL_ERROR_TIMEOUT,           /* a step got no (complete) answer in time */
  COLOMBE_PROTOCOL_ERROR_CLOSED,            /* the server hung up mid-reply */
  COLOMBE_PROTOCOL_ERROR_LINE_TOO_LONG,
  COLOMBE_PROTOCOL_ERROR_TOO_MANY_LINES,
  COLOMBE_PROTOCOL_ERROR_BAD_REPLY,         /* not this protocol, or a refusal */
  COLOMBE_PROTOCOL_ERROR_STARTTLS_MISSING,  /* configured, not offered */
  COLOMBE_PROTOCOL_ERROR_STARTTLS_FAILED,   /* offered, then refused */
  COLOMBE_PROTOCOL_ERROR_TLS_UNTRUSTED,     /* the certificate is not trusted */
  COLOMBE_PROTOCOL_ERROR_TLS_FAILED,        /* any other TLS failure */
  COLOMBE_PROTOCOL_ERROR_PLAINTEXT_REFUSED, /* a password would travel in clear */
  COLOMBE_PROTOCOL_ERROR_AUTH_FAILED,       /* the server refused the credentials */
  COLOMBE_PROTOCOL_ERROR_APP_PASSWORD_REQUIRED, /* … and said an app password is needed */
  COLOMBE_PROTOCOL_ERROR_NO_MECHANISM,      /* no password login we know is offered */
  COLOMBE_PROTOCOL_ERROR_OAUTH2_REQUIRED,   /* the server takes no password at all, only OAuth2 */
} ColombeProtocolError;

GQuark colombe_protocol_error_quark (void);

/* The exchanges of a probe, in the order they happen. */
typedef enum
{
  COLOMBE_PROTOCOL_STEP_GREETING,     /* nothing sent: the server speaks first */
  COLOMBE_PROTOCOL_STEP_CAPABILITY,
  COLOMBE_PROTOCOL_STEP_STARTTLS,
  COLOMBE_PROTOCOL_STEP_LOGIN,        /* each line of a login, see ColombeLoginAttempt */
  COLOMBE_PROTOCOL_STEP_GOODBYE,
} ColombeProtocolStep;

typedef struct
{
  ColombeProtocol   protocol;
  /* How the capability list names STARTTLS (upper case). */
  const char       *starttls_capability;

  /* The command line of @step, without its CRLF; @sequence numbers the
   * commands of a connection from 1 (IMAP's tags), @client_name is how we
   * introduce ourselves (SMTP's EHLO, an address literal). Never called
   * for GREETING nor LOGIN. */
  char           *(*dup_command)        (ColombeProtocolStep  step,
                                         guint                sequence,
                                         const char          *client_name);
  /* Whether @line, the @index-th line of @step's reply, is its last. */
  gboolean        (*ends_reply)         (ColombeProtocolStep  step,
                                         const char          *line,
                                         guint                index);
  /* Whether the reply of @step (GREETING, STARTTLS) is the positive one. */
  gboolean        (*is_success)         (ColombeProtocolStep  step,
                                         const char * const  *lines);
  /* The capabilities in the reply to CAPABILITY, one per entry, upper
   * case, with their parameters ("AUTH=PLAIN", "SASL PLAIN LOGIN",
   * "AUTH PLAIN LOGIN"); NULL and @error set when the reply is a refusal
   * that leaves nothing to go on. */
  GStrv           (*parse_capabilities) (const char * const  *lines,
                                         GError             **error);
  /* The capabilities the greeting already lists (IMAP's [CAPABILITY …]
   * response code), saving a round trip; NULL when it lists none. May be
   * NULL for a protocol whose greeting never does. */
  GStrv           (*parse_greeting_capabilities) (const char * const *lines);

  /* ---- logging in ---- */

  /* The strongest password mechanism @capabilities offer, with
   * @initial_response set when its first line may carry the credentials;
   * NONE and @error set (PLAINTEXT_REFUSED when the server refuses
   * passwords before TLS, NO_MECHANISM otherwise) when none will do. */
  ColombeLoginMechanism (*choose_mechanism) (const char * const  *capabilities,
                                             gboolean            *initial_response,
                                             GError             **error);
  /* The line to send after @attempt->round lines, without its CRLF
   * (secret: freed with colombe_secret_free()); @challenge is the last
   * line of the server's continuation (NULL before the first line). NULL
   * when there is nothing left to send: the server asked for too much. */
  char           *(*dup_login_line)     (const ColombeLoginAttempt *attempt,
                                         const char                *challenge);
  /* What the reply to the @attempt->round-th line means. */
  ColombeLoginReply (*read_login_reply) (const ColombeLoginAttempt *attempt,
                                         const char * const        *lines);
  /* @line without its tag, status or code: the server's own words. */
  const char     *(*reply_text)         (const char                *line);
} ColombeProtocolDriver;

extern const ColombeProtocolDriver colombe_protocol_imap;
extern const ColombeProtocolDriver colombe_protocol_pop3;
extern const ColombeProtocolDriver colombe_protocol_smtp;

G_END_DECLS
