/* colombe-cli-batch.c: `colombe detect --batch` and `colombe test --batch`
 *
 * An association's technical helper checks a whole list at once: one
 * address per line in, one JSON object per line out, in the same order.
 *
 * - The settings depend on the domain, not the person: each domain is
 *   looked up once, whatever the number of its addresses, and each person
 *   gets a copy with their own username (colombe_account_copy_for).
 * - At most WINDOW addresses are running at a time (their domain's lookup
 *   or their login not finished), read from the file as places free up.
 *   Lines are printed in order, as soon as all those before them are; a
 *   finished line waiting for an earlier one is kept aside, and reading
 *   pauses while BUFFERED lines are in hand, running or aside: the memory
 *   does not grow with the list, only with its distinct domains. A slow
 *   domain holds back the printing, not the work of the others, nor the
 *   reading of the lines after it.
 * - Providers rate-limit: every mail server connection passes the host
 *   gate, at most 2 at once to one host, and the HTTP lookups share one
 *   session, which keeps to 2 per host as well, but has room in all for
 *   every domain being looked up: dead hosts do not keep the others
 *   waiting.
 * - Every lookup and login has its own time limit (--timeout): the run
 *   ends within them, whatever the list holds.
 * - A line that is not an address is reported in its place, and the rest
 *   goes on.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli-batch"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-cli-batch.h"
#include "colombe-field.h"
#include "colombe-handshake-gate.h"
#include "colombe-host-gate.h"
#include "colombe-http.h"
#include "colombe-keyring.h"
#include "colombe-suggestion.h"

/* Addresses running at once: enough to keep a few dozen domains busy. */
#define WINDOW 32
/* Lines in hand at once, running or finished and kept aside until those
 * before them are printed: enough for the lines done while a dead domain
 * at the head runs to its time limit. A line aside is its text (a few
 * kilobytes): a few megabytes at most. */
#define BUFFERED 1024
/* What providers tolerate from one client. */
#define PER_HOST 2
/* The web lookups one domain may have running at once: autoconfig over
 * https and http, well-known, the ISPDB and the MX's two follow-ups. */
#define WEB_PER_DOMAIN 6
/* TLS handshakes at once, below the ten threads GLib performs them in,
 * so that name lookups always find one (colombe-handshake-gate.c). */
#define HANDSHAKES 6
/* While others wait, how long one handshake may go on: a server that
 * answers at all has finished in a few round trips. */
#define HANDSHAKE_PATIENCE_MS 3000
/* A line longer than this is no address (RFC 5321: 254 at most). */
#define MAX_LINE 1024

typedef struct _Batch Batch;

/* One domain's lookup, shared by its addresses. */
typedef struct
{
  Batch            *batch;
  ColombeDiscovery *discovery;   /* while it runs */
  GPtrArray        *candidates;  /* then: what it found */
  GPtrArray        *reports;
  gboolean          no_network;
  GPtrArray        *waiting;     /* Item, until it is done */
} Domain;

/* One line of the list. */
typedef struct
{
  Batch           *batch;
  guint            line;
  char            *text;
  ColombeAddress  *address;
  ColombeSecret   *password;     /* from --password-fd, or the keyring */
  GPtrArray       *candidates;   /* this person's copies */
  char            *printed;      /* its JSON line once done, kept as
                                  * text: far smaller than the tree */
  gboolean         ok;
} Item;

struct _Batch
{
  ColombeCliBatchKind        kind;
  ColombeCliBatchOptions    *options;
  GTlsDatabase              *database;
  SoupSession               *session;
  GDataInputStream          *input;
  GDataInputStream          *passwords;
  guint                      line;
  gboolean                   eof;
  GError                    *read_error;
  GQueue                     items;      /* in the list's order */
  guint                      n_running;  /* of them, not done yet */
  GHashTable                *domains;    /* name -> Domain */
  gboolean                   pumping;
  gboolean                   finished;
  gint64                     started;

