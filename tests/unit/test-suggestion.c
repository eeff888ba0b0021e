/* test-suggestion.c: "did you mean …@gmail.com?", and never for a right domain
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "colombe-client-config.h"
#include "colombe-provider-db.h"
#include "colombe-suggestion.h"

static const struct { const char *typed; const char *meant; } mistakes[] = {
  { "benevole@gmial.com", "benevole@gmail.com" },     /* two letters swapped */
  { "benevole@gmai.com", "benevole@gmail.com" },      /* one missing */
  { "benevole@gmaill.com", "benevole@gmail.com" },    /* one too many */
  { "benevole@gmail.fr", "benevole@gmail.com" },      /* the ending it does not use */
  { "benevole@gmail.con", "benevole@gmail.com" },     /* an ending that is none */
  { "benevole@gmail.co", "benevole@gmail.com" },
  { "benevole@gmailcom", "benevole@gmail.com" },      /* the dot forgotten */
  { "benevole@hotmial.fr", "benevole@hotmail.fr" },
  { "benevole@hotmial.com", "benevole@hotmail.com" },
  { "benevole@orange.ff", "benevole@orange.fr" },
  { "benevole@oragne.fr", "benevole@orange.fr" },
  { "benevole@wanadoo.com", "benevole@wanadoo.fr" },
  { "benevole@wanado.fr", "benevole@wanadoo.fr" },
  { "benevole@laposte.fr", "benevole@laposte.net" },
  { "benevole@lapost.net", "benevole@laposte.net" },
  { "benevole@yaho.fr", "benevole@yahoo.fr" },
  { "benevole@outlok.fr", "benevole@outlook.fr" },
  { "Jean.Dupont@GMIAL.COM", "Jean.Dupont@gmail.com" },  /* the local part's case kept */
  { "  jean@gmial.com ", "jean@gmail.com" },             /* pasted with spaces */
};

/* Domains that are right: their own, or real ones close to a known one. */
static const char * const right[] = {
  "benevole@gmail.com", "benevole@orange.fr", "benevole@laposte.net", "benevole@free.fr",
  "benevole@hotmail.fr", "benevole@sfr.fr", "benevole@orange.be", "benevole@gmx.de",
  "benevole@yahoo.co.uk", "benevole@me.com", "benevole@mail.fr", "benevole@asso-velo.fr",
  "benevole@example.org", "benevole@univ-lyon1.fr", "benevole@orange.com", "benevole@aol.fr",
  "benevole@gmail.com.", "benevole@sfrr.fr", "benevole@exemple-été.fr", "benevole@",
  "benevole", "@gmial.com", "",
};

static void
test_mistakes (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *meant = colombe_suggest_address (mistakes[i].typed);

      g_test_message ("%s → %s", mistakes[i].typed, meant);
      g_assert_cmpstr (meant, ==, mistakes[i].meant);
    }
}

static void
test_right (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (right); i++)
    {
      g_autofree char *meant = colombe_suggest_address (right[i]);

      g_test_message ("%s → %s", right[i], meant);
      g_assert_null (meant);
    }
}

/* No domain of the built-in database is taken for another's slip. */
static void
test_builtin_domains (void)
{
  g_autoptr(GPtrArray) providers = colombe_provider_db_list (colombe_provider_db_get_default ());

  for (guint i = 0; i < providers->len; i++)
    {
      const char * const *domains = colombe_client_config_get_domains (g_ptr_array_index (providers, i));

      for (gsize d = 0; domains[d] != NULL; d++)
        {
          g_autofree char *address = g_strconcat ("benevole@", domains[d], NULL);
          g_autofree char *meant = colombe_suggest_address (address);

          g_assert_null (meant);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/suggestion/mistakes", test_mistakes);
  g_test_add_func ("/suggestion/right", test_right);
  g_test_add_func ("/suggestion/builtin-domains", test_builtin_domains);

  return g_test_run ();
}
