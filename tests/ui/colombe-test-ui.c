/* colombe-test-ui.c: what the window tests and the screenshots share to drive a real window
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "colombe-test-ui.h"

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

/* A template child, by the name its class binds it under. */
gpointer
colombe_test_ui_child (gpointer    widget,
                       GType       type,
                       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

/* Iterates the main context for @ms milliseconds, without blocking in it. */
void
colombe_test_ui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

gboolean
colombe_test_ui_spin_until (gboolean (*done) (void),
                            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done () && g_get_monotonic_time () < deadline)
    colombe_test_ui_spin (10);
  return done ();
}

GtkWidget *
colombe_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

/* Destroys the assistant's @window, lets what it cancelled finish (a
 * callback may hold it a moment longer), then checks that nothing else
 * keeps it, nor any of its pages: no leaked reference. */
void
colombe_test_ui_destroy_window (gpointer window)
{
  const char *pages[] = { "account_page", "search_page", "failure_page", "edit_page",
                          "ready_page" };
  GObject *kept[G_N_ELEMENTS (pages)];
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    kept[i] = g_object_ref (colombe_test_ui_child (window, G_OBJECT_TYPE (window), pages[i]));
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (G_OBJECT (window)->ref_count > 1 && g_get_monotonic_time () < deadline)
    colombe_test_ui_spin (10);

  g_assert_finalize_object (window);
  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    g_assert_finalize_object (kept[i]);
}

/* The X display of @widget, where XTest makes real key and button events:
 * they go through GTK as a person's would (focus ring, shortcuts, bindings). */
static Display *
xdisplay (gpointer widget)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (widget));

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/* Until the X server has sent them and GTK has handled them. */
static void
settle (Display *display)
{
  XSync (display, False);
  colombe_test_ui_spin (60);
}

/* @window on top with the keyboard focus: XTest keys go where X's focus is. */
void
colombe_test_ui_activate (gpointer window)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_window_is_active (GTK_WINDOW (window)) && g_get_monotonic_time () < deadline)
    colombe_test_ui_spin (10);
  g_assert_true (gtk_window_is_active (GTK_WINDOW (window)));
}

static void
fake_key (Display *display,
          guint    keyval,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (display, keyval);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (display, code, press, CurrentTime);
}

/* @keyval pressed and released in @window, Shift held with GDK_SHIFT_MASK. */
void
colombe_test_ui_press (gpointer        window,
                       guint           keyval,
                       GdkModifierType modifiers)
{
  Display *display = xdisplay (window);

  colombe_test_ui_activate (window);
  if (modifiers & GDK_SHIFT_MASK)
    fake_key (display, GDK_KEY_Shift_L, TRUE);
  fake_key (display, keyval, TRUE);
  fake_key (display, keyval, FALSE);
  if (modifiers & GDK_SHIFT_MASK)
    fake_key (display, GDK_KEY_Shift_L, FALSE);
  settle (display);
}

/* @text typed key by key: lower-case letters and digits only. */
void
colombe_test_ui_type (gpointer    window,
                      const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      g_assert_true (g_ascii_islower (*c) || g_ascii_isdigit (*c));
      colombe_test_ui_press (window, gdk_unicode_to_keyval (*c), 0);
    }
}

/* @clicks of the mouse wheel (down when positive) over the middle of @widget. */
void
colombe_test_ui_scroll (gpointer widget,
                        int      clicks)
{
  Display *display = xdisplay (widget);
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (widget));
  graphene_point_t middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                 gtk_widget_get_height (widget) / 2.0);
  graphene_point_t in_native;
  double dx, dy;
  int x, y;
  Window unused;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &middle, &in_native));
  gtk_native_get_surface_transform (native, &dx, &dy);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                         DefaultRootWindow (display), in_native.x + dx, in_native.y + dy,
                         &x, &y, &unused);
  XTestFakeMotionEvent (display, -1, x, y, CurrentTime);
  settle (display);
  for (int i = 0; i < ABS (clicks); i++)
    {
      /* X's buttons 4 and 5: the wheel up and down */
      XTestFakeButtonEvent (display, clicks > 0 ? 5 : 4, True, CurrentTime);
      XTestFakeButtonEvent (display, clicks > 0 ? 5 : 4, False, CurrentTime);
      settle (display);
    }
}

/* The focus is @widget or inside it. */
gboolean
colombe_test_ui_focus_in (gpointer window,
                          gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Where @widget stands in reading order on @page: the top of its row (a
 * list row holds a field and its buttons on one line), then its left.
 * Measured inside what scrolls, when the page scrolls: a Tab that brings a
 * control into view moves everything while the view glides there, and
 * two controls of one row would seem to stand at different heights. */
static void
reading_position (GtkWidget *widget,
                  GtkWidget *page,
                  double    *top,
                  double    *left)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *viewport = gtk_widget_get_ancestor (widget, GTK_TYPE_VIEWPORT);
  GtkWidget *content = viewport != NULL && gtk_widget_is_ancestor (viewport, page)
                       ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : page;
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (row != NULL ? row : widget, content, &bounds));
  *top = bounds.origin.y;
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  *left = bounds.origin.x;
}

/* From the focus, in @page, Tab after Tab: each moves to another control
 * of the page, after the last in reading order, with the focus ring shown,
 * until the focus leaves the page or comes round to where it started.
 * Returns how many controls it met. */
guint
colombe_test_ui_assert_tab_walks (gpointer window,
                                  gpointer page)
{
  GtkWidget *first = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *previous = first;
  double previous_top, previous_left;
  guint stops = 1;

  g_assert_true (colombe_test_ui_focus_in (window, page));
  reading_position (previous, page, &previous_top, &previous_left);
  for (guint i = 0; i < 80; i++)
    {
      GtkWidget *focus;
      double top, left;

      colombe_test_ui_press (window, GDK_KEY_Tab, 0);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_true (focus != previous);
      g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
      /* out to the header, or round to the start (nothing else on screen 1) */
      if (!colombe_test_ui_focus_in (window, page) || focus == first)
        return stops;

      reading_position (focus, page, &top, &left);
      g_test_message ("Tab: %s at %.0f, %.0f", G_OBJECT_TYPE_NAME (focus), left, top);
      g_assert_true (top > previous_top + 0.5 ||
                     (ABS (top - previous_top) <= 0.5 && left > previous_left));
      previous = focus;
      previous_top = top;
      previous_left = left;
      stops++;
    }

  g_assert_not_reached ();
}
