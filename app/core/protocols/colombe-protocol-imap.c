/* colombe-protocol-imap.c: IMAP4rev1 (RFC 3501) for the probe
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-protocol-imap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-protocol.h"

static char *
imap_dup_command (ColombeProtocolStep  step,
                  guint                sequence,
                  const char          *client_name)
{
  static const char * const verbs[] = {
    [COLOMBE_PROTOCOL_STEP_CAPABILITY] = "CAPABILITY",
    [COLOMBE_PROTOCOL_STEP_STARTTLS] = "STARTTLS",
    [COLOMBE_PROTOCOL_STEP_GOODBYE] = "LOGOUT",
  };

  g_assert (step != COLOMBE_PROTOCOL_STEP_GREETING && step < G_N_ELEMENTS (verbs));

  return g_strdup_printf ("a%u %s", sequence, verbs[step]);
}

/* What follows the tag of a tagged response ("OK …"), NULL for an
 * untagged one. Our tags are "a" and a number. */
static const char *
after_tag (const char *line)
{
  const char *p = line;

  if (*p++ != 'a' || !g_ascii_isdigit (*p))
    return NULL;
  while (g_ascii_isdigit (*p))
    p++;

  return *p == ' ' ? p + 1 : NULL;
}

static gboolean
is_ok (const char *status)
{
  return status != NULL && g_ascii_strncasecmp (status, "OK", 2) == 0 &&
         (status[2] == ' ' || status[2] == '\0');
}

static gboolean
is_continuation (const char *line)
{
  return line[0] == '+' && (line[1] == ' ' || line[1] == '\0');
}

static gboolean
imap_ends_reply (ColombeProtocolStep  step,
                 const char          *line,
                 guint                index)
{
  /* The greeting is one untagged line; every other reply ends tagged,
   * or, in a login, with the server's "+" asking for more. */
  if (step == COLOMBE_PROTOCOL_STEP_LOGIN && is_continuation (line))
    return TRUE;

  return step == COLOMBE_PROTOCOL_STEP_GREETING || after_tag (line) != NULL;
}

static gboolean
imap_is_success (ColombeProtocolStep  step,
                 const char * const  *lines)
{
  guint n = g_strv_length ((GStrv) lines);

  if (n == 0)
    return FALSE;

  if (step == COLOMBE_PROTOCOL_STEP_GREETING)
    return g_ascii_strncasecmp (lines[0], "* OK", 4) == 0 ||
           g_ascii_strncasecmp (lines[0], "* PREAUTH", 9) == 0;

  return is_ok (after_tag (lines[n - 1]));
}

static void
add_capabilities (GStrvBuilder *builder,
                  const char   *list)
{
  g_auto(GStrv) words = g_strsplit (list, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (words[i], -1);

      if (upper[0] != '\0')
        g_strv_builder_add (builder, upper);
    }
}

static GStrv
imap_parse_capabilities (const char * const  *lines,
                         GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_strv_length ((GStrv) lines);

  if (!imap_is_success (COLOMBE_PROTOCOL_STEP_CAPABILITY, lines))
    {
      g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_BAD_REPLY,
                   _("the server refused to list its capabilities: %s"),
                   n > 0 ? lines[n - 1] : "");
      return NULL;
    }

  for (guint i = 0; i + 1 < n; i++)
    if (g_ascii_strncasecmp (lines[i], "* CAPABILITY ", 13) == 0)
      add_capabilities (builder, lines[i] + 13);

  return g_strv_builder_end (builder);
}

/* "* OK [CAPABILITY IMAP4rev1 …] ready": the list without asking. */
static GStrv
imap_parse_greeting_capabilities (const char * const *lines)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *list = NULL;
  const char *start;
  const char *end;

  if (lines[0] == NULL || g_ascii_strncasecmp (lines[0], "* OK [CAPABILITY ", 17) != 0)
    return NULL;

  start = lines[0] + 17;
  if ((end = strchr (start, ']')) == NULL)
    return NULL;

  list = g_strndup (start, end - start);
  add_capabilities (builder, list);

  return g_strv_builder_end (builder);
}

/* ---- logging in ---- */

static gboolean
has (const char * const *capabilities,
     const char         *name)
{
  return g_strv_contains (capabilities, name);
}

static ColombeLoginMechanism
imap_choose_mechanism (const char * const  *capabilities,
                       gboolean            *initial_response,
                       GError             **error)
{
  *initial_response = has (capabilities, "SASL-IR");

  if (has (capabilities, "AUTH=PLAIN"))
    return COLOMBE_LOGIN_MECHANISM_PLAIN;

  if (!has (capabilities, "LOGINDISABLED"))
    return COLOMBE_LOGIN_MECHANISM_COMMAND;

  g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_PLAINTEXT_REFUSED,
               _("the server accepts no password on a connection that is not encrypted "
                 "(LOGINDISABLED)"));
  return COLOMBE_LOGIN_MECHANISM_NONE;
}

