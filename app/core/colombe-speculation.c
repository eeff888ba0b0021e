/* colombe-speculation.c: connections to the likely servers, opened while discovery runs
 *
 * Discovery takes a few round trips, and so does a connection's TLS
 * handshake, greeting and capabilities: done side by side, the login can
 * start as soon as the winner is known, on a connection that is already
 * there. The likely servers are the built-in database's (instant, offline)
 * and the usual names on the implicit TLS ports (RFC 8314). Each
 * connection goes as far as the capabilities and is held, never with a
 * password: the verifier takes the one its winner uses and logs in on it
 * (judging its certificate then, as a new connection would be judged);
 * the others are closed politely. The guessing source watches the same
 * connections instead of opening its own.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-speculation"

#include "config.h"

#include "colombe-provider-db.h"
#include "colombe-speculation.h"

/* The usual names, on the implicit TLS ports. */
static const struct
{
  ColombeProtocol  protocol;
  const char      *prefix;
  guint16          port;
} usual[] = {
  { COLOMBE_PROTOCOL_IMAP, "imap.", 993 },
  { COLOMBE_PROTOCOL_SMTP, "smtp.", 465 },
  { COLOMBE_PROTOCOL_IMAP, "mail.", 993 },
  { COLOMBE_PROTOCOL_SMTP, "mail.", 465 },
};

/* One speculative connection. */
typedef struct
{
  ColombeSpeculation *self;        /* referenced while the probe runs */
  ColombeServer      *server;
  ColombeProbe       *probe;
  GCancellable       *cancellable;
  GError             *error;       /* its failure, once done */
  GPtrArray          *waiting;     /* GTask: watchers, and a taker */
  gboolean            running;
  gboolean            taken;
} Attempt;

struct _ColombeSpeculation
{
  GObject        parent_instance;

  char          *address;
  char          *domain;
  GTlsDatabase  *database;
  guint          timeout_ms;

  GPtrArray     *attempts;   /* Attempt */
  GPtrArray     *servers;    /* ColombeServer, as attempts */
  guint          hold_id;
  gboolean       started;
  gboolean       closed;
  guint          n_taken;
};

G_DEFINE_FINAL_TYPE (ColombeSpeculation, colombe_speculation, G_TYPE_OBJECT)

static void
attempt_free (Attempt *attempt)
{
  g_assert (attempt->waiting->len == 0);

  g_clear_object (&attempt->server);
  g_clear_object (&attempt->probe);
  g_clear_object (&attempt->cancellable);
  g_clear_error (&attempt->error);
  g_ptr_array_unref (attempt->waiting);
  g_free (attempt);
}

static void
colombe_speculation_dispose (GObject *object)
{
  colombe_speculation_close (COLOMBE_SPECULATION (object));

  G_OBJECT_CLASS (colombe_speculation_parent_class)->dispose (object);
}

static void
colombe_speculation_finalize (GObject *object)
{
  ColombeSpeculation *self = (ColombeSpeculation *)object;

  g_clear_pointer (&self->attempts, g_ptr_array_unref);
  g_clear_pointer (&self->servers, g_ptr_array_unref);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->domain, g_free);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (colombe_speculation_parent_class)->finalize (object);
}

static void
colombe_speculation_class_init (ColombeSpeculationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = colombe_speculation_dispose;
  object_class->finalize = colombe_speculation_finalize;
}

static void
colombe_speculation_init (ColombeSpeculation *self)
{
  self->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) attempt_free);
  self->servers = g_ptr_array_new_with_free_func (g_object_unref);
}

static void add_builtin_servers (ColombeSpeculation *self);
static void add_usual_servers   (ColombeSpeculation *self);

ColombeSpeculation *
colombe_speculation_new (const ColombeAddress *address)
{
  ColombeSpeculation *self;

  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (COLOMBE_TYPE_SPECULATION, NULL);
  self->address = g_strdup (address->address);
  self->domain = g_strdup (address->domain);
  add_builtin_servers (self);
  add_usual_servers (self);

  return self;
}

void
colombe_speculation_set_tls_database (ColombeSpeculation *self,
                                      GTlsDatabase       *database)
{
  g_return_if_fail (COLOMBE_IS_SPECULATION (self));
  g_return_if_fail (!database || G_IS_TLS_DATABASE (database));

  g_set_object (&self->database, database);
}

void
colombe_speculation_set_timeout (ColombeSpeculation *self,
                                 guint               timeout_ms)
{
  g_return_if_fail (COLOMBE_IS_SPECULATION (self));

  self->timeout_ms = timeout_ms;
}

/* ---- which servers ---- */

