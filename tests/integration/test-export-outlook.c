/* test-export-outlook.c: `colombe export --format outlook`, an Autodiscover
 * (POX) response: well-formed XML (GMarkup), the two namespaces, and every
 * Protocol value for an IMAP + SMTPS account and a POP3 + STARTTLS one
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "colombe-test-fixtures.h"

#define RESPONSE_NS "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
#define OUTLOOK_NS  "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"

static char *scratch;

/* The document flattened: "Autodiscover/Response/Account/Protocol2/Port"
 * -> "465" for each element holding text, "…@xmlns" for namespaces. */
typedef struct
{
  GPtrArray  *path;
  GString    *text;
  GHashTable *values;
  guint       n_protocols;
} Flat;

static char *
flat_path (Flat       *flat,
           const char *last)
{
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint i = 0; i < flat->path->len; i++)
    g_string_append_printf (path, "%s%s", i ? "/" : "", (char *) g_ptr_array_index (flat->path, i));
  if (last != NULL)
    g_string_append (path, last);

  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Flat *flat = user_data;

  if (g_str_equal (name, "Protocol"))
    g_ptr_array_add (flat->path, g_strdup_printf ("Protocol%u", ++flat->n_protocols));
  else
    g_ptr_array_add (flat->path, g_strdup (name));

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      g_autofree char *at = g_strconcat ("@", attribute_names[i], NULL);

      g_hash_table_insert (flat->values, flat_path (flat, at), g_strdup (attribute_values[i]));
    }
  g_string_truncate (flat->text, 0);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  Flat *flat = user_data;
  g_autofree char *text = g_strstrip (g_strdup (flat->text->str));

  if (*text != '\0')
    {
      char *path = flat_path (flat, NULL);

      g_assert_false (g_hash_table_contains (flat->values, path));
      g_hash_table_insert (flat->values, path, g_steal_pointer (&text));
    }
  g_string_truncate (flat->text, 0);
  g_ptr_array_set_size (flat->path, flat->path->len - 1);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  g_string_append_len (((Flat *) user_data)->text, text, length);
}

static GHashTable *
flatten (const char *xml)
{
  const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  Flat flat = { g_ptr_array_new_with_free_func (g_free), g_string_new (NULL),
                g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free), 0 };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &flat, NULL);
  g_autoptr(GError) error = NULL;

  g_markup_parse_context_parse (context, xml, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  g_ptr_array_unref (flat.path);
  g_string_free (flat.text, TRUE);
  return flat.values;
}

typedef struct
{
  const char *path;
  const char *value;
} Value;

static void
assert_values_exactly (GHashTable  *values,
                       const Value *expected,
                       gsize        n_expected)
{
  for (gsize i = 0; i < n_expected; i++)
    {
      const char *found = g_hash_table_lookup (values, expected[i].path);

      if (g_strcmp0 (found, expected[i].value) != 0)
        g_error ("%s: %s, expected %s", expected[i].path, found ? found : "(none)",
                 expected[i].value);
    }
  g_assert_cmpuint (g_hash_table_size (values), ==, n_expected);
}

static char *
export (const char *name,
        const char *incoming,
        const char *outgoing)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_build_filename (scratch, file, NULL);
  g_autofree char *json = g_strdup_printf ("{\"version\": 1, \"name\": \"Alice <Al> & Co\", "
                                           "\"address\": \"" COLOMBE_TEST_ALICE_LOGIN "\", "
                                           "\"source\": \"manual\", "
                                           "\"incoming\": %s, \"outgoing\": %s}",
                                           incoming, outgoing);
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "outlook", "--account", path,
                         "--output", "-", NULL };
  g_auto(ColombeTestRun) run = { 0 };

  g_assert_true (colombe_test_scratch_write (scratch, file, json, &error));
  colombe_test_run (&run, NULL, NULL, argv);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"));

  return g_steal_pointer (&run.out);
}

#define A "Autodiscover/Response/Account/"

