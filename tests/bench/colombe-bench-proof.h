/* colombe-bench-proof.h: one run of `colombe test` with known settings
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64    ms;            /* process start to exit */
  int       status;        /* exit status */
  gint64    incoming_ms;   /* each side's "ms" in the JSON; -1 when absent */
  gint64    outgoing_ms;
  char     *incoming;      /* how each side went, in a few words */
  char     *outgoing;
  gboolean  proven;        /* exit 0, both "verified": true and "login": "ok" */
} ColombeBenchProof;

void colombe_bench_proof_run   (ColombeBenchProof *proof,
                                const char        *address,
                                const char        *password,
                                const char        *incoming,
                                const char        *outgoing,
                                const char        *ca_file);
void colombe_bench_proof_run_argv (ColombeBenchProof  *proof,
                                   const char         *password,
                                   const char * const *argv);
void colombe_bench_proof_clear (ColombeBenchProof *proof);

G_END_DECLS
