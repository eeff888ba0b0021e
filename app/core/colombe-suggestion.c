/* colombe-suggestion.c: the address a person probably meant
 *
 * A volunteer who types "gmial.com" gets "no settings" from every source,
 * and nothing tells them why. Before any lookup, the domain is compared
 * with the domains people type most: a letter off or two swapped in the
 * name, a mistyped ending that is no real one ("orange.ff", "gmail.con"),
 * a missing dot, or a known confusion ("laposte.fr" for "laposte.net").
 * A real ending is never "corrected" ("orange.be" stays), and neither is
 * a short name, where one letter makes another real domain.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-suggestion"

#include "config.h"

#include <string.h>

#include "colombe-client-config.h"
#include "colombe-provider-db.h"
#include "colombe-suggestion.h"

#define NO_MATCH G_MAXUINT

/* The domains French-speaking volunteers type most, the most common first
 * (it wins a tie); the built-in database's domains follow. */
static const char * const common_domains[] = {
  "gmail.com", "orange.fr", "wanadoo.fr", "free.fr", "hotmail.fr", "hotmail.com",
  "laposte.net", "sfr.fr", "yahoo.fr", "yahoo.com", "outlook.fr", "outlook.com", "live.fr",
  "live.com", "msn.com", "icloud.com", "me.com", "neuf.fr", "aol.com", "aol.fr", "gmx.fr",
  "gmx.com", "gmx.net", "protonmail.com", "proton.me", "bbox.fr", "numericable.fr",
  "club-internet.fr", "cegetel.net", "aliceadsl.fr", "libertysurf.fr", "voila.fr",
};

/* Not typing mistakes: the other ending the provider does not use. */
static const struct { const char *typed; const char *meant; } confusions[] = {
  { "laposte.fr", "laposte.net" }, { "laposte.com", "laposte.net" },
  { "wanadoo.com", "wanadoo.fr" },
  { "gmail.fr", "gmail.com" }, { "free.com", "free.fr" }, { "sfr.com", "sfr.fr" },
  { "icloud.fr", "icloud.com" }, { "hotmail.net", "hotmail.com" },
};

/* Endings that exist: one of them is what the person meant, not a slip. */
static const char * const real_endings[] = {
  "com", "net", "org", "fr", "be", "ch", "ca", "lu", "mc", "de", "es", "it", "uk", "eu", "pf",
  "nc", "re", "gp", "mq", "gf", "yt", "pm", "wf", "info", "io", "me", "biz", "asso", "bzh",
};

#define MAX_COMPARED 64

/* Optimal string alignment distance: insertions, deletions, changes and
 * swaps of two neighbours each cost one ("gmial" is one from "gmail"). */
static guint
distance (const char *a,
          const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint d[MAX_COMPARED + 1][MAX_COMPARED + 1];

  if (la > MAX_COMPARED || lb > MAX_COMPARED)
    return NO_MATCH;

  for (gsize i = 0; i <= la; i++)
    d[i][0] = i;
  for (gsize j = 0; j <= lb; j++)
    d[0][j] = j;

  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint change = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

        d[i][j] = MIN (MIN (d[i - 1][j] + 1, d[i][j - 1] + 1), change);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          d[i][j] = MIN (d[i][j], d[i - 2][j - 2] + 1);
      }

  return d[la][lb];
}

static gboolean
is_real_ending (const char *ending)
{
  for (gsize i = 0; i < G_N_ELEMENTS (real_endings); i++)
    if (g_str_equal (ending, real_endings[i]))
      return TRUE;

  return FALSE;
}

static char *
without_dots (const char *domain)
{
  GString *out = g_string_new (NULL);

  for (const char *p = domain; *p != '\0'; p++)
    if (*p != '.')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* How far @typed is from @known, or NO_MATCH when too far to suggest. */
static guint
cost (const char *typed,
      const char *known)
{
  g_autofree char *known_name = NULL;
  g_autofree char *typed_name = NULL;
  g_autofree char *flat = NULL;
  const char *known_dot = strrchr (known, '.');
  const char *typed_dot = strrchr (typed, '.');
  guint name_distance;

  flat = without_dots (known);
  if (typed_dot == NULL)
    return g_str_equal (typed, flat) ? 1 : NO_MATCH;

  known_name = g_strndup (known, known_dot - known);
  typed_name = g_strndup (typed, typed_dot - typed);

  if (g_str_equal (typed_dot, known_dot))
    {
      name_distance = distance (typed_name, known_name);
      if (name_distance == 1 && strlen (known_name) >= 4)
        return 1;
      if (name_distance == 2 && strlen (known_name) >= 7)
        return 2;
      return NO_MATCH;
    }

  if (g_str_equal (typed_name, known_name) && !is_real_ending (typed_dot + 1) &&
      distance (typed_dot + 1, known_dot + 1) <= 1)
    return 1;

  return NO_MATCH;
}

/* Every domain compared with, common ones first, each once. */
static GPtrArray *
known_domains (void)
{
  GPtrArray *known = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) providers = colombe_provider_db_list (colombe_provider_db_get_default ());

  for (gsize i = 0; i < G_N_ELEMENTS (common_domains); i++)
    if (g_hash_table_add (seen, (gpointer) common_domains[i]))
      g_ptr_array_add (known, (gpointer) common_domains[i]);

  for (guint i = 0; i < providers->len; i++)
    {
      const char * const *domains = colombe_client_config_get_domains (g_ptr_array_index (providers, i));

      for (gsize d = 0; domains != NULL && domains[d] != NULL; d++)
        if (g_hash_table_add (seen, (gpointer) domains[d]))
          g_ptr_array_add (known, (gpointer) domains[d]);
    }

  return known;
}

static const char *
find_meant (const char *domain)
{
  g_autoptr(GPtrArray) known = known_domains ();
  const char *best = NULL;
  guint best_cost = NO_MATCH;

  for (guint i = 0; i < known->len; i++)
    if (g_str_equal (domain, g_ptr_array_index (known, i)))
      return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (confusions); i++)
    if (g_str_equal (domain, confusions[i].typed))
      return confusions[i].meant;

  for (guint i = 0; i < known->len; i++)
    {
      guint c = cost (domain, g_ptr_array_index (known, i));

      if (c < best_cost)
        {
          best_cost = c;
          best = g_ptr_array_index (known, i);
        }
    }

  return best;
}

char *
colombe_suggest_address (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *domain = NULL;
  const char *at;
  const char *meant;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  at = strrchr (trimmed, '@');
  if (at == NULL || at == trimmed || at[1] == '\0')
    return NULL;

  /* A domain in another script is nobody's slip on these. */
  for (const char *p = at + 1; *p != '\0'; p++)
    if ((guchar) *p >= 0x80 || g_ascii_isspace (*p))
      return NULL;

  domain = g_ascii_strdown (at + 1, -1);
  if (g_str_has_suffix (domain, "."))
    domain[strlen (domain) - 1] = '\0';
  if (!(meant = find_meant (domain)))
    return NULL;

  return g_strdup_printf ("%.*s@%s", (int) (at - trimmed), trimmed, meant);
}
