/* colombe-bench-batch.c: what a technical helper's list costs, and how it grows
 *
 * In the world of colombe-bench-batch-world.c (fifty domains of five
 * kinds, every host behind a delay proxy), the real `colombe detect
 * --batch` over lists of 100, 1,000 and 10,000 addresses, then `colombe
 * test --batch` over the 100 with their passwords on --password-fd. For
 * each run: the wall time, the peak memory of the colombe process (its
 * ru_maxrss, from wait4), the lines it printed, its own summary line, and
 * per host the connections opened and the most open at once, as the
 * host's proxy saw them.
 *
 * Issue 17's targets: the cost grows with the distinct domains, not the
 * addresses (the three lists share the same fifty); 10,000 addresses
 * under 64 MB; never more than 2 connections at once to one host.
 *
 * Exit status: 0 whatever the figures, when every line was the expected
 * one (in order, a live domain's servers found, a dead one's not; with
 * test, the live domains' people proven); 1 otherwise; 2 when the world
 * could not start.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-bench-batch"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "colombe-bench-batch-world.h"
#include "colombe-test-fixtures.h"

#define DELAY_MS 50
/* Each domain's lookup and each login end within it (a source with a
 * lower bound of its own keeps it: 8 s for the web, 10 s the ISPDB). Long
 * enough for every live domain here had nothing held it up: the slowest
 * is the queue of some 60 requests to the one ISPDB host, about 5 s. The
 * dead domains end at it. */
#define TIMEOUT_S 10
#define N_TEST 100
#define MEMORY_TARGET_KIB (64 * 1024)
#define PER_HOST_TARGET 2

static const guint sizes[] = { 100, 1000, 10000 };
#define N_ROWS (G_N_ELEMENTS (sizes) + 1)

typedef struct
{
  guint  opened;
  guint  peak;
} HostCount;

/* One run of colombe */
typedef struct
{
  const char *command;      /* "detect", "test" */
  guint       n_addresses;
  int         status;
  gint64      ms;
  glong       max_rss_kib;
  guint       n_lines;
  guint       n_found;      /* detect: servers found; test: both proven */
  guint       n_expected;   /* lines that were the expected ones */
  guint       wrong[COLOMBE_BATCH_N_KINDS];  /* the others, by their domain's kind */
  char       *problem;      /* the first one's */
  char       *summary;      /* its stderr */
  HostCount  *hosts;        /* as the world's hosts */
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->summary, g_free);
  g_clear_pointer (&row->problem, g_free);
  g_clear_pointer (&row->hosts, g_free);
}

/* ---- the lists ---- */

static char *
write_list (const char  *dir,
            const char  *name,
            guint        n,
            char      *(*line) (guint),
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = line (i);

      g_string_append_printf (text, "%s\n", value);
    }
  if (!g_file_set_contents_full (path, text->str, text->len, G_FILE_SET_CONTENTS_NONE, 0600,
                                 error))
    return NULL;
  return g_steal_pointer (&path);
}

/* ---- running colombe, measured ---- */

static int
open_or_warn (const char *path,
              int         flags)
{
  int fd = open (path, flags | O_CLOEXEC, 0600);

  if (fd < 0)
    g_printerr ("colombe-bench-batch: %s: %s\n", path, g_strerror (errno));
  return fd;
}

/* Runs @argv with @input on its standard input, its output in @out and
 * @err; its peak memory from wait4, which a GSubprocess would reap first */
static gboolean
run_measured (const char * const *argv,
              const char         *input,
              const char         *out,
              const char         *err,
              Row                *row)
{
  g_autoptr(GError) error = NULL;
  int fds[3] = { open_or_warn (input, O_RDONLY),
                 open_or_warn (out, O_WRONLY | O_CREAT | O_TRUNC),
                 open_or_warn (err, O_WRONLY | O_CREAT | O_TRUNC) };
  gint64 start = g_get_monotonic_time ();
  struct rusage usage = { 0 };
  gboolean spawned = FALSE;
  GPid pid = 0;
  int status = 0;

  if (fds[0] >= 0 && fds[1] >= 0 && fds[2] >= 0)
    spawned = g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                      NULL, NULL, &pid, fds[0], fds[1], fds[2], &error);
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    if (fds[i] >= 0)
      g_close (fds[i], NULL);
  if (!spawned)
    {
      g_printerr ("colombe-bench-batch: %s\n", error ? error->message : "cannot open files");
      return FALSE;
    }

  while (wait4 (pid, &status, 0, &usage) < 0 && errno == EINTR)
    ;
  row->ms = (g_get_monotonic_time () - start) / 1000;
  row->max_rss_kib = usage.ru_maxrss;
  row->status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return TRUE;
}

