/* colombe-export-neomutt.c: a NeoMutt configuration file (neomuttrc)
 *
 * The passwords are read from the desktop keyring when NeoMutt starts: a
 * command between backticks inside a double-quoted value is run by the
 * shell, and its output taken as it is (not read again as configuration).
 *
 * How NeoMutt reads a value (NeoMutt 20220429, Debian 12: its
 * parse_extract_token(), and tried with that neomutt -n -F FILE -Q NAME):
 * in double quotes, a backslash escapes the next character ("\n", "\t",
 * "\e", "\cX" and digits mean more: a backslash is never written before
 * a letter or a digit), "$NAME" is replaced by a variable, and `COMMAND`
 * runs COMMAND; "#", ";" and "'" are plain. So every value is written in
 * double quotes with "\", "\"", "$" and "`" escaped. A backtick command
 * ends at the first backtick without a backslash before it, and its text
 * is read again as a token (escapes removed, "$" left alone) before
 * /bin/sh -c runs it: the shell-quoted keyring command is escaped the same
 * way. A line break cannot be said (refused before, colombe-export-text.h).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-neomutt"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-export-targets.h"
#include "colombe-export-terminal.h"
#include "colombe-export-text.h"
#include "colombe-keyring.h"

/* what a backslash escapes in a value, besides itself */
#define ESCAPED "\"$`"

static void
append_setting (GString    *text,
                const char *name,
                const char *value)
{
  g_autofree char *quoted = colombe_export_dup_quoted (value, ESCAPED);

  g_string_append_printf (text, "set %s = %s\n", name, quoted);
}

/* NAME = "`secret-tool lookup …`" */
static void
append_password (GString       *text,
                 const char    *name,
                 ColombeServer *server,
                 const char    *password)
{
  g_autofree char *lookup = NULL;

  if (password != NULL)
    {
      append_setting (text, name, password);
      return;
    }

  lookup = colombe_keyring_dup_lookup_command (server);
  g_string_append_printf (text, "set %s = \"`", name);
  colombe_export_append_escaped (text, lookup, ESCAPED);
  g_string_append (text, "`\"\n");
}

static const char *
incoming_scheme (ColombeServer *server)
{
  gboolean tls = colombe_server_get_security (server) == COLOMBE_SECURITY_TLS;

  if (colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_POP3)
    return tls ? "pops" : "pop";

  return tls ? "imaps" : "imap";
}

static gboolean
append_incoming (GString        *text,
                 ColombeServer  *server,
                 const char     *password,
                 GError        **error)
{
  g_autofree char *url = colombe_export_dup_url (incoming_scheme (server), server, NULL, error);
  g_autofree char *mailbox = NULL;

  if (url == NULL)
    return FALSE;
  mailbox = g_strconcat (url, "/", NULL);

  /* POP3 has one mailbox, fetched into the local folders */
  if (colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_POP3)
    {
      append_setting (text, "spoolfile", mailbox);
      append_password (text, "pop_pass", server, password);
      return TRUE;
    }

  append_setting (text, "folder", mailbox);
  append_setting (text, "spoolfile", "+INBOX");
  append_password (text, "imap_pass", server, password);
  return TRUE;
}

static gboolean
append_outgoing (GString        *text,
                 ColombeServer  *server,
                 const char     *password,
                 GError        **error)
{
  gboolean tls = colombe_server_get_security (server) == COLOMBE_SECURITY_TLS;
  gboolean auth = !g_str_equal (colombe_server_get_auth (server), "none");
  g_autoptr(ColombeServer) shown = colombe_server_copy (server);
  g_autofree char *url = NULL;
  g_autofree char *smtp_url = NULL;

  if (!auth)
    colombe_server_set_username (shown, NULL);
  url = colombe_export_dup_url (tls ? "smtps" : "smtp", shown, NULL, error);
  if (url == NULL)
    return FALSE;
  smtp_url = g_strconcat (url, "/", NULL);
  append_setting (text, "smtp_url", smtp_url);
  if (auth)
    append_password (text, "smtp_pass", server, password);

  return TRUE;
}

static void
append_security (GString       *text,
                 ColombeServer *incoming,
                 ColombeServer *outgoing)
{
  /* ssl_starttls: upgrade imap://, pop:// and smtp:// connections */
  g_string_append (text, "set ssl_starttls = yes\n");
  if (colombe_server_get_security (incoming) == COLOMBE_SECURITY_NONE
      || colombe_server_get_security (outgoing) == COLOMBE_SECURITY_NONE)
    {
      g_string_append (text, "# no encryption: a server was accepted without it\n");
      g_string_append (text, "set ssl_force_tls = no\n");
      return;
    }
  g_string_append (text, "set ssl_force_tls = yes\n");
}

static void
append_header (GString        *text,
               ColombeAccount *account)
{
  g_string_append_printf (text,
    "# NeoMutt configuration for %s, written by Colombe.\n"
    "# Save it (for instance as ~/.config/neomutt/colombe.neomuttrc) and read it\n"
    "# from ~/.config/neomutt/neomuttrc with:  source ~/.config/neomutt/colombe.neomuttrc\n"
    "#\n"
    "# The servers' certificates are checked against the system's authorities.\n"
    "# For a server whose authority is not among them, add:\n"
    "#   set ssl_ca_certificates_file = /path/to/the-authority.pem\n\n",
    colombe_account_get_address (account));
}

static GPtrArray *
neomutt_build (const ColombeExportRequest  *request,
               GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *incoming = colombe_export_require_server (account, FALSE, "NeoMutt", error);
  ColombeServer *outgoing = NULL;
  g_autoptr(GString) text = NULL;

  if (incoming == NULL ||
      !(outgoing = colombe_export_require_server (account, TRUE, "NeoMutt", error)) ||
      !colombe_export_check_account (account, request->password, error))
    return NULL;

  text = g_string_new (NULL);
  append_header (text, account);
  if (colombe_account_get_name (account) != NULL)
    append_setting (text, "real_name", colombe_account_get_name (account));
  append_setting (text, "from", colombe_account_get_address (account));
  if (!append_incoming (text, incoming, request->password, error) ||
      !append_outgoing (text, outgoing, request->password, error))
    return NULL;
  append_security (text, incoming, outgoing);

  return colombe_export_files_new_text (text->str);
}

const ColombeExporter colombe_export_neomutt = {
  .name = "neomutt",
  .extension = "neomuttrc",
  .description = N_("NeoMutt configuration, passwords read from the keyring"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .without_oauth2 = N_("NeoMutt signs in with OAuth2 only through a token program Colombe does not "
                       "set up"),
  .oauth2_way_out = TRUE,
  .build = neomutt_build,
};
