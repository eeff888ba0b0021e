/* colombe-cli-providers.c: `colombe providers [DOMAIN] [--json]`
 *
 * Lists the built-in provider database, or shows what it knows about one
 * domain: servers (usernames as templates), help pages, password policy.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli-providers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-address.h"
#include "colombe-cli.h"
#include "colombe-provider-db.h"

/* Normalising the DOMAIN argument */

static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* "  Free.FR. " -> "free.fr"; "bücher.example" -> "xn--bcher-kva.example". */
static char *
normalize_bare_domain (const char  *text,
                       GError     **error)
{
  g_autofree char *ascii = NULL;
  gsize length;

  if (has_space (text) || !(ascii = g_hostname_to_ascii (text)))
    goto invalid;

  length = strlen (ascii);
  if (length > 1 && ascii[length - 1] == '.')
    ascii[length - 1] = '\0';

  if (!colombe_hostname_is_valid (ascii) || g_hostname_is_ip_address (ascii))
    goto invalid;

  return g_ascii_strdown (ascii, -1);

invalid:
  g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
               _("“%s” is not a domain name"), text);
  return NULL;
}

/* A domain, or an address whose domain is wanted ("alice@free.fr"). */
static char *
normalize_domain (const char  *argument,
                  GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(ColombeAddress) address = NULL;

  if (!g_utf8_validate (argument, -1, NULL))
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("The domain is not valid text (UTF-8)"));
      return NULL;
    }

  text = g_strstrip (g_strdup (argument));
  if (text[0] == '\0')
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("The domain is empty"));
      return NULL;
    }

  if (strchr (text, '@') == NULL)
    return normalize_bare_domain (text, error);

  if (!(address = colombe_address_parse (text, error)))
    return NULL;

  return g_strdup (address->domain);
}

/* JSON */

/* {"en": "…", "fr": "…"}; a text without lang is "und" (BCP 47: undetermined). */
static void
add_texts (JsonBuilder     *builder,
           const GPtrArray *texts)
{
  json_builder_begin_object (builder);
  for (guint i = 0; i < texts->len; i++)
    {
      const ColombeLocalizedText *text = g_ptr_array_index (texts, i);

      json_builder_set_member_name (builder, text->lang ? text->lang : "und");
      json_builder_add_string_value (builder, text->text);
    }
  json_builder_end_object (builder);
}

static void
add_servers (JsonBuilder *builder,
             GPtrArray   *servers)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < servers->len; i++)
    json_builder_add_value (builder, colombe_server_to_json (g_ptr_array_index (servers, i)));
  json_builder_end_array (builder);
}

static void
add_documentation (JsonBuilder *builder,
                   GPtrArray   *documentation)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < documentation->len; i++)
    {
      const ColombeHelpLink *link = g_ptr_array_index (documentation, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, link->url);
      json_builder_set_member_name (builder, "descr");
      add_texts (builder, link->texts);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_enable (JsonBuilder           *builder,
            const ColombeHelpLink *enable)
{
  if (enable == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, enable->url);
  json_builder_set_member_name (builder, "instruction");
  add_texts (builder, enable->texts);
  json_builder_end_object (builder);
}

static void
add_oauth2 (JsonBuilder         *builder,
            const ColombeOAuth2 *oauth2)
{
  if (oauth2 == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, oauth2->issuer);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, oauth2->scope);
  json_builder_set_member_name (builder, "auth_url");
  json_builder_add_string_value (builder, oauth2->auth_url);
  json_builder_set_member_name (builder, "token_url");
  json_builder_add_string_value (builder, oauth2->token_url);
  json_builder_end_object (builder);
}

