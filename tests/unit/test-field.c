/* test-field.c: the one gate at the model, its rules per kind, and every
 * entry point of the core that must pass through it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "colombe-account.h"
#include "colombe-client-config.h"
#include "colombe-field.h"

typedef struct
{
  ColombeField  field;
  const char   *value;
  const char   *refused;   /* the reason, or NULL when accepted */
} FieldCase;

static const FieldCase field_cases[] = {
  /* Hosts: DNS names in ASCII, IPv4, IPv6 without a zone */
  { COLOMBE_FIELD_HOST, "imap.example.org", NULL },
  { COLOMBE_FIELD_HOST, "imap.example.org.", NULL },
  { COLOMBE_FIELD_HOST, "xn--bcher-kva.example", NULL },
  { COLOMBE_FIELD_HOST, "mail_1.internal", NULL },
  { COLOMBE_FIELD_HOST, "192.0.2.1", NULL },
  { COLOMBE_FIELD_HOST, "2001:db8::1", NULL },
  { COLOMBE_FIELD_HOST, "::ffff:192.0.2.1", NULL },
  { COLOMBE_FIELD_HOST, "", "is empty" },
  { COLOMBE_FIELD_HOST, "fe80::1%eth0", "zone" },
  { COLOMBE_FIELD_HOST, "fe80::1%x\"\nhost \"127.0.0.1\"\npasswordeval \"touch /tmp/x\"", "zone" },
  { COLOMBE_FIELD_HOST, "2001:db8::g", "not a valid IPv6" },
  { COLOMBE_FIELD_HOST, "a:b", "not a valid IPv6" },
  { COLOMBE_FIELD_HOST, "bücher.example", "ASCII" },
  { COLOMBE_FIELD_HOST, "imap example org", "not a valid host name" },
  { COLOMBE_FIELD_HOST, "imap.example.org\nhost evil", "not a valid host name" },
  { COLOMBE_FIELD_HOST, "-imap.example.org", "not a valid host name" },
  { COLOMBE_FIELD_HOST, "imap..example.org", "not a valid host name" },
  { COLOMBE_FIELD_HOST, ".", "not a valid host name" },
  { COLOMBE_FIELD_HOST, "a`touch x`.example.org", "not a valid host name" },
  { COLOMBE_FIELD_HOST, "$(touch x).example.org", "not a valid host name" },
  { COLOMBE_FIELD_HOST, "imap.example.org/evil", "not a valid host name" },
  { COLOMBE_FIELD_HOST, "imap.example.org:993", "not a valid IPv6" },

  /* Usernames: any visible text, no control, no line break */
  { COLOMBE_FIELD_USERNAME, "alice@example.org", NULL },
  { COLOMBE_FIELD_USERNAME, "o'brien \"quoted\" \\ $(touch x) `x` ; # %", NULL },
  { COLOMBE_FIELD_USERNAME, "élodie", NULL },
  { COLOMBE_FIELD_USERNAME, "", "is empty" },
  { COLOMBE_FIELD_USERNAME, "alice\"\npasswordeval \"touch /tmp/x", "line break" },
  { COLOMBE_FIELD_USERNAME, "alice\r", "line break" },
  { COLOMBE_FIELD_USERNAME, "alice\xe2\x80\xa8x", "line break" },         /* U+2028 */
  { COLOMBE_FIELD_USERNAME, "alice\xe2\x80\xa9x", "line break" },         /* U+2029 */
  { COLOMBE_FIELD_USERNAME, "alice\xc2\x85x", "line break" },             /* U+0085 */
  { COLOMBE_FIELD_USERNAME, "alice\x01", "control character" },
  { COLOMBE_FIELD_USERNAME, "alice\x1b[31m", "control character" },
  { COLOMBE_FIELD_USERNAME, "alice\t", "control character" },
  { COLOMBE_FIELD_USERNAME, "alice\x7f", "control character" },
  { COLOMBE_FIELD_USERNAME, "gro.elpmaxe@\xe2\x80\xae" "ecila", "direction" }, /* U+202E */
  { COLOMBE_FIELD_USERNAME, "a\xe2\x81\xa6x", "direction" },              /* U+2066 */
  { COLOMBE_FIELD_USERNAME, "al\xffice", "UTF-8" },
  { COLOMBE_FIELD_USERNAME, "a\xef\xbf\xbe" "b", "not a character" },         /* U+FFFE */
  { COLOMBE_FIELD_NAME, "a\xef\xb7\x90" "b", "not a character" },             /* U+FDD0 */

  /* Names: may be empty */
  { COLOMBE_FIELD_NAME, "", NULL },
  { COLOMBE_FIELD_NAME, "Élodie O'Brien-Martin", NULL },
  { COLOMBE_FIELD_NAME, "محمد", NULL },
  { COLOMBE_FIELD_NAME, "Alice\n|touch /tmp/x", "line break" },
  { COLOMBE_FIELD_NAME, "Alice\x1b]0;title\x07", "control character" },

  /* URLs: pages a person is sent to, https and a real host only */
  { COLOMBE_FIELD_URL, "https://myaccount.google.com/apppasswords", NULL },
  { COLOMBE_FIELD_URL, "HTTPS://aide.laposte.net", NULL },
  { COLOMBE_FIELD_URL, "https://free.fr/assistance/2406.html?x=1#y", NULL },
  { COLOMBE_FIELD_URL, "http://free.fr/assistance/2406.html", "https://" },
  { COLOMBE_FIELD_URL, "javascript:alert(1)", "https://" },
  { COLOMBE_FIELD_URL, "https://", "not a valid web address" },
  { COLOMBE_FIELD_URL, "https://localhost/", "not a valid web address" },
  { COLOMBE_FIELD_URL, "https://evil.example@bank.example/", "not a valid web address" },
  { COLOMBE_FIELD_URL, "https://bank.example:8443/", "not a valid web address" },
  { COLOMBE_FIELD_URL, "https://bank.example/a b", "not a valid web address" },
  { COLOMBE_FIELD_URL, "https://bank.example/\nSet-Cookie", "line break" },
  { COLOMBE_FIELD_URL, "", "is empty" },

  /* Passwords: anything the person may type, but a line break */
  { COLOMBE_FIELD_PASSWORD, "p\"a's\\s w\tord \xe2\x80\xae", NULL },
  { COLOMBE_FIELD_PASSWORD, "", "is empty" },
  { COLOMBE_FIELD_PASSWORD, "pass\nword", "line break" },
  { COLOMBE_FIELD_PASSWORD, "pass\x02word", "control character" },
};

