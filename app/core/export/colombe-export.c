/* colombe-export.c: the table of export targets, and writing their files
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>

#include "colombe-exporter.h"
#include "colombe-export-targets.h"
#include "colombe-thunderbird-account.h"

/* Every target, in the order `export --list` shows them; one line each. */
static const ColombeExporter * const exporters[] = {
  &colombe_export_autoconfig,
  &colombe_export_thunderbird,
  &colombe_export_outlook,
  &colombe_export_mobileconfig,
  &colombe_export_k9,
  &colombe_export_qr,
  &colombe_export_qr_text,
  &colombe_export_msmtp,
  &colombe_export_mbsync,
  &colombe_export_neomutt,
  &colombe_export_aerc,
  &colombe_export_evolution,
  &colombe_export_geary,
  &colombe_export_goa,
};

G_DEFINE_QUARK (colombe-export-error-quark, colombe_export_error)

const ColombeExporter * const *
colombe_exporters_get (guint *n_exporters)
{
  if (n_exporters != NULL)
    *n_exporters = G_N_ELEMENTS (exporters);

  return exporters;
}

const ColombeExporter *
colombe_exporter_find (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (exporters); i++)
    if (g_str_equal (exporters[i]->name, name))
      return exporters[i];

  return NULL;
}

/* The first server of @account that signs in with OAuth2 and that @knows
 * does not list (any such server when @knows is NULL), or NULL. */
static ColombeServer *
find_oauth2_server (ColombeAccount *account,
                    gboolean      (*knows) (ColombeServer *server))
{
  ColombeServer *servers[2];

  servers[0] = colombe_account_get_incoming (account);
  servers[1] = colombe_account_get_outgoing (account);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    if (servers[i] != NULL && g_str_equal (colombe_server_get_auth (servers[i]), "OAuth2") &&
        (knows == NULL || !knows (servers[i])))
      return servers[i];

  return NULL;
}

gboolean
colombe_export_uses_oauth2 (ColombeAccount *account)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (account), FALSE);

  return find_oauth2_server (account, NULL) != NULL;
}

gboolean
colombe_export_oauth2_servers_known (ColombeAccount *account,
                                     gboolean      (*knows) (ColombeServer *server))
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (knows != NULL, FALSE);

  return find_oauth2_server (account, knows) == NULL;
}

const char *
colombe_export_oauth2_way_out (ColombeAccount *account)
{
  gboolean thunderbird, evolution;

  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (account), NULL);

  thunderbird = colombe_export_oauth2_servers_known (account, colombe_thunderbird_knows_oauth2);
  evolution = colombe_export_oauth2_servers_known (account, colombe_export_evolution_knows_oauth2);
  if (thunderbird && evolution)
    return N_("use Thunderbird or Evolution instead");
  if (thunderbird)
    return N_("use Thunderbird instead");
  if (evolution)
    return N_("use Evolution instead");
  return N_("use the provider’s own app or its webmail instead");
}

gboolean
colombe_exporter_can_carry (const ColombeExporter  *exporter,
                            ColombeAccount         *account,
                            GError                **error)
{
  const char *refusal;

  g_return_val_if_fail (exporter != NULL, FALSE);
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (account), FALSE);

  if (!colombe_export_uses_oauth2 (account))
    return TRUE;

  refusal = exporter->without_oauth2;
  if (refusal == NULL && exporter->oauth2_refusal != NULL)
    refusal = exporter->oauth2_refusal (account);
  if (refusal == NULL)
    return TRUE;

  if (exporter->oauth2_way_out)
    /* Translators: why a target cannot sign in with OAuth2, then what to
     * use instead, e.g. "msmtp signs in … set up: use Thunderbird instead" */
    g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED, _("%s: %s"),
                 _(refusal), _(colombe_export_oauth2_way_out (account)));
  else
    g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                         _(refusal));
  return FALSE;
}

GPtrArray *
colombe_exporter_build (const ColombeExporter       *exporter,
                        const ColombeExportRequest  *request,
                        GError                     **error)
{
  g_return_val_if_fail (exporter != NULL && exporter->build != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!colombe_exporter_can_carry (exporter, request->account, error))
    return NULL;

  return exporter->build (request, error);
}

