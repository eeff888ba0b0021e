/* colombe-cli.c: dispatch of `colombe SUB-COMMAND` and what commands share
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "colombe-cli.h"
#include "colombe-field.h"
#include "colombe-secret.h"
#include "colombe-tls-database.h"
#include "colombe-types.h"

typedef struct
{
  const char *name;
  const char *parameters;   /* N_(), for `colombe --help`; NULL: none */
  const char *summary;      /* N_() */
  int       (*run) (int argc, char **argv);
} ColombeCommand;

/* A new sub-command is one file and one line here. */
static const ColombeCommand commands[] = {
  { "detect", N_("ADDRESS"), N_("Find the mail servers of an address."), colombe_cli_detect },
  { "test", N_("ADDRESS"), N_("Prove that the mail servers of an address work."),
    colombe_cli_test },
  { "export", NULL, N_("Hand an account to Thunderbird, phones and other programs."),
    colombe_cli_export },
  { "providers", N_("[DOMAIN]"), N_("Show the mail providers Colombe knows without a network."),
    colombe_cli_providers },
  { "check-config", N_("FILE|URL"), N_("Check an association’s own clientConfig file."),
    colombe_cli_check_config },
};

/* What the assistant window itself takes (colombe-application.c), and
 * what GApplication adds: anything else is a usage error, not a window. */
static const char * const window_options[] = {
  "--ca-file", "--ispdb-url", "--gapplication-service", "--help-all", "--help-gapplication",
};

static const ColombeCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];

  return NULL;
}

/* Any first word that is not an option is meant as a sub-command: an
 * unknown one is a usage error, not a reason to open a window. */
gboolean
colombe_cli_is_command (int    argc,
                        char **argv)
{
  return argc > 1 && argv[1][0] != '-';
}

/* Where `colombe --help` starts its descriptions, in characters */
#define HELP_COLUMN 26

gboolean
colombe_cli_is_help (int    argc,
                     char **argv)
{
  return argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"));
}

int
colombe_cli_print_help (void)
{
  g_print ("%s\n  colombe [--ca-file=PEM] [--ispdb-url=URL]\n  colombe %s\n\n%s\n",
           _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strjoin (" ", commands[i].name,
                                          commands[i].parameters ? _(commands[i].parameters) : NULL,
                                          NULL);
      /* Padded as the terminal shows it: "ADRESSE" and the rest align. */
      g_autofree char *padded = colombe_cli_dup_padded (usage, HELP_COLUMN - 1);

      g_print ("  %s %s\n", padded, _(commands[i].summary));
    }
  g_print ("\n%s\n  %-*s%s\n  %-*s%s\n  %-*s%s\n\n%s\n",
           _("Without a command, the assistant window opens:"),
           HELP_COLUMN, "--ca-file=PEM", _("Also trust the certificate authorities in this file"),
           HELP_COLUMN, "--ispdb-url=URL", _("Base address of an ISPDB mirror"),
           HELP_COLUMN, "-h, --help", _("Show this help (--help-all: the window’s every option)"),
           _("“colombe COMMAND --help” lists a command’s options; “man colombe” says everything."));

  return COLOMBE_EXIT_OK;
}

/* "--ca-file=x" or "--ca-file x": @option is one of the window's. */
static gboolean
is_window_option (const char *option)
{
  for (gsize i = 0; i < G_N_ELEMENTS (window_options); i++)
    {
      gsize length = strlen (window_options[i]);

      if (strncmp (option, window_options[i], length) == 0 &&
          (option[length] == '\0' || option[length] == '='))
        return TRUE;
    }

  return FALSE;
}

gboolean
colombe_cli_check_window_options (int    argc,
                                  char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      gboolean takes_value = g_str_equal (argv[i], "--ca-file") ||
                             g_str_equal (argv[i], "--ispdb-url");

      if (argv[i][0] != '-' && find_command (argv[i]) != NULL)
        {
          colombe_cli_input_error (_("the command comes first: colombe %s …"), argv[i]);
          return FALSE;
        }
      if (!is_window_option (argv[i]))
        {
          colombe_cli_input_error (argv[i][0] == '-'
                                   ? _("“%s” is not an option; try “colombe --help”")
                                   : _("“%s” is not a command; try “colombe --help”"),
                                   argv[i]);
          return FALSE;
        }
      if (takes_value && ++i == argc)
        {
          colombe_cli_input_error (_("%s needs a value; try “colombe --help”"), argv[i - 1]);
          return FALSE;
        }
    }

  return TRUE;
}

