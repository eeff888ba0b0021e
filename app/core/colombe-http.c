/* colombe-http.c: bounded HTTP GET for the discovery sources
 *
 * Everything here is read from servers nobody vetted: the body is capped,
 * redirects are followed by hand so that each hop can be refused, and the
 * caller's cancellable (and time limit) stops the rest.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-handshake-gate.h"
#include "colombe-http.h"

#define READ_CHUNK 16384
#define IO_TIMEOUT_SECONDS 15

G_DEFINE_QUARK (colombe-http-error-quark, colombe_http_error)

typedef struct
{
  SoupSession *session;
  GUri        *uri;
  char        *base_domain;
  guint        redirects;
  SoupMessage *message;
  GByteArray  *body;
  GTlsCertificateFlags tls_errors;  /* why the last certificate was refused */
  ColombeHandshakePlace *place;     /* https: until the response */
  char        *sending_to;          /* counted among its host's requests */
} Fetch;

static void read_next_chunk (GTask *task, GInputStream *stream);
static void send_current (GTask *task);

/* ---- https requests in flight, per host ---- */

/* libsoup opens at most "max-conns-per-host" connections to a host and
 * queues the other requests until one is free: only that many to a host
 * may be starting a handshake, and only they wait for a place at the
 * handshake gate (a queued one holding a place would keep it from a
 * handshake that can start). */
static GHashTable *
in_flight_table (SoupSession *session)
{
  GHashTable *table = g_object_get_data (G_OBJECT (session), "colombe-https-in-flight");

  if (table == NULL)
    {
      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_data_full (G_OBJECT (session), "colombe-https-in-flight", table,
                              (GDestroyNotify) g_hash_table_unref);
    }

  return table;
}

/* Counts @fetch among its host's requests; whether it may open a connection. */
static gboolean
sending_start (Fetch *fetch)
{
  GHashTable *table = in_flight_table (fetch->session);
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (fetch->uri), -1);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (table, host));

  g_hash_table_insert (table, g_strdup (host), GUINT_TO_POINTER (n + 1));
  fetch->sending_to = g_steal_pointer (&host);

  return n < soup_session_get_max_conns_per_host (fetch->session);
}

static void
sending_end (Fetch *fetch)
{
  GHashTable *table;
  guint n;

  if (fetch->sending_to == NULL)
    return;
  table = in_flight_table (fetch->session);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (table, fetch->sending_to));
  if (n > 1)
    g_hash_table_insert (table, g_steal_pointer (&fetch->sending_to), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (table, fetch->sending_to);
  g_clear_pointer (&fetch->sending_to, g_free);
}

static void
fetch_free (Fetch *fetch)
{
  sending_end (fetch);
  g_clear_object (&fetch->session);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_clear_pointer (&fetch->base_domain, g_free);
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->place, colombe_handshake_place_leave);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch);
}

/* libsoup's own default */
#define DEFAULT_MAX_CONNS 10

SoupSession *
colombe_http_session_new (GTlsDatabase *database)
{
  return colombe_http_session_new_shared (database, DEFAULT_MAX_CONNS);
}

/* A batch's domains share one session: with only libsoup's 10 connections
 * in all, a few dead hosts holding theirs until the time limit would keep
 * every other domain's lookups waiting behind them. */
SoupSession *
colombe_http_session_new_shared (GTlsDatabase *database,
                                 guint         max_conns)
{
  g_autofree char *user_agent = g_strdup_printf ("Colombe/%s", PACKAGE_VERSION);
  SoupSession *session;

  g_return_val_if_fail (max_conns > 0, NULL);

  session = soup_session_new_with_options ("user-agent", user_agent,
                                           "timeout", IO_TIMEOUT_SECONDS,
                                           "idle-timeout", IO_TIMEOUT_SECONDS,
                                           "max-conns", max_conns,
                                           NULL);
  if (database != NULL)
    soup_session_set_tls_database (session, database);

  return session;
}

