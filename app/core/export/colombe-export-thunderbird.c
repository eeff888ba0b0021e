/* colombe-export-thunderbird.c: user.js lines that give a Thunderbird
 * profile the account, its identity and its outgoing server
 *
 * The codes are Thunderbird's (comm-central MailNewsTypes2.idl): socketType
 * and try_ssl 0 plain, 2 STARTTLS, 3 SSL/TLS; authMethod 1 none, 3 normal
 * password, 4 encrypted password, 5 GSSAPI, 6 NTLM, 7 TLS certificate,
 * 10 OAuth2.
 *
 * OAuth2 (authMethod 10 on both servers): Thunderbird finds the sign-in
 * page from the server's host name, that name or a domain above it, in
 * kHostnames of mailnews/base/src/OAuth2Providers.sys.mjs (read in ESR
 * 153's omni.ja): gmail.com and googlemail.com for Google; office365.com,
 * outlook.com and hotmail.com for Microsoft (outlook.office365.com,
 * smtp-mail.outlook.com); imap/pop/smtp.mail.yahoo.com; imap/pop/smtp.aol.com;
 * the hosts the providers' own pages and files give, which are written as
 * they are. An OAuth2 server under any other name is refused
 * (colombe_thunderbird_oauth2_refusal()): Thunderbird has no sign-in page
 * for it, and the account could never connect.
 *
 * The keys are ours (account_colombe_<hash>…, the hash of the address), so
 * they never meet Thunderbird's own (account1, server1, id1, smtp1). The
 * account is added with mail.accountmanager.appendaccounts, which
 * Thunderbird appends to the profile's account list at start instead of
 * replacing it. Outgoing servers have no such pref (Thunderbird 115 and
 * later read mail.smtpservers only), so that list is replaced: the file is
 * for a fresh profile, as its header says; a profile that already has
 * accounts gets the account through the autoconfig export and the wizard.
 *
 * How Thunderbird reads the file (Thunderbird ESR 153, Debian 12: the
 * prefs parser, modules/libpref/parser/src/lib.rs): user_pref("KEY",
 * VALUE); with strings in double quotes, where "\"", "\\", "\n", "\r",
 * "\xHH" and "\uHHHH" are the escapes, and the file must be UTF-8; "//"
 * comments end at a line break. Every string goes through
 * colombe_prefs_append_string_literal(), which also writes prefs.js
 * (thunderbird/colombe-prefs-file.c): "\"" and "\\" escaped, controls
 * as \uHHHH, though none gets this far (colombe-export-text.h refuses
 * them before); the
 * header comment holds the name and address on one line.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-thunderbird"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-targets.h"
#include "colombe-export-text.h"
#include "colombe-prefs-file.h"
#include "colombe-thunderbird-account.h"

/* The header is English on purpose: a prefs file is read by whoever
 * installs it, often a helper, and Thunderbird ignores it. */
static const char header[] =
  "// Thunderbird account written by Colombe for %s\n"
  "//\n"
  "// How to use it (a NEW Thunderbird profile, with no account yet):\n"
  "//  1. Quit Thunderbird.\n"
  "//  2. Copy this file into the profile folder as \"user.js\" (Help >\n"
  "//     Troubleshooting Information > Profile Folder shows where it is).\n"
  "%s"
  "//  4. user.js can then be removed: Thunderbird has saved the account in\n"
  "//     prefs.js. While user.js stays, its values are applied again at\n"
  "//     every start and undo changes made in the account settings.\n"
  "//\n"
  "// The account is added to the profile's list (appendaccounts), but the\n"
  "// list of outgoing servers (mail.smtpservers) is replaced: in a profile\n"
  "// that already has accounts, their outgoing servers would disappear from\n"
  "// it. For such a profile, use `colombe export --format autoconfig` and\n"
  "// Thunderbird's own account wizard instead.\n"
  "//\n"
  "// No password is written here.\n"
  "\n";

/* Step 3 of the header, as the account signs in */
static const char password_step[] =
  "//  3. Start Thunderbird once: the account appears; Thunderbird asks for\n"
  "//     the password when it first connects and keeps it itself.\n";
static const char oauth2_step[] =
  "//  3. Start Thunderbird once: the account appears; when it first\n"
  "//     connects, Thunderbird opens the provider's own sign-in page\n"
  "//     (OAuth2) and keeps what it is given there.\n";