/* ---- what the lines say ---- */

static gboolean
server_is (JsonObject *account,
           const char *side,
           const char *expected)
{
  g_autofree char *found = NULL;
  JsonObject *server;

  if (account == NULL || !json_object_has_member (account, side)
      || JSON_NODE_HOLDS_NULL (json_object_get_member (account, side)))
    return expected == NULL;
  server = json_object_get_object_member (account, side);
  /* the forms of --incoming and --outgoing: the protocol on one side only */
  found = g_strdup_printf ("%s%s%s:%" G_GINT64_FORMAT ":%s",
                           g_str_equal (side, "incoming")
                           ? json_object_get_string_member (server, "protocol") : "",
                           g_str_equal (side, "incoming") ? ":" : "",
                           json_object_get_string_member (server, "host"),
                           json_object_get_int_member (server, "port"),
                           json_object_get_string_member (server, "security"));
  return g_strcmp0 (found, expected) == 0;
}

static gboolean
login_ok (JsonObject *line,
          const char *side)
{
  JsonNode *node = json_object_get_member (line, side);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
         && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                   "login", NULL), "ok") == 0;
}

/* What is wrong with the @index-th line, or NULL; counts what it found */
static char *
dup_line_problem (Row        *row,
                  guint       index,
                  JsonObject *line)
{
  g_autofree char *address = colombe_batch_dup_address (index);
  g_autofree char *incoming = colombe_batch_dup_expected_incoming (index);
  g_autofree char *outgoing = colombe_batch_dup_expected_outgoing (index);
  const char *source = colombe_batch_expected_source (index);
  JsonNode *node = json_object_get_member (line, "account");
  JsonObject *account = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                        ? json_node_get_object (node) : NULL;
  gboolean detect = g_str_equal (row->command, "detect");
  gboolean proven = login_ok (line, "incoming") && login_ok (line, "outgoing");
  const char *said = json_object_get_string_member_with_default (account ? account : line,
                                                                 "address", "");
  const char *found = account != NULL
                      ? json_object_get_string_member_with_default (account, "source", "?")
                      : NULL;

  row->n_found += detect ? account != NULL : proven;
  if (g_strcmp0 (said, address) != 0 || json_object_get_int_member (line, "line") != index + 1)
    return g_strdup_printf ("%s in its place, or not its line number", address);
  if (g_strcmp0 (found, source) != 0)
    return g_strdup_printf ("%s: from %s, not %s", address, found ? found : "nothing",
                            source ? source : "nothing");
  if (!server_is (account, "incoming", incoming) || !server_is (account, "outgoing", outgoing))
    return g_strdup_printf ("%s: not %s, %s", address, incoming, outgoing);
  /* a live domain's person is proven, a dead one's is not */
  if (!detect && proven != (incoming != NULL))
    return g_strdup_printf ("%s: %sproven", address, proven ? "" : "not ");
  return NULL;
}

static void
check_line (Row        *row,
            guint       index,
            const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *problem = NULL;
  JsonNode *root;

  if (index >= row->n_addresses)
    problem = g_strdup ("a line more than the addresses");
  else if (!json_parser_load_from_data (parser, text, -1, NULL)
           || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    problem = g_strdup_printf ("line %u is not a JSON object", index + 1);
  else
    problem = dup_line_problem (row, index, json_node_get_object (root));

  if (problem == NULL)
    {
      row->n_expected++;
      return;
    }
  if (index < row->n_addresses)
    row->wrong[colombe_batch_domain_kind (index)]++;
  if (row->problem == NULL)
    row->problem = g_steal_pointer (&problem);
}

static void
check_output (Row        *row,
              const char *out)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (out, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      row->n_lines++;
      check_line (row, i, lines[i]);
    }
}

/* ---- the hosts' counts ---- */

static void
hosts_start (GPtrArray *hosts)
{
  for (guint h = 0; h < hosts->len; h++)
    {
      ColombeBatchHost *host = g_ptr_array_index (hosts, h);

      host->n_before = colombe_test_proxy_get_n_connections (host->proxy);
      colombe_test_proxy_reset_peak_open (host->proxy);
    }
}

static HostCount *
hosts_count (GPtrArray *hosts)
{
  HostCount *counts = g_new0 (HostCount, hosts->len);

  for (guint h = 0; h < hosts->len; h++)
    {
      ColombeBatchHost *host = g_ptr_array_index (hosts, h);

      counts[h].opened = colombe_test_proxy_get_n_connections (host->proxy) - host->n_before;
      counts[h].peak = colombe_test_proxy_get_peak_open (host->proxy);
    }
  return counts;
}