  guint                      n_addresses;
  guint                      n_ok;
  guint                      n_bad;
};

static void batch_pump (Batch *self);

static void
domain_free (Domain *domain)
{
  g_clear_object (&domain->discovery);
  g_clear_pointer (&domain->candidates, g_ptr_array_unref);
  g_clear_pointer (&domain->reports, g_ptr_array_unref);
  g_clear_pointer (&domain->waiting, g_ptr_array_unref);
  g_free (domain);
}

static void
item_free (Item *item)
{
  g_free (item->text);
  g_clear_pointer (&item->address, colombe_address_free);
  g_clear_pointer (&item->password, colombe_secret_free);
  g_clear_pointer (&item->candidates, g_ptr_array_unref);
  g_free (item->printed);
  g_free (item);
}

/* ---- the end of one line ---- */

static char *
dup_line (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* The line's number first, then what detect --json or test --json prints
 * (@result is taken). */
static void
item_done (Item     *item,
           JsonNode *result,
           gboolean  ok)
{
  json_object_set_int_member (json_node_get_object (result), "line", item->line);
  item->printed = dup_line (result);
  json_node_unref (result);
  item->ok = ok;
  item->batch->n_running--;
  g_clear_pointer (&item->password, colombe_secret_free);
  g_clear_pointer (&item->candidates, g_ptr_array_unref);
  batch_pump (item->batch);
}

/* An object for a line that got no further: {"address", "error"}. */
static JsonNode *
dup_error_json (const char *address,
                const char *kind,
                const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  colombe_cli_json_add_string (builder, "address", address);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  colombe_cli_json_add_string (builder, "kind", kind);
  colombe_cli_json_add_string (builder, "message", message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- test: one person's logins ---- */

static void
verified (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Item *item = user_data;
  ColombeVerifier *verifier = COLOMBE_VERIFIER (object);
  g_autoptr(GError) error = NULL;

  if (!colombe_verifier_run_finish (verifier, result, &error))
    item_done (item, dup_error_json (item->address->address, "failed", error->message), FALSE);
  else
    item_done (item, colombe_cli_test_result_to_json (verifier, NULL),
               colombe_verifier_get_proven (verifier));
  g_object_unref (verifier);
}

static void
item_verify (Item *item)
{
  ColombeCliBatchOptions *options = item->batch->options;
  ColombeVerifier *verifier = colombe_verifier_new (item->candidates);

  colombe_verifier_set_password (verifier, item->password);
  colombe_verifier_set_tls_database (verifier, item->batch->database);
  colombe_verifier_set_allow_plaintext (verifier, options->allow_plaintext);
  colombe_verifier_set_timeout (verifier, options->discovery->timeout * 1000);
  colombe_verifier_run_async (verifier, NULL, verified, item);
}

static void
password_found (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Item *item = user_data;
  g_autoptr(GError) error = NULL;
  char *password = colombe_keyring_lookup_finish (result, &error);

  if (password != NULL)
    {
      item->password = g_strdup (password);
      colombe_keyring_password_free (password);
    }
  else if (error != NULL)
    g_debug ("%s: no password in the keyring: %s", item->address->address, error->message);

  item_verify (item);
}

/* ---- the domain's settings, for one person ---- */

/* test: nothing to prove. What detect would say of it, and why. */
static JsonNode *
dup_not_found_json (Item       *item,
                    Domain     *domain,
                    const char *did_you_mean)
{
  JsonNode *result = colombe_cli_detect_result_to_json (item->address->address, item->candidates,
                                                        domain->reports, did_you_mean,
                                                        domain->no_network);
  g_autoptr(JsonNode) error = dup_error_json (NULL, domain->no_network ? "offline" : "not-found",
                                              domain->no_network
                                              ? _("This computer is not connected to the Internet.")
                                              : _("No settings were found for this address."));

  json_object_set_member (json_node_get_object (result), "error",
                          json_object_dup_member (json_node_get_object (error), "error"));
  return result;
}

static void
item_ready (Item   *item,
            Domain *domain)
{
  Batch *self = item->batch;
  g_autofree char *did_you_mean = colombe_suggest_address (item->text);

  item->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < domain->candidates->len; i++)
    g_ptr_array_add (item->candidates,
                     colombe_account_copy_for (g_ptr_array_index (domain->candidates, i),
                                               item->address->address, NULL));

  if (self->kind == COLOMBE_CLI_BATCH_DETECT)
    {
      item_done (item, colombe_cli_detect_result_to_json (item->address->address,
                                                          item->candidates, domain->reports,
                                                          did_you_mean, domain->no_network),
                 item->candidates->len > 0 && !domain->no_network);
      return;
    }

  if (item->candidates->len == 0)
    {
      item_done (item, dup_not_found_json (item, domain, did_you_mean), FALSE);
      return;
    }

  if (item->password == NULL && self->passwords == NULL)
    colombe_keyring_lookup_async (colombe_account_get_incoming (g_ptr_array_index (item->candidates, 0)),
                                  NULL, password_found, item);
  else
    item_verify (item);
}

static void
domain_found (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Domain *domain = user_data;
  ColombeDiscovery *discovery = COLOMBE_DISCOVERY (object);
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&domain->waiting);
  g_autoptr(GError) error = NULL;

  if (!colombe_discovery_run_finish (discovery, result, &error))
    g_debug ("discovery failed: %s", error->message);

  domain->candidates = g_ptr_array_ref (colombe_discovery_get_candidates (discovery));
  domain->reports = g_ptr_array_ref (colombe_discovery_get_reports (discovery));
  domain->no_network = colombe_discovery_get_no_network (discovery);
  /* its sources' state is no longer needed: only the answer stays */
  g_clear_object (&domain->discovery);

  for (guint i = 0; i < waiting->len; i++)
    item_ready (g_ptr_array_index (waiting, i), domain);
}

/* The domain's lookup, started by its first address. */
/* A tenth of the time limit, HANDSHAKE_PATIENCE_MS at most: a window of
 * domains that all keep silent waits WINDOW / HANDSHAKES rounds of it for
 * its places, about half the time limit, and the other half is left. */
static guint
handshake_patience (const ColombeCliDiscoveryOptions *options)
{
  guint64 timeout_ms = options->timeout > 0 ? options->timeout * 1000
                                            : COLOMBE_DISCOVERY_DEFAULT_TIMEOUT_MS;

  return MIN (HANDSHAKE_PATIENCE_MS, timeout_ms / 10);
}

static Domain *
domain_start (Batch *self,
              Item  *item)
{
  g_autoptr(GError) error = NULL;
  Domain *domain = g_new0 (Domain, 1);

  domain->batch = self;
  domain->waiting = g_ptr_array_new ();
  g_hash_table_insert (self->domains, g_strdup (item->address->domain), domain);

  /* the options were checked before the first line */
  domain->discovery = colombe_cli_discovery_new (item->address, NULL, self->options->discovery,
                                                 &error);
  g_assert_no_error (error);
  colombe_discovery_set_session (domain->discovery, self->session);
  /* Nobody waits for the line: a better source is worth its time limit
   * (a handshake waiting its turn at the gate would miss the grace). */
  colombe_discovery_set_grace (domain->discovery, G_MAXUINT);
  colombe_discovery_run_async (domain->discovery, NULL, domain_found, domain);

  return domain;
}

/* The one gate, for what the list and the passwords' lines hold. */
static gboolean
item_check (Item    *item,
            GError **error)
{
  if (!g_utf8_validate (item->text, -1, NULL) || strlen (item->text) > MAX_LINE)
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("this line is not an address"));
      return FALSE;
    }
  if (item->password != NULL &&
      !colombe_field_check_named (COLOMBE_FIELD_PASSWORD, item->password, "--password-fd",
                                  error))
    return FALSE;

  return (item->address = colombe_address_parse (item->text, error)) != NULL;
}

