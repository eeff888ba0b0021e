/* colombe-export-k9.c: a Thunderbird for Android / K-9 Mail settings file
 *
 * What the app's importer reads (thunderbird-android legacy/core
 * com/fsck/k9/preferences SettingsFileParser.kt, SettingsImporter.kt,
 * ServerSettingsDescriptions.kt): <k9settings version="N" format="1">,
 * accounts/account[uuid] with its name, incoming-server and
 * outgoing-server (type attribute; host, port, connection-security,
 * authentication-type, username, optional password: when missing, the app
 * asks for it after the import) and at least one identity (name, email).
 * Account settings left out take the app's defaults. OAuth2 (XOAUTH2)
 * only for the servers the app has a sign-in page for
 * (colombe_export_android_knows_oauth2()); any other is refused.
 *
 * Escaping: the importer reads XML 1.0 with Android's XmlPullParser; every
 * value goes through g_markup_escape_text(), and control characters,
 * which XML 1.0 refuses even as character references, are refused before
 * (colombe_export_account_init(), colombe-export-text.h).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-k9"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-export-account.h"
#include "colombe-export-targets.h"

/* The content version: the first in which every value written here is
 * valid (95 added the NONE authentication type); the importer upgrades
 * the rest from there. */
#define CONTENT_VERSION 95
#define FILE_FORMAT 1

static const char *
connection_security (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return "SSL_TLS_REQUIRED";
    case COLOMBE_SECURITY_STARTTLS:
      return "STARTTLS_REQUIRED";
    case COLOMBE_SECURITY_NONE:
      return "NONE";
    default:
      g_assert_not_reached ();
    }
}

/* From clientConfig's names; NULL for what the app cannot do. */
static const char *
authentication_type (const char *auth)
{
  static const struct { const char *name; const char *type; } types[] = {
    { "password-cleartext", "PLAIN" }, { "plain", "PLAIN" },
    { "password-encrypted", "CRAM_MD5" }, { "secure", "CRAM_MD5" },
    { "TLS-client-cert", "EXTERNAL" }, { "OAuth2", "XOAUTH2" },
    { "none", "NONE" }, { "client-IP-address", "NONE" }, { "smtp-after-pop", "NONE" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].name, auth))
      return types[i].type;

  return NULL;
}

static void
append_element (GString    *out,
                const char *indent,
                const char *name,
                const char *value)
{
  g_autofree char *text = g_markup_escape_text (value, -1);

  g_string_append_printf (out, "%s<%s>%s</%s>\n", indent, name, text, name);
}

static gboolean
append_server (GString        *out,
               const char     *element,
               ColombeServer  *server,
               const char     *username,
               const char     *password,
               GError        **error)
{
  const char *indent = "      ";
  const char *auth = colombe_server_get_auth (server);
  const char *type = authentication_type (auth);
  g_autofree char *port = g_strdup_printf ("%u", colombe_server_get_port (server));

  if (type == NULL)
    {
      g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                   _("Thunderbird for Android cannot log in with %s"), auth);
      return FALSE;
    }

  g_string_append_printf (out, "    <%s type=\"%s\">\n", element,
                          colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_IMAP ? "IMAP"
                          : colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_POP3 ? "POP3"
                          : "SMTP");
  append_element (out, indent, "host", colombe_export_android_host (server));
  append_element (out, indent, "port", port);
  append_element (out, indent, "connection-security",
                  connection_security (colombe_server_get_security (server)));
  append_element (out, indent, "authentication-type", type);
  append_element (out, indent, "username", username);
  if (password != NULL)
    append_element (out, indent, "password", password);
  g_string_append_printf (out, "    </%s>\n", element);

  return TRUE;
}

static GPtrArray *
k9_build (const ColombeExportRequest  *request,
          GError                     **error)
{
  g_auto(ColombeExportAccount) account = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *uuid = g_uuid_string_random ();

  if (!colombe_export_account_init (&account, request, error))
    return NULL;

  g_string_append (out, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n");
  g_string_append_printf (out, "<k9settings version=\"%d\" format=\"%d\">\n",
                          CONTENT_VERSION, FILE_FORMAT);
  g_string_append (out, "<accounts>\n");
  g_string_append_printf (out, "  <account uuid=\"%s\">\n", uuid);
  append_element (out, "    ", "name", account.address);

  if (!append_server (out, "incoming-server", account.incoming, account.incoming_username,
                      account.password, error) ||
      !append_server (out, "outgoing-server", account.outgoing, account.outgoing_username,
                      account.password, error))
    return NULL;

  g_string_append (out, "    <identities>\n      <identity>\n");
  if (account.name != NULL)
    append_element (out, "        ", "name", account.name);
  append_element (out, "        ", "email", account.address);
  g_string_append (out, "      </identity>\n    </identities>\n");
  g_string_append (out, "  </account>\n</accounts>\n</k9settings>\n");

  return colombe_export_files_new_text (out->str);
}

const ColombeExporter colombe_export_k9 = {
  .name = "k9",
  .extension = "k9s",
  .description = N_("settings file for Thunderbird for Android and K-9 Mail (Import settings)"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .oauth2_refusal = colombe_export_android_oauth2_refusal,
  .build = k9_build,
};
