/* colombe-bench-guess.c: guessing the way Thunderbird's GuessConfig does
 *
 * The sequential strategy's last step, written from Thunderbird's
 * published behaviour (see ../shared/docs/DISCOVERY.md), not its code:
 * incoming probes on imap., pop3., pop., mail. and the domain, outgoing
 * ones on smtp., mail. and the domain; IMAP before POP, implicit TLS
 * before STARTTLS before plain. Within each direction, probe i starts
 * i × 100 ms late; each has 10 s to connect and 10 s without a byte
 * before it fails, 12 s at most in all. A probe writes its first command
 * without waiting for the greeting and succeeds when the expected
 * greeting and answer arrived (over TLS verified against the given
 * anchors; a STARTTLS probe only looks for the word, it never upgrades).
 * A direction's answer is the best-priority probe that succeeded, once
 * every better-priority probe has failed.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-bench-guess"

#include <string.h>

#include "colombe-bench-guess.h"
#include "colombe-test-thread.h"

#define PROBE_STAGGER_MS 100
#define CONNECT_TIMEOUT_S 10
#define READ_TIMEOUT_MS 10000
#define HARD_STOP_MS 12000
#define MAX_REPLY (64 * 1024)
#define IMAP_TAG "A1"

typedef enum
{
  INCOMING,
  OUTGOING,
  N_DIRECTIONS
} Direction;

typedef enum
{
  PROBE_WAITING,
  PROBE_RUNNING,
  PROBE_SUCCEEDED,
  PROBE_FAILED,
} ProbeState;

typedef enum
{
  REPLY_INCOMPLETE,
  REPLY_GOOD,
  REPLY_BAD,
} Verdict;

typedef struct
{
  guint16         port;
  ColombeSecurity security;
} PortTry;

static const PortTry imap_ports[] = {
  { 993, COLOMBE_SECURITY_TLS }, { 143, COLOMBE_SECURITY_STARTTLS },
  { 143, COLOMBE_SECURITY_NONE }, { 0 }
};
static const PortTry pop3_ports[] = {
  { 995, COLOMBE_SECURITY_TLS }, { 110, COLOMBE_SECURITY_STARTTLS },
  { 110, COLOMBE_SECURITY_NONE }, { 0 }
};
static const PortTry smtp_ports[] = {
  { 465, COLOMBE_SECURITY_TLS }, { 587, COLOMBE_SECURITY_STARTTLS },
  { 25, COLOMBE_SECURITY_STARTTLS }, { 587, COLOMBE_SECURITY_NONE },
  { 25, COLOMBE_SECURITY_NONE }, { 0 }
};

typedef struct _Guess Guess;

typedef struct
{
  Guess           *guess;
  Direction        direction;
  guint            index;       /* its priority and its start delay */
  ColombeProtocol  protocol;
  char            *host;
  guint16          port;
  ColombeSecurity  security;
  ProbeState       state;
  GCancellable    *cancellable;
  GIOStream       *stream;
  GSource         *start_timer;
  GSource         *read_timer;
  GSource         *hard_stop;
  GString         *reply;
  char             buffer[4096];
} Probe;

struct _Guess
{
  grefcount      ref;          /* the task, and every pending operation */
  GTask         *task;         /* NULL once answered */
  GTlsDatabase  *database;
  GSocketClient *client;
  GPtrArray     *probes[N_DIRECTIONS];
  gboolean       decided[N_DIRECTIONS];
  Probe         *found[N_DIRECTIONS];
};

static void probe_fail (Probe *probe);

/* ---- probes ---- */



static void
probe_free (Probe *probe)
{
  colombe_test_timeout_clear (&probe->start_timer);
  colombe_test_timeout_clear (&probe->read_timer);
  colombe_test_timeout_clear (&probe->hard_stop);
  g_clear_object (&probe->stream);
  g_clear_object (&probe->cancellable);
  g_string_free (probe->reply, TRUE);
  g_free (probe->host);
  g_free (probe);
}

static Guess *
guess_ref (Guess *guess)
{
  g_ref_count_inc (&guess->ref);
  return guess;
}

static void
guess_unref (Guess *guess)
{
  if (!g_ref_count_dec (&guess->ref))
    return;
  g_assert (guess->task == NULL);
  for (guint d = 0; d < N_DIRECTIONS; d++)
    g_ptr_array_unref (guess->probes[d]);
  g_clear_object (&guess->client);
  g_clear_object (&guess->database);
  g_free (guess);
}

/* Stops whatever the probe still does: pending operations end cancelled,
 * and the connection closes when the guess is freed (closing a TLS
 * connection in the middle of its handshake could block) */
