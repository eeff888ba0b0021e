/* assistant.c: the assistant window, a program of its own that `colombe`
 * starts when it is given no sub-command
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "colombe-application.h"
#include "colombe-locale.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ColombeApplication) app = NULL;

  colombe_locale_init ();
  g_log_writer_default_set_use_stderr (TRUE);

  app = colombe_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
