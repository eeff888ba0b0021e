/* colombe-export-mobileconfig.c: an Apple configuration profile (iPhone,
 * iPad, Mac Mail) with one com.apple.mail.managed payload
 *
 * Keys from apple/device-management mdm/profiles/TopLevel.yaml and
 * com.apple.mail.managed.yaml. Two things the format cannot say:
 * - STARTTLS: there is only …UseSSL (implicit TLS). A STARTTLS server gets
 *   UseSSL false; Mail then negotiates STARTTLS itself when the server
 *   offers it. The profile says so in a comment.
 * - The password: IncomingPassword/OutgoingPassword belong in encrypted
 *   profiles only (encrypted to one device's certificate, which Colombe
 *   does not have), so this target never carries one; the device asks for
 *   it while installing the profile, once for both servers when they share
 *   the username.
 *
 * Escaping: an Apple property list is XML 1.0 (the plist DTD): every
 * string through g_markup_escape_text(); control characters, which XML
 * 1.0 refuses even as character references, are refused before
 * (colombe_export_account_init(), colombe-export-text.h). No value goes
 * into the XML comments. Checked with xmllint and GMarkup.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-mobileconfig"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-export-account.h"
#include "colombe-export-targets.h"

#define IDENTIFIER_PREFIX "io.github.colombe"

/* From clientConfig's names; NULL for what Mail cannot do from a profile. */
static const char *
authentication (const char *auth)
{
  static const struct { const char *name; const char *value; } values[] = {
    { "password-cleartext", "EmailAuthPassword" }, { "plain", "EmailAuthPassword" },
    { "password-encrypted", "EmailAuthCRAMMD5" }, { "secure", "EmailAuthCRAMMD5" },
    { "NTLM", "EmailAuthNTLM" },
    { "none", "EmailAuthNone" }, { "client-IP-address", "EmailAuthNone" },
    { "smtp-after-pop", "EmailAuthNone" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].name, auth))
      return values[i].value;

  return NULL;
}

static void
append_string (GString    *out,
               const char *indent,
               const char *key,
               const char *value)
{
  g_autofree char *text = g_markup_escape_text (value, -1);

  g_string_append_printf (out, "%s<key>%s</key>\n%s<string>%s</string>\n",
                          indent, key, indent, text);
}

static void
append_integer (GString    *out,
                const char *indent,
                const char *key,
                guint       value)
{
  g_string_append_printf (out, "%s<key>%s</key>\n%s<integer>%u</integer>\n",
                          indent, key, indent, value);
}

static void
append_boolean (GString    *out,
                const char *indent,
                const char *key,
                gboolean    value)
{
  g_string_append_printf (out, "%s<key>%s</key>\n%s<%s/>\n",
                          indent, key, indent, value ? "true" : "false");
}

/* The keys of one server, @prefix "Incoming" or "Outgoing". */
static gboolean
append_server (GString        *out,
               const char     *prefix,
               ColombeServer  *server,
               const char     *username,
               GError        **error)
{
  const char *indent = "\t\t\t";
  const char *auth = colombe_server_get_auth (server);
  const char *value = authentication (auth);
  char key[64];

  if (value == NULL)
    {
      g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                   _("an Apple configuration profile cannot log in with %s"), auth);
      return FALSE;
    }

  g_snprintf (key, sizeof key, "%sMailServerAuthentication", prefix);
  append_string (out, indent, key, value);
  g_snprintf (key, sizeof key, "%sMailServerHostName", prefix);
  append_string (out, indent, key, colombe_server_get_host (server));
  g_snprintf (key, sizeof key, "%sMailServerPortNumber", prefix);
  append_integer (out, indent, key, colombe_server_get_port (server));
  /* true for implicit TLS only: see the top of this file for STARTTLS */
  g_snprintf (key, sizeof key, "%sMailServerUseSSL", prefix);
  append_boolean (out, indent, key, colombe_server_get_security (server) == COLOMBE_SECURITY_TLS);
  g_snprintf (key, sizeof key, "%sMailServerUsername", prefix);
  append_string (out, indent, key, username);

  return TRUE;
}

