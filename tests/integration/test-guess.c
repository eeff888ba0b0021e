/* test-guess.c: `colombe detect` guessing the usual host names on the
 * standard ports, in a DNS world of its own
 *
 * guess.test:    imap.guess.test is a black hole (993, 143); mail.guess.test
 *                has Dovecot and the SMTP server on every standard port.
 * starttls.test: mail.starttls.test has IMAP on 143 only (STARTTLS).
 * pop.test:      pop.pop.test has POP3 on 995 and 110 only.
 * nothing.test:  no server at all.
 * Each host has its own loopback address, so all share the standard ports.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-test-fixtures.h"

/* The probes' own limit (8 s): answering well before it proves that the
 * black hole cost only the grace period. */
#define WELL_UNDER_TIMEOUT_MS 4000

static ColombeTestPki *pki;

static void
run_detect (ColombeTestRun *run,
            const char     *address)
{
  const char *argv[] = { COLOMBE_BINARY, "detect", address, "--json",
                         "--ca-file", colombe_test_pki_get_ca_file (pki),
                         "--ispdb-url", "https://127.0.0.1:1/", NULL };

  colombe_test_run (run, NULL, NULL, argv);
}

/* Runs detect on @address, checks it found a guess; returns its account. */
static JsonObject *
detect_guess (JsonParser *parser,
              const char *address,
              gint64     *ms)
{
  g_auto(ColombeTestRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();
  JsonObject *root;
  JsonObject *account;

  run_detect (&run, address);
  *ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%s: %" G_GINT64_FORMAT " ms\n%s%s", address, *ms, run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);

  root = colombe_test_json_parse_object (parser, run.out);
  g_assert_cmpstr (colombe_test_json_source_state (root, "guess"), ==, "found");
  account = json_object_get_object_member (root, "account");
  g_assert_cmpstr (json_object_get_string_member (account, "source"), ==, "guess");

  return account;
}

static void
test_black_holed_preferred_host (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *account;
  JsonObject *incoming;
  JsonObject *provenance;
  gint64 ms;

  colombe_test_watchdog_arm (30);
  account = detect_guess (parser, "alice@guess.test", &ms);
  incoming = json_object_get_object_member (account, "incoming");
  colombe_test_json_assert_server (incoming, "imap", "mail.guess.test", 993, "tls", NULL);
  g_assert_cmpstr (json_object_get_string_member (incoming, "username"), ==, "alice@guess.test");
  g_assert_cmpstr (json_object_get_string_member (incoming, "auth"), ==, "password-cleartext");
  colombe_test_json_assert_server (json_object_get_object_member (account, "outgoing"),
                                   "smtp", "mail.guess.test", 465, "tls", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (account,
                                                                                  "provider"),
                                                  "id"), ==, "guess.test");
  /* verified TLS on hosts of the domain: nothing to ask the person */
  provenance = json_object_get_object_member (account, "provenance");
  g_assert_false (json_object_get_boolean_member (provenance, "outside_domain"));
  g_assert_false (json_object_get_boolean_member (provenance, "unauthenticated"));
  g_assert_false (json_object_get_boolean_member (provenance, "needs_consent"));
  /* one grace period (1 s) for the black hole, not its timeout */
  g_assert_cmpint (ms, >=, 1000);
  g_assert_cmpint (ms, <, WELL_UNDER_TIMEOUT_MS);
}

static void
test_starttls_only (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *account;
  gint64 ms;

  colombe_test_watchdog_arm (30);
  account = detect_guess (parser, "bob@starttls.test", &ms);
  colombe_test_json_assert_server (json_object_get_object_member (account, "incoming"),
                                   "imap", "mail.starttls.test", 143, "starttls", NULL);
  g_assert_true (json_object_get_null_member (account, "outgoing"));
  g_assert_cmpint (ms, <, WELL_UNDER_TIMEOUT_MS);
}