ColombeExportFile *
colombe_export_file_new (const char *name,
                         GBytes     *contents)
{
  ColombeExportFile *file = g_new0 (ColombeExportFile, 1);

  g_return_val_if_fail (contents != NULL, NULL);

  file->name = g_strdup (name);
  file->contents = g_bytes_ref (contents);

  return file;
}

void
colombe_export_file_free (ColombeExportFile *file)
{
  if (file == NULL)
    return;

  g_free (file->name);
  g_bytes_unref (file->contents);
  g_free (file);
}

GPtrArray *
colombe_export_files_new_text (const char *text)
{
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_export_file_free);

  g_return_val_if_fail (text != NULL, NULL);

  bytes = g_bytes_new (text, strlen (text));
  g_ptr_array_add (files, colombe_export_file_new (NULL, bytes));

  return files;
}

static gboolean
write_stdout (GPtrArray  *files,
              GError    **error)
{
  ColombeExportFile *file = g_ptr_array_index (files, 0);
  gsize length;
  const char *data = g_bytes_get_data (file->contents, &length);

  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("could not write to standard output: %s"), g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* Whether @path may be written: anything already there, a link included
 * (even one that points nowhere), only with --force; and never a device,
 * a pipe, a socket or a folder, which a rename would replace by a file.
 * lstat(), so that a link is judged as itself, not as what it points to. */
static gboolean
check_target (const char  *path,
              gboolean     force,
              GError     **error)
{
  GStatBuf info;

  if (g_lstat (path, &info) != 0)
    return TRUE;

  if (!S_ISREG (info.st_mode) && !S_ISLNK (info.st_mode))
    {
      g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_EXISTS,
                   _("%s is not an ordinary file; Colombe never replaces it"), path);
      return FALSE;
    }

  if (!force)
    {
      g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_EXISTS,
                   _("%s already exists (--force replaces it)"), path);
      return FALSE;
    }

  return TRUE;
}

/* Temporary file beside @path, then rename: a reader never sees half a
 * file, and a failure leaves what was there before; a link is replaced,
 * never followed. Mode 0600: some files name a keyring command, or carry
 * a password when asked. */
static gboolean
write_atomically (const char  *path,
                  GBytes      *contents,
                  gboolean     force,
                  GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  if (!check_target (path, force, error))
    return FALSE;

  return g_file_set_contents_full (path, data ? data : "", length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
write_folder (GPtrArray   *files,
              const char  *folder,
              gboolean     force,
              GError     **error)
{
  GStatBuf info;

  /* A link in place of the folder would send the files elsewhere. */
  if (g_lstat (folder, &info) == 0 && S_ISLNK (info.st_mode) && !force)
    {
      g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_EXISTS,
                   _("%s is a link (--force writes where it points)"), folder);
      return FALSE;
    }

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("could not create the folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }

  /* Check every name first: nothing is written if one would be refused. */
  for (guint i = 0; i < files->len; i++)
    {
      ColombeExportFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (folder, file->name, NULL);

      if (!check_target (path, force, error))
        return FALSE;
    }

  for (guint i = 0; i < files->len; i++)
    {
      ColombeExportFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (folder, file->name, NULL);

      if (!write_atomically (path, file->contents, TRUE, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
colombe_export_write (const ColombeExporter  *exporter,
                      GPtrArray              *files,
                      const char             *output,
                      gboolean                force,
                      GError                **error)
{
  g_return_val_if_fail (exporter != NULL, FALSE);
  g_return_val_if_fail (files != NULL && files->len > 0, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  if (exporter->kind == COLOMBE_EXPORT_KIND_FOLDER)
    {
      if (g_str_equal (output, "-"))
        {
          g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                       _("%s writes several files: give a folder, not “-”"), exporter->name);
          return FALSE;
        }
      return write_folder (files, output, force, error);
    }

  if (g_str_equal (output, "-"))
    return write_stdout (files, error);

  return write_atomically (output, ((ColombeExportFile *) g_ptr_array_index (files, 0))->contents,
                           force, error);
}
