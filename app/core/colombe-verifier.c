/* colombe-verifier.c: proves candidate settings by connecting and logging in
 *
 * Every distinct server of the candidates is probed at once (a candidate's
 * incoming and outgoing in parallel, several candidates racing); the run
 * ends as soon as the best-ranked candidate whose servers all worked is
 * known, that is when every better-ranked one has failed somewhere. A
 * server that a speculation already reached is taken over from it: the
 * login goes out on that connection, and the speculation's other
 * connections are let go as soon as every server has been claimed.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-verifier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-provider-db.h"
#include "colombe-secret.h"
#include "colombe-trust.h"
#include "colombe-probe.h"
#include "colombe-protocol.h"
#include "colombe-speculation.h"
#include "colombe-verifier.h"

/* Enough for a provider's IMAP, POP3 and SMTP variants; each failed login
 * counts against the person at the provider, so no more than that. */
#define MAX_CANDIDATES 4

typedef enum
{
  CHECK_RUNNING,
  CHECK_PROVEN,
  CHECK_FAILED,
} CheckState;

/* One distinct server being probed, shared by every candidate using it. */
typedef struct
{
  ColombeVerifier     *self;       /* unowned: the verifier outlives its run */
  ColombeServer       *server;
  ColombeProbe        *probe;
  CheckState           state;
  ColombeVerifyResult  result;
} Check;

struct _ColombeVerifier
{
  GObject        parent_instance;

  GPtrArray     *candidates;     /* ColombeAccount, at most MAX_CANDIDATES */
  char          *password;
  GTlsDatabase  *database;
  char          *pin;
  ColombeTrust  *trust;
  gboolean       allow_plaintext;
  guint          timeout_ms;
  gboolean       takes_password;  /* the best candidate's sign-in list allows one */
  ColombeSpeculation *speculation;

  GPtrArray     *checks;         /* Check */
  GCancellable  *cancellable;    /* the run's probes, cancelled once decided */
  GTask         *task;
  guint          chosen;
  gboolean       proven;
};

G_DEFINE_FINAL_TYPE (ColombeVerifier, colombe_verifier, G_TYPE_OBJECT)

static void
result_clear (ColombeVerifyResult *result)
{
  g_clear_error (&result->error);
  g_clear_pointer (&result->certificate, colombe_certificate_info_free);
  g_clear_pointer (&result->username, g_free);
  g_clear_pointer (&result->help_url, g_free);
  g_clear_pointer (&result->next_step, g_free);
}

static void
check_free (Check *check)
{
  result_clear (&check->result);
  g_clear_object (&check->probe);
  g_clear_object (&check->server);
  g_free (check);
}

static void
colombe_verifier_finalize (GObject *object)
{
  ColombeVerifier *self = (ColombeVerifier *)object;

  g_assert (self->task == NULL);

  g_clear_pointer (&self->password, colombe_secret_free);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pin, g_free);
  g_clear_object (&self->trust);
  g_clear_object (&self->speculation);

  G_OBJECT_CLASS (colombe_verifier_parent_class)->finalize (object);
}

static void
colombe_verifier_class_init (ColombeVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_verifier_finalize;
}

static void
colombe_verifier_init (ColombeVerifier *self)
{
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
}

ColombeVerifier *
colombe_verifier_new (GPtrArray *candidates)
{
  ColombeVerifier *self;

  g_return_val_if_fail (candidates != NULL && candidates->len > 0, NULL);

  self = g_object_new (COLOMBE_TYPE_VERIFIER, NULL);
  for (guint i = 0; i < MIN (candidates->len, MAX_CANDIDATES); i++)
    g_ptr_array_add (self->candidates, g_object_ref (g_ptr_array_index (candidates, i)));

  return self;
}

void
colombe_verifier_set_password (ColombeVerifier *self,
                               const char      *password)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));

  g_clear_pointer (&self->password, colombe_secret_free);
  self->password = g_strdup (password);
}

void
colombe_verifier_set_tls_database (ColombeVerifier *self,
                                   GTlsDatabase    *database)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));
  g_return_if_fail (!database || G_IS_TLS_DATABASE (database));

  g_set_object (&self->database, database);
}

