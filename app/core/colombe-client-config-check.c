/* colombe-client-config-check.c: what is wrong or risky in a clientConfig document
 *
 * Written for an association's technical helper who publishes their own
 * file: each warning is one translated sentence that names the server.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-client-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-client-config.h"

static const char * const placeholders[] = {
  "%EMAILADDRESS%", "%EMAILLOCALPART%", "%EMAILDOMAIN%", "%REALNAME%",
};

static void add_warning (GPtrArray  *warnings,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* "Incoming server imap.example.org:143: SENTENCE" */
static void add_server_warning (GPtrArray     *warnings,
                                ColombeServer *server,
                                const char    *format,
                                ...) G_GNUC_PRINTF (3, 4);

static void
add_server_warning (GPtrArray     *warnings,
                    ColombeServer *server,
                    const char    *format,
                    ...)
{
  g_autofree char *sentence = NULL;
  const char *host = colombe_server_get_host (server);
  guint port = colombe_server_get_port (server);
  va_list args;

  va_start (args, format);
  sentence = g_strdup_vprintf (format, args);
  va_end (args);

  if (colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_SMTP)
    add_warning (warnings, _("Outgoing server %s:%u: %s"), host ? host : "?", port, sentence);
  else
    add_warning (warnings, _("Incoming server %s:%u: %s"), host ? host : "?", port, sentence);
}

static gboolean
has_unknown_placeholder (const char *text)
{
  const char *p = text;

  while ((p = strchr (p, '%')) != NULL)
    {
      gsize i;

      for (i = 0; i < G_N_ELEMENTS (placeholders); i++)
        if (g_str_has_prefix (p, placeholders[i]))
          break;

      if (i == G_N_ELEMENTS (placeholders))
        return TRUE;

      p += strlen (placeholders[i]);
    }

  return FALSE;
}

/* RFC 8314 ports: implicit TLS on 993/995/465, the plain protocol (then
 * STARTTLS) on 143/110/587. A swap is a copying mistake that never connects. */
static gboolean
port_contradicts_security (ColombeServer *server)
{
  ColombeProtocol protocol = colombe_server_get_protocol (server);
  ColombeSecurity security = colombe_server_get_security (server);
  guint16 port = colombe_server_get_port (server);
  guint16 tls_port = colombe_protocol_default_port (protocol, COLOMBE_SECURITY_TLS);
  guint16 starttls_port = colombe_protocol_default_port (protocol, COLOMBE_SECURITY_STARTTLS);

  if (security == COLOMBE_SECURITY_TLS)
    return port == starttls_port;

  return port == tls_port;
}

static void
check_security (GPtrArray     *warnings,
                ColombeServer *server)
{
  if (colombe_server_get_security (server) == COLOMBE_SECURITY_NONE)
    add_server_warning (warnings, server,
                        _("the connection is not encrypted (socketType “plain”): the password "
                          "and the mail can be read on the way; use “SSL” or “STARTTLS”"));

  if (port_contradicts_security (server))
    add_server_warning (warnings, server,
                        _("port %u does not usually go with socketType “%s”; check both"),
                        colombe_server_get_port (server),
                        colombe_security_to_socket_type (colombe_server_get_security (server)));
}

static void
check_username (GPtrArray     *warnings,
                ColombeServer *server)
{
  const char *username = colombe_server_get_username_template (server);

  if (username == NULL)
    add_server_warning (warnings, server,
                        _("no <username> is given; mail programs will have to guess it"));
  else if (has_unknown_placeholder (username))
    add_server_warning (warnings, server,
                        _("the username “%s” has an unknown or incomplete placeholder "
                          "(known: %%EMAILADDRESS%%, %%EMAILLOCALPART%%, %%EMAILDOMAIN%%, "
                          "%%REALNAME%%)"), username);
}

static void
check_auth_method (GPtrArray           *warnings,
                   ColombeClientConfig *self,
                   ColombeServer       *server,
                   const char          *method)
{
  if (strcmp (method, "plain") == 0)
    add_server_warning (warnings, server,
                        _("authentication “plain” is deprecated; write “password-cleartext”"));
  else if (strcmp (method, "secure") == 0)
    add_server_warning (warnings, server,
                        _("authentication “secure” is deprecated; write “password-encrypted”"));
  else if (!colombe_auth_is_known (method))
    add_server_warning (warnings, server,
                        _("authentication “%s” is not a clientConfig method; mail programs "
                          "will ignore it"), method);
  else if (strcmp (method, "OAuth2") == 0 && colombe_client_config_get_oauth2 (self) == NULL)
    add_server_warning (warnings, server,
                        _("authentication “OAuth2” is offered but the document has no <oAuth2> "
                          "element; only programs that already know this provider can use it"));
}

static void
check_auth (GPtrArray           *warnings,
            ColombeClientConfig *self,
            ColombeServer       *server)
{
  const char * const *methods = colombe_server_get_auth_methods (server);

  if (methods == NULL || methods[0] == NULL)
    {
      add_server_warning (warnings, server,
                          _("no <authentication> is given; mail programs will have to guess it"));
      return;
    }

  for (gsize i = 0; methods[i] != NULL; i++)
    check_auth_method (warnings, self, server, methods[i]);
}

static void
check_servers (GPtrArray           *warnings,
               ColombeClientConfig *self,
               GPtrArray           *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);

      check_security (warnings, server);
      check_username (warnings, server);
      check_auth (warnings, self, server);
    }
}

static void
check_provider (GPtrArray           *warnings,
                ColombeClientConfig *self)
{
  const char * const *domains = colombe_client_config_get_domains (self);

  if (colombe_client_config_get_id (self) == NULL)
    add_warning (warnings, _("The <emailProvider> has no id."));
  if (colombe_client_config_get_display_name (self) == NULL)
    add_warning (warnings, _("The provider has no <displayName>: people will not see whose "
                             "servers these are."));
  if (domains[0] == NULL)
    add_warning (warnings, _("The document lists no <domain>."));
  if (colombe_client_config_get_incoming (self)->len == 0)
    add_warning (warnings, _("The document describes no incoming server (IMAP or POP3)."));
  if (colombe_client_config_get_outgoing (self)->len == 0)
    add_warning (warnings, _("The document describes no outgoing server (SMTP)."));
}

static void
check_oauth2 (GPtrArray           *warnings,
              ColombeClientConfig *self)
{
  const ColombeOAuth2 *oauth2 = colombe_client_config_get_oauth2 (self);

  if (oauth2 == NULL)
    return;

  if (oauth2->issuer == NULL || oauth2->scope == NULL ||
      oauth2->auth_url == NULL || oauth2->token_url == NULL)
    add_warning (warnings, _("The <oAuth2> element needs all of <issuer>, <scope>, <authURL> "
                             "and <tokenURL>."));
}

GPtrArray *
colombe_client_config_check (ColombeClientConfig *self)
{
  g_autoptr(GPtrArray) warnings = NULL;
  GPtrArray *reader_warnings;

  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  warnings = g_ptr_array_new_with_free_func (g_free);

  /* What only the input showed comes first, in document order. */
  reader_warnings = colombe_client_config_get_reader_warnings (self);
  for (guint i = 0; i < reader_warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (reader_warnings, i)));

  check_provider (warnings, self);
  check_servers (warnings, self, colombe_client_config_get_incoming (self));
  check_servers (warnings, self, colombe_client_config_get_outgoing (self));
  check_oauth2 (warnings, self);

  return g_steal_pointer (&warnings);
}
