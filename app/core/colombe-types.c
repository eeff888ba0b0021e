/* colombe-types.c: names of protocols, securities and sources
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-types"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-field.h"
#include "colombe-names.h"
#include "colombe-types.h"

G_DEFINE_QUARK (colombe-error-quark, colombe_error)

static const ColombeName protocol_names[] = {
  { COLOMBE_PROTOCOL_IMAP, "imap" },
  { COLOMBE_PROTOCOL_POP3, "pop3" },
  { COLOMBE_PROTOCOL_SMTP, "smtp" },
  { 0, NULL },
};

static const ColombeName security_names[] = {
  { COLOMBE_SECURITY_TLS, "tls" },
  { COLOMBE_SECURITY_STARTTLS, "starttls" },
  { COLOMBE_SECURITY_NONE, "none" },
  { 0, NULL },
};

static const ColombeName socket_type_names[] = {
  { COLOMBE_SECURITY_TLS, "SSL" },
  { COLOMBE_SECURITY_STARTTLS, "STARTTLS" },
  { COLOMBE_SECURITY_NONE, "plain" },
  { 0, NULL },
};

static const ColombeName source_names[] = {
  { COLOMBE_SOURCE_AUTOCONFIG, "autoconfig" },
  { COLOMBE_SOURCE_WELL_KNOWN, "well-known" },
  { COLOMBE_SOURCE_BUILTIN, "builtin" },
  { COLOMBE_SOURCE_ISPDB, "ispdb" },
  { COLOMBE_SOURCE_MX, "mx" },
  { COLOMBE_SOURCE_SRV, "srv" },
  { COLOMBE_SOURCE_AUTOCONFIG_HTTP, "autoconfig-http" },
  { COLOMBE_SOURCE_GUESS, "guess" },
  { COLOMBE_SOURCE_MANUAL, "manual" },
  { 0, NULL },
};

static const ColombeName sign_in_names[] = {
  { COLOMBE_SIGN_IN_PASSWORD, "password" },
  { COLOMBE_SIGN_IN_APP_PASSWORD, "app-password" },
  { COLOMBE_SIGN_IN_OAUTH2, "oauth2" },
  { 0, NULL },
};

/* The authentication names of the clientConfig format. */
static const char * const auth_names[] = {
  "password-cleartext", "password-encrypted", "OAuth2", "none",
  "client-IP-address", "TLS-client-cert", "GSSAPI", "NTLM",
  "smtp-after-pop", "plain", "secure",
};

const char *
colombe_protocol_to_string (ColombeProtocol protocol)
{
  return colombe_names_to_string (protocol_names, protocol);
}

gboolean
colombe_protocol_from_string (const char      *text,
                              ColombeProtocol *protocol)
{
  int value;

  g_return_val_if_fail (protocol != NULL, FALSE);

  if (!colombe_names_from_string (protocol_names, text, &value))
    return FALSE;

  *protocol = value;
  return TRUE;
}

/* RFC 8314 ports for implicit TLS, RFC 6409 submission for STARTTLS. */
guint16
colombe_protocol_default_port (ColombeProtocol protocol,
                               ColombeSecurity security)
{
  gboolean tls = security == COLOMBE_SECURITY_TLS;

  switch (protocol)
    {
    case COLOMBE_PROTOCOL_IMAP:
      return tls ? 993 : 143;
    case COLOMBE_PROTOCOL_POP3:
      return tls ? 995 : 110;
    case COLOMBE_PROTOCOL_SMTP:
      return tls ? 465 : 587;
    default:
      g_return_val_if_reached (0);
    }
}

const char *
colombe_security_to_string (ColombeSecurity security)
{
  return colombe_names_to_string (security_names, security);
}

gboolean
colombe_security_from_string (const char      *text,
                              ColombeSecurity *security)
{
  int value;

  g_return_val_if_fail (security != NULL, FALSE);

  if (!colombe_names_from_string (security_names, text, &value))
    return FALSE;

  *security = value;
  return TRUE;
}

const char *
colombe_security_to_socket_type (ColombeSecurity security)
{
  return colombe_names_to_string (socket_type_names, security);
}