static void
test_field_cases (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      const FieldCase *c = &field_cases[i];
      g_autoptr(GError) error = NULL;
      gboolean accepted = colombe_field_check (c->field, c->value, &error);

      g_test_message ("case %zu: %s", i, error ? error->message : "accepted");
      if (c->refused == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (accepted);
          continue;
        }

      g_assert_false (accepted);
      g_assert_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, c->refused));
      /* The reason never repeats the value: it may hold anything. */
      g_assert_null (strchr (error->message, '\n'));
      g_assert_null (strchr (error->message, '\x1b'));
    }
}

/* Limits by length: at the limit in, one byte over out. */
static void
test_field_lengths (void)
{
  struct { ColombeField field; gsize limit; char fill; } limits[] = {
    { COLOMBE_FIELD_USERNAME, 320, 'a' },
    { COLOMBE_FIELD_NAME, 256, 'a' },
    { COLOMBE_FIELD_NOTE, 4096, 'a' },
    { COLOMBE_FIELD_PASSWORD, 4096, 'a' },
  };
  g_autofree char *label = g_strnfill (63, 'a');
  g_autofree char *long_label = g_strnfill (64, 'a');
  g_autofree char *last = g_strnfill (61, 'b');
  g_autofree char *host = g_strjoin (".", label, label, label, last, NULL);
  g_autofree char *absolute = g_strconcat (host, ".", NULL);
  g_autofree char *long_host = g_strconcat (host, "c", NULL);
  g_autofree char *megabyte = g_strnfill (1024 * 1024, 'a');

  for (gsize i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *at = g_strnfill (limits[i].limit, limits[i].fill);
      g_autofree char *over = g_strnfill (limits[i].limit + 1, limits[i].fill);
      g_autoptr(GError) error = NULL;

      g_assert_true (colombe_field_check (limits[i].field, at, NULL));
      g_assert_false (colombe_field_check (limits[i].field, over, &error));
      g_assert_nonnull (strstr (error->message, "too long"));
      g_assert_false (colombe_field_check (limits[i].field, megabyte, NULL));
    }

  g_assert_cmpuint (strlen (host), ==, 253);
  g_assert_true (colombe_field_check (COLOMBE_FIELD_HOST, host, NULL));
  g_assert_true (colombe_field_check (COLOMBE_FIELD_HOST, absolute, NULL));
  g_assert_false (colombe_field_check (COLOMBE_FIELD_HOST, long_host, NULL));
  g_assert_false (colombe_field_check (COLOMBE_FIELD_HOST, long_label, NULL));
  g_assert_false (colombe_field_check (COLOMBE_FIELD_HOST, megabyte, NULL));
}