void
colombe_verifier_set_pinned_certificate (ColombeVerifier *self,
                                         const char      *sha256)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));

  colombe_set_str (&self->pin, sha256);
}

void
colombe_verifier_set_trust (ColombeVerifier *self,
                            ColombeTrust    *trust)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));
  g_return_if_fail (!trust || COLOMBE_IS_TRUST (trust));

  g_set_object (&self->trust, trust);
}

void
colombe_verifier_set_allow_plaintext (ColombeVerifier *self,
                                      gboolean         allow)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));

  self->allow_plaintext = !!allow;
}

void
colombe_verifier_set_timeout (ColombeVerifier *self,
                              guint            timeout_ms)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));

  self->timeout_ms = timeout_ms;
}

void
colombe_verifier_set_speculation (ColombeVerifier    *self,
                                  ColombeSpeculation *speculation)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));
  g_return_if_fail (!speculation || COLOMBE_IS_SPECULATION (speculation));

  g_set_object (&self->speculation, speculation);
}

/* The check of @server, made once for every candidate that uses it. */
static Check *
check_for (ColombeVerifier *self,
           ColombeServer   *server)
{
  Check *check;

  if (server == NULL)
    return NULL;

  for (guint i = 0; i < self->checks->len; i++)
    {
      check = g_ptr_array_index (self->checks, i);
      if (colombe_server_equal (check->server, server))
        return check;
    }

  check = g_new0 (Check, 1);
  check->self = self;
  check->server = g_object_ref (server);
  check->state = CHECK_RUNNING;
  g_ptr_array_add (self->checks, check);

  return check;
}

static ColombeAccount *
best_candidate (Check *check)
{
  return g_ptr_array_index (check->self->candidates, 0);
}

/* The built-in provider of the address, else of the server's host. */
static ColombeClientConfig *
provider_of (Check *check)
{
  ColombeProviderDb *db = colombe_provider_db_get_default ();
  const char *address = colombe_account_get_address (best_candidate (check));
  ColombeClientConfig *config = colombe_provider_db_lookup (db, strrchr (address, '@') + 1);

  if (config == NULL)
    config = colombe_provider_db_lookup_for_host (db, colombe_server_get_host (check->server));

  return config;
}

static CheckState
candidate_state (ColombeVerifier *self,
                 ColombeAccount  *account)
{
  Check *incoming = check_for (self, colombe_account_get_incoming (account));
  Check *outgoing = check_for (self, colombe_account_get_outgoing (account));

  /* A candidate without one of its servers can explain, not succeed. */
  if (incoming == NULL || outgoing == NULL ||
      incoming->state == CHECK_FAILED || outgoing->state == CHECK_FAILED)
    return CHECK_FAILED;

  if (incoming->state == CHECK_PROVEN && outgoing->state == CHECK_PROVEN)
    return CHECK_PROVEN;

  return CHECK_RUNNING;
}

static gboolean
candidate_settled (ColombeVerifier *self,
                   ColombeAccount  *account)
{
  Check *incoming = check_for (self, colombe_account_get_incoming (account));
  Check *outgoing = check_for (self, colombe_account_get_outgoing (account));

  return (incoming == NULL || incoming->state != CHECK_RUNNING) &&
         (outgoing == NULL || outgoing->state != CHECK_RUNNING);
}

/* The account says the username that logged in, which may be the local
 * part where nothing was configured: what the exports and the keyring use. */
static void
record_usernames (ColombeVerifier *self)
{
  ColombeAccount *account = g_ptr_array_index (self->candidates, self->chosen);
  ColombeServer *servers[] = {
    colombe_account_get_incoming (account), colombe_account_get_outgoing (account),
  };

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      Check *check = servers[i] ? check_for (self, servers[i]) : NULL;

      /* both objects: they may be two equal servers of two candidates */
      if (check != NULL && check->result.username != NULL)
        {
          colombe_server_set_username (servers[i], check->result.username);
          colombe_server_set_username (check->server, check->result.username);
        }
    }
}

/* Free refuses sending until its "SMTP authentifié" is on: when the same
 * password opened @worked, a refusal at @failed names that switch. */
