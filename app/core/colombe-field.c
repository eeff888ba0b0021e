/* colombe-field.c: the one gate every value passes before it enters an
 * account or a server
 *
 * Values reach Colombe from files, servers and people, and leave it inside
 * other programs' configuration files, where a line break starts a new
 * directive and some directives run commands. So the rules are strict for
 * everything those files hold: no control character, no line or paragraph
 * separator, no character that reverses the text shown to the person, valid
 * UTF-8, a length limit; host names in their DNS form only.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-field"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-field.h"
#include "colombe-server.h"
#include "colombe-types.h"

#define HOST_MAX_LENGTH 253
#define LABEL_MAX_LENGTH 63

typedef struct
{
  gsize    max_bytes;
  gboolean may_be_empty;
  gboolean may_hold_tab;       /* a password is whatever the person chose */
  gboolean may_turn_direction; /* a password is never shown */
} TextRules;

/* As ColombeField, HOST unused: a host has rules of its own. */
static const TextRules text_rules[] = {
  [COLOMBE_FIELD_HOST]     = { HOST_MAX_LENGTH + 1, FALSE, FALSE, FALSE },
  [COLOMBE_FIELD_USERNAME] = { 320, FALSE, FALSE, FALSE },
  [COLOMBE_FIELD_NAME]     = { 256, TRUE, FALSE, FALSE },
  [COLOMBE_FIELD_NOTE]     = { 4096, TRUE, FALSE, FALSE },
  [COLOMBE_FIELD_PASSWORD] = { 4096, FALSE, TRUE, TRUE },
  [COLOMBE_FIELD_URL]      = { 2048, FALSE, FALSE, FALSE },
};

static gboolean
refuse (GError     **error,
        const char  *reason)
{
  g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT, reason);
  return FALSE;
}

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* The embeddings, overrides and isolates of Unicode's bidirectional
 * algorithm: "moc.elpmaxe" shown as "example.com". */
static gboolean
turns_direction (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* U+FFFE, U+FFFF and their kin are no characters at all: XML 1.0 refuses
 * U+FFFE and U+FFFF, and none of them is ever typed. */
static gboolean
is_noncharacter (gunichar c)
{
  return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

static gboolean
check_characters (const TextRules  *rules,
                  const char       *value,
                  GError          **error)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_line_break (c))
        return refuse (error, _("contains a line break"));
      if (g_unichar_iscntrl (c) && !(c == '\t' && rules->may_hold_tab))
        return refuse (error, _("contains a control character"));
      if (turns_direction (c) && !rules->may_turn_direction)
        return refuse (error, _("contains a character that reverses the direction of the text"));
      if (is_noncharacter (c))
        return refuse (error, _("contains a code point that is not a character"));
    }

  return TRUE;
}

static gboolean
check_text (ColombeField   field,
            const char    *value,
            GError       **error)
{
  const TextRules *rules = &text_rules[field];
  gsize length = strlen (value);

  if (length == 0 && !rules->may_be_empty)
    return refuse (error, _("is empty"));

  if (!g_utf8_validate (value, length, NULL))
    return refuse (error, _("is not valid UTF-8 text"));

  if (length > rules->max_bytes)
    {
      g_autofree char *reason = g_strdup_printf (_("is too long (at most %u bytes)"),
                                                 (guint) rules->max_bytes);
      return refuse (error, reason);
    }

  return check_characters (rules, value, error);
}