static void
add_string_array (JsonBuilder        *builder,
                  const char * const *strings)
{
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

/* <sign-in-help> and <switch>: {"for"?, "url", "text": {"en", "fr"}} or null */
static void
add_sign_in_link (JsonBuilder           *builder,
                  const char            *member,
                  const ColombeHelpLink *link,
                  const char            *protocol)
{
  json_builder_set_member_name (builder, member);
  if (link == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  if (protocol != NULL)
    colombe_cli_json_add_string (builder, "for", protocol);
  colombe_cli_json_add_string (builder, "url", link->url);
  json_builder_set_member_name (builder, "text");
  add_texts (builder, link->texts);
  json_builder_end_object (builder);
}

static void
add_sign_in (JsonBuilder         *builder,
             ColombeClientConfig *config)
{
  const char * const *ways = colombe_client_config_get_sign_in (config);
  ColombeProtocol protocol;
  const ColombeHelpLink *turn_on = colombe_client_config_get_switch (config, &protocol);

  json_builder_set_member_name (builder, "sign_in");
  if (ways != NULL)
    add_string_array (builder, ways);
  else
    json_builder_add_null_value (builder);
  add_sign_in_link (builder, "sign_in_help", colombe_client_config_get_sign_in_help (config), NULL);
  add_sign_in_link (builder, "switch", turn_on, colombe_protocol_to_string (protocol));
}

static void
add_provider (JsonBuilder         *builder,
              ColombeClientConfig *config)
{
  ColombeConfidence confidence = colombe_client_config_get_confidence (config);
  ColombePasswordPolicy policy = colombe_client_config_get_password_policy (config);

  json_builder_begin_object (builder);
  colombe_cli_json_add_string (builder, "id", colombe_client_config_get_id (config));
  colombe_cli_json_add_string (builder, "name", colombe_client_config_get_display_name (config));
  colombe_cli_json_add_string (builder, "short_name", colombe_client_config_get_display_short_name (config));
  json_builder_set_member_name (builder, "domains");
  add_string_array (builder, colombe_client_config_get_domains (config));
  colombe_cli_json_add_string (builder, "confidence", colombe_confidence_to_string (confidence));
  colombe_cli_json_add_string (builder, "password_policy", colombe_password_policy_to_string (policy));
  colombe_cli_json_add_string (builder, "app_password_url",
                               colombe_client_config_get_app_password_url (config));
  json_builder_set_member_name (builder, "incoming");
  add_servers (builder, colombe_client_config_get_incoming (config));
  json_builder_set_member_name (builder, "outgoing");
  add_servers (builder, colombe_client_config_get_outgoing (config));
  json_builder_set_member_name (builder, "documentation");
  add_documentation (builder, colombe_client_config_get_documentation (config));
  json_builder_set_member_name (builder, "enable");
  add_enable (builder, colombe_client_config_get_enable (config));
  json_builder_set_member_name (builder, "oauth2");
  add_oauth2 (builder, colombe_client_config_get_oauth2 (config));
  add_sign_in (builder, config);
  json_builder_end_object (builder);
}

static void
print_json_list (GPtrArray *providers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < providers->len; i++)
    add_provider (builder, g_ptr_array_index (providers, i));
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  colombe_cli_print_json (root);
}

static void
print_json_provider (ColombeClientConfig *config)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  add_provider (builder, config);
  root = json_builder_get_root (builder);
  colombe_cli_print_json (root);
}

/* Human output */

static const char *
confidence_label (ColombeConfidence confidence)
{
  switch (confidence)
    {
    case COLOMBE_CONFIDENCE_HIGH:
      /* Translators: how far the built-in settings of a provider were confirmed. */
      return C_("confidence", "high");
    case COLOMBE_CONFIDENCE_MEDIUM:
      return C_("confidence", "medium");
    case COLOMBE_CONFIDENCE_LOW:
      return _("low: the live test decides");
    case COLOMBE_CONFIDENCE_UNCONFIRMED:
      return _("unconfirmed: no current source; the live test decides");
    case COLOMBE_CONFIDENCE_UNKNOWN:
    default:
      return C_("confidence", "not stated");
    }
}

