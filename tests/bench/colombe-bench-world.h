/* colombe-bench-world.h: the benchmark's domains, every server behind a delay proxy
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-bench-answer.h"

G_BEGIN_DECLS

typedef struct
{
  const char *label;       /* "(a)" */
  const char *domain;
  const char *address;
  const char *what;        /* one line for the output */
  const char *incoming;    /* the expected answer, as ColombeBenchAnswer */
  const char *outgoing;
} ColombeBenchDomain;

#define COLOMBE_BENCH_N_DOMAINS 3

extern const ColombeBenchDomain colombe_bench_domains[COLOMBE_BENCH_N_DOMAINS];

typedef struct _ColombeBenchWorld ColombeBenchWorld;

ColombeBenchWorld *colombe_bench_world_new               (guint               delay_ms,
                                                          GError            **error);
const char        *colombe_bench_world_get_ca_file       (ColombeBenchWorld  *self);
GTlsDatabase      *colombe_bench_world_get_tls_database  (ColombeBenchWorld  *self);
const char        *colombe_bench_world_get_ispdb_url     (ColombeBenchWorld  *self);
guint              colombe_bench_world_get_n_proxies     (ColombeBenchWorld  *self);
guint16            colombe_bench_world_get_refusing_port (ColombeBenchWorld  *self);
void               colombe_bench_world_free              (ColombeBenchWorld  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeBenchWorld, colombe_bench_world_free)

G_END_DECLS