int
colombe_cli_run (int    argc,
                 char **argv)
{
  const ColombeCommand *command;

  g_return_val_if_fail (argc > 1, COLOMBE_EXIT_USAGE);

  if (!(command = find_command (argv[1])))
    return colombe_cli_input_error (_("“%s” is not a command; try “colombe --help”"), argv[1]);

  /* The sub-command sees itself as argv[0], as GOptionContext expects. */
  return command->run (argc - 1, argv + 1);
}

/* GOption says only "Invalid byte sequence in conversion input" of an
 * option whose value is not UTF-8: find which one, to name it. */
static char *
dup_option_not_utf8 (int    argc,
                     char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_utf8_validate (argv[i], -1, NULL))
        continue;
      if (g_str_has_prefix (argv[i], "--") && strchr (argv[i], '=') != NULL)
        return g_strndup (argv[i], strchr (argv[i], '=') - argv[i]);
      if (i > 1 && g_str_has_prefix (argv[i - 1], "--"))
        return g_strdup (argv[i - 1]);
      return g_strdup (argv[i][0] == '-' ? _("an option") : _("an argument"));
    }

  return NULL;
}

static gboolean
is_number (const char *text)
{
  char *end = NULL;

  g_ascii_strtod (text, &end);
  return text[0] != '\0' && end != NULL && *end == '\0';
}

/* GOption says "Cannot parse double value …": find the option and its
 * value, to say it in Colombe's words. */
static char *
dup_bad_number (const GOptionEntry  *entries,
                int                  argc,
                char               **argv)
{
  for (int i = 1; i < argc; i++)
    for (const GOptionEntry *entry = entries; entry->long_name != NULL; entry++)
      {
        g_autofree char *option = g_strconcat ("--", entry->long_name, NULL);
        const char *value = NULL;

        if (entry->arg != G_OPTION_ARG_DOUBLE && entry->arg != G_OPTION_ARG_INT &&
            entry->arg != G_OPTION_ARG_INT64)
          continue;
        if (g_str_equal (argv[i], option) && i + 1 < argc)
          value = argv[i + 1];
        else if (g_str_has_prefix (argv[i], option) && argv[i][strlen (option)] == '=')
          value = argv[i] + strlen (option) + 1;
        if (value != NULL && !is_number (value))
          /* Translators: "--timeout: “abc” is not a number" */
          return g_strdup_printf (_("%s: “%s” is not a number"), option, value);
      }

  return NULL;
}

gboolean
colombe_cli_parse_options (const char          *command,
                           const char          *parameter_string,
                           const char          *summary,
                           const GOptionEntry  *entries,
                           int                 *argc,
                           char              ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = NULL;

  /* --help then reads "colombe detect [OPTION…] ADDRESS". */
  prgname = g_strdup_printf ("colombe %s", command);
  g_set_prgname (prgname);
  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *option = NULL;

      if (error->domain == G_CONVERT_ERROR && (option = dup_option_not_utf8 (*argc, *argv)))
        colombe_cli_input_error (_("%s: is not valid UTF-8 text"), option);
      else if (g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) &&
               (option = dup_bad_number (entries, *argc, *argv)))
        colombe_cli_input_error ("%s", option);
      else
        colombe_cli_input_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

guint
colombe_cli_get_width (const char *text)
{
  guint shown = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    shown += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  return shown;
}

static const char *
sign_in_label (const char *way)
{
  ColombeSignIn value = COLOMBE_SIGN_IN_PASSWORD;

  colombe_sign_in_from_string (way, &value);
  switch (value)
    {
    case COLOMBE_SIGN_IN_APP_PASSWORD:
      return _("an app password");
    case COLOMBE_SIGN_IN_OAUTH2:
      return _("the provider’s own sign-in page (OAuth2)");
    case COLOMBE_SIGN_IN_PASSWORD:
    default:
      return _("the usual password");
    }
}

char *
colombe_cli_dup_sign_in_label (const char * const *ways)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  if (ways == NULL)
    return NULL;

  for (guint i = 0; ways[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) sign_in_label (ways[i]));
  g_ptr_array_add (labels, NULL);

  /* Translators: between two ways of signing in, the first preferred:
   * "an app password, or the provider’s own sign-in page (OAuth2)". */
  return g_strjoinv (_(", or "), (char **) labels->pdata);
}

char *
colombe_cli_dup_padded (const char *text,
                        guint       width)
{
  GString *padded;
  guint shown;

  g_return_val_if_fail (text != NULL, NULL);

  padded = g_string_new (text);
  for (shown = colombe_cli_get_width (text); shown < width; shown++)
    g_string_append_c (padded, ' ');

  return g_string_free (padded, FALSE);
}

