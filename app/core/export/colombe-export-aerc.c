/* colombe-export-aerc.c: an account section for aerc's accounts.conf
 * (aerc 0.14, Debian 12: aerc-accounts(5), aerc-imap(5), aerc-smtp(5))
 *
 * aerc 0.14 says STARTTLS as imap:// for IMAP, but as smtp:// plus
 * "smtp-starttls = true" for SMTP; imap+insecure:// and smtp:// without
 * it are plain. The passwords come from the desktop keyring through the
 * -cred-cmd settings, which aerc runs with sh -c. aerc reads IMAP only.
 *
 * How aerc reads the file (aerc 0.14.0 config/accounts.go: ini.Load() of
 * go-ini 1.63.2 with its default options, parser.go readValue()): one
 * setting a line; a value is what follows "=", spaces before it left out.
 * A value starting with a backtick is what lies up to the line's last
 * backtick, as it is. Any other value ends at its first "#" or ";" (an
 * inline comment), joins the next line if it ends with "\", and loses
 * quotes around it. So free text (from, the -cred-cmd commands) is written
 * between backticks, and a URL has only unreserved characters, "%", ":",
 * "/", "@", "[", "]" and "+" (colombe_export_dup_url()). A section name is
 * read up to the line's last "]". A line break cannot be said (refused
 * before, colombe-export-text.h). "from" is read with Go's net/mail: the
 * name is a quoted string with "\" and "\"" escaped; the -cred-cmd
 * commands go to sh -c, their words shell-quoted.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-aerc"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-export-targets.h"
#include "colombe-export-terminal.h"
#include "colombe-export-text.h"
#include "colombe-keyring.h"

static const char *
source_scheme (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return "imaps";
    case COLOMBE_SECURITY_STARTTLS:
      return "imap";
    case COLOMBE_SECURITY_NONE:
    default:
      return "imap+insecure";
    }
}

/* "plain" is aerc's default mechanism; "none" has no user part. */
static const char *
outgoing_scheme (ColombeServer *server)
{
  gboolean tls = colombe_server_get_security (server) == COLOMBE_SECURITY_TLS;

  if (g_str_equal (colombe_server_get_auth (server), "none"))
    return tls ? "smtps+none" : "smtp+none";

  return tls ? "smtps" : "smtp";
}

/* KEY = `VALUE`: taken as it is, "#" and ";" included */
static void
append_text (GString    *text,
             const char *key,
             const char *value)
{
  g_string_append_printf (text, "%s = `%s`\n", key, value);
}

/* The password goes in the URL (percent-escaped) when asked for, or a
 * keyring command follows the URL. */
static gboolean
append_server (GString        *text,
               const char     *key,
               const char     *scheme,
               ColombeServer  *server,
               const char     *password,
               gboolean        with_user,
               GError        **error)
{
  g_autoptr(ColombeServer) shown = colombe_server_copy (server);
  g_autofree char *url = NULL;
  g_autofree char *lookup = NULL;
  g_autofree char *cred_key = NULL;

  if (!with_user)
    colombe_server_set_username (shown, NULL);
  url = colombe_export_dup_url (scheme, shown, with_user ? password : NULL, error);
  if (url == NULL)
    return FALSE;
  g_string_append_printf (text, "%s = %s\n", key, url);
  if (with_user && password == NULL)
    {
      lookup = colombe_keyring_dup_lookup_command (server);
      cred_key = g_strconcat (key, "-cred-cmd", NULL);
      append_text (text, cred_key, lookup);
    }

  return TRUE;
}

/* "Name" <address>, the name quoted as RFC 5322 quotes it. */
static void
append_from (GString        *text,
             ColombeAccount *account)
{
  const char *name = colombe_account_get_name (account);
  const char *address = colombe_account_get_address (account);
  g_autofree char *quoted = NULL;

  g_autofree char *from = NULL;

  if (name == NULL || name[0] == '\0')
    {
      append_text (text, "from", address);
      return;
    }

  quoted = colombe_export_dup_quoted (name, "\"");
  from = g_strdup_printf ("%s <%s>", quoted, address);
  append_text (text, "from", from);
}

static void
append_header (GString        *text,
               ColombeAccount *account)
{
  g_string_append_printf (text,
    "# aerc account for %s, written by Colombe.\n"
    "# Add this section to ~/.config/aerc/accounts.conf (readable by you only:\n"
    "# chmod 600 ~/.config/aerc/accounts.conf).\n"
    "#\n"
    "# The servers' certificates are checked against the system's authorities.\n\n",
    colombe_account_get_address (account));
}

static GPtrArray *
aerc_build (const ColombeExportRequest  *request,
            GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *incoming = colombe_export_require_server (account, FALSE, "aerc", error);
  ColombeServer *outgoing = NULL;
  g_autoptr(GString) text = NULL;

  if (incoming == NULL ||
      !(outgoing = colombe_export_require_server (account, TRUE, "aerc", error)) ||
      !colombe_export_check_account (account, request->password, error))
    return NULL;
  if (colombe_server_get_protocol (incoming) != COLOMBE_PROTOCOL_IMAP)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("aerc reads IMAP mailboxes only: this account receives its "
                             "mail over POP3"));
      return NULL;
    }

  text = g_string_new (NULL);
  append_header (text, account);
  g_string_append_printf (text, "[%s]\n", colombe_account_get_address (account));
  if (!append_server (text, "source", source_scheme (colombe_server_get_security (incoming)),
                      incoming, request->password, TRUE, error) ||
      !append_server (text, "outgoing", outgoing_scheme (outgoing), outgoing, request->password,
                      !g_str_equal (colombe_server_get_auth (outgoing), "none"), error))
    return NULL;
  if (colombe_server_get_security (outgoing) == COLOMBE_SECURITY_STARTTLS)
    g_string_append (text, "smtp-starttls = true\n");
  g_string_append (text, "default = INBOX\n");
  append_from (text, account);

  return colombe_export_files_new_text (text->str);
}

const ColombeExporter colombe_export_aerc = {
  .name = "aerc",
  .extension = "conf",
  .description = N_("account section for aerc (accounts.conf), passwords read from the keyring"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .without_oauth2 = N_("aerc signs in with OAuth2 only through a token program Colombe does not "
                       "set up"),
  .oauth2_way_out = TRUE,
  .build = aerc_build,
};
