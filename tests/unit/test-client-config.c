/* test-client-config.c: the clientConfig reader, writer, checks and accounts
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "colombe-client-config.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
             "<clientConfig version=\"1.1\">\n" \
             "<emailProvider id=\"example.org\">\n"
#define TAIL "</emailProvider>\n</clientConfig>\n"

#define IMAP_993 "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname>" \
                 "<port>993</port><socketType>SSL</socketType>" \
                 "<username>%EMAILADDRESS%</username>" \
                 "<authentication>password-cleartext</authentication></incomingServer>\n"
#define SMTP_465 "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname>" \
                 "<port>465</port><socketType>SSL</socketType>" \
                 "<username>%EMAILADDRESS%</username>" \
                 "<authentication>password-cleartext</authentication></outgoingServer>\n"
#define CLEAN_PROVIDER "<domain>example.org</domain><displayName>Example</displayName>\n"

/* Every element of the format, at least once. */
static const char full_document[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"example.org\">\n"
  "    <domain>example.org</domain>\n"
  "    <domain>Example.NET</domain>\n"
  "    <displayName>Example &amp; Co Mail</displayName>\n"
  "    <displayShortName>Example</displayShortName>\n"
  "    <incomingServer type=\"pop3\">\n"
  "      <hostname>pop.example.org</hostname>\n"
  "      <port>995</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILLOCALPART%</username>\n"
  "      <password>do-not-keep</password>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "      <pop3>\n"
  "        <leaveMessagesOnServer>true</leaveMessagesOnServer>\n"
  "        <downloadOnBiff>false</downloadOnBiff>\n"
  "        <daysToLeaveMessagesOnServer>14</daysToLeaveMessagesOnServer>\n"
  "        <checkInterval minutes=\"15\"/>\n"
  "      </pop3>\n"
  "    </incomingServer>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.example.org</hostname>\n"
  "      <port>993</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>OAuth2</authentication>\n"
  "      <authentication>password-encrypted</authentication>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>mail.%EMAILDOMAIN%</hostname>\n"
  "      <port>143</port>\n"
  "      <socketType>STARTTLS</socketType>\n"
  "      <username>%EMAILLOCALPART%.%EMAILDOMAIN%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.org</hostname>\n"
  "      <port>465</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>OAuth2</authentication>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "      <addThisServer>true</addThisServer>\n"
  "      <useGlobalPreferredServer>false</useGlobalPreferredServer>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.org</hostname>\n"
  "      <port>587</port>\n"
  "      <socketType>STARTTLS</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "    <enable visiturl=\"https://example.org/enable?a=1&amp;b=2\">\n"
  "      <instruction>Turn IMAP on</instruction>\n"
  "      <instruction lang=\"fr\">Activez IMAP</instruction>\n"
  "    </enable>\n"
  "    <documentation url=\"https://example.org/help\">\n"
  "      <descr lang=\"en\">How to set up</descr>\n"
  "      <descr lang=\"fr\">Comment configurer</descr>\n"
  "    </documentation>\n"
  "    <documentation url=\"https://example.org/faq\"/>\n"
  "    <x-colombe confidence=\"medium\" password=\"app-password\"\n"
  "               app-password-url=\"https://example.org/app-passwords\"\n"
  "               sign-in=\"app-password  oauth2\">\n"
  "      <sign-in-help url=\"https://example.org/app-passwords\">\n"
  "        <text lang=\"en\">Create an app password</text>\n"
  "        <text lang=\"fr\">Créez un mot de passe d'application</text>\n"
  "      </sign-in-help>\n"
  "      <switch for=\"smtp\" url=\"https://example.org/smtp\">\n"
  "        <text lang=\"en\">Turn SMTP on</text>\n"
  "      </switch>\n"
  "    </x-colombe>\n"
  "  </emailProvider>\n"
  "  <oAuth2>\n"
  "    <issuer>login.example.org</issuer>\n"
  "    <scope>imap smtp</scope>\n"
  "    <authURL>https://login.example.org/auth</authURL>\n"
  "    <tokenURL>https://login.example.org/token</tokenURL>\n"
  "  </oAuth2>\n"
  "  <webMail>\n"
  "    <loginPage url=\"https://webmail.example.org/\"/>\n"
  "    <loginPageInfo url=\"https://webmail.example.org/\">\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <usernameField id=\"user\"/>\n"
  "    </loginPageInfo>\n"
  "  </webMail>\n"
  "</clientConfig>\n";

static ColombeClientConfig *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  ColombeClientConfig *config;

  config = colombe_client_config_new_from_data (xml, -1, "test.xml", &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  return config;
}

static char *
parse_error (const char *xml,
             gssize      length,
             int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeClientConfig) config = NULL;

  config = colombe_client_config_new_from_data (xml, length, "test.xml", &error);
  g_assert_null (config);
  g_assert_error (error, COLOMBE_CLIENT_CONFIG_ERROR, code);
  g_test_message ("%s", error->message);

  return g_strdup (error->message);
}

static ColombeServer *
server_at (GPtrArray *servers,
           guint      index)
{
  g_assert_cmpuint (index, <, servers->len);
  return g_ptr_array_index (servers, index);
}

static void
assert_server (ColombeServer   *server,
               ColombeProtocol  protocol,
               const char      *host,
               guint            port,
               ColombeSecurity  security,
               const char      *username,
               const char      *auth)   /* methods joined with "," */
{
  g_autofree char *methods = g_strjoinv (",", (char **) colombe_server_get_auth_methods (server));

  g_assert_cmpint (colombe_server_get_protocol (server), ==, protocol);
  g_assert_cmpstr (colombe_server_get_host (server), ==, host);
  g_assert_cmpuint (colombe_server_get_port (server), ==, port);
  g_assert_cmpint (colombe_server_get_security (server), ==, security);
  g_assert_cmpstr (colombe_server_get_username_template (server), ==, username);
  g_assert_cmpstr (methods, ==, auth);
}

static void
assert_help_links_equal (const ColombeHelpLink *a,
                         const ColombeHelpLink *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_true (a == b);
      return;
    }

  g_assert_cmpstr (a->url, ==, b->url);
  g_assert_cmpuint (a->texts->len, ==, b->texts->len);
  for (guint i = 0; i < a->texts->len; i++)
    {
      const ColombeLocalizedText *ta = g_ptr_array_index (a->texts, i);
      const ColombeLocalizedText *tb = g_ptr_array_index (b->texts, i);

      g_assert_cmpstr (ta->lang, ==, tb->lang);
      g_assert_cmpstr (ta->text, ==, tb->text);
    }
}

