/* colombe-protocol-pop3.c: POP3 (RFC 1939, CAPA and STLS of RFC 2449 and
 * RFC 2595) for the probe
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-protocol-pop3"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-protocol.h"

static char *
pop3_dup_command (ColombeProtocolStep  step,
                  guint                sequence,
                  const char          *client_name)
{
  static const char * const verbs[] = {
    [COLOMBE_PROTOCOL_STEP_CAPABILITY] = "CAPA",
    [COLOMBE_PROTOCOL_STEP_STARTTLS] = "STLS",
    [COLOMBE_PROTOCOL_STEP_GOODBYE] = "QUIT",
  };

  g_assert (step != COLOMBE_PROTOCOL_STEP_GREETING && step < G_N_ELEMENTS (verbs));

  return g_strdup (verbs[step]);
}

static gboolean
is_positive (const char *line)
{
  return g_ascii_strncasecmp (line, "+OK", 3) == 0;
}

static gboolean
pop3_ends_reply (ColombeProtocolStep  step,
                 const char          *line,
                 guint                index)
{
  /* Only CAPA answers on several lines, ended by a lone dot; a refusal
   * ("-ERR") is one line, and so is every reply of a login. */
  if (step != COLOMBE_PROTOCOL_STEP_CAPABILITY)
    return TRUE;

  return index == 0 ? !is_positive (line) : g_str_equal (line, ".");
}

static gboolean
pop3_is_success (ColombeProtocolStep  step,
                 const char * const  *lines)
{
  return lines[0] != NULL && is_positive (lines[0]);
}

static GStrv
pop3_parse_capabilities (const char * const  *lines,
                         GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_strv_length ((GStrv) lines);

  if (n > 0 && g_ascii_strncasecmp (lines[0], "-ERR", 4) == 0)
    {
      /* A server older than RFC 2449: no list, which is no failure. */
      g_debug ("CAPA refused: %s", lines[0]);
      return g_strv_builder_end (builder);
    }

  if (!pop3_is_success (COLOMBE_PROTOCOL_STEP_CAPABILITY, lines))
    {
      g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_BAD_REPLY,
                   _("the server did not answer as a POP3 server: %s"), n > 0 ? lines[0] : "");
      return NULL;
    }

  /* Between "+OK" and ".": one capability per line, dot-stuffed. */
  for (guint i = 1; i + 1 < n; i++)
    {
      g_autofree char *upper = g_ascii_strup (lines[i][0] == '.' ? lines[i] + 1 : lines[i], -1);

      if (upper[0] != '\0')
        g_strv_builder_add (builder, upper);
    }

  return g_strv_builder_end (builder);
}

/* ---- logging in ---- */

/* "SASL PLAIN LOGIN" lists @mechanism. */
static gboolean
sasl_lists (const char * const *capabilities,
            const char         *mechanism)
{
  for (guint i = 0; capabilities[i] != NULL; i++)
    if (g_str_has_prefix (capabilities[i], "SASL "))
      {
        g_auto(GStrv) words = g_strsplit (capabilities[i] + 5, " ", -1);

        if (g_strv_contains ((const char * const *) words, mechanism))
          return TRUE;
      }

  return FALSE;
}

static ColombeLoginMechanism
pop3_choose_mechanism (const char * const  *capabilities,
                       gboolean            *initial_response,
                       GError             **error)
{
  /* RFC 5034: AUTH may carry the initial response. */
  *initial_response = TRUE;

  if (sasl_lists (capabilities, "PLAIN"))
    return COLOMBE_LOGIN_MECHANISM_PLAIN;

  /* No list at all: a server older than CAPA, which knows USER. */
  if (capabilities[0] == NULL || g_strv_contains (capabilities, "USER"))
    return COLOMBE_LOGIN_MECHANISM_COMMAND;

  g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_NO_MECHANISM,
               _("the server offers no way to log in with a password here"));
  return COLOMBE_LOGIN_MECHANISM_NONE;
}

static char *
pop3_dup_login_line (const ColombeLoginAttempt *attempt,
                     const char                *challenge)
{
  g_autoptr(ColombeSecret) response = NULL;

  if (attempt->mechanism == COLOMBE_LOGIN_MECHANISM_PLAIN)
    {
      if (attempt->round > 0)
        return NULL;
      response = colombe_sasl_plain (attempt->username, attempt->password);
      return g_strdup_printf ("AUTH PLAIN %s", response);
    }

  g_assert (attempt->mechanism == COLOMBE_LOGIN_MECHANISM_COMMAND);

  /* A line end in a username or a password would end the command early. */
  if (strpbrk (attempt->username, "\r\n") || strpbrk (attempt->password, "\r\n"))
    return NULL;

  if (attempt->round == 0)
    return g_strdup_printf ("USER %s", attempt->username);
  if (attempt->round == 1)
    return g_strdup_printf ("PASS %s", attempt->password);

  return NULL;
}

static ColombeLoginReply
pop3_read_login_reply (const ColombeLoginAttempt *attempt,
                       const char * const        *lines)
{
  const char *line = lines[0];

  if (line == NULL)
    return COLOMBE_LOGIN_REPLY_UNEXPECTED;

  if (is_positive (line))
    {
      /* USER accepted is only half the way */
      if (attempt->mechanism == COLOMBE_LOGIN_MECHANISM_COMMAND && attempt->round == 1)
        return COLOMBE_LOGIN_REPLY_CONTINUE;
      return COLOMBE_LOGIN_REPLY_ACCEPTED;
    }

  if (line[0] == '+' && (line[1] == ' ' || line[1] == '\0'))
    return COLOMBE_LOGIN_REPLY_CONTINUE;

  /* -ERR leaves the connection waiting for another USER or AUTH. */
  if (g_ascii_strncasecmp (line, "-ERR", 4) == 0)
    return COLOMBE_LOGIN_REPLY_REFUSED;

  return COLOMBE_LOGIN_REPLY_UNEXPECTED;
}

static const char *
pop3_reply_text (const char *line)
{
  if (g_ascii_strncasecmp (line, "-ERR ", 5) == 0)
    return line + 5;
  if (g_ascii_strncasecmp (line, "+OK ", 4) == 0)
    return line + 4;

  return line;
}

const ColombeProtocolDriver colombe_protocol_pop3 = {
  .protocol = COLOMBE_PROTOCOL_POP3,
  .starttls_capability = "STLS",
  .dup_command = pop3_dup_command,
  .ends_reply = pop3_ends_reply,
  .is_success = pop3_is_success,
  .parse_capabilities = pop3_parse_capabilities,
  .choose_mechanism = pop3_choose_mechanism,
  .dup_login_line = pop3_dup_login_line,
  .read_login_reply = pop3_read_login_reply,
  .reply_text = pop3_reply_text,
};