static void
explain_switch (Check *failed,
                Check *worked)
{
  ColombeClientConfig *config;
  const ColombeHelpLink *link;
  ColombeProtocol protocol;
  const char *text;

  if (failed == NULL || worked == NULL || failed->state != CHECK_FAILED ||
      failed->result.kind != COLOMBE_FAILURE_KIND_AUTH_FAILED ||
      worked->result.login != COLOMBE_LOGIN_OK ||
      (config = provider_of (failed)) == NULL ||
      (link = colombe_client_config_get_switch (config, &protocol)) == NULL ||
      protocol != colombe_server_get_protocol (failed->server) ||
      (text = colombe_help_link_get_text (link, g_get_language_names ()[0])) == NULL)
    return;

  g_free (failed->result.next_step);
  failed->result.next_step = colombe_failure_dup_switch_step (text, link->url);
  g_free (failed->result.help_url);
  failed->result.help_url = g_strdup (link->url);
}

static void
finish_run (ColombeVerifier *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  ColombeAccount *chosen = g_ptr_array_index (self->candidates, self->chosen);
  Check *incoming = check_for (self, colombe_account_get_incoming (chosen));
  Check *outgoing = check_for (self, colombe_account_get_outgoing (chosen));

  explain_switch (outgoing, incoming);
  explain_switch (incoming, outgoing);
  if (self->proven)
    record_usernames (self);

  /* The others are not needed any more: no more logins than necessary. */
  g_cancellable_cancel (self->cancellable);

  g_debug ("chose candidate %u (%s)", self->chosen, self->proven ? "proven" : "not proven");
  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

/* Decide once the best-ranked candidate still standing is settled. */
static void
maybe_decide (ColombeVerifier *self)
{
  if (self->task == NULL)
    return;

  for (guint i = 0; i < self->candidates->len; i++)
    {
      CheckState state = candidate_state (self, g_ptr_array_index (self->candidates, i));

      if (state == CHECK_RUNNING)
        return;

      if (state == CHECK_PROVEN)
        {
          self->chosen = i;
          self->proven = TRUE;
          finish_run (self);
          return;
        }
    }

  /* Everything failed: the best-ranked candidate's failures say why, once
   * both of its servers have had their say. */
  if (!candidate_settled (self, g_ptr_array_index (self->candidates, 0)))
    return;

  self->chosen = 0;
  self->proven = FALSE;
  finish_run (self);
}

/* The usernames to try: the one configured, else the full address and
 * then the local part (DISCOVERY.md: stop at the first that works). */
static GStrv
usernames_for (ColombeVerifier *self,
               ColombeServer   *server)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  ColombeAccount *account = g_ptr_array_index (self->candidates, 0);
  const char *configured = colombe_server_get_username (server);
  const char *address = colombe_account_get_address (account);
  const char *at = strrchr (address, '@');

  if (configured != NULL && *configured != '\0')
    g_strv_builder_add (builder, configured);
  else
    {
      g_autofree char *local_part = g_strndup (address, at ? (gsize) (at - address) : strlen (address));

      g_strv_builder_add (builder, address);
      g_strv_builder_add (builder, local_part);
    }

  return g_strv_builder_end (builder);
}

/* The provider refuses the usual password and wants an app password: a
 * refused login most likely means the usual password was typed. */
static gboolean
wants_app_password (Check *check)
{
  const char * const *ways = colombe_account_get_sign_in (best_candidate (check));
  ColombeClientConfig *config;

  if (ways != NULL)
    return g_str_equal (ways[0], "app-password");

  config = provider_of (check);
  return config != NULL &&
         colombe_client_config_get_password_policy (config) == COLOMBE_PASSWORD_POLICY_APP_PASSWORD;
}

/* The provider's page on signing in: the account's help, else the
 * database's app-password page. */
static const char *
help_page (Check *check)
{
  const ColombeHelp *help = colombe_account_get_help (best_candidate (check));
  ColombeClientConfig *config;

  if (help != NULL)
    return help->url;

  config = provider_of (check);
  return config != NULL ? colombe_client_config_get_app_password_url (config) : NULL;
}

