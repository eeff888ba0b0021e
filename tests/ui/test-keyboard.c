/* test-keyboard.c: the assistant with the keyboard only
 *
 * Real key presses and wheel clicks (XTest, through the X server, as a
 * person's): every page takes the focus where one acts next and shows
 * it; Tab goes through a page's controls in reading order; Enter goes
 * on; Escape goes back and never selects nor throws away what was typed;
 * the wheel scrolls the page, not the port; no underscore shows.
 *
 * No server: --ispdb-url ftp://x stops each search at once, on the
 * failure page.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "colombe-account-page.h"
#include "colombe-edit-page.h"
#include "colombe-failure-page.h"
#include "colombe-server-editor.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

/* The shared helpers under short names. */
#define child    colombe_test_ui_child
#define press    colombe_test_ui_press
#define focus_in colombe_test_ui_focus_in

#define WINDOW_CHILD(name) child (window, COLOMBE_TYPE_WINDOW, name)
#define ACCOUNT_CHILD(name) child (WINDOW_CHILD ("account_page"), COLOMBE_TYPE_ACCOUNT_PAGE, name)
#define FAILURE_CHILD(name) child (WINDOW_CHILD ("failure_page"), COLOMBE_TYPE_FAILURE_PAGE, name)

static ColombeWindow *
window_new (void)
{
  ColombeWindow *window = g_object_new (COLOMBE_TYPE_WINDOW, "ispdb-url", "ftp://x", NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 640);
  colombe_test_ui_activate (window);
  return window;
}

static const char *
visible_page (ColombeWindow *window)
{
  return gtk_stack_get_visible_child_name (WINDOW_CHILD ("pages"));
}

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static gboolean
selected (gpointer editable)
{
  return gtk_editable_get_selection_bounds (GTK_EDITABLE (editable), NULL, NULL);
}

/* Tab until the focus is on the button for @action (at most @limit Tabs). */
static GtkWidget *
tab_to_action (ColombeWindow *window,
               const char    *action,
               guint          limit)
{
  for (guint i = 0; i < limit; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      if (GTK_IS_ACTIONABLE (focus) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), action) == 0)
        return focus;
      press (window, GDK_KEY_Tab, 0);
    }

  g_assert_not_reached ();
}

/* Screen 1 filled in, then Enter: the failure page, at once. */
static void
reach_failure (ColombeWindow *window)
{
  gtk_editable_set_text (ACCOUNT_CHILD ("name_row"), "Zoé");
  gtk_editable_set_text (ACCOUNT_CHILD ("address_row"), "zoe@example.org");
  gtk_editable_set_text (ACCOUNT_CHILD ("password_row"), "secret");
  g_assert_true (focus_in (window, ACCOUNT_CHILD ("name_row")));
  press (window, GDK_KEY_Return, 0);
  g_assert_cmpstr (visible_page (window), ==, "failure");
}

/* Screen 1: the name field has the focus; what is typed stays through
 * Escape; Tab walks the fields in order; Shift+Tab comes back. */
