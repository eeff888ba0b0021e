/* colombe-http.h: bounded HTTP GET for the discovery sources
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define COLOMBE_HTTP_ERROR (colombe_http_error_quark ())

typedef enum
{
  COLOMBE_HTTP_ERROR_STATUS,            /* 4xx, 5xx, or a 3xx without Location */
  COLOMBE_HTTP_ERROR_TOO_LARGE,
  COLOMBE_HTTP_ERROR_REDIRECT_REFUSED,  /* to http, or to another domain */
  COLOMBE_HTTP_ERROR_TOO_MANY_REDIRECTS,
  COLOMBE_HTTP_ERROR_BAD_URL,
  COLOMBE_HTTP_ERROR_NOT_FOUND,         /* 404 or 410 */
} ColombeHttpError;

/* A clientConfig is a few kilobytes; 1 MiB leaves room and stops a flood. */
#define COLOMBE_HTTP_MAX_BODY (1024 * 1024)
#define COLOMBE_HTTP_MAX_REDIRECTS 5

GQuark       colombe_http_error_quark   (void);

/* One session for a whole discovery run: @database NULL trusts the system's
 * anchors alone. */
SoupSession *colombe_http_session_new   (GTlsDatabase         *database);
/* The same for many runs at once: at most @max_conns connections in all
 * (libsoup's default is 10), still 2 to one host. */
SoupSession *colombe_http_session_new_shared (GTlsDatabase   *database,
                                              guint           max_conns);

/* GET @url. Redirects are followed only to https within the registrable
 * domain of @url; the body is refused past COLOMBE_HTTP_MAX_BODY. */
void         colombe_http_get_async     (SoupSession          *session,
                                         const char           *url,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
/* Returns the body; @final_url (optional) receives the URL that answered. */
GBytes      *colombe_http_get_finish    (GAsyncResult         *result,
                                         char                **final_url,
                                         GError              **error);

/* "free.fr" for "imap.free.fr", "example.co.uk" for "a.example.co.uk",
 * "guess.test" for "imap.guess.test" (an unknown top-level domain is one
 * label, the list's default rule); the host itself for an address or a
 * public suffix. */
char        *colombe_http_registrable_domain (const char      *host);

G_END_DECLS