static void
probe_stop (Probe *probe)
{
  colombe_test_timeout_clear (&probe->start_timer);
  colombe_test_timeout_clear (&probe->read_timer);
  colombe_test_timeout_clear (&probe->hard_stop);
  g_cancellable_cancel (probe->cancellable);
}

static char *
found_server (Probe *probe)
{
  if (probe == NULL)
    return NULL;
  return colombe_bench_server_format (probe->protocol, probe->host, probe->port, probe->security);
}

static void
stop_all (GPtrArray *probes)
{
  for (guint i = 0; i < probes->len; i++)
    probe_stop (g_ptr_array_index (probes, i));
}

static void
guess_answer (Guess *guess)
{
  g_autofree char *incoming = found_server (guess->found[INCOMING]);
  g_autofree char *outgoing = found_server (guess->found[OUTGOING]);
  g_autoptr(GTask) task = g_steal_pointer (&guess->task);

  for (guint d = 0; d < N_DIRECTIONS; d++)
    stop_all (guess->probes[d]);
  g_task_return_pointer (task, colombe_bench_answer_new (incoming, outgoing, "guess"),
                         (GDestroyNotify) colombe_bench_answer_free);
  guess_unref (guess);
}

/* A direction is decided when its best-priority probe that has not failed
 * succeeded, or when all failed */
static void
guess_check (Guess     *guess,
             Direction  direction)
{
  GPtrArray *probes = guess->probes[direction];
  Probe *found = NULL;

  if (guess->task == NULL || guess->decided[direction])
    return;
  for (guint i = 0; i < probes->len && found == NULL; i++)
    {
      Probe *probe = g_ptr_array_index (probes, i);

      if (probe->state == PROBE_SUCCEEDED)
        found = probe;
      else if (probe->state != PROBE_FAILED)
        return;
    }
  guess->decided[direction] = TRUE;
  guess->found[direction] = found;
  stop_all (probes);
  if (guess->decided[INCOMING] && guess->decided[OUTGOING])
    guess_answer (guess);
}

static void
probe_end (Probe      *probe,
           ProbeState  state)
{
  if (probe->state != PROBE_RUNNING)
    return;
  probe->state = state;
  probe_stop (probe);
  guess_check (probe->guess, probe->direction);
}

static void
probe_fail (Probe *probe)
{
  probe_end (probe, PROBE_FAILED);
}

static gboolean
probe_timed_out (gpointer data)
{
  Probe *probe = data;

  probe_fail (probe);
  return G_SOURCE_REMOVE;
}

/* No byte for READ_TIMEOUT_MS */
static void
probe_arm_read_timer (Probe *probe)
{
  colombe_test_timeout_clear (&probe->read_timer);
  probe->read_timer = colombe_test_timeout_new (READ_TIMEOUT_MS, probe_timed_out, probe);
}

/* ---- what a server must answer ---- */

static Verdict
imap_verdict (char           **lines,
              guint            n_lines,
              const char      *text,
              ColombeSecurity  security)
{
  if (!g_str_has_prefix (lines[0], "* OK") && !g_str_has_prefix (lines[0], "* PREAUTH"))
    return REPLY_BAD;
  for (guint i = 1; i < n_lines; i++)
    if (g_str_has_prefix (lines[i], IMAP_TAG " "))
      return security == COLOMBE_SECURITY_STARTTLS && strstr (text, "STARTTLS") == NULL
             ? REPLY_BAD : REPLY_GOOD;
  return REPLY_INCOMPLETE;
}

static Verdict
pop3_verdict (char           **lines,
              guint            n_lines,
              const char      *text,
              ColombeSecurity  security)
{
  if (!g_str_has_prefix (lines[0], "+OK"))
    return REPLY_BAD;
  for (guint i = 1; i < n_lines; i++)
    if (g_str_equal (lines[i], ".") || g_str_has_prefix (lines[i], "-ERR"))
      return security == COLOMBE_SECURITY_STARTTLS && strstr (text, "STLS") == NULL
             ? REPLY_BAD : REPLY_GOOD;
  return REPLY_INCOMPLETE;
}

/* The last line of an SMTP reply has a space (or nothing) after the code */
static gboolean
smtp_last_line (const char *line)
{
  return strlen (line) < 4 || line[3] == ' ';
}

