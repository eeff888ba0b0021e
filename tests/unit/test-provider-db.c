/* test-provider-db.c: the built-in provider database and `colombe providers`
 *
 * The database is data that people will trust: these tests read every
 * built-in file, check each domain of the seed document against the settings
 * of docs/PROVIDERS.md, and check the rules that keep a non-technical person
 * safe (no plain connection, help in English and French, an explanation for
 * the providers that refuse ordinary passwords).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "colombe-cli.h"
#include "colombe-provider-db.h"

#define PROVIDERS_PATH RESOURCE_PREFIX "/providers/"
#define N_PROVIDERS 16

/* The first incoming and first outgoing server of a domain's provider. */
typedef struct
{
  const char      *domain;
  const char      *id;
  const char      *incoming_host;   /* NULL: no incoming server is known */
  guint16          incoming_port;
  ColombeSecurity  incoming_security;
  const char      *incoming_username;
  const char      *outgoing_host;
  guint16          outgoing_port;
  ColombeSecurity  outgoing_security;
  const char      *outgoing_username;
} SeedDomain;

#define TLS COLOMBE_SECURITY_TLS
#define STARTTLS COLOMBE_SECURITY_STARTTLS
#define ADDRESS "%EMAILADDRESS%"
#define LOCALPART "%EMAILLOCALPART%"

/* Every domain of the seed's two tables, and those PROVIDERS.md adds. */
static const SeedDomain seed_domains[] = {
  { "free.fr", "free.fr", "imap.free.fr", 993, TLS, LOCALPART,
    "smtp.free.fr", 465, TLS, LOCALPART },
  { "gmail.com", "gmail.com", "imap.gmail.com", 993, TLS, ADDRESS,
    "smtp.gmail.com", 465, TLS, ADDRESS },
  { "googlemail.com", "gmail.com", "imap.gmail.com", 993, TLS, ADDRESS,
    "smtp.gmail.com", 465, TLS, ADDRESS },
  { "orange.fr", "orange.fr", "imap.orange.fr", 993, TLS, ADDRESS,
    "smtp.orange.fr", 465, TLS, ADDRESS },
  { "wanadoo.fr", "orange.fr", "imap.orange.fr", 993, TLS, ADDRESS,
    "smtp.orange.fr", 465, TLS, ADDRESS },
  { "sfr.fr", "sfr.fr", "imap.sfr.fr", 993, TLS, ADDRESS, "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "neuf.fr", "sfr.fr", "imap.sfr.fr", 993, TLS, ADDRESS, "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "club-internet.fr", "sfr.fr", "imap.sfr.fr", 993, TLS, ADDRESS,
    "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "cegetel.net", "sfr.fr", "imap.sfr.fr", 993, TLS, ADDRESS, "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "cegetel.fr", "sfr.fr", "imap.sfr.fr", 993, TLS, ADDRESS, "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "9online.fr", "sfr.fr", "imap.sfr.fr", 993, TLS, ADDRESS, "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "laposte.net", "laposte.net", "imap.laposte.net", 993, TLS, LOCALPART,
    "smtp.laposte.net", 465, TLS, LOCALPART },
  { "bbox.fr", "bbox.fr", "imap4.bbox.fr", 993, TLS, ADDRESS,
    "smtp.bbox.fr", 587, STARTTLS, ADDRESS },
  { "numericable.fr", "numericable.fr", "imap.sfr.fr", 993, TLS, ADDRESS,
    "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "numericable.com", "numericable.fr", "imap.sfr.fr", 993, TLS, ADDRESS,
    "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "noos.fr", "numericable.fr", "imap.sfr.fr", 993, TLS, ADDRESS,
    "smtp.sfr.fr", 465, TLS, ADDRESS },
  { "outlook.com", "outlook.com", "outlook.office365.com", 993, TLS, ADDRESS,
    "smtp-mail.outlook.com", 587, STARTTLS, ADDRESS },
  { "hotmail.com", "outlook.com", "outlook.office365.com", 993, TLS, ADDRESS,
    "smtp-mail.outlook.com", 587, STARTTLS, ADDRESS },
  { "live.com", "outlook.com", "outlook.office365.com", 993, TLS, ADDRESS,
    "smtp-mail.outlook.com", 587, STARTTLS, ADDRESS },
  { "msn.com", "outlook.com", "outlook.office365.com", 993, TLS, ADDRESS,
    "smtp-mail.outlook.com", 587, STARTTLS, ADDRESS },
  { "hotmail.fr", "outlook.com", "outlook.office365.com", 993, TLS, ADDRESS,
    "smtp-mail.outlook.com", 587, STARTTLS, ADDRESS },
  { "live.fr", "outlook.com", "outlook.office365.com", 993, TLS, ADDRESS,
    "smtp-mail.outlook.com", 587, STARTTLS, ADDRESS },
  { "outlook.fr", "outlook.com", "outlook.office365.com", 993, TLS, ADDRESS,
    "smtp-mail.outlook.com", 587, STARTTLS, ADDRESS },
  { "dauphintelecom.fr", "dauphintelecom.fr", "imap.dauphintelecom.com", 993, TLS, ADDRESS,
    "smtp.dauphintelecom.com", 25, STARTTLS, ADDRESS },
  { "domaccess.com", "dauphintelecom.fr", "imap.dauphintelecom.com", 993, TLS, ADDRESS,
    "smtp.dauphintelecom.com", 25, STARTTLS, ADDRESS },
  { "aol.com", "aol.com", "imap.aol.com", 993, TLS, ADDRESS, "smtp.aol.com", 465, TLS, ADDRESS },
  { "aol.fr", "aol.com", "imap.aol.com", 993, TLS, ADDRESS, "smtp.aol.com", 465, TLS, ADDRESS },
  { "yahoo.com", "yahoo.com", "imap.mail.yahoo.com", 993, TLS, ADDRESS,
    "smtp.mail.yahoo.com", 465, TLS, ADDRESS },
  { "yahoo.fr", "yahoo.com", "imap.mail.yahoo.com", 993, TLS, ADDRESS,
    "smtp.mail.yahoo.com", 465, TLS, ADDRESS },
  { "ymail.com", "yahoo.com", "imap.mail.yahoo.com", 993, TLS, ADDRESS,
    "smtp.mail.yahoo.com", 465, TLS, ADDRESS },
  { "rocketmail.com", "yahoo.com", "imap.mail.yahoo.com", 993, TLS, ADDRESS,
    "smtp.mail.yahoo.com", 465, TLS, ADDRESS },
  { "me.com", "icloud.com", "imap.mail.me.com", 993, TLS, LOCALPART,
    "smtp.mail.me.com", 587, STARTTLS, ADDRESS },
  { "mac.com", "icloud.com", "imap.mail.me.com", 993, TLS, LOCALPART,
    "smtp.mail.me.com", 587, STARTTLS, ADDRESS },
  { "icloud.com", "icloud.com", "imap.mail.me.com", 993, TLS, LOCALPART,
    "smtp.mail.me.com", 587, STARTTLS, ADDRESS },
  { "online.net", "online.net", "imap.online.net", 993, TLS, ADDRESS,
    "smtp.online.net", 465, TLS, ADDRESS },
  { "ovh.com", "ovh.net", "ssl0.ovh.net", 993, TLS, ADDRESS, "ssl0.ovh.net", 465, TLS, ADDRESS },
  { "ovh.net", "ovh.net", "ssl0.ovh.net", 993, TLS, ADDRESS, "ssl0.ovh.net", 465, TLS, ADDRESS },
  { "lagoon.nc", "lagoon.nc", NULL, 0, TLS, NULL, "smtp.lagoon.nc", 25, STARTTLS, ADDRESS },
  { "mail.pf", "mail.pf", NULL, 0, TLS, NULL, "smtp.mana.pf", 587, STARTTLS, ADDRESS },
};

