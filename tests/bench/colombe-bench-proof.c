/* colombe-bench-proof.c: one run of `colombe test` with known settings
 *
 * Runs the real binary, `colombe test ADDRESS --json --password-stdin
 * --incoming IN --outgoing OUT --ca-file CA`, with the password on its
 * standard input, times it from its start to its exit, and reads its
 * JSON: both servers are proven when it exits 0 and each side says
 * "verified": true and "login": "ok".
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-bench"

#include <json-glib/json-glib.h>

#include "colombe-bench-proof.h"
#include "colombe-test-fixtures.h"

/* One side of the JSON: whether it was proven, its "ms", and a few
 * words on how it went */
static gboolean
read_side (JsonObject  *root,
           const char  *side,
           gint64      *ms,
           char       **said)
{
  JsonObject *result;
  JsonObject *error;
  gboolean verified;
  const char *login;
  const char *username;

  *ms = -1;
  if (root == NULL || !json_object_has_member (root, side)
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, side)))
    {
      *said = g_strdup ("no result");
      return FALSE;
    }
  result = json_object_get_object_member (root, side);
  verified = json_object_get_boolean_member_with_default (result, "verified", FALSE);
  login = json_object_get_string_member_with_default (result, "login", "-");
  username = json_object_get_string_member_with_default (result, "username", NULL);
  *ms = json_object_get_int_member_with_default (result, "ms", -1);
  error = JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "error"))
    ? json_object_get_object_member (result, "error") : NULL;

  *said = g_strdup_printf ("%s, login %s%s%s%s%s", verified ? "verified" : "NOT verified",
                           login, username != NULL ? " as " : "",
                           username != NULL ? username : "",
                           error != NULL ? ", error " : "",
                           error != NULL ? json_object_get_string_member_with_default (
                             error, "kind", "?") : "");
  return verified && g_str_equal (login, "ok");
}

/* Runs `colombe test` once: @incoming is PROTO:HOST:PORT:SECURITY,
 * @outgoing HOST:PORT:SECURITY */
void
colombe_bench_proof_run (ColombeBenchProof *proof,
                         const char        *address,
                         const char        *password,
                         const char        *incoming,
                         const char        *outgoing,
                         const char        *ca_file)
{
  const char *argv[] = { COLOMBE_BINARY, "test", address, "--json", "--password-stdin",
                         "--incoming", incoming, "--outgoing", outgoing,
                         "--ca-file", ca_file, NULL };

  colombe_bench_proof_run_argv (proof, password, argv);
}

/* Runs @argv, a `colombe test … --json --password-stdin` command, once */
void
colombe_bench_proof_run_argv (ColombeBenchProof  *proof,
                              const char         *password,
                              const char * const *argv)
{
  const char *address = argv[2];
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_auto(ColombeTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean in_proven;
  gboolean out_proven;

  colombe_test_run (&run, NULL, input, argv);
  proof->ms = (g_get_monotonic_time () - start) / 1000;
  proof->status = run.status;

  if (json_parser_load_from_data (parser, run.out, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    root = json_node_get_object (json_parser_get_root (parser));
  g_clear_pointer (&proof->incoming, g_free);
  g_clear_pointer (&proof->outgoing, g_free);
  in_proven = read_side (root, "incoming", &proof->incoming_ms, &proof->incoming);
  out_proven = read_side (root, "outgoing", &proof->outgoing_ms, &proof->outgoing);
  proof->proven = run.status == 0 && in_proven && out_proven;
  if (root == NULL)
    g_printerr ("colombe test %s: exit %d, no JSON answer\n%s", address, run.status, run.err);
}

void
colombe_bench_proof_clear (ColombeBenchProof *proof)
{
  g_clear_pointer (&proof->incoming, g_free);
  g_clear_pointer (&proof->outgoing, g_free);
}
