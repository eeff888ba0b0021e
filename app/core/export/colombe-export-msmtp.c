/* colombe-export-msmtp.c: an account section for msmtp's ~/.msmtprc
 *
 * The password stays in the desktop keyring: `passwordeval` runs the
 * secret-tool lookup of the item Colombe stored. msmtp can also look in
 * the keyring by itself, but it searches the attributes host, service=smtp
 * and user, and Colombe's items carry protocol, host, port and user: that
 * lookup would find nothing (or another program's item), so passwordeval
 * is the reliable way.
 *
 * How msmtp reads the file (msmtp 1.8.23, Debian 12; msmtprc(5) and tried
 * with that msmtp): one setting a line, and a line has at most 500 bytes
 * with its newline ("line longer than 500 characters" otherwise). A value
 * in double quotes is what lies between the first and the last quote, as
 * it is: no escape at all, quotes inside kept, "#" and ";" too. A line
 * break cannot be said (refused before, colombe-export-text.h), nor a ":"
 * in an account name (it names the accounts it inherits from). Every
 * value is written in quotes; passwordeval's command goes to /bin/sh -c,
 * its words shell-quoted by colombe_keyring_dup_lookup_command().
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
#include "colombe-export-text.h"
#include "colombe-keyring.h"

/* longest line msmtp reads, without its newline */
#define MAX_LINE 499

static gboolean
append_setting (GString     *text,
                const char  *name,
                const char  *value,
                const char  *field,
                GError     **error)
{
  g_autofree char *line = g_strdup_printf ("%-14s \"%s\"", name, value);

  return colombe_export_append_line (text, line, MAX_LINE, field, error);
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

static gboolean
append_password (GString        *text,
                 ColombeServer  *server,
                 const char     *password,
                 GError        **error)
{
  g_autofree char *lookup = NULL;

  if (password != NULL)
    return append_setting (text, "password", password, _("the password"), error);

  lookup = colombe_keyring_dup_lookup_command (server);
  g_string_append (text, "# the password Colombe stored in the desktop keyring\n");
  return append_setting (text, "passwordeval", lookup, _("the outgoing username"), error);
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

static gboolean
check_address (const char  *address,
               GError     **error)
{
  if (!colombe_export_check_length (address, COLOMBE_EXPORT_MAX_ADDRESS, _("the address"), error))
    return FALSE;
  if (strchr (address, ':') == NULL)
    return TRUE;

  g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE,
                       _("the address holds a “:”, which msmtp reads in an account’s name "
                         "as the start of other accounts’ names"));
  return FALSE;
}

static gboolean
append_account (GString        *text,
                ColombeAccount *account,
                ColombeServer  *server,
                const char     *password,
                GError        **error)
{
  const char *address = colombe_account_get_address (account);
  const char *auth = auth_method (server);

  if (!append_setting (text, "account", address, _("the address"), error) ||
      !append_setting (text, "host", colombe_server_get_host (server),
                       _("the outgoing server’s name"), error))
    return FALSE;
  g_string_append_printf (text, "port           %u\n", colombe_server_get_port (server));
  if (!append_setting (text, "from", address, _("the address"), error))
    return FALSE;
  append_security (text, colombe_server_get_security (server));

  g_string_append_printf (text, "auth           %s\n", auth);
  if (g_str_equal (auth, "off") || colombe_server_get_username (server) == NULL)
    return TRUE;

  return append_setting (text, "user", colombe_server_get_username (server),
                         _("the outgoing username"), error) &&
         append_password (text, server, password, error);
}

static GPtrArray *
msmtp_build (const ColombeExportRequest  *request,
             GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *server = colombe_export_require_server (account, TRUE, "msmtp", error);
  g_autoptr(GString) text = NULL;

  if (server == NULL ||
      !colombe_export_check_account (account, request->password, error) ||
      !check_address (colombe_account_get_address (account), error))
    return NULL;

  text = g_string_new (NULL);
  append_header (text, account);
  if (!append_account (text, account, server, request->password, error))
    return NULL;

  return colombe_export_files_new_text (text->str);
}

const ColombeExporter colombe_export_msmtp = {
  .name = "msmtp",
  .extension = "msmtprc",
  .description = N_("account section for msmtp (~/.msmtprc), password read from the keyring"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .without_oauth2 = N_("msmtp signs in with OAuth2 only through a token program Colombe does not "
                       "set up"),
  .oauth2_way_out = TRUE,
  .build = msmtp_build,
};