static Verdict
smtp_verdict (char           **lines,
              guint            n_lines,
              const char      *text,
              ColombeSecurity  security)
{
  guint i = 0;

  if (!g_str_has_prefix (lines[0], "220"))
    return REPLY_BAD;
  while (i < n_lines && !smtp_last_line (lines[i]))
    i++;
  /* then the answer to EHLO */
  for (i++; i < n_lines; i++)
    if (smtp_last_line (lines[i]))
      {
        if (lines[i][0] != '2')
          return REPLY_BAD;
        return security == COLOMBE_SECURITY_STARTTLS && strstr (text, "STARTTLS") == NULL
               ? REPLY_BAD : REPLY_GOOD;
      }
  return REPLY_INCOMPLETE;
}

static Verdict
reply_verdict (Probe *probe)
{
  const char *text = probe->reply->str;
  const char *end = strrchr (text, '\n');
  g_autofree char *complete = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  if (end == NULL)
    return REPLY_INCOMPLETE;
  complete = g_strndup (text, end - text);
  lines = g_strsplit (complete, "\n", -1);
  n_lines = g_strv_length (lines);
  for (guint i = 0; i < n_lines; i++)
    g_strchomp (lines[i]);
  switch (probe->protocol)
    {
    case COLOMBE_PROTOCOL_IMAP:
      return imap_verdict (lines, n_lines, complete, probe->security);
    case COLOMBE_PROTOCOL_POP3:
      return pop3_verdict (lines, n_lines, complete, probe->security);
    case COLOMBE_PROTOCOL_SMTP:
    default:
      return smtp_verdict (lines, n_lines, complete, probe->security);
    }
}

/* ---- one probe's conversation ---- */

static void probe_read (Probe *probe);

static void
probe_read_done (GObject      *stream,
                 GAsyncResult *result,
                 gpointer      data)
{
  Probe *probe = data;
  Guess *guess = probe->guess;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (stream), result, NULL);

  if (probe->state != PROBE_RUNNING)
    ;
  else if (n <= 0 || probe->reply->len + n > MAX_REPLY)
    probe_fail (probe);
  else
    {
      g_string_append_len (probe->reply, probe->buffer, n);
      switch (reply_verdict (probe))
        {
        case REPLY_GOOD:
          probe_end (probe, PROBE_SUCCEEDED);
          break;
        case REPLY_BAD:
          probe_fail (probe);
          break;
        case REPLY_INCOMPLETE:
        default:
          probe_arm_read_timer (probe);
          probe_read (probe);
          break;
        }
    }
  guess_unref (guess);
}

static void
probe_read (Probe *probe)
{
  GInputStream *in = g_io_stream_get_input_stream (probe->stream);

  guess_ref (probe->guess);
  g_input_stream_read_async (in, probe->buffer, sizeof probe->buffer, G_PRIORITY_DEFAULT,
                             probe->cancellable, probe_read_done, probe);
}

static void
probe_sent (GObject      *stream,
            GAsyncResult *result,
            gpointer      data)
{
  Probe *probe = data;
  Guess *guess = probe->guess;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (stream), result, NULL, NULL))
    probe_fail (probe);
  else if (probe->state == PROBE_RUNNING)
    probe_read (probe);
  guess_unref (guess);
}

/* The first command goes before the greeting came, as Thunderbird does */
static void
probe_talk (Probe *probe)
{
  GOutputStream *out = g_io_stream_get_output_stream (probe->stream);
  const char *command;

  switch (probe->protocol)
    {
    case COLOMBE_PROTOCOL_IMAP:
      command = IMAP_TAG " CAPABILITY\r\n";
      break;
    case COLOMBE_PROTOCOL_POP3:
      command = "CAPA\r\n";
      break;
    case COLOMBE_PROTOCOL_SMTP:
    default:
      command = "EHLO localhost\r\n";
      break;
    }
  probe_arm_read_timer (probe);
  guess_ref (probe->guess);
  g_output_stream_write_all_async (out, command, strlen (command), G_PRIORITY_DEFAULT,
                                   probe->cancellable, probe_sent, probe);
}

static void
probe_handshaken (GObject      *connection,
                  GAsyncResult *result,
                  gpointer      data)
{
  Probe *probe = data;
  Guess *guess = probe->guess;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (connection), result, NULL))
    probe_fail (probe);
  else if (probe->state == PROBE_RUNNING)
    probe_talk (probe);
  guess_unref (guess);
}

static void
probe_start_tls (Probe             *probe,
                 GSocketConnection *connection)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (probe->host, probe->port);
  GIOStream *tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, NULL);

  if (tls == NULL)
    {
      probe_fail (probe);
      return;
    }
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), probe->guess->database);
  probe->stream = tls;
  /* the handshake is read like the rest: 10 s without a byte fails */
  probe_arm_read_timer (probe);
  guess_ref (probe->guess);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    probe->cancellable, probe_handshaken, probe);
}