/* Host names compared without case; the username is no concern here. */
static gboolean
same_server (ColombeServer *a,
             ColombeServer *b)
{
  return colombe_server_get_protocol (a) == colombe_server_get_protocol (b) &&
         g_ascii_strcasecmp (colombe_server_get_host (a), colombe_server_get_host (b)) == 0 &&
         colombe_server_get_port (a) == colombe_server_get_port (b) &&
         colombe_server_get_security (a) == colombe_server_get_security (b);
}

/* Never a connection that could only ever carry a password in clear. */
static void
add_server (ColombeSpeculation *self,
            ColombeServer      *server)
{
  if (server == NULL || colombe_server_get_security (server) == COLOMBE_SECURITY_NONE ||
      self->servers->len >= COLOMBE_SPECULATION_MAX_CONNECTIONS)
    return;

  for (guint i = 0; i < self->servers->len; i++)
    if (same_server (g_ptr_array_index (self->servers, i), server))
      return;

  g_ptr_array_add (self->servers, colombe_server_new (colombe_server_get_protocol (server),
                                                      colombe_server_get_host (server),
                                                      colombe_server_get_port (server),
                                                      colombe_server_get_security (server)));
}

/* The built-in database's best account: its answer wins when it has one. */
static void
add_builtin_servers (ColombeSpeculation *self)
{
  ColombeClientConfig *config = colombe_provider_db_lookup (colombe_provider_db_get_default (),
                                                            self->domain);
  g_autoptr(GPtrArray) accounts = NULL;
  ColombeAccount *best;

  if (config == NULL ||
      !(accounts = colombe_client_config_to_accounts (config, self->address, NULL,
                                                      COLOMBE_SOURCE_BUILTIN, NULL)) ||
      accounts->len == 0)
    return;

  best = g_ptr_array_index (accounts, 0);
  add_server (self, colombe_account_get_incoming (best));
  add_server (self, colombe_account_get_outgoing (best));
}

static void
add_usual_servers (ColombeSpeculation *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
    {
      g_autofree char *host = g_strconcat (usual[i].prefix, self->domain, NULL);
      g_autoptr(ColombeServer) server = colombe_server_new (usual[i].protocol, host, usual[i].port,
                                                            COLOMBE_SECURITY_TLS);

      add_server (self, server);
    }
}

/* ---- waiting for an attempt ---- */

static Attempt *
attempt_for (ColombeSpeculation *self,
             ColombeServer      *server)
{
  for (guint i = 0; i < self->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (self->attempts, i);

      if (same_server (attempt->server, server))
        return attempt;
    }

  return NULL;
}

static gboolean
is_take (GTask *task)
{
  return GPOINTER_TO_UINT (g_task_get_task_data (task)) == COLOMBE_SPECULATION_TAKE;
}

