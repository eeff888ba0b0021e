/* colombe-bench-answer.c: what a discovery strategy answered, in CLI.md's words
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "colombe-bench-answer.h"

ColombeBenchAnswer *
colombe_bench_answer_new (const char *incoming,
                          const char *outgoing,
                          const char *source)
{
  ColombeBenchAnswer *answer = g_new0 (ColombeBenchAnswer, 1);

  answer->incoming = g_strdup (incoming);
  answer->outgoing = g_strdup (outgoing);
  answer->source = g_strdup (source);
  return answer;
}

void
colombe_bench_answer_free (ColombeBenchAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->incoming);
  g_free (answer->outgoing);
  g_free (answer->source);
  g_free (answer);
}

/* The same servers, wherever they came from */
gboolean
colombe_bench_answer_equal (const ColombeBenchAnswer *answer,
                            const ColombeBenchAnswer *expected)
{
  return answer != NULL
         && g_strcmp0 (answer->incoming, expected->incoming) == 0
         && g_strcmp0 (answer->outgoing, expected->outgoing) == 0;
}

/* SMTP goes without its protocol, as in `colombe test --outgoing` */
char *
colombe_bench_server_format (ColombeProtocol  protocol,
                             const char      *host,
                             guint16          port,
                             ColombeSecurity  security)
{
  if (protocol == COLOMBE_PROTOCOL_SMTP)
    return g_strdup_printf ("%s:%u:%s", host, port, colombe_security_to_string (security));
  return g_strdup_printf ("%s:%s:%u:%s", colombe_protocol_to_string (protocol), host, port,
                          colombe_security_to_string (security));
}
