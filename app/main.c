/* main.c: a sub-command runs the command line, otherwise the assistant opens
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "colombe-application.h"
#include "colombe-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ColombeApplication) app = NULL;

  const char *localedir = g_getenv ("COLOMBE_LOCALEDIR");

  /* run.sh and the tests point at the build tree's translations. */
  if (localedir == NULL || localedir[0] == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Standard output carries JSON and files (--output -): debug messages,
   * which GLib prints there by default, go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  /* The command line must work without a display: decide before GTK. */
  if (colombe_cli_is_command (argc, argv))
    return colombe_cli_run (argc, argv);

  app = colombe_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