typedef struct
{
  ColombeProbe *probe;
  GError       *error;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_clear_object (&outcome->probe);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

/* Let go already, or stopped by our own closing rather than by the
 * taker: the taker connects by itself. */
static gboolean
nothing_to_take (Attempt *attempt,
                 GTask   *task)
{
  if (attempt->error == NULL)
    return !colombe_probe_get_held (attempt->probe);

  return g_error_matches (attempt->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         !g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

/* A taker gets the probe to run; a watcher only looks at it. */
static void
answer (Attempt *attempt,
        GTask   *task)
{
  gboolean take = is_take (task);
  Outcome *outcome;

  if (take && nothing_to_take (attempt, task))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* from now on, an untrusted certificate is a verdict, not a detail */
  if (take)
    colombe_probe_set_accept_untrusted (attempt->probe, FALSE);

  outcome = g_new0 (Outcome, 1);
  outcome->probe = g_object_ref (attempt->probe);
  outcome->error = attempt->error ? g_error_copy (attempt->error) : NULL;
  g_task_return_pointer (task, outcome, (GDestroyNotify) outcome_free);
}

static void
attempt_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Attempt *attempt = user_data;
  g_autoptr(ColombeSpeculation) self = attempt->self;
  ColombeProbe *probe = COLOMBE_PROBE (object);

  attempt->running = FALSE;
  colombe_probe_run_finish (probe, result, &attempt->error);

  /* Nobody will take it: do not keep it open. */
  if (self->closed && !attempt->taken)
    colombe_probe_let_go (probe);

  while (attempt->waiting->len > 0)
    {
      g_autoptr(GTask) task = g_ptr_array_steal_index (attempt->waiting, 0);

      answer (attempt, task);
    }
}

static void
start_attempt (ColombeSpeculation *self,
               ColombeServer      *server)
{
  Attempt *attempt = g_new0 (Attempt, 1);

  attempt->self = self;
  attempt->server = g_object_ref (server);
  attempt->cancellable = g_cancellable_new ();
  attempt->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  attempt->running = TRUE;
  attempt->probe = colombe_probe_new (colombe_server_get_protocol (server),
                                      colombe_server_get_host (server),
                                      colombe_server_get_port (server),
                                      colombe_server_get_security (server), self->database);
  if (self->timeout_ms > 0)
    colombe_probe_set_timeout (attempt->probe, self->timeout_ms);
  /* the certificate's verdict travels with the connection, judged when taken */
  colombe_probe_set_accept_untrusted (attempt->probe, TRUE);
  colombe_probe_set_hold (attempt->probe, TRUE);
  g_ptr_array_add (self->attempts, attempt);

  g_object_ref (self);
  colombe_probe_run_async (attempt->probe, attempt->cancellable, attempt_done, attempt);
}

static gboolean
hold_over (gpointer user_data)
{
  ColombeSpeculation *self = user_data;

  self->hold_id = 0;
  g_debug ("%s: held long enough", self->domain);
  colombe_speculation_close (self);

  return G_SOURCE_REMOVE;
}

void
colombe_speculation_start (ColombeSpeculation *self)
{
  g_return_if_fail (COLOMBE_IS_SPECULATION (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  for (guint i = 0; i < self->servers->len; i++)
    start_attempt (self, g_ptr_array_index (self->servers, i));

  g_debug ("%s: %u speculative connections", self->domain, self->servers->len);
  self->hold_id = g_timeout_add (COLOMBE_SPECULATION_HOLD_MS, hold_over, self);
}

GPtrArray *
colombe_speculation_get_servers (ColombeSpeculation *self)
{
  g_return_val_if_fail (COLOMBE_IS_SPECULATION (self), NULL);

  return self->servers;
}

/* Starts @task's wait on the attempt to @server; FALSE when there is none. */
static gboolean
wait_for (ColombeSpeculation *self,
          ColombeServer      *server,
          GTask              *task)
{
  Attempt *attempt = attempt_for (self, server);
  gboolean take = is_take (task);

  if (attempt == NULL || attempt->taken || (take && self->closed && !attempt->running))
    return FALSE;

  if (take)
    {
      attempt->taken = TRUE;
      self->n_taken++;
      if (g_task_get_cancellable (task) != NULL)
        g_signal_connect_object (g_task_get_cancellable (task), "cancelled",
                                 G_CALLBACK (g_cancellable_cancel), attempt->cancellable,
                                 G_CONNECT_SWAPPED);
    }

  if (attempt->running)
    g_ptr_array_add (attempt->waiting, g_object_ref (task));
  else
    answer (attempt, task);

  return TRUE;
}

void
colombe_speculation_claim_async (ColombeSpeculation      *self,
                                 ColombeServer           *server,
                                 ColombeSpeculationClaim  claim,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (COLOMBE_IS_SPECULATION (self));
  g_return_if_fail (COLOMBE_IS_SERVER (server));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_speculation_claim_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (claim), NULL);
  if (!wait_for (self, server, task))
    g_task_return_pointer (task, NULL, NULL);
}

ColombeProbe *
colombe_speculation_claim_finish (ColombeSpeculation  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  Outcome *outcome;
  ColombeProbe *probe;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  outcome = g_task_propagate_pointer (G_TASK (result), NULL);
  if (outcome == NULL)
    return NULL;

  probe = g_steal_pointer (&outcome->probe);
  if (outcome->error != NULL)
    g_propagate_error (error, g_steal_pointer (&outcome->error));
  outcome_free (outcome);

  return probe;
}

void
colombe_speculation_close (ColombeSpeculation *self)
{
  g_return_if_fail (COLOMBE_IS_SPECULATION (self));

  if (self->closed)
    return;

  self->closed = TRUE;
  g_clear_handle_id (&self->hold_id, g_source_remove);

  for (guint i = 0; i < self->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (self->attempts, i);

      if (attempt->taken)
        continue;
      if (attempt->running)
        g_cancellable_cancel (attempt->cancellable);
      else
        colombe_probe_let_go (attempt->probe);
    }
}

guint
colombe_speculation_get_n_started (ColombeSpeculation *self)
{
  g_return_val_if_fail (COLOMBE_IS_SPECULATION (self), 0);

  return self->attempts->len;
}

guint
colombe_speculation_get_n_taken (ColombeSpeculation *self)
{
  g_return_val_if_fail (COLOMBE_IS_SPECULATION (self), 0);

  return self->n_taken;
}
