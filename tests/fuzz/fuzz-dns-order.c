/* fuzz-dns-order.c: the order in which MX and SRV answers are tried
 *
 * The input is a list of records: priority, weight and port (two bytes
 * each, network order), a name length and the name, as a resolver would
 * hand them over. The same records are sorted as SRV records and, by
 * their priority and name, as MX records; the sorts must keep every record
 * once, in order (MX by preference; SRV by priority, then the heaviest
 * weight), equal ones in the order of the answer. The best MX host must be
 * a usable host, and no MX record preferred to it usable.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-fuzz.h"
#include "colombe-lookup.h"

#define MAX_RECORDS 200

/* As GResolver gives them: a GList of floating-free GVariants, in answer order. */
static void
read_records (const uint8_t  *data,
              size_t          size,
              GPtrArray      *srv,
              GPtrArray      *mx)
{
  const uint8_t *p = data;
  const uint8_t *end = data + size;

  while (end - p >= 7 && srv->len < MAX_RECORDS)
    {
      guint16 priority = p[0] << 8 | p[1];
      guint16 weight = p[2] << 8 | p[3];
      guint16 port = p[4] << 8 | p[5];
      gsize length = MIN (p[6], (gsize) (end - p - 7));
      g_autofree char *name = g_utf8_make_valid ((const char *) p + 7, length);

      g_ptr_array_add (srv, g_variant_ref_sink (g_variant_new ("(qqqs)", priority, weight,
                                                               port, name)));
      g_ptr_array_add (mx, g_variant_ref_sink (g_variant_new ("(qs)", priority, name)));
      p += 7 + length;
    }
}

static GList *
list_of (GPtrArray *records)
{
  GList *list = NULL;

  for (guint i = records->len; i > 0; i--)
    list = g_list_prepend (list, g_ptr_array_index (records, i - 1));

  return list;
}

static guint
index_in (GPtrArray *records,
          gpointer   record)
{
  guint index;

  g_assert_true (g_ptr_array_find (records, record, &index));
  return index;
}

/* Every record once; and for each neighbour, @before says it may come
 * first, or they compare equal and keep their answer order. */
static void
check_order (GPtrArray *records,
             GList     *sorted,
             int      (*compare) (GVariant *a, GVariant *b))
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_assert_cmpuint (g_list_length (sorted), ==, records->len);
  for (GList *l = sorted; l != NULL; l = l->next)
    {
      g_assert_true (g_hash_table_add (seen, l->data));
      if (l->next == NULL)
        continue;
      g_assert_cmpint (compare (l->data, l->next->data), <=, 0);
      if (compare (l->data, l->next->data) == 0)
        g_assert_cmpuint (index_in (records, l->data), <, index_in (records, l->next->data));
    }
}

static int
compare_mx (GVariant *a,
            GVariant *b)
{
  guint16 first, second;

  g_variant_get (a, "(q&s)", &first, NULL);
  g_variant_get (b, "(q&s)", &second, NULL);
  return (first > second) - (first < second);
}

static int
compare_srv (GVariant *a,
             GVariant *b)
{
  guint16 first_priority, first_weight, second_priority, second_weight;

  g_variant_get (a, "(qqq&s)", &first_priority, &first_weight, NULL, NULL);
  g_variant_get (b, "(qqq&s)", &second_priority, &second_weight, NULL, NULL);
  if (first_priority != second_priority)
    return first_priority < second_priority ? -1 : 1;
  return (first_weight < second_weight) - (first_weight > second_weight);
}

/* The host an MX record names, as the lookup would use it; NULL if unusable. */
static char *
usable_host (GVariant *record)
{
  const char *exchange;
  g_autofree char *host = NULL;

  g_variant_get (record, "(q&s)", NULL, &exchange);
  host = g_ascii_strdown (exchange, -1);
  if (g_str_has_suffix (host, "."))
    host[strlen (host) - 1] = '\0';
  if (host[0] == '\0' || !colombe_hostname_is_valid (host) || g_hostname_is_ip_address (host))
    return NULL;

  return g_steal_pointer (&host);
}

static void
check_best_host (GList *sorted)
{
  g_autofree char *best = colombe_lookup_mx_best_host (sorted);
  guint16 best_preference = G_MAXUINT16;
  gboolean found = FALSE;

  if (best == NULL)
    return;
  g_assert_true (colombe_hostname_is_valid (best));
  g_assert_false (g_hostname_is_ip_address (best));

  for (GList *l = sorted; l != NULL && !found; l = l->next)
    {
      g_autofree char *host = usable_host (l->data);

      if (host != NULL && g_str_equal (host, best))
        {
          g_variant_get (l->data, "(q&s)", &best_preference, NULL);
          found = TRUE;
        }
    }
  g_assert_true (found);

  for (GList *l = sorted; l != NULL; l = l->next)
    {
      g_autofree char *host = usable_host (l->data);
      guint16 preference;

      g_variant_get (l->data, "(q&s)", &preference, NULL);
      g_assert_true (preference >= best_preference || host == NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) srv = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GPtrArray) mx = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  GList *sorted;

  read_records (data, size, srv, mx);

  sorted = colombe_lookup_srv_sort (list_of (srv));
  check_order (srv, sorted, compare_srv);
  g_list_free (sorted);

  sorted = colombe_lookup_mx_sort (list_of (mx));
  check_order (mx, sorted, compare_mx);
  check_best_host (sorted);
  g_list_free (sorted);

  return 0;
}
