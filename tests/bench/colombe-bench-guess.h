/* colombe-bench-guess.h: guessing the way Thunderbird's GuessConfig does
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "colombe-bench-answer.h"

G_BEGIN_DECLS

void                colombe_bench_guess_async  (const char           *domain,
                                                GTlsDatabase         *database,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* NULL sides where nothing was found; never NULL itself */
ColombeBenchAnswer *colombe_bench_guess_finish (GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
