/* colombe-cli-detect.c: `colombe detect ADDRESS`
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli-detect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-cli.h"
#include "colombe-cli-batch.h"
#include "colombe-discovery.h"
#include "colombe-suggestion.h"

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
      if (report->message != NULL)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, report->message);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

JsonNode *
colombe_cli_detect_result_to_json (const char *address,
                                   GPtrArray  *candidates,
                                   GPtrArray  *reports,
                                   const char *did_you_mean,
                                   gboolean    offline)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, address);
  json_builder_set_member_name (builder, "account");
  if (candidates->len > 0)
    json_builder_add_value (builder, colombe_account_to_json (g_ptr_array_index (candidates, 0)));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < candidates->len; i++)
    json_builder_add_value (builder, colombe_account_to_json (g_ptr_array_index (candidates, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sources");
  json_builder_add_value (builder, reports_to_json (reports));
  colombe_cli_json_add_string (builder, "did_you_mean", did_you_mean);
  json_builder_set_member_name (builder, "offline");
  json_builder_add_boolean_value (builder, offline);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_json (ColombeDiscovery *discovery,
            const char       *address,
            const char       *did_you_mean)
{
  g_autoptr(JsonNode) root = NULL;

  root = colombe_cli_detect_result_to_json (address, colombe_discovery_get_candidates (discovery),
                                            colombe_discovery_get_reports (discovery),
                                            did_you_mean,
                                            colombe_discovery_get_no_network (discovery));
  colombe_cli_print_json (root);
}

static void
print_server (const char    *label,
              ColombeServer *server)
{
  g_autofree char *summary = NULL;

  if (server == NULL)
    {
      /* Translators: no server of this kind (incoming or outgoing) was found. */
      g_print (_("  %s none\n"), label);
      return;
    }

  summary = colombe_server_dup_summary (server);
  /* Translators: a server's summary, then the name it logs in with. */
  g_print (_("  %s %s, username %s\n"), label, summary,
           colombe_server_get_username (server));
}

static void
print_provenance (ColombeAccount *account)
{
  const ColombeProvenance *provenance = colombe_account_get_provenance (account);

  if (provenance == NULL)
    return;

  if (provenance->origin != NULL)
    g_print (_("  Read from: %s\n"), provenance->origin);
  if (provenance->notice != NULL)
    g_print ("  %s\n", provenance->notice);
  if (provenance->unauthenticated)
    g_print ("  %s\n", _("Warning: these settings came by a way nobody can vouch for "
                          "(plain http, or DNS without signatures)."));
  if (provenance->outside_domain)
    g_print ("  %s\n", _("Note: the servers are outside the address’s own domain."));
  if (colombe_account_needs_consent (account))
    g_print ("  %s\n", _("Colombe will ask before sending the password to these servers."));
}

/* One line: how a mail program signs in, and the provider's page on it. */
static void
print_sign_in (ColombeAccount *account)
{
  g_autofree char *ways = colombe_cli_dup_sign_in_label (colombe_account_get_sign_in (account));
  const ColombeHelp *help = colombe_account_get_help (account);

  if (ways == NULL)
    return;

  if (help != NULL)
    /* Translators: how to sign in, then the provider's sentence and page on it. */
    g_print (_("  Sign-in: %s. %s %s\n"), ways, help->text, help->url);
  else
    g_print (_("  Sign-in: %s.\n"), ways);
}

static void
print_account (ColombeAccount *account)
{
  print_server (_("Incoming:"), colombe_account_get_incoming (account));
  print_server (_("Outgoing:"), colombe_account_get_outgoing (account));
  print_sign_in (account);
  print_provenance (account);
}

/* Translators: the states of detect's table, beside a source's name
 * ("builtin", "mx"), which has no gender: use forms that need no agreement
 * ("paramètres trouvés", "pas nécessaire"), at most 20 columns wide. */
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
    case COLOMBE_LOOKUP_STATE_UNUSABLE:
      return _("unusable");
    case COLOMBE_LOOKUP_STATE_UNREACHABLE:
      return _("unreachable");
    case COLOMBE_LOOKUP_STATE_SKIPPED:
      return _("not used");
    case COLOMBE_LOOKUP_STATE_WAITING:
    case COLOMBE_LOOKUP_STATE_RUNNING:
    default:
      return _("not finished");
    }
}

