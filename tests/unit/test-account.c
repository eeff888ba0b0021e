/* test-account.c: the account model and its strict JSON reader
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "colombe-account.h"

#define GOOD_ACCOUNT \
  "{\"version\": 1, \"name\": \"Alice Martin\", \"address\": \"alice@example.org\"," \
  " \"source\": \"autoconfig\", \"provider\": {\"id\": \"example.org\", \"name\": \"Example\"}," \
  " \"incoming\": {\"protocol\": \"imap\", \"host\": \"imap.example.org\", \"port\": 993," \
  "   \"security\": \"tls\", \"username\": \"alice@example.org\", \"auth\": \"password-cleartext\"}," \
  " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"smtp.example.org\", \"port\": 465," \
  "   \"security\": \"tls\", \"username\": \"alice@example.org\", \"auth\": \"password-cleartext\"}}"

static void
test_account_read (void)
{
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  ColombeServer *incoming;
  ColombeServer *outgoing;

  account = colombe_account_new_from_data (GOOD_ACCOUNT, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);

  g_assert_cmpstr (colombe_account_get_name (account), ==, "Alice Martin");
  g_assert_cmpstr (colombe_account_get_address (account), ==, "alice@example.org");
  g_assert_cmpint (colombe_account_get_source (account), ==, COLOMBE_SOURCE_AUTOCONFIG);
  g_assert_cmpstr (colombe_account_get_provider_id (account), ==, "example.org");
  g_assert_cmpstr (colombe_account_get_provider_name (account), ==, "Example");

  incoming = colombe_account_get_incoming (account);
  g_assert_cmpint (colombe_server_get_protocol (incoming), ==, COLOMBE_PROTOCOL_IMAP);
  g_assert_cmpstr (colombe_server_get_host (incoming), ==, "imap.example.org");
  g_assert_cmpuint (colombe_server_get_port (incoming), ==, 993);
  g_assert_cmpint (colombe_server_get_security (incoming), ==, COLOMBE_SECURITY_TLS);
  g_assert_cmpstr (colombe_server_get_username (incoming), ==, "alice@example.org");
  g_assert_cmpstr (colombe_server_get_auth (incoming), ==, "password-cleartext");

  outgoing = colombe_account_get_outgoing (account);
  g_assert_cmpint (colombe_server_get_protocol (outgoing), ==, COLOMBE_PROTOCOL_SMTP);
  g_assert_cmpuint (colombe_server_get_port (outgoing), ==, 465);
}

/* Write, read again: the same account. */
static void
test_account_round_trip (void)
{
  g_autoptr(ColombeAccount) first = NULL;
  g_autoptr(ColombeAccount) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data_again = NULL;

  first = colombe_account_new_from_data (GOOD_ACCOUNT, -1, &error);
  g_assert_no_error (error);
  data = colombe_account_to_data (first);
  second = colombe_account_new_from_data (data, -1, &error);
  g_assert_no_error (error);

  g_assert_true (colombe_server_equal (colombe_account_get_incoming (first),
                                       colombe_account_get_incoming (second)));
  g_assert_true (colombe_server_equal (colombe_account_get_outgoing (first),
                                       colombe_account_get_outgoing (second)));
  data_again = colombe_account_to_data (second);
  g_assert_cmpstr (data, ==, data_again);
}

/* How to sign in and the provider's page: read, kept, written back; a
 * list in another case comes out in the canonical one. */
