/* test-batch.c: `colombe detect --batch` and `colombe test --batch`
 *
 * The technical helper's list, against the test world: Dovecot and the
 * SMTP server, each behind a proxy that counts the connections a client
 * holds open at once, example.test's autoconfig on the HTTPS server (which
 * logs every request), and dead.test, whose autoconfig server takes its
 * time. The rules of a batch:
 *  - one JSON object per line out, in the list's order, a bad line in its
 *    place, blank lines and comments skipped;
 *  - each domain looked up once, however many of its addresses;
 *  - never more than 2 connections at once to one mail server;
 *  - a slow domain holds up nobody: dead.test's server answers only once
 *    the others' logins have reached the IMAP server (it counts them at
 *    the proxy), so a batch that waited for it would end on its own time
 *    limit instead;
 *  - nor does it hold up the reading: the lines after it are read and
 *    looked up while it runs, far more than the 32 that run at once (it
 *    answers only once behind01.test to behind40.test's autoconfig has
 *    been asked for), their lines kept aside until its own is printed;
 *  - a domain that never answers ends at its own time limit;
 *  - many such domains do not hold up another's web lookups: stuck01.test
 *    to stuck12.test's autoconfig servers take every request and never
 *    answer;
 *  - nor do domains whose every host takes the connection and never
 *    answers the TLS handshake: silent01.test to silent10.test, all at
 *    127.0.0.3, where black holes listen on the TLS ports.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"
#include "colombe-test-thread.h"

#define N_USERS 12
/* More than the 32 addresses a batch runs at once */
#define N_BEHIND 40
#define BEHIND_HOST_FORMAT "autoconfig.behind%02u.test"
/* More than the 1,024 lines a batch keeps in hand */
#define N_AFTER_DEAD 1100
/* More than libsoup's default of 10 connections in all for a session */
#define N_STUCK 12
/* Each with five hosts and three TLS ports: far more handshakes than
 * the ten threads GLib performs them in */
#define N_SILENT 10
#define SILENT_ADDRESS "127.0.0.3"
#define AUTOCONFIG_PATH "/mail/config-v1.1.xml"
#define DEAD_HOST "autoconfig.dead.test"
/* Far longer than anything here takes, even ten times slower: only a
 * batch that waited for dead.test would meet it. */
#define LONG_TIMEOUT "60"

static ColombeTestWorld *world;
static ColombeTestProxy *imap_proxy;
static ColombeTestProxy *smtp_proxy;
static GPtrArray *black_holes;
static char *scratch;

/* dead.test's autoconfig: held until count() says @wanted (0: never),
 * then 404. */
typedef struct
{
  guint              wanted;
  guint            (*count) (void);
  SoupServerMessage *message;
  GSource           *poll;
} Hold;

static Hold hold;

static char *
user_login (guint i)
{
  return g_strdup_printf ("user%02u@example.test", i);
}

static char *
user_password (guint i)
{
  return g_strdup_printf ("pw-%02u-Batch", i);
}

static guint
count_imap_connections (void)
{
  return colombe_test_proxy_get_n_connections (imap_proxy);
}

static char *
behind_host (guint i)
{
  return g_strdup_printf (BEHIND_HOST_FORMAT, i);
}

/* How many of behind01.test to behind40.test have had their autoconfig
 * asked for (over http: the test certificate does not name them). */
static guint
count_behind_domains (void)
{
  g_auto(GStrv) requests = colombe_test_http_dup_requests (world->http);
  guint count = 0;

  for (guint i = 1; i <= N_BEHIND; i++)
    {
      g_autofree char *host = behind_host (i);

      for (guint j = 0; requests[j] != NULL; j++)
        if (strstr (requests[j], host) != NULL)
          {
            count++;
            break;
          }
    }
  return count;
}