static void
test_field_template (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (colombe_field_check_template (COLOMBE_FIELD_HOST, "mail.%EMAILDOMAIN%", NULL));
  g_assert_true (colombe_field_check_template (COLOMBE_FIELD_USERNAME, "%EMAILLOCALPART%", NULL));
  g_assert_false (colombe_field_check_template (COLOMBE_FIELD_HOST, "%EMAILADDRESS%", NULL));
  g_assert_false (colombe_field_check_template (COLOMBE_FIELD_USERNAME,
                                                "%EMAILLOCALPART%\"\npasswordeval \"x", &error));
  g_assert_nonnull (strstr (error->message, "line break"));
}

static void
test_field_shown (void)
{
  g_autofree char *shown = colombe_field_dup_shown ("a\nb\x1b[31m\xe2\x80\xae" "c é\xff");

  g_assert_cmpstr (shown, ==, "a\\u000Ab\\u001B[31m\\u202Ec é\xef\xbf\xbd");
}

/* The model's setters are the gate's proof: a path that forgot to check
 * cannot store a refused value. */
static void
test_field_setters (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(ColombeServer) server = colombe_server_new (COLOMBE_PROTOCOL_IMAP, "imap.example.org",
                                                            993, COLOMBE_SECURITY_TLS);

      colombe_server_set_username (server, "alice\npasswordeval x");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*colombe_field_check*");
}

#define ACCOUNT_WITH(member, value) \
  "{\"version\": 1, \"name\": \"Alice\", \"address\": \"alice@example.org\", " member ": " value ", " \
  " \"incoming\": {\"protocol\": \"imap\", \"host\": \"imap.example.org\", \"port\": 993," \
  "   \"security\": \"tls\", \"username\": \"alice\"}," \
  " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp.example.org\", \"port\": 465," \
  "   \"security\": \"tls\", \"username\": \"alice\"}}"

/* Every string member of the account file goes through the gate, and the
 * error names the member. */
