/* colombe-export-autoconfig.c: a clientConfig v1.1 file for the
 * association's web server or Thunderbird's isp/ folder
 *
 * Escaping: XML 1.0, written by colombe-client-config-writer.c (every
 * value through g_markup_printf_escaped(): "&", "<", ">", "\"" and "'" as
 * entities, in elements and attributes alike). A control character, which
 * XML 1.0 refuses even as a character reference, is refused before
 * (colombe-export-text.h). Thunderbird (readFromXML.sys.mjs, then
 * replaceVariables()) replaces %EMAILADDRESS%, %EMAILLOCALPART%,
 * %EMAILDOMAIN% and %REALNAME% in what it reads, and the format has no way
 * to escape them: a value holding one, other than the username templates
 * written here, is refused. Checked with xmllint and GMarkup.
 *
 * OAuth2: the file names the provider's sign-in page in <oAuth2> (issuer,
 * scope, authURL, tokenURL, as the ISPDB's files do), taken from the
 * built-in database for the servers' hosts; without it there, the account
 * is refused rather than written half. Thunderbird ESR 153 itself does not
 * read <oAuth2> (readFromXML.sys.mjs): it keeps OAuth2 only for a host it
 * has a sign-in page for, so any other host is refused too
 * (colombe_thunderbird_oauth2_refusal()).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-autoconfig"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-client-config.h"
#include "colombe-export-targets.h"
#include "colombe-export-text.h"
#include "colombe-provider-db.h"
#include "colombe-thunderbird-account.h"

/* A file for everyone at the domain: the person's own username becomes a
 * placeholder when it follows the address, as it usually does. */
static ColombeServer *
server_with_template (ColombeServer *server,
                      const char    *address)
{
  ColombeServer *copy = colombe_server_copy (server);
  const char *username = colombe_server_get_username (server);
  const char *at = strrchr (address, '@');
  g_autofree char *local_part = g_strndup (address, at - address);

  if (username == NULL || g_str_equal (username, address))
    colombe_server_set_username_template (copy, "%EMAILADDRESS%");
  else if (g_str_equal (username, local_part))
    colombe_server_set_username_template (copy, "%EMAILLOCALPART%");
  else
    colombe_server_set_username_template (copy, username);

  return copy;
}

static gboolean
check_placeholders (const char  *text,
                    const char  *field,
                    GError     **error)
{
  static const char * const placeholders[] = {
    "%EMAILADDRESS%", "%EMAILLOCALPART%", "%EMAILDOMAIN%", "%REALNAME%",
  };

  for (gsize i = 0; text != NULL && i < G_N_ELEMENTS (placeholders); i++)
    if (strstr (text, placeholders[i]) != NULL)
      {
        /* Translators: %s is what holds it: "the name", "the address"… */
        g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE,
                     _("%s holds a placeholder such as %%EMAILADDRESS%%, which the reader "
                       "would replace"), field);
        return FALSE;
      }

  return TRUE;
}

/* What is written as it is, and read with its placeholders replaced */
static gboolean
check_values (ColombeAccount  *account,
              GError         **error)
{
  ColombeServer *incoming = colombe_account_get_incoming (account);
  ColombeServer *outgoing = colombe_account_get_outgoing (account);

  return colombe_export_check_account (account, NULL, error) &&
         check_placeholders (colombe_account_get_address (account), _("the address"), error) &&
         check_placeholders (colombe_account_get_provider_id (account),
                             _("the provider’s identifier"), error) &&
         check_placeholders (colombe_account_get_provider_name (account),
                             _("the provider’s name"), error) &&
         check_placeholders (colombe_server_get_host (incoming),
                             _("the incoming server’s name"), error) &&
         check_placeholders (colombe_server_get_username (incoming),
                             _("the incoming username"), error) &&
         check_placeholders (colombe_server_get_host (outgoing),
                             _("the outgoing server’s name"), error) &&
         check_placeholders (colombe_server_get_username (outgoing),
                             _("the outgoing username"), error);
}

/* The sign-in page of the provider that runs the account's OAuth2
 * servers, as the built-in database gives it: found by host, as
 * Thunderbird finds its own (an association's domain served by Google
 * gets Google's). NULL when the database does not know it. */
static const ColombeOAuth2 *
lookup_oauth2 (ColombeAccount *account)
{
  ColombeServer *servers[] = { colombe_account_get_incoming (account),
                               colombe_account_get_outgoing (account) };
  ColombeClientConfig *provider = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      ColombeClientConfig *found;

      if (servers[i] == NULL || !g_str_equal (colombe_server_get_auth (servers[i]), "OAuth2"))
        continue;
      found = colombe_provider_db_lookup_for_host (colombe_provider_db_get_default (),
                                                   colombe_server_get_host (servers[i]));
      /* two providers' pages: the file has room for one */
      if (found == NULL || (provider != NULL && found != provider))
        return NULL;
      provider = found;
    }

  return provider != NULL ? colombe_client_config_get_oauth2 (provider) : NULL;
}

/* Thunderbird must know the servers (it keeps the clients), and the file
 * names the provider's page in <oAuth2>. */
static const char *
autoconfig_oauth2_refusal (ColombeAccount *account)
{
  const char *refusal = colombe_thunderbird_oauth2_refusal (account);

  if (refusal != NULL)
    return refusal;
  if (lookup_oauth2 (account) == NULL)
    return N_("Colombe does not know this provider’s OAuth2 sign-in page, which the file must "
              "name: add the account with Thunderbird’s own account wizard instead");

  return NULL;
}

static GPtrArray *
autoconfig_build (const ColombeExportRequest  *request,
                  GError                     **error)
{
  ColombeAccount *account = request->account;
  const char *address = colombe_account_get_address (account);
  const char *domain = NULL;
  const char *provider_id = colombe_account_get_provider_id (account);
  const char *provider_name = colombe_account_get_provider_name (account);
  g_autoptr(ColombeClientConfig) config = colombe_client_config_new ();
  g_autoptr(ColombeServer) incoming_template = NULL;
  g_autoptr(ColombeServer) outgoing_template = NULL;
  g_autofree char *data = NULL;
  ColombeServer *incoming = colombe_account_get_incoming (account);
  ColombeServer *outgoing = colombe_account_get_outgoing (account);

  if (incoming == NULL || outgoing == NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("the account needs both an incoming and an outgoing server"));
      return NULL;
    }
  if (!check_values (account, error))
    return NULL;

  domain = strrchr (address, '@') + 1;
  colombe_client_config_set_id (config, provider_id ? provider_id : domain);
  colombe_client_config_add_domain (config, domain);
  colombe_client_config_set_display_name (config, provider_name ? provider_name : domain);
  colombe_client_config_set_display_short_name (config, provider_name ? provider_name : domain);
  incoming_template = server_with_template (incoming, address);
  outgoing_template = server_with_template (outgoing, address);
  colombe_client_config_add_incoming (config, incoming_template);
  colombe_client_config_add_outgoing (config, outgoing_template);
  if (colombe_export_uses_oauth2 (account))
    colombe_client_config_set_oauth2 (config, lookup_oauth2 (account));

  data = colombe_client_config_to_data (config, NULL);
  return colombe_export_files_new_text (data);
}

const ColombeExporter colombe_export_autoconfig = {
  .name = "autoconfig",
  .extension = "xml",
  .description = N_("clientConfig file for the association’s web server or Thunderbird’s isp/ folder"),
  .can_carry_password = FALSE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .oauth2_refusal = autoconfig_oauth2_refusal,
  .build = autoconfig_build,
};