static void
item_start (Item *item)
{
  Batch *self = item->batch;
  g_autoptr(GError) error = NULL;
  Domain *domain;

  if (!item_check (item, &error))
    {
      g_autofree char *shown = colombe_field_dup_shown (item->text);

      self->n_bad++;
      item_done (item, dup_error_json (shown, "invalid-input", error->message), FALSE);
      return;
    }

  domain = g_hash_table_lookup (self->domains, item->address->domain);
  if (domain == NULL)
    domain = domain_start (self, item);
  if (domain->waiting != NULL)
    g_ptr_array_add (domain->waiting, item);
  else
    item_ready (item, domain);
}

/* ---- reading and printing, in order ---- */

/* The next line that is not blank nor a # comment, without its end;
 * NULL at the end (or on an error, kept). */
static char *
read_address_line (Batch *self)
{
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (self->input, NULL, NULL, &error);
      char *text;

      if (line == NULL)
        {
          if (error != NULL)
            self->read_error = g_steal_pointer (&error);
          return NULL;
        }
      self->line++;
      text = g_strstrip (line);
      if (*text != '\0' && *text != '#')
        return g_strdup (text);
    }
}

/* --password-fd: the next line, for the address just read. */
static ColombeSecret *
read_password_line (Batch *self)
{
  g_autoptr(GError) error = NULL;
  ColombeSecret *line;

  if (self->passwords == NULL)
    return NULL;
  line = g_data_input_stream_read_line (self->passwords, NULL, NULL, &error);
  if (error != NULL)
    g_debug ("--password-fd: %s", error->message);
  return g_steal_pointer (&line);
}

