/* colombe-protocol-smtp.c: SMTP submission (RFC 5321, RFC 3207) for the probe
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-protocol-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-protocol.h"

static char *
smtp_dup_command (ColombeProtocolStep  step,
                  guint                sequence,
                  const char          *client_name)
{
  switch (step)
    {
    case COLOMBE_PROTOCOL_STEP_CAPABILITY:
      return g_strdup_printf ("EHLO %s", client_name);
    case COLOMBE_PROTOCOL_STEP_STARTTLS:
      return g_strdup ("STARTTLS");
    case COLOMBE_PROTOCOL_STEP_GOODBYE:
      return g_strdup ("QUIT");
    case COLOMBE_PROTOCOL_STEP_GREETING:
    case COLOMBE_PROTOCOL_STEP_LOGIN:
    default:
      g_assert_not_reached ();
    }
}

/* "250-… continues a reply, "250 …" (or a bare "250") ends it. */
static gboolean
smtp_ends_reply (ColombeProtocolStep  step,
                 const char          *line,
                 guint                index)
{
  return strlen (line) < 4 || line[3] != '-';
}

static gboolean
has_code (const char *line,
          const char *code)
{
  return strncmp (line, code, 3) == 0 && (line[3] == '\0' || line[3] == ' ' || line[3] == '-');
}

static gboolean
all_have_code (const char * const *lines,
               const char         *code)
{
  if (lines[0] == NULL)
    return FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    if (!has_code (lines[i], code))
      return FALSE;

  return TRUE;
}

static gboolean
smtp_is_success (ColombeProtocolStep  step,
                 const char * const  *lines)
{
  /* 220 both for "service ready" and for "ready to start TLS". */
  return all_have_code (lines, "220");
}

static GStrv
smtp_parse_capabilities (const char * const  *lines,
                         GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_strv_length ((GStrv) lines);

  if (!all_have_code (lines, "250"))
    {
      g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_BAD_REPLY,
                   _("the server refused EHLO: %s"), n > 0 ? lines[n - 1] : "");
      return NULL;
    }

  /* The first line names the server; each further one is an extension. */
  for (guint i = 1; i < n; i++)
    if (strlen (lines[i]) > 4)
      {
        g_autofree char *upper = g_ascii_strup (lines[i] + 4, -1);

        g_strv_builder_add (builder, upper);
      }

  return g_strv_builder_end (builder);
}

/* ---- logging in ---- */

/* "AUTH PLAIN LOGIN" (or the older "AUTH=PLAIN LOGIN") lists @mechanism. */
static gboolean
auth_lists (const char * const *capabilities,
            const char         *mechanism)
{
  for (guint i = 0; capabilities[i] != NULL; i++)
    if (g_str_has_prefix (capabilities[i], "AUTH ") || g_str_has_prefix (capabilities[i], "AUTH="))
      {
        g_auto(GStrv) words = g_strsplit (capabilities[i] + 5, " ", -1);

        if (g_strv_contains ((const char * const *) words, mechanism))
          return TRUE;
      }

  return FALSE;
}

static ColombeLoginMechanism
smtp_choose_mechanism (const char * const  *capabilities,
                       gboolean            *initial_response,
                       GError             **error)
{
  /* RFC 4954: AUTH may always carry the initial response. */
  *initial_response = TRUE;

  if (auth_lists (capabilities, "PLAIN"))
    return COLOMBE_LOGIN_MECHANISM_PLAIN;
  if (auth_lists (capabilities, "LOGIN"))
    return COLOMBE_LOGIN_MECHANISM_LOGIN;
  if (auth_lists (capabilities, "CRAM-MD5"))
    return COLOMBE_LOGIN_MECHANISM_CRAM_MD5;

  g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_NO_MECHANISM,
               _("the server offers no way to log in with a password here"));
  return COLOMBE_LOGIN_MECHANISM_NONE;
}

/* LOGIN: the username, then the password, each asked for by a 334. */
static char *
dup_login_mechanism_line (const ColombeLoginAttempt *attempt)
{
  const char *answer;

  if (attempt->round == 0)
    return g_strdup ("AUTH LOGIN");
  if (attempt->round > 2)
    return NULL;

  answer = attempt->round == 1 ? attempt->username : attempt->password;
  return colombe_sasl_encode (answer, strlen (answer));
}

static char *
smtp_dup_login_line (const ColombeLoginAttempt *attempt,
                     const char                *challenge)
{
  g_autoptr(ColombeSecret) response = NULL;

  switch (attempt->mechanism)
    {
    case COLOMBE_LOGIN_MECHANISM_PLAIN:
      if (attempt->round > 0)
        return NULL;
      response = colombe_sasl_plain (attempt->username, attempt->password);
      return g_strdup_printf ("AUTH PLAIN %s", response);

    case COLOMBE_LOGIN_MECHANISM_LOGIN:
      return dup_login_mechanism_line (attempt);

    case COLOMBE_LOGIN_MECHANISM_CRAM_MD5:
      if (attempt->round == 0)
        return g_strdup ("AUTH CRAM-MD5");
      if (attempt->round > 1 || challenge == NULL || strlen (challenge) < 4)
        return NULL;
      return colombe_sasl_cram_md5 (attempt->username, attempt->password, challenge + 4);

    case COLOMBE_LOGIN_MECHANISM_COMMAND:
    case COLOMBE_LOGIN_MECHANISM_NONE:
    default:
      g_assert_not_reached ();
    }
}

static ColombeLoginReply
smtp_read_login_reply (const ColombeLoginAttempt *attempt,
                       const char * const        *lines)
{
  if (all_have_code (lines, "235"))
    return COLOMBE_LOGIN_REPLY_ACCEPTED;
  if (all_have_code (lines, "334"))
    return COLOMBE_LOGIN_REPLY_CONTINUE;

  /* Only 535 (credentials invalid) lets another username try. */
  if (all_have_code (lines, "535"))
    return COLOMBE_LOGIN_REPLY_REFUSED;
  if (lines[0] != NULL && lines[0][0] == '5')
    return COLOMBE_LOGIN_REPLY_REFUSED_FINAL;

  return COLOMBE_LOGIN_REPLY_UNEXPECTED;
}

/* "535 5.7.8 Nope" -> "5.7.8 Nope": the enhanced code says much. */
static const char *
smtp_reply_text (const char *line)
{
  return strlen (line) > 4 ? line + 4 : "";
}

const ColombeProtocolDriver colombe_protocol_smtp = {
  .protocol = COLOMBE_PROTOCOL_SMTP,
  .starttls_capability = "STARTTLS",
  .dup_command = smtp_dup_command,
  .ends_reply = smtp_ends_reply,
  .is_success = smtp_is_success,
  .parse_capabilities = smtp_parse_capabilities,
  .choose_mechanism = smtp_choose_mechanism,
  .dup_login_line = smtp_dup_login_line,
  .read_login_reply = smtp_read_login_reply,
  .reply_text = smtp_reply_text,
};