/* The providers that refuse the ordinary password from a mail program. */
static const struct
{
  const char            *id;
  ColombePasswordPolicy  policy;
  gboolean               takes_app_password;
} refusing[] = {
  { "gmail.com", COLOMBE_PASSWORD_POLICY_APP_PASSWORD, TRUE },
  { "yahoo.com", COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY, FALSE },
  { "aol.com", COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY, FALSE },
  { "icloud.com", COLOMBE_PASSWORD_POLICY_APP_PASSWORD, TRUE },
  { "outlook.com", COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY, FALSE },
};

/* How each provider signs a mail program in (issue 16, with the source line
 * of each file): the ways, preferred first ("" when unknown), the page of
 * its sign-in help, and the server and page of a switch to turn on. */
static const struct
{
  const char *id;
  const char *sign_in;
  const char *help_url;
  const char *switch_for;
  const char *switch_url;
} sign_ins[] = {
  { "aol.com", "oauth2",
    "https://help.aol.com/articles/how-do-i-use-other-email-applications-to-send-and-receive-my-aol-mail",
    NULL, NULL },
  { "bbox.fr", "", NULL, NULL, NULL },
  { "dauphintelecom.fr", "", NULL, NULL, NULL },
  { "free.fr", "password",
    "https://assistance.free.fr/articles/configurer-de-maniere-avancee-mon-logiciel-de-messagerie-609",
    "smtp", "https://free.fr/assistance/2406.html" },
  { "gmail.com", "app-password oauth2", "https://myaccount.google.com/apppasswords", NULL, NULL },
  { "icloud.com", "app-password", "https://account.apple.com", NULL, NULL },
  { "lagoon.nc", "", NULL, NULL, NULL },
  { "laposte.net", "password", "https://aide.laposte.net", NULL, NULL },
  { "mail.pf", "", NULL, NULL, NULL },
  { "numericable.fr", "", NULL, NULL, NULL },
  { "online.net", "password", NULL, NULL, NULL },
  { "orange.fr", "password", "https://assistance.orange.fr/nid/434630", NULL, NULL },
  { "outlook.com", "oauth2",
    "https://support.microsoft.com/office/modern-authentication-methods-now-needed-to-continue-syncing-outlook-email-in-non-microsoft-email-apps-c5d65390-9676-4763-b41f-d7986499a90d",
    "imap",
    "https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040" },
  { "ovh.net", "password", NULL, NULL, NULL },
  { "sfr.fr", "password",
    "https://assistance.sfr.fr/sfrmail-appli/sfrmail/configurer-messagerie-recevoir-email-sfr.html",
    NULL, NULL },
  { "yahoo.com", "oauth2", "https://help.yahoo.com/kb/SLN4075.html", NULL, NULL },
};