static gboolean
hold_poll (gpointer data)
{
  if (hold.count () < hold.wanted)
    return G_SOURCE_CONTINUE;

  soup_server_message_set_status (hold.message, 404, NULL);
  soup_server_message_unpause (hold.message);
  g_clear_object (&hold.message);
  g_clear_pointer (&hold.poll, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* In the HTTP server's thread. */
static void
hold_request (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  soup_server_message_pause (message);
  if (hold.wanted == 0)
    return;
  g_assert_null (hold.message);
  hold.message = g_object_ref (message);
  hold.poll = colombe_test_timeout_new (20, hold_poll, NULL);
}

typedef struct
{
  ColombeTestRun  run;
  GPtrArray      *lines;   /* JsonObject of each line */
  GPtrArray      *parsers;
} Batch;

static void
batch_clear (Batch *batch)
{
  colombe_test_run_clear (&batch->run);
  g_clear_pointer (&batch->lines, g_ptr_array_unref);
  g_clear_pointer (&batch->parsers, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Batch, batch_clear)

/* `colombe COMMAND --batch LIST ARGS…` with @list written to a file and
 * @input on standard input; each line of its output parsed. */
static void
run_batch (Batch              *batch,
           const char         *command,
           const char         *list,
           const char         *input,
           const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scratch, "list.txt", NULL);
  g_auto(GStrv) outputs = NULL;

  g_assert_true (g_file_set_contents (path, list, -1, &error));
  g_ptr_array_add (argv, (char *) COLOMBE_BINARY);
  g_ptr_array_add (argv, (char *) command);
  g_ptr_array_add (argv, (char *) "--batch");
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, (char *) "--ca-file");
  g_ptr_array_add (argv, (char *) colombe_test_pki_get_ca_file (world->pki));
  g_ptr_array_add (argv, (char *) "--ispdb-url");
  g_ptr_array_add (argv, (char *) "https://127.0.0.1:1/v1.1");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  colombe_test_run (&batch->run, NULL, input, (const char * const *) argv->pdata);
  g_test_message ("exit %d\n%s%s", batch->run.status, batch->run.out, batch->run.err);

  batch->lines = g_ptr_array_new ();
  batch->parsers = g_ptr_array_new_with_free_func (g_object_unref);
  outputs = g_strsplit (batch->run.out, "\n", -1);
  for (guint i = 0; outputs[i] != NULL && *outputs[i] != '\0'; i++)
    {
      JsonParser *parser = json_parser_new ();

      g_ptr_array_add (batch->parsers, parser);
      g_ptr_array_add (batch->lines, colombe_test_json_parse_object (parser, outputs[i]));
    }
  /* one summary line on standard error */
  g_assert_true (g_str_has_prefix (batch->run.err, "colombe: "));
  g_assert_true (strchr (batch->run.err, '\n') == batch->run.err + strlen (batch->run.err) - 1);
}

static JsonObject *
line_of (Batch *batch,
         guint  i)
{
  g_assert_cmpuint (i, <, batch->lines->len);
  return g_ptr_array_index (batch->lines, i);
}

static const char *
error_kind (JsonObject *object,
            const char *member)
{
  JsonObject *result = member ? json_object_get_object_member (object, member) : object;
  JsonObject *error = json_object_get_object_member (result, "error");

  return error != NULL ? json_object_get_string_member (error, "kind") : NULL;
}

/* How many times example.test's autoconfig document was asked for. */
static guint
count_autoconfig_requests (void)
{
  g_auto(GStrv) requests = colombe_test_http_dup_requests (world->http);
  guint count = 0;

  for (guint i = 0; requests[i] != NULL; i++)
    count += strstr (requests[i], "autoconfig.example.test" AUTOCONFIG_PATH) != NULL;
  return count;
}

/* Order, bad lines in their place, usernames each person's own, and one
 * lookup for the domain: as many requests as a single detect makes. */
static void
test_detect (void)
{
  g_auto(ColombeTestRun) single = { 0 };
  g_auto(Batch) batch = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "detect", COLOMBE_TEST_ALICE_LOGIN, "--json",
                         "--ca-file", colombe_test_pki_get_ca_file (world->pki),
                         "--ispdb-url", "https://127.0.0.1:1/v1.1", NULL };
  /* as printed: the local part as typed, the domain in lower case */
  const char *addresses[] = { "user01@example.test", NULL, "user02@example.test",
                              "Bob@example.test" };
  guint before, one, many;

  colombe_test_watchdog_arm (60);
  before = count_autoconfig_requests ();
  colombe_test_run (&single, NULL, NULL, argv);
  g_assert_cmpint (single.status, ==, 0);
  one = count_autoconfig_requests () - before;
  g_assert_cmpuint (one, >=, 1);

  run_batch (&batch, "detect",
             "user01@example.test\n\n# the office\nnot an address\nuser02@example.test\n"
             "  Bob@Example.test  \n", NULL, NULL);
  many = count_autoconfig_requests () - before - one;
  g_assert_cmpuint (many, ==, one);
  g_assert_cmpint (batch.run.status, ==, 1);
  g_assert_nonnull (strstr (batch.run.err, "addresses: 4, domains: 1, found: 3, not found: 0, "
                                           "bad lines: 1,"));

  g_assert_cmpuint (batch.lines->len, ==, 4);
  for (guint i = 0; i < batch.lines->len; i++)
    {
      static const gint64 numbers[] = { 1, 4, 5, 6 };
      JsonObject *line = line_of (&batch, i);

      g_assert_cmpint (json_object_get_int_member (line, "line"), ==, numbers[i]);
    }
  g_assert_cmpstr (error_kind (line_of (&batch, 1), NULL), ==, "invalid-input");
  g_assert_cmpstr (json_object_get_string_member (line_of (&batch, 1), "address"), ==,
                   "not an address");
  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      JsonObject *line = line_of (&batch, i);
      JsonObject *incoming;

      if (addresses[i] == NULL)
        continue;
      g_assert_cmpstr (json_object_get_string_member (line, "address"), ==, addresses[i]);
      incoming = json_object_get_object_member (json_object_get_object_member (line, "account"),
                                                "incoming");
      g_assert_cmpstr (json_object_get_string_member (incoming, "username"), ==, addresses[i]);
    }
}

