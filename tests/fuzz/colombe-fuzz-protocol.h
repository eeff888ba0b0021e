/* colombe-fuzz-protocol.h: a server's side of a probe, from fuzz input
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-fuzz.h"
#include "colombe-protocol.h"

G_BEGIN_DECLS

/* Plays @data to @driver as the server's replies of a probe, line by line
 * (greeting, capabilities, STARTTLS, a login, goodbye), and checks what the
 * driver makes of them. */
void colombe_fuzz_protocol_replies (const ColombeProtocolDriver *driver,
                                    const uint8_t               *data,
                                    size_t                       size);

/* The whole of a target for one driver: fuzz-imap-reply.c and its kin. */
#define COLOMBE_FUZZ_PROTOCOL_TARGET(driver)                        \
  int                                                               \
  LLVMFuzzerTestOneInput (const uint8_t *data,                      \
                          size_t         size)                      \
  {                                                                 \
    colombe_fuzz_protocol_replies (&(driver), data, size);          \
    return 0;                                                       \
  }

G_END_DECLS