/* ---- one run ---- */

static void
run_row (ColombeBatchWorld *world,
         const char        *dir,
         const char        *list,
         const char        *passwords,
         Row               *row)
{
  g_autofree char *timeout = g_strdup_printf ("%d", TIMEOUT_S);
  g_autofree char *out = g_build_filename (dir, "out.jsonl", NULL);
  g_autofree char *err = g_build_filename (dir, "err.txt", NULL);
  const char *argv[] = { COLOMBE_BINARY, row->command, "--batch", list,
                         "--ca-file", colombe_batch_world_get_ca_file (world),
                         "--ispdb-url", colombe_batch_world_get_ispdb_url (world),
                         "--timeout", timeout,
                         /* detect: the list ends here */
                         passwords ? "--password-fd" : NULL, "0", NULL };

  hosts_start (colombe_batch_world_get_hosts (world));
  if (!run_measured (argv, passwords ? passwords : "/dev/null", out, err, row))
    return;
  /* let the proxies see the last connections' ends */
  g_usleep (2 * DELAY_MS * 1000);
  row->hosts = hosts_count (colombe_batch_world_get_hosts (world));
  check_output (row, out);
  if (g_file_get_contents (err, &row->summary, NULL, NULL))
    g_strchomp (row->summary);
}

static gboolean
row_expected (const Row *row)
{
  return row->n_lines == row->n_addresses && row->n_expected == row->n_addresses;
}

static gboolean
all_expected (const Row *rows)
{
  for (guint r = 0; r < N_ROWS; r++)
    if (!row_expected (&rows[r]))
      return FALSE;
  return TRUE;
}

/* Which lines were wrong, by their domain's kind, and the first of them */
static void
print_problems (const Row *row)
{
  if (row_expected (row))
    return;
  g_print ("  %-6s %5u: %u lines for %u addresses; not as expected:", row->command,
           row->n_addresses, row->n_lines, row->n_addresses);
  for (guint k = 0; k < COLOMBE_BATCH_N_KINDS; k++)
    if (row->wrong[k] > 0)
      g_print (" %s %u", colombe_batch_kind_label (k), row->wrong[k]);
  g_print ("\n         first: %s\n", row->problem ? row->problem : "a line missing");
}

/* ---- the report ---- */

static const char *
met (gboolean yes)
{
  return yes ? "met" : "NOT met";
}

/* The most at once to one host of those that serve mail or the web (or
 * both, with @web_and_mail) */
static guint
row_most_at_once (const Row *row,
                  GPtrArray *hosts,
                  gboolean   web_and_mail)
{
  guint most = 0;

  for (guint h = 0; row->hosts != NULL && h < hosts->len; h++)
    if (((ColombeBatchHost *) g_ptr_array_index (hosts, h))->web_and_mail == web_and_mail)
      most = MAX (most, row->hosts[h].peak);
  return most;
}

/* The batch's own count of mail server connections at once to one host */
static guint
row_summary_most (const Row *row)
{
  const char *label = "most at once to one host: ";
  const char *at = row->summary != NULL ? strstr (row->summary, label) : NULL;

  return at != NULL ? (guint) g_ascii_strtoull (at + strlen (label), NULL, 10) : G_MAXUINT;
}

static void
print_header (GPtrArray *hosts)
{
  g_print ("Colombe batch benchmark: a technical helper's list over 50 domains, one run each\n");
  g_print ("  10 of each kind, taking turns: autoNN (https autoconfig), mxNN (MX at a hoster the "
           "ISPDB knows),\n  srvNN (RFC 6186), guessNN (imap./smtp. only), deadNN (every host "
           "accepts, never answers).\n");
  g_print ("  Every host (%u, one name each) behind a delay proxy adding %d ms each way; DNS not "
           "delayed.\n", hosts->len, DELAY_MS);
  g_print ("  colombe detect --batch LIST --ca-file CA --ispdb-url URL --timeout %d   (and test "
           "--batch LIST ... --password-fd 0)\n", TIMEOUT_S);
  g_print ("  --timeout %d: every lookup and login ends within it; the dead domains end at it.\n",
           TIMEOUT_S);
  g_print ("  found: lines with settings (test: both servers proven); connections: opened at the "
           "hosts' proxies;\n  most at once: to one host; peak MB: the colombe process's "
           "ru_maxrss; ok: every line as expected.\n\n");
  g_print ("%-7s %9s %6s %8s %8s %7s %11s %12s %4s %5s\n", "run", "addresses", "lines",
           "wall ms", "peak MB", "found", "connections", "most at once", "exit", "ok");
}