static void
assert_servers_equal (ColombeClientConfig *a,
                      GPtrArray           *list_a,
                      ColombeClientConfig *b,
                      GPtrArray           *list_b)
{
  g_assert_cmpuint (list_a->len, ==, list_b->len);
  for (guint i = 0; i < list_a->len; i++)
    {
      ColombeServer *sa = g_ptr_array_index (list_a, i);
      ColombeServer *sb = g_ptr_array_index (list_b, i);
      const ColombePop3Options *pa = colombe_client_config_get_pop3_options (a, sa);
      const ColombePop3Options *pb = colombe_client_config_get_pop3_options (b, sb);
      g_autofree char *auth = g_strjoinv (",", (char **) colombe_server_get_auth_methods (sb));

      assert_server (sa, colombe_server_get_protocol (sb), colombe_server_get_host (sb),
                     colombe_server_get_port (sb), colombe_server_get_security (sb),
                     colombe_server_get_username_template (sb), auth);
      g_assert_true ((pa == NULL) == (pb == NULL));
      if (pa != NULL)
        g_assert_cmpmem (pa, sizeof *pa, pb, sizeof *pb);
      g_assert_cmpint (colombe_client_config_get_add_this_server (a, sa), ==,
                       colombe_client_config_get_add_this_server (b, sb));
      g_assert_cmpint (colombe_client_config_get_use_global_preferred_server (a, sa), ==,
                       colombe_client_config_get_use_global_preferred_server (b, sb));
    }
}

/* Field by field, so that a failure names the field. */
static void
assert_configs_equal (ColombeClientConfig *a,
                      ColombeClientConfig *b)
{
  const ColombeOAuth2 *oa = colombe_client_config_get_oauth2 (a);
  const ColombeOAuth2 *ob = colombe_client_config_get_oauth2 (b);
  GPtrArray *da = colombe_client_config_get_documentation (a);
  GPtrArray *db = colombe_client_config_get_documentation (b);

  g_assert_cmpstr (colombe_client_config_get_id (a), ==, colombe_client_config_get_id (b));
  g_assert_cmpstr (colombe_client_config_get_display_name (a), ==,
                   colombe_client_config_get_display_name (b));
  g_assert_cmpstr (colombe_client_config_get_display_short_name (a), ==,
                   colombe_client_config_get_display_short_name (b));
  g_assert_cmpstrv (colombe_client_config_get_domains (a), colombe_client_config_get_domains (b));
  assert_servers_equal (a, colombe_client_config_get_incoming (a),
                        b, colombe_client_config_get_incoming (b));
  assert_servers_equal (a, colombe_client_config_get_outgoing (a),
                        b, colombe_client_config_get_outgoing (b));
  g_assert_cmpuint (da->len, ==, db->len);
  for (guint i = 0; i < da->len; i++)
    assert_help_links_equal (g_ptr_array_index (da, i), g_ptr_array_index (db, i));
  assert_help_links_equal (colombe_client_config_get_enable (a),
                           colombe_client_config_get_enable (b));
  g_assert_true ((oa == NULL) == (ob == NULL));
  if (oa != NULL)
    {
      g_assert_cmpstr (oa->issuer, ==, ob->issuer);
      g_assert_cmpstr (oa->scope, ==, ob->scope);
      g_assert_cmpstr (oa->auth_url, ==, ob->auth_url);
      g_assert_cmpstr (oa->token_url, ==, ob->token_url);
    }
  g_assert_cmpstr (colombe_client_config_get_webmail_url (a), ==,
                   colombe_client_config_get_webmail_url (b));
  g_assert_cmpint (colombe_client_config_get_confidence (a), ==,
                   colombe_client_config_get_confidence (b));
  g_assert_cmpint (colombe_client_config_get_password_policy (a), ==,
                   colombe_client_config_get_password_policy (b));
  g_assert_cmpstr (colombe_client_config_get_app_password_url (a), ==,
                   colombe_client_config_get_app_password_url (b));

  g_assert_true (colombe_client_config_equal (a, b));
}

static ColombeClientConfig *
round_trip (ColombeClientConfig *config)
{
  g_autofree char *data = NULL;
  gsize length;

  data = colombe_client_config_to_data (config, &length);
  g_assert_cmpuint (strlen (data), ==, length);
  g_test_message ("%s", data);

  return parse (data);
}

/* Reading */

static void
test_read_provider (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  const char * const domains[] = { "example.org", "example.net", NULL };
  const ColombeOAuth2 *oauth2;

  g_assert_cmpstr (colombe_client_config_get_id (config), ==, "example.org");
  g_assert_cmpstr (colombe_client_config_get_display_name (config), ==, "Example & Co Mail");
  g_assert_cmpstr (colombe_client_config_get_display_short_name (config), ==, "Example");
  g_assert_cmpstrv (colombe_client_config_get_domains (config), domains);

  oauth2 = colombe_client_config_get_oauth2 (config);
  g_assert_nonnull (oauth2);
  g_assert_cmpstr (oauth2->issuer, ==, "login.example.org");
  g_assert_cmpstr (oauth2->scope, ==, "imap smtp");
  g_assert_cmpstr (oauth2->auth_url, ==, "https://login.example.org/auth");
  g_assert_cmpstr (oauth2->token_url, ==, "https://login.example.org/token");

  g_assert_cmpstr (colombe_client_config_get_webmail_url (config), ==,
                   "https://webmail.example.org/");
  g_assert_cmpint (colombe_client_config_get_confidence (config), ==, COLOMBE_CONFIDENCE_MEDIUM);
  g_assert_cmpint (colombe_client_config_get_password_policy (config), ==,
                   COLOMBE_PASSWORD_POLICY_APP_PASSWORD);
  g_assert_cmpstr (colombe_client_config_get_app_password_url (config), ==,
                   "https://example.org/app-passwords");
}

