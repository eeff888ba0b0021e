/* colombe-bench-sequential.c: one lookup after another, with Thunderbird's timeouts
 *
 * The strategy Colombe is measured against: the provider's URLs one after
 * another (https autoconfig, https .well-known, then both over http),
 * 5 s each; then the ISPDB, 10 s; then the MX records (looked up; the
 * benchmark's worlds have none to follow); then guessing as Thunderbird's
 * GuessConfig does (colombe-bench-guess.c). The first step that answers
 * ends it. The timeouts are Thunderbird's published ones; Thunderbird
 * itself runs its provider, ISPDB and MX lookups side by side, so this is
 * its worst case, not a copy of it.
 *
 * It fetches with the core's bounded GET (colombe-http.h), as Colombe's
 * own sources do, and reads the files with the core's clientConfig reader.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-bench-sequential"

#include <string.h>

#include "colombe-bench-guess.h"
#include "colombe-bench-sequential.h"
#include "colombe-client-config.h"
#include "colombe-http.h"
#include "colombe-server.h"

#define PROVIDER_TIMEOUT_MS 5000
#define ISPDB_TIMEOUT_MS 10000

typedef enum
{
  STEP_HTTPS_AUTOCONFIG,
  STEP_HTTPS_WELL_KNOWN,
  STEP_HTTP_AUTOCONFIG,
  STEP_HTTP_WELL_KNOWN,
  STEP_ISPDB,
  STEP_MX,
  STEP_GUESS,
} Step;

/* The provider's own URLs, in Thunderbird's order */
static const struct
{
  const char *name;
  const char *scheme;
  const char *host_prefix;   /* before the domain */
  const char *path;
} provider_urls[] = {
  [STEP_HTTPS_AUTOCONFIG] = { "https autoconfig", "https", "autoconfig.", "/mail/config-v1.1.xml" },
  [STEP_HTTPS_WELL_KNOWN] = { "https well-known", "https", "",
                              "/.well-known/autoconfig/mail/config-v1.1.xml" },
  [STEP_HTTP_AUTOCONFIG] = { "http autoconfig", "http", "autoconfig.", "/mail/config-v1.1.xml" },
  [STEP_HTTP_WELL_KNOWN] = { "http well-known", "http", "",
                             "/.well-known/autoconfig/mail/config-v1.1.xml" },
};

typedef struct
{
  char         *address;
  char         *domain;
  char         *ispdb_url;
  GTlsDatabase *database;
  SoupSession  *session;
  Step          step;
  GCancellable *fetch;       /* the current fetch's; its timer cancels it */
  GSource      *timer;
} Sequential;

static void run_step (GTask *task);

static void
sequential_free (Sequential *sequential)
{
  g_assert (sequential->timer == NULL);
  g_free (sequential->address);
  g_free (sequential->domain);
  g_free (sequential->ispdb_url);
  g_clear_object (&sequential->database);
  g_clear_object (&sequential->session);
  g_clear_object (&sequential->fetch);
  g_free (sequential);
}

static void
next_step (GTask *task)
{
  Sequential *sequential = g_task_get_task_data (task);

  sequential->step++;
  run_step (task);
}

static char *
first_server (GPtrArray *servers)
{
  ColombeServer *server;

  if (servers->len == 0)
    return NULL;
  server = g_ptr_array_index (servers, 0);
  return colombe_bench_server_format (colombe_server_get_protocol (server),
                                      colombe_server_get_host (server),
                                      colombe_server_get_port (server),
                                      colombe_server_get_security (server));
}

/* A clientConfig with both sides ends the search */
static gboolean
answer_from_config (GTask  *task,
                    GBytes *body,
                    const char *name)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autofree char *incoming = NULL;
  g_autofree char *outgoing = NULL;

  config = colombe_client_config_new_from_data (data, size, name, NULL);
  if (config == NULL)
    return FALSE;
  incoming = first_server (colombe_client_config_get_incoming (config));
  outgoing = first_server (colombe_client_config_get_outgoing (config));
  if (incoming == NULL || outgoing == NULL)
    return FALSE;
  g_task_return_pointer (task, colombe_bench_answer_new (incoming, outgoing, name),
                         (GDestroyNotify) colombe_bench_answer_free);
  return TRUE;
}

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  Sequential *sequential = g_task_get_task_data (task);
  g_autoptr(GBytes) body = colombe_http_get_finish (result, NULL, NULL);
  const char *name = sequential->step == STEP_ISPDB ? "ispdb"
                     : provider_urls[sequential->step].name;

  if (sequential->timer != NULL)
    {
      g_source_destroy (sequential->timer);
      g_clear_pointer (&sequential->timer, g_source_unref);
    }
  if (body == NULL || !answer_from_config (task, body, name))
    next_step (task);
}