static void
test_field_account_json (void)
{
  struct { const char *json; const char *message; } cases[] = {
    { ACCOUNT_WITH ("\"provider\"", "{\"id\": \"x\", \"name\": \"Ex\\nample\"}"),
      "provider.name: contains a line break" },
    { ACCOUNT_WITH ("\"provider\"", "{\"id\": \"x\\u001b\", \"name\": \"Example\"}"),
      "provider.id: contains a control character" },
    { ACCOUNT_WITH ("\"provenance\"", "{\"notice\": \"a\\u2028b\"}"),
      "provenance.notice: contains a line break" },
    { ACCOUNT_WITH ("\"source\"", "\"manual\", \"name\": \"Al\\u0000ice\""),
      "NUL character" },
    { "{\"version\": 1, \"name\": \"Alice\\n\", \"address\": \"alice@example.org\"}",
      "name: contains a line break" },
    { "{\"address\": \"alice@example.org\", \"incoming\": {\"protocol\": \"imap\", "
      "\"host\": \"fe80::1%x\", \"port\": 993, \"security\": \"tls\"}}",
      "incoming.host: is an IPv6 address with a zone" },
    { "{\"address\": \"alice@example.org\", \"incoming\": {\"protocol\": \"imap\", "
      "\"host\": \"imap.example.org\", \"port\": 993, \"security\": \"tls\", "
      "\"username\": \"a\\rb\"}}",
      "incoming.username: contains a line break" },
    { "{\"account\": {\"address\": \"alice@example.org\", \"name\": \"\\u202e\"}, \"incoming\": {}}",
      "account.name: contains a character that reverses" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ColombeAccount) account = colombe_account_new_from_data (cases[i].json, -1, &error);

      g_test_message ("case %zu: %s", i, error ? error->message : "accepted");
      g_assert_null (account);
      g_assert_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

#define CONFIG_WITH(hostname, username) \
  "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\">" \
  "<domain>example.org</domain><displayName>Example</displayName>" \
  "<incomingServer type=\"imap\"><hostname>" hostname "</hostname><port>993</port>" \
  "<socketType>SSL</socketType><username>" username "</username>" \
  "<authentication>password-cleartext</authentication></incomingServer>" \
  "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>465</port>" \
  "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>" \
  "<authentication>password-cleartext</authentication></outgoingServer>" \
  "</emailProvider></clientConfig>"

/* A document is read once with a sample person; the real person's
 * address may turn a value the sample passed into one the gate refuses. */
static void
test_field_client_config (void)
{
  g_autoptr(ColombeClientConfig) hostile = NULL;
  g_autoptr(ColombeClientConfig) per_person = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  hostile = colombe_client_config_new_from_data (
    CONFIG_WITH ("imap.example.org", "%EMAILLOCALPART%\"&#10;passwordeval \"touch /tmp/x;echo pw #"),
    -1, "test.xml", &error);
  g_assert_null (hostile);
  g_assert_error (error, COLOMBE_CLIENT_CONFIG_ERROR, COLOMBE_CLIENT_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "<username> contains a line break"));
  g_clear_error (&error);

  per_person = colombe_client_config_new_from_data (
    CONFIG_WITH ("%EMAILLOCALPART%.example.org", "%EMAILADDRESS%"), -1, "test.xml", &error);
  g_assert_no_error (error);

  accounts = colombe_client_config_to_accounts (per_person, "alice@example.org", "Alice",
                                                COLOMBE_SOURCE_AUTOCONFIG, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_server_get_host (colombe_account_get_incoming (g_ptr_array_index (accounts, 0))),
                   ==, "alice.example.org");
  g_clear_pointer (&accounts, g_ptr_array_unref);

  accounts = colombe_client_config_to_accounts (per_person, "a`touch${IFS}x`|id@example.org", "Alice",
                                                COLOMBE_SOURCE_AUTOCONFIG, &error);
  g_assert_null (accounts);
  g_assert_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "incoming.host: is not a valid host name");
}

/* The ways to sign in: at least one, each known, none twice. */
static void
test_field_sign_in (void)
{
  const struct
  {
    const char *ways[4];
    const char *refused;
  } cases[] = {
    { { "password", NULL }, NULL },
    { { "app-password", "oauth2", NULL }, NULL },
    { { "password", "app-password", "oauth2" }, NULL },
    { { NULL }, "is empty" },
    { { "oauth", NULL }, "other than" },
    { { "password\n", NULL }, "other than" },
    { { "oauth2", "OAuth2", NULL }, "twice" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = colombe_field_check_sign_in (cases[i].ways, &error);

      g_assert_cmpint (ok, ==, cases[i].refused == NULL);
      if (!ok)
        g_assert_nonnull (strstr (error->message, cases[i].refused));
    }

  g_assert_false (colombe_field_check_sign_in (NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/field/cases", test_field_cases);
  g_test_add_func ("/field/sign-in", test_field_sign_in);
  g_test_add_func ("/field/lengths", test_field_lengths);
  g_test_add_func ("/field/template", test_field_template);
  g_test_add_func ("/field/shown", test_field_shown);
  g_test_add_func ("/field/setters", test_field_setters);
  g_test_add_func ("/field/account-json", test_field_account_json);
  g_test_add_func ("/field/client-config", test_field_client_config);

  return g_test_run ();
}