/* Colombe's sign-in facts, and what a discovered document says alone. */
static void
test_read_sign_in (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  g_autoptr(ColombeClientConfig) oauth_only = NULL;
  g_autoptr(ColombeClientConfig) mixed = NULL;
  const char * const ways[] = { "app-password", "oauth2", NULL };
  const ColombeHelpLink *help = colombe_client_config_get_sign_in_help (config);
  const ColombeHelpLink *turn_on;
  ColombeProtocol protocol;
  g_auto(GStrv) derived = NULL;
  g_auto(GStrv) unknown = NULL;

  g_assert_cmpstrv (colombe_client_config_get_sign_in (config), ways);
  g_assert_cmpstr (help->url, ==, "https://example.org/app-passwords");
  g_assert_cmpstr (colombe_help_link_get_text (help, "fr_FR.UTF-8"), ==,
                   "Créez un mot de passe d'application");
  turn_on = colombe_client_config_get_switch (config, &protocol);
  g_assert_cmpstr (turn_on->url, ==, "https://example.org/smtp");
  g_assert_cmpint (protocol, ==, COLOMBE_PROTOCOL_SMTP);

  /* the ISPDB's Outlook.com: OAuth2 on every server, nothing else */
  oauth_only = parse (HEAD CLEAN_PROVIDER
                      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname>"
                      "<port>993</port><socketType>SSL</socketType>"
                      "<authentication>OAuth2</authentication></incomingServer>"
                      "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname>"
                      "<port>465</port><socketType>SSL</socketType>"
                      "<authentication>OAuth2</authentication></outgoingServer>" TAIL);
  g_assert_null (colombe_client_config_get_sign_in (oauth_only));
  derived = colombe_client_config_dup_sign_in (oauth_only);
  g_assert_cmpstrv (derived, ((const char * const []) { "oauth2", NULL }));

  /* the ISPDB's Gmail lists a password method too: unknown, not "password" */
  mixed = parse (HEAD CLEAN_PROVIDER
                 "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname>"
                 "<port>993</port><socketType>SSL</socketType>"
                 "<authentication>OAuth2</authentication>"
                 "<authentication>password-cleartext</authentication></incomingServer>"
                 "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname>"
                 "<port>465</port><socketType>SSL</socketType>"
                 "<authentication>OAuth2</authentication></outgoingServer>" TAIL);
  unknown = colombe_client_config_dup_sign_in (mixed);
  g_assert_null (unknown);
}

static void
test_read_servers (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  GPtrArray *incoming = colombe_client_config_get_incoming (config);
  GPtrArray *outgoing = colombe_client_config_get_outgoing (config);

  /* Document order, auth lists in order, templates as written. */
  g_assert_cmpuint (incoming->len, ==, 3);
  assert_server (server_at (incoming, 0), COLOMBE_PROTOCOL_POP3, "pop.example.org", 995,
                 COLOMBE_SECURITY_TLS, "%EMAILLOCALPART%", "password-cleartext");
  assert_server (server_at (incoming, 1), COLOMBE_PROTOCOL_IMAP, "imap.example.org", 993,
                 COLOMBE_SECURITY_TLS, "%EMAILADDRESS%",
                 "OAuth2,password-encrypted,password-cleartext");
  assert_server (server_at (incoming, 2), COLOMBE_PROTOCOL_IMAP, "mail.%EMAILDOMAIN%", 143,
                 COLOMBE_SECURITY_STARTTLS, "%EMAILLOCALPART%.%EMAILDOMAIN%",
                 "password-cleartext");

  g_assert_cmpuint (outgoing->len, ==, 2);
  assert_server (server_at (outgoing, 0), COLOMBE_PROTOCOL_SMTP, "smtp.example.org", 465,
                 COLOMBE_SECURITY_TLS, "%EMAILADDRESS%", "OAuth2,password-cleartext");
  assert_server (server_at (outgoing, 1), COLOMBE_PROTOCOL_SMTP, "smtp.example.org", 587,
                 COLOMBE_SECURITY_STARTTLS, "%EMAILADDRESS%", "password-cleartext");

  g_assert_cmpint (colombe_client_config_get_add_this_server (config, server_at (outgoing, 0)),
                   ==, 1);
  g_assert_cmpint (colombe_client_config_get_use_global_preferred_server (config,
                                                                          server_at (outgoing, 0)),
                   ==, 0);
  g_assert_cmpint (colombe_client_config_get_add_this_server (config, server_at (outgoing, 1)),
                   ==, -1);
}

static void
test_read_pop3_options (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  GPtrArray *incoming = colombe_client_config_get_incoming (config);
  const ColombePop3Options *options;

  options = colombe_client_config_get_pop3_options (config, server_at (incoming, 0));
  g_assert_nonnull (options);
  g_assert_cmpint (options->leave_messages_on_server, ==, 1);
  g_assert_cmpint (options->download_on_biff, ==, 0);
  g_assert_cmpint (options->days_to_leave_messages_on_server, ==, 14);
  g_assert_cmpint (options->check_interval_minutes, ==, 15);

  g_assert_null (colombe_client_config_get_pop3_options (config, server_at (incoming, 1)));
}

static void
test_read_help_links (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  GPtrArray *documentation = colombe_client_config_get_documentation (config);
  const ColombeHelpLink *enable = colombe_client_config_get_enable (config);
  const ColombeHelpLink *help;

  g_assert_nonnull (enable);
  g_assert_cmpstr (enable->url, ==, "https://example.org/enable?a=1&b=2");
  g_assert_cmpuint (enable->texts->len, ==, 2);
  g_assert_cmpstr (colombe_help_link_get_text (enable, "fr"), ==, "Activez IMAP");
  g_assert_cmpstr (colombe_help_link_get_text (enable, "fr_FR.UTF-8"), ==, "Activez IMAP");
  /* No English text marked as such: the first one (no lang) is the fallback. */
  g_assert_cmpstr (colombe_help_link_get_text (enable, "de"), ==, "Turn IMAP on");

  g_assert_cmpuint (documentation->len, ==, 2);
  help = g_ptr_array_index (documentation, 0);
  g_assert_cmpstr (help->url, ==, "https://example.org/help");
  g_assert_cmpstr (colombe_help_link_get_text (help, "fr-CA"), ==, "Comment configurer");
  g_assert_cmpstr (colombe_help_link_get_text (help, "de"), ==, "How to set up");
  g_assert_cmpstr (colombe_help_link_get_text (help, NULL), ==, "How to set up");
  g_assert_cmpstr (colombe_help_link_get_text (help, "f"), ==, "How to set up");
  help = g_ptr_array_index (documentation, 1);
  g_assert_cmpstr (help->url, ==, "https://example.org/faq");
  g_assert_null (colombe_help_link_get_text (help, "en"));
}

