/* colombe-export-outlook.c: an Autodiscover (POX) response, for an
 * association whose web server answers Outlook
 *
 * Microsoft's "Protocol (POX)", "SSL (POX)", "Encryption (POX)" and
 * "SPA (POX)" pages: SPA is on unless written off; Encryption, when
 * present, wins over SSL (SSL for implicit TLS, TLS for STARTTLS).
 *
 * Escaping: XML 1.0. Every value goes through g_markup_printf_escaped()
 * ("&", "<", ">", "\"" and "'" as entities); a control character, which
 * XML 1.0 refuses even as a character reference, is refused before
 * (colombe-export-text.h). Checked with xmllint and GMarkup; Outlook's
 * reader is an XML 1.0 parser as well.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-outlook"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-export-targets.h"
#include "colombe-export-text.h"

#define RESPONSE_NS "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
#define OUTLOOK_NS  "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"

static const char *
protocol_type (ColombeProtocol protocol)
{
  switch (protocol)
    {
    case COLOMBE_PROTOCOL_POP3:
      return "POP3";
    case COLOMBE_PROTOCOL_SMTP:
      return "SMTP";
    case COLOMBE_PROTOCOL_IMAP:
    default:
      return "IMAP";
    }
}

static const char *
encryption (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return "SSL";
    case COLOMBE_SECURITY_STARTTLS:
      return "TLS";
    case COLOMBE_SECURITY_NONE:
    default:
      return "None";
    }
}

static void
append_protocol (GString       *out,
                 ColombeServer *server,
                 const char    *address)
{
  ColombeSecurity security = colombe_server_get_security (server);
  const char *auth = colombe_server_get_auth (server);
  const char *username = colombe_server_get_username (server);
  gboolean auth_required = g_strcmp0 (auth, "none") != 0
                           && g_strcmp0 (auth, "client-IP-address") != 0
                           && g_strcmp0 (auth, "smtp-after-pop") != 0;
  g_autofree char *text = NULL;

  /* SPA is Microsoft's NTLM: only for a server that asks for it. */
  text = g_markup_printf_escaped ("      <Protocol>\n"
                                  "        <Type>%s</Type>\n"
                                  "        <Server>%s</Server>\n"
                                  "        <Port>%u</Port>\n"
                                  "        <DomainRequired>off</DomainRequired>\n"
                                  "        <LoginName>%s</LoginName>\n"
                                  "        <SPA>%s</SPA>\n"
                                  "        <SSL>%s</SSL>\n"
                                  "        <Encryption>%s</Encryption>\n"
                                  "        <AuthRequired>%s</AuthRequired>\n"
                                  "      </Protocol>\n",
                                  protocol_type (colombe_server_get_protocol (server)),
                                  colombe_server_get_host (server),
                                  (guint) colombe_server_get_port (server),
                                  username != NULL ? username : address,
                                  g_strcmp0 (auth, "NTLM") == 0 ? "on" : "off",
                                  security == COLOMBE_SECURITY_NONE ? "off" : "on",
                                  encryption (security),
                                  auth_required ? "on" : "off");
  g_string_append (out, text);
}

static gboolean
check_auth (ColombeServer  *server,
            GError        **error)
{
  if (g_strcmp0 (colombe_server_get_auth (server), "OAuth2") != 0)
    return TRUE;

  g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                       _("an Autodiscover (POX) response cannot say OAuth2"));
  return FALSE;
}

static GPtrArray *
outlook_build (const ColombeExportRequest  *request,
               GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *incoming = colombe_account_get_incoming (account);
  ColombeServer *outgoing = colombe_account_get_outgoing (account);
  const char *address = colombe_account_get_address (account);
  const char *name = colombe_account_get_name (account);
  g_autoptr(GString) out = g_string_new (NULL);

  if (incoming == NULL || outgoing == NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("the account needs both an incoming and an outgoing server"));
      return NULL;
    }
  if (!check_auth (incoming, error) || !check_auth (outgoing, error) ||
      !colombe_export_check_account (account, NULL, error))
    return NULL;

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                        "<Autodiscover xmlns=\"" RESPONSE_NS "\">\n"
                        "  <Response xmlns=\"" OUTLOOK_NS "\">\n");
  if (name != NULL && *name != '\0')
    {
      g_autofree char *user = g_markup_printf_escaped ("    <User>\n"
                                                       "      <DisplayName>%s</DisplayName>\n"
                                                       "    </User>\n", name);
      g_string_append (out, user);
    }
  g_string_append (out, "    <Account>\n"
                        "      <AccountType>email</AccountType>\n"
                        "      <Action>settings</Action>\n");
  append_protocol (out, incoming, address);
  append_protocol (out, outgoing, address);
  g_string_append (out, "    </Account>\n"
                        "  </Response>\n"
                        "</Autodiscover>\n");

  return colombe_export_files_new_text (out->str);
}

const ColombeExporter colombe_export_outlook = {
  .name = "outlook",
  .extension = "xml",
  .description = N_("Autodiscover (POX) response for an association’s server that answers Outlook"),
  .can_carry_password = FALSE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .without_oauth2 = N_("An Autodiscover answer cannot say OAuth2, and Outlook knows this provider "
                       "by itself: give Outlook the address alone"),
  .build = outlook_build,
};