/* Twelve people of one domain and one wrong password: each proven (or
 * refused) in its place, never more than 2 connections at once to the
 * IMAP or the SMTP server (both are mail.example.test: 2 at once for the
 * two), though all twelve are in hand at once. */
static void
test_logins (void)
{
  g_auto(Batch) batch = { 0 };
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GString) passwords = g_string_new (NULL);
  const char *args[] = { "--password-fd", "0", "--timeout", LONG_TIMEOUT, NULL };
  guint imap_before = colombe_test_proxy_get_n_connections (imap_proxy);

  colombe_test_watchdog_arm (120);
  for (guint i = 1; i <= N_USERS; i++)
    {
      g_autofree char *login = user_login (i);
      g_autofree char *password = user_password (i);

      g_string_append_printf (list, "%s\n", login);
      g_string_append_printf (passwords, "%s\n", i == 7 ? "wrong-password" : password);
    }

  run_batch (&batch, "test", list->str, passwords->str, args);
  g_assert_cmpint (batch.run.status, ==, 1);
  g_assert_cmpuint (batch.lines->len, ==, N_USERS);
  for (guint i = 0; i < N_USERS; i++)
    {
      JsonObject *line = line_of (&batch, i);
      g_autofree char *login = user_login (i + 1);

      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (line, "account"), "address"), ==, login);
      if (i + 1 == 7)
        g_assert_cmpstr (error_kind (line, "incoming"), ==, "auth-failed");
      else
        {
          g_assert_null (error_kind (line, "incoming"));
          g_assert_null (error_kind (line, "outgoing"));
        }
    }
  g_assert_cmpuint (colombe_test_proxy_get_n_connections (imap_proxy) - imap_before, >=, N_USERS);
  g_assert_cmpuint (colombe_test_proxy_get_peak_open (imap_proxy), <=, 2);
  g_assert_cmpuint (colombe_test_proxy_get_peak_open (smtp_proxy), <=, 2);
  g_assert_nonnull (strstr (batch.run.err, "proven: 11, not proven: 1,"));
  g_assert_nonnull (strstr (batch.run.err, "most at once to one host: 2,"));
}

/* someone@dead.test, then @n logins of example.test's people in turn, with
 * their passwords: dead.test's server answers only once all @n have
 * reached the IMAP server, so its autoconfig (over http: the test
 * certificate does not name it) ends "not-found"; a batch that waited for
 * it before doing them would see it end in "timeout" instead. Every line
 * in its place, every login proven. */
static void
run_behind_dead (Batch *batch,
                 guint  n)
{
  g_autoptr(GString) list = g_string_new ("someone@dead.test\n");
  g_autoptr(GString) passwords = g_string_new ("unused\n");
  const char *args[] = { "--password-fd", "0", "--timeout", LONG_TIMEOUT, NULL };
  JsonObject *dead;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *login = user_login (i % N_USERS + 1);
      g_autofree char *password = user_password (i % N_USERS + 1);

      g_string_append_printf (list, "%s\n", login);
      g_string_append_printf (passwords, "%s\n", password);
    }
  hold.count = count_imap_connections;
  hold.wanted = count_imap_connections () + n;

  run_batch (batch, "test", list->str, passwords->str, args);
  g_assert_cmpuint (batch->lines->len, ==, n + 1);
  dead = line_of (batch, 0);
  g_assert_cmpstr (json_object_get_string_member (dead, "address"), ==, "someone@dead.test");
  g_assert_cmpstr (error_kind (dead, NULL), ==, "not-found");
  g_assert_cmpstr (colombe_test_json_source_state (dead, "autoconfig-http"), ==, "not-found");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *line = line_of (batch, i + 1);
      g_autofree char *login = user_login (i % N_USERS + 1);

      g_assert_cmpint (json_object_get_int_member (line, "line"), ==, i + 2);
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (line, "account"), "address"), ==,
                       login);
      g_assert_null (error_kind (line, "incoming"));
      g_assert_null (error_kind (line, "outgoing"));
    }
}