static void
test_password_never_kept (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  g_autofree char *data = colombe_client_config_to_data (config, NULL);
  GPtrArray *warnings = colombe_client_config_get_reader_warnings (config);

  g_assert_null (strstr (data, "do-not-keep"));
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "test.xml:13:7: "));
  g_assert_null (strstr (g_ptr_array_index (warnings, 0), "do-not-keep"));
}

/* The remark points at <password>, not at the unknown element inside it. */
static void
test_password_location (void)
{
  static const char xml[] =
    HEAD CLEAN_PROVIDER
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
    "<socketType>SSL</socketType>\n"
    "  <password><unknown attribute=\"1\"/>secret</password></incomingServer>\n"
    TAIL;
  g_autoptr(ColombeClientConfig) config = parse (xml);
  GPtrArray *warnings = colombe_client_config_get_reader_warnings (config);

  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (warnings, 0), "test.xml:6:3: "));
}

static void
test_unknown_elements (void)
{
  static const char xml[] =
    HEAD CLEAN_PROVIDER
    "<future><hostname>evil.example</hostname><incomingServer type=\"imap\"/></future>\n"
    "<incomingServer type=\"ews\"><url>https://example.org/ews</url>"
    "<username>%EMAILADDRESS</username></incomingServer>\n"
    "<incomingServer type=\"exchange\"><hostname>x.example.org</hostname><port>443</port>"
    "</incomingServer>\n"
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname>"
    "<restriction>client-IP-address</restriction><extra a=\"1\"><port>1</port></extra>"
    "<port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>\n"
    SMTP_465
    "<documentation url=\"https://example.org/\"><descr>a</descr><img src=\"x\"/></documentation>"
    "<!-- a comment --><?php echo 1; ?><![CDATA[ignored]]>"
    TAIL;
  g_autoptr(ColombeClientConfig) config = parse (xml);
  GPtrArray *incoming = colombe_client_config_get_incoming (config);

  g_assert_cmpuint (incoming->len, ==, 1);
  assert_server (server_at (incoming, 0), COLOMBE_PROTOCOL_IMAP, "imap.example.org", 993,
                 COLOMBE_SECURITY_TLS, "%EMAILADDRESS%", "password-cleartext");
  g_assert_cmpuint (colombe_client_config_get_documentation (config)->len, ==, 1);
}

static void
test_second_provider_ignored (void)
{
  static const char xml[] =
    HEAD CLEAN_PROVIDER IMAP_993 SMTP_465 "</emailProvider>\n"
    "<emailProvider id=\"other.org\"><domain>other.org</domain>" IMAP_993 "</emailProvider>\n"
    "</clientConfig>\n";
  g_autoptr(ColombeClientConfig) config = parse (xml);
  g_autoptr(GPtrArray) warnings = colombe_client_config_check (config);

  g_assert_cmpstr (colombe_client_config_get_id (config), ==, "example.org");
  g_assert_cmpuint (colombe_client_config_get_incoming (config)->len, ==, 1);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "test.xml:8:1: "));
}

static void
test_bom_and_declaration (void)
{
  g_autofree char *xml = g_strconcat ("\xEF\xBB\xBF", HEAD CLEAN_PROVIDER IMAP_993 SMTP_465 TAIL,
                                      NULL);
  g_autoptr(ColombeClientConfig) config = parse (xml);
  g_autoptr(ColombeClientConfig) bare = parse ("<clientConfig><emailProvider/></clientConfig>");

  g_assert_cmpuint (colombe_client_config_get_incoming (config)->len, ==, 1);
  g_assert_null (colombe_client_config_get_id (bare));
}

/* The cap */

static char *
padded_document (gsize size)
{
  static const char start[] = HEAD CLEAN_PROVIDER IMAP_993 SMTP_465 TAIL "<!--";
  GString *xml = g_string_new (start);

  g_assert_cmpuint (size, >, sizeof start + 3);
  while (xml->len < size - 3)
    g_string_append_c (xml, 'x');
  g_string_append (xml, "-->");
  g_assert_cmpuint (xml->len, ==, size);

  return g_string_free (xml, FALSE);
}

static void
test_size_cap (void)
{
  g_autofree char *fits = padded_document (COLOMBE_CLIENT_CONFIG_MAX_SIZE);
  g_autofree char *too_large = padded_document (COLOMBE_CLIENT_CONFIG_MAX_SIZE + 1);
  g_autofree char *message = NULL;
  g_autoptr(ColombeClientConfig) config = parse (fits);

  message = parse_error (too_large, -1, COLOMBE_CLIENT_CONFIG_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (message, "test.xml: "));
}

/* A 10 GiB sparse file: read_bounded must stop after 1 MiB + 1 byte. */
static void
test_size_cap_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("colombe-huge-XXXXXX.xml", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, (off_t) 10 * 1024 * 1024 * 1024), ==, 0);
  close (fd);

  config = colombe_client_config_new_from_file (path, &error);
  g_assert_null (config);
  g_assert_error (error, COLOMBE_CLIENT_CONFIG_ERROR, COLOMBE_CLIENT_CONFIG_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_unlink (path);
}

static void
test_read_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autoptr(ColombeClientConfig) missing = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("colombe-XXXXXX.xml", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, full_document, -1, &error);
  g_assert_no_error (error);

  config = colombe_client_config_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_client_config_get_id (config), ==, "example.org");
  g_unlink (path);

  missing = colombe_client_config_new_from_file (path, &error);
  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_clear_error (&error);

  missing = colombe_client_config_new_from_file (g_get_tmp_dir (), &error);
  g_assert_null (missing);
  g_assert_nonnull (error);
}

/* Errors */

typedef struct
{
  const char *xml;
  int         code;
  const char *prefix;   /* "test.xml:LINE:COLUMN: " */
} ErrorCase;

static void
run_error_cases (const ErrorCase *cases,
                 gsize            n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *message = NULL;
      /* The cases hold invalid UTF-8 on purpose: keep the TAP output valid. */
      g_autofree char *shown = g_strescape (cases[i].xml, NULL);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, shown);
      message = parse_error (cases[i].xml, -1, cases[i].code);
      if (!g_str_has_prefix (message, cases[i].prefix))
        g_error ("case %" G_GSIZE_FORMAT ": “%s” does not start with “%s”",
                 i, message, cases[i].prefix);
    }
}

