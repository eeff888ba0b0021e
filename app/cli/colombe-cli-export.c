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

typedef struct
{
  gboolean  list;
  gboolean  with_password;
  gboolean  force;
  char     *format;
  char     *account;
  char     *output;
} ExportOptions;

static void
export_options_clear (ExportOptions *options)
{
  g_clear_pointer (&options->format, g_free);
  g_clear_pointer (&options->account, g_free);
  g_clear_pointer (&options->output, g_free);
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

  if (!(files = exporter->build (request, &error)))
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
      N_("Replace a file that already exists"), NULL },
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
