/* colombe-cli-export.c: `colombe export`: hand a proven account to a program
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "colombe-cli.h"
#include "colombe-exporter.h"
#include "colombe-keyring.h"
#include "colombe-thunderbird-account.h"
#include "colombe-thunderbird-logins.h"
#include "colombe-thunderbird-profile.h"

typedef struct
{
  gboolean  list;
  gboolean  with_password;
  gboolean  force;
  gboolean  password_stdin;
  gboolean  json;
  char     *format;
  char     *account;
  char     *output;
  char     *profile;
} ExportOptions;

static void
export_options_clear (ExportOptions *options)
{
  g_clear_pointer (&options->format, g_free);
  g_clear_pointer (&options->account, g_free);
  g_clear_pointer (&options->output, g_free);
  g_clear_pointer (&options->profile, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportOptions, export_options_clear)

#define LIST_COLUMNS 4

static const char *
exporter_get_form (const ColombeExporter *exporter)
{
  if (exporter->kind == COLOMBE_EXPORT_KIND_FOLDER)
    return _("folder");
  if (exporter->kind == COLOMBE_EXPORT_KIND_ACTION)
    return _("desktop");
  return exporter->extension;
}

/* One row of the list, each column but the last padded to its width as
 * the terminal shows it (French words are longer, and accented). */
static void
print_list_row (const char * const *cells,
                const guint        *widths)
{
  for (guint i = 0; i < LIST_COLUMNS - 1; i++)
    {
      g_autofree char *padded = colombe_cli_dup_padded (cells[i], widths[i] + 2);

      g_print ("%s", padded);
    }
  g_print ("%s\n", cells[LIST_COLUMNS - 1]);
}

static int
print_list (void)
{
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);
  /* Translators: the headers of `colombe export --list`; "password" marks a
   * target that can carry the password when asked (--with-password). */
  const char *header[LIST_COLUMNS] = { _("TARGET"), _("FILE"), _("PASSWORD"), _("DESCRIPTION") };
  g_autofree const char **rows = g_new0 (const char *, (gsize) n_exporters * LIST_COLUMNS);
  guint widths[LIST_COLUMNS] = { 0 };

  for (guint i = 0; i < n_exporters; i++)
    {
      const char **row = rows + i * LIST_COLUMNS;

      row[0] = exporters[i]->name;
      row[1] = exporter_get_form (exporters[i]);
      row[2] = exporters[i]->can_carry_password ? _("password") : "";
      row[3] = _(exporters[i]->description);
    }

  for (guint c = 0; c < LIST_COLUMNS; c++)
    {
      widths[c] = colombe_cli_get_width (header[c]);
      for (guint i = 0; i < n_exporters; i++)
        widths[c] = MAX (widths[c], colombe_cli_get_width (rows[i * LIST_COLUMNS + c]));
    }

  print_list_row (header, widths);
  for (guint i = 0; i < n_exporters; i++)
    print_list_row (rows + i * LIST_COLUMNS, widths);

  return COLOMBE_EXIT_OK;
}

typedef struct
{
  gboolean  done;
  char     *password;
  GError   *error;
} Lookup;

static void
password_found (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->password = colombe_keyring_lookup_finish (result, &lookup->error);
  lookup->done = TRUE;
}

/* The password comes from the keyring Colombe filled (colombe test
 * --store-password), never from a command line. */
static char *
lookup_password (ColombeAccount  *account,
                 GError         **error)
{
  Lookup lookup = { FALSE, NULL, NULL };
  ColombeServer *server = colombe_account_get_incoming (account);

  if (server == NULL)
    server = colombe_account_get_outgoing (account);
  colombe_keyring_lookup_async (server, NULL, password_found, &lookup);
  colombe_cli_wait (&lookup.done);

  if (lookup.error != NULL)
    g_propagate_error (error, lookup.error);

  return lookup.password;
}

typedef struct
{
  const ColombeExporter *exporter;
  gboolean               done;
  gboolean               ok;
  GError                *error;
} Applying;

static void
applied (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Applying *applying = user_data;

  applying->ok = applying->exporter->apply_finish (result, &applying->error);
  applying->done = TRUE;
}

static gboolean
apply (const ColombeExporter       *exporter,
       const ColombeExportRequest  *request,
       GError                     **error)
{
  Applying applying = { exporter, FALSE, FALSE, NULL };

  exporter->apply_async (request, NULL, applied, &applying);
  colombe_cli_wait (&applying.done);

  if (!applying.ok)
    g_propagate_error (error, applying.error);

  return applying.ok;
}

