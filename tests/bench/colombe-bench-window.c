/* colombe-bench-window.c: the window, from Continue to the ready page painted
 *
 * Usage: colombe-bench-window CA_FILE ISPDB_URL ADDRESS   (the password on
 * standard input). colombe-bench runs it inside its world, with a display.
 * It opens the real window as `colombe --ca-file CA --ispdb-url URL` would,
 * waits for its first frame, types the name, the address and the password
 * into the first page and presses Enter on the password (Continue), then
 * waits for the ready or the failure page to be painted, and prints
 *   page ready
 *   continue-to-page-us 412345
 * The clock starts just before Continue and stops at the frame that shows
 * the page: the search, both logins and that page's layout and paint.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-bench"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "colombe-account-page.h"
#include "colombe-window.h"

/* A run that takes longer than this has failed. */
#define LIMIT_S 60

typedef struct
{
  gboolean    painted;
  gint64      started;
  gint64      ended;
  const char *page;
} Run;

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

static void
spin_until (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + LIMIT_S * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_painted (GdkFrameClock *clock,
            Run           *run)
{
  g_signal_handlers_disconnect_by_func (clock, on_painted, run);
  run->ended = g_get_monotonic_time ();
  run->painted = TRUE;
}

/* The page that ends a run is on: its first frame stops the clock. */
static void
on_page_changed (GtkStack   *pages,
                 GParamSpec *pspec,
                 Run        *run)
{
  const char *page = gtk_stack_get_visible_child_name (pages);

  if (g_strcmp0 (page, "ready") != 0 && g_strcmp0 (page, "failure") != 0)
    return;

  g_signal_handlers_disconnect_by_func (pages, on_page_changed, run);
  run->page = page;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (pages)), "after-paint",
                    G_CALLBACK (on_painted), run);
}

static void
on_first_frame (GdkFrameClock *clock,
                gboolean      *painted)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, painted);
  *painted = TRUE;
}

static void
wait_for_first_frame (GtkWidget *window)
{
  gboolean painted = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_realized (window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_first_frame), &painted);
  spin_until (&painted);
}

static void
set_text (gpointer    page,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, row)), text);
}

static char *
read_password (void)
{
  char line[1024];

  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *password = read_password ();
  GtkWidget *window;
  gpointer page;
  GtkStack *pages;
  Run run = { 0 };
  int status;

  if (argc != 4 || password == NULL)
    {
      g_printerr ("usage: colombe-bench-window CA_FILE ISPDB_URL ADDRESS < PASSWORD\n");
      return 2;
    }

  gtk_init ();
  adw_init ();
  window = g_object_new (COLOMBE_TYPE_WINDOW, "ca-file", argv[1], "ispdb-url", argv[2], NULL);
  wait_for_first_frame (window);

  page = child (window, COLOMBE_TYPE_WINDOW, "account_page");
  pages = child (window, COLOMBE_TYPE_WINDOW, "pages");
  set_text (page, "name_row", "Alice");
  set_text (page, "address_row", argv[3]);
  set_text (page, "password_row", password);
  g_signal_connect (pages, "notify::visible-child-name", G_CALLBACK (on_page_changed), &run);

  run.started = g_get_monotonic_time ();
  g_signal_emit_by_name (child (page, COLOMBE_TYPE_ACCOUNT_PAGE, "password_row"), "entry-activated");
  spin_until (&run.painted);

  g_print ("page %s\ncontinue-to-page-us %" G_GINT64_FORMAT "\n",
           run.page != NULL ? run.page : "none", run.painted ? run.ended - run.started : -1);
  status = run.painted && g_strcmp0 (run.page, "ready") == 0 ? 0 : 1;
  gtk_window_destroy (GTK_WINDOW (window));

  return status;
}
