/* colombe-cli-check-config.c: `colombe check-config FILE|URL`, an association's own clientConfig
 *
 * Reads the file (or fetches it, bounded in size, redirects and time), then
 * prints its servers and what other mail programs would trip over.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "colombe-cli.h"
#include "colombe-client-config.h"
#include "colombe-tls-database.h"

#define FETCH_TIMEOUT_SECONDS 20
#define MAX_REDIRECTS 5
#define READ_CHUNK 16384

/* Fetching */

static gboolean
is_url (const char *text)
{
  return g_ascii_strncasecmp (text, "https://", 8) == 0 ||
         g_ascii_strncasecmp (text, "http://", 7) == 0;
}

static SoupSession *
session_new (const char  *ca_file,
             GError     **error)
{
  g_autoptr(SoupSession) session = NULL;

  session = soup_session_new_with_options ("timeout", FETCH_TIMEOUT_SECONDS,
                                           "idle-timeout", FETCH_TIMEOUT_SECONDS,
                                           "user-agent", "Colombe/" PACKAGE_VERSION " ",
                                           NULL);

  /* --ca-file adds an association's own CA to the system's anchors. */
  if (ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(database = colombe_tls_database_new (ca_file, &local_error)))
        {
          g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                       "--ca-file: %s", local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (session, database);
    }

  return g_steal_pointer (&session);
}

static gboolean
fetch_error (GError    **error,
             GUri       *uri,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static gboolean
fetch_error (GError    **error,
             GUri       *uri,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  g_autofree char *where = g_uri_to_string (uri);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT, "%s: %s", where, message);
  return FALSE;
}

static gboolean
is_redirect (guint status)
{
  return status == SOUP_STATUS_MOVED_PERMANENTLY || status == SOUP_STATUS_FOUND ||
         status == SOUP_STATUS_SEE_OTHER || status == SOUP_STATUS_TEMPORARY_REDIRECT ||
         status == SOUP_STATUS_PERMANENT_REDIRECT;
}

/* The next URI of a redirect, never from https down to http. */
static GUri *
follow_redirect (SoupMessage  *message,
                 GUri         *uri,
                 GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autoptr(GUri) next = NULL;
  const char *scheme;

  if (location == NULL ||
      !(next = g_uri_parse_relative (uri, location, SOUP_HTTP_URI_FLAGS, NULL)))
    {
      fetch_error (error, uri, _("the server redirects to an unusable address"));
      return NULL;
    }

  scheme = g_uri_get_scheme (next);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      (g_ascii_strcasecmp (scheme, "http") != 0 ||
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0))
    {
      fetch_error (error, uri, _("refusing a redirect from https to a less safe address"));
      return NULL;
    }

  return g_steal_pointer (&next);
}

/* At most the reader's limit plus one byte, and never past the deadline:
 * a server that trickles bytes does not hold us forever. */
static GBytes *
read_body (GInputStream  *stream,
           GUri          *uri,
           GError       **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  gint64 deadline = g_get_monotonic_time () + FETCH_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint8 chunk[READ_CHUNK];
  gssize n_read;

  while ((n_read = g_input_stream_read (stream, chunk, sizeof chunk, NULL, &local_error)) > 0)
    {
      g_byte_array_append (body, chunk, n_read);
      if (body->len > COLOMBE_CLIENT_CONFIG_MAX_SIZE)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          fetch_error (error, uri, _("the server took too long to send the file"));
          return NULL;
        }
    }

  if (n_read < 0)
    {
      fetch_error (error, uri, "%s", local_error->message);
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

static GInputStream *
send_request (SoupSession  *session,
              SoupMessage  *message,
              GUri         *uri,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GInputStream *stream;

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (!(stream = soup_session_send (session, message, NULL, &local_error)))
    fetch_error (error, uri, "%s", local_error->message);

  return stream;
}

static GBytes *
fetch (const char  *url,
       const char  *ca_file,
       GError     **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GUri) uri = NULL;

  if (!(uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL)))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("%s: not a valid address"), url);
      return NULL;
    }

  if (!(session = session_new (ca_file, error)))
    return NULL;

  for (guint redirects = 0; ; redirects++)
    {
      g_autoptr(SoupMessage) message = soup_message_new_from_uri ("GET", uri);
      g_autoptr(GInputStream) stream = send_request (session, message, uri, error);
      guint status;

      if (stream == NULL)
        return NULL;

      status = soup_message_get_status (message);
      if (is_redirect (status))
        {
          GUri *next;

          if (redirects == MAX_REDIRECTS)
            {
              fetch_error (error, uri, _("too many redirects"));
              return NULL;
            }
          if (!(next = follow_redirect (message, uri, error)))
            return NULL;
          g_uri_unref (uri);
          uri = next;
          continue;
        }

      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          fetch_error (error, uri, _("the server answered %u %s"), status,
                       soup_message_get_reason_phrase (message));
          return NULL;
        }

      return read_body (stream, uri, error);
    }
}

