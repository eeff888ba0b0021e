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

#include "colombe-types.h"

G_BEGIN_DECLS

/* The exchanges of a probe, in the order they happen. */
typedef enum
{
  COLOMBE_PROTOCOL_STEP_GREETING,     /* nothing sent: the server speaks first */
  COLOMBE_PROTOCOL_STEP_CAPABILITY,
  COLOMBE_PROTOCOL_STEP_STARTTLS,
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
   * for GREETING. */
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
} ColombeProtocolDriver;

extern const ColombeProtocolDriver colombe_protocol_imap;
extern const ColombeProtocolDriver colombe_protocol_pop3;
extern const ColombeProtocolDriver colombe_protocol_smtp;

G_END_DECLS
