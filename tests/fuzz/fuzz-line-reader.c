/* fuzz-line-reader.c: the line reader, fed in arbitrary chunks
 *
 * The first two bytes choose the reader's limits, the reply's end (a
 * protocol driver and a step) and how the rest arrives: in reads of 1 to
 * some bytes, as a network would cut it. Whatever the cut, the replies
 * must be the ones a plain reading of the whole input gives (the model
 * below): the same lines, the same ends, the same errors at the same place.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-fuzz.h"
#include "colombe-line-reader.h"
#include "colombe-protocol.h"

#define MAX_REPLIES 64

/* ---- a stream that hands its bytes over in uneven reads ---- */

#define FUZZ_TYPE_CHUNKED_STREAM (fuzz_chunked_stream_get_type ())
G_DECLARE_FINAL_TYPE (FuzzChunkedStream, fuzz_chunked_stream, FUZZ, CHUNKED_STREAM, GInputStream)

struct _FuzzChunkedStream
{
  GInputStream   parent_instance;
  const guint8  *data;
  gsize          size;
  gsize          position;
  guint32        state;       /* xorshift: the length of each read */
  guint          max_chunk;
};

G_DEFINE_FINAL_TYPE (FuzzChunkedStream, fuzz_chunked_stream, G_TYPE_INPUT_STREAM)

static gssize
fuzz_chunked_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  FuzzChunkedStream *self = FUZZ_CHUNKED_STREAM (stream);
  gsize length;

  self->state ^= self->state << 13;
  self->state ^= self->state >> 17;
  self->state ^= self->state << 5;
  length = MIN (MIN (count, 1 + self->state % self->max_chunk), self->size - self->position);
  memcpy (buffer, self->data + self->position, length);
  self->position += length;

  return length;
}

/* At once, in this thread: the default would read in a worker thread. */
static void
fuzz_chunked_stream_read_async (GInputStream        *stream,
                                void                *buffer,
                                gsize                count,
                                int                  io_priority,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_return_int (task, fuzz_chunked_stream_read (stream, buffer, count, NULL, NULL));
}

static gssize
fuzz_chunked_stream_read_finish (GInputStream  *stream,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
fuzz_chunked_stream_class_init (FuzzChunkedStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = fuzz_chunked_stream_read;
  stream_class->read_async = fuzz_chunked_stream_read_async;
  stream_class->read_finish = fuzz_chunked_stream_read_finish;
}

static void
fuzz_chunked_stream_init (FuzzChunkedStream *self)
{
}

static GInputStream *
fuzz_chunked_stream_new (const guint8 *data,
                         gsize         size,
                         guint8        seed)
{
  static const guint max_chunks[] = { 1, 2, 3, 5, 16, 100, 4096, 65536 };
  FuzzChunkedStream *self = g_object_new (FUZZ_TYPE_CHUNKED_STREAM, NULL);

  self->data = data;
  self->size = size;
  self->state = 0x9e3779b9u ^ seed;
  self->max_chunk = max_chunks[seed % G_N_ELEMENTS (max_chunks)];

  return G_INPUT_STREAM (self);
}

/* ---- what the reader is asked ---- */

typedef struct
{
  const ColombeProtocolDriver *driver;
  ColombeProtocolStep          step;
  gsize                        max_line_length;
  guint                        max_lines;
} Setup;

static Setup
setup_from (guint8 byte)
{
  static const ColombeProtocolDriver * const drivers[] = {
    &colombe_protocol_imap, &colombe_protocol_pop3, &colombe_protocol_smtp,
  };
  static const gsize line_lengths[] = { COLOMBE_LINE_READER_MAX_LINE_LENGTH, 1, 4, 30 };
  Setup setup;

  setup.driver = drivers[(byte & 3) % G_N_ELEMENTS (drivers)];
  setup.step = ((byte >> 2) & 7) % (COLOMBE_PROTOCOL_STEP_GOODBYE + 1);
  setup.max_line_length = line_lengths[(byte >> 5) & 3];
  setup.max_lines = byte & 0x80 ? 3 : COLOMBE_LINE_READER_MAX_LINES;

  return setup;
}

static gboolean
ends_reply (const char *line,
            guint       index,
            gpointer    user_data)
{
  const Setup *setup = user_data;

  return setup->driver->ends_reply (setup->step, line, index);
}

/* ---- the model: the whole input read at once ---- */

typedef struct
{
  const char *p;
  const char *end;
} Model;

/* The next reply, or NULL and the error code the reader must give. */
static GStrv
model_next_reply (Model       *model,
                  const Setup *setup,
                  int         *code)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (;;)
    {
      const char *newline = memchr (model->p, '\n', model->end - model->p);
      gsize length = (newline ? newline : model->end) - model->p;
      g_autofree char *line = NULL;

      /* The CR of a CRLF, or one that may still be */
      if (length > 0 && model->p[length - 1] == '\r')
        length--;
      if (length > setup->max_line_length)
        {
          *code = COLOMBE_PROTOCOL_ERROR_LINE_TOO_LONG;
          return NULL;
        }
      if (newline == NULL)
        {
          *code = COLOMBE_PROTOCOL_ERROR_CLOSED;
          return NULL;
        }

      line = g_utf8_make_valid (model->p, length);
      model->p = newline + 1;
      if (ends_reply (line, n++, (gpointer) setup))
        {
          g_strv_builder_add (builder, line);
          return g_strv_builder_end (builder);
        }
      g_strv_builder_add (builder, line);
      if (n >= setup->max_lines)
        {
          *code = COLOMBE_PROTOCOL_ERROR_TOO_MANY_LINES;
          return NULL;
        }
    }
}

/* ---- the reader, checked against the model ---- */

static void
reply_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GStrv
read_reply (ColombeLineReader  *reader,
            Setup              *setup,
            GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  colombe_line_reader_read_reply_async (reader, ends_reply, setup, NULL, reply_read, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return colombe_line_reader_read_reply_finish (reader, result, error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(ColombeLineReader) reader = NULL;
  Model model;
  Setup setup;

  if (size < 2)
    return 0;

  setup = setup_from (data[1]);
  stream = fuzz_chunked_stream_new (data + 2, size - 2, data[0]);
  reader = colombe_line_reader_new (stream);
  colombe_line_reader_set_max_line_length (reader, setup.max_line_length);
  colombe_line_reader_set_max_lines (reader, setup.max_lines);
  model = (Model) { (const char *) data + 2, (const char *) data + size };

  for (guint i = 0; i < MAX_REPLIES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) lines = read_reply (reader, &setup, &error);
      int code = -1;
      g_auto(GStrv) expected = model_next_reply (&model, &setup, &code);

      if (expected == NULL)
        {
          g_assert_null (lines);
          g_assert_error (error, COLOMBE_PROTOCOL_ERROR, code);
          break;
        }
      g_assert_no_error (error);
      g_assert_cmpstrv (lines, expected);
    }

  return 0;
}