/* The confidence PROVIDERS.md gives each entry. */
static const struct
{
  const char        *id;
  ColombeConfidence  confidence;
} confidences[] = {
  { "aol.com", COLOMBE_CONFIDENCE_HIGH },
  { "bbox.fr", COLOMBE_CONFIDENCE_LOW },
  { "dauphintelecom.fr", COLOMBE_CONFIDENCE_UNCONFIRMED },
  { "free.fr", COLOMBE_CONFIDENCE_MEDIUM },
  { "gmail.com", COLOMBE_CONFIDENCE_HIGH },
  { "icloud.com", COLOMBE_CONFIDENCE_HIGH },
  { "lagoon.nc", COLOMBE_CONFIDENCE_UNCONFIRMED },
  { "laposte.net", COLOMBE_CONFIDENCE_MEDIUM },
  { "mail.pf", COLOMBE_CONFIDENCE_UNCONFIRMED },
  { "numericable.fr", COLOMBE_CONFIDENCE_LOW },
  { "online.net", COLOMBE_CONFIDENCE_MEDIUM },
  { "orange.fr", COLOMBE_CONFIDENCE_HIGH },
  { "outlook.com", COLOMBE_CONFIDENCE_HIGH },
  { "ovh.net", COLOMBE_CONFIDENCE_HIGH },
  { "sfr.fr", COLOMBE_CONFIDENCE_HIGH },
  { "yahoo.com", COLOMBE_CONFIDENCE_HIGH },
};

/* A plain (unencrypted) built-in server must be listed here, with the reason
 * in its file. None is today: where the seed knew only a plain value, the
 * file asks for STARTTLS instead (see lagoon.nc.xml). */
static const char * const documented_plain_servers[] = {
  NULL,
};

static ColombeProviderDb *
db (void)
{
  return colombe_provider_db_get_default ();
}

static ColombeClientConfig *
lookup_id (const char *id)
{
  ColombeClientConfig *config = colombe_provider_db_lookup (db (), id);

  g_assert_nonnull (config);
  g_assert_cmpstr (colombe_client_config_get_id (config), ==, id);
  return config;
}

/* Every file of the resource */

static void
test_resources_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) list = colombe_provider_db_list (db ());
  guint n_files = 0;

  names = g_resources_enumerate_children (PROVIDERS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (PROVIDERS_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(ColombeClientConfig) config = NULL;
      g_autofree char *id = NULL;
      gsize size;
      const char *data;

      g_assert_true (g_str_has_suffix (names[i], ".xml"));
      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, &size);

      config = colombe_client_config_new_from_data (data, size, path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (config);

      /* Built-in files use no deprecated or unknown value. */
      g_assert_cmpuint (colombe_client_config_get_reader_warnings (config)->len, ==, 0);

      id = g_strndup (names[i], strlen (names[i]) - strlen (".xml"));
      g_assert_cmpstr (colombe_client_config_get_id (config), ==, id);
      n_files++;
    }

  g_assert_cmpuint (n_files, ==, N_PROVIDERS);
  g_assert_cmpuint (list->len, ==, n_files);
}

/* A file added to data/providers/ but forgotten in the gresource XML would
 * silently not ship. */
static void
test_resources_complete (void)
{
  const char *source_root = g_getenv ("COLOMBE_SOURCE_ROOT");
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (source_root == NULL)
    {
      g_test_skip ("COLOMBE_SOURCE_ROOT is not set");
      return;
    }

  folder = g_build_filename (source_root, "data", "providers", NULL);
  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strconcat (PROVIDERS_PATH, name, NULL);

      if (!g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".gresource.xml"))
        continue;

      g_assert_true (g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL));
    }
}

/* The seed's domains */

static void
assert_server (ColombeServer   *server,
               const char      *host,
               guint16          port,
               ColombeSecurity  security,
               const char      *username)
{
  g_assert_nonnull (server);
  g_assert_cmpstr (colombe_server_get_host (server), ==, host);
  g_assert_cmpuint (colombe_server_get_port (server), ==, port);
  g_assert_cmpint (colombe_server_get_security (server), ==, security);
  g_assert_cmpstr (colombe_server_get_username_template (server), ==, username);
}

