/* colombe-protocol-imap.c: IMAP4rev1 (RFC 3501) for the probe
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-protocol-imap"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-line-reader.h"
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
imap_ends_reply (ColombeProtocolStep  step,
                 const char          *line,
                 guint                index)
{
  /* The greeting is one untagged line; every other reply ends tagged. */
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

const ColombeProtocolDriver colombe_protocol_imap = {
  .protocol = COLOMBE_PROTOCOL_IMAP,
  .starttls_capability = "STARTTLS",
  .dup_command = imap_dup_command,
  .ends_reply = imap_ends_reply,
  .is_success = imap_is_success,
  .parse_capabilities = imap_parse_capabilities,
};
