/* colombe-line-reader.h: bounded reading of a server's replies, line by line
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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
} ColombeProtocolError;

#define COLOMBE_LINE_READER_MAX_LINE_LENGTH (16 * 1024)
#define COLOMBE_LINE_READER_MAX_LINES 256
#define COLOMBE_LINE_READER_TIMEOUT_MS 10000

GQuark colombe_protocol_error_quark (void);

/* One step's time limit: a child of @parent that is cancelled when
 * @timeout_ms ran out (or when @parent is cancelled). */
typedef struct _ColombeStepTimer ColombeStepTimer;

ColombeStepTimer *colombe_step_timer_new             (GCancellable      *parent,
                                                      guint              timeout_ms);
GCancellable     *colombe_step_timer_get_cancellable (ColombeStepTimer  *self);
/* Turns the CANCELLED that the timer caused into a TIMEOUT error naming
 * @what; any other error passes unchanged. */
void              colombe_step_timer_check           (ColombeStepTimer  *self,
                                                      const char        *what,
                                                      GError           **error);
void              colombe_step_timer_free            (ColombeStepTimer  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeStepTimer, colombe_step_timer_free)

/* Decides whether @line (without its CRLF), the @index-th of a reply, ends it. */
typedef gboolean (*ColombeLineEndsReply) (const char *line,
                                          guint       index,
                                          gpointer    user_data);

#define COLOMBE_TYPE_LINE_READER (colombe_line_reader_get_type ())

G_DECLARE_FINAL_TYPE (ColombeLineReader, colombe_line_reader, COLOMBE, LINE_READER, GObject)

ColombeLineReader *colombe_line_reader_new               (GInputStream          *stream);
/* After STARTTLS: read from the TLS stream from now on. */
void               colombe_line_reader_set_stream        (ColombeLineReader     *self,
                                                          GInputStream          *stream);
void               colombe_line_reader_set_max_line_length (ColombeLineReader   *self,
                                                            gsize                length);
void               colombe_line_reader_set_max_lines     (ColombeLineReader     *self,
                                                          guint                  lines);
void               colombe_line_reader_set_timeout       (ColombeLineReader     *self,
                                                          guint                  timeout_ms);
/* Bytes received past the last reply: a server must not send any before
 * a TLS handshake (they would be injected into the encrypted session). */
gsize              colombe_line_reader_get_n_buffered    (ColombeLineReader     *self);

/* Reads lines until @ends_reply says the reply is complete, within the
 * reader's limits; the lines are valid UTF-8, without their line ends. */
void               colombe_line_reader_read_reply_async  (ColombeLineReader     *self,
                                                          ColombeLineEndsReply   ends_reply,
                                                          gpointer               ends_reply_data,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
GStrv              colombe_line_reader_read_reply_finish (ColombeLineReader     *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

G_END_DECLS