static void
test_seed_domain (gconstpointer data)
{
  const SeedDomain *seed = data;
  ColombeClientConfig *config = colombe_provider_db_lookup (db (), seed->domain);
  GPtrArray *incoming;
  GPtrArray *outgoing;

  g_assert_nonnull (config);
  g_assert_cmpstr (colombe_client_config_get_id (config), ==, seed->id);

  incoming = colombe_client_config_get_incoming (config);
  outgoing = colombe_client_config_get_outgoing (config);

  if (seed->incoming_host == NULL)
    g_assert_cmpuint (incoming->len, ==, 0);
  else
    {
      g_assert_cmpuint (incoming->len, >, 0);
      g_assert_cmpint (colombe_server_get_protocol (g_ptr_array_index (incoming, 0)), ==,
                       COLOMBE_PROTOCOL_IMAP);
      assert_server (g_ptr_array_index (incoming, 0), seed->incoming_host, seed->incoming_port,
                     seed->incoming_security, seed->incoming_username);
    }

  g_assert_cmpuint (outgoing->len, >, 0);
  assert_server (g_ptr_array_index (outgoing, 0), seed->outgoing_host, seed->outgoing_port,
                 seed->outgoing_security, seed->outgoing_username);
}

/* Alternatives kept from the seed where PROVIDERS.md says they are offered. */
static void
test_alternatives (void)
{
  GPtrArray *gmail = colombe_client_config_get_outgoing (lookup_id ("gmail.com"));
  GPtrArray *online = colombe_client_config_get_incoming (lookup_id ("online.net"));
  GPtrArray *ovh = colombe_client_config_get_incoming (lookup_id ("ovh.net"));
  GPtrArray *icloud = colombe_client_config_get_incoming (lookup_id ("icloud.com"));

  g_assert_cmpuint (gmail->len, ==, 2);
  assert_server (g_ptr_array_index (gmail, 1), "smtp.gmail.com", 587, STARTTLS, ADDRESS);

  g_assert_cmpuint (online->len, ==, 4);
  assert_server (g_ptr_array_index (online, 1), "imap.online.net", 143, STARTTLS, ADDRESS);

  /* OVH says only "sans SSL" for 143/110/587: not listed. */
  for (guint i = 0; i < ovh->len; i++)
    g_assert_cmpint (colombe_server_get_security (g_ptr_array_index (ovh, i)), ==, TLS);

  /* iCloud has no POP. */
  g_assert_cmpuint (icloud->len, ==, 1);
}

/* Resolving the templates for one person */

static void
test_accounts (void)
{
  g_autoptr(GPtrArray) free_accounts = NULL;
  g_autoptr(GPtrArray) lagoon_accounts = NULL;
  ColombeAccount *first;

  free_accounts = colombe_client_config_to_accounts (lookup_id ("free.fr"), "alice@free.fr",
                                                     "Alice", COLOMBE_SOURCE_BUILTIN, NULL);
  g_assert_cmpuint (free_accounts->len, >, 0);
  first = g_ptr_array_index (free_accounts, 0);
  g_assert_cmpstr (colombe_server_get_username (colombe_account_get_incoming (first)), ==, "alice");
  g_assert_cmpstr (colombe_server_get_host (colombe_account_get_incoming (first)), ==,
                   "imap.free.fr");

  /* No incoming server known: no account, discovery's other sources answer. */
  lagoon_accounts = colombe_client_config_to_accounts (lookup_id ("lagoon.nc"), "bob@lagoon.nc",
                                                       "Bob", COLOMBE_SOURCE_BUILTIN, NULL);
  g_assert_cmpuint (lagoon_accounts->len, ==, 0);
}

/* What every built-in entry must carry */

static gboolean
has_text (const ColombeHelpLink *link,
          const char            *lang)
{
  for (guint i = 0; i < link->texts->len; i++)
    {
      const ColombeLocalizedText *text = g_ptr_array_index (link->texts, i);

      if (g_strcmp0 (text->lang, lang) == 0 && text->text != NULL && text->text[0] != '\0')
        return TRUE;
    }

  return FALSE;
}

static void
assert_help_link (const ColombeHelpLink *link)
{
  g_assert_nonnull (link);
  g_assert_true (g_str_has_prefix (link->url, "https://"));
  g_assert_true (has_text (link, "en"));
  g_assert_true (has_text (link, "fr"));
}

static void
test_metadata (void)
{
  g_autoptr(GPtrArray) list = colombe_provider_db_list (db ());

  for (guint i = 0; i < list->len; i++)
    {
      ColombeClientConfig *config = g_ptr_array_index (list, i);
      GPtrArray *documentation = colombe_client_config_get_documentation (config);
      const char *app_password_url = colombe_client_config_get_app_password_url (config);
      g_autoptr(GPtrArray) warnings = colombe_client_config_check (config);

      g_test_message ("%s", colombe_client_config_get_id (config));
      g_assert_nonnull (colombe_client_config_get_display_name (config));
      g_assert_nonnull (colombe_client_config_get_display_short_name (config));
      g_assert_cmpint (colombe_client_config_get_confidence (config), !=,
                       COLOMBE_CONFIDENCE_UNKNOWN);

      g_assert_cmpuint (documentation->len, >, 0);
      for (guint j = 0; j < documentation->len; j++)
        assert_help_link (g_ptr_array_index (documentation, j));

      if (colombe_client_config_get_enable (config) != NULL)
        assert_help_link (colombe_client_config_get_enable (config));
      if (app_password_url != NULL)
        g_assert_true (g_str_has_prefix (app_password_url, "https://"));

      /* What `colombe check-config` would say: nothing, but for the two
       * entries whose incoming server nobody knows. */
      for (guint j = 0; j < warnings->len; j++)
        g_test_message ("%s", (const char *) g_ptr_array_index (warnings, j));
      if (colombe_client_config_get_incoming (config)->len == 0)
        g_assert_cmpuint (warnings->len, ==, 1);
      else
        g_assert_cmpuint (warnings->len, ==, 0);
    }
}

