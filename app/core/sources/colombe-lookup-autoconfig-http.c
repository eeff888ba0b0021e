/* colombe-lookup-autoconfig-http.c: the provider's two addresses over plain http
 *
 * Some providers still publish their file only over http. Anyone on the
 * path can rewrite such an answer, so it is a fallback: it starts with the
 * others (waiting for the https answers would cost their whole time), its
 * accounts carry the http URL as their origin, and the discovery ranks them
 * below everything but guessing, drops them when an https source answered
 * and marks them when the https lookup of the same host failed on its
 * certificate. colombe-http lets an http address redirect only to https
 * within the same registrable domain.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-autoconfig-http"

#include "config.h"

#include "colombe-lookup-web.h"

/* In Thunderbird's order: autoconfig.<domain> first, then .well-known. */
enum {
  ADDRESS_AUTOCONFIG,
  ADDRESS_WELL_KNOWN,
  N_ADDRESSES
};

typedef struct
{
  GTask        *task;          /* NULL once answered */
  GCancellable *cancellable;   /* stops the other address once one answered */
  GCancellable *parent;
  gulong        cancelled_id;
  GPtrArray    *accounts[N_ADDRESSES];
  GError       *errors[N_ADDRESSES];
  guint         pending;
} Fallback;

typedef struct
{
  Fallback *fallback;
  guint     index;
} Fetch;

static void
fallback_free (Fallback *fallback)
{
  g_assert (fallback->task == NULL);

  if (fallback->parent != NULL)
    g_cancellable_disconnect (fallback->parent, fallback->cancelled_id);
  g_clear_object (&fallback->parent);
  g_clear_object (&fallback->cancellable);
  for (guint i = 0; i < N_ADDRESSES; i++)
    {
      g_clear_pointer (&fallback->accounts[i], g_ptr_array_unref);
      g_clear_error (&fallback->errors[i]);
    }
  g_free (fallback);
}

/* Answers with the accounts of @index, or else its error. */
static void
answer (Fallback *fallback,
        guint     index)
{
  g_autoptr(GTask) task = g_steal_pointer (&fallback->task);

  g_cancellable_cancel (fallback->cancellable);
  if (fallback->accounts[index] != NULL)
    g_task_return_pointer (task, g_steal_pointer (&fallback->accounts[index]),
                           (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&fallback->errors[index]));
}

/* The first address in order that has accounts wins, so a later one is
 * used only once every earlier one has answered without any. */
static void
answer_if_decided (Fallback *fallback)
{
  guint first_error = N_ADDRESSES;

  for (guint i = 0; i < N_ADDRESSES; i++)
    {
      if (fallback->accounts[i] == NULL && fallback->errors[i] == NULL)
        return;
      if (fallback->accounts[i] != NULL && fallback->accounts[i]->len > 0)
        {
          answer (fallback, i);
          return;
        }
      if (fallback->errors[i] != NULL && first_error == N_ADDRESSES)
        first_error = i;
    }

  /* Nothing anywhere: a failure says more than "not found". */
  answer (fallback, first_error < N_ADDRESSES ? first_error : ADDRESS_AUTOCONFIG);
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  Fallback *fallback = fetch->fallback;
  guint index = fetch->index;
  GError *error = NULL;

  g_free (fetch);
  fallback->accounts[index] = colombe_lookup_fetch_config_finish (result, &error);
  if (fallback->accounts[index] == NULL && colombe_lookup_web_nothing_there (error))
    {
      g_debug ("nothing published: %s", error->message);
      g_clear_error (&error);
      fallback->accounts[index] = g_ptr_array_new_with_free_func (g_object_unref);
    }
  fallback->errors[index] = error;

  if (fallback->task != NULL)
    answer_if_decided (fallback);

  if (--fallback->pending == 0)
    fallback_free (fallback);
}

static void
parent_cancelled (GCancellable *parent,
                  GCancellable *child)
{
  g_cancellable_cancel (child);
}

static void
start_fetch (const ColombeLookupQuery *query,
             Fallback                 *fallback,
             guint                     index,
             const char               *url)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->fallback = fallback;
  fetch->index = index;
  g_debug ("GET %s", url);
  colombe_lookup_fetch_config_async (query, url, COLOMBE_SOURCE_AUTOCONFIG_HTTP,
                                     fallback->cancellable, fetch_done, fetch);
}

static void
autoconfig_http_run (const ColombeLookupQuery *query,
                     GTask                    *task)
{
  /* Without ?emailaddress=: over plain http anyone on the way would read
   * who is setting up mail; the domain is all a provider needs here. */
  g_autofree char *autoconfig = colombe_lookup_web_autoconfig_url ("http", query->domain, NULL);
  g_autofree char *well_known = colombe_lookup_web_well_known_url ("http", query->domain, NULL);
  Fallback *fallback = g_new0 (Fallback, 1);

  fallback->task = g_object_ref (task);
  fallback->cancellable = g_cancellable_new ();
  g_set_object (&fallback->parent, g_task_get_cancellable (task));
  if (fallback->parent != NULL)
    fallback->cancelled_id = g_cancellable_connect (fallback->parent,
                                                    G_CALLBACK (parent_cancelled),
                                                    fallback->cancellable, NULL);
  fallback->pending = N_ADDRESSES;

  start_fetch (query, fallback, ADDRESS_AUTOCONFIG, autoconfig);
  start_fetch (query, fallback, ADDRESS_WELL_KNOWN, well_known);
}

const ColombeLookup colombe_lookup_autoconfig_http = {
  .name = "autoconfig-http",
  .provenance = COLOMBE_SOURCE_AUTOCONFIG_HTTP,
  .needs_network = TRUE,
  .timeout_ms = COLOMBE_LOOKUP_WEB_TIMEOUT_MS,
  .run = autoconfig_http_run,
};
