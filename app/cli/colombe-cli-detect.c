/* colombe-cli-detect.c: `colombe detect ADDRESS`
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli-detect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-cli.h"
#include "colombe-discovery.h"

typedef struct
{
  gboolean  json;
  gboolean  offline;
  char     *ispdb_url;
  char     *ca_file;
  double    timeout;
} DetectOptions;

typedef struct
{
  gboolean  done;
  GError   *error;
} RunState;

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  RunState *state = user_data;

  colombe_discovery_run_finish (COLOMBE_DISCOVERY (object), result, &state->error);
  state->done = TRUE;
}

/* The command line has nothing else to do meanwhile: iterate until done. */
static gboolean
run_discovery (ColombeDiscovery  *discovery,
               GError           **error)
{
  RunState state = { FALSE, NULL };

  colombe_discovery_run_async (discovery, NULL, run_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
reports_to_json (GPtrArray *reports)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < reports->len; i++)
    {
      ColombeLookupReport *report = g_ptr_array_index (reports, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, report->name);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, colombe_lookup_state_to_string (report->state));
      json_builder_set_member_name (builder, "ms");
      json_builder_add_int_value (builder, report->ms);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
print_json (ColombeDiscovery *discovery,
            const char       *address)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *candidates = colombe_discovery_get_candidates (discovery);
  ColombeAccount *best = colombe_discovery_get_best (discovery);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, address);
  json_builder_set_member_name (builder, "account");
  if (best != NULL)
    json_builder_add_value (builder, colombe_account_to_json (best));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < candidates->len; i++)
    json_builder_add_value (builder, colombe_account_to_json (g_ptr_array_index (candidates, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sources");
  json_builder_add_value (builder, reports_to_json (colombe_discovery_get_reports (discovery)));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  colombe_cli_print_json (root);
}

static void
print_server (const char    *label,
              ColombeServer *server)
{
  g_autofree char *summary = colombe_server_dup_summary (server);

  /* Translators: a server's summary, then the name it logs in with. */
  g_print (_("  %s %s, username %s\n"), label, summary,
           colombe_server_get_username (server));
}

static void
print_account (ColombeAccount *account)
{
  /* Guessing may find one direction only. */
  if (colombe_account_get_incoming (account) != NULL)
    print_server (_("Incoming:"), colombe_account_get_incoming (account));
  if (colombe_account_get_outgoing (account) != NULL)
    print_server (_("Outgoing:"), colombe_account_get_outgoing (account));
}

static const char *
state_label (ColombeLookupState state)
{
  switch (state)
    {
    case COLOMBE_LOOKUP_STATE_FOUND:
      return _("found");
    case COLOMBE_LOOKUP_STATE_NOT_FOUND:
      return _("nothing");
    case COLOMBE_LOOKUP_STATE_ERROR:
      return _("failed");
    case COLOMBE_LOOKUP_STATE_TIMEOUT:
      return _("no answer in time");
    case COLOMBE_LOOKUP_STATE_SKIPPED:
      return _("skipped (offline)");
    case COLOMBE_LOOKUP_STATE_WAITING:
    case COLOMBE_LOOKUP_STATE_RUNNING:
    default:
      return _("not finished");
    }
}

static void
print_human (ColombeDiscovery *discovery,
             const char       *address)
{
  GPtrArray *candidates = colombe_discovery_get_candidates (discovery);
  GPtrArray *reports = colombe_discovery_get_reports (discovery);
  ColombeAccount *best = colombe_discovery_get_best (discovery);

  if (best == NULL)
    g_print (_("No settings found for %s.\n"), address);
  else
    {
      g_print (_("Settings for %s, from %s:\n"), address,
               colombe_source_get_label (colombe_account_get_source (best)));
      print_account (best);
    }

  if (candidates->len > 1)
    {
      g_print ("\n%s\n", _("Other possible settings:"));
      for (guint i = 1; i < candidates->len; i++)
        print_account (g_ptr_array_index (candidates, i));
    }

  g_print ("\n%s\n", _("Where Colombe looked:"));
  for (guint i = 0; i < reports->len; i++)
    {
      ColombeLookupReport *report = g_ptr_array_index (reports, i);

      g_print ("  %-16s %-20s %5" G_GINT64_FORMAT " ms\n",
               report->name, state_label (report->state), report->ms);
    }
}

static gboolean
configure (ColombeDiscovery  *discovery,
           DetectOptions     *options,
           GError           **error)
{
  colombe_discovery_set_offline (discovery, options->offline);

  if (options->ispdb_url != NULL)
    {
      if (!g_str_has_prefix (options->ispdb_url, "https://") &&
          !g_str_has_prefix (options->ispdb_url, "http://"))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("--ispdb-url: “%s” is not an http or https address"), options->ispdb_url);
          return FALSE;
        }
      colombe_discovery_set_ispdb_url (discovery, options->ispdb_url);
    }

  if (options->timeout < 0 || options->timeout > 3600)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("--timeout: give a number of seconds from 0 to 3600"));
      return FALSE;
    }
  colombe_discovery_set_timeout (discovery, options->timeout * 1000);

  if (options->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = colombe_cli_tls_database_new (options->ca_file, error);

      if (database == NULL)
        return FALSE;
      colombe_discovery_set_tls_database (discovery, database);
    }

  return TRUE;
}

int
colombe_cli_detect (int    argc,
                    char **argv)
{
  DetectOptions options = { 0 };
  g_autoptr(ColombeAddress) address = NULL;
  g_autoptr(ColombeDiscovery) discovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ispdb_url = NULL;
  g_autofree char *ca_file = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &options.offline,
      N_("Use only the built-in provider database"), NULL },
    { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &ispdb_url,
      N_("Base address of an ISPDB mirror"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Also trust the certificate authorities in this file"), N_("PEM") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &options.timeout,
      N_("Give up after this many seconds"), N_("S") },
    { NULL }
  };

  if (!colombe_cli_parse_options ("detect", _("ADDRESS"),
                                  _("Find the mail servers of an address."),
                                  entries, &argc, &argv))
    return COLOMBE_EXIT_USAGE;
  options.ispdb_url = ispdb_url;
  options.ca_file = ca_file;

  if (argc != 2)
    return colombe_cli_input_error (_("detect: give exactly one address"));

  if (!(address = colombe_address_parse (argv[1], &error)))
    return colombe_cli_input_error ("%s", error->message);

  discovery = colombe_discovery_new (address, NULL);
  if (!configure (discovery, &options, &error))
    return colombe_cli_input_error ("%s", error->message);

  if (!run_discovery (discovery, &error))
    return colombe_cli_input_error ("%s", error->message);

  if (options.json)
    print_json (discovery, address->address);
  else
    print_human (discovery, address->address);

  return colombe_discovery_get_best (discovery) ? COLOMBE_EXIT_OK : COLOMBE_EXIT_FAILURE;
}