/* dead.test first, four logins after it: a slow domain holds up nobody's
 * work. */
static void
test_slow_domain (void)
{
  g_auto(Batch) batch = { 0 };

  colombe_test_watchdog_arm (120);
  run_behind_dead (&batch, 4);
}

/* dead.test first, then more domains than run at once: it answers only
 * once all of them have been asked for their autoconfig, so they must be
 * read and looked up while it runs, their lines kept aside until its own
 * is printed. A batch that read no further than 32 lines in hand would
 * see it end in "timeout". */
static void
test_lines_behind (void)
{
  g_auto(Batch) batch = { 0 };
  g_autoptr(GString) list = g_string_new ("someone@dead.test\n");
  const char *args[] = { "--timeout", LONG_TIMEOUT, NULL };
  JsonObject *dead;

  colombe_test_watchdog_arm (120);
  for (guint i = 1; i <= N_BEHIND; i++)
    g_string_append_printf (list, "someone@behind%02u.test\n", i);
  hold.count = count_behind_domains;
  hold.wanted = N_BEHIND;

  run_batch (&batch, "detect", list->str, NULL, args);
  g_assert_cmpuint (batch.lines->len, ==, N_BEHIND + 1);
  dead = line_of (&batch, 0);
  g_assert_cmpstr (json_object_get_string_member (dead, "address"), ==, "someone@dead.test");
  g_assert_cmpstr (colombe_test_json_source_state (dead, "autoconfig-http"), ==, "not-found");
  for (guint i = 1; i <= N_BEHIND; i++)
    {
      JsonObject *line = line_of (&batch, i);
      g_autofree char *address = g_strdup_printf ("someone@behind%02u.test", i);

      g_assert_cmpint (json_object_get_int_member (line, "line"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (line, "address"), ==, address);
      g_assert_cmpstr (colombe_test_json_source_state (line, "autoconfig-http"), ==, "not-found");
    }
}

/* A domain that never answers: its line ends at --timeout, the next ones
 * are printed after it, and the run ends. They are more than the batch
 * keeps in hand: its reading pauses, then goes on once the dead line is
 * printed. */
static void
test_dead_domain (void)
{
  g_auto(Batch) batch = { 0 };
  g_autoptr(GString) list = g_string_new ("nobody@dead.test\n");
  const char *args[] = { "--timeout", "2", NULL };

  colombe_test_watchdog_arm (60);
  hold.wanted = 0;
  for (guint i = 0; i < N_AFTER_DEAD; i++)
    g_string_append (list, "user03@example.test\n");
  run_batch (&batch, "detect", list->str, NULL, args);
  g_assert_cmpuint (batch.lines->len, ==, N_AFTER_DEAD + 1);
  g_assert_true (json_object_get_null_member (line_of (&batch, 0), "account"));
  g_assert_cmpstr (colombe_test_json_source_state (line_of (&batch, 0), "autoconfig-http"), ==,
                   "timeout");
  for (guint i = 1; i <= N_AFTER_DEAD; i++)
    {
      g_assert_cmpint (json_object_get_int_member (line_of (&batch, i), "line"), ==, i + 1);
      g_assert_false (json_object_get_null_member (line_of (&batch, i), "account"));
    }
}

static char *
stuck_host (guint i)
{
  return g_strdup_printf ("autoconfig.stuck%02u.test", i);
}

/* Twelve domains whose autoconfig never answers (over http: the test
 * certificate does not name them) before example.test: its https
 * autoconfig still answers at once, not after their time limit. */
static void
test_stuck_domains (void)
{
  g_auto(Batch) batch = { 0 };
  g_autoptr(GString) list = g_string_new (NULL);
  const char *args[] = { "--timeout", "5", NULL };
  JsonObject *example;

  colombe_test_watchdog_arm (60);
  hold.wanted = 0;
  for (guint i = 1; i <= N_STUCK; i++)
    g_string_append_printf (list, "someone@stuck%02u.test\n", i);
  g_string_append (list, "user08@example.test\n");

  run_batch (&batch, "detect", list->str, NULL, args);
  g_assert_cmpuint (batch.lines->len, ==, N_STUCK + 1);
  example = line_of (&batch, N_STUCK);
  g_assert_cmpstr (colombe_test_json_source_state (example, "autoconfig"), ==, "found");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (example, "account"), "source"), ==,
                   "autoconfig");
}