/* A quoted string holds neither 8-bit characters nor line ends (RFC 3501). */
static gboolean
needs_literal (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80 || *p == '\r' || *p == '\n')
      return TRUE;

  return FALSE;
}

/* Appends @text as an astring to @line; a synchronising literal ends the
 * line there (the server must say "+" first) and starts the next one. */
static void
append_string (GPtrArray   *lines,
               GString    **line,
               const char  *text)
{
  if (needs_literal (text))
    {
      g_string_append_printf (*line, "{%zu}", strlen (text));
      g_ptr_array_add (lines, g_string_free (*line, FALSE));
      /* large enough never to be moved, leaving copies behind */
      *line = g_string_sized_new (2 * strlen (text) + 64);
      g_string_append (*line, text);
      return;
    }

  g_string_append_c (*line, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (*line, '\\');
      g_string_append_c (*line, *p);
    }
  g_string_append_c (*line, '"');
}

/* The lines of "aN LOGIN user password", split at literals. */
static GPtrArray *
login_command_lines (const ColombeLoginAttempt *attempt)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_secret_free);
  /* large enough never to be moved, leaving copies of the password behind */
  GString *line = g_string_sized_new (2 * (strlen (attempt->username) +
                                           strlen (attempt->password)) + 64);

  g_string_printf (line, "a%u LOGIN ", attempt->sequence);
  append_string (lines, &line, attempt->username);
  g_string_append_c (line, ' ');
  append_string (lines, &line, attempt->password);
  g_ptr_array_add (lines, g_string_free (line, FALSE));

  return lines;
}

static char *
dup_command_line (const ColombeLoginAttempt *attempt)
{
  g_autoptr(GPtrArray) lines = login_command_lines (attempt);

  if (attempt->round >= lines->len)
    return NULL;

  return g_ptr_array_steal_index (lines, attempt->round);
}

static char *
dup_plain_line (const ColombeLoginAttempt *attempt)
{
  g_autoptr(ColombeSecret) response = NULL;

  if (attempt->round == 0 && !attempt->initial_response)
    return g_strdup_printf ("a%u AUTHENTICATE PLAIN", attempt->sequence);

  if (attempt->round > (attempt->initial_response ? 0 : 1))
    return NULL;

  response = colombe_sasl_plain (attempt->username, attempt->password);
  if (attempt->round == 1)
    return g_steal_pointer (&response);

  return g_strdup_printf ("a%u AUTHENTICATE PLAIN %s", attempt->sequence, response);
}

static char *
imap_dup_login_line (const ColombeLoginAttempt *attempt,
                     const char                *challenge)
{
  if (attempt->mechanism == COLOMBE_LOGIN_MECHANISM_PLAIN)
    return dup_plain_line (attempt);

  g_assert (attempt->mechanism == COLOMBE_LOGIN_MECHANISM_COMMAND);
  return dup_command_line (attempt);
}

static ColombeLoginReply
imap_read_login_reply (const ColombeLoginAttempt *attempt,
                       const char * const        *lines)
{
  guint n = g_strv_length ((GStrv) lines);
  const char *status;

  if (n == 0)
    return COLOMBE_LOGIN_REPLY_UNEXPECTED;

  if (is_continuation (lines[n - 1]))
    return COLOMBE_LOGIN_REPLY_CONTINUE;

  status = after_tag (lines[n - 1]);
  if (is_ok (status))
    return COLOMBE_LOGIN_REPLY_ACCEPTED;

  /* NO: refused, and the connection waits for another try. */
  if (status != NULL && g_ascii_strncasecmp (status, "NO", 2) == 0)
    return COLOMBE_LOGIN_REPLY_REFUSED;

  return COLOMBE_LOGIN_REPLY_UNEXPECTED;
}

/* "a3 NO [AUTHENTICATIONFAILED] Nope" and "* NO [ALERT] Nope" -> their text */
static const char *
imap_reply_text (const char *line)
{
  const char *text = after_tag (line);

  if (text == NULL && g_str_has_prefix (line, "* "))
    text = line + 2;
  if (text == NULL)
    return line;

  while (g_ascii_isalpha (*text))
    text++;

  return *text == ' ' ? text + 1 : text;
}

const ColombeProtocolDriver colombe_protocol_imap = {
  .protocol = COLOMBE_PROTOCOL_IMAP,
  .starttls_capability = "STARTTLS",
  .dup_command = imap_dup_command,
  .ends_reply = imap_ends_reply,
  .is_success = imap_is_success,
  .parse_capabilities = imap_parse_capabilities,
  .parse_greeting_capabilities = imap_parse_greeting_capabilities,
  .choose_mechanism = imap_choose_mechanism,
  .dup_login_line = imap_dup_login_line,
  .read_login_reply = imap_read_login_reply,
  .reply_text = imap_reply_text,
};