static void
test_account_sign_in (void)
{
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(ColombeAccount) again = NULL;
  g_autoptr(ColombeAccount) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  const char * const *ways;

  /* the same account, with the two members first */
  json = g_strconcat ("{\"sign_in\": [\"App-Password\", \"oauth2\"], \"help\": {\"url\": "
                      "\"https://myaccount.google.com/apppasswords\", \"text\": \"Create one.\"},",
                      GOOD_ACCOUNT + 1, NULL);

  account = colombe_account_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  ways = colombe_account_get_sign_in (account);
  g_assert_cmpuint (g_strv_length ((char **) ways), ==, 2);
  g_assert_cmpstr (ways[0], ==, "app-password");
  g_assert_cmpstr (ways[1], ==, "oauth2");
  g_assert_true (colombe_account_takes_password (account));
  g_assert_cmpstr (colombe_account_get_help (account)->url, ==,
                   "https://myaccount.google.com/apppasswords");
  g_assert_cmpstr (colombe_account_get_help (account)->text, ==, "Create one.");

  data = colombe_account_to_data (account);
  again = colombe_account_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_account_get_sign_in (again)[0], ==, "app-password");
  g_assert_cmpstr (colombe_account_get_help (again)->text, ==, "Create one.");

  /* unknown: null in JSON, and a password may be tried */
  plain = colombe_account_new_from_data (GOOD_ACCOUNT, -1, &error);
  g_assert_null (colombe_account_get_sign_in (plain));
  g_assert_null (colombe_account_get_help (plain));
  g_assert_true (colombe_account_takes_password (plain));
  g_clear_pointer (&data, g_free);
  data = colombe_account_to_data (plain);
  g_assert_nonnull (strstr (data, "\"sign_in\" : null"));
  g_assert_nonnull (strstr (data, "\"help\" : null"));

  /* OAuth2 alone: no password goes anywhere */
  colombe_account_set_sign_in (plain, (const char *[]) { "oauth2", NULL });
  g_assert_false (colombe_account_takes_password (plain));
}

/* The model's rule: an account that takes no password has servers that
 * sign in with OAuth2 only, whichever way they came (set before or after
 * the sign-in, read from a file), and the caller's servers stay as given. */
static void
test_account_oauth2_servers (void)
{
  const char * const oauth2[] = { "OAuth2", NULL };
  g_autoptr(ColombeAccount) account = colombe_account_new (NULL, "alice@outlook.com");
  g_autoptr(ColombeAccount) read = NULL;
  g_autoptr(ColombeServer) typed = colombe_server_new (COLOMBE_PROTOCOL_IMAP,
                                                       "outlook.office365.com", 993,
                                                       COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP,
                                                          "smtp-mail.outlook.com", 587,
                                                          COLOMBE_SECURITY_STARTTLS);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  colombe_server_add_auth_method (typed, "password-cleartext");
  colombe_server_add_auth_method (outgoing, "password-cleartext");

  /* servers first, then the provider's sign-in */
  colombe_account_set_incoming (account, typed);
  colombe_account_set_sign_in (account, (const char *[]) { "oauth2", NULL });
  g_assert_true (g_strv_equal (colombe_server_get_auth_methods (colombe_account_get_incoming (account)),
                               oauth2));
  g_assert_cmpstr (colombe_server_get_host (colombe_account_get_incoming (account)), ==,
                   "outlook.office365.com");
  g_assert_cmpstr (colombe_server_get_auth (typed), ==, "password-cleartext");

  /* the sign-in first, then a server */
  colombe_account_set_outgoing (account, outgoing);
  g_assert_cmpstr (colombe_server_get_auth (colombe_account_get_outgoing (account)), ==, "OAuth2");
  g_assert_cmpstr (colombe_server_get_auth (outgoing), ==, "password-cleartext");

  /* a file that says both: the sign-in wins */
  json = g_strconcat ("{\"sign_in\": [\"oauth2\"],", GOOD_ACCOUNT + 1, NULL);
  read = colombe_account_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_server_get_auth (colombe_account_get_incoming (read)), ==, "OAuth2");
  g_assert_cmpstr (colombe_server_get_auth (colombe_account_get_outgoing (read)), ==, "OAuth2");

  /* an app password among the ways: the servers keep their password */
  g_clear_object (&read);
  g_clear_pointer (&json, g_free);
  json = g_strconcat ("{\"sign_in\": [\"app-password\", \"oauth2\"],", GOOD_ACCOUNT + 1, NULL);
  read = colombe_account_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (colombe_server_get_auth (colombe_account_get_incoming (read)), ==,
                   "password-cleartext");
}

