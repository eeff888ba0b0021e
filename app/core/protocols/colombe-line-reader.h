/* colombe-line-reader.h: bounded reading of a server's replies, line by line
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

/* Its errors: COLOMBE_PROTOCOL_ERROR. */
#include "colombe-protocol.h"

G_BEGIN_DECLS

#define COLOMBE_LINE_READER_MAX_LINE_LENGTH (16 * 1024)
#define COLOMBE_LINE_READER_MAX_LINES 256
#define COLOMBE_LINE_READER_TIMEOUT_MS 10000

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