char *
colombe_http_registrable_domain (const char *host)
{
  g_autoptr(GError) error = NULL;
  const char *base;

  g_return_val_if_fail (host != NULL, NULL);

  if ((base = soup_tld_get_base_domain (host, &error)) != NULL)
    return g_ascii_strdown (base, -1);

  /* The list's default rule "*": a top-level domain it does not know
   * (.test, .internal, a new one) is a public suffix of one label. */
  if (g_error_matches (error, SOUP_TLD_ERROR, SOUP_TLD_ERROR_NO_BASE_DOMAIN))
    {
      g_auto(GStrv) labels = g_strsplit (host, ".", -1);
      guint n = g_strv_length (labels);

      g_autofree char *last_two = NULL;

      if (n >= 2 && *labels[n - 2] != '\0')
        {
          last_two = g_strjoin (".", labels[n - 2], labels[n - 1], NULL);
          return g_ascii_strdown (last_two, -1);
        }
    }

  return g_ascii_strdown (host, -1);
}

/* RFC rules of DISCOVERY.md: https only, and the same registrable domain,
 * so a hijacked page cannot send us to a server of its choosing. */
static gboolean
redirect_allowed (Fetch       *fetch,
                  GUri        *target,
                  GError     **error)
{
  g_autofree char *target_domain = NULL;

  if (g_strcmp0 (g_uri_get_scheme (target), "https") != 0)
    {
      g_set_error (error, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_REDIRECT_REFUSED,
                   _("refused a redirect to an unencrypted address"));
      return FALSE;
    }

  target_domain = colombe_http_registrable_domain (g_uri_get_host (target));
  if (g_strcmp0 (target_domain, fetch->base_domain) != 0)
    {
      g_set_error (error, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_REDIRECT_REFUSED,
                   _("refused a redirect to another domain (%s)"), g_uri_get_host (target));
      return FALSE;
    }

  return TRUE;
}

static gboolean
follow_redirect (GTask   *task,
                 GError **error)
{
  Fetch *fetch = g_task_get_task_data (task);
  const char *location;
  g_autoptr(GUri) target = NULL;

  location = soup_message_headers_get_one (soup_message_get_response_headers (fetch->message),
                                           "Location");
  if (location == NULL)
    {
      g_set_error (error, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_STATUS,
                   _("the server answered %u without an address to go to"),
                   soup_message_get_status (fetch->message));
      return FALSE;
    }

  if (++fetch->redirects > COLOMBE_HTTP_MAX_REDIRECTS)
    {
      g_set_error (error, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_TOO_MANY_REDIRECTS,
                   _("too many redirects"));
      return FALSE;
    }

  if (!(target = g_uri_parse_relative (fetch->uri, location, SOUP_HTTP_URI_FLAGS, error)) ||
      !redirect_allowed (fetch, target, error))
    return FALSE;

  g_uri_unref (fetch->uri);
  fetch->uri = g_steal_pointer (&target);
  return TRUE;
}

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GInputStream *stream = G_INPUT_STREAM (object);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  if (!(chunk = g_input_stream_read_bytes_finish (stream, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  g_byte_array_append (fetch->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (fetch->body->len > COLOMBE_HTTP_MAX_BODY)
    {
      g_task_return_new_error (task, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_TOO_LARGE,
                               _("the answer is larger than %u bytes"), COLOMBE_HTTP_MAX_BODY);
      return;
    }

  read_next_chunk (g_steal_pointer (&task), stream);
}

static void
read_next_chunk (GTask        *task,
                 GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_done, task);
}

/* A declared length over the cap is refused before reading a byte. */
static gboolean
length_acceptable (Fetch   *fetch,
                   GError **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > COLOMBE_HTTP_MAX_BODY)
    {
      g_set_error (error, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_TOO_LARGE,
                   _("the answer is larger than %u bytes"), COLOMBE_HTTP_MAX_BODY);
      return FALSE;
    }

  return TRUE;
}

/* The certificate is refused (the session's database already said why):
 * only remember why, for the error. */
static gboolean
certificate_refused (SoupMessage          *message,
                     GTlsCertificate      *certificate,
                     GTlsCertificateFlags  errors,
                     Fetch                *fetch)
{
  fetch->tls_errors = errors;
  return FALSE;
}

static const char *
certificate_problem (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it was made for another server");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("it was revoked");
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("no known authority signed it");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses an insecure algorithm");

  return _("it could not be checked");
}

/* libsoup says only "Unacceptable TLS certificate": name the host and the
 * reason, keeping the G_TLS_ERROR domain and code that callers match. */
static void
explain_certificate_error (Fetch   *fetch,
                           GError  *error)
{
  char *message;

  if (error->domain != G_TLS_ERROR || fetch->tls_errors == 0)
    return;

  message = g_strdup_printf (_("the certificate of %s was refused: %s"),
                             g_uri_get_host (fetch->uri),
                             certificate_problem (fetch->tls_errors));
  g_free (error->message);
  error->message = message;
}

static void
send_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  guint status;

  sending_end (fetch);
  if (fetch->place != NULL)
    colombe_handshake_place_release (fetch->place);
  if (!(stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)))
    {
      if (fetch->place != NULL)
        colombe_handshake_place_check (fetch->place, _("the secure connection"), &error);
      explain_certificate_error (fetch, error);
      g_task_return_error (task, error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  g_debug ("GET %s%s: %u", g_uri_get_host (fetch->uri), g_uri_get_path (fetch->uri),
           status);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      if (!follow_redirect (task, &error))
        g_task_return_error (task, error);
      else
        send_current (g_steal_pointer (&task));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* "Not here" is an answer, not a failure: sources report it so. */
      gboolean gone = status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE;

      g_task_return_new_error (task, COLOMBE_HTTP_ERROR,
                               gone ? COLOMBE_HTTP_ERROR_NOT_FOUND : COLOMBE_HTTP_ERROR_STATUS,
                               _("the server answered %u %s"), status,
                               soup_message_get_reason_phrase (fetch->message));
      return;
    }

  if (!length_acceptable (fetch, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  fetch->body = g_byte_array_new ();
  read_next_chunk (g_steal_pointer (&task), stream);
}

/* The handshake is over: its place goes to the next one. */
static void
network_event (SoupMessage        *message,
               GSocketClientEvent  event,
               GIOStream          *connection,
               Fetch              *fetch)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED && fetch->place != NULL)
    colombe_handshake_place_release (fetch->place);
}

