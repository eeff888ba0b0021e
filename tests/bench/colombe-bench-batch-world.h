/* colombe-bench-batch-world.h: fifty domains of five kinds for the batch benchmark
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-test-proxy.h"

G_BEGIN_DECLS

typedef enum
{
  COLOMBE_BATCH_KIND_AUTOCONFIG,
  COLOMBE_BATCH_KIND_MX,
  COLOMBE_BATCH_KIND_SRV,
  COLOMBE_BATCH_KIND_GUESS,
  COLOMBE_BATCH_KIND_DEAD,
  COLOMBE_BATCH_N_KINDS
} ColombeBatchKind;

#define COLOMBE_BATCH_N_DOMAINS 50

typedef struct _ColombeBatchWorld ColombeBatchWorld;

/* One host of the world: a loopback address of its own behind one delay
 * proxy, on every port it serves, and the one DNS name that leads to it. */
typedef struct
{
  char             *name;
  const char       *group;       /* hosts of one kind are reported together */
  gboolean          web_and_mail;  /* two limits of 2: libsoup's and the host gate's */
  ColombeTestProxy *proxy;
  guint             n_before;    /* connections before the current run */
} ColombeBatchHost;

/* The domain of the @index-th address of any list, and the servers its
 * line must name ("imap:HOST:993:tls", "HOST:465:tls"; NULL: dead). */
ColombeBatchKind   colombe_batch_domain_kind            (guint               index);
char              *colombe_batch_dup_domain             (guint               index);
char              *colombe_batch_dup_address            (guint               index);
char              *colombe_batch_dup_password           (guint               index);
char              *colombe_batch_dup_expected_incoming  (guint               index);
char              *colombe_batch_dup_expected_outgoing  (guint               index);
const char        *colombe_batch_expected_source        (guint               index);
const char        *colombe_batch_kind_label             (ColombeBatchKind    kind);

ColombeBatchWorld *colombe_batch_world_new              (guint               delay_ms,
                                                         guint               n_users,
                                                         GError            **error);
const char        *colombe_batch_world_get_ca_file      (ColombeBatchWorld  *self);
const char        *colombe_batch_world_get_ispdb_url    (ColombeBatchWorld  *self);
GPtrArray         *colombe_batch_world_get_hosts        (ColombeBatchWorld  *self);
void               colombe_batch_world_free             (ColombeBatchWorld  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeBatchWorld, colombe_batch_world_free)

G_END_DECLS
