/* colombe-bench-sequential.h: one lookup after another, with Thunderbird's timeouts
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-bench-answer.h"

G_BEGIN_DECLS

void                colombe_bench_sequential_async  (const char           *address,
                                                     const char           *ispdb_url,
                                                     GTlsDatabase         *database,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
ColombeBenchAnswer *colombe_bench_sequential_finish (GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
