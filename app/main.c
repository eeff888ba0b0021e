/* main.c: `colombe`, the one command a person or a script runs: a
 * sub-command runs here, without loading GTK; otherwise the assistant opens
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "colombe-cli.h"
#include "colombe-locale.h"

#define ASSISTANT_NAME "colombe-assistant"

/* Beside this program in the build tree (run.sh, the tests); where meson
 * installed it otherwise. */
static char *
find_assistant (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *folder = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = folder ? g_build_filename (folder, ASSISTANT_NAME, NULL) : NULL;

  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&beside);

  return g_build_filename (LIBEXECDIR, ASSISTANT_NAME, NULL);
}

/* The window is another program, so that the command line never pays for
 * loading GTK and libadwaita: it takes this process's place, arguments,
 * D-Bus activation and all. */
static int
open_assistant (char **argv)
{
  g_autofree char *assistant = find_assistant ();
  int saved;

  execv (assistant, argv);

  saved = errno;
  g_printerr (_("colombe: could not open the assistant (%s): %s\n"), assistant, g_strerror (saved));
  return COLOMBE_EXIT_FAILURE;
}

int
main (int   argc,
      char *argv[])
{
  colombe_locale_init ();

  /* Standard output carries JSON and files (--output -): debug messages,
   * which GLib prints there by default, go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  if (colombe_cli_is_command (argc, argv))
    return colombe_cli_run (argc, argv);
  if (colombe_cli_is_help (argc, argv))
    return colombe_cli_print_help ();
  if (!colombe_cli_check_window_options (argc, argv))
    return COLOMBE_EXIT_USAGE;

  return open_assistant (argv);
}
