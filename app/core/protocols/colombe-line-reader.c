/* colombe-line-reader.c: bounded reading of a server's replies, line by line
 *
 * Our own buffer rather than GDataInputStream, so that a line without an
 * end stops at our limit instead of growing until memory runs out; each
 * reply has a time limit of its own, so a server that trickles a byte now
 * and then cannot keep us waiting for ever.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-line-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-line-reader.h"
#include "colombe-step-timer.h"

#define READ_CHUNK 4096

struct _ColombeLineReader
{
  GObject               parent_instance;

  GInputStream         *stream;
  GByteArray           *buffer;      /* received, not yet a line */
  gsize                 max_line_length;
  guint                 max_lines;
  guint                 timeout_ms;

  /* while a reply is read */
  GTask                *task;
  GPtrArray            *lines;
  ColombeLineEndsReply  ends_reply;
  gpointer              ends_reply_data;
  ColombeStepTimer     *timer;
  guint8                chunk[READ_CHUNK];
};

G_DEFINE_FINAL_TYPE (ColombeLineReader, colombe_line_reader, G_TYPE_OBJECT)

static void
colombe_line_reader_finalize (GObject *object)
{
  ColombeLineReader *self = (ColombeLineReader *)object;

  g_assert (self->task == NULL);

  g_clear_object (&self->stream);
  g_clear_pointer (&self->buffer, g_byte_array_unref);

  G_OBJECT_CLASS (colombe_line_reader_parent_class)->finalize (object);
}

static void
colombe_line_reader_class_init (ColombeLineReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_line_reader_finalize;
}

static void
colombe_line_reader_init (ColombeLineReader *self)
{
  self->buffer = g_byte_array_new ();
  self->max_line_length = COLOMBE_LINE_READER_MAX_LINE_LENGTH;
  self->max_lines = COLOMBE_LINE_READER_MAX_LINES;
  self->timeout_ms = COLOMBE_LINE_READER_TIMEOUT_MS;
}

ColombeLineReader *
colombe_line_reader_new (GInputStream *stream)
{
  ColombeLineReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (COLOMBE_TYPE_LINE_READER, NULL);
  self->stream = g_object_ref (stream);

  return self;
}

void
colombe_line_reader_set_stream (ColombeLineReader *self,
                                GInputStream      *stream)
{
  g_return_if_fail (COLOMBE_IS_LINE_READER (self));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->stream, stream);
  g_byte_array_set_size (self->buffer, 0);
}

void
colombe_line_reader_set_max_line_length (ColombeLineReader *self,
                                         gsize              length)
{
  g_return_if_fail (COLOMBE_IS_LINE_READER (self));
  g_return_if_fail (length > 0);

  self->max_line_length = length;
}

void
colombe_line_reader_set_max_lines (ColombeLineReader *self,
                                   guint              lines)
{
  g_return_if_fail (COLOMBE_IS_LINE_READER (self));
  g_return_if_fail (lines > 0);

  self->max_lines = lines;
}

void
colombe_line_reader_set_timeout (ColombeLineReader *self,
                                 guint              timeout_ms)
{
  g_return_if_fail (COLOMBE_IS_LINE_READER (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

gsize
colombe_line_reader_get_n_buffered (ColombeLineReader *self)
{
  g_return_val_if_fail (COLOMBE_IS_LINE_READER (self), 0);

  return self->buffer->len;
}

static void
finish_reply (ColombeLineReader *self,
              GError            *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GPtrArray) lines = g_steal_pointer (&self->lines);

  g_clear_pointer (&self->timer, colombe_step_timer_free);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_add (lines, NULL);
  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&lines), FALSE),
                         (GDestroyNotify) g_strfreev);
}

/* Moves the line that @end (its \n) closes out of the buffer. */
static char *
take_line (ColombeLineReader *self,
           guint8            *end)
{
  gsize length = end - self->buffer->data;
  char *line;

  line = g_utf8_make_valid ((const char *) self->buffer->data,
                            length > 0 && end[-1] == '\r' ? length - 1 : length);
  g_byte_array_remove_range (self->buffer, 0, length + 1);

  return line;
}

/* Takes every complete line; TRUE when the reply ended or failed. */
static gboolean
take_lines (ColombeLineReader  *self,
            GError            **error)
{
  for (;;)
    {
      guint8 *end = self->buffer->len ? memchr (self->buffer->data, '\n', self->buffer->len) : NULL;
      gsize length = end ? (gsize) (end - self->buffer->data) : self->buffer->len;
      char *line;

      /* The CR of a CRLF is no part of the line, nor is a last CR whose LF
       * is still on its way: the limit must not depend on how the bytes
       * were cut into reads, nor let a bare LF line be one byte longer. */
      if (length > 0 && self->buffer->data[length - 1] == '\r')
        length--;
      if (length > self->max_line_length)
        {
          g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_LINE_TOO_LONG,
                       /* a plain %lu: gettext cannot see through G_GSIZE_FORMAT */
                       _("the server sent a line longer than %lu bytes"),
                       (unsigned long) self->max_line_length);
          return TRUE;
        }

      if (end == NULL)
        return FALSE;

      line = take_line (self, end);
      g_ptr_array_add (self->lines, line);
      if (self->ends_reply (line, self->lines->len - 1, self->ends_reply_data))
        return TRUE;

      if (self->lines->len >= self->max_lines)
        {
          g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TOO_MANY_LINES,
                       _("the server sent more than %u lines in one reply"), self->max_lines);
          return TRUE;
        }
    }
}

static void read_more (ColombeLineReader *self);

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ColombeLineReader) self = user_data;
  GError *error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read < 0)
    {
      colombe_step_timer_check (self->timer, _("reading a reply"), &error);
      finish_reply (self, error);
      return;
    }

  if (n_read == 0)
    {
      finish_reply (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_CLOSED,
                                       _("the server closed the connection")));
      return;
    }

  g_byte_array_append (self->buffer, self->chunk, n_read);
  if (take_lines (self, &error))
    finish_reply (self, error);
  else
    read_more (self);
}

static void
read_more (ColombeLineReader *self)
{
  g_input_stream_read_async (self->stream, self->chunk, sizeof self->chunk, G_PRIORITY_DEFAULT,
                             colombe_step_timer_get_cancellable (self->timer),
                             read_done, g_object_ref (self));
}

void
colombe_line_reader_read_reply_async (ColombeLineReader    *self,
                                      ColombeLineEndsReply  ends_reply,
                                      gpointer              ends_reply_data,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  GError *error = NULL;

  g_return_if_fail (COLOMBE_IS_LINE_READER (self));
  g_return_if_fail (ends_reply != NULL);
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, colombe_line_reader_read_reply_async);
  self->lines = g_ptr_array_new_with_free_func (g_free);
  self->ends_reply = ends_reply;
  self->ends_reply_data = ends_reply_data;
  self->timer = colombe_step_timer_new (cancellable, self->timeout_ms);

  /* What an earlier read brought may already hold the whole reply. */
  if (take_lines (self, &error))
    finish_reply (self, error);
  else
    read_more (self);
}

GStrv
colombe_line_reader_read_reply_finish (ColombeLineReader  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (COLOMBE_IS_LINE_READER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