/* Discovered accounts say where they came from; the JSON keeps it. */
static void
test_account_provenance (void)
{
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(ColombeAccount) again = NULL;
  g_autoptr(ColombeProvenance) provenance = colombe_provenance_new ("http://autoconfig.example.org/x");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const ColombeProvenance *read;

  account = colombe_account_new_from_data (GOOD_ACCOUNT, -1, &error);
  g_assert_no_error (error);
  g_assert_null (colombe_account_get_provenance (account));
  g_assert_false (colombe_account_needs_consent (account));

  provenance->unauthenticated = TRUE;
  colombe_provenance_set_notice (provenance, "careful");
  colombe_account_set_provenance (account, provenance);
  g_assert_true (colombe_account_needs_consent (account));

  data = colombe_account_to_data (account);
  g_assert_nonnull (strstr (data, "\"needs_consent\" : true"));
  again = colombe_account_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  read = colombe_account_get_provenance (again);
  g_assert_nonnull (read);
  g_assert_cmpstr (read->origin, ==, "http://autoconfig.example.org/x");
  g_assert_true (read->unauthenticated);
  g_assert_false (read->outside_domain);
  g_assert_cmpstr (read->notice, ==, "careful");
}

/* Another person of the same domain: every member the same but the
 * address, the name and the usernames, made from the templates (so that a
 * member added to the account one day and forgotten here fails this). */
static void
test_account_copy_for (void)
{
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(ColombeAccount) same = NULL;
  g_autoptr(ColombeAccount) other = NULL;
  g_autoptr(ColombeProvenance) provenance = colombe_provenance_new ("https://autoconfig.example.org/x");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *same_data = NULL;
  ColombeServer *incoming;

  account = colombe_account_new_from_data (GOOD_ACCOUNT, -1, &error);
  g_assert_no_error (error);
  colombe_account_set_provenance (account, provenance);
  colombe_server_set_username_template (colombe_account_get_incoming (account), "%EMAILLOCALPART%");
  colombe_server_resolve_username (colombe_account_get_incoming (account), "alice@example.org",
                                   "Alice Martin");

  same = colombe_account_copy_for (account, "alice@example.org", "Alice Martin");
  data = colombe_account_to_data (account);
  same_data = colombe_account_to_data (same);
  g_assert_cmpstr (same_data, ==, data);

  other = colombe_account_copy_for (account, "bob@example.org", NULL);
  g_assert_cmpstr (colombe_account_get_address (other), ==, "bob@example.org");
  g_assert_null (colombe_account_get_name (other));
  incoming = colombe_account_get_incoming (other);
  g_assert_cmpstr (colombe_server_get_username (incoming), ==, "bob");
  g_assert_cmpstr (colombe_server_get_username (colombe_account_get_outgoing (other)), ==,
                   "bob@example.org");
  /* the original is untouched */
  g_assert_cmpstr (colombe_server_get_username (colombe_account_get_incoming (account)), ==,
                   "alice");
}

/* Servers elsewhere than the domain need consent unless a trusted source
 * vouches for them. */
static void
test_provenance_consent (void)
{
  g_autoptr(ColombeProvenance) provenance = colombe_provenance_new (NULL);

  provenance->outside_domain = TRUE;
  g_assert_false (colombe_provenance_needs_consent (provenance, COLOMBE_SOURCE_AUTOCONFIG));
  g_assert_false (colombe_provenance_needs_consent (provenance, COLOMBE_SOURCE_BUILTIN));
  g_assert_false (colombe_provenance_needs_consent (provenance, COLOMBE_SOURCE_ISPDB));
  g_assert_true (colombe_provenance_needs_consent (provenance, COLOMBE_SOURCE_SRV));
  g_assert_true (colombe_provenance_needs_consent (provenance, COLOMBE_SOURCE_GUESS));
  provenance->outside_domain = FALSE;
  g_assert_false (colombe_provenance_needs_consent (provenance, COLOMBE_SOURCE_GUESS));
}

