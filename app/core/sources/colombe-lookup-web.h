/* colombe-lookup-web.h: what the sources reading a clientConfig over the web share
 *
 * The provider's own two addresses (autoconfig.<domain> and the domain's
 * .well-known folder), read over https by their own sources and over plain
 * http by the fallback, and the rule telling "nothing published there"
 * from a failure.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-lookup.h"

G_BEGIN_DECLS

/* A provider publishes its file in a second or two; a dead host must not
 * hold the search up longer than this. */
#define COLOMBE_LOOKUP_WEB_TIMEOUT_MS 8000

/* Builds the URL of one of the provider's two addresses for @domain; with
 * @address NULL, without the ?emailaddress= parameter. */
typedef char *(*ColombeLookupWebUrl) (const char *scheme,
                                      const char *domain,
                                      const char *address);

/* "SCHEME://autoconfig.DOMAIN/mail/config-v1.1.xml?emailaddress=ADDRESS" */
char     *colombe_lookup_web_autoconfig_url  (const char               *scheme,
                                              const char               *domain,
                                              const char               *address);
/* "SCHEME://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=ADDRESS" */
char     *colombe_lookup_web_well_known_url  (const char               *scheme,
                                              const char               *domain,
                                              const char               *address);

/* TRUE when @error only says that no web server answers at that name (no
 * such host, connection refused): the provider publishes nothing there. */
gboolean  colombe_lookup_web_nothing_there   (const GError             *error);

/* Fetches @url for @task (a lookup's task) and returns its accounts of
 * @source, an empty array when nothing is published there, or the error as
 * it came: a certificate problem stays in the G_TLS_ERROR domain. */
void      colombe_lookup_web_run             (const ColombeLookupQuery *query,
                                              GTask                    *task,
                                              const char               *url,
                                              ColombeSource             source);
/* The whole run of a source reading the provider's own file over https:
 * colombe_lookup_web_run() of the URL @url_for builds for the query's
 * domain and address. */
void      colombe_lookup_web_run_https       (const ColombeLookupQuery *query,
                                              GTask                    *task,
                                              ColombeLookupWebUrl       url_for,
                                              ColombeSource             source);

G_END_DECLS