static void
test_malformed (void)
{
  static const ErrorCase cases[] = {
    { "", COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:1:1: " },
    { "   \n  ", COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:" },
    { "not xml at all", COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:1:1: " },
    { "<clientConfig>\n  <emailProvider>\n</clientConfig>",
      COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:3:" },
    { "<clientConfig>\n<emailProvider>\n<domain>a&b</domain>",
      COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:3:" },
    { "<clientConfig>\n<emailProvider>\n<domain>&xxe;</domain>",
      COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:3:" },
    { "<clientConfig>\n<emailProvider>\n<domain>\xff\xfe</domain>",
      COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:3:9: the text is not valid UTF-8" },
    /* GLib 2.74's GMarkup sets its error twice here (a fatal warning in tests). */
    { "<!-- \xb8 -->\n<clientConfig>\n<b>\xd8x</b>",
      COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:1:6: the text is not valid UTF-8" },
    { "<clientConfig><emailProvider></emailProvider></clientConfig>\n<again/>",
      COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:2:" },
    { "<clientConfig a=\"1\" a=\"2\">", COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:1:" },
    { "<clientConfig><emailProvider>", COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED, "test.xml:1:" },
  };

  run_error_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_embedded_nul (void)
{
  static const char xml[] = "<clientConfig>\n<emailProvider>\0</emailProvider></clientConfig>";
  g_autofree char *message = parse_error (xml, sizeof xml - 1,
                                          COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED);

  g_assert_true (g_str_has_prefix (message, "test.xml:2:"));
}

static void
test_not_client_config (void)
{
  static const ErrorCase cases[] = {
    { "<html><body>Not found</body></html>",
      COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG, "test.xml:1:" },
    { "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n</clientConfig>\n",
      COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG, "test.xml:3:" },
    { "<clientConfig><webMail/><foo><emailProvider/></foo></clientConfig>",
      COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG, "test.xml:1:" },
    { "<!DOCTYPE html>\n<html></html>", COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG,
      "test.xml:1:" },
  };

  run_error_cases (cases, G_N_ELEMENTS (cases));
}

/* Billion laughs, external entities: a clean error, at once. */
static void
test_doctype_refused (void)
{
  static const ErrorCase cases[] = {
    { "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE clientConfig [\n"
      " <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
      " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
      " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
      " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
      " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
      " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
      " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
      " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
      "]>\n"
      "<clientConfig><emailProvider><displayName>&lol9;</displayName></emailProvider>"
      "</clientConfig>\n",
      COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG, "test.xml:" },
    { "<!DOCTYPE clientConfig SYSTEM \"file:///etc/passwd\">\n<clientConfig/>",
      COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG, "test.xml:1:" },
    { "<!DOCTYPE clientConfig [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<clientConfig><emailProvider><domain>&xxe;</domain></emailProvider></clientConfig>",
      COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG, "test.xml:1:" },
    /* A DTD after the root is just as unwelcome. */
    { "<clientConfig><!DOCTYPE x [<!ENTITY a \"b\">]><emailProvider/></clientConfig>",
      COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG, "test.xml:1:" },
  };
  gint64 start = g_get_monotonic_time ();

  run_error_cases (cases, G_N_ELEMENTS (cases));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_invalid_values (void)
{
#define SERVER(type, body) HEAD "<incomingServer type=\"" type "\">\n" body "</incomingServer>" TAIL
#define VALUES(port, host, socket) \
  SERVER ("imap", "<hostname>" host "</hostname>\n<port>" port "</port>\n" \
          "<socketType>" socket "</socketType>\n")
  static const ErrorCase cases[] = {
    { VALUES ("0", "imap.example.org", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:6:1: <port> must be a whole number from 1 to 65535, not “0”" },
    { VALUES ("65536", "imap.example.org", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:6:1: " },
    { VALUES ("99999999999999999999", "imap.example.org", "SSL"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:6:1: " },
    { VALUES ("-993", "imap.example.org", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:6:1: " },
    { VALUES ("99 3", "imap.example.org", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:6:1: " },
    { VALUES ("", "imap.example.org", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:6:1: " },
    { VALUES ("993", "imap example org", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:5:1: <hostname> is not a valid host name" },
    { VALUES ("993", "-imap.example.org", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:5:1: " },
    { VALUES ("993", "", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:5:1: " },
    { VALUES ("993", "imap.%EMAILDOMAIN", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:5:1: " },
    { VALUES ("993", "imap.%FOO%", "SSL"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:5:1: " },
    { VALUES ("993", "imap.example.org", "TLS"), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:7:1: <socketType> must be “SSL”, “STARTTLS” or “plain”, not “TLS”" },
    { VALUES ("993", "imap.example.org", ""), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:7:1: " },
    { SERVER ("imap4", ""), COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:4:1: <incomingServer> has the unknown type “imap4”" },
    { SERVER ("smtp", ""), COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:4:1: " },
    { HEAD "<incomingServer>" TAIL, COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:4:1: <incomingServer> has no type" },
    { HEAD "<outgoingServer type=\"imap\"/>" TAIL, COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:4:1: <outgoingServer> has the unknown type “imap” (“smtp” expected)" },
    { SERVER ("pop3", "<port>995</port><socketType>SSL</socketType>"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:4:1: <incomingServer> has no <hostname>" },
    { SERVER ("pop3", "<hostname>pop.example.org</hostname><socketType>SSL</socketType>"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:4:1: <incomingServer> has no <port>" },
    { SERVER ("pop3", "<hostname>pop.example.org</hostname><port>995</port>"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:4:1: <incomingServer> has no <socketType>" },
    { SERVER ("pop3", "<pop3><leaveMessagesOnServer>yes</leaveMessagesOnServer></pop3>"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:5:7: <leaveMessagesOnServer> must be “true” or “false”, not “yes”" },
    { SERVER ("pop3", "<pop3><checkInterval minutes=\"0\"/></pop3>"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:5:7: " },
    { SERVER ("pop3", "<pop3><checkInterval/></pop3>"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:5:7: " },
    { SERVER ("pop3", "<pop3><daysToLeaveMessagesOnServer>x</daysToLeaveMessagesOnServer></pop3>"),
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:5:7: " },
    { HEAD "<x-colombe confidence=\"sure\"/>" TAIL, COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:4:1: “sure” is not a confidence level" },
    { HEAD "<x-colombe password=\"none\"/>" TAIL, COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:4:1: " },
    { HEAD "<x-colombe sign-in=\"password magic\"/>" TAIL, COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:4:1: <x-colombe sign-in> holds" },
    { HEAD "<x-colombe sign-in=\"\"/>" TAIL, COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
      "test.xml:4:1: <x-colombe sign-in> is empty" },
    { HEAD "<x-colombe><sign-in-help url=\"http://example.org/\"/></x-colombe>" TAIL,
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:4:12: <sign-in-help url> is not an https" },
    { HEAD "<x-colombe><switch for=\"ftp\" url=\"https://example.org/\"/></x-colombe>" TAIL,
      COLOMBE_CLIENT_CONFIG_ERROR_INVALID, "test.xml:4:12: <switch for> must be" },
  };
#undef VALUES
#undef SERVER

  run_error_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_lenient_values (void)
{
  static const char xml[] =
    HEAD CLEAN_PROVIDER
    "<incomingServer type=\"IMAP\">\n"
    "  <hostname>\n   imap.example.org\n  </hostname>\n"
    "  <port> 993 </port>\n"
    "  <socketType>ssl</socketType>\n"
    "  <username></username>\n"
    "  <authentication></authentication>\n"
    "  <authentication>plain</authentication>\n"
    "  <authentication>xoauth2</authentication>\n"
    "</incomingServer>\n"
    "<outgoingServer type=\"smtp\"><hostname>192.0.2.1</hostname><port>25</port>"
    "<socketType>plain</socketType><pop3><checkInterval minutes=\"x\"/></pop3>"
    "</outgoingServer>\n"
    TAIL;
  g_autoptr(ColombeClientConfig) config = parse (xml);
  GPtrArray *warnings = colombe_client_config_get_reader_warnings (config);

  assert_server (server_at (colombe_client_config_get_incoming (config), 0),
                 COLOMBE_PROTOCOL_IMAP, "imap.example.org", 993, COLOMBE_SECURITY_TLS,
                 NULL, "plain,xoauth2");
  assert_server (server_at (colombe_client_config_get_outgoing (config), 0),
                 COLOMBE_PROTOCOL_SMTP, "192.0.2.1", 25, COLOMBE_SECURITY_NONE, NULL, "");
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "test.xml:10:3: socketType “ssl” should be written “SSL”; other programs will "
                   "not read it");
}

/* Nothing crashes, whatever the bytes: every prefix and some damaged copies. */
static void
test_damaged_input (void)
{
  gsize length = strlen (full_document);
  g_autofree char *copy = g_malloc (length);
  GRand *rand = g_rand_new_with_seed (20260101);

  /* The last byte is a newline: every shorter prefix misses the root's end. */
  for (gsize i = 0; i < length - 1; i++)
    {
      g_autoptr(ColombeClientConfig) config = NULL;

      config = colombe_client_config_new_from_data (full_document, i, "prefix", NULL);
      g_assert_null (config);
    }

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(ColombeClientConfig) config = NULL;
      g_autoptr(GError) error = NULL;

      memcpy (copy, full_document, length);
      for (guint n = 0; n < 3; n++)
        copy[g_rand_int_range (rand, 0, length)] = g_rand_int_range (rand, 0, 256);

      config = colombe_client_config_new_from_data (copy, length, "damaged", &error);
      g_assert_true ((config == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_true (g_str_has_prefix (error->message, "damaged:"));
    }

  g_rand_free (rand);
}

/* Writing */

static void
test_round_trip (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  g_autoptr(ColombeClientConfig) again = round_trip (config);
  g_autoptr(ColombeClientConfig) third = round_trip (again);

  assert_configs_equal (config, again);
  assert_configs_equal (again, third);
}

static void
test_round_trip_escaping (void)
{
  g_autoptr(ColombeClientConfig) config = colombe_client_config_new ();
  g_autoptr(ColombeClientConfig) again = NULL;
  g_autoptr(ColombeServer) server = NULL;
  ColombeHelpLink *link;

  colombe_client_config_set_id (config, "a\"b'<c>&d");
  colombe_client_config_set_display_name (config, "</displayName><evil/>");
  colombe_client_config_add_domain (config, "example.org");
  server = colombe_server_new (COLOMBE_PROTOCOL_POP3, "pop.example.org", 110,
                               COLOMBE_SECURITY_STARTTLS);
  colombe_server_set_username_template (server, "%EMAILLOCALPART%&<x>");
  colombe_client_config_add_incoming (config, server);
  link = colombe_help_link_new ("https://example.org/?a=1&b=\"2\"");
  colombe_help_link_add_text (link, "fr", "Clés & <accès>");
  colombe_client_config_add_documentation (config, link);
  colombe_client_config_set_webmail_url (config, "https://example.org/?q=<>");
  colombe_client_config_set_app_password_url (config, "https://example.org/&");

  again = round_trip (config);
  assert_configs_equal (config, again);
  g_assert_cmpint (colombe_client_config_get_confidence (again), ==, COLOMBE_CONFIDENCE_UNKNOWN);
}

static void
test_round_trip_minimal (void)
{
  g_autoptr(ColombeClientConfig) config = colombe_client_config_new ();
  g_autoptr(ColombeClientConfig) again = round_trip (config);
  g_autofree char *data = colombe_client_config_to_data (config, NULL);

  assert_configs_equal (config, again);
  /* Colombe's own element only when it says something. */
  g_assert_null (strstr (data, "x-colombe"));
}

static void
test_equal_detects_changes (void)
{
  g_autoptr(ColombeClientConfig) a = parse (full_document);
  g_autoptr(ColombeClientConfig) b = parse (full_document);
  ColombeServer *server = server_at (colombe_client_config_get_outgoing (b), 1);
  ColombePop3Options options = { 1, 1, 1, 1 };

  g_assert_true (colombe_client_config_equal (a, b));

  colombe_server_set_port (server, 2525);
  g_assert_false (colombe_client_config_equal (a, b));
  colombe_server_set_port (server, 587);
  g_assert_true (colombe_client_config_equal (a, b));

  colombe_client_config_set_outgoing_flags (b, server, 0, -1);
  g_assert_false (colombe_client_config_equal (a, b));
  colombe_client_config_set_outgoing_flags (b, server, -1, -1);
  g_assert_true (colombe_client_config_equal (a, b));

  server = server_at (colombe_client_config_get_incoming (b), 1);
  colombe_client_config_set_pop3_options (b, server, &options);
  g_assert_false (colombe_client_config_equal (a, b));
  colombe_client_config_set_pop3_options (b, server, NULL);
  g_assert_true (colombe_client_config_equal (a, b));

  colombe_server_add_auth_method (server, "NTLM");
  g_assert_false (colombe_client_config_equal (a, b));
}

/* Accounts */

static void
assert_account (ColombeAccount *account,
                const char     *incoming_host,
                guint           incoming_port,
                const char     *incoming_username,
                guint           outgoing_port)
{
  ColombeServer *in = colombe_account_get_incoming (account);
  ColombeServer *out = colombe_account_get_outgoing (account);

  g_assert_cmpstr (colombe_account_get_provider_id (account), ==, "example.org");
  g_assert_cmpstr (colombe_account_get_provider_name (account), ==, "Example & Co Mail");
  g_assert_cmpint (colombe_account_get_source (account), ==, COLOMBE_SOURCE_ISPDB);
  g_assert_cmpstr (colombe_account_get_address (account), ==, "alice@mail.example.net");
  g_assert_cmpstr (colombe_account_get_name (account), ==, "Alice Martin");
  g_assert_cmpstr (colombe_server_get_host (in), ==, incoming_host);
  g_assert_cmpuint (colombe_server_get_port (in), ==, incoming_port);
  g_assert_cmpstr (colombe_server_get_username (in), ==, incoming_username);
  g_assert_cmpuint (colombe_server_get_port (out), ==, outgoing_port);
  g_assert_cmpstr (colombe_server_get_username (out), ==, "alice@mail.example.net");
}

static void
test_to_accounts (void)
{
  g_autoptr(ColombeClientConfig) config = parse (full_document);
  g_autoptr(GPtrArray) accounts = NULL;
  ColombeServer *first_imap = server_at (colombe_client_config_get_incoming (config), 1);

  accounts = colombe_client_config_to_accounts (config, "alice@mail.example.net",
                                                "Alice Martin", COLOMBE_SOURCE_ISPDB, NULL);

  /* 3 incoming × 2 outgoing; IMAP first although POP3 comes first in the file. */
  g_assert_cmpuint (accounts->len, ==, 6);
  assert_account (accounts->pdata[0], "imap.example.org", 993, "alice@mail.example.net", 465);
  assert_account (accounts->pdata[1], "imap.example.org", 993, "alice@mail.example.net", 587);
  assert_account (accounts->pdata[2], "mail.mail.example.net", 143,
                  "alice.mail.example.net", 465);
  assert_account (accounts->pdata[3], "mail.mail.example.net", 143,
                  "alice.mail.example.net", 587);
  assert_account (accounts->pdata[4], "pop.example.org", 995, "alice", 465);
  assert_account (accounts->pdata[5], "pop.example.org", 995, "alice", 587);

  /* Copies: the document keeps its templates. */
  g_assert_true (colombe_account_get_incoming (accounts->pdata[0]) != first_imap);
  g_assert_null (colombe_server_get_username (first_imap));
  g_assert_cmpstr (colombe_server_get_host (server_at (colombe_client_config_get_incoming (config),
                                                       2)), ==, "mail.%EMAILDOMAIN%");
}

static void
test_to_accounts_partial (void)
{
  g_autoptr(ColombeClientConfig) no_outgoing = parse (HEAD IMAP_993 TAIL);
  g_autoptr(ColombeClientConfig) no_incoming = parse (HEAD SMTP_465 TAIL);
  g_autoptr(GPtrArray) accounts = NULL;

  accounts = colombe_client_config_to_accounts (no_outgoing, "bob@example.org", NULL,
                                                COLOMBE_SOURCE_AUTOCONFIG, NULL);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_null (colombe_account_get_outgoing (accounts->pdata[0]));
  g_assert_cmpstr (colombe_server_get_username (colombe_account_get_incoming (accounts->pdata[0])),
                   ==, "bob@example.org");
  g_clear_pointer (&accounts, g_ptr_array_unref);

  accounts = colombe_client_config_to_accounts (no_incoming, "bob@example.org", NULL,
                                                COLOMBE_SOURCE_AUTOCONFIG, NULL);
  g_assert_cmpuint (accounts->len, ==, 0);
}

/* Checks */

typedef struct
{
  const char *body;      /* inside emailProvider */
  const char *expected;  /* a substring of one warning; NULL: no warning at all */
} CheckCase;

static void
test_check (void)
{
  static const CheckCase cases[] = {
    { CLEAN_PROVIDER IMAP_993 SMTP_465, NULL },
    { "<domain>example.org</domain>" IMAP_993 SMTP_465, "no <displayName>" },
    { "<displayName>Example</displayName>" IMAP_993 SMTP_465, "no <domain>" },
    { CLEAN_PROVIDER SMTP_465, "no incoming server" },
    { CLEAN_PROVIDER IMAP_993, "no outgoing server" },
    { CLEAN_PROVIDER SMTP_465
      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>143</port>"
      "<socketType>plain</socketType><username>%EMAILADDRESS%</username>"
      "<authentication>password-cleartext</authentication></incomingServer>",
      "Incoming server imap.example.org:143: the connection is not encrypted" },
    { CLEAN_PROVIDER IMAP_993
      "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>587</port>"
      "<socketType>STARTTLS</socketType>"
      "<authentication>password-cleartext</authentication></outgoingServer>",
      "Outgoing server smtp.example.org:587: no <username> is given" },
    { CLEAN_PROVIDER IMAP_993
      "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>587</port>"
      "<socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>",
      "Outgoing server smtp.example.org:587: no <authentication> is given" },
    { CLEAN_PROVIDER SMTP_465
      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
      "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
      "<authentication>plain</authentication></incomingServer>",
      "authentication “plain” is deprecated; write “password-cleartext”" },
    { CLEAN_PROVIDER SMTP_465
      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
      "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
      "<authentication>secure</authentication></incomingServer>",
      "authentication “secure” is deprecated; write “password-encrypted”" },
    { CLEAN_PROVIDER SMTP_465
      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
      "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
      "<authentication>xoauth2</authentication></incomingServer>",
      "authentication “xoauth2” is not a clientConfig method" },
    { CLEAN_PROVIDER SMTP_465
      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
      "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
      "<authentication>OAuth2</authentication></incomingServer>",
      "Incoming server imap.example.org:993: authentication “OAuth2” is offered but the "
      "document has no <oAuth2> element" },
    { CLEAN_PROVIDER SMTP_465
      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
      "<socketType>SSL</socketType><username>%EMAILADDRESS</username>"
      "<authentication>password-cleartext</authentication></incomingServer>",
      "the username “%EMAILADDRESS” has an unknown or incomplete placeholder" },
    { CLEAN_PROVIDER SMTP_465
      "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
      "<socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>"
      "<authentication>password-cleartext</authentication></incomingServer>",
      "port 993 does not usually go with socketType “STARTTLS”" },
    { CLEAN_PROVIDER IMAP_993
      "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>587</port>"
      "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
      "<authentication>password-cleartext</authentication></outgoingServer>",
      "port 587 does not usually go with socketType “SSL”" },
    { CLEAN_PROVIDER IMAP_993 SMTP_465 "<oAuth2><issuer>x</issuer></oAuth2>",
      "The <oAuth2> element needs all of" },
    { CLEAN_PROVIDER IMAP_993 SMTP_465
      "<incomingServer type=\"pop3\"><hostname>pop.example.org</hostname><port>995</port>"
      "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
      "<password>hunter2</password>"
      "<authentication>password-cleartext</authentication></incomingServer>",
      "the file contains a password" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strconcat (HEAD, cases[i].body, TAIL, NULL);
      g_autoptr(ColombeClientConfig) config = parse (xml);
      g_autoptr(GPtrArray) warnings = colombe_client_config_check (config);
      gboolean found = FALSE;

      for (guint w = 0; w < warnings->len; w++)
        {
          g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, (char *) warnings->pdata[w]);
          found |= cases[i].expected && strstr (warnings->pdata[w], cases[i].expected) != NULL;
          g_assert_null (strstr (warnings->pdata[w], "hunter2"));
        }

      if (cases[i].expected == NULL)
        g_assert_cmpuint (warnings->len, ==, 0);
      else if (!found)
        g_error ("case %" G_GSIZE_FORMAT ": no warning has “%s”", i, cases[i].expected);
    }
}

static void
test_check_counts (void)
{
  g_autoptr(ColombeClientConfig) empty = parse ("<clientConfig><emailProvider/></clientConfig>");
  g_autoptr(GPtrArray) warnings = colombe_client_config_check (empty);

  /* no id, no displayName, no domain, no incoming, no outgoing */
  g_assert_cmpuint (warnings->len, ==, 5);
}

/* Names */

static void
test_names (void)
{
  ColombeConfidence confidence;
  ColombePasswordPolicy policy;

  for (int i = COLOMBE_CONFIDENCE_UNKNOWN; i <= COLOMBE_CONFIDENCE_HIGH; i++)
    {
      g_assert_true (colombe_confidence_from_string (colombe_confidence_to_string (i),
                                                     &confidence));
      g_assert_cmpint (confidence, ==, i);
    }
  for (int i = COLOMBE_PASSWORD_POLICY_UNKNOWN; i <= COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY; i++)
    {
      g_assert_true (colombe_password_policy_from_string (colombe_password_policy_to_string (i),
                                                          &policy));
      g_assert_cmpint (policy, ==, i);
    }

  g_assert_cmpstr (colombe_confidence_to_string (COLOMBE_CONFIDENCE_HIGH), ==, "high");
  g_assert_cmpstr (colombe_password_policy_to_string (COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY), ==,
                   "oauth2-only");
  g_assert_false (colombe_confidence_from_string ("certain", &confidence));
  g_assert_false (colombe_confidence_from_string (NULL, &confidence));
  g_assert_false (colombe_password_policy_from_string ("", &policy));
}

static void
test_model_finalizes (void)
{
  ColombeClientConfig *config = parse (full_document);
  ColombeServer *server = g_object_ref (server_at (colombe_client_config_get_incoming (config), 0));

  g_assert_finalize_object (config);
  g_assert_finalize_object (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-config/read/provider", test_read_provider);
  g_test_add_func ("/client-config/read/sign-in", test_read_sign_in);
  g_test_add_func ("/client-config/read/servers", test_read_servers);
  g_test_add_func ("/client-config/read/pop3-options", test_read_pop3_options);
  g_test_add_func ("/client-config/read/help-links", test_read_help_links);
  g_test_add_func ("/client-config/read/password-never-kept", test_password_never_kept);
  g_test_add_func ("/client-config/read/password-location", test_password_location);
  g_test_add_func ("/client-config/read/unknown-elements", test_unknown_elements);
  g_test_add_func ("/client-config/read/second-provider", test_second_provider_ignored);
  g_test_add_func ("/client-config/read/bom", test_bom_and_declaration);
  g_test_add_func ("/client-config/read/size-cap", test_size_cap);
  g_test_add_func ("/client-config/read/size-cap-file", test_size_cap_file);
  g_test_add_func ("/client-config/read/file", test_read_file);
  g_test_add_func ("/client-config/read/malformed", test_malformed);
  g_test_add_func ("/client-config/read/embedded-nul", test_embedded_nul);
  g_test_add_func ("/client-config/read/not-client-config", test_not_client_config);
  g_test_add_func ("/client-config/read/doctype-refused", test_doctype_refused);
  g_test_add_func ("/client-config/read/invalid-values", test_invalid_values);
  g_test_add_func ("/client-config/read/lenient-values", test_lenient_values);
  g_test_add_func ("/client-config/read/damaged-input", test_damaged_input);
  g_test_add_func ("/client-config/write/round-trip", test_round_trip);
  g_test_add_func ("/client-config/write/escaping", test_round_trip_escaping);
  g_test_add_func ("/client-config/write/minimal", test_round_trip_minimal);
  g_test_add_func ("/client-config/model/equal", test_equal_detects_changes);
  g_test_add_func ("/client-config/model/finalizes", test_model_finalizes);
  g_test_add_func ("/client-config/model/names", test_names);
  g_test_add_func ("/client-config/accounts/order", test_to_accounts);
  g_test_add_func ("/client-config/accounts/partial", test_to_accounts_partial);
  g_test_add_func ("/client-config/check/cases", test_check);
  g_test_add_func ("/client-config/check/counts", test_check_counts);

  return g_test_run ();
}
