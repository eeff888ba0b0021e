/* colombe-startup-probe.c: the first frame's time and the peak memory, for tests/bench/startup.sh
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-startup-probe"

#include "config.h"

#include <string.h>

#include "colombe-startup-probe.h"

/* The peak memory so far, as the kernel counts it ("VmHWM:  51234 kB"). */
static char *
dup_peak_memory (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return g_strdup ("unknown");
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return g_strdup ("unknown");
  line += strlen ("VmHWM:");
  return g_strstrip (g_strndup (line, strcspn (line, "\n")));
}

/* Its time on the wall clock, which the script also reads before starting us. */
static void
on_first_frame (GdkFrameClock  *clock,
                GtkApplication *application)
{
  g_autofree char *peak = dup_peak_memory ();

  g_signal_handlers_disconnect_by_func (clock, on_first_frame, application);
  g_print ("first-frame-us %" G_GINT64_FORMAT "\npeak-memory %s\n", g_get_real_time (), peak);
  g_application_quit (G_APPLICATION (application));
}

/* A realized toplevel has its frame clock; nothing is painted yet. */
static void
on_realized (GtkWidget      *window,
             GtkApplication *application)
{
  g_signal_handlers_disconnect_by_func (window, on_realized, application);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_first_frame), application);
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window)
{
  g_signal_handlers_disconnect_by_func (application, on_window_added, NULL);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realized), application);
}

void
colombe_startup_probe_watch (GtkApplication *application)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));

  if (g_getenv ("COLOMBE_STARTUP_PROBE") != NULL)
    g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), NULL);
}