static void
append_starttls_note (GString       *out,
                      const char    *which,
                      ColombeServer *server)
{
  if (colombe_server_get_security (server) != COLOMBE_SECURITY_STARTTLS)
    return;

  /* no host name here: an ACE name ("xn--") would end the comment */
  g_string_append_printf (out,
                          "<!-- %s server: STARTTLS. A profile has no key for it: UseSSL is "
                          "false and Mail negotiates STARTTLS itself when the server offers "
                          "it. -->\n", which);
}

static gboolean
append_mail_payload (GString               *out,
                     ColombeExportAccount  *account,
                     const char            *identifier,
                     GError               **error)
{
  const char *indent = "\t\t\t";
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *payload_identifier = g_strconcat (identifier, ".mail", NULL);
  gboolean pop = colombe_server_get_protocol (account->incoming) == COLOMBE_PROTOCOL_POP3;

  g_string_append (out, "\t<array>\n\t\t<dict>\n");
  append_string (out, indent, "EmailAccountDescription", account->address);
  if (account->name != NULL)
    append_string (out, indent, "EmailAccountName", account->name);
  append_string (out, indent, "EmailAccountType", pop ? "EmailTypePOP" : "EmailTypeIMAP");
  append_string (out, indent, "EmailAddress", account->address);
  if (!append_server (out, "Incoming", account->incoming, account->incoming_username, error) ||
      !append_server (out, "Outgoing", account->outgoing, account->outgoing_username, error))
    return FALSE;
  /* one question for the password when installing, if it is the same login */
  append_boolean (out, indent, "OutgoingPasswordSameAsIncomingPassword",
                  g_str_equal (account->incoming_username, account->outgoing_username));
  append_string (out, indent, "PayloadDisplayName", account->address);
  append_string (out, indent, "PayloadIdentifier", payload_identifier);
  append_string (out, indent, "PayloadType", "com.apple.mail.managed");
  append_string (out, indent, "PayloadUUID", uuid);
  append_integer (out, indent, "PayloadVersion", 1);
  g_string_append (out, "\t\t</dict>\n\t</array>\n");

  return TRUE;
}

static GPtrArray *
mobileconfig_build (const ColombeExportRequest  *request,
                    GError                     **error)
{
  g_auto(ColombeExportAccount) account = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *domain = NULL;
  g_autofree char *identifier = NULL;
  g_autofree char *description = NULL;

  g_assert (request->password == NULL);

  if (!colombe_export_account_init (&account, request, error))
    return NULL;

  /* reverse-DNS: ours, then the account's domain (ASCII form), then this profile */
  domain = g_hostname_to_ascii (strrchr (account.address, '@') + 1);
  if (domain == NULL)
    domain = g_strdup ("account");
  identifier = g_strdup_printf ("%s.%s.%s", IDENTIFIER_PREFIX, domain, uuid);
  description = g_strdup_printf (_("Sets up the mail account %s (made by Colombe)."),
                                 account.address);

  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                        "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
  append_starttls_note (out, "Incoming", account.incoming);
  append_starttls_note (out, "Outgoing", account.outgoing);
  g_string_append (out, "<plist version=\"1.0\">\n<dict>\n\t<key>PayloadContent</key>\n");
  if (!append_mail_payload (out, &account, identifier, error))
    return NULL;
  append_string (out, "\t", "PayloadDescription", description);
  append_string (out, "\t", "PayloadDisplayName", account.address);
  append_string (out, "\t", "PayloadIdentifier", identifier);
  append_string (out, "\t", "PayloadType", "Configuration");
  append_string (out, "\t", "PayloadUUID", uuid);
  append_integer (out, "\t", "PayloadVersion", 1);
  g_string_append (out, "</dict>\n</plist>\n");

  return colombe_export_files_new_text (out->str);
}

const ColombeExporter colombe_export_mobileconfig = {
  .name = "mobileconfig",
  .extension = "mobileconfig",
  .description = N_("Apple configuration profile for iPhone, iPad and Mac Mail "
                    "(STARTTLS left to Mail; no password)"),
  .can_carry_password = FALSE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .without_oauth2 = N_("A configuration profile cannot sign in with OAuth2: on the iPhone, add the "
                       "account in Settings, Mail, Accounts, Add Account, choosing the provider"),
  .build = mobileconfig_build,
};