static void
print_human (ColombeDiscovery *discovery,
             const char       *address,
             const char       *did_you_mean)
{
  GPtrArray *candidates = colombe_discovery_get_candidates (discovery);
  GPtrArray *reports = colombe_discovery_get_reports (discovery);
  ColombeAccount *best = colombe_discovery_get_best (discovery);

  if (colombe_discovery_get_no_network (discovery))
    g_print ("%s\n", _("This computer is not connected to the Internet: Colombe could look "
                       "only in its own list of providers."));
  if (did_you_mean != NULL)
    /* Translators: the address as typed was probably mistyped. */
    g_print (_("Did you mean %s? (colombe detect %s)\n"), did_you_mean, did_you_mean);

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
        {
          ColombeAccount *account = g_ptr_array_index (candidates, i);

          /* Translators: where other possible settings came from. */
          g_print (_("From %s:\n"), colombe_source_get_label (colombe_account_get_source (account)));
          print_account (account);
        }
    }

  g_print ("\n%s\n", _("Where Colombe looked:"));
  for (guint i = 0; i < reports->len; i++)
    {
      ColombeLookupReport *report = g_ptr_array_index (reports, i);

      g_autofree char *state = colombe_cli_dup_padded (state_label (report->state), 20);

      /* Padded by what the terminal shows: "non utilisée" is 12 wide. */
      g_print ("  %-16s %s %5" G_GINT64_FORMAT " ms%s%s\n",
               report->name, state, report->ms,
               report->message ? "  " : "", report->message ? report->message : "");
    }
}

/* --batch: JSON lines whatever --json says. */
static int
run_batch (const char                 *file,
           int                         argc,
           ColombeCliDiscoveryOptions *discovery)
{
  g_autoptr(GError) error = NULL;
  ColombeCliBatchOptions options = { discovery, FALSE, -1 };

  if (argc != 1)
    return colombe_cli_input_error (_("detect: give either an address or --batch"));
  if (!colombe_cli_discovery_options_check (discovery, &error))
    return colombe_cli_input_error ("%s", error->message);

  return colombe_cli_batch_run (COLOMBE_CLI_BATCH_DETECT, file, &options);
}

int
colombe_cli_detect (int    argc,
                    char **argv)
{
  g_auto(ColombeCliDiscoveryOptions) options = { 0 };
  g_autoptr(ColombeAddress) address = NULL;
  g_autoptr(ColombeDiscovery) discovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *did_you_mean = NULL;
  g_autofree char *batch = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "batch", 0, 0, G_OPTION_ARG_FILENAME, &batch,
      N_("Find the servers of every address of a list, one per line (- for standard input)"),
      N_("FILE") },
    COLOMBE_CLI_DISCOVERY_ENTRIES (options),
    { NULL }
  };

  if (!colombe_cli_parse_options ("detect", _("ADDRESS"),
                                  _("Find the mail servers of an address."),
                                  entries, &argc, &argv))
    return COLOMBE_EXIT_USAGE;

  if (batch != NULL)
    return run_batch (batch, argc, &options);
  if (argc != 2)
    return colombe_cli_input_error (_("detect: give exactly one address"));

  /* Before any lookup, and even for an address the parser refuses
   * ("alice@gmailcom"). */
  did_you_mean = colombe_suggest_address (argv[1]);

  if (!(address = colombe_address_parse (argv[1], &error)))
    return did_you_mean ? colombe_cli_input_error (_("%s (did you mean %s?)"), error->message,
                                                   did_you_mean)
                        : colombe_cli_input_error ("%s", error->message);

  if (!(discovery = colombe_cli_discovery_new (address, NULL, &options, &error)) ||
      !colombe_cli_discovery_run (discovery, &error))
    return colombe_cli_input_error ("%s", error->message);

  if (json)
    print_json (discovery, address->address, did_you_mean);
  else
    print_human (discovery, address->address, did_you_mean);

  /* Without a network nothing was proven absent, and nothing can be tested. */
  if (colombe_discovery_get_no_network (discovery))
    return COLOMBE_EXIT_FAILURE;

  return colombe_discovery_get_best (discovery) ? COLOMBE_EXIT_OK : COLOMBE_EXIT_FAILURE;
}
