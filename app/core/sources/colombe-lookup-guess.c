/* colombe-lookup-guess.c: the usual host names on the standard ports
 *
 * Every probe starts at once; a probe counts only once it read a greeting
 * and the capabilities, over TLS or after a real STARTTLS upgrade (plain
 * only when STARTTLS was not offered). Each direction, incoming and
 * outgoing, is settled as soon as nothing still running could beat its
 * best answer, or a grace period after its first answer: a dead preferred
 * host costs that grace period, not a timeout.
 *
 * Certificates are not required to be trusted here (no password is ever
 * sent); trusted answers rank first, and the live test verifies them.
 * Where a speculation already connects to the same server, the guess
 * watches that connection instead of opening a second one.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-guess"

#include "config.h"

#include "colombe-lookup.h"
#include "colombe-probe.h"
#include "colombe-protocol.h"

/* How long a direction waits for better-ranked probes after its first answer. */
#define GRACE_MS 1000
#define PROBE_TIMEOUT_MS 8000

typedef enum
{
  INCOMING,
  OUTGOING,
  N_DIRECTIONS
} Direction;

typedef struct
{
  guint16         port;
  ColombeSecurity security;   /* STARTTLS means "STARTTLS, else plain" */
} GuessPort;

/* In ranking order: protocol, then hosts, then ports. */
static const struct
{
  ColombeProtocol protocol;
  const char     *prefixes[5];
  GuessPort       ports[4];
} plans[] = {
  { COLOMBE_PROTOCOL_IMAP, { "imap.", "mail.", "", NULL },
    { { 993, COLOMBE_SECURITY_TLS }, { 143, COLOMBE_SECURITY_STARTTLS }, { 0 } } },
  { COLOMBE_PROTOCOL_POP3, { "pop3.", "pop.", "mail.", "", NULL },
    { { 995, COLOMBE_SECURITY_TLS }, { 110, COLOMBE_SECURITY_STARTTLS }, { 0 } } },
  { COLOMBE_PROTOCOL_SMTP, { "smtp.", "mail.", "", NULL },
    { { 465, COLOMBE_SECURITY_TLS }, { 587, COLOMBE_SECURITY_STARTTLS },
      { 25, COLOMBE_SECURITY_STARTTLS }, { 0 } } },
};

typedef struct _Guess Guess;

typedef struct
{
  Guess          *guess;
  ColombeProbe   *probe;
  guint           plan;
  guint           host;
  guint           port;
  gboolean        done;
  gboolean        succeeded;
  ColombeSecurity security;     /* achieved, once succeeded */
  gboolean        trusted;
} Attempt;

struct _Guess
{
  GTask                    *task;        /* NULL once answered */
  const ColombeLookupQuery *query;       /* valid until answered */
  char                     *address;
  char                     *domain;
  char                     *real_name;
  GCancellable             *cancellable; /* every probe */
  GCancellable             *parent;
  gulong                    parent_id;
  GPtrArray                *attempts;
  guint                     grace_id[N_DIRECTIONS];
  gboolean                  grace_over[N_DIRECTIONS];
  gboolean                  notified;
};

static void
attempt_free (Attempt *attempt)
{
  g_clear_object (&attempt->probe);
  g_free (attempt);
}

static void
guess_clear (Guess *guess)
{
  g_assert (guess->task == NULL);

  if (guess->parent != NULL)
    g_cancellable_disconnect (guess->parent, guess->parent_id);
  g_clear_object (&guess->parent);
  g_clear_object (&guess->cancellable);
  g_clear_pointer (&guess->attempts, g_ptr_array_unref);
  g_free (guess->address);
  g_free (guess->domain);
  g_free (guess->real_name);
}

