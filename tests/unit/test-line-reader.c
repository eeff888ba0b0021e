/* test-line-reader.c: the line reader's limits, whatever the cut of the reads
 *
 * The first case was found by tests/fuzz/fuzz-line-reader.c; the second
 * and third pin the same limit, on a bare LF and across two reads.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "colombe-line-reader.h"

static gboolean
each_line_ends (const char *line,
                guint       index,
                gpointer    user_data)
{
  return TRUE;
}

static void
reply_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
start_reply (ColombeLineReader  *reader,
             GAsyncResult      **result)
{
  colombe_line_reader_read_reply_async (reader, each_line_ends, NULL, NULL, reply_read, result);
}

static GStrv
finish_reply (ColombeLineReader  *reader,
              GAsyncResult      **result,
              GError            **error)
{
  g_autoptr(GAsyncResult) done = NULL;

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = g_steal_pointer (result);

  return colombe_line_reader_read_reply_finish (reader, done, error);
}

static GStrv
read_reply (ColombeLineReader  *reader,
            GError            **error)
{
  GAsyncResult *result = NULL;

  start_reply (reader, &result);
  return finish_reply (reader, &result, error);
}

static ColombeLineReader *
reader_for (const char *data,
            gsize       length,
            gsize       max_line_length)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, length, NULL);
  ColombeLineReader *reader = colombe_line_reader_new (stream);

  colombe_line_reader_set_max_line_length (reader, max_line_length);
  return reader;
}

/* The fuzzer's input (its first two bytes chose a limit of 1 and SMTP's
 * reply end): a line with a bare LF got one byte more than the limit. */
static void
test_line_reader_bare_lf_limit (void)
{
  static const char found[] = "\0\x1a\n\x1a";
  g_autoptr(ColombeLineReader) reader = reader_for (found, sizeof found - 1, 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = read_reply (reader, &error);

  g_assert_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_LINE_TOO_LONG);
  g_assert_null (lines);
}

static void
test_line_reader_limit (void)
{
  static const char data[] = "abc\r\nabc\nabcd\r\n";
  g_autoptr(ColombeLineReader) reader = reader_for (data, sizeof data - 1, 3);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) first = read_reply (reader, &error);
  g_auto(GStrv) second = read_reply (reader, &error);
  g_auto(GStrv) third = NULL;

  g_assert_no_error (error);
  g_assert_cmpstrv (first, ((const char * const[]) { "abc", NULL }));
  g_assert_cmpstrv (second, ((const char * const[]) { "abc", NULL }));
  third = read_reply (reader, &error);
  g_assert_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_LINE_TOO_LONG);
  g_assert_null (third);
}

/* A line of the largest length whose CR and LF come in two reads. */
static void
test_line_reader_cr_then_lf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(ColombeLineReader) reader = NULL;
  g_auto(GStrv) lines = NULL;
  GAsyncResult *result = NULL;
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  stream = g_unix_input_stream_new (fds[0], TRUE);
  reader = colombe_line_reader_new (stream);
  colombe_line_reader_set_max_line_length (reader, 3);

  g_assert_cmpint (write (fds[1], "abc\r", 4), ==, 4);
  start_reply (reader, &result);
  while (colombe_line_reader_get_n_buffered (reader) < 4 && result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (write (fds[1], "\n", 1), ==, 1);
  lines = finish_reply (reader, &result, &error);
  close (fds[1]);

  g_assert_no_error (error);
  g_assert_cmpstrv (lines, ((const char * const[]) { "abc", NULL }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/line-reader/bare-lf-limit", test_line_reader_bare_lf_limit);
  g_test_add_func ("/line-reader/limit", test_line_reader_limit);
  g_test_add_func ("/line-reader/cr-then-lf", test_line_reader_cr_then_lf);

  return g_test_run ();
}
