/* test-speculation.c: which servers a speculation connects to, before any connection
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "colombe-speculation.h"

#define IMAP COLOMBE_PROTOCOL_IMAP
#define SMTP COLOMBE_PROTOCOL_SMTP
#define TLS COLOMBE_SECURITY_TLS
#define STARTTLS COLOMBE_SECURITY_STARTTLS

typedef struct
{
  ColombeProtocol  protocol;
  const char      *host;
  guint16          port;
  ColombeSecurity  security;
} Expected;

/* @address's speculation would connect to @expected, in that order. */
static void
assert_servers (const char     *address,
                const Expected *expected,
                guint           n_expected)
{
  g_autoptr(ColombeAddress) parsed = NULL;
  g_autoptr(ColombeSpeculation) speculation = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *servers;

  parsed = colombe_address_parse (address, &error);
  g_assert_no_error (error);
  speculation = colombe_speculation_new (parsed);
  servers = colombe_speculation_get_servers (speculation);

  g_assert_cmpuint (servers->len, ==, n_expected);
  g_assert_cmpuint (servers->len, <=, COLOMBE_SPECULATION_MAX_CONNECTIONS);
  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);

      g_assert_cmpint (colombe_server_get_protocol (server), ==, expected[i].protocol);
      g_assert_cmpstr (colombe_server_get_host (server), ==, expected[i].host);
      g_assert_cmpuint (colombe_server_get_port (server), ==, expected[i].port);
      g_assert_cmpint (colombe_server_get_security (server), ==, expected[i].security);
    }
  g_assert_cmpuint (colombe_speculation_get_n_started (speculation), ==, 0);
}

typedef struct
{
  const char *path;
  const char *address;
  Expected    expected[COLOMBE_SPECULATION_MAX_CONNECTIONS];
  guint       n_expected;
} Case;

static const Case cases[] = {
  /* not in the built-in database: the usual names on the implicit TLS ports */
  { "/speculation/usual", "zoe@example.org",
    { { IMAP, "imap.example.org", 993, TLS }, { SMTP, "smtp.example.org", 465, TLS },
      { IMAP, "mail.example.org", 993, TLS }, { SMTP, "mail.example.org", 465, TLS } }, 4 },
  /* the database's answer first; the same server is not asked twice */
  { "/speculation/builtin-first", "zoe@free.fr",
    { { IMAP, "imap.free.fr", 993, TLS }, { SMTP, "smtp.free.fr", 465, TLS },
      { IMAP, "mail.free.fr", 993, TLS }, { SMTP, "mail.free.fr", 465, TLS } }, 4 },
  /* other names in the database: theirs, then the usual ones, to the bound */
  { "/speculation/bound", "zoe@icloud.com",
    { { IMAP, "imap.mail.me.com", 993, TLS }, { SMTP, "smtp.mail.me.com", 587, STARTTLS },
      { IMAP, "imap.icloud.com", 993, TLS }, { SMTP, "smtp.icloud.com", 465, TLS },
      { IMAP, "mail.icloud.com", 993, TLS }, { SMTP, "mail.icloud.com", 465, TLS } },
    COLOMBE_SPECULATION_MAX_CONNECTIONS },
};

static void
test_case (gconstpointer data)
{
  const Case *test = data;

  assert_servers (test->address, test->expected, test->n_expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);

  return g_test_run ();
}
