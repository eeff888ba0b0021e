/* colombe-client-config-writer.c: writes a clientConfig v1.1 document
 *
 * The output reads back into an equal model; other readers (Thunderbird,
 * K-9, Evolution) find the elements where they look for them: servers,
 * <enable> and <documentation> in <emailProvider>, <oAuth2> and <webMail>
 * beside it.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-client-config"

#include "config.h"

#include "colombe-client-config.h"

static void append_escaped (GString    *out,
                            const char *format,
                            ...) G_GNUC_PRINTF (2, 3);

/* Every value goes through g_markup_printf_escaped: nothing from a
 * document can open an element of its own. */
static void
append_escaped (GString    *out,
                const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);

  g_string_append (out, text);
}

static void
append_element (GString    *out,
                const char *indent,
                const char *name,
                const char *value)
{
  if (value == NULL)
    return;

  g_string_append_printf (out, "%s<%s>", indent, name);
  append_escaped (out, "%s", value);
  g_string_append_printf (out, "</%s>\n", name);
}

static void
append_boolean (GString    *out,
                const char *indent,
                const char *name,
                int         value)
{
  if (value >= 0)
    append_element (out, indent, name, value ? "true" : "false");
}

static void
append_pop3 (GString                  *out,
             const ColombePop3Options *options)
{
  if (options == NULL)
    return;

  g_string_append (out, "      <pop3>\n");
  append_boolean (out, "        ", "leaveMessagesOnServer", options->leave_messages_on_server);
  append_boolean (out, "        ", "downloadOnBiff", options->download_on_biff);
  if (options->days_to_leave_messages_on_server >= 0)
    g_string_append_printf (out, "        <daysToLeaveMessagesOnServer>%d"
                            "</daysToLeaveMessagesOnServer>\n",
                            options->days_to_leave_messages_on_server);
  if (options->check_interval_minutes >= 0)
    g_string_append_printf (out, "        <checkInterval minutes=\"%d\"/>\n",
                            options->check_interval_minutes);
  g_string_append (out, "      </pop3>\n");
}

static void
append_server (GString             *out,
               ColombeClientConfig *self,
               ColombeServer       *server)
{
  ColombeProtocol protocol = colombe_server_get_protocol (server);
  const char *element = protocol == COLOMBE_PROTOCOL_SMTP ? "outgoingServer" : "incomingServer";
  const char * const *methods = colombe_server_get_auth_methods (server);

  append_escaped (out, "    <%s type=\"%s\">\n", element, colombe_protocol_to_string (protocol));
  append_element (out, "      ", "hostname", colombe_server_get_host (server));
  g_string_append_printf (out, "      <port>%u</port>\n", colombe_server_get_port (server));
  append_element (out, "      ", "socketType",
                  colombe_security_to_socket_type (colombe_server_get_security (server)));
  append_element (out, "      ", "username", colombe_server_get_username_template (server));
  for (gsize i = 0; methods != NULL && methods[i] != NULL; i++)
    append_element (out, "      ", "authentication", methods[i]);

  if (protocol == COLOMBE_PROTOCOL_SMTP)
    {
      append_boolean (out, "      ", "addThisServer",
                      colombe_client_config_get_add_this_server (self, server));
      append_boolean (out, "      ", "useGlobalPreferredServer",
                      colombe_client_config_get_use_global_preferred_server (self, server));
    }
  else
    {
      append_pop3 (out, colombe_client_config_get_pop3_options (self, server));
    }

  g_string_append_printf (out, "    </%s>\n", element);
}

static void
append_servers (GString             *out,
                ColombeClientConfig *self,
                GPtrArray           *servers)
{
  for (guint i = 0; i < servers->len; i++)
    append_server (out, self, g_ptr_array_index (servers, i));
}

/* <documentation url><descr/></documentation>, <enable visiturl><instruction/></enable>,
 * and in <x-colombe> <sign-in-help url><text/></sign-in-help> and <switch for url>…</switch>;
 * @attributes (ours, never escaped) come before the URL. */
static void
append_help_link (GString               *out,
                  const char            *indent,
                  const ColombeHelpLink *link,
                  const char            *element,
                  const char            *attributes,
                  const char            *url_attribute,
                  const char            *text_element)
{
  g_string_append_printf (out, "%s<%s%s", indent, element, attributes);
  if (link->url != NULL)
    append_escaped (out, " %s=\"%s\"", url_attribute, link->url);

  if (link->texts->len == 0)
    {
      g_string_append (out, "/>\n");
      return;
    }

  g_string_append (out, ">\n");

  for (guint i = 0; i < link->texts->len; i++)
    {
      const ColombeLocalizedText *text = g_ptr_array_index (link->texts, i);

      g_string_append_printf (out, "%s  <%s", indent, text_element);
      if (text->lang != NULL)
        append_escaped (out, " lang=\"%s\"", text->lang);
      append_escaped (out, ">%s", text->text);
      g_string_append_printf (out, "</%s>\n", text_element);
    }

  g_string_append_printf (out, "%s</%s>\n", indent, element);
}