static void
record_failure (Check  *check,
                GError *error)
{
  ColombeVerifyResult *result = &check->result;

  result->kind = colombe_failure_kind_from_error (error);
  result->login = COLOMBE_LOGIN_FAILED;
  result->error = error;

  if (result->kind == COLOMBE_FAILURE_KIND_AUTH_FAILED && wants_app_password (check) &&
      help_page (check) != NULL)
    result->kind = COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED;
  if (result->kind == COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED ||
      result->kind == COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED)
    result->help_url = g_strdup (help_page (check));
  result->next_step = colombe_failure_kind_dup_next_step (result->kind, result->help_url);
}

/* The server answered, and no password was sent: the provider takes none. */
static void
record_oauth2_required (Check *check)
{
  const char *host = colombe_server_get_host (check->server);
  GError *error;

  if (check->result.oauth2_offered)
    error = g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_OAUTH2_REQUIRED,
                         _("%s offers the provider’s sign-in (XOAUTH2 or OAUTHBEARER); "
                           "the provider takes no password, so none was sent"), host);
  else
    error = g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_OAUTH2_REQUIRED,
                         _("%s does not offer the provider’s sign-in (XOAUTH2 or OAUTHBEARER), "
                           "and the provider takes no password: none was sent"), host);

  record_failure (check, error);
  check->result.login = COLOMBE_LOGIN_SKIPPED;
}

/* @error: @probe's failure, taken; NULL when it worked. */
static void
record_outcome (Check        *check,
                ColombeProbe *probe,
                GError       *error)
{
  ColombeVerifier *self = check->self;

  check->result.ms = colombe_probe_get_elapsed_ms (probe);
  check->result.oauth2_offered = colombe_probe_offers_oauth2 (probe);
  if (colombe_probe_get_certificate_info (probe) != NULL)
    check->result.certificate = colombe_certificate_info_copy (colombe_probe_get_certificate_info (probe));

  if (error == NULL && !self->takes_password)
    {
      check->state = CHECK_FAILED;
      record_oauth2_required (check);
    }
  else if (error == NULL)
    {
      check->state = CHECK_PROVEN;
      check->result.verified = TRUE;
      check->result.login = self->password ? COLOMBE_LOGIN_OK : COLOMBE_LOGIN_SKIPPED;
      check->result.username = g_strdup (colombe_probe_get_username_used (probe));
    }
  else
    {
      check->state = CHECK_FAILED;
      record_failure (check, error);
    }

  g_debug ("%s:%u: %s after %" G_GINT64_FORMAT " ms", colombe_server_get_host (check->server),
           colombe_server_get_port (check->server),
           check->state == CHECK_PROVEN ? "proven" : "failed", check->result.ms);

  maybe_decide (self);
}

static void
probe_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Check *check = user_data;
  ColombeVerifier *self = check->self;
  ColombeProbe *probe = COLOMBE_PROBE (object);
  GError *error = NULL;

  colombe_probe_run_finish (probe, result, &error);
  record_outcome (check, probe, error);
  g_object_unref (self);   /* taken by run_probe() */
}

/* The settings of this run, on a new probe or on one taken over. */
static void
run_probe (ColombeVerifier *self,
           Check           *check)
{
  ColombeServer *server = check->server;

  if (check->probe == NULL)
    check->probe = colombe_probe_new (colombe_server_get_protocol (server),
                                      colombe_server_get_host (server),
                                      colombe_server_get_port (server),
                                      colombe_server_get_security (server),
                                      self->database);
  if (self->timeout_ms > 0)
    colombe_probe_set_timeout (check->probe, self->timeout_ms);
  colombe_probe_set_allow_plaintext (check->probe, self->allow_plaintext);
  if (self->pin != NULL)
    colombe_probe_set_pinned_certificate (check->probe, self->pin);
  else if (self->trust != NULL)
    {
      /* an exception the person accepted earlier, for this host and port only */
      g_autofree char *pin = colombe_trust_lookup (self->trust, colombe_server_get_host (server),
                                                   colombe_server_get_port (server));

      if (pin != NULL)
        colombe_probe_set_pinned_certificate (check->probe, pin);
    }
  if (self->password != NULL && self->takes_password)
    {
      g_auto(GStrv) usernames = usernames_for (self, server);

      colombe_probe_set_credentials (check->probe, (const char * const *) usernames,
                                     self->password);
    }

  colombe_probe_run_async (check->probe, self->cancellable, probe_done, check);
  g_object_ref (self);
}