/* The next address of the list, in hand; FALSE at its end. */
static gboolean
batch_take_line (Batch *self)
{
  g_autofree char *text = read_address_line (self);
  Item *item;

  if (text == NULL)
    return FALSE;

  item = g_new0 (Item, 1);
  item->batch = self;
  item->line = self->line;
  item->text = g_steal_pointer (&text);
  item->password = read_password_line (self);
  self->n_addresses++;
  self->n_running++;
  g_queue_push_tail (&self->items, item);
  item_start (item);
  return TRUE;
}

static void
batch_print_done (Batch *self)
{
  Item *head;

  while ((head = g_queue_peek_head (&self->items)) != NULL && head->printed != NULL)
    {
      g_queue_pop_head (&self->items);
      g_print ("%s\n", head->printed);
      self->n_ok += head->ok;
      item_free (head);
    }
}

/* Room for one more line: a place to run it, and room to keep it aside
 * once done, should the lines before it still run. The lines running now
 * may all end up aside too: they count against BUFFERED already. */
static gboolean
batch_has_room (Batch *self)
{
  return self->n_running < WINDOW && self->items.length < BUFFERED;
}

/* Prints what is done at the head of the list and takes new lines while
 * there is room. Called whenever a line is done, which may happen while
 * a line is being taken (a domain known already): a loop, not recursion,
 * however long the list. */
static void
batch_pump (Batch *self)
{
  if (self->pumping)
    return;

  self->pumping = TRUE;
  for (;;)
    {
      batch_print_done (self);
      if (self->eof || !batch_has_room (self))
        break;
      self->eof = !batch_take_line (self);
    }
  self->pumping = FALSE;

  self->finished = self->eof && g_queue_is_empty (&self->items);
}

/* ---- the run ---- */

static GInputStream *
open_list (const char  *file,
           GError     **error)
{
  g_autoptr(GFile) location = NULL;

  if (g_strcmp0 (file, "-") == 0)
    return g_unix_input_stream_new (0, FALSE);

  location = g_file_new_for_commandline_arg (file);
  return G_INPUT_STREAM (g_file_read (location, NULL, error));
}