typedef struct
{
  const char *json;
  const char *expected;  /* a part of the error message: says where */
} BadCase;

static const BadCase bad_cases[] = {
  { "", "empty" },
  { "[1, 2]", "object" },
  { "{\"address\": ", "JSON" },
  { "{\"version\": 2, \"address\": \"a@b.org\"}", "version" },
  { "{\"address\": 5}", "address" },
  { "{\"address\": \"no-at-sign\"}", "address" },
  { "{\"address\": \"a@@b.org\"}", "address" },
  { "{\"address\": \"a@b.org\"}", "incoming" },
  { "{\"address\": \"a@b.org\", \"source\": \"crystal-ball\"}", "source" },
  { "{\"address\": \"a@b.org\", \"provider\": 3}", "provider" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 0, \"security\": \"tls\"}}", "incoming.port" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 65536, \"security\": \"tls\"}}", "incoming.port" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": \"993\", \"security\": \"tls\"}}", "incoming.port" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 99.5, \"security\": \"tls\"}}", "incoming.port" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"bad host\","
    " \"port\": 993, \"security\": \"tls\"}}", "incoming.host" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"-h.org\","
    " \"port\": 993, \"security\": \"tls\"}}", "incoming.host" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"gopher\", \"host\": \"h.org\","
    " \"port\": 993, \"security\": \"tls\"}}", "incoming.protocol" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"smtp\", \"host\": \"h.org\","
    " \"port\": 993, \"security\": \"tls\"}}", "incoming.protocol" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 993, \"security\": \"ssl3\"}}", "incoming.security" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 993, \"security\": \"tls\", \"auth\": \"magic\"}}", "incoming.auth" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 993, \"security\": \"tls\", \"username\": []}}", "incoming.username" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 993, \"security\": \"tls\"}, \"outgoing\": {\"protocol\": \"imap\","
    " \"host\": \"h.org\", \"port\": 465, \"security\": \"tls\"}}", "outgoing.protocol" },
  { "{\"address\": \"a@b.org\", \"incoming\": {\"protocol\": \"imap\", \"host\": \"h.org\","
    " \"port\": 993, \"security\": \"tls\"}, \"outgoing\": null}", "outgoing" },
  { "{\"address\": \"a@b.org\", \"provenance\": []}", "provenance" },
  { "{\"address\": \"a@b.org\", \"provenance\": {\"unauthenticated\": \"yes\"}}",
    "provenance.unauthenticated" },
  { "{\"address\": \"a@b.org\", \"provenance\": {\"origin\": 3}}", "provenance.origin" },
  /* sign_in and help: the gate's vocabulary, and https pages only */
  { "{\"address\": \"a@b.org\", \"sign_in\": \"password\"}", "sign_in" },
  { "{\"address\": \"a@b.org\", \"sign_in\": []}", "sign_in: is empty" },
  { "{\"address\": \"a@b.org\", \"sign_in\": [\"magic\"]}", "sign_in: holds" },
  { "{\"address\": \"a@b.org\", \"sign_in\": [\"oauth2\", \"oauth2\"]}", "sign_in: names" },
  { "{\"address\": \"a@b.org\", \"sign_in\": [2]}", "sign_in" },
  { "{\"address\": \"a@b.org\", \"help\": \"https://b.org\"}", "help" },
  { "{\"address\": \"a@b.org\", \"help\": {\"url\": \"http://b.org/\", \"text\": \"t\"}}",
    "help.url: is not an https" },
  { "{\"address\": \"a@b.org\", \"help\": {\"url\": \"https://evil@b.org/\", \"text\": \"t\"}}",
    "help.url: is not a valid web address" },
  { "{\"address\": \"a@b.org\", \"help\": {\"url\": \"https://b.org/\"}}", "help.text: is missing" },
  { "{\"address\": \"a@b.org\", \"help\": {\"url\": \"https://b.org/\", \"text\": \"a\\nb\"}}",
    "help.text: contains a line break" },
};

