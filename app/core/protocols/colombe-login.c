/* colombe-login.c: what every protocol's login shares
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-login"

#include "config.h"

#include <string.h>

#include "colombe-login.h"

#define MASK "•••"

/* Servers that refuse an ordinary password and want an app password say
 * so in these words (lower case; matched anywhere in the refusal):
 * Gmail ("Application-specific password required", SMTP 534 5.7.9 and
 * 5.7.14 "Please log in with your web browser"), iCloud and Yahoo ("app
 * password", "app-specific password"), French providers ("mot de passe
 * d'application"). */
static const char * const app_password_patterns[] = {
  "application-specific password",
  "application specific password",
  "app-specific password",
  "app specific password",
  "app password",
  "mot de passe d'application",
  "mot de passe d’application",
  "5.7.9 ",
  "5.7.14 ",
  /* Gmail's IMAP alert names its app-password page, its SMTP refusal the
   * "InvalidSecondFactor" help topic (seen quoted in many programs' code) */
  "support.google.com/accounts/answer/185833",
  "invalidsecondfactor",
};

/* Servers that take no password at all, app passwords included: Microsoft's
 * Outlook.com and Exchange Online since basic authentication ended ("535
 * 5.7.139 Authentication unsuccessful, basic authentication is disabled",
 * IMAP "NO Basic authentication is disabled"; nodemailer#1714,
 * holon-run/uxc#445). 5.7.139 alone is not enough: Microsoft also sends it
 * for a mistyped password ("… the user credentials were incorrect"). */
static const char * const oauth2_patterns[] = {
  "basic authentication is disabled",
};

/* The SASL mechanisms that sign in with a token from the provider's page. */
static const char * const oauth2_mechanisms[] = { "XOAUTH2", "OAUTHBEARER" };

const char *
colombe_login_mechanism_to_string (ColombeLoginMechanism mechanism)
{
  static const char * const names[] = {
    [COLOMBE_LOGIN_MECHANISM_NONE] = "none",
    [COLOMBE_LOGIN_MECHANISM_COMMAND] = "command",
    [COLOMBE_LOGIN_MECHANISM_CRAM_MD5] = "CRAM-MD5",
    [COLOMBE_LOGIN_MECHANISM_LOGIN] = "LOGIN",
    [COLOMBE_LOGIN_MECHANISM_PLAIN] = "PLAIN",
  };

  g_return_val_if_fail (mechanism < G_N_ELEMENTS (names), NULL);

  return names[mechanism];
}

ColombeSecret *
colombe_sasl_encode (const char *data,
                     gsize       length)
{
  return g_base64_encode ((const guchar *) data, length);
}

ColombeSecret *
colombe_sasl_plain (const char *username,
                    const char *password)
{
  gsize user_length = strlen (username);
  gsize length = 1 + user_length + 1 + strlen (password);
  char *message = g_malloc (length + 1);
  ColombeSecret *encoded;

  /* authorization identity (empty), NUL, username, NUL, password */
  message[0] = '\0';
  memcpy (message + 1, username, user_length + 1);
  strcpy (message + 1 + user_length + 1, password);
  encoded = colombe_sasl_encode (message, length);

  colombe_secret_wipe (message, length);
  g_free (message);

  return encoded;
}

ColombeSecret *
colombe_sasl_cram_md5 (const char *username,
                       const char *password,
                       const char *challenge)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree guchar *decoded = NULL;
  g_autoptr(ColombeSecret) response = NULL;
  gsize length = 0;

  if (challenge == NULL || *challenge == '\0')
    return NULL;

  decoded = g_base64_decode (challenge, &length);
  if (length == 0)
    return NULL;

  hmac = g_hmac_new (G_CHECKSUM_MD5, (const guchar *) password, strlen (password));
  g_hmac_update (hmac, decoded, length);
  response = g_strdup_printf ("%s %s", username, g_hmac_get_string (hmac));

  return colombe_sasl_encode (response, strlen (response));
}

static ColombeSecret *
dup_quoted (const char *text)
{
  GString *quoted = g_string_sized_new (2 * strlen (text) + 1);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }

  return g_string_free (quoted, FALSE);
}

GPtrArray *
colombe_login_dup_sent_forms (const ColombeLoginAttempt *attempt)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_secret_free);
  const char *password = attempt->password;

  g_ptr_array_add (forms, g_strdup (password));
  g_ptr_array_add (forms, colombe_sasl_encode (password, strlen (password)));
  g_ptr_array_add (forms, colombe_sasl_plain (attempt->username, password));
  g_ptr_array_add (forms, dup_quoted (password));
  g_ptr_array_add (forms, NULL);

  return forms;
}

static gboolean
says_any (const char         *text,
          const char * const *patterns,
          gsize               n_patterns)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;

  lower = g_utf8_strdown (text, -1);
  for (gsize i = 0; i < n_patterns; i++)
    if (strstr (lower, patterns[i]) != NULL)
      return TRUE;

  return FALSE;
}

gboolean
colombe_login_asks_app_password (const char *text)
{
  return says_any (text, app_password_patterns, G_N_ELEMENTS (app_password_patterns));
}

gboolean
colombe_login_asks_oauth2 (const char *text)
{
  return says_any (text, oauth2_patterns, G_N_ELEMENTS (oauth2_patterns));
}

/* "AUTH=XOAUTH2", "AUTH PLAIN XOAUTH2", "SASL XOAUTH2": a mechanism list. */
static gboolean
lists_oauth2 (const char *capability)
{
  g_auto(GStrv) words = NULL;

  if (!g_str_has_prefix (capability, "AUTH=") && !g_str_has_prefix (capability, "AUTH ") &&
      !g_str_has_prefix (capability, "SASL "))
    return FALSE;

  words = g_strsplit (capability + 5, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    for (gsize j = 0; j < G_N_ELEMENTS (oauth2_mechanisms); j++)
      if (g_ascii_strcasecmp (words[i], oauth2_mechanisms[j]) == 0)
        return TRUE;

  return FALSE;
}

gboolean
colombe_login_offers_oauth2 (const char * const *capabilities)
{
  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    if (lists_oauth2 (capabilities[i]))
      return TRUE;

  return FALSE;
}

static void
mask (GString    *text,
      const char *hidden)
{
  gsize length = strlen (hidden);
  gsize from = 0;
  char *found;

  /* Too short to mask without masking everything else too. */
  if (length < 2)
    return;

  while ((found = strstr (text->str + from, hidden)) != NULL)
    {
      gssize position = found - text->str;

      g_string_erase (text, position, length);
      g_string_insert (text, position, MASK);
      from = position + strlen (MASK);
    }
}

char *
colombe_login_clean_text (const char         *text,
                          const char * const *hidden,
                          guint               max_chars)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (clean, g_unichar_isprint (c) ? c : ' ');
    }

  for (guint i = 0; hidden != NULL && hidden[i] != NULL; i++)
    mask (clean, hidden[i]);

  g_strstrip (clean->str);
  if (g_utf8_strlen (clean->str, -1) <= max_chars)
    return g_strdup (clean->str);

  return g_utf8_substring (clean->str, 0, max_chars);
}