gboolean
colombe_security_from_socket_type (const char      *text,
                                   ColombeSecurity *security)
{
  int value;

  g_return_val_if_fail (security != NULL, FALSE);

  if (!colombe_names_from_string (socket_type_names, text, &value))
    return FALSE;

  *security = value;
  return TRUE;
}

const char *
colombe_source_to_string (ColombeSource source)
{
  return colombe_names_to_string (source_names, source);
}

gboolean
colombe_source_from_string (const char    *text,
                            ColombeSource *source)
{
  int value;

  g_return_val_if_fail (source != NULL, FALSE);

  if (!colombe_names_from_string (source_names, text, &value))
    return FALSE;

  *source = value;
  return TRUE;
}

const char *
colombe_sign_in_to_string (ColombeSignIn way)
{
  return colombe_names_to_string (sign_in_names, way);
}

gboolean
colombe_sign_in_from_string (const char    *text,
                             ColombeSignIn *way)
{
  int value;

  g_return_val_if_fail (way != NULL, FALSE);

  if (!colombe_names_from_string (sign_in_names, text, &value))
    return FALSE;

  *way = value;
  return TRUE;
}

gboolean
colombe_sign_in_takes_password (const char * const *ways)
{
  ColombeSignIn way;

  if (ways == NULL)
    return TRUE;

  for (guint i = 0; ways[i] != NULL; i++)
    if (colombe_sign_in_from_string (ways[i], &way) && way != COLOMBE_SIGN_IN_OAUTH2)
      return TRUE;

  return FALSE;
}

gboolean
colombe_auth_is_known (const char *auth)
{
  if (auth == NULL)
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (auth_names); i++)
    if (strcmp (auth_names[i], auth) == 0)
      return TRUE;

  return FALSE;
}

/* A DNS host name in ASCII, or an IP address literal as servers may be
 * configured by hand: the rules of colombe-field.c. */
gboolean
colombe_hostname_is_valid (const char *host)
{
  return host != NULL && colombe_field_check (COLOMBE_FIELD_HOST, host, NULL);
}

gboolean
colombe_set_str (char       **str_pointer,
                 const char  *new_str)
{
  char *copy;

  g_return_val_if_fail (str_pointer != NULL, FALSE);

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

const char *
colombe_security_get_label (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return _("SSL/TLS");
    case COLOMBE_SECURITY_STARTTLS:
      return _("STARTTLS");
    case COLOMBE_SECURITY_NONE:
      return _("No encryption");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Protocol names are the same in every language. */
const char *
colombe_protocol_get_label (ColombeProtocol protocol)
{
  switch (protocol)
    {
    case COLOMBE_PROTOCOL_IMAP:
      return "IMAP";
    case COLOMBE_PROTOCOL_POP3:
      return "POP3";
    case COLOMBE_PROTOCOL_SMTP:
      return "SMTP";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
colombe_source_get_label (ColombeSource source)
{
  switch (source)
    {
    case COLOMBE_SOURCE_AUTOCONFIG:
      return _("the provider’s configuration server");
    case COLOMBE_SOURCE_WELL_KNOWN:
      return _("the provider’s web site");
    case COLOMBE_SOURCE_BUILTIN:
      return _("Colombe’s list of providers");
    case COLOMBE_SOURCE_ISPDB:
      return _("Thunderbird’s list of providers");
    case COLOMBE_SOURCE_MX:
      return _("the domain’s mail server records");
    case COLOMBE_SOURCE_SRV:
      return _("the domain’s service records");
    case COLOMBE_SOURCE_AUTOCONFIG_HTTP:
      return _("the provider’s configuration server, without encryption");
    case COLOMBE_SOURCE_GUESS:
      return _("trying the usual server names");
    case COLOMBE_SOURCE_MANUAL:
      return _("settings entered by hand");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
colombe_source_get_plain_label (ColombeSource source)
{
  if (source == COLOMBE_SOURCE_MX)
    return _("the company that receives the domain’s mail");
  if (source == COLOMBE_SOURCE_SRV)
    return _("the mail servers the domain announces");
  return colombe_source_get_label (source);
}
