/* colombe-export-autoconfig.c: a clientConfig v1.1 file for the
 * association's web server or Thunderbird's isp/ folder
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

static GPtrArray *
autoconfig_build (const ColombeExportRequest  *request,
                  GError                     **error)
{
  ColombeAccount *account = request->account;
  const char *address = colombe_account_get_address (account);
  const char *domain = strrchr (address, '@') + 1;
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

  colombe_client_config_set_id (config, provider_id ? provider_id : domain);
  colombe_client_config_add_domain (config, domain);
  colombe_client_config_set_display_name (config, provider_name ? provider_name : domain);
  colombe_client_config_set_display_short_name (config, provider_name ? provider_name : domain);
  incoming_template = server_with_template (incoming, address);
  outgoing_template = server_with_template (outgoing, address);
  colombe_client_config_add_incoming (config, incoming_template);
  colombe_client_config_add_outgoing (config, outgoing_template);

  data = colombe_client_config_to_data (config, NULL);
  return colombe_export_files_new_text (data);
}

const ColombeExporter colombe_export_autoconfig = {
  .name = "autoconfig",
  .extension = "xml",
  .description = N_("clientConfig file for the association’s web server or Thunderbird’s isp/ folder"),
  .can_carry_password = FALSE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .build = autoconfig_build,
};