static void
guess_unref (Guess *guess)
{
  g_rc_box_release_full (guess, (GDestroyNotify) guess_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Guess, guess_unref)

static Direction
attempt_direction (Attempt *attempt)
{
  return plans[attempt->plan].protocol == COLOMBE_PROTOCOL_SMTP ? OUTGOING : INCOMING;
}

/* Lower is better: encrypted before plain, trusted before not, IMAP
 * before POP3, implicit TLS before STARTTLS, then host and port order. A
 * probe still running is ranked by the best it could still turn out. */
static int
compare_attempts (Attempt *a,
                  Attempt *b)
{
  Attempt *pair[2] = { a, b };
  int keys[2][6];

  for (guint i = 0; i < 2; i++)
    {
      Attempt *attempt = pair[i];
      ColombeSecurity security = attempt->succeeded ? attempt->security
                                                    : plans[attempt->plan].ports[attempt->port].security;

      keys[i][0] = security == COLOMBE_SECURITY_NONE;
      keys[i][1] = attempt->succeeded && !attempt->trusted;
      keys[i][2] = plans[attempt->plan].protocol;
      keys[i][3] = security != COLOMBE_SECURITY_TLS;
      keys[i][4] = attempt->host;
      keys[i][5] = attempt->port;
    }

  for (guint k = 0; k < G_N_ELEMENTS (keys[0]); k++)
    if (keys[0][k] != keys[1][k])
      return keys[0][k] - keys[1][k];

  return 0;
}

static int
compare_attempt_pointers (gconstpointer a,
                          gconstpointer b)
{
  return compare_attempts (*(Attempt **) a, *(Attempt **) b);
}

static Attempt *
best_success (Guess     *guess,
              Direction  direction)
{
  Attempt *best = NULL;

  for (guint i = 0; i < guess->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (guess->attempts, i);

      if (attempt->succeeded && attempt_direction (attempt) == direction &&
          (best == NULL || compare_attempts (attempt, best) < 0))
        best = attempt;
    }

  return best;
}

static gboolean
direction_settled (Guess     *guess,
                   Direction  direction)
{
  Attempt *best = best_success (guess, direction);

  if (guess->grace_over[direction])
    return TRUE;

  for (guint i = 0; i < guess->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (guess->attempts, i);

      if (!attempt->done && attempt_direction (attempt) == direction &&
          (best == NULL || compare_attempts (attempt, best) < 0))
        return FALSE;
    }

  return TRUE;
}

/* ---- the answer ---- */

static ColombeServer *
server_new (Guess   *guess,
            Attempt *attempt)
{
  ColombeProbe *probe = attempt->probe;
  ColombeServer *server = colombe_server_new (colombe_probe_get_protocol (probe),
                                              colombe_probe_get_host (probe),
                                              colombe_probe_get_port (probe),
                                              attempt->security);

  colombe_server_set_username_template (server, "%EMAILADDRESS%");
  colombe_server_resolve_username (server, guess->address, guess->real_name);
  colombe_server_add_auth_method (server, "password-cleartext");

  return server;
}

static ColombeAccount *
account_new (Guess   *guess,
             Attempt *incoming,
             Attempt *outgoing)
{
  ColombeAccount *account = colombe_account_new (guess->real_name, guess->address);
  g_autoptr(ColombeServer) in = incoming ? server_new (guess, incoming) : NULL;
  g_autoptr(ColombeServer) out = outgoing ? server_new (guess, outgoing) : NULL;

  colombe_account_set_source (account, COLOMBE_SOURCE_GUESS);
  colombe_account_set_provider (account, guess->domain, guess->domain);
  colombe_account_set_incoming (account, in);
  colombe_account_set_outgoing (account, out);

  return account;
}

/* One account per incoming answer, best first, each with the best
 * outgoing one; the outgoing alone when no incoming server answered. */
static GPtrArray *
collect_accounts (Guess *guess)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) incoming = g_ptr_array_new ();
  Attempt *outgoing = best_success (guess, OUTGOING);

  for (guint i = 0; i < guess->attempts->len; i++)
    {
      Attempt *attempt = g_ptr_array_index (guess->attempts, i);

      if (attempt->succeeded && attempt_direction (attempt) == INCOMING)
        g_ptr_array_add (incoming, attempt);
    }
  g_ptr_array_sort (incoming, compare_attempt_pointers);

  for (guint i = 0; i < incoming->len; i++)
    g_ptr_array_add (accounts, account_new (guess, g_ptr_array_index (incoming, i), outgoing));

  if (incoming->len == 0 && outgoing != NULL)
    g_ptr_array_add (accounts, account_new (guess, NULL, outgoing));

  return accounts;
}

static void
answer (Guess *guess)
{
  g_autoptr(GTask) task = g_steal_pointer (&guess->task);
  GPtrArray *accounts = collect_accounts (guess);

  guess->query = NULL;
  for (guint d = 0; d < N_DIRECTIONS; d++)
    g_clear_handle_id (&guess->grace_id[d], g_source_remove);

  g_debug ("%s: %u candidates", guess->domain, accounts->len);
  g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);

  /* The probes still running can change nothing now. */
  g_cancellable_cancel (guess->cancellable);
}

static void
answer_if_settled (Guess *guess)
{
  if (guess->task == NULL)
    return;

  for (guint d = 0; d < N_DIRECTIONS; d++)
    if (!direction_settled (guess, d))
      return;

  answer (guess);
}

/* ---- the probes ---- */

typedef struct
{
  Guess     *guess;
  Direction  direction;
} Grace;

static gboolean
grace_over (gpointer user_data)
{
  Grace *grace = user_data;
  Guess *guess = grace->guess;

  g_debug ("%s: grace period over (%s)", guess->domain,
           grace->direction == INCOMING ? "incoming" : "outgoing");
  guess->grace_id[grace->direction] = 0;
  guess->grace_over[grace->direction] = TRUE;
  answer_if_settled (guess);

  return G_SOURCE_REMOVE;
}

static void
grace_free (Grace *grace)
{
  guess_unref (grace->guess);
  g_free (grace);
}

static void
note_success (Guess   *guess,
              Attempt *attempt)
{
  Direction direction = attempt_direction (attempt);
  Grace *grace;

  if (guess->task == NULL)
    return;

  if (!guess->notified)
    {
      guess->notified = TRUE;
      colombe_lookup_query_notify_found (guess->query);
    }

  if (guess->grace_id[direction] != 0 || guess->grace_over[direction])
    return;

  grace = g_new0 (Grace, 1);
  grace->guess = g_rc_box_acquire (guess);
  grace->direction = direction;
  guess->grace_id[direction] = g_timeout_add_full (G_PRIORITY_DEFAULT, GRACE_MS, grace_over,
                                                   grace, (GDestroyNotify) grace_free);
}