static void
test_confidence (void)
{
  g_autoptr(GPtrArray) list = colombe_provider_db_list (db ());

  g_assert_cmpuint (G_N_ELEMENTS (confidences), ==, list->len);
  for (guint i = 0; i < G_N_ELEMENTS (confidences); i++)
    {
      ColombeClientConfig *config = lookup_id (confidences[i].id);

      g_test_message ("%s", confidences[i].id);
      g_assert_cmpint (colombe_client_config_get_confidence (config), ==,
                       confidences[i].confidence);
    }

  /* Facts nobody confirmed are never presented with a password rule. */
  g_assert_cmpint (colombe_client_config_get_password_policy (lookup_id ("lagoon.nc")), ==,
                   COLOMBE_PASSWORD_POLICY_UNKNOWN);
}

static gboolean
server_has_auth (ColombeServer *server,
                 const char    *method)
{
  const char * const *methods = colombe_server_get_auth_methods (server);

  return methods != NULL && g_strv_contains (methods, method);
}

/* Gmail, Yahoo, AOL: the app password first (Colombe logs in with a
 * password), OAuth2 too. Outlook.com: OAuth2 only. */
static void
assert_auth_methods (ColombeClientConfig *config,
                     gboolean             takes_app_password)
{
  GPtrArray *lists[] = {
    colombe_client_config_get_incoming (config),
    colombe_client_config_get_outgoing (config),
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; j < lists[i]->len; j++)
      {
        ColombeServer *server = g_ptr_array_index (lists[i], j);

        g_assert_cmpstr (colombe_server_get_auth (server), ==,
                         takes_app_password ? "password-cleartext" : "OAuth2");
        if (!takes_app_password)
          g_assert_cmpuint (g_strv_length ((char **) colombe_server_get_auth_methods (server)),
                            ==, 1);
        else if (colombe_client_config_get_oauth2 (config) != NULL)
          g_assert_true (server_has_auth (server, "OAuth2"));
      }
}

static void
test_refusing_providers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusing); i++)
    {
      ColombeClientConfig *config = lookup_id (refusing[i].id);
      const ColombeHelpLink *enable = colombe_client_config_get_enable (config);
      const char *app_password_url = colombe_client_config_get_app_password_url (config);

      const ColombeHelpLink *help = colombe_client_config_get_sign_in_help (config);

      g_test_message ("%s", refusing[i].id);
      g_assert_cmpint (colombe_client_config_get_password_policy (config), ==, refusing[i].policy);
      assert_help_link (help);
      if (enable != NULL)
        assert_help_link (enable);

      if (refusing[i].takes_app_password)
        g_assert_cmpstr (app_password_url, ==, help->url);
      else
        g_assert_null (app_password_url);

      assert_auth_methods (config, refusing[i].takes_app_password);
    }

  /* Gmail, Yahoo and AOL sign in with OAuth2 as Thunderbird does; iCloud has none. */
  g_assert_cmpstr (colombe_client_config_get_oauth2 (lookup_id ("gmail.com"))->issuer, ==,
                   "accounts.google.com");
  g_assert_cmpstr (colombe_client_config_get_oauth2 (lookup_id ("outlook.com"))->issuer, ==,
                   "login.microsoftonline.com");
  g_assert_nonnull (colombe_client_config_get_oauth2 (lookup_id ("outlook.com"))->token_url);
  g_assert_nonnull (colombe_client_config_get_oauth2 (lookup_id ("yahoo.com")));
  g_assert_nonnull (colombe_client_config_get_oauth2 (lookup_id ("aol.com")));
  g_assert_null (colombe_client_config_get_oauth2 (lookup_id ("icloud.com")));
}

/* The list of the password policy says the same as the sign-in list. */
static ColombePasswordPolicy
policy_of (const char * const *ways)
{
  if (ways == NULL)
    return COLOMBE_PASSWORD_POLICY_UNKNOWN;
  if (g_str_equal (ways[0], "password"))
    return COLOMBE_PASSWORD_POLICY_ORDINARY;
  if (g_str_equal (ways[0], "app-password"))
    return COLOMBE_PASSWORD_POLICY_APP_PASSWORD;

  return COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY;
}