/* Ten silent domains before example.test: every handshake with them would
 * hold a thread until its time limit, and the name lookups wait for the
 * same threads. example.test's line still comes from its https
 * autoconfig, not from what answered first, and the silent ones end. */
static void
test_silent_domains (void)
{
  g_auto(Batch) batch = { 0 };
  g_autoptr(GString) list = g_string_new (NULL);
  /* a patience of 1.5 s: ten times what example.test's handshake takes on
   * a machine ten times slower; the silent domains end at the web's 8 s
   * and the guessing's 10 s */
  const char *args[] = { "--timeout", "15", NULL };
  JsonObject *example;

  colombe_test_watchdog_arm (90);
  for (guint i = 1; i <= N_SILENT; i++)
    g_string_append_printf (list, "someone@silent%02u.test\n", i);
  g_string_append (list, "user10@example.test\n");

  run_batch (&batch, "detect", list->str, NULL, args);
  g_assert_cmpuint (batch.lines->len, ==, N_SILENT + 1);
  for (guint i = 0; i < N_SILENT; i++)
    g_assert_true (json_object_get_null_member (line_of (&batch, i), "account"));
  example = line_of (&batch, N_SILENT);
  g_assert_cmpstr (json_object_get_string_member (example, "address"), ==,
                   "user10@example.test");
  g_assert_cmpstr (colombe_test_json_source_state (example, "autoconfig"), ==, "found");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (example, "account"), "source"), ==,
                   "autoconfig");
  /* the black holes were reached: the test tried what it says */
  g_assert_cmpuint (colombe_test_fault_get_n_accepted (g_ptr_array_index (black_holes, 0)),
                    >, 0);
}

/* Without --password-fd, each person's password from the keyring: user05's
 * stored there by `colombe test --store-password`, user06 has none (the
 * servers answer, no login is tried). */
static void
test_keyring (void)
{
  g_auto(ColombeTestRun) store = { 0 };
  g_auto(Batch) batch = { 0 };
  g_autofree char *login = user_login (5);
  g_autofree char *password = user_password (5);
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  const char *argv[] = { COLOMBE_BINARY, "test", login, "--password-stdin", "--store-password",
                         "--ca-file", colombe_test_pki_get_ca_file (world->pki),
                         "--ispdb-url", "https://127.0.0.1:1/v1.1", NULL };
  const char *args[] = { "--timeout", LONG_TIMEOUT, NULL };
  JsonObject *incoming;

  colombe_test_watchdog_arm (60);
  colombe_test_run (&store, NULL, input, argv);
  g_assert_cmpint (store.status, ==, 0);

  run_batch (&batch, "test", "user05@example.test\nuser06@example.test\n", "", args);
  g_assert_cmpuint (batch.lines->len, ==, 2);
  incoming = json_object_get_object_member (line_of (&batch, 0), "incoming");
  g_assert_cmpstr (json_object_get_string_member (incoming, "login"), ==, "ok");
  incoming = json_object_get_object_member (line_of (&batch, 1), "incoming");
  g_assert_cmpstr (json_object_get_string_member (incoming, "login"), ==, "skipped");
  g_assert_null (strstr (batch.run.out, password));
}

/* Bad usage: exit 2, one line, nothing on standard output. */
static void
test_usage (void)
{
  const char *cases[][6] = {
    { "detect", "--batch", "-", "a@example.test", NULL },
    { "test", "--batch", "-", "--password-stdin", NULL },
    { "test", "--batch", "-", "--incoming", "imap:h.example.test:993:tls", NULL },
    { "test", "--password-fd", "0", "a@example.test", NULL },
    { "test", "--batch", "-", "--password-fd", "-3", NULL },
    { "detect", "--batch", "/nonexistent/list.txt", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ColombeTestRun) run = { 0 };
      const char *argv[8] = { COLOMBE_BINARY };

      for (guint j = 0; cases[i][j] != NULL; j++)
        argv[j + 1] = cases[i][j];
      colombe_test_run (&run, NULL, "", argv);
      colombe_test_run_assert_usage_error (&run);
    }
}

