/* colombe-export-mbsync.c: an IMAP account, its stores and a channel for
 * mbsync's ~/.mbsyncrc (isync 1.4, Debian 12)
 *
 * isync 1.4 says SSLType (1.5 renamed it TLSType and still reads the old
 * name) and Far/Near (1.3 said Master/Slave). The password is read by
 * PassCmd from the desktop keyring item Colombe stored.
 *
 * How mbsync reads the file (isync 1.4.4, Debian 12; its config.c
 * get_arg(), and tried with that mbsync): a line is read into a buffer of
 * 1024 bytes: 1021 bytes were read right, 1022 misread (the end taken as
 * a line of its own), so no line here is longer than 1000 bytes. In an
 * argument a backslash escapes the next character, double quotes keep
 * spaces, "#" starts a comment only where an argument begins. Every value
 * is written in double quotes with "\" and "\"" escaped; a line break
 * cannot be said at all (refused before, colombe-export-text.h). PassCmd
 * runs with /bin/sh -c: its words are shell-quoted by
 * colombe_keyring_dup_lookup_command(), then quoted as any value.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-mbsync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-targets.h"
#include "colombe-export-terminal.h"
#include "colombe-export-text.h"
#include "colombe-keyring.h"

#define MAX_LINE 1000

static gboolean
append_setting (GString     *text,
                const char  *name,
                const char  *value,
                const char  *field,
                GError     **error)
{
  g_autofree char *quoted = colombe_export_dup_quoted (value, "\"");
  g_autofree char *line = g_strdup_printf ("%s %s", name, quoted);

  return colombe_export_append_line (text, line, MAX_LINE, field, error);
}

/* The name of the account, stores and channel, and of the mail folder:
 * the address, with anything but letters, digits and @._+- made "_"
 * (":" would split "channel:mailbox" on mbsync's command line). */
static char *
dup_name (ColombeAccount *account)
{
  char *name = g_strdup (colombe_account_get_address (account));

  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("@._+-", *p) == NULL)
      *p = '_';

  return name;
}

static void
append_header (GString    *text,
               const char *address,
               const char *name)
{
  g_string_append_printf (text,
    "# mbsync (isync 1.4) configuration for %s, written by Colombe.\n"
    "# Add it to ~/.mbsyncrc, create the mail folder and synchronise:\n"
    "#   mkdir -p ~/Mail/%s && mbsync %s\n"
    "#\n"
    "# The server's certificate is checked against the system's authorities.\n"
    "# For a server whose authority is not among them, add to the IMAPAccount:\n"
    "#   CertificateFile /path/to/the-authority.pem\n\n",
    address, name, name);
}

/* Without TLS, mbsync's "*" leaves out the mechanisms that send the
 * password as is: they are named, since the person accepted this server. */
static void
append_security (GString       *text,
                 ColombeServer *server)
{
  switch (colombe_server_get_security (server))
    {
    case COLOMBE_SECURITY_TLS:
      g_string_append (text, "SSLType IMAPS\n");
      break;
    case COLOMBE_SECURITY_STARTTLS:
      g_string_append (text, "SSLType STARTTLS\n");
      break;
    case COLOMBE_SECURITY_NONE:
    default:
      g_string_append (text, "# no encryption: this server was accepted without it\n");
      g_string_append (text, "SSLType None\n");
      if (g_str_equal (colombe_server_get_auth (server), "password-encrypted"))
        g_string_append (text, "AuthMechs CRAM-MD5\n");
      else
        g_string_append (text, "AuthMechs PLAIN LOGIN\n");
      break;
    }
}

static gboolean
append_password (GString        *text,
                 ColombeServer  *server,
                 const char     *password,
                 GError        **error)
{
  g_autofree char *lookup = NULL;

  if (password != NULL)
    return append_setting (text, "Pass", password, _("the password"), error);

  lookup = colombe_keyring_dup_lookup_command (server);
  g_string_append (text, "# the password Colombe stored in the desktop keyring\n");
  return append_setting (text, "PassCmd", lookup, _("the incoming username"), error);
}

static gboolean
append_account (GString        *text,
                const char     *name,
                ColombeServer  *server,
                const char     *password,
                GError        **error)
{
  const char *username = colombe_server_get_username (server);

  g_string_append_printf (text, "IMAPAccount %s\n", name);
  if (!append_setting (text, "Host", colombe_server_get_host (server),
                       _("the incoming server’s name"), error))
    return FALSE;
  g_string_append_printf (text, "Port %u\n", colombe_server_get_port (server));
  if (!append_setting (text, "User", username != NULL ? username : "",
                       _("the incoming username"), error) ||
      !append_password (text, server, password, error))
    return FALSE;
  append_security (text, server);

  return TRUE;
}

static void
append_stores (GString    *text,
               const char *name)
{
  g_string_append_printf (text,
    "\nIMAPStore %s-remote\n"
    "Account %s\n"
    "\nMaildirStore %s-local\n"
    "Path ~/Mail/%s/\n"
    "Inbox ~/Mail/%s/INBOX\n"
    "SubFolders Verbatim\n"
    "\nChannel %s\n"
    "Far :%s-remote:\n"
    "Near :%s-local:\n"
    "Patterns *\n"
    "Create Near\n"
    "SyncState *\n",
    name, name, name, name, name, name, name, name);
}

static GPtrArray *
mbsync_build (const ColombeExportRequest  *request,
              GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *server = colombe_export_require_server (account, FALSE, "mbsync", error);
  g_autoptr(GString) text = NULL;
  g_autofree char *name = NULL;

  if (server == NULL)
    return NULL;
  if (colombe_server_get_protocol (server) != COLOMBE_PROTOCOL_IMAP)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("mbsync synchronises IMAP mailboxes only: this account "
                             "receives its mail over POP3"));
      return NULL;
    }
  /* the address, as the names, is in lines of its own */
  if (!colombe_export_check_account (account, request->password, error) ||
      !colombe_export_check_length (colombe_account_get_address (account), COLOMBE_EXPORT_MAX_ADDRESS,
                                    _("the address"), error))
    return NULL;

  name = dup_name (account);
  text = g_string_new (NULL);
  append_header (text, colombe_account_get_address (account), name);
  if (!append_account (text, name, server, request->password, error))
    return NULL;
  append_stores (text, name);

  return colombe_export_files_new_text (text->str);
}

const ColombeExporter colombe_export_mbsync = {
  .name = "mbsync",
  .extension = "mbsyncrc",
  .description = N_("IMAP account and channel for mbsync (~/.mbsyncrc), password read from the keyring"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .without_oauth2 = N_("mbsync signs in with OAuth2 only through a token program Colombe does not "
                       "set up"),
  .oauth2_way_out = TRUE,
  .build = mbsync_build,
};