/* Every domain of the seed: its provider's sign-in list and help, in English
 * and in French, and the account a person gets carries them. */
static void
test_seed_sign_in (gconstpointer data)
{
  const SeedDomain *seed = data;
  ColombeClientConfig *config = colombe_provider_db_lookup (db (), seed->domain);
  g_autofree char *address = g_strconcat ("alice@", seed->domain, NULL);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *ways = colombe_client_config_get_sign_in (config);
  const ColombeHelpLink *help = colombe_client_config_get_sign_in_help (config);
  ColombeProtocol protocol;
  const ColombeHelpLink *turn_on = colombe_client_config_get_switch (config, &protocol);
  g_autofree char *joined = ways ? g_strjoinv (" ", (char **) ways) : g_strdup ("");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sign_ins); i++)
    if (g_str_equal (sign_ins[i].id, seed->id))
      break;
  g_assert_cmpuint (i, <, G_N_ELEMENTS (sign_ins));

  g_assert_cmpstr (joined, ==, sign_ins[i].sign_in);
  g_assert_cmpint (colombe_client_config_get_password_policy (config), ==, policy_of (ways));
  g_assert_cmpstr (help ? help->url : NULL, ==, sign_ins[i].help_url);
  if (help != NULL)
    assert_help_link (help);
  g_assert_cmpstr (turn_on ? turn_on->url : NULL, ==, sign_ins[i].switch_url);
  if (turn_on != NULL)
    {
      assert_help_link (turn_on);
      g_assert_cmpstr (colombe_protocol_to_string (protocol), ==, sign_ins[i].switch_for);
    }

  if (colombe_client_config_get_incoming (config)->len == 0)
    return;

  accounts = colombe_client_config_to_accounts (config, address, NULL, COLOMBE_SOURCE_BUILTIN,
                                                &error);
  g_assert_no_error (error);
  for (guint j = 0; j < accounts->len; j++)
    {
      ColombeAccount *account = g_ptr_array_index (accounts, j);
      const char * const *account_ways = colombe_account_get_sign_in (account);
      g_autofree char *account_joined = account_ways ? g_strjoinv (" ", (char **) account_ways)
                                                     : g_strdup ("");
      const ColombeHelp *account_help = colombe_account_get_help (account);

      g_assert_cmpstr (account_joined, ==, sign_ins[i].sign_in);
      g_assert_cmpstr (account_help ? account_help->url : NULL, ==, sign_ins[i].help_url);
      /* LC_ALL=C.UTF-8 in the tests: the English sentence */
      if (account_help != NULL)
        g_assert_cmpstr (account_help->text, ==, colombe_help_link_get_text (help, "en"));
    }
}

static void
assert_no_plain (ColombeClientConfig *config,
                 GPtrArray           *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);
      g_autofree char *name = NULL;

      if (colombe_server_get_security (server) != COLOMBE_SECURITY_NONE)
        continue;

      name = g_strdup_printf ("%s:%u", colombe_server_get_host (server),
                              colombe_server_get_port (server));
      g_test_message ("%s: plain server %s", colombe_client_config_get_id (config), name);
      g_assert_true (g_strv_contains (documented_plain_servers, name));
    }
}

static void
test_no_plain_servers (void)
{
  g_autoptr(GPtrArray) list = colombe_provider_db_list (db ());

  for (guint i = 0; i < list->len; i++)
    {
      ColombeClientConfig *config = g_ptr_array_index (list, i);

      assert_no_plain (config, colombe_client_config_get_incoming (config));
      assert_no_plain (config, colombe_client_config_get_outgoing (config));
    }
}

/* Lookups */

static void
test_domains_unique (void)
{
  g_autoptr(GPtrArray) list = colombe_provider_db_list (db ());
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < list->len; i++)
    {
      ColombeClientConfig *config = g_ptr_array_index (list, i);
      const char * const *domains = colombe_client_config_get_domains (config);

      g_assert_nonnull (domains[0]);
      for (guint j = 0; domains[j] != NULL; j++)
        {
          g_test_message ("%s: %s", colombe_client_config_get_id (config), domains[j]);
          g_assert_false (g_hash_table_contains (seen, domains[j]));
          g_hash_table_add (seen, (gpointer) domains[j]);
          g_assert_true (colombe_provider_db_lookup (db (), domains[j]) == config);
        }
    }
}

static void
test_lookup_case (void)
{
  ColombeClientConfig *free_fr = lookup_id ("free.fr");

  g_assert_true (colombe_provider_db_lookup (db (), "FREE.FR") == free_fr);
  g_assert_true (colombe_provider_db_lookup (db (), "Free.Fr") == free_fr);
  g_assert_true (colombe_provider_db_lookup (db (), "free.fr.") == free_fr);
  g_assert_true (colombe_provider_db_lookup (db (), "GoogleMail.COM") == lookup_id ("gmail.com"));
  g_assert_null (colombe_provider_db_lookup (db (), "example.org"));
  g_assert_null (colombe_provider_db_lookup (db (), "imap.free.fr"));
  g_assert_null (colombe_provider_db_lookup (db (), "fr"));
  g_assert_null (colombe_provider_db_lookup (db (), ""));
}