static void
append_x_colombe (GString             *out,
                  ColombeClientConfig *self)
{
  ColombeConfidence confidence = colombe_client_config_get_confidence (self);
  ColombePasswordPolicy policy = colombe_client_config_get_password_policy (self);
  const char *url = colombe_client_config_get_app_password_url (self);

  const char * const *sign_in = colombe_client_config_get_sign_in (self);
  const ColombeHelpLink *help = colombe_client_config_get_sign_in_help (self);
  ColombeProtocol protocol;
  const ColombeHelpLink *turn_on = colombe_client_config_get_switch (self, &protocol);

  /* Ordinary documents carry none of Colombe's own facts: write nothing. */
  if (confidence == COLOMBE_CONFIDENCE_UNKNOWN && policy == COLOMBE_PASSWORD_POLICY_UNKNOWN &&
      url == NULL && sign_in == NULL && help == NULL && turn_on == NULL)
    return;

  g_string_append (out, "    <x-colombe");
  if (confidence != COLOMBE_CONFIDENCE_UNKNOWN)
    g_string_append_printf (out, " confidence=\"%s\"", colombe_confidence_to_string (confidence));
  if (policy != COLOMBE_PASSWORD_POLICY_UNKNOWN)
    g_string_append_printf (out, " password=\"%s\"", colombe_password_policy_to_string (policy));
  if (url != NULL)
    append_escaped (out, " app-password-url=\"%s\"", url);
  if (sign_in != NULL)
    {
      g_autofree char *ways = g_strjoinv (" ", (GStrv) sign_in);

      g_string_append_printf (out, " sign-in=\"%s\"", ways);
    }
  if (help == NULL && turn_on == NULL)
    {
      g_string_append (out, "/>\n");
      return;
    }

  g_string_append (out, ">\n");
  if (help != NULL)
    append_help_link (out, "      ", help, "sign-in-help", "", "url", "text");
  if (turn_on != NULL)
    {
      g_autofree char *attributes = g_strdup_printf (" for=\"%s\"",
                                                     colombe_protocol_to_string (protocol));

      append_help_link (out, "      ", turn_on, "switch", attributes, "url", "text");
    }
  g_string_append (out, "    </x-colombe>\n");
}

static void
append_email_provider (GString             *out,
                       ColombeClientConfig *self)
{
  const char * const *domains = colombe_client_config_get_domains (self);
  const ColombeHelpLink *enable = colombe_client_config_get_enable (self);
  GPtrArray *documentation = colombe_client_config_get_documentation (self);
  const char *id = colombe_client_config_get_id (self);

  if (id != NULL)
    append_escaped (out, "  <emailProvider id=\"%s\">\n", id);
  else
    g_string_append (out, "  <emailProvider>\n");

  for (gsize i = 0; domains[i] != NULL; i++)
    append_element (out, "    ", "domain", domains[i]);
  append_element (out, "    ", "displayName", colombe_client_config_get_display_name (self));
  append_element (out, "    ", "displayShortName",
                  colombe_client_config_get_display_short_name (self));

  append_servers (out, self, colombe_client_config_get_incoming (self));
  append_servers (out, self, colombe_client_config_get_outgoing (self));

  if (enable != NULL)
    append_help_link (out, "    ", enable, "enable", "", "visiturl", "instruction");
  for (guint i = 0; i < documentation->len; i++)
    append_help_link (out, "    ", g_ptr_array_index (documentation, i), "documentation", "",
                      "url", "descr");

  append_x_colombe (out, self);
  g_string_append (out, "  </emailProvider>\n");
}

static void
append_oauth2 (GString             *out,
               const ColombeOAuth2 *oauth2)
{
  if (oauth2 == NULL)
    return;

  g_string_append (out, "  <oAuth2>\n");
  append_element (out, "    ", "issuer", oauth2->issuer);
  append_element (out, "    ", "scope", oauth2->scope);
  append_element (out, "    ", "authURL", oauth2->auth_url);
  append_element (out, "    ", "tokenURL", oauth2->token_url);
  g_string_append (out, "  </oAuth2>\n");
}

static void
append_webmail (GString    *out,
                const char *url)
{
  if (url == NULL)
    return;

  g_string_append (out, "  <webMail>\n");
  append_escaped (out, "    <loginPage url=\"%s\"/>\n", url);
  g_string_append (out, "  </webMail>\n");
}

char *
colombe_client_config_to_data (ColombeClientConfig *self,
                               gsize               *length)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<clientConfig version=\"1.1\">\n");
  append_email_provider (out, self);
  append_oauth2 (out, colombe_client_config_get_oauth2 (self));
  append_webmail (out, colombe_client_config_get_webmail_url (self));
  g_string_append (out, "</clientConfig>\n");

  if (length != NULL)
    *length = out->len;

  return g_string_free (g_steal_pointer (&out), FALSE);
}
