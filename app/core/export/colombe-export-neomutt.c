/* colombe-export-neomutt.c: a NeoMutt configuration file (neomuttrc)
 *
 * The passwords are read from the desktop keyring when NeoMutt starts: a
 * command between backticks inside a double-quoted value is run by the
 * shell, and its output taken as it is (not read again as configuration).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-neomutt"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-targets.h"
#include "colombe-export-terminal.h"
#include "colombe-keyring.h"

/* In NeoMutt's double quotes a backslash escapes, $NAME is replaced by an
 * environment variable and `…` runs a command: all escaped in a value. */
static void
append_setting (GString    *text,
                const char *name,
                const char *value)
{
  g_autofree char *quoted = colombe_export_dup_quoted (value, "\"$`");

  g_string_append_printf (text, "set %s = %s\n", name, quoted);
}

/* NAME = "`secret-tool lookup …`": the backtick is the one character the
 * shell-quoted command could hold that would end it early. */
static gboolean
append_password (GString        *text,
                 const char     *name,
                 ColombeServer  *server,
                 const char     *password,
                 GError        **error)
{
  g_autofree char *lookup = NULL;

  if (password != NULL)
    {
      append_setting (text, name, password);
      return TRUE;
    }

  lookup = colombe_keyring_dup_lookup_command (server);
  if (strchr (lookup, '`') != NULL || strchr (lookup, '\n') != NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("NeoMutt cannot run a keyring command for this username "
                             "(it holds a backtick or a line break)"));
      return FALSE;
    }
  g_string_append_printf (text, "set %s = \"`%s`\"\n", name, lookup);
  return TRUE;
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
  g_autofree char *url = colombe_export_dup_url (incoming_scheme (server), server, NULL);
  g_autofree char *mailbox = g_strconcat (url, "/", NULL);

  /* POP3 has one mailbox, fetched into the local folders */
  if (colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_POP3)
    {
      append_setting (text, "spoolfile", mailbox);
      return append_password (text, "pop_pass", server, password, error);
    }

  append_setting (text, "folder", mailbox);
  append_setting (text, "spoolfile", "+INBOX");
  return append_password (text, "imap_pass", server, password, error);
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
  url = colombe_export_dup_url (tls ? "smtps" : "smtp", shown, NULL);
  smtp_url = g_strconcat (url, "/", NULL);
  append_setting (text, "smtp_url", smtp_url);

  return !auth || append_password (text, "smtp_pass", server, password, error);
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
      !(outgoing = colombe_export_require_server (account, TRUE, "NeoMutt", error)))
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
  .build = neomutt_build,
};
