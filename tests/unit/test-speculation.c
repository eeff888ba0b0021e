/* test-speculation.c: which servers a speculation connects to, before any connection
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "colombe-speculation.h"

static ColombeSpeculation *
speculation_new (const char *text)
{
  g_autoptr(ColombeAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  address = colombe_address_parse (text, &error);
  g_assert_no_error (error);

  return colombe_speculation_new (address);
}

static void
assert_server (GPtrArray       *servers,
               guint            index,
               ColombeProtocol  protocol,
               const char      *host,
               guint16          port,
               ColombeSecurity  security)
{
  ColombeServer *server = g_ptr_array_index (servers, index);

  g_assert_cmpint (colombe_server_get_protocol (server), ==, protocol);
  g_assert_cmpstr (colombe_server_get_host (server), ==, host);
  g_assert_cmpuint (colombe_server_get_port (server), ==, port);
  g_assert_cmpint (colombe_server_get_security (server), ==, security);
}

/* Not in the built-in database: the usual names on the implicit TLS ports. */
static void
test_usual (void)
{
  g_autoptr(ColombeSpeculation) speculation = speculation_new ("zoe@example.org");
  GPtrArray *servers = colombe_speculation_get_servers (speculation);

  g_assert_cmpuint (servers->len, ==, 4);
  assert_server (servers, 0, COLOMBE_PROTOCOL_IMAP, "imap.example.org", 993, COLOMBE_SECURITY_TLS);
  assert_server (servers, 1, COLOMBE_PROTOCOL_SMTP, "smtp.example.org", 465, COLOMBE_SECURITY_TLS);
  assert_server (servers, 2, COLOMBE_PROTOCOL_IMAP, "mail.example.org", 993, COLOMBE_SECURITY_TLS);
  assert_server (servers, 3, COLOMBE_PROTOCOL_SMTP, "mail.example.org", 465, COLOMBE_SECURITY_TLS);
  g_assert_cmpuint (colombe_speculation_get_n_started (speculation), ==, 0);
}

/* The database's answer first; the same server is not asked twice. */
static void
test_builtin_first (void)
{
  g_autoptr(ColombeSpeculation) speculation = speculation_new ("zoe@free.fr");
  GPtrArray *servers = colombe_speculation_get_servers (speculation);

  g_assert_cmpuint (servers->len, ==, 4);
  assert_server (servers, 0, COLOMBE_PROTOCOL_IMAP, "imap.free.fr", 993, COLOMBE_SECURITY_TLS);
  assert_server (servers, 1, COLOMBE_PROTOCOL_SMTP, "smtp.free.fr", 465, COLOMBE_SECURITY_TLS);
  assert_server (servers, 2, COLOMBE_PROTOCOL_IMAP, "mail.free.fr", 993, COLOMBE_SECURITY_TLS);
}

/* Other names in the database: theirs, then the usual ones, to the bound. */
static void
test_bound (void)
{
  g_autoptr(ColombeSpeculation) speculation = speculation_new ("zoe@icloud.com");
  GPtrArray *servers = colombe_speculation_get_servers (speculation);

  g_assert_cmpuint (servers->len, ==, COLOMBE_SPECULATION_MAX_CONNECTIONS);
  assert_server (servers, 0, COLOMBE_PROTOCOL_IMAP, "imap.mail.me.com", 993, COLOMBE_SECURITY_TLS);
  assert_server (servers, 1, COLOMBE_PROTOCOL_SMTP, "smtp.mail.me.com", 587,
                 COLOMBE_SECURITY_STARTTLS);
  for (guint i = 0; i < servers->len; i++)
    g_assert_cmpint (colombe_server_get_security (g_ptr_array_index (servers, i)), !=,
                     COLOMBE_SECURITY_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/speculation/usual", test_usual);
  g_test_add_func ("/speculation/builtin-first", test_builtin_first);
  g_test_add_func ("/speculation/bound", test_bound);

  return g_test_run ();
}