static const char *
password_policy_label (ColombePasswordPolicy policy)
{
  switch (policy)
    {
    case COLOMBE_PASSWORD_POLICY_ORDINARY:
      return _("the usual password of the mailbox");
    case COLOMBE_PASSWORD_POLICY_APP_PASSWORD:
      return _("the usual password is refused: create an app password");
    case COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY:
      return _("passwords are refused: only sign-in through the provider’s page (OAuth2)");
    case COLOMBE_PASSWORD_POLICY_UNKNOWN:
    default:
      return _("not known: the live test will tell");
    }
}

static const char *
username_label (const char *username_template)
{
  if (g_strcmp0 (username_template, "%EMAILADDRESS%") == 0)
    return _("the full address");
  if (g_strcmp0 (username_template, "%EMAILLOCALPART%") == 0)
    return _("the part of the address before the @");

  return username_template ? username_template : _("none");
}

static const char *
auth_label (const char *auth)
{
  /* Translators: ways of signing in to a mail server. */
  if (g_strcmp0 (auth, "password-cleartext") == 0)
    return _("password");
  if (g_strcmp0 (auth, "password-encrypted") == 0)
    return _("encrypted password");
  if (g_strcmp0 (auth, "OAuth2") == 0)
    return _("sign-in page (OAuth2)");

  return auth;
}

static char *
dup_auth_labels (ColombeServer *server)
{
  const char * const *methods = colombe_server_get_auth_methods (server);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; methods != NULL && methods[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) auth_label (methods[i]));
  g_ptr_array_add (labels, NULL);

  /* Translators: the separator between sign-in methods, as in "password or sign-in page". */
  return g_strjoinv (_(" or "), (char **) labels->pdata);
}

static void
print_servers (const char *label,
               GPtrArray  *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);
      g_autofree char *summary = colombe_server_dup_summary (server);
      g_autofree char *auth = dup_auth_labels (server);

      /* Translators: a label (Incoming:), the summary of a server, the name it
       * logs in with, and how: "Incoming: IMAP, imap.free.fr, port 993, SSL/TLS,
       * username: the full address, sign-in: password". Keep the leading spaces. */
      g_print (_("  %s %s, username: %s, sign-in: %s\n"), label, summary,
               username_label (colombe_server_get_username_template (server)), auth);
    }
}

static void
print_link (const char            *label,
            const ColombeHelpLink *link,
            const char            *lang)
{
  const char *text = colombe_help_link_get_text (link, lang);

  g_print ("  %s %s\n", label, link->url);
  if (text != NULL)
    g_print ("        %s\n", text);
}

static void
print_help_links (ColombeClientConfig *config,
                  const char          *lang)
{
  GPtrArray *documentation = colombe_client_config_get_documentation (config);
  const ColombeHelpLink *enable = colombe_client_config_get_enable (config);

  for (guint i = 0; i < documentation->len; i++)
    print_link (_("Help:"), g_ptr_array_index (documentation, i), lang);

  if (enable != NULL)
    print_link (_("Before you start:"), enable, lang);
}

/* How a mail program signs in, the provider's page on it, and the switch
 * to turn on first, if any. */
static void
print_sign_in (ColombeClientConfig *config,
               const char          *lang)
{
  g_autofree char *ways = colombe_cli_dup_sign_in_label (colombe_client_config_get_sign_in (config));
  const ColombeHelpLink *help = colombe_client_config_get_sign_in_help (config);
  ColombeProtocol protocol;
  const ColombeHelpLink *turn_on = colombe_client_config_get_switch (config, &protocol);

  g_print ("  %s %s\n", _("Sign-in:"), ways ? ways : _("not known: the live test will tell"));
  if (help != NULL)
    print_link (_("Sign-in help:"), help, lang);
  if (turn_on != NULL)
    {
      g_autofree char *label = NULL;

      /* Translators: a setting to turn on at the provider, for one server
       * ("IMAP", "SMTP"), before it accepts a mail program. */
      label = g_strdup_printf (_("To turn on first (%s):"), colombe_protocol_get_label (protocol));
      print_link (label, turn_on, lang);
    }
}