/* Checks the options against the target; NULL (and a message) when they
 * do not fit. */
static const ColombeExporter *
check_options (ExportOptions  *options,
               GError        **error)
{
  const ColombeExporter *exporter;

  if (options->format == NULL)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("--format: give a target (colombe export --list shows them)"));
      return NULL;
    }
  if (!(exporter = colombe_exporter_find (options->format)))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("--format: “%s” is not a target (colombe export --list shows them)"),
                   options->format);
      return NULL;
    }
  if (options->account == NULL)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("--account: give the account file (JSON, as colombe test prints it)"));
      return NULL;
    }
  if (options->profile != NULL && g_strcmp0 (exporter->name, "thunderbird") != 0)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("--profile: only the thunderbird target adds to a profile"));
      return NULL;
    }
  if (options->profile != NULL && options->output != NULL)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("--profile and --output: give one (--profile adds to a profile, "
                             "--output writes a file)"));
      return NULL;
    }
  if (options->profile != NULL && options->with_password)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("--with-password: with --profile the password from the keyring "
                             "is stored anyway; leave it out"));
      return NULL;
    }
  if (options->profile == NULL && (options->password_stdin || options->json))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("%s: only with --profile"),
                   options->password_stdin ? "--password-stdin" : "--json");
      return NULL;
    }
  if (options->with_password && !exporter->can_carry_password)
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("--with-password: the %s target cannot carry a password"), exporter->name);
      return NULL;
    }
  if (exporter->kind == COLOMBE_EXPORT_KIND_FOLDER && options->output == NULL)
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("--output: the %s target writes several files: give a folder"),
                   exporter->name);
      return NULL;
    }

  return exporter;
}

static int
export_files (const ColombeExporter      *exporter,
              const ColombeExportRequest *request,
              ExportOptions              *options)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  if (!(files = colombe_exporter_build (exporter, request, &error)))
    return colombe_cli_input_error ("%s", error->message);

  if (!colombe_export_write (exporter, files, options->output ? options->output : "-",
                             options->force, &error))
    {
      if (g_error_matches (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_EXISTS))
        return colombe_cli_input_error ("%s", error->message);
      g_printerr ("colombe: %s\n", error->message);
      return COLOMBE_EXIT_FAILURE;
    }

  return COLOMBE_EXIT_OK;
}

/* Adding to a Thunderbird profile ----------------------------------------- */

/* The kinds the man page lists under --profile, for --json and the
 * stderr line. */
static const char *
thunderbird_error_kind (const GError *error)
{
  if (error->domain != COLOMBE_THUNDERBIRD_ERROR)
    return "failed";

  switch (error->code)
    {
    case COLOMBE_THUNDERBIRD_ERROR_RUNNING:
      return "thunderbird-running";
    case COLOMBE_THUNDERBIRD_ERROR_PROFILE_NOT_FOUND:
      return "profile-not-found";
    case COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT:
      return "already-present";
    case COLOMBE_THUNDERBIRD_ERROR_CORRUPT:
      return "profile-corrupt";
    case COLOMBE_THUNDERBIRD_ERROR_FAILED:
    default:
      return "failed";
    }
}

/* What to do, after the core's message (which says what went wrong). */
static const char *
thunderbird_error_next_step (const GError *error)
{
  if (error->domain != COLOMBE_THUNDERBIRD_ERROR)
    return NULL;

  switch (error->code)
    {
    case COLOMBE_THUNDERBIRD_ERROR_PROFILE_NOT_FOUND:
      return _("start Thunderbird once, or give the folder of a profile");
    case COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT:
      return _("--force updates the servers of that account");
    case COLOMBE_THUNDERBIRD_ERROR_CORRUPT:
      return _("nothing was changed; start and quit Thunderbird once, then try again");
    default:
      return NULL;
    }
}

/* One line on stderr (and the kind in --json); exit 1. */
static int
thunderbird_failed (ExportOptions *options,
                    const GError  *error)
{
  const char *kind = thunderbird_error_kind (error);
  const char *next_step = thunderbird_error_next_step (error);

  if (next_step != NULL)
    g_printerr ("colombe: %s: %s [%s]\n", error->message, next_step, kind);
  else
    g_printerr ("colombe: %s [%s]\n", error->message, kind);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      colombe_cli_print_json (root);
    }

  return COLOMBE_EXIT_FAILURE;
}