static void
test_account_page (void)
{
  ColombeWindow *window = window_new ();
  GtkWidget *name = ACCOUNT_CHILD ("name_row");

  g_assert_true (focus_in (window, name));
  colombe_test_ui_type (window, "zoe");
  g_assert_cmpstr (text_of (name), ==, "zoe");

  /* Escape: nothing to go back to; nothing selected, the next key adds. */
  press (window, GDK_KEY_Escape, 0);
  g_assert_cmpstr (visible_page (window), ==, "account");
  g_assert_true (focus_in (window, name));
  g_assert_false (selected (name));
  colombe_test_ui_type (window, "x");
  g_assert_cmpstr (text_of (name), ==, "zoex");

  press (window, GDK_KEY_Tab, 0);
  g_assert_true (focus_in (window, ACCOUNT_CHILD ("address_row")));
  press (window, GDK_KEY_Tab, 0);
  g_assert_true (focus_in (window, ACCOUNT_CHILD ("password_row")));
  colombe_test_ui_type (window, "secret");
  press (window, GDK_KEY_Escape, 0);
  g_assert_cmpstr (text_of (ACCOUNT_CHILD ("password_row")), ==, "secret");
  g_assert_true (focus_in (window, ACCOUNT_CHILD ("password_row")));
  g_assert_false (selected (ACCOUNT_CHILD ("password_row")));

  press (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  press (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (focus_in (window, name));
  g_assert_cmpuint (colombe_test_ui_assert_tab_walks (window, WINDOW_CHILD ("account_page")), >=, 3);

  colombe_test_ui_destroy_window (window);
}

/* The address is judged when left or on Enter, not while typed; Enter on
 * a wrong one keeps the focus there; the error goes as soon as it is right. */
static void
test_address_error (void)
{
  ColombeWindow *window = window_new ();
  GtkWidget *address = ACCOUNT_CHILD ("address_row");
  GtkWidget *error = ACCOUNT_CHILD ("address_error");

  press (window, GDK_KEY_Tab, 0);
  g_assert_true (focus_in (window, address));
  gtk_editable_set_text (GTK_EDITABLE (address), "zoe.example.org");
  g_assert_false (gtk_widget_get_visible (error));

  press (window, GDK_KEY_Return, 0);
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_true (focus_in (window, address));
  g_assert_cmpstr (text_of (address), ==, "zoe.example.org");
  g_assert_false (selected (address));

  gtk_editable_set_text (GTK_EDITABLE (address), "zoe@example.org");
  g_assert_false (gtk_widget_get_visible (error));
  gtk_editable_set_text (GTK_EDITABLE (address), "zoe@");
  g_assert_false (gtk_widget_get_visible (error));

  /* Leaving the field judges it. */
  press (window, GDK_KEY_Tab, 0);
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_true (focus_in (window, ACCOUNT_CHILD ("password_row")));

  colombe_test_ui_destroy_window (window);
}

static void
count_search (GtkStack *pages,
              GParamSpec *pspec,
              guint      *searches)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (pages), "search") == 0)
    (*searches)++;
}

/* The failure page: the focus in the password, shown, what was typed
 * kept; from the header Tab reaches it first; Tab then reaches Try
 * Again; Enter tries again; Escape goes back to screen 1, all kept. */
static void
test_failure_page (void)
{
  ColombeWindow *window = window_new ();
  GtkWidget *password = FAILURE_CHILD ("password_row");
  guint searches = 0;

  reach_failure (window);
  g_assert_true (focus_in (window, password));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  g_assert_cmpstr (text_of (password), ==, "secret");
  g_assert_false (selected (password));

  g_signal_connect (WINDOW_CHILD ("pages"), "notify::visible-child", G_CALLBACK (count_search),
                    &searches);
  press (window, GDK_KEY_Return, 0);
  g_assert_cmpuint (searches, ==, 1);
  g_assert_cmpstr (visible_page (window), ==, "failure");
  g_assert_true (focus_in (window, password));

  /* From the header (where the focus used to be stuck), past the window's
   * own buttons, the first control of the page is the password. */
  gtk_widget_grab_focus (WINDOW_CHILD ("back_button"));
  for (guint i = 0; i < 4 && !focus_in (window, WINDOW_CHILD ("failure_page")); i++)
    press (window, GDK_KEY_Tab, 0);
  g_assert_true (focus_in (window, password));
  while (focus_in (window, password))
    press (window, GDK_KEY_Tab, 0);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (gtk_root_get_focus (GTK_ROOT (window)))),
                   ==, "win.retry");
  press (window, GDK_KEY_Return, 0);
  g_assert_cmpuint (searches, ==, 2);

  g_assert_cmpuint (colombe_test_ui_assert_tab_walks (window, WINDOW_CHILD ("failure_page")), >=, 3);

  press (window, GDK_KEY_Escape, 0);
  g_assert_cmpstr (visible_page (window), ==, "account");
  g_assert_cmpstr (text_of (ACCOUNT_CHILD ("name_row")), ==, "Zoé");
  g_assert_cmpstr (text_of (ACCOUNT_CHILD ("address_row")), ==, "zoe@example.org");
  g_assert_true (focus_in (window, ACCOUNT_CHILD ("address_row")));
  g_assert_false (selected (ACCOUNT_CHILD ("address_row")));

  g_signal_handlers_disconnect_by_func (WINDOW_CHILD ("pages"), count_search, &searches);
  colombe_test_ui_destroy_window (window);
}

static gpointer
incoming_child (ColombeWindow *window,
                const char    *name)
{
  gpointer editor = child (WINDOW_CHILD ("edit_page"), COLOMBE_TYPE_EDIT_PAGE, "incoming_editor");

  return child (editor, COLOMBE_TYPE_SERVER_EDITOR, name);
}

