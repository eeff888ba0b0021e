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
#include "colombe-http.h"

#define FETCH_TIMEOUT_SECONDS 20

/* Fetching: the discovery's bounded GET (https-only, same-domain redirects,
 * 1 MiB), with a time limit for the whole fetch. */

static gboolean
is_url (const char *text)
{
  return g_ascii_strncasecmp (text, "https://", 8) == 0 ||
         g_ascii_strncasecmp (text, "http://", 7) == 0;
}

typedef struct
{
  GBytes       *body;
  GError       *error;
  gboolean      done;
  GCancellable *cancellable;
  guint         timeout_id;
} Fetch;

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = colombe_http_get_finish (result, NULL, &fetch->error);
  fetch->done = TRUE;
}

static gboolean
fetch_timed_out (gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->timeout_id = 0;
  g_cancellable_cancel (fetch->cancellable);

  return G_SOURCE_REMOVE;
}

static SoupSession *
session_new (const char  *ca_file,
             GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  /* --ca-file adds an association's own CA to the system's anchors. */
  if (ca_file != NULL && !(database = colombe_cli_tls_database_new (ca_file, error)))
    return NULL;

  return colombe_http_session_new (database);
}

static GBytes *
fetch (const char  *url,
       const char  *ca_file,
       GError     **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fetch state = { NULL, NULL, FALSE, cancellable, 0 };

  if (!(session = session_new (ca_file, error)))
    return NULL;

  state.timeout_id = g_timeout_add_seconds (FETCH_TIMEOUT_SECONDS, fetch_timed_out, &state);
  colombe_http_get_async (session, url, cancellable, fetch_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&state.timeout_id, g_source_remove);

  if (state.error != NULL)
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT, "%s: %s", url,
                   g_cancellable_is_cancelled (cancellable)
                     ? _("the server took too long to send the file")
                     : state.error->message);
      g_clear_error (&state.error);
      return NULL;
    }

  return state.body;
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