/* A speculative connection that failed failed as a new one would have:
 * its failure is the verdict, without waiting for a second timeout. */
static void
taken (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  Check *check = user_data;
  g_autoptr(ColombeVerifier) self = check->self;
  GError *error = NULL;

  check->probe = colombe_speculation_claim_finish (COLOMBE_SPECULATION (object), result, &error);
  /* decided meanwhile: no login that nobody waits for */
  if (error == NULL && check->probe != NULL &&
      g_cancellable_set_error_if_cancelled (self->cancellable, &error))
    colombe_probe_let_go (check->probe);
  if (error != NULL)
    record_outcome (check, check->probe, error);
  else
    run_probe (self, check);
}

static void
start_check (ColombeVerifier *self,
             Check           *check)
{
  if (self->speculation == NULL)
    {
      run_probe (self, check);
      return;
    }

  colombe_speculation_claim_async (self->speculation, check->server, COLOMBE_SPECULATION_TAKE,
                                   self->cancellable, taken, check);
  g_object_ref (self);
}

void
colombe_verifier_run_async (ColombeVerifier     *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (COLOMBE_IS_VERIFIER (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (self->checks->len == 0);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, colombe_verifier_run_async);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             self->cancellable, G_CONNECT_SWAPPED);

  /* A hand-written account at a known provider follows its rules too. */
  for (guint i = 0; i < self->candidates->len; i++)
    colombe_provider_db_complete_account (colombe_provider_db_get_default (),
                                          g_ptr_array_index (self->candidates, i));
  self->takes_password = colombe_account_takes_password (g_ptr_array_index (self->candidates, 0));

  /* Gather the distinct servers first, then start them all. */
  for (guint i = 0; i < self->candidates->len; i++)
    candidate_state (self, g_ptr_array_index (self->candidates, i));
  for (guint i = 0; i < self->checks->len; i++)
    start_check (self, g_ptr_array_index (self->checks, i));
  /* every server has claimed its connection: the rest are not needed */
  if (self->speculation != NULL)
    colombe_speculation_close (self->speculation);

  maybe_decide (self);
}

gboolean
colombe_verifier_run_finish (ColombeVerifier  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (COLOMBE_IS_VERIFIER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

ColombeAccount *
colombe_verifier_get_account (ColombeVerifier *self)
{
  g_return_val_if_fail (COLOMBE_IS_VERIFIER (self), NULL);

  return g_ptr_array_index (self->candidates, self->chosen);
}

gboolean
colombe_verifier_get_proven (ColombeVerifier *self)
{
  g_return_val_if_fail (COLOMBE_IS_VERIFIER (self), FALSE);

  return self->proven;
}

static const ColombeVerifyResult *
result_of (ColombeVerifier *self,
           ColombeServer   *server)
{
  Check *check;

  if (server == NULL)
    return NULL;

  check = check_for (self, server);
  return &check->result;
}

const ColombeVerifyResult *
colombe_verifier_get_incoming_result (ColombeVerifier *self)
{
  g_return_val_if_fail (COLOMBE_IS_VERIFIER (self), NULL);

  return result_of (self, colombe_account_get_incoming (colombe_verifier_get_account (self)));
}

const ColombeVerifyResult *
colombe_verifier_get_outgoing_result (ColombeVerifier *self)
{
  g_return_val_if_fail (COLOMBE_IS_VERIFIER (self), NULL);

  return result_of (self, colombe_account_get_outgoing (colombe_verifier_get_account (self)));
}

const char *
colombe_login_to_string (ColombeLogin login)
{
  static const char * const names[] = { "skipped", "ok", "failed" };

  g_return_val_if_fail (login < G_N_ELEMENTS (names), NULL);

  return names[login];
}