static void
print_human_provider (ColombeClientConfig *config)
{
  const char * const *domain_list = colombe_client_config_get_domains (config);
  g_autofree char *domains = g_strjoinv (", ", (char **) domain_list);
  GPtrArray *incoming = colombe_client_config_get_incoming (config);
  const char *app_password_url = colombe_client_config_get_app_password_url (config);
  /* The first language of the locale ("fr_FR.UTF-8"); "C" falls back to English. */
  const char *lang = g_get_language_names ()[0];

  g_print ("%s\n", colombe_client_config_get_display_name (config));
  g_print ("  %s %s\n", _("Id:"), colombe_client_config_get_id (config));
  g_print ("  %s %s\n", _("Domains:"), domains);
  g_print ("  %s %s\n", _("Confidence:"),
           confidence_label (colombe_client_config_get_confidence (config)));
  g_print ("  %s %s\n", _("Password:"),
           password_policy_label (colombe_client_config_get_password_policy (config)));
  if (app_password_url != NULL)
    g_print ("  %s %s\n", _("App passwords:"), app_password_url);
  print_sign_in (config, lang);

  /* Lagoon and VINI: nothing is known, and nothing is invented. */
  if (incoming->len == 0)
    g_print ("  %s %s\n", _("Incoming:"), _("not known; detection looks for it"));
  print_servers (_("Incoming:"), incoming);
  print_servers (_("Outgoing:"), colombe_client_config_get_outgoing (config));
  print_help_links (config, lang);
}

static void
print_human_list (GPtrArray *providers)
{
  int id_width = 0;
  int name_width = 0;

  for (guint i = 0; i < providers->len; i++)
    {
      ColombeClientConfig *config = g_ptr_array_index (providers, i);

      id_width = MAX (id_width, (int) strlen (colombe_client_config_get_id (config)));
      name_width = MAX (name_width,
                        (int) g_utf8_strlen (colombe_client_config_get_display_name (config), -1));
    }

  for (guint i = 0; i < providers->len; i++)
    {
      ColombeClientConfig *config = g_ptr_array_index (providers, i);
      const char *name = colombe_client_config_get_display_name (config);
      g_autofree char *domains = NULL;

      domains = g_strjoinv (", ", (char **) colombe_client_config_get_domains (config));
      /* Padding counts characters, not bytes: names such as "Numéricable". */
      g_print ("%-*s  %s%*s  %s\n", id_width, colombe_client_config_get_id (config),
               name, name_width - (int) g_utf8_strlen (name, -1), "", domains);
    }
}

/* The command */

static int
show_provider (const char *argument,
               gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  ColombeClientConfig *config;

  if (!(domain = normalize_domain (argument, &error)))
    return colombe_cli_input_error ("%s", error->message);

  config = colombe_provider_db_lookup (colombe_provider_db_get_default (), domain);
  if (config == NULL)
    {
      g_autofree char *message = NULL;

      /* Not an input error (exit 1, not 2): `colombe detect` may still find settings. */
      message = g_strdup_printf (_("Colombe has no built-in settings for %s"), domain);
      g_printerr ("colombe: %s\n", message);
      return COLOMBE_EXIT_FAILURE;
    }

  if (json)
    print_json_provider (config);
  else
    print_human_provider (config);

  return COLOMBE_EXIT_OK;
}

static int
list_providers (gboolean json)
{
  g_autoptr(GPtrArray) providers = colombe_provider_db_list (colombe_provider_db_get_default ());

  if (json)
    print_json_list (providers);
  else
    print_human_list (providers);

  return COLOMBE_EXIT_OK;
}

int
colombe_cli_providers (int    argc,
                       char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  /* Translators: the argument of `colombe providers`; DOMAIN in capitals, as in --help. */
  if (!colombe_cli_parse_options ("providers", _("[DOMAIN]"),
                                  _("Show the mail providers Colombe knows without a network, "
                                    "or what it knows about one domain or address."),
                                  entries, &argc, &argv))
    return COLOMBE_EXIT_USAGE;

  if (argc > 2)
    return colombe_cli_input_error (_("“providers” takes one domain at most"));

  if (argc == 2)
    return show_provider (argv[1], json);

  return list_providers (json);
}
