/* colombe-export-msmtp.c: an account section for msmtp's ~/.msmtprc
 *
 * The password stays in the desktop keyring: `passwordeval` runs the
 * secret-tool lookup of the item Colombe stored. msmtp can also look in
 * the keyring by itself, but it searches the attributes host, service=smtp
 * and user, and Colombe's items carry protocol, host, port and user: that
 * lookup would find nothing (or another program's item), so passwordeval
 * is the reliable way.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-msmtp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-targets.h"
#include "colombe-export-terminal.h"
#include "colombe-keyring.h"

/* msmtp takes what lies between the outer double quotes as it is: no
 * escapes, quotes inside included (checked with msmtp 1.8.23). */
static void
append_setting (GString    *text,
                const char *name,
                const char *value)
{
  g_string_append_printf (text, "%-14s \"%s\"\n", name, value);
}

static void
append_header (GString        *text,
               ColombeAccount *account)
{
  g_string_append_printf (text,
    "# msmtp account for %s, written by Colombe.\n"
    "# Add it to ~/.msmtprc (readable by you only: chmod 600 ~/.msmtprc), then\n"
    "#   msmtp -a %s RECIPIENT < MESSAGE\n"
    "# or make it the default with a line \"account default : %s\".\n"
    "#\n"
    "# The server's certificate is checked against the system's authorities.\n"
    "# For a server whose authority is not among them, add to the account:\n"
    "#   tls_trust_file /path/to/the-authority.pem\n\n",
    colombe_account_get_address (account), colombe_account_get_address (account),
    colombe_account_get_address (account));
}

/* Over TLS "auth on" lets msmtp choose the best method; without TLS it
 * would refuse to send a password, so the method is named. */
static const char *
auth_method (ColombeServer *server)
{
  const char *auth = colombe_server_get_auth (server);

  if (g_str_equal (auth, "none"))
    return "off";
  if (colombe_server_get_security (server) != COLOMBE_SECURITY_NONE)
    return "on";

  return g_str_equal (auth, "password-encrypted") ? "cram-md5" : "plain";
}

static void
append_password (GString       *text,
                 ColombeServer *server,
                 const char    *password)
{
  g_autofree char *lookup = NULL;

  if (password != NULL)
    {
      append_setting (text, "password", password);
      return;
    }

  lookup = colombe_keyring_dup_lookup_command (server);
  g_string_append (text, "# the password Colombe stored in the desktop keyring\n");
  append_setting (text, "passwordeval", lookup);
}

static void
append_security (GString         *text,
                 ColombeSecurity  security)
{
  if (security == COLOMBE_SECURITY_NONE)
    {
      g_string_append (text, "# no encryption: this server was accepted without it\n");
      g_string_append (text, "tls            off\n");
      return;
    }

  g_string_append (text, "tls            on\n");
  g_string_append_printf (text, "tls_starttls   %s\n",
                          security == COLOMBE_SECURITY_STARTTLS ? "on" : "off");
}

static GPtrArray *
msmtp_build (const ColombeExportRequest  *request,
             GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *server = colombe_export_require_server (account, TRUE, "msmtp", error);
  g_autoptr(GString) text = NULL;
  const char *auth;

  if (server == NULL)
    return NULL;
  if (request->password != NULL && strpbrk (request->password, "\r\n") != NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("msmtp cannot take a password that holds a line break"));
      return NULL;
    }

  text = g_string_new (NULL);
  append_header (text, account);
  append_setting (text, "account", colombe_account_get_address (account));
  append_setting (text, "host", colombe_server_get_host (server));
  g_string_append_printf (text, "port           %u\n", colombe_server_get_port (server));
  append_setting (text, "from", colombe_account_get_address (account));
  append_security (text, colombe_server_get_security (server));

  auth = auth_method (server);
  g_string_append_printf (text, "auth           %s\n", auth);
  if (!g_str_equal (auth, "off") && colombe_server_get_username (server) != NULL)
    {
      append_setting (text, "user", colombe_server_get_username (server));
      append_password (text, server, request->password);
    }

  return colombe_export_files_new_text (text->str);
}

const ColombeExporter colombe_export_msmtp = {
  .name = "msmtp",
  .extension = "msmtprc",
  .description = N_("account section for msmtp (~/.msmtprc), password read from the keyring"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .build = msmtp_build,
};