/* @probe ran, @error (borrowed) its failure or NULL. */
static void
attempt_finished (Attempt      *attempt,
                  ColombeProbe *probe,
                  GError       *error)
{
  Guess *guess = attempt->guess;

  attempt->done = TRUE;
  if (error == NULL)
    attempt->security = colombe_probe_get_achieved_security (probe);
  else if (g_error_matches (error, COLOMBE_PROTOCOL_ERROR,
                            COLOMBE_PROTOCOL_ERROR_STARTTLS_MISSING))
    attempt->security = COLOMBE_SECURITY_NONE;   /* it answers, in clear only */
  else
    {
      g_debug ("%s:%u: %s", colombe_probe_get_host (probe), colombe_probe_get_port (probe),
               error->message);
      answer_if_settled (guess);
      return;
    }

  attempt->succeeded = TRUE;
  attempt->trusted = colombe_probe_get_certificate_errors (probe) == 0;
  note_success (guess, attempt);
  answer_if_settled (guess);
}

static void
attempt_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Attempt *attempt = user_data;
  Guess *guess = attempt->guess;
  g_autoptr(GError) error = NULL;

  colombe_probe_run_finish (COLOMBE_PROBE (object), result, &error);
  attempt_finished (attempt, COLOMBE_PROBE (object), error);
  guess_unref (guess);   /* the attempt's, taken by start_attempt() */
}

/* The speculation's connection answered for this server, or there was none. */
static void
watched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Attempt *attempt = user_data;
  Guess *guess = attempt->guess;
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeProbe) probe = NULL;

  probe = colombe_speculation_claim_finish (COLOMBE_SPECULATION (object), result, &error);

  /* none under way: connect as usual (attempt_done then drops the guess) */
  if (probe == NULL && error == NULL)
    {
      colombe_probe_run_async (attempt->probe, guess->cancellable, attempt_done, attempt);
      return;
    }

  attempt_finished (attempt, probe, error);
  guess_unref (guess);   /* the attempt's, taken by start_attempt() */
}

static void
start_attempt (Guess *guess,
               guint  plan,
               guint  host,
               guint  port)
{
  const GuessPort *guess_port = &plans[plan].ports[port];
  g_autofree char *name = g_strconcat (plans[plan].prefixes[host], guess->domain, NULL);
  Attempt *attempt = g_new0 (Attempt, 1);

  attempt->guess = g_rc_box_acquire (guess);
  attempt->plan = plan;
  attempt->host = host;
  attempt->port = port;
  attempt->probe = colombe_probe_new (plans[plan].protocol, name, guess_port->port,
                                      guess_port->security, guess->query->tls_database);
  colombe_probe_set_accept_untrusted (attempt->probe, TRUE);
  colombe_probe_set_timeout (attempt->probe, PROBE_TIMEOUT_MS);
  g_ptr_array_add (guess->attempts, attempt);

  if (guess->query->speculation != NULL)
    {
      g_autoptr(ColombeServer) server = colombe_server_new (plans[plan].protocol, name,
                                                            guess_port->port,
                                                            guess_port->security);

      colombe_speculation_claim_async (guess->query->speculation, server,
                                       COLOMBE_SPECULATION_WATCH, NULL, watched, attempt);
      return;
    }

  colombe_probe_run_async (attempt->probe, guess->cancellable, attempt_done, attempt);
}

static void
parent_cancelled (GCancellable *parent,
                  GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
guess_run (const ColombeLookupQuery *query,
           GTask                    *task)
{
  g_autoptr(Guess) guess = g_rc_box_new0 (Guess);
  GCancellable *parent = g_task_get_cancellable (task);

  guess->task = g_object_ref (task);
  guess->query = query;
  guess->address = g_strdup (query->address);
  guess->domain = g_strdup (query->domain);
  guess->real_name = g_strdup (query->real_name);
  guess->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) attempt_free);
  guess->cancellable = g_cancellable_new ();
  if (parent != NULL)
    {
      guess->parent = g_object_ref (parent);
      guess->parent_id = g_cancellable_connect (parent, G_CALLBACK (parent_cancelled),
                                                guess->cancellable, NULL);
    }

  /* All at once: the table's order is the ranking, not a schedule. */
  for (guint plan = 0; plan < G_N_ELEMENTS (plans); plan++)
    for (guint host = 0; plans[plan].prefixes[host] != NULL; host++)
      for (guint port = 0; plans[plan].ports[port].port != 0; port++)
        start_attempt (guess, plan, host, port);
}

const ColombeLookup colombe_lookup_guess = {
  .name = "guess",
  .provenance = COLOMBE_SOURCE_GUESS,
  .needs_network = TRUE,
  .timeout_ms = 10000,
  .run = guess_run,
};