static void
test_pop3_only (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *account;
  gint64 ms;

  colombe_test_watchdog_arm (30);
  account = detect_guess (parser, "zoe@pop.test", &ms);
  colombe_test_json_assert_server (json_object_get_object_member (account, "incoming"),
                                   "pop3", "pop.pop.test", 995, "tls", NULL);
  g_assert_cmpint (ms, <, WELL_UNDER_TIMEOUT_MS);
}

static void
test_nothing (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(ColombeTestRun) run = { 0 };
  JsonObject *root;

  colombe_test_watchdog_arm (30);
  run_detect (&run, "nobody@nothing.test");
  g_assert_cmpint (run.status, ==, 1);
  root = colombe_test_json_parse_object (parser, run.out);
  g_assert_true (json_object_get_null_member (root, "account"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "candidates")),
                    ==, 0);
  g_assert_cmpstr (colombe_test_json_source_state (root, "guess"), ==, "not-found");
}

static ColombeTestDovecot *
start_dovecot (const char *address,
               guint16     imap,
               guint16     imaps,
               guint16     pop3,
               guint16     pop3s)
{
  g_autoptr(ColombeTestDovecot) dovecot = colombe_test_dovecot_new (pki);
  g_autoptr(GError) error = NULL;

  colombe_test_dovecot_set_listen_address (dovecot, address);
  colombe_test_dovecot_set_ports (dovecot, imap, imaps, pop3, pop3s);
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&dovecot);
}

int
main (int   argc,
      char *argv[])
{
  const char *names[] = { "*.guess.test", "*.starttls.test", "*.pop.test", "localhost", NULL };
  g_autoptr(ColombeTestDns) dns = colombe_test_dns_new ();
  g_autoptr(ColombeTestDovecot) mail = NULL;
  g_autoptr(ColombeTestDovecot) starttls = NULL;
  g_autoptr(ColombeTestDovecot) pop = NULL;
  g_autoptr(ColombeTestSmtpd) smtpd = NULL;
  g_autoptr(ColombeTestFault) hole_imaps = NULL;
  g_autoptr(ColombeTestFault) hole_imap = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  pki = colombe_test_pki_new (names, &error);
  g_assert_no_error (error);

  colombe_test_dns_add_zone (dns, "guess.test");
  colombe_test_dns_add_address (dns, "imap.guess.test", "127.0.0.3");
  colombe_test_dns_add_address (dns, "mail.guess.test", "127.0.0.2");
  colombe_test_dns_add_address (dns, "mail.starttls.test", "127.0.0.4");
  colombe_test_dns_add_address (dns, "pop.pop.test", "127.0.0.5");
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);

  hole_imaps = colombe_test_fault_new_black_hole_at ("127.0.0.3", 993, &error);
  g_assert_no_error (error);
  hole_imap = colombe_test_fault_new_black_hole_at ("127.0.0.3", 143, &error);
  g_assert_no_error (error);

  mail = start_dovecot ("127.0.0.2", 143, 993, 110, 995);
  starttls = start_dovecot ("127.0.0.4", 143, 0, 0, 0);
  pop = start_dovecot ("127.0.0.5", 0, 0, 110, 995);

  smtpd = colombe_test_smtpd_new (pki);
  colombe_test_smtpd_set_listen_address (smtpd, "127.0.0.2");
  colombe_test_smtpd_set_ports (smtpd, 587, 465, 25);
  colombe_test_smtpd_start (smtpd, &error);
  g_assert_no_error (error);

  g_test_add_func ("/guess/black-holed-preferred-host", test_black_holed_preferred_host);
  g_test_add_func ("/guess/starttls-only", test_starttls_only);
  g_test_add_func ("/guess/pop3-only", test_pop3_only);
  g_test_add_func ("/guess/nothing", test_nothing);

  status = g_test_run ();

  g_assert_cmpuint (colombe_test_fault_get_n_accepted (hole_imaps), >, 0);
  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (pop, NULL);
  colombe_test_dovecot_stop (starttls, NULL);
  colombe_test_dovecot_stop (mail, NULL);
  colombe_test_fault_stop (hole_imap);
  colombe_test_fault_stop (hole_imaps);
  colombe_test_dns_stop (dns, NULL);
  g_clear_object (&pki);

  return status;
}
