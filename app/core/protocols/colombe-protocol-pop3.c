/* colombe-protocol-pop3.c: POP3 (RFC 1939, CAPA and STLS of RFC 2449 and
 * RFC 2595) for the probe
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-protocol-pop3"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-line-reader.h"
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
   * ("-ERR") is one line. */
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

const ColombeProtocolDriver colombe_protocol_pop3 = {
  .protocol = COLOMBE_PROTOCOL_POP3,
  .starttls_capability = "STLS",
  .dup_command = pop3_dup_command,
  .ends_reply = pop3_ends_reply,
  .is_success = pop3_is_success,
  .parse_capabilities = pop3_parse_capabilities,
};