static void
test_lookup_for_host (void)
{
  static const struct
  {
    const char *host;
    const char *id;
  } cases[] = {
    { "mx1.free.fr", "free.fr" },
    { "free.fr", "free.fr" },
    { "MX2.Free.FR.", "free.fr" },
    { "smtp-mail.outlook.com", "outlook.com" },
    { "outlook.office365.com", "outlook.com" },
    { "hotmail-com.olc.protection.outlook.com", "outlook.com" },
    { "imap.sfr.fr", "sfr.fr" },        /* Numéricable's servers too, but sfr.fr is SFR's domain */
    { "mx4.mail.ovh.net", "ovh.net" },
    { "mx01.mail.icloud.com", "icloud.com" },
    { "smtp.mail.me.com", "icloud.com" },
    { "smtpx.mana.pf", "mail.pf" },
    { "imap.dauphintelecom.com", "dauphintelecom.fr" },
    { "smtp-in.orange.fr", "orange.fr" },
    { "example.org", NULL },
    { "free.fr.example.org", NULL },
    { "notfree.fr", NULL },             /* a suffix, but not at a label boundary */
    { "fr", NULL },
    { "192.0.2.1", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ColombeClientConfig *config = colombe_provider_db_lookup_for_host (db (), cases[i].host);

      g_test_message ("%s", cases[i].host);
      if (cases[i].id == NULL)
        g_assert_null (config);
      else
        g_assert_cmpstr (config ? colombe_client_config_get_id (config) : NULL, ==, cases[i].id);
    }
}

static char *
last_two_labels (const char *host)
{
  g_auto(GStrv) labels = g_strsplit (host, ".", -1);
  guint n = g_strv_length (labels);

  g_assert_cmpuint (n, >=, 2);
  return g_strjoin (".", labels[n - 2], labels[n - 1], NULL);
}

/* lookup_for_host() trusts the last two labels of every server host. A host
 * under a shared suffix ("mail.example.co.uk") would claim all of "co.uk":
 * any base outside the provider's own domains must be reviewed and listed. */
static void
test_host_bases (void)
{
  static const char * const reviewed[] = {
    "outlook.com office365.com",
    "numericable.fr sfr.fr",
    "dauphintelecom.fr dauphintelecom.com",
    "mail.pf mana.pf",
    NULL
  };
  g_autoptr(GPtrArray) list = colombe_provider_db_list (db ());

  for (guint i = 0; i < list->len; i++)
    {
      ColombeClientConfig *config = g_ptr_array_index (list, i);
      GPtrArray *lists[] = {
        colombe_client_config_get_incoming (config),
        colombe_client_config_get_outgoing (config),
      };

      for (guint j = 0; j < G_N_ELEMENTS (lists); j++)
        for (guint k = 0; k < lists[j]->len; k++)
          {
            const char *host = colombe_server_get_host (g_ptr_array_index (lists[j], k));
            g_autofree char *base = last_two_labels (host);
            g_autofree char *pair = NULL;

            if (g_strv_contains (colombe_client_config_get_domains (config), base))
              continue;

            pair = g_strdup_printf ("%s %s", colombe_client_config_get_id (config), base);
            g_test_message ("%s", pair);
            g_assert_true (g_strv_contains (reviewed, pair));
          }
    }
}

static void
test_list_sorted (void)
{
  g_autoptr(GPtrArray) list = colombe_provider_db_list (db ());

  g_assert_cmpuint (list->len, ==, N_PROVIDERS);
  for (guint i = 1; i < list->len; i++)
    g_assert_cmpstr (colombe_client_config_get_id (g_ptr_array_index (list, i - 1)), <,
                     colombe_client_config_get_id (g_ptr_array_index (list, i)));

  /* A container: freeing it leaves the shared entries alone. */
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_nonnull (colombe_client_config_get_id (lookup_id ("aol.com")));
}

static gpointer
get_default_thread (gpointer data)
{
  return colombe_provider_db_get_default ();
}

/* The first lookup may come from any thread; all must get the same database. */
static void
test_default_shared (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("provider-db", get_default_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (g_thread_join (threads[i]) == colombe_provider_db_get_default ());
}

/* `colombe providers`, run in a child process to capture its output */

typedef struct
{
  const char *args[4];   /* after "providers", NULL-terminated */
  int         status;
  const char *stdout_pattern;
  const char *stderr_pattern;
} CliCase;

static const CliCase cli_cases[] = {
  { { NULL }, COLOMBE_EXIT_OK,
    "aol.com *AOL Mail *aol.com, aol.fr\n*free.fr *Free *free.fr\n"
    "*numericable.fr *Numéricable (SFR Mail) *numericable.fr, numericable.com, noos.fr\n"
    "*yahoo.com*", "" },
  { { "--json", NULL }, COLOMBE_EXIT_OK, "[\n  {\n    \"id\" : \"aol.com\",*", "" },
  { { "free.fr", NULL }, COLOMBE_EXIT_OK,
    "Free\n  Id: free.fr\n*Incoming: IMAP, imap.free.fr, port 993, SSL/TLS, username: the part of "
    "the address before the @*Outgoing: SMTP, smtp.free.fr, port 465*"
    "https://assistance.free.fr/*", "" },
  { { "  Alice@FREE.fr ", NULL }, COLOMBE_EXIT_OK, "Free\n  Id: free.fr\n*", "" },
  { { "--json", "GMAIL.com.", NULL }, COLOMBE_EXIT_OK,
    "{\n  \"id\" : \"gmail.com\",*\"password_policy\" : \"app-password\","
    "*\"app_password_url\" : \"https://myaccount.google.com/apppasswords\","
    "*\"incoming\" : [*\"host\" : \"imap.gmail.com\",*\"username\" : \"%EMAILADDRESS%\","
    "*\"documentation\" : [*\"fr\" : *\"enable\" : {*\"oauth2\" : {*", "" },
  { { "--json", "lagoon.nc", NULL }, COLOMBE_EXIT_OK,
    "*\"confidence\" : \"unconfirmed\",*\"incoming\" : [],*\"enable\" : null,*", "" },
  { { "outlook.com", NULL }, COLOMBE_EXIT_OK, "*sign-in: sign-in page (OAuth2)*", "" },
  { { "example.org", NULL }, COLOMBE_EXIT_FAILURE, "", "colombe: *example.org\n" },
  { { "a b", NULL }, COLOMBE_EXIT_USAGE, "", "colombe: *a b*\n" },
  { { "@@", NULL }, COLOMBE_EXIT_USAGE, "", "colombe: *\n" },
  { { "free.fr", "orange.fr", NULL }, COLOMBE_EXIT_USAGE, "", "colombe: *\n" },
  { { "--no-such-option", NULL }, COLOMBE_EXIT_USAGE, "", "colombe: *\n" },
};

static void
test_cli (gconstpointer data)
{
  const CliCase *cli_case = data;

  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      char **args;
      int argc;

      g_ptr_array_add (argv, (char *) "providers");
      for (guint i = 0; cli_case->args[i] != NULL; i++)
        g_ptr_array_add (argv, (char *) cli_case->args[i]);
      argc = argv->len;
      g_ptr_array_add (argv, NULL);
      args = (char **) argv->pdata;

      g_assert_cmpint (colombe_cli_providers (argc, args), ==, cli_case->status);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (cli_case->stdout_pattern);
  g_test_trap_assert_stderr (cli_case->stderr_pattern);
}

/* An IDN domain is converted, not refused (and then unknown: exit 1). */
static void
test_cli_idn (void)
{
  if (g_test_subprocess ())
    {
      char *argv[] = { (char *) "providers", (char *) "bücher.example", NULL };

      g_assert_cmpint (colombe_cli_providers (2, argv), ==, COLOMBE_EXIT_FAILURE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("colombe: *xn--bcher-kva.example\n");
}

int
main (int   argc,
      char *argv[])
{
  /* As main.c does: g_print() converts to the locale's character set. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* First, so that the threads race for the first load. */
  g_test_add_func ("/provider-db/default-shared", test_default_shared);
  g_test_add_func ("/provider-db/resources/parse", test_resources_parse);
  g_test_add_func ("/provider-db/resources/complete", test_resources_complete);

  for (guint i = 0; i < G_N_ELEMENTS (seed_domains); i++)
    {
      g_autofree char *path = g_strdup_printf ("/provider-db/seed/%s", seed_domains[i].domain);

      g_test_add_data_func (path, &seed_domains[i], test_seed_domain);
      g_free (path);
      path = g_strdup_printf ("/provider-db/sign-in/%s", seed_domains[i].domain);
      g_test_add_data_func (path, &seed_domains[i], test_seed_sign_in);
    }

  g_test_add_func ("/provider-db/alternatives", test_alternatives);
  g_test_add_func ("/provider-db/accounts", test_accounts);
  g_test_add_func ("/provider-db/metadata", test_metadata);
  g_test_add_func ("/provider-db/confidence", test_confidence);
  g_test_add_func ("/provider-db/refusing-providers", test_refusing_providers);
  g_test_add_func ("/provider-db/no-plain-servers", test_no_plain_servers);
  g_test_add_func ("/provider-db/domains-unique", test_domains_unique);
  g_test_add_func ("/provider-db/lookup-case", test_lookup_case);
  g_test_add_func ("/provider-db/lookup-for-host", test_lookup_for_host);
  g_test_add_func ("/provider-db/host-bases", test_host_bases);
  g_test_add_func ("/provider-db/list-sorted", test_list_sorted);

  for (guint i = 0; i < G_N_ELEMENTS (cli_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/provider-db/cli/%u", i);

      g_test_add_data_func (path, &cli_cases[i], test_cli);
    }
  g_test_add_func ("/provider-db/cli/idn", test_cli_idn);

  return g_test_run ();
}