static gboolean
batch_open (Batch       *self,
            const char  *file,
            GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (!(stream = open_list (file, error)))
    return FALSE;
  self->input = g_data_input_stream_new (stream);

  if (self->options->password_fd >= 0)
    {
      g_autoptr(GInputStream) passwords = g_unix_input_stream_new (self->options->password_fd,
                                                                   FALSE);

      self->passwords = g_data_input_stream_new (passwords);
    }

  if (self->options->discovery->ca_file != NULL &&
      !(self->database = colombe_cli_discovery_options_get_database (self->options->discovery,
                                                                     error)))
    return FALSE;
  /* room for every domain being looked up (WINDOW at most, one address
   * each): a dead one's lookups hold theirs until the time limit, and
   * must not make the others wait */
  self->session = colombe_http_session_new_shared (self->database, WINDOW * WEB_PER_DOMAIN);

  return TRUE;
}

static void
batch_clear (Batch *self)
{
  g_queue_clear_full (&self->items, (GDestroyNotify) item_free);
  g_clear_pointer (&self->domains, g_hash_table_unref);
  g_clear_object (&self->input);
  g_clear_object (&self->passwords);
  g_clear_object (&self->session);
  g_clear_object (&self->database);
  g_clear_error (&self->read_error);
}

/* One line on stderr: what the run did, for the person reading the JSON
 * elsewhere. */
static void
print_summary (Batch *self)
{
  ColombeHostGate *gate = colombe_host_gate_get_default ();
  guint n_failed = self->n_addresses - self->n_ok - self->n_bad;
  double seconds = (g_get_monotonic_time () - self->started) / (double) G_USEC_PER_SEC;

  g_printerr (self->kind == COLOMBE_CLI_BATCH_DETECT
              /* Translators: the summary of detect --batch on stderr; labels
               * and numbers, so that no plural needs agreeing. */
              ? _("colombe: addresses: %u, domains: %u, found: %u, not found: %u, bad lines: %u, "
                  "mail server connections: %u, hosts: %u, most at once to one host: %u, "
                  "seconds: %.1f\n")
              /* Translators: the summary of test --batch on stderr. */
              : _("colombe: addresses: %u, domains: %u, proven: %u, not proven: %u, bad lines: %u, "
                  "mail server connections: %u, hosts: %u, most at once to one host: %u, "
                  "seconds: %.1f\n"),
              self->n_addresses, g_hash_table_size (self->domains), self->n_ok, n_failed,
              self->n_bad, colombe_host_gate_get_n_entered (gate),
              colombe_host_gate_get_n_hosts (gate), colombe_host_gate_get_peak (gate), seconds);
}

int
colombe_cli_batch_run (ColombeCliBatchKind     kind,
                       const char             *file,
                       ColombeCliBatchOptions *options)
{
  g_autoptr(GError) error = NULL;
  Batch self = { 0 };
  int status;

  self.kind = kind;
  self.options = options;
  self.started = g_get_monotonic_time ();
  self.domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) domain_free);
  g_queue_init (&self.items);

  if (!batch_open (&self, file, &error))
    {
      batch_clear (&self);
      return colombe_cli_input_error ("--batch: %s", error->message);
    }

  colombe_host_gate_set_limit (colombe_host_gate_get_default (), PER_HOST);
  colombe_handshake_gate_set_limit (colombe_handshake_gate_get_default (), HANDSHAKES,
                                    handshake_patience (options->discovery));
  batch_pump (&self);
  colombe_cli_wait (&self.finished);

  if (self.read_error != NULL)
    {
      g_printerr (_("colombe: --batch: reading stopped at line %u: %s\n"), self.line + 1,
                  self.read_error->message);
      status = COLOMBE_EXIT_USAGE;
    }
  else
    status = self.n_ok == self.n_addresses ? COLOMBE_EXIT_OK : COLOMBE_EXIT_FAILURE;

  print_summary (&self);
  batch_clear (&self);
  return status;
}
