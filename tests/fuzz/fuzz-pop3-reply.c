/* fuzz-pop3-reply.c: the POP3 driver reading a server's replies, played in a
 * probe's order by colombe-fuzz-protocol.c
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "colombe-fuzz-protocol.h"

COLOMBE_FUZZ_PROTOCOL_TARGET (colombe_protocol_pop3)
