/* colombe-exporter.h: what every export target provides
 *
 * A target is one file in this folder (colombe-export-NAME.c) and one line
 * in the table of colombe-export.c: a name, a file extension, a line of
 * description, whether it can carry a password, what it says of an
 * account that signs in with OAuth2, and a function that turns an account
 * into the files to write (or, for an action such as GNOME Online
 * Accounts, does it).
 *
 * OAuth2: some providers take no password from mail programs; the program
 * opens the provider's own page and keeps a token. A target whose program
 * does that writes OAuth2; a target whose program cannot refuses the
 * account with one sentence saying what to use instead, before anything
 * is written (colombe_exporter_can_carry()): `colombe export` exits 2 with
 * it, and the window hides or explains that target rather than offering
 * it and then failing.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-account.h"

G_BEGIN_DECLS

#define COLOMBE_EXPORT_ERROR (colombe_export_error_quark ())

typedef enum
{
  COLOMBE_EXPORT_ERROR_UNSUPPORTED,   /* the account cannot be said in this format */
  COLOMBE_EXPORT_ERROR_EXISTS,        /* the output exists and --force was not given */
  COLOMBE_EXPORT_ERROR_FAILED,
  COLOMBE_EXPORT_ERROR_INVALID_VALUE, /* a value this format cannot carry safely */
} ColombeExportError;

typedef enum
{
  COLOMBE_EXPORT_KIND_FILE,     /* one file (or standard output) */
  COLOMBE_EXPORT_KIND_FOLDER,   /* several files written into a folder */
  COLOMBE_EXPORT_KIND_ACTION,   /* no file: done on the desktop (D-Bus) */
} ColombeExportKind;

/* One file to write: @name inside the output folder (FOLDER targets), or
 * NULL for the output itself (FILE targets). */
typedef struct
{
  char   *name;
  GBytes *contents;
} ColombeExportFile;

/* What a target is asked for. @password is NULL unless the person asked
 * for it (--with-password) and the target can carry one. */
typedef struct
{
  ColombeAccount *account;
  const char     *password;
} ColombeExportRequest;

typedef struct
{
  const char        *name;          /* as in `colombe export --format NAME` */
  const char        *extension;     /* "js", "xml"…, NULL for folders and actions */
  const char        *description;   /* N_(), one line */
  gboolean           can_carry_password;
  ColombeExportKind  kind;

  /* N_(): for a target whose program cannot sign in with OAuth2, the one
   * sentence that says what to use instead; NULL when it writes OAuth2. */
  const char        *without_oauth2;
  /* TRUE when without_oauth2 says only why: what to use instead follows,
   * after a colon, from the programs that know the account's provider
   * (colombe_export_oauth2_way_out). */
  gboolean           oauth2_way_out;

  /* Optional, for a target that writes OAuth2 for some providers only:
   * the N_() sentence for an OAuth2 @account it cannot carry, or NULL. */
  const char      *(*oauth2_refusal) (ColombeAccount              *account);

  /* FILE and FOLDER: the files (ColombeExportFile), or NULL and @error. */
  GPtrArray       *(*build)         (const ColombeExportRequest  *request,
                                     GError                     **error);

  /* ACTION: does it. */
  void             (*apply_async)   (const ColombeExportRequest  *request,
                                     GCancellable                *cancellable,
                                     GAsyncReadyCallback          callback,
                                     gpointer                     user_data);
  gboolean         (*apply_finish)  (GAsyncResult                *result,
                                     GError                     **error);
} ColombeExporter;

GQuark                         colombe_export_error_quark (void);

/* The table, in the order `export --list` prints it. */
const ColombeExporter * const *colombe_exporters_get      (guint          *n_exporters);
const ColombeExporter         *colombe_exporter_find      (const char     *name);

/* TRUE when the account's incoming or outgoing server signs in with
 * OAuth2 (its preferred authentication, in clientConfig's names). */
gboolean                       colombe_export_uses_oauth2 (ColombeAccount *account);

/* TRUE when @knows (a program's list of the servers it signs in to with
 * OAuth2) holds every server of @account that signs in with OAuth2: the
 * programs that sign in so only to providers they have built in. */
gboolean                       colombe_export_oauth2_servers_known
                                                          (ColombeAccount *account,
                                                           gboolean (*knows) (ColombeServer *));

/* N_(): the programs to use instead, for an OAuth2 @account a target
 * cannot carry: Thunderbird or Evolution, those that know its provider,
 * or else the provider's own app. */
const char                    *colombe_export_oauth2_way_out
                                                          (ColombeAccount *account);

/* Whether @exporter can carry @account: FALSE and an UNSUPPORTED error
 * whose message is the one sentence to show (translated) when it cannot,
 * an OAuth2 account for a target that cannot sign in so. Cheap and
 * offline: the window asks it of every target to hide or explain rows. */
gboolean                       colombe_exporter_can_carry (const ColombeExporter *exporter,
                                                           ColombeAccount *account,
                                                           GError        **error);

/* colombe_exporter_can_carry(), then @exporter's build (FILE and FOLDER
 * targets): what every caller uses, so that no target is handed an
 * account it cannot carry. */
GPtrArray                     *colombe_exporter_build     (const ColombeExporter *exporter,
                                                           const ColombeExportRequest *request,
                                                           GError        **error);

ColombeExportFile             *colombe_export_file_new    (const char     *name,
                                                           GBytes         *contents);
void                           colombe_export_file_free   (ColombeExportFile *file);
/* A GPtrArray holding one unnamed file of @text (UTF-8, taken as is). */
GPtrArray                     *colombe_export_files_new_text (const char  *text);

/* Writes @files at @output ("-": standard output, FILE targets only):
 * each file to a temporary name beside it, then renamed, so that nothing
 * is ever half written; an existing output is kept unless @force. */
gboolean                       colombe_export_write       (const ColombeExporter *exporter,
                                                           GPtrArray      *files,
                                                           const char     *output,
                                                           gboolean        force,
                                                           GError        **error);

G_END_DECLS