/* silentNN.test, its autoconfig., imap., mail. and smtp. hosts: black
 * holes on https, IMAPS and SMTPS; nothing listens on the other ports. */
static void
start_silent_domains (void)
{
  static const char * const prefixes[] = { "", "autoconfig.", "imap.", "mail.", "smtp." };
  static const guint16 ports[] = { 443, 993, 465 };

  black_holes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      g_autoptr(GError) error = NULL;
      ColombeTestFault *hole = colombe_test_fault_new_black_hole_at (SILENT_ADDRESS, ports[i],
                                                                     &error);

      g_assert_no_error (error);
      g_ptr_array_add (black_holes, hole);
    }
  for (guint i = 1; i <= N_SILENT; i++)
    for (guint j = 0; j < G_N_ELEMENTS (prefixes); j++)
      {
        g_autofree char *host = g_strdup_printf ("%ssilent%02u.test", prefixes[j], i);

        colombe_test_dns_add_address (world->dns, host, SILENT_ADDRESS);
      }
}

static void
start_world (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;

  world = colombe_test_world_new (COLOMBE_TEST_WORLD_AUTOCONFIG);
  colombe_test_world_start_keyring (world);
  for (guint i = 1; i <= N_USERS; i++)
    {
      g_autofree char *login = user_login (i);
      g_autofree char *password = user_password (i);

      colombe_test_dovecot_add_user (world->dovecot, login, password);
      colombe_test_smtpd_add_user (world->smtpd, login, password);
    }
  colombe_test_world_start_mail (world);

  imap_proxy = colombe_test_proxy_new ("127.0.0.1", 0, "127.0.0.1",
                                       colombe_test_dovecot_get_imaps_port (world->dovecot), 5,
                                       &error);
  g_assert_no_error (error);
  smtp_proxy = colombe_test_proxy_new ("127.0.0.1", 0, "127.0.0.1",
                                       colombe_test_smtpd_get_submissions_port (world->smtpd), 5,
                                       &error);
  g_assert_no_error (error);

  colombe_test_http_add_handler (world->http, DEAD_HOST, AUTOCONFIG_PATH, hold_request, NULL,
                                 NULL);
  for (guint i = 1; i <= N_STUCK; i++)
    {
      g_autofree char *host = stuck_host (i);

      colombe_test_http_add_handler (world->http, host, AUTOCONFIG_PATH, hold_request, NULL,
                                     NULL);
    }
  document = colombe_test_world_dup_autoconfig (colombe_test_proxy_get_port (imap_proxy),
                                                colombe_test_proxy_get_port (smtp_proxy));
  colombe_test_world_start_web (world, document);
  colombe_test_dns_add_address (world->dns, DEAD_HOST, "127.0.0.1");
  for (guint i = 1; i <= N_STUCK; i++)
    {
      g_autofree char *host = stuck_host (i);

      colombe_test_dns_add_address (world->dns, host, "127.0.0.1");
    }
  for (guint i = 1; i <= N_BEHIND; i++)
    {
      g_autofree char *host = behind_host (i);

      colombe_test_dns_add_address (world->dns, host, "127.0.0.1");
    }
  start_silent_domains ();
  colombe_test_world_start_names (world, "127.0.0.1", "127.0.0.1");

  scratch = colombe_test_scratch_dir_new ("batch", &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  start_world ();

  g_test_add_func ("/batch/detect", test_detect);
  g_test_add_func ("/batch/logins", test_logins);
  g_test_add_func ("/batch/slow-domain", test_slow_domain);
  g_test_add_func ("/batch/lines-behind", test_lines_behind);
  g_test_add_func ("/batch/dead-domain", test_dead_domain);
  g_test_add_func ("/batch/stuck-domains", test_stuck_domains);
  g_test_add_func ("/batch/silent-domains", test_silent_domains);
  g_test_add_func ("/batch/keyring", test_keyring);
  g_test_add_func ("/batch/usage", test_usage);

  status = g_test_run ();
  colombe_test_proxy_stop (imap_proxy);
  colombe_test_proxy_stop (smtp_proxy);
  g_clear_object (&imap_proxy);
  g_clear_object (&smtp_proxy);
  for (guint i = 0; i < black_holes->len; i++)
    colombe_test_fault_stop (g_ptr_array_index (black_holes, i));
  g_clear_pointer (&black_holes, g_ptr_array_unref);
  colombe_test_world_free (world);
  colombe_test_scratch_dir_remove (scratch, NULL);
  g_free (scratch);

  return status;
}