/* user_pref("BRANCH.KEY.NAME", VALUE); lines: the user.js writer of
 * colombe_thunderbird_write_incoming() and its kin. */
static void
pref_string (gpointer    out,
             const char *branch,
             const char *key,
             const char *name,
             const char *value)
{
  g_string_append_printf (out, "user_pref(\"%s.%s.%s\", ", branch, key, name);
  colombe_prefs_append_string_literal (out, value);
  g_string_append (out, ");\n");
}

static void
pref_int (gpointer    out,
          const char *branch,
          const char *key,
          const char *name,
          int         value)
{
  g_string_append_printf (out, "user_pref(\"%s.%s.%s\", %d);\n", branch, key, name, value);
}

static void
pref_bool (gpointer    out,
           const char *branch,
           const char *key,
           const char *name,
           gboolean    value)
{
  g_string_append_printf (out, "user_pref(\"%s.%s.%s\", %s);\n", branch, key, name,
                          value ? "true" : "false");
}

static const ColombeThunderbirdPrefsWriter user_js_writer = { pref_string, pref_int, pref_bool };

/* A comment line must stay one line, whatever the name holds. */
static char *
dup_one_line (const char *text)
{
  char *line = g_strdup (text);

  for (char *p = line; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';

  return line;
}

static char *
dup_key_suffix (const char *address)
{
  g_autofree char *folded = g_utf8_casefold (address, -1);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);

  return g_strndup (digest, 12);
}

static GPtrArray *
thunderbird_build (const ColombeExportRequest  *request,
                   GError                     **error)
{
  ColombeAccount *account = request->account;
  ColombeServer *incoming = colombe_account_get_incoming (account);
  ColombeServer *outgoing = colombe_account_get_outgoing (account);
  const char *address = colombe_account_get_address (account);
  const char *name = colombe_account_get_name (account);
  g_autofree char *suffix = NULL;
  g_autofree char *account_key = NULL;
  g_autofree char *server_key = NULL;
  g_autofree char *identity_key = NULL;
  g_autofree char *smtp_key = NULL;
  g_autofree char *who = NULL;
  g_autofree char *header_who = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (incoming == NULL || outgoing == NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("the account needs both an incoming and an outgoing server"));
      return NULL;
    }
  if (!colombe_export_check_account (account, NULL, error))
    return NULL;

  suffix = dup_key_suffix (address);
  account_key = g_strconcat ("account_colombe_", suffix, NULL);
  server_key = g_strconcat ("server_colombe_", suffix, NULL);
  identity_key = g_strconcat ("id_colombe_", suffix, NULL);
  smtp_key = g_strconcat ("smtp_colombe_", suffix, NULL);

  who = name != NULL ? g_strdup_printf ("%s <%s>", name, address) : g_strdup (address);
  header_who = dup_one_line (who);
  g_string_append_printf (out, header, header_who,
                          colombe_export_uses_oauth2 (account) ? oauth2_step : password_step);

  g_string_append (out, "// the account, appended to the profile's own list\n");
  g_string_append_printf (out, "user_pref(\"mail.accountmanager.appendaccounts\", \"%s\");\n",
                          account_key);
  pref_string (out, "mail.account", account_key, "server", server_key);
  pref_string (out, "mail.account", account_key, "identities", identity_key);

  g_string_append (out, "\n// its incoming server\n");
  colombe_thunderbird_write_incoming (&user_js_writer, out, server_key, incoming, address);

  g_string_append (out, "\n// who sends\n");
  colombe_thunderbird_write_identity (&user_js_writer, out, identity_key, account, smtp_key);

  g_string_append (out, "\n// the outgoing server (this list is replaced: see above)\n");
  g_string_append_printf (out, "user_pref(\"mail.smtpservers\", \"%s\");\n", smtp_key);
  colombe_thunderbird_write_outgoing (&user_js_writer, out, smtp_key, outgoing, address);

  return colombe_export_files_new_text (out->str);
}

const ColombeExporter colombe_export_thunderbird = {
  .name = "thunderbird",
  .extension = "js",
  .description = N_("user.js for a new Thunderbird profile: account, identity and outgoing server"),
  .can_carry_password = FALSE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .oauth2_refusal = colombe_thunderbird_oauth2_refusal,
  .build = thunderbird_build,
};