static gboolean
fetch_timed_out (gpointer data)
{
  Sequential *sequential = data;

  g_clear_pointer (&sequential->timer, g_source_unref);
  g_cancellable_cancel (sequential->fetch);
  return G_SOURCE_REMOVE;
}

static void
fetch (GTask      *task,
       const char *url,
       guint       timeout_ms)
{
  Sequential *sequential = g_task_get_task_data (task);

  g_clear_object (&sequential->fetch);
  sequential->fetch = g_cancellable_new ();
  sequential->timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (sequential->timer, fetch_timed_out, sequential, NULL);
  g_source_attach (sequential->timer, g_main_context_get_thread_default ());
  colombe_http_get_async (sequential->session, url, sequential->fetch, fetched,
                          g_object_ref (task));
}

static void
mx_looked_up (GObject      *resolver,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (resolver), result, NULL);

  /* the worlds publish no MX: nothing to follow, only the lookup's time */
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  next_step (task);
}

static void
guessed (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  ColombeBenchAnswer *answer = colombe_bench_guess_finish (result, &error);

  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) colombe_bench_answer_free);
}

static void
run_step (GTask *task)
{
  Sequential *sequential = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autoptr(GResolver) resolver = NULL;

  switch (sequential->step)
    {
    case STEP_HTTPS_AUTOCONFIG:
    case STEP_HTTPS_WELL_KNOWN:
    case STEP_HTTP_AUTOCONFIG:
    case STEP_HTTP_WELL_KNOWN:
      {
        g_autofree char *escaped = g_uri_escape_string (sequential->address, NULL, FALSE);

        url = g_strdup_printf ("%s://%s%s%s?emailaddress=%s",
                               provider_urls[sequential->step].scheme,
                               provider_urls[sequential->step].host_prefix, sequential->domain,
                               provider_urls[sequential->step].path, escaped);
        fetch (task, url, PROVIDER_TIMEOUT_MS);
        break;
      }
    case STEP_ISPDB:
      url = g_strdup_printf ("%s/%s", sequential->ispdb_url, sequential->domain);
      fetch (task, url, ISPDB_TIMEOUT_MS);
      break;
    case STEP_MX:
      resolver = g_resolver_get_default ();
      g_resolver_lookup_records_async (resolver, sequential->domain, G_RESOLVER_RECORD_MX,
                                       NULL, mx_looked_up, g_object_ref (task));
      break;
    case STEP_GUESS:
    default:
      colombe_bench_guess_async (sequential->domain, sequential->database, guessed,
                                 g_object_ref (task));
      break;
    }
}

/* @ispdb_url: base, without a trailing slash; @database: the anchors */
void
colombe_bench_sequential_async (const char          *address,
                                const char          *ispdb_url,
                                GTlsDatabase        *database,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Sequential *sequential;
  const char *at;

  g_return_if_fail (address != NULL && strchr (address, '@') != NULL);
  g_return_if_fail (ispdb_url != NULL && G_IS_TLS_DATABASE (database));

  at = strchr (address, '@');
  sequential = g_new0 (Sequential, 1);
  sequential->address = g_strdup (address);
  sequential->domain = g_ascii_strdown (at + 1, -1);
  sequential->ispdb_url = g_strdup (ispdb_url);
  sequential->database = g_object_ref (database);
  sequential->session = colombe_http_session_new (database);
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, colombe_bench_sequential_async);
  g_task_set_task_data (task, sequential, (GDestroyNotify) sequential_free);
  run_step (task);
}

ColombeBenchAnswer *
colombe_bench_sequential_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