int
colombe_cli_input_error (const char *format,
                         ...)
{
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message carried (XML or JSON errors may not,
   * and a value quoted in it may hold a terminal's escape sequence). */
  shown = colombe_field_dup_shown (message);
  g_printerr ("colombe: %s\n", shown);

  return COLOMBE_EXIT_USAGE;
}

GTlsDatabase *
colombe_cli_tls_database_new (const char  *ca_file,
                              GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(database = colombe_tls_database_new (ca_file, &local_error)))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   "--ca-file: %s", local_error->message);
      return NULL;
    }

  return g_steal_pointer (&database);
}

void
colombe_cli_discovery_options_clear (ColombeCliDiscoveryOptions *options)
{
  g_clear_pointer (&options->ispdb_url, g_free);
  g_clear_pointer (&options->ca_file, g_free);
}

/* NULL with no error without --ca-file: the system's anchors, GIO's default. */
GTlsDatabase *
colombe_cli_discovery_options_get_database (ColombeCliDiscoveryOptions  *options,
                                            GError                     **error)
{
  if (options->ca_file == NULL)
    return NULL;

  return colombe_cli_tls_database_new (options->ca_file, error);
}

ColombeDiscovery *
colombe_cli_discovery_new (const ColombeAddress        *address,
                           const char                  *real_name,
                           ColombeCliDiscoveryOptions  *options,
                           GError                     **error)
{
  g_autoptr(ColombeDiscovery) discovery = colombe_discovery_new (address, real_name);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;

  colombe_discovery_set_offline (discovery, options->offline);

  if (options->ispdb_url != NULL &&
      !colombe_discovery_set_ispdb_url (discovery, options->ispdb_url, &local_error))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT, _("--ispdb-url: %s"),
                   local_error->message);
      return NULL;
    }

  if (options->timeout < 0 || options->timeout > 3600)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("--timeout: give a number of seconds from 0 to 3600"));
      return NULL;
    }
  colombe_discovery_set_timeout (discovery, options->timeout * 1000);

  if (options->ca_file != NULL)
    {
      if (!(database = colombe_cli_discovery_options_get_database (options, error)))
        return NULL;
      colombe_discovery_set_tls_database (discovery, database);
    }

  return g_steal_pointer (&discovery);
}

gboolean
colombe_cli_discovery_options_check (ColombeCliDiscoveryOptions  *options,
                                     GError                     **error)
{
  g_autoptr(ColombeAddress) address = colombe_address_parse ("postmaster@example.org", NULL);
  g_autoptr(ColombeDiscovery) discovery = colombe_cli_discovery_new (address, NULL, options, error);

  return discovery != NULL;
}

void
colombe_cli_wait (const gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} RunState;

static void
discovery_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunState *state = user_data;

  colombe_discovery_run_finish (COLOMBE_DISCOVERY (object), result, &state->error);
  state->done = TRUE;
}

gboolean
colombe_cli_discovery_run (ColombeDiscovery  *discovery,
                           GError           **error)
{
  RunState state = { FALSE, NULL };

  colombe_discovery_run_async (discovery, NULL, discovery_done, &state);
  colombe_cli_wait (&state.done);

  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return FALSE;
    }

  return TRUE;
}

void
colombe_cli_json_add_string (JsonBuilder *builder,
                             const char  *name,
                             const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
colombe_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_return_if_fail (node != NULL);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  /* JSON is UTF-8 whatever the locale: g_print() would convert it. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* A password is a line; anything longer is not one. */
#define MAX_PASSWORD 4096

/* One line from standard input, without its line end; the buffer is wiped. */
ColombeSecret *
colombe_cli_read_password (GError **error)
{
  char buffer[MAX_PASSWORD + 2];
  g_autoptr(ColombeSecret) password = NULL;
  gsize length;
  gboolean too_long;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("--password-stdin: no password on standard input"));
      return NULL;
    }

  length = strcspn (buffer, "\r\n");
  too_long = length == strlen (buffer) && length > MAX_PASSWORD;
  password = g_strndup (buffer, length);
  colombe_secret_wipe (buffer, sizeof buffer);

  if (too_long)
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("--password-stdin: the password is longer than %d bytes"), MAX_PASSWORD);
      return NULL;
    }
  if (length == 0 || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           length == 0 ? _("--password-stdin: the password is empty")
                                       : _("--password-stdin: the password is not valid UTF-8"));
      return NULL;
    }
  if (!colombe_field_check_named (COLOMBE_FIELD_PASSWORD, password, "--password-stdin", error))
    return NULL;

  return g_steal_pointer (&password);
}