static void
probe_connected (GObject      *client,
                 GAsyncResult *result,
                 gpointer      data)
{
  Probe *probe = data;
  Guess *guess = probe->guess;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (client), result, NULL);
  if (connection == NULL)
    probe_fail (probe);
  else if (probe->state != PROBE_RUNNING)
    ;
  else if (probe->security == COLOMBE_SECURITY_TLS)
    probe_start_tls (probe, connection);
  else
    {
      probe->stream = G_IO_STREAM (g_steal_pointer (&connection));
      probe_talk (probe);
    }
  guess_unref (guess);
}

static gboolean
probe_start (gpointer data)
{
  Probe *probe = data;

  g_clear_pointer (&probe->start_timer, g_source_unref);
  probe->state = PROBE_RUNNING;
  probe->hard_stop = colombe_test_timeout_new (HARD_STOP_MS, probe_timed_out, probe);
  guess_ref (probe->guess);
  g_socket_client_connect_to_host_async (probe->guess->client, probe->host, probe->port,
                                         probe->cancellable, probe_connected, probe);
  return G_SOURCE_REMOVE;
}

/* ---- the plan ---- */

static void
add_probes (Guess           *guess,
            Direction        direction,
            const char      *prefix,
            const char      *domain,
            ColombeProtocol  protocol)
{
  const PortTry *ports = protocol == COLOMBE_PROTOCOL_IMAP ? imap_ports
                         : protocol == COLOMBE_PROTOCOL_POP3 ? pop3_ports : smtp_ports;
  GPtrArray *probes = guess->probes[direction];

  for (guint i = 0; ports[i].port != 0; i++)
    {
      Probe *probe = g_new0 (Probe, 1);

      probe->guess = guess;
      probe->direction = direction;
      probe->index = probes->len;
      probe->protocol = protocol;
      probe->host = g_strconcat (prefix, domain, NULL);
      probe->port = ports[i].port;
      probe->security = ports[i].security;
      probe->cancellable = g_cancellable_new ();
      probe->reply = g_string_new (NULL);
      g_ptr_array_add (probes, probe);
    }
}

/* Thunderbird's order: 21 incoming probes, 15 outgoing */
static void
plan_probes (Guess      *guess,
             const char *domain)
{
  add_probes (guess, INCOMING, "imap.", domain, COLOMBE_PROTOCOL_IMAP);
  add_probes (guess, INCOMING, "pop3.", domain, COLOMBE_PROTOCOL_POP3);
  add_probes (guess, INCOMING, "pop.", domain, COLOMBE_PROTOCOL_POP3);
  add_probes (guess, INCOMING, "mail.", domain, COLOMBE_PROTOCOL_IMAP);
  add_probes (guess, INCOMING, "mail.", domain, COLOMBE_PROTOCOL_POP3);
  add_probes (guess, INCOMING, "", domain, COLOMBE_PROTOCOL_IMAP);
  add_probes (guess, INCOMING, "", domain, COLOMBE_PROTOCOL_POP3);
  add_probes (guess, OUTGOING, "smtp.", domain, COLOMBE_PROTOCOL_SMTP);
  add_probes (guess, OUTGOING, "mail.", domain, COLOMBE_PROTOCOL_SMTP);
  add_probes (guess, OUTGOING, "", domain, COLOMBE_PROTOCOL_SMTP);
}

static void
schedule_probes (GPtrArray *probes)
{
  for (guint i = 0; i < probes->len; i++)
    {
      Probe *probe = g_ptr_array_index (probes, i);

      probe->start_timer = colombe_test_timeout_new (probe->index * PROBE_STAGGER_MS,
                                                     probe_start, probe);
    }
}

/* @database: the anchors TLS probes verify against */
void
colombe_bench_guess_async (const char          *domain,
                           GTlsDatabase        *database,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Guess *guess = g_new0 (Guess, 1);

  g_return_if_fail (domain != NULL && G_IS_TLS_DATABASE (database));

  g_ref_count_init (&guess->ref);
  guess->task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (guess->task, colombe_bench_guess_async);
  guess->database = g_object_ref (database);
  guess->client = g_socket_client_new ();
  g_socket_client_set_timeout (guess->client, CONNECT_TIMEOUT_S);
  for (guint d = 0; d < N_DIRECTIONS; d++)
    guess->probes[d] = g_ptr_array_new_with_free_func ((GDestroyNotify) probe_free);
  plan_probes (guess, domain);
  for (guint d = 0; d < N_DIRECTIONS; d++)
    schedule_probes (guess->probes[d]);
}

ColombeBenchAnswer *
colombe_bench_guess_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