/* Edit Settings by the keyboard: Tab walks it; Escape goes back to the
 * failure page, and coming back finds the edits. */
static void
test_edit_page (void)
{
  ColombeWindow *window = window_new ();

  reach_failure (window);
  tab_to_action (window, "win.edit", 10);
  press (window, GDK_KEY_Return, 0);
  g_assert_cmpstr (visible_page (window), ==, "edit");
  g_assert_true (focus_in (window, WINDOW_CHILD ("edit_page")));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
  g_assert_cmpuint (colombe_test_ui_assert_tab_walks (window, WINDOW_CHILD ("edit_page")), >=, 8);

  gtk_editable_set_text (incoming_child (window, "host_row"), "courriel.example.org");
  gtk_spin_button_set_value (incoming_child (window, "port_button"), 143);
  gtk_widget_grab_focus (incoming_child (window, "host_row"));
  press (window, GDK_KEY_Escape, 0);
  g_assert_cmpstr (visible_page (window), ==, "failure");

  tab_to_action (window, "win.edit", 10);
  press (window, GDK_KEY_Return, 0);
  g_assert_cmpstr (visible_page (window), ==, "edit");
  g_assert_cmpstr (text_of (incoming_child (window, "host_row")), ==, "courriel.example.org");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (incoming_child (window, "port_button")), ==, 143);

  colombe_test_ui_destroy_window (window);
}

/* The wheel over the port scrolls the page; the port changes only once
 * it has the focus. */
static void
test_port_wheel (void)
{
  ColombeWindow *window = window_new ();
  GtkSpinButton *port;
  GtkAdjustment *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 420);
  reach_failure (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit", NULL);
  port = incoming_child (window, "port_button");
  page = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (port), GTK_TYPE_SCROLLED_WINDOW)));
  colombe_test_ui_spin (200);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (port), ==, 993);
  g_assert_false (focus_in (window, port));

  colombe_test_ui_scroll (port, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (port), ==, 993);
  g_assert_cmpfloat (gtk_adjustment_get_value (page), >, 0);

  gtk_adjustment_set_value (page, 0);
  colombe_test_ui_spin (100);
  gtk_widget_grab_focus (GTK_WIDGET (port));
  colombe_test_ui_scroll (port, -1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (port), !=, 993);

  colombe_test_ui_destroy_window (window);
}

/* "_" then a letter, in a word that is not a file's path ("account_NN"
 * in ~/.config/geary/account_NN is one). */
static gboolean
shows_mnemonic (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *underscore = strchr (words[i], '_');

      if (underscore != NULL && strchr (words[i], '/') == NULL &&
          g_unichar_isalpha (g_utf8_get_char (underscore + 1)))
        return TRUE;
    }

  return FALSE;
}

/* A label with a mnemonic shows its underscore unless it uses it. */
static void
assert_no_underscore (GtkWidget *widget)
{
  const char *text = NULL;
  gboolean underline = FALSE;

  if (GTK_IS_LABEL (widget))
    {
      text = gtk_label_get_label (GTK_LABEL (widget));
      underline = gtk_label_get_use_underline (GTK_LABEL (widget));
    }
  else if (GTK_IS_BUTTON (widget))
    {
      text = gtk_button_get_label (GTK_BUTTON (widget));
      underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
    }

  if (!underline && text != NULL && shows_mnemonic (text))
    g_error ("%s shows an underscore: “%s”", G_OBJECT_TYPE_NAME (widget), text);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    assert_no_underscore (c);
}

/* Every page (the stack holds them all), with every failure's button. */
static void
test_no_underscore (void)
{
  ColombeWindow *window = window_new ();
  const char *fixes[] = { "Open the _App Password Page", "Check the _Certificate…",
                          "Send _Without Encryption…" };

  for (gsize i = 0; i < G_N_ELEMENTS (fixes); i++)
    {
      colombe_failure_page_set_fix (WINDOW_CHILD ("failure_page"), fixes[i], NULL);
      assert_no_underscore (GTK_WIDGET (window));
    }

  colombe_test_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/keyboard/account-page", test_account_page);
  g_test_add_func ("/keyboard/address-error", test_address_error);
  g_test_add_func ("/keyboard/failure-page", test_failure_page);
  g_test_add_func ("/keyboard/edit-page", test_edit_page);
  g_test_add_func ("/keyboard/port-wheel", test_port_wheel);
  g_test_add_func ("/keyboard/no-underscore", test_no_underscore);

  return g_test_run ();
}
