/* test-did-you-mean.c: "Did you mean …@gmail.com?" on screen 1, before any lookup
 *
 * A mistyped well-known domain gets its correction beside the address
 * when the field is left, or on Continue, and a button that fixes it; a
 * correct domain never does. The window's ISPDB address is refused at
 * once, so going on ends on the failure page without touching a network.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "colombe-account-page.h"
#include "colombe-test-ui.h"
#include "colombe-window.h"

#define child colombe_test_ui_child
#define spin  colombe_test_ui_spin

static ColombeWindow *window;

#define PAGE() child (window, COLOMBE_TYPE_WINDOW, "account_page")
#define PAGE_CHILD(name) child (PAGE (), COLOMBE_TYPE_ACCOUNT_PAGE, name)

static const char *
visible_page (void)
{
  return gtk_stack_get_visible_child_name (child (window, COLOMBE_TYPE_WINDOW, "pages"));
}

static void
fill (const char *address)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL);
  g_assert_cmpstr (visible_page (), ==, "account");
  gtk_editable_set_text (PAGE_CHILD ("name_row"), "Bénévole");
  gtk_editable_set_text (PAGE_CHILD ("password_row"), "secret");
  gtk_editable_set_text (PAGE_CHILD ("address_row"), address);
}

/* The person types the address, then goes on to the password. */
static void
type_and_leave (const char *address)
{
  fill (address);
  gtk_widget_grab_focus (PAGE_CHILD ("address_row"));
  spin (20);
  g_assert_false (gtk_widget_get_visible (PAGE_CHILD ("suggestion_box")));
  gtk_widget_grab_focus (PAGE_CHILD ("password_row"));
  spin (20);
}

static const char *
suggestion_shown (void)
{
  if (!gtk_widget_get_visible (PAGE_CHILD ("suggestion_box")))
    return NULL;
  return gtk_label_get_label (PAGE_CHILD ("suggestion_label"));
}

typedef struct
{
  const char *typed;
  const char *meant;
} Mistake;

static const Mistake mistakes[] = {
  { "benevole@gmial.com", "benevole@gmail.com" },
  { "benevole@hotmial.fr", "benevole@hotmail.fr" },
  { "benevole@orange.ff", "benevole@orange.fr" },
  { "benevole@laposte.fr", "benevole@laposte.net" },
};

/* Leaving the field: the sentence, then the button puts the address right. */
static void
test_suggested_on_leave (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *sentence = g_strdup_printf ("Did you mean %s?", mistakes[i].meant);

      g_test_message ("%s", mistakes[i].typed);
      type_and_leave (mistakes[i].typed);
      g_assert_cmpstr (suggestion_shown (), ==, sentence);

      gtk_widget_activate_action (PAGE (), "account.use-suggestion", NULL);
      g_assert_cmpstr (gtk_editable_get_text (PAGE_CHILD ("address_row")), ==, mistakes[i].meant);
      g_assert_null (suggestion_shown ());
      g_assert_cmpstr (visible_page (), ==, "account");
    }
}

/* Corrected by hand, the suggestion goes with the mistake. */
static void
test_suggestion_follows_text (void)
{
  type_and_leave ("benevole@gmial.com");
  g_assert_nonnull (suggestion_shown ());
  gtk_editable_set_text (PAGE_CHILD ("address_row"), "benevole@gmail.com");
  g_assert_null (suggestion_shown ());
}

/* Enter without leaving the field: the first Continue stops on screen 1
 * with the suggestion (no lookup started), the second goes on as typed. */
static void
test_suggested_before_lookup (void)
{
  fill ("benevole@gmial.com");
  g_signal_emit_by_name (PAGE_CHILD ("password_row"), "entry-activated");
  g_assert_cmpstr (visible_page (), ==, "account");
  g_assert_cmpstr (suggestion_shown (), ==, "Did you mean benevole@gmail.com?");

  g_signal_emit_by_name (PAGE_CHILD ("password_row"), "entry-activated");
  g_assert_cmpstr (visible_page (), ==, "failure");
}

/* A correct domain, a provider's or an association's own, never. */
static void
test_correct_domain (void)
{
  const char *correct[] = { "benevole@gmail.com", "contact@amis-du-velo-lyon.fr",
                            "benevole@laposte.net", "tresorier@asso.example.org" };

  for (gsize i = 0; i < G_N_ELEMENTS (correct); i++)
    {
      g_test_message ("%s", correct[i]);
      type_and_leave (correct[i]);
      g_assert_null (suggestion_shown ());

      /* Continue goes straight on. */
      g_signal_emit_by_name (PAGE_CHILD ("password_row"), "entry-activated");
      g_assert_cmpstr (visible_page (), ==, "failure");
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = g_object_new (COLOMBE_TYPE_WINDOW, "ispdb-url", "ftp://nothing", NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  g_test_add_func ("/did-you-mean/on-leave", test_suggested_on_leave);
  g_test_add_func ("/did-you-mean/follows-text", test_suggestion_follows_text);
  g_test_add_func ("/did-you-mean/before-lookup", test_suggested_before_lookup);
  g_test_add_func ("/did-you-mean/correct-domain", test_correct_domain);

  status = g_test_run ();
  colombe_test_ui_destroy_window (window);
  return status;
}