static void
test_imap_smtps (void)
{
  g_autofree char *xml = export ("imap-smtps",
                                 "{\"protocol\": \"imap\", \"host\": \"imap.example.test\", "
                                 "\"port\": 993, \"security\": \"tls\", "
                                 "\"username\": \"alice\", \"auth\": \"password-cleartext\"}",
                                 "{\"protocol\": \"smtp\", \"host\": \"smtp.example.test\", "
                                 "\"port\": 465, \"security\": \"tls\", "
                                 "\"username\": \"alice\", \"auth\": \"password-cleartext\"}");
  g_autoptr(GHashTable) values = flatten (xml);
  const Value expected[] = {
    { "Autodiscover@xmlns", RESPONSE_NS },
    { "Autodiscover/Response@xmlns", OUTLOOK_NS },
    { "Autodiscover/Response/User/DisplayName", "Alice <Al> & Co" },
    { A "AccountType", "email" },
    { A "Action", "settings" },
    { A "Protocol1/Type", "IMAP" },
    { A "Protocol1/Server", "imap.example.test" },
    { A "Protocol1/Port", "993" },
    { A "Protocol1/DomainRequired", "off" },
    { A "Protocol1/LoginName", "alice" },
    { A "Protocol1/SPA", "off" },
    { A "Protocol1/SSL", "on" },
    { A "Protocol1/Encryption", "SSL" },
    { A "Protocol1/AuthRequired", "on" },
    { A "Protocol2/Type", "SMTP" },
    { A "Protocol2/Server", "smtp.example.test" },
    { A "Protocol2/Port", "465" },
    { A "Protocol2/DomainRequired", "off" },
    { A "Protocol2/LoginName", "alice" },
    { A "Protocol2/SPA", "off" },
    { A "Protocol2/SSL", "on" },
    { A "Protocol2/Encryption", "SSL" },
    { A "Protocol2/AuthRequired", "on" },
  };

  assert_values_exactly (values, expected, G_N_ELEMENTS (expected));
}

/* STARTTLS is Encryption TLS; a plain outgoing server is SSL off. */
static void
test_pop3_starttls (void)
{
  g_autofree char *xml = export ("pop3-starttls",
                                 "{\"protocol\": \"pop3\", \"host\": \"pop.example.test\", "
                                 "\"port\": 110, \"security\": \"starttls\", "
                                 "\"username\": \"" COLOMBE_TEST_ALICE_LOGIN "\", "
                                 "\"auth\": \"password-encrypted\"}",
                                 "{\"protocol\": \"smtp\", \"host\": \"smtp.example.test\", "
                                 "\"port\": 587, \"security\": \"starttls\", "
                                 "\"username\": \"" COLOMBE_TEST_ALICE_LOGIN "\", "
                                 "\"auth\": \"password-cleartext\"}");
  g_autoptr(GHashTable) values = flatten (xml);
  const Value expected[] = {
    { "Autodiscover@xmlns", RESPONSE_NS },
    { "Autodiscover/Response@xmlns", OUTLOOK_NS },
    { "Autodiscover/Response/User/DisplayName", "Alice <Al> & Co" },
    { A "AccountType", "email" },
    { A "Action", "settings" },
    { A "Protocol1/Type", "POP3" },
    { A "Protocol1/Server", "pop.example.test" },
    { A "Protocol1/Port", "110" },
    { A "Protocol1/DomainRequired", "off" },
    { A "Protocol1/LoginName", COLOMBE_TEST_ALICE_LOGIN },
    { A "Protocol1/SPA", "off" },
    { A "Protocol1/SSL", "on" },
    { A "Protocol1/Encryption", "TLS" },
    { A "Protocol1/AuthRequired", "on" },
    { A "Protocol2/Type", "SMTP" },
    { A "Protocol2/Server", "smtp.example.test" },
    { A "Protocol2/Port", "587" },
    { A "Protocol2/DomainRequired", "off" },
    { A "Protocol2/LoginName", COLOMBE_TEST_ALICE_LOGIN },
    { A "Protocol2/SPA", "off" },
    { A "Protocol2/SSL", "on" },
    { A "Protocol2/Encryption", "TLS" },
    { A "Protocol2/AuthRequired", "on" },
  };

  assert_values_exactly (values, expected, G_N_ELEMENTS (expected));
}

/* POX has no OAuth2: refused with a message rather than a wrong file. */
static void
test_oauth2_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (scratch, "oauth2.json", NULL);
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", "outlook", "--account", path,
                         "--output", "-", NULL };
  g_auto(ColombeTestRun) run = { 0 };

  g_assert_true (colombe_test_scratch_write (scratch, "oauth2.json",
                                             "{\"version\": 1, \"address\": \"" COLOMBE_TEST_ALICE_LOGIN "\", "
                                             "\"source\": \"manual\", \"incoming\": {\"protocol\": \"imap\", "
                                             "\"host\": \"imap.example.test\", \"port\": 993, "
                                             "\"security\": \"tls\", \"auth\": \"OAuth2\"}, "
                                             "\"outgoing\": {\"protocol\": \"smtp\", "
                                             "\"host\": \"smtp.example.test\", \"port\": 465, "
                                             "\"security\": \"tls\", \"auth\": \"OAuth2\"}}",
                                             &error));
  colombe_test_run (&run, NULL, NULL, argv);
  colombe_test_run_assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "OAuth2"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  scratch = colombe_test_scratch_dir_new ("export-outlook", &error);
  g_assert_no_error (error);

  g_test_add_func ("/export/outlook/imap-smtps", test_imap_smtps);
  g_test_add_func ("/export/outlook/pop3-starttls", test_pop3_starttls);
  g_test_add_func ("/export/outlook/oauth2-refused", test_oauth2_refused);

  status = g_test_run ();

  colombe_test_scratch_dir_remove (scratch, NULL);
  g_free (scratch);

  return status;
}