/* "default": the profile Thunderbird starts with, in the first of
 * ~/.thunderbird, Flatpak's and Snap's folders that has one; none there
 * but a Thunderbird installed that never started, a profile made for it. */
static char *
find_profile (const char  *profile,
              gboolean    *created,
              GError     **error)
{
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(ColombeThunderbirdProfile) made = NULL;
  g_autofree char *root = NULL;

  *created = FALSE;
  if (g_strcmp0 (profile, "default") != 0)
    return g_canonicalize_filename (profile, NULL);

  profiles = colombe_thunderbird_profile_find_all (NULL);
  if (profiles->len > 0)
    return g_strdup (colombe_thunderbird_profile_get_path (g_ptr_array_index (profiles, 0)));

  root = colombe_thunderbird_profile_dup_install_root (NULL, NULL);
  if (root == NULL)
    {
      g_set_error_literal (error, COLOMBE_THUNDERBIRD_ERROR,
                           COLOMBE_THUNDERBIRD_ERROR_PROFILE_NOT_FOUND,
                           _("No Thunderbird profile was found (in ~/.thunderbird, nor "
                             "Flatpak's or Snap's folder), and no Thunderbird is installed"));
      return NULL;
    }
  if (!(made = colombe_thunderbird_profile_create (root, error)))
    return NULL;

  *created = TRUE;
  return g_strdup (colombe_thunderbird_profile_get_path (made));
}

static void
print_added_json (const char                    *profile_path,
                  gboolean                       created,
                  const ColombeThunderbirdAdded *added,
                  const char                    *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  colombe_cli_json_add_string (builder, "profile", profile_path);
  json_builder_set_member_name (builder, "created");
  json_builder_add_boolean_value (builder, created);
  json_builder_set_member_name (builder, "added");
  json_builder_begin_object (builder);
  colombe_cli_json_add_string (builder, "account", added->account);
  colombe_cli_json_add_string (builder, "server", added->server);
  colombe_cli_json_add_string (builder, "identity", added->identity);
  colombe_cli_json_add_string (builder, "smtp", added->smtp);
  colombe_cli_json_add_string (builder, "local_folders", added->local_folders);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_boolean_value (builder, added->updated);
  colombe_cli_json_add_string (builder, "backup", added->backup_path);
  colombe_cli_json_add_string (builder, "password", password);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  colombe_cli_print_json (root);
}

/* The password, from standard input or else the keyring; NULL when
 * neither has it (the keyring's silence is not an error here). */
static char *
get_password (ExportOptions   *options,
              ColombeAccount  *account,
              GError         **error)
{
  g_autoptr(GError) keyring_error = NULL;
  ColombeSecret *secret;
  char *password;

  if (options->password_stdin)
    {
      if (!(secret = colombe_cli_read_password (error)))
        return NULL;
      return secret;
    }

  password = lookup_password (account, &keyring_error);
  if (password == NULL)
    {
      g_debug ("no password in the keyring: %s",
               keyring_error != NULL ? keyring_error->message : "none");
      return NULL;
    }

  /* the keyring's copy, owned as colombe_secret_free() would free it */
  secret = g_strdup (password);
  colombe_keyring_password_free (password);
  return secret;
}