static void
test_account_bad (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = colombe_account_new_from_data (bad->json, -1, &error);
  g_assert_null (account);
  g_assert_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, bad->expected));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_account_too_large (void)
{
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (200 * 1024, ' ');

  account = colombe_account_new_from_data (huge, -1, &error);
  g_assert_null (account);
  g_assert_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT);
}

static void
test_server_placeholders (void)
{
  g_autoptr(ColombeServer) server = colombe_server_new (COLOMBE_PROTOCOL_IMAP, "imap.free.fr",
                                                        993, COLOMBE_SECURITY_TLS);
  g_autofree char *expanded = NULL;

  colombe_server_set_username_template (server, "%EMAILLOCALPART%");
  colombe_server_resolve_username (server, "alice@free.fr", "Alice");
  g_assert_cmpstr (colombe_server_get_username (server), ==, "alice");

  colombe_server_set_username_template (server, NULL);
  colombe_server_resolve_username (server, "alice@free.fr", "Alice");
  g_assert_cmpstr (colombe_server_get_username (server), ==, "alice@free.fr");

  expanded = colombe_expand_placeholders ("%REALNAME% <%EMAILLOCALPART%@%EMAILDOMAIN%>",
                                          "bob@example.org", "Bob");
  g_assert_cmpstr (expanded, ==, "Bob <bob@example.org>");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* A property set to its current value says nothing (libadwaita's habit). */
static void
test_server_notify (void)
{
  ColombeServer *server = colombe_server_new (COLOMBE_PROTOCOL_IMAP, "a.org", 993,
                                              COLOMBE_SECURITY_TLS);
  guint count = 0;

  g_signal_connect (server, "notify", G_CALLBACK (count_notify), &count);
  colombe_server_set_host (server, "a.org");
  colombe_server_set_port (server, 993);
  g_assert_cmpuint (count, ==, 0);
  colombe_server_set_host (server, "b.org");
  colombe_server_set_port (server, 143);
  colombe_server_set_security (server, COLOMBE_SECURITY_STARTTLS);
  g_assert_cmpuint (count, ==, 3);

  g_assert_finalize_object (server);
}

typedef struct
{
  const char *host;
  gboolean    valid;
} HostCase;

static void
test_hostnames (void)
{
  static const HostCase cases[] = {
    { "imap.free.fr", TRUE }, { "IMAP.Free.FR", TRUE }, { "mail.example.test.", TRUE },
    { "127.0.0.1", TRUE }, { "::1", TRUE }, { "xn--exmple-cua.fr", TRUE },
    { "", FALSE }, { "a..b", FALSE }, { "-a.org", FALSE }, { "a-.org", FALSE },
    { "a b.org", FALSE }, { "exämple.fr", FALSE }, { ".", FALSE }, { "a/b", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].host);
      g_assert_cmpint (colombe_hostname_is_valid (cases[i].host), ==, cases[i].valid);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/read", test_account_read);
  g_test_add_func ("/account/round-trip", test_account_round_trip);
  g_test_add_func ("/account/sign-in", test_account_sign_in);
  g_test_add_func ("/account/oauth2-servers", test_account_oauth2_servers);
  g_test_add_func ("/account/too-large", test_account_too_large);
  g_test_add_func ("/account/provenance", test_account_provenance);
  g_test_add_func ("/account/copy-for", test_account_copy_for);
  g_test_add_func ("/account/provenance-consent", test_provenance_consent);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/account/bad/%" G_GSIZE_FORMAT, i);
      g_test_add_data_func (path, &bad_cases[i], test_account_bad);
    }
  g_test_add_func ("/server/placeholders", test_server_placeholders);
  g_test_add_func ("/server/notify", test_server_notify);
  g_test_add_func ("/server/hostnames", test_hostnames);

  return g_test_run ();
}