static guint
row_opened (const Row *row,
            GPtrArray *hosts)
{
  guint opened = 0;

  for (guint h = 0; row->hosts != NULL && h < hosts->len; h++)
    opened += row->hosts[h].opened;
  return opened;
}

static void
print_row (const Row *row,
           GPtrArray *hosts)
{
  g_print ("%-7s %9u %6u %8" G_GINT64_FORMAT " %8.1f %7u %11u %12u %4d %5s\n", row->command,
           row->n_addresses, row->n_lines, row->ms, row->max_rss_kib / 1024.0, row->n_found,
           row_opened (row, hosts),
           MAX (row_most_at_once (row, hosts, FALSE), row_most_at_once (row, hosts, TRUE)),
           row->status, row_expected (row) ? "yes" : "NO");
}

/* The hosts of @group (a host alone: its name), in @row: connections
 * opened by the one that opened fewest and most, and the most at once */
static char *
dup_group_cell (const Row  *row,
                GPtrArray  *hosts,
                const char *group)
{
  guint least = G_MAXUINT, most = 0, peak = 0;

  for (guint h = 0; row->hosts != NULL && h < hosts->len; h++)
    {
      ColombeBatchHost *host = g_ptr_array_index (hosts, h);

      if (g_strcmp0 (host->group ? host->group : host->name, group) != 0)
        continue;
      least = MIN (least, row->hosts[h].opened);
      most = MAX (most, row->hosts[h].opened);
      peak = MAX (peak, row->hosts[h].peak);
    }
  return least == most ? g_strdup_printf ("%u/%u", most, peak)
                       : g_strdup_printf ("%u-%u/%u", least, most, peak);
}

/* Each group, or host alone, once, in the order the world made them */
static GPtrArray *
list_groups (GPtrArray *hosts)
{
  GPtrArray *groups = g_ptr_array_new ();

  for (guint h = 0; h < hosts->len; h++)
    {
      ColombeBatchHost *host = g_ptr_array_index (hosts, h);
      const char *group = host->group ? host->group : host->name;

      if (!g_ptr_array_find_with_equal_func (groups, group, g_str_equal, NULL))
        g_ptr_array_add (groups, (gpointer) group);
    }
  return groups;
}

static guint
count_group (GPtrArray  *hosts,
             const char *group)
{
  guint n = 0;

  for (guint h = 0; h < hosts->len; h++)
    n += g_strcmp0 (((ColombeBatchHost *) g_ptr_array_index (hosts, h))->group, group) == 0;
  return n;
}

/* One line per host, or per group of alike hosts */
static void
print_hosts (const Row *rows,
             GPtrArray *hosts)
{
  g_autoptr(GPtrArray) groups = list_groups (hosts);

  g_print ("\nPer host, as its proxy saw it: connections opened / most open at once "
           "(a group: fewest-most opened by one host / most at once to one host)\n");
  g_print ("%-46s", "host");
  for (guint r = 0; r < N_ROWS; r++)
    g_print (" %7s %-6u", rows[r].command, rows[r].n_addresses);
  g_print ("\n");
  for (guint g = 0; g < groups->len; g++)
    {
      const char *group = g_ptr_array_index (groups, g);
      guint n = count_group (hosts, group);
      g_autofree char *label = n > 0 ? g_strdup_printf ("%s (%u hosts)", group, n)
                                     : g_strdup (group);

      g_print ("%-46s", label);
      for (guint r = 0; r < N_ROWS; r++)
        {
          g_autofree char *cell = dup_group_cell (&rows[r], hosts, group);

          g_print (" %14s", cell);
        }
      g_print ("\n");
    }
}

/* @large's figure against @small's */
static double
growth (double small,
        double large)
{
  return small > 0 ? large / small : 0;
}

