/* colombe-fuzz-protocol.c: a server's side of a probe, from fuzz input
 *
 * The lines reach the driver as the line reader hands them over (valid
 * UTF-8, no line end, at most 256 to a reply), and the driver is called in
 * the probe's order. What must hold whatever the server says: capabilities
 * are upper case and never empty, a refusal comes with an error, a
 * server's text is a part of its line, and the text kept from a refusal
 * never holds the password in any form it was sent in.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-fuzz-protocol.h"
#include "colombe-line-reader.h"

#define MAX_LOGIN_ROUNDS 8
#define MAX_SHOWN 200

/* Quote and backslash: IMAP's quoted form differs from the password. */
#define PASSWORD "s3cret\"Pa\\55"
#define USERNAME "someone@example.org"

typedef struct
{
  const ColombeProtocolDriver *driver;
  GStrv                        lines;   /* the whole input */
  guint                        next;
} Server;

static GStrv
split_lines (const uint8_t *data,
             size_t         size)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = (const char *) data;
  const char *end = p + size;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline ? newline : end;
      gsize length = line_end - p;
      g_autofree char *line = NULL;

      if (length > 0 && p[length - 1] == '\r')
        length--;
      line = g_utf8_make_valid (p, length);
      g_strv_builder_add (builder, line);
      p = newline ? newline + 1 : end;
    }

  return g_strv_builder_end (builder);
}

/* The next reply of @step; NULL when the server has nothing more to say. */
static GStrv
next_reply (Server              *server,
            ColombeProtocolStep  step)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint index = 0;

  if (server->lines[server->next] == NULL)
    return NULL;

  while (server->lines[server->next] != NULL && index < COLOMBE_LINE_READER_MAX_LINES)
    {
      const char *line = server->lines[server->next++];

      g_strv_builder_add (builder, line);
      if (server->driver->ends_reply (step, line, index++))
        break;
    }

  return g_strv_builder_end (builder);
}

static void
check_capabilities (const char * const *capabilities)
{
  for (guint i = 0; capabilities[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (capabilities[i], -1);

      g_assert_cmpstr (capabilities[i], !=, "");
      g_assert_cmpstr (capabilities[i], ==, upper);
    }
}

static void
check_reply_text (const ColombeProtocolDriver *driver,
                  const char                  *line)
{
  const char *text = driver->reply_text (line);

  g_assert_nonnull (text);
  g_assert_true (text[0] == '\0' || (text >= line && text <= line + strlen (line)));
}

/* What the probe keeps of a refusal (keep_server_message). */
static void
check_kept_text (const ColombeProtocolDriver *driver,
                 const ColombeLoginAttempt   *attempt,
                 const char * const          *reply)
{
  g_autoptr(GPtrArray) hidden = colombe_login_dup_sent_forms (attempt);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *kept = NULL;

  for (guint i = 0; reply[i] != NULL; i++)
    {
      check_reply_text (driver, reply[i]);
      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", driver->reply_text (reply[i]));
    }

  kept = colombe_login_clean_text (text->str, (const char * const *) hidden->pdata, MAX_SHOWN);
  g_assert_true (g_utf8_validate (kept, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (kept, -1), <=, MAX_SHOWN);
  for (guint i = 0; i < hidden->len - 1; i++)
    g_assert_null (strstr (kept, g_ptr_array_index (hidden, i)));
  colombe_login_asks_app_password (kept);
  colombe_login_asks_oauth2 (kept);
}

static void
play_login (Server             *server,
            const char * const *capabilities)
{
  const ColombeProtocolDriver *driver = server->driver;
  ColombeLoginAttempt attempt = { .username = USERNAME, .password = PASSWORD, .sequence = 3 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reply = NULL;

  colombe_login_offers_oauth2 (capabilities);
  attempt.mechanism = driver->choose_mechanism (capabilities, &attempt.initial_response, &error);
  g_assert_true ((attempt.mechanism == COLOMBE_LOGIN_MECHANISM_NONE) == (error != NULL));
  if (attempt.mechanism == COLOMBE_LOGIN_MECHANISM_NONE)
    return;

  while (attempt.round < MAX_LOGIN_ROUNDS)
    {
      const char *challenge = reply ? reply[g_strv_length (reply) - 1] : NULL;
      g_autoptr(ColombeSecret) line = driver->dup_login_line (&attempt, challenge);

      if (line == NULL)
        return;
      g_assert_null (strpbrk (line, "\r\n"));
      attempt.round++;

      g_clear_pointer (&reply, g_strfreev);
      if (!(reply = next_reply (server, COLOMBE_PROTOCOL_STEP_LOGIN)))
        return;
      if (driver->read_login_reply (&attempt, (const char * const *) reply) !=
          COLOMBE_LOGIN_REPLY_CONTINUE)
        break;
    }

  if (reply != NULL)
    check_kept_text (driver, &attempt, (const char * const *) reply);
}

static void
play_command (Server              *server,
              ColombeProtocolStep  step,
              guint                sequence)
{
  g_autofree char *command = server->driver->dup_command (step, sequence, "[127.0.0.1]");
  g_auto(GStrv) reply = NULL;

  g_assert_null (strpbrk (command, "\r\n"));
  if ((reply = next_reply (server, step)) != NULL)
    server->driver->is_success (step, (const char * const *) reply);
}

void
colombe_fuzz_protocol_replies (const ColombeProtocolDriver *driver,
                               const uint8_t               *data,
                               size_t                       size)
{
  g_auto(GStrv) lines = split_lines (data, size);
  Server server = { driver, lines, 0 };
  g_auto(GStrv) greeting = NULL;
  g_auto(GStrv) reply = NULL;
  g_auto(GStrv) capabilities = NULL;
  g_autoptr(GError) error = NULL;

  if (!(greeting = next_reply (&server, COLOMBE_PROTOCOL_STEP_GREETING)))
    return;
  driver->is_success (COLOMBE_PROTOCOL_STEP_GREETING, (const char * const *) greeting);
  for (guint i = 0; greeting[i] != NULL; i++)
    check_reply_text (driver, greeting[i]);
  if (driver->parse_greeting_capabilities != NULL &&
      (capabilities = driver->parse_greeting_capabilities ((const char * const *) greeting)))
    check_capabilities ((const char * const *) capabilities);
  g_clear_pointer (&capabilities, g_strfreev);

  g_free (driver->dup_command (COLOMBE_PROTOCOL_STEP_CAPABILITY, 1, "[127.0.0.1]"));
  if (!(reply = next_reply (&server, COLOMBE_PROTOCOL_STEP_CAPABILITY)))
    return;
  capabilities = driver->parse_capabilities ((const char * const *) reply, &error);
  g_assert_true ((capabilities == NULL) == (error != NULL));
  if (capabilities == NULL)
    return;
  check_capabilities ((const char * const *) capabilities);

  play_command (&server, COLOMBE_PROTOCOL_STEP_STARTTLS, 2);
  play_login (&server, (const char * const *) capabilities);
  play_command (&server, COLOMBE_PROTOCOL_STEP_GOODBYE, 4);
}