static void
place_entered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  fetch->place = colombe_handshake_gate_enter_finish (COLOMBE_HANDSHAKE_GATE (object), result,
                                                      &error);
  if (fetch->place == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  soup_session_send_async (fetch->session, fetch->message, G_PRIORITY_DEFAULT,
                           colombe_handshake_place_get_cancellable (fetch->place),
                           send_done, g_steal_pointer (&task));
}

/* An https request may start a TLS handshake: it waits for a place at the
 * process's gate, and holds it until the handshake is over. */
static void
send_current (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->place, colombe_handshake_place_leave);
  fetch->message = soup_message_new_from_uri (SOUP_METHOD_GET, fetch->uri);
  soup_message_add_flags (fetch->message, SOUP_MESSAGE_NO_REDIRECT);
  fetch->tls_errors = 0;
  g_signal_connect (fetch->message, "accept-certificate", G_CALLBACK (certificate_refused), fetch);
  g_signal_connect (fetch->message, "network-event", G_CALLBACK (network_event), fetch);

  if (g_strcmp0 (g_uri_get_scheme (fetch->uri), "https") == 0 && sending_start (fetch))
    colombe_handshake_gate_enter_async (colombe_handshake_gate_get_default (),
                                        g_uri_get_host (fetch->uri),
                                        g_task_get_cancellable (task), place_entered, task);
  else
    soup_session_send_async (fetch->session, fetch->message, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), send_done, task);
}

void
colombe_http_get_async (SoupSession         *session,
                        const char          *url,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Fetch *fetch;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_http_get_async);

  fetch = g_new0 (Fetch, 1);
  fetch->session = g_object_ref (session);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  fetch->uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  if (fetch->uri == NULL || g_uri_get_host (fetch->uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (fetch->uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (fetch->uri), "http") != 0))
    {
      g_task_return_new_error (task, COLOMBE_HTTP_ERROR, COLOMBE_HTTP_ERROR_BAD_URL,
                               _("“%s” is not an http or https address"), url);
      return;
    }

  fetch->base_domain = colombe_http_registrable_domain (g_uri_get_host (fetch->uri));
  send_current (g_steal_pointer (&task));
}

GBytes *
colombe_http_get_finish (GAsyncResult  *result,
                         char         **final_url,
                         GError       **error)
{
  GTask *task = G_TASK (result);
  GBytes *body;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == colombe_http_get_async, NULL);

  body = g_task_propagate_pointer (task, error);
  if (body != NULL && final_url != NULL)
    *final_url = g_uri_to_string (((Fetch *) g_task_get_task_data (task))->uri);

  return body;
}