static int
export_to_profile (ExportOptions  *options,
                   ColombeAccount *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeSecret) password = NULL;
  g_autoptr(ColombeThunderbirdAdded) added = NULL;
  g_autofree char *profile_path = NULL;
  ColombeThunderbirdLoginsOutcome outcome;
  gboolean created;
  const char *stored;

  /* bad input first: nothing is written before all of it is read; an
   * OAuth2 account has no password for Thunderbird to keep */
  if (!colombe_export_uses_oauth2 (account))
    password = get_password (options, account, &error);
  if (error != NULL)
    return colombe_cli_input_error ("%s", error->message);

  if (!(profile_path = find_profile (options->profile, &created, &error)) ||
      !(added = colombe_thunderbird_account_add (account, profile_path, options->force, &error)))
    return thunderbird_failed (options, error);

  if (!options->json && created)
    g_print (_("Thunderbird had no profile yet: Colombe made one, %s, which Thunderbird "
               "opens on its first start.\n"), profile_path);
  if (!options->json && added->updated)
    g_print (_("The account %s of the Thunderbird profile %s is updated.\n"),
             added->account, profile_path);
  else if (!options->json)
    g_print (_("The account is added to the Thunderbird profile %s as %s.\n"),
             profile_path, added->account);

  if (colombe_export_uses_oauth2 (account))
    {
      stored = "oauth2";
      if (!options->json)
        g_print ("%s\n", _("Thunderbird opens the provider’s own sign-in page when it first "
                           "connects: there is no password to store."));
    }
  else if (password == NULL)
    {
      stored = "not-given";
      if (!options->json)
        g_print ("%s\n", _("Thunderbird will ask for the password once."));
    }
  else if (!colombe_thunderbird_logins_store (profile_path,
                                              colombe_account_get_incoming (account),
                                              colombe_account_get_outgoing (account),
                                              password, &outcome, &error))
    {
      stored = "failed";
      g_printerr (_("colombe: the password could not be stored (%s): "
                    "Thunderbird will ask for it once\n"), error->message);
    }
  else
    {
      stored = colombe_thunderbird_logins_outcome_to_string (outcome);
      if (!options->json)
        {
          if (outcome == COLOMBE_THUNDERBIRD_LOGINS_STORED)
            g_print ("%s\n", _("The password is in Thunderbird's password manager."));
          else if (outcome == COLOMBE_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD)
            g_print ("%s\n", _("The profile has a primary password: the password is not stored, "
                               "Thunderbird will ask for it once."));
          else
            g_print ("%s\n", _("Thunderbird never started on this profile: the password is not "
                               "stored, Thunderbird will ask for it once."));
        }
    }

  if (options->json)
    print_added_json (profile_path, created, added, stored);

  return COLOMBE_EXIT_OK;
}

int
colombe_cli_export (int    argc,
                    char **argv)
{
  g_auto(ExportOptions) options = { 0 };
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const ColombeExporter *exporter;
  ColombeExportRequest request = { NULL, NULL };
  char *password = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &options.list, N_("List the targets"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &options.format, N_("The target"), N_("NAME") },
    { "account", 0, 0, G_OPTION_ARG_FILENAME, &options.account,
      N_("The account, as colombe test --json prints it"), N_("ACCOUNT.json") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Where to write (a file, a folder, or - for standard output)"), N_("FILE") },
    { "with-password", 0, 0, G_OPTION_ARG_NONE, &options.with_password,
      N_("Put the password from the keyring in the file, in clear"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &options.force,
      N_("Replace a file that already exists; with --profile, update the account "
         "of the same address"), NULL },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &options.profile,
      N_("Add the account to this Thunderbird profile folder (default: the one "
         "Thunderbird starts with)"), N_("DIR|default") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("With --profile: store the password from the first line of standard input "
         "in Thunderbird"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("With --profile: print what was added as JSON"), NULL },
    { NULL }
  };

  if (!colombe_cli_parse_options ("export", NULL,
                                  _("Hand an account to Thunderbird, phones and other programs."),
                                  entries, &argc, &argv))
    return COLOMBE_EXIT_USAGE;

  if (argc != 1)
    return colombe_cli_input_error (_("export: unexpected “%s”"), argv[1]);
  if (options.list)
    return print_list ();

  if (!(exporter = check_options (&options, &error)) ||
      !(account = colombe_account_new_from_file (options.account, &error)))
    return colombe_cli_input_error ("%s", error->message);

  /* before the keyring or a profile is touched: nothing is written */
  if (!colombe_exporter_can_carry (exporter, account, &error))
    return colombe_cli_input_error ("%s", error->message);

  if (options.profile != NULL)
    return export_to_profile (&options, account);

  if (options.with_password)
    {
      if (!(password = lookup_password (account, &error)))
        {
          g_printerr (_("colombe: the password is not in the keyring (%s): "
                        "colombe test --store-password puts it there\n"), error->message);
          return COLOMBE_EXIT_FAILURE;
        }
      /* a desktop action hands it over D-Bus to a keyring, not to a file */
      if (exporter->kind != COLOMBE_EXPORT_KIND_ACTION)
        g_printerr ("%s\n", _("colombe: warning: the password is written in clear; keep the "
                              "file private and delete it once used"));
    }

  request.account = account;
  request.password = password;
  if (exporter->kind == COLOMBE_EXPORT_KIND_ACTION)
    {
      status = apply (exporter, &request, &error) ? COLOMBE_EXIT_OK : COLOMBE_EXIT_FAILURE;
      if (error != NULL)
        g_printerr ("colombe: %s\n", error->message);
    }
  else
    status = export_files (exporter, &request, &options);

  /* from libsecret's own memory: it wipes it */
  colombe_keyring_password_free (password);
  return status;
}
