/* colombe-protocol.c: the error domain of talking to a mail server
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "colombe-protocol.h"

G_DEFINE_QUARK (colombe-protocol-error-quark, colombe_protocol_error)