/* Issue 17's targets, from the detect rows and the test row */
static void
print_targets (const Row *rows,
               GPtrArray *hosts)
{
  const Row *small = &rows[0], *large = &rows[G_N_ELEMENTS (sizes) - 1];
  double connections = growth (row_opened (small, hosts), row_opened (large, hosts));
  double wall = growth (small->ms, large->ms);
  double memory = growth (small->max_rss_kib, large->max_rss_kib);
  guint gate = 0, one_kind = 0, both = 0;

  for (guint r = 0; r < N_ROWS; r++)
    {
      gate = MAX (gate, row_summary_most (&rows[r]));
      one_kind = MAX (one_kind, row_most_at_once (&rows[r], hosts, FALSE));
      both = MAX (both, row_most_at_once (&rows[r], hosts, TRUE));
    }

  g_print ("\nTargets (issue 17):\n");
  g_print ("  cost linear in distinct domains, not addresses (the same 50 domains, %ux the "
           "addresses; met within 10%% / 25%%):\n"
           "    connections x%.2f (%u -> %u), wall x%.2f (%" G_GINT64_FORMAT " -> %"
           G_GINT64_FORMAT " ms, %+.1f ms per 1,000 addresses), peak memory x%.2f: %s\n",
           large->n_addresses / small->n_addresses, connections, row_opened (small, hosts),
           row_opened (large, hosts), wall, small->ms, large->ms,
           (large->ms - small->ms) * 1000.0 / (large->n_addresses - small->n_addresses), memory,
           met (connections <= 1.1 && wall <= 1.25 && memory <= 1.25));
  g_print ("  %u addresses under %d MB: %s (%.1f MB)\n", large->n_addresses,
           MEMORY_TARGET_KIB / 1024, met (large->max_rss_kib < MEMORY_TARGET_KIB),
           large->max_rss_kib / 1024.0);
  g_print ("  at most %d connections at once to one host, every run: %s: mail servers, the batch's "
           "own count: %u;\n    at the proxies, hosts serving mail or the web: %u; hosts serving "
           "both (deadNN.test: well-known\n    and guessed mail; two limits of 2, libsoup's and "
           "the host gate's): %u\n", PER_HOST_TARGET,
           met (gate <= PER_HOST_TARGET && one_kind <= PER_HOST_TARGET), gate, one_kind, both);
}

static void
print_report (const Row *rows,
              GPtrArray *hosts)
{
  print_header (hosts);
  for (guint r = 0; r < N_ROWS; r++)
    print_row (&rows[r], hosts);
  g_print ("\nEach run's own summary line (stderr):\n");
  for (guint r = 0; r < N_ROWS; r++)
    g_print ("  %-6s %5u: %s\n", rows[r].command, rows[r].n_addresses,
             rows[r].summary != NULL ? rows[r].summary : "-");
  g_print ("\nLines not as expected (servers, or the source they came from, or proven):%s\n",
           all_expected (rows) ? " none" : "");
  for (guint r = 0; r < N_ROWS; r++)
    print_problems (&rows[r]);
  print_hosts (rows, hosts);
  print_targets (rows, hosts);
}

/* ---- main ---- */

static gboolean
run_all (ColombeBatchWorld  *world,
         const char         *dir,
         Row                *rows,
         GError            **error)
{
  g_autofree char *passwords = write_list (dir, "passwords.txt", N_TEST,
                                           colombe_batch_dup_password, error);

  if (passwords == NULL)
    return FALSE;
  for (guint r = 0; r < N_ROWS; r++)
    {
      g_autofree char *name = NULL;
      g_autofree char *list = NULL;
      gboolean test = r == G_N_ELEMENTS (sizes);

      rows[r].command = test ? "test" : "detect";
      rows[r].n_addresses = test ? N_TEST : sizes[r];
      name = g_strdup_printf ("list-%u.txt", rows[r].n_addresses);
      if (!(list = write_list (dir, name, rows[r].n_addresses, colombe_batch_dup_address, error)))
        return FALSE;
      run_row (world, dir, list, test ? passwords : NULL, &rows[r]);
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ColombeBatchWorld) world = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Row rows[N_ROWS] = { 0 };
  gboolean expected;

  if (!colombe_test_net_check_isolated (&error))
    {
      g_printerr ("colombe-bench-batch: %s\nRun it through tests/bench/run.sh or "
                  "meson test --benchmark.\n", error->message);
      return 2;
    }
  colombe_test_net_raise_file_limit ();
  if (!(dir = g_dir_make_tmp ("colombe-bench-batch-XXXXXX", &error))
      || !(world = colombe_batch_world_new (DELAY_MS, N_TEST, &error))
      || !run_all (world, dir, rows, &error))
    {
      g_printerr ("colombe-bench-batch: %s\n", error->message);
      return 2;
    }

  print_report (rows, colombe_batch_world_get_hosts (world));
  expected = all_expected (rows);
  for (guint r = 0; r < N_ROWS; r++)
    row_clear (&rows[r]);
  return expected ? 0 : 1;
}
