/* colombe-protocol-smtp.c: SMTP submission (RFC 5321, RFC 3207) for the probe
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-protocol-smtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-line-reader.h"
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
    default:
      g_assert_not_reached ();
    }
}

/* "250-…" continues a reply, "250 …" (or a bare "250") ends it. */
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

const ColombeProtocolDriver colombe_protocol_smtp = {
  .protocol = COLOMBE_PROTOCOL_SMTP,
  .starttls_capability = "STARTTLS",
  .dup_command = smtp_dup_command,
  .ends_reply = smtp_ends_reply,
  .is_success = smtp_is_success,
  .parse_capabilities = smtp_parse_capabilities,
};
