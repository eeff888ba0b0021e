/* colombe-bench-answer.h: what a discovery strategy answered, in CLI.md's words
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-types.h"

G_BEGIN_DECLS

/* incoming "imap:mail.example.test:993:tls", outgoing
 * "mail.example.test:465:tls" (the forms of `colombe test --incoming
 * / --outgoing`); NULL when that side was not found */
typedef struct
{
  char *incoming;
  char *outgoing;
  char *source;     /* where it came from, as the strategy says it */
} ColombeBenchAnswer;

ColombeBenchAnswer *colombe_bench_answer_new    (const char               *incoming,
                                                 const char               *outgoing,
                                                 const char               *source);
void                colombe_bench_answer_free   (ColombeBenchAnswer       *answer);
gboolean            colombe_bench_answer_equal  (const ColombeBenchAnswer *answer,
                                                 const ColombeBenchAnswer *expected);
char               *colombe_bench_server_format (ColombeProtocol           protocol,
                                                 const char               *host,
                                                 guint16                   port,
                                                 ColombeSecurity           security);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeBenchAnswer, colombe_bench_answer_free)

G_END_DECLS