static gboolean
label_is_valid (const char *label,
                gsize       length)
{
  if (length == 0 || length > LABEL_MAX_LENGTH)
    return FALSE;

  if (label[0] == '-' || label[length - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      /* Underscores appear in real internal host names; accept them. */
      if (!g_ascii_isalnum (label[i]) && label[i] != '-' && label[i] != '_')
        return FALSE;
    }

  return TRUE;
}

static gboolean
dns_name_is_valid (const char *host)
{
  gsize length = strlen (host);
  const char *label = host;

  /* A single trailing dot (an absolute name) is fine. */
  if (length > 1 && host[length - 1] == '.')
    length--;
  if (length > HOST_MAX_LENGTH)
    return FALSE;

  for (const char *p = host; ; p++)
    {
      if (p == host + length || *p == '.')
        {
          if (!label_is_valid (label, p - label))
            return FALSE;
          if (p == host + length)
            return TRUE;
          label = p + 1;
        }
    }
}

/* GLib 2.74 takes any bytes after an IPv6 zone's "%" as part of the
 * address; a zone only names an interface of this computer anyway. */
static gboolean
check_ipv6 (const char  *host,
            GError     **error)
{
  if (strchr (host, '%') != NULL)
    return refuse (error, _("is an IPv6 address with a zone (“%”), which cannot be used"));

  if (strspn (host, "0123456789abcdefABCDEF:.") != strlen (host) ||
      !g_hostname_is_ip_address (host))
    return refuse (error, _("is not a valid IPv6 address"));

  return TRUE;
}

static gboolean
check_host (const char  *host,
            GError     **error)
{
  if (host[0] == '\0')
    return refuse (error, _("is empty"));

  for (const char *p = host; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return refuse (error, _("must be written in ASCII (“xn--…” for an international name)"));

  if (strchr (host, ':') != NULL)
    return check_ipv6 (host, error);

  if (!dns_name_is_valid (host))
    return refuse (error, _("is not a valid host name"));

  return TRUE;
}

/* A page we send a person to: only over https, so that nobody on the way
 * can swap it for a look-alike asking for the password; a real host, so
 * that "https://evil@bank.example" cannot hide where it leads. */
static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autofree char *host = NULL;
  const char *start;
  gsize length;

  if (!check_text (COLOMBE_FIELD_URL, url, error))
    return FALSE;

  if (g_ascii_strncasecmp (url, "https://", 8) != 0)
    return refuse (error, _("is not an https:// address"));

  start = url + 8;
  length = strcspn (start, "/?#");
  host = g_strndup (start, length);
  if (strpbrk (url, " \t") != NULL || !dns_name_is_valid (host) || strchr (host, '.') == NULL)
    return refuse (error, _("is not a valid web address"));

  return TRUE;
}

gboolean
colombe_field_check (ColombeField   field,
                     const char    *value,
                     GError       **error)
{
  g_return_val_if_fail (field <= COLOMBE_FIELD_URL, FALSE);

  if (value == NULL)
    return refuse (error, _("is missing"));

  if (field == COLOMBE_FIELD_HOST)
    return check_host (value, error);

  if (field == COLOMBE_FIELD_URL)
    return check_url (value, error);

  return check_text (field, value, error);
}

gboolean
colombe_field_check_sign_in (const char * const  *ways,
                             GError             **error)
{
  guint seen[COLOMBE_SIGN_IN_OAUTH2 + 1] = { 0 };

  if (ways == NULL || ways[0] == NULL)
    return refuse (error, _("is empty"));

  for (guint i = 0; ways[i] != NULL; i++)
    {
      ColombeSignIn way;

      if (!colombe_sign_in_from_string (ways[i], &way))
        return refuse (error, _("holds a way to sign in other than “password”, "
                                "“app-password” and “oauth2”"));
      if (seen[way]++ > 0)
        return refuse (error, _("names the same way to sign in twice"));
    }

  return TRUE;
}

gboolean
colombe_field_check_named (ColombeField   field,
                           const char    *value,
                           const char    *name,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  if (colombe_field_check (field, value, &local_error))
    return TRUE;

  g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
               "%s: %s", name, local_error->message);
  return FALSE;
}

gboolean
colombe_field_check_template (ColombeField   field,
                              const char    *value,
                              GError       **error)
{
  g_autofree char *sample = NULL;

  g_return_val_if_fail (field <= COLOMBE_FIELD_URL, FALSE);

  if (value == NULL)
    return refuse (error, _("is missing"));

  /* "mail.%EMAILDOMAIN%" is not a host name before its expansion. */
  if (field != COLOMBE_FIELD_HOST && !check_text (field, value, error))
    return FALSE;

  sample = colombe_expand_placeholders (value, "user@example.org", "User");
  return colombe_field_check (field, sample, error);
}

gboolean
colombe_field_check_named_sign_in (const char * const  *ways,
                                   const char          *name,
                                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  if (colombe_field_check_sign_in (ways, &local_error))
    return TRUE;

  g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
               "%s: %s", name, local_error->message);
  return FALSE;
}

char *
colombe_field_dup_shown (const char *text)
{
  g_autofree char *valid = NULL;
  GString *shown;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  shown = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || is_line_break (c) || turns_direction (c))
        g_string_append_printf (shown, "\\u%04X", c);
      else
        g_string_append_unichar (shown, c);
    }

  return g_string_free (shown, FALSE);
}