static ColombeClientConfig *
load (const char  *source,
      const char  *ca_file,
      GError     **error)
{
  g_autoptr(GBytes) body = NULL;
  const char *data;
  gsize length;

  if (!is_url (source))
    return colombe_client_config_new_from_file (source, error);

  if (!(body = fetch (source, ca_file, error)))
    return NULL;

  data = g_bytes_get_data (body, &length);
  return colombe_client_config_new_from_data (data ? data : "", length, source, error);
}

/* Output */

/* json_node_init_array() would take a reference of its own. */
static JsonNode *
array_node_new (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static JsonNode *
servers_to_json (GPtrArray *servers)
{
  JsonArray *array = json_array_sized_new (servers->len);

  for (guint i = 0; i < servers->len; i++)
    json_array_add_element (array, colombe_server_to_json (g_ptr_array_index (servers, i)));

  return array_node_new (array);
}

/* @n_strings: -1 when @strings ends with NULL */
static JsonNode *
strings_to_json (const char * const *strings,
                 gssize              n_strings)
{
  JsonArray *array = json_array_new ();

  for (gsize i = 0; n_strings < 0 ? strings[i] != NULL : i < (gsize) n_strings; i++)
    json_array_add_string_element (array, strings[i]);

  return array_node_new (array);
}

static void
add_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static JsonNode *
to_json (ColombeClientConfig *config,
         GPtrArray           *warnings)
{
  JsonObject *root = json_object_new ();
  JsonObject *provider = json_object_new ();
  JsonNode *node;

  add_nullable_string (provider, "id", colombe_client_config_get_id (config));
  add_nullable_string (provider, "name", colombe_client_config_get_display_name (config));
  json_object_set_member (provider, "domains",
                          strings_to_json (colombe_client_config_get_domains (config), -1));

  json_object_set_object_member (root, "provider", provider);
  json_object_set_member (root, "incoming",
                          servers_to_json (colombe_client_config_get_incoming (config)));
  json_object_set_member (root, "outgoing",
                          servers_to_json (colombe_client_config_get_outgoing (config)));
  json_object_set_member (root, "warnings",
                          strings_to_json ((const char * const *) warnings->pdata, warnings->len));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

static const char *
security_label (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return _("TLS");
    case COLOMBE_SECURITY_STARTTLS:
      return _("STARTTLS");
    case COLOMBE_SECURITY_NONE:
      return _("not encrypted");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
print_servers (const char *heading,
               GPtrArray  *servers)
{
  g_print ("%s\n", heading);

  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);
      g_autofree char *protocol = g_ascii_strup (colombe_protocol_to_string (
                                                   colombe_server_get_protocol (server)), -1);
      g_autofree char *auth = g_strjoinv (", ", (char **) colombe_server_get_auth_methods (server));
      const char *username = colombe_server_get_username_template (server);
      g_autofree char *line = NULL;

      /* TRANSLATORS: protocol, host:port, security, username, authentication methods */
      line = g_strdup_printf (_("%s %s:%u, %s, username %s, authentication %s"), protocol,
                              colombe_server_get_host (server), colombe_server_get_port (server),
                              security_label (colombe_server_get_security (server)),
                              username ? username : _("(none)"), auth[0] ? auth : _("(none)"));
      g_print ("  %s\n", line);
    }

  if (servers->len == 0)
    g_print ("  %s\n", _("(none)"));
}

static void
print_human (ColombeClientConfig *config,
             GPtrArray           *warnings)
{
  const char * const *domain_list = colombe_client_config_get_domains (config);
  const char *name = colombe_client_config_get_display_name (config);
  const char *id = colombe_client_config_get_id (config);
  g_autofree char *domains = g_strjoinv (", ", (char **) domain_list);

  g_print (_("Provider: %s (%s)\n"), name ? name : _("(no name)"), id ? id : _("no id"));
  g_print (_("Domains: %s\n"), domains[0] ? domains : _("(none)"));
  print_servers (_("Incoming servers:"), colombe_client_config_get_incoming (config));
  print_servers (_("Outgoing servers:"), colombe_client_config_get_outgoing (config));

  if (warnings->len == 0)
    {
      g_print ("%s\n", _("No warnings."));
      return;
    }

  g_print ("%s\n", _("Warnings:"));
  for (guint i = 0; i < warnings->len; i++)
    g_print ("  - %s\n", (const char *) g_ptr_array_index (warnings, i));
}

int
colombe_cli_check_config (int    argc,
                          char **argv)
{
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_file = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Also trust the certificate authorities of this PEM file"), N_("PEM") },
    { NULL }
  };

  if (!colombe_cli_parse_options ("check-config", _("FILE|URL"),
                                  _("Read a clientConfig file, show its servers and warn about "
                                    "what mail programs would get wrong."),
                                  entries, &argc, &argv))
    return COLOMBE_EXIT_USAGE;

  if (argc != 2)
    return colombe_cli_input_error (_("check-config takes one FILE or URL; "
                                      "see “colombe check-config --help”"));

  if (!(config = load (argv[1], ca_file, &error)))
    return colombe_cli_input_error ("%s", error->message);

  warnings = colombe_client_config_check (config);

  if (json)
    {
      g_autoptr(JsonNode) node = to_json (config, warnings);

      colombe_cli_print_json (node);
    }
  else
    {
      print_human (config, warnings);
    }

  return COLOMBE_EXIT_OK;
}
