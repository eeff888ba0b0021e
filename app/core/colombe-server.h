/* colombe-server.h: one mail server, as a client must reach it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "colombe-types.h"

G_BEGIN_DECLS

#define COLOMBE_TYPE_SERVER (colombe_server_get_type ())

G_DECLARE_FINAL_TYPE (ColombeServer, colombe_server, COLOMBE, SERVER, GObject)

ColombeServer    *colombe_server_new                   (ColombeProtocol   protocol,
                                                        const char       *host,
                                                        guint16           port,
                                                        ColombeSecurity   security);
ColombeServer    *colombe_server_copy                  (ColombeServer    *self);
gboolean          colombe_server_equal                 (ColombeServer    *a,
                                                        ColombeServer    *b);

ColombeProtocol   colombe_server_get_protocol          (ColombeServer    *self);
void              colombe_server_set_protocol          (ColombeServer    *self,
                                                        ColombeProtocol   protocol);
const char       *colombe_server_get_host              (ColombeServer    *self);
void              colombe_server_set_host              (ColombeServer    *self,
                                                        const char       *host);
guint16           colombe_server_get_port              (ColombeServer    *self);
void              colombe_server_set_port              (ColombeServer    *self,
                                                        guint16           port);
ColombeSecurity   colombe_server_get_security          (ColombeServer    *self);
void              colombe_server_set_security          (ColombeServer    *self,
                                                        ColombeSecurity   security);

/* Authentication methods in clientConfig names, preferred first. */
const char * const *colombe_server_get_auth_methods    (ColombeServer    *self);
void              colombe_server_set_auth_methods      (ColombeServer    *self,
                                                        const char * const *methods);
void              colombe_server_add_auth_method       (ColombeServer    *self,
                                                        const char       *method);
const char       *colombe_server_get_auth              (ColombeServer    *self);

/* The username as a provider writes it (%EMAILADDRESS%, %EMAILLOCALPART%…)
 * and as it applies to one person once resolved. */
const char       *colombe_server_get_username_template (ColombeServer    *self);
void              colombe_server_set_username_template (ColombeServer    *self,
                                                        const char       *username_template);
const char       *colombe_server_get_username          (ColombeServer    *self);
void              colombe_server_set_username          (ColombeServer    *self,
                                                        const char       *username);
void              colombe_server_resolve_username      (ColombeServer    *self,
                                                        const char       *address,
                                                        const char       *real_name);

/* "IMAP, imap.free.fr, port 993, SSL/TLS", for a person to read. */
char             *colombe_server_dup_summary           (ColombeServer    *self);

JsonNode         *colombe_server_to_json               (ColombeServer    *self);
ColombeServer    *colombe_server_new_from_json         (JsonNode         *node,
                                                        const char       *where,
                                                        GError          **error);

char             *colombe_expand_placeholders          (const char       *text,
                                                        const char       *address,
                                                        const char       *real_name);

G_END_DECLS
