/* test-ispdb-conformance.c: the clientConfig reader against Thunderbird's ISPDB
 *
 * Every file of the corpus ($COLOMBE_ISPDB_CORPUS, read in place) must
 * parse, say what an independent reader (ispdb-reference.py, Python's
 * ElementTree) finds in it, survive a write and a second read unchanged,
 * and go through `colombe check-config --json`. A clone without the corpus
 * skips them all, and says why.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "colombe-client-config.h"
#include "colombe-test-corpus.h"

/* The snapshot's README: 163 provider files. */
#define CORPUS_SIZE 163

static GPtrArray *corpus;           /* full paths, sorted */
static GHashTable *reference;       /* basename -> listing from ispdb-reference.py */

static const char *
env_or_die (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || value[0] == '\0')
    g_error ("%s is not set: run this test through `meson test`", name);

  return value;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_corpus (const char *dir_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));

  g_ptr_array_sort (paths, compare_strings);
  return paths;
}

/* The canonical listing; the same as ispdb-reference.py prints. */

static void
append_line (GString            *out,
             const char * const *fields,
             gsize               n_fields)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\t');
      g_string_append (out, fields[i] && fields[i][0] ? fields[i] : "-");
    }
  g_string_append_c (out, '\n');
}

#define APPEND(out, ...) \
  G_STMT_START { \
    const char * const fields_[] = { __VA_ARGS__ }; \
    append_line (out, fields_, G_N_ELEMENTS (fields_)); \
  } G_STMT_END

static void
append_servers (GString    *out,
                const char *direction,
                GPtrArray  *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);
      g_autofree char *port = g_strdup_printf ("%u", colombe_server_get_port (server));
      g_autofree char *auth = g_strjoinv (",", (char **) colombe_server_get_auth_methods (server));

      APPEND (out, direction, colombe_protocol_to_string (colombe_server_get_protocol (server)),
              colombe_server_get_host (server), port,
              colombe_security_to_socket_type (colombe_server_get_security (server)),
              colombe_server_get_username_template (server), auth);
    }
}

static void
append_help (GString             *out,
             ColombeClientConfig *config)
{
  const ColombeHelpLink *enable = colombe_client_config_get_enable (config);
  GPtrArray *documentation = colombe_client_config_get_documentation (config);
  const ColombeOAuth2 *oauth2 = colombe_client_config_get_oauth2 (config);
  const char *webmail = colombe_client_config_get_webmail_url (config);

  if (enable != NULL)
    APPEND (out, "enable", enable->url);
  for (guint i = 0; i < documentation->len; i++)
    APPEND (out, "documentation", ((ColombeHelpLink *) documentation->pdata[i])->url);
  if (oauth2 != NULL)
    APPEND (out, "oauth2", oauth2->issuer, oauth2->scope, oauth2->auth_url, oauth2->token_url);
  if (webmail != NULL)
    APPEND (out, "webmail", webmail);
}

static char *
model_listing (const char          *name,
               ColombeClientConfig *config)
{
  GString *out = g_string_new (NULL);
  const char * const *domains = colombe_client_config_get_domains (config);

  APPEND (out, "file", name);
  APPEND (out, "provider", colombe_client_config_get_id (config));
  APPEND (out, "name", colombe_client_config_get_display_name (config));
  for (gsize i = 0; domains[i] != NULL; i++)
    APPEND (out, "domain", domains[i]);
  append_servers (out, "incoming", colombe_client_config_get_incoming (config));
  append_servers (out, "outgoing", colombe_client_config_get_outgoing (config));
  append_help (out, config);

  return g_string_free (out, FALSE);
}

/* The reference: one run of the Python script over the whole corpus. */

static char *
run_reference (GPtrArray *paths)
{
  g_autofree char *script = g_build_filename (env_or_die ("COLOMBE_SOURCE_ROOT"),
                                              "tests", "unit", "ispdb-reference.py", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  char *output = NULL;
  int status;

  g_ptr_array_add (argv, (char *) "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (argv, paths->pdata[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &output, &errors, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("ispdb-reference.py failed: %s\n%s", error->message, errors);

  return output;
}

static void
add_listing (GHashTable *listings,
             GString    *block)
{
  const char *name = block->str + strlen ("file\t");

  g_hash_table_insert (listings, g_strndup (name, strcspn (name, "\n")),
                       g_string_free (block, FALSE));
}

/* Splits the output at each "file\tNAME" line. */
static GHashTable *
split_listings (const char *output)
{
  GHashTable *listings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  GString *block = NULL;

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "file\t"))
        {
          if (block != NULL)
            add_listing (listings, block);
          block = g_string_new (NULL);
        }
      if (block != NULL && lines[i][0] != '\0')
        g_string_append_printf (block, "%s\n", lines[i]);
    }

  if (block != NULL)
    add_listing (listings, block);

  return listings;
}

static ColombeClientConfig *
read_or_report (const char *path)
{
  g_autoptr(GError) error = NULL;
  ColombeClientConfig *config = colombe_client_config_new_from_file (path, &error);

  if (config == NULL)
    g_test_message ("%s", error->message);

  return config;
}

/* Tests */

static void
skip_without_corpus (void)
{
  g_test_skip (COLOMBE_TEST_NO_ISPDB_CORPUS);
}

static void
test_corpus_present (void)
{
  g_assert_cmpuint (corpus->len, ==, CORPUS_SIZE);
  g_assert_cmpuint (g_hash_table_size (reference), ==, CORPUS_SIZE);
}

static void
test_every_file_parses (void)
{
  guint failures = 0;

  for (guint i = 0; i < corpus->len; i++)
    {
      g_autoptr(ColombeClientConfig) config = read_or_report (corpus->pdata[i]);

      if (config == NULL)
        failures++;
      else
        g_assert_cmpuint (colombe_client_config_get_incoming (config)->len, >, 0);
    }

  g_assert_cmpuint (failures, ==, 0);
}

static void
test_matches_reference (void)
{
  guint mismatches = 0;

  for (guint i = 0; i < corpus->len; i++)
    {
      g_autoptr(ColombeClientConfig) config = read_or_report (corpus->pdata[i]);
      g_autofree char *name = g_path_get_basename (corpus->pdata[i]);
      g_autofree char *ours = NULL;
      const char *theirs = g_hash_table_lookup (reference, name);

      g_assert_nonnull (config);
      g_assert_nonnull (theirs);
      ours = model_listing (name, config);
      if (strcmp (ours, theirs) != 0)
        {
          g_test_message ("%s differs.\nColombe:\n%sReference:\n%s", name, ours, theirs);
          mismatches++;
        }
    }

  g_assert_cmpuint (mismatches, ==, 0);
}

static void
test_round_trip (void)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      g_autoptr(ColombeClientConfig) config = read_or_report (corpus->pdata[i]);
      g_autoptr(ColombeClientConfig) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *data = colombe_client_config_to_data (config, NULL);
      g_autofree char *before = model_listing ("x", config);
      g_autofree char *after = NULL;

      again = colombe_client_config_new_from_data (data, -1, corpus->pdata[i], &error);
      g_assert_no_error (error);
      after = model_listing ("x", again);
      g_assert_cmpstr (before, ==, after);
      if (!colombe_client_config_equal (config, again))
        g_error ("%s: the written document reads back different:\n%s",
                 (char *) corpus->pdata[i], data);
    }
}

/* The comparison above would see a wrong port: prove it on a file of our own. */
static void
test_comparison_can_fail (void)
{
  static const char xml[] =
    "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\">"
    "<domain>example.org</domain><displayName>Example</displayName>"
    "<incomingServer type=\"imap\"><hostname>imap.example.org</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "</emailProvider></clientConfig>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) listings = NULL;
  g_autoptr(ColombeClientConfig) config = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dir = g_dir_make_tmp ("colombe-ispdb-XXXXXX", &error);
  g_autofree char *right = NULL;
  g_autofree char *wrong = NULL;
  const char *theirs;

  g_assert_no_error (error);
  g_ptr_array_add (paths, g_build_filename (dir, "example.org.xml", NULL));
  g_file_set_contents (paths->pdata[0], xml, -1, &error);
  g_assert_no_error (error);

  output = run_reference (paths);
  listings = split_listings (output);
  theirs = g_hash_table_lookup (listings, "example.org.xml");
  config = read_or_report (paths->pdata[0]);

  right = model_listing ("example.org.xml", config);
  g_assert_cmpstr (right, ==, theirs);

  colombe_server_set_port (g_ptr_array_index (colombe_client_config_get_incoming (config), 0), 143);
  wrong = model_listing ("example.org.xml", config);
  g_assert_cmpstr (wrong, !=, theirs);

  g_unlink (paths->pdata[0]);
  g_rmdir (dir);
}

/* `colombe check-config FILE --json` */

static void
assert_json_servers (JsonArray *array,
                     GPtrArray *servers)
{
  g_assert_cmpuint (json_array_get_length (array), ==, servers->len);

  for (guint i = 0; i < servers->len; i++)
    {
      ColombeServer *server = g_ptr_array_index (servers, i);
      JsonObject *object = json_array_get_object_element (array, i);
      const char *username = colombe_server_get_username_template (server);

      g_assert_nonnull (object);
      g_assert_cmpstr (json_object_get_string_member (object, "protocol"), ==,
                       colombe_protocol_to_string (colombe_server_get_protocol (server)));
      g_assert_cmpstr (json_object_get_string_member (object, "host"), ==,
                       colombe_server_get_host (server));
      g_assert_cmpint (json_object_get_int_member (object, "port"), ==,
                       colombe_server_get_port (server));
      g_assert_cmpstr (json_object_get_string_member (object, "security"), ==,
                       colombe_security_to_string (colombe_server_get_security (server)));
      if (username != NULL)
        g_assert_cmpstr (json_object_get_string_member (object, "username"), ==, username);
      g_assert_cmpstr (json_object_get_string_member (object, "auth"), ==,
                       colombe_server_get_auth (server));
    }
}

static void
assert_check_config_output (const char          *path,
                            const char          *output,
                            ColombeClientConfig *config)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *provider;
  JsonArray *warnings;

  json_parser_load_from_data (parser, output, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));

  provider = json_object_get_object_member (root, "provider");
  g_assert_nonnull (provider);
  g_assert_cmpstr (json_object_get_string_member (provider, "id"), ==,
                   colombe_client_config_get_id (config));
  g_assert_cmpstr (json_object_get_string_member (provider, "name"), ==,
                   colombe_client_config_get_display_name (config));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (provider, "domains")), ==,
                    g_strv_length ((char **) colombe_client_config_get_domains (config)));

  assert_json_servers (json_object_get_array_member (root, "incoming"),
                       colombe_client_config_get_incoming (config));
  assert_json_servers (json_object_get_array_member (root, "outgoing"),
                       colombe_client_config_get_outgoing (config));

  warnings = json_object_get_array_member (root, "warnings");
  g_assert_nonnull (warnings);
  for (guint i = 0; i < json_array_get_length (warnings); i++)
    g_assert_nonnull (json_array_get_string_element (warnings, i));
}

static void
test_check_config_cli (void)
{
  g_assert_true (g_file_test (COLOMBE_BINARY, G_FILE_TEST_IS_EXECUTABLE));

  for (guint i = 0; i < corpus->len; i++)
    {
      const char *path = corpus->pdata[i];
      const char *argv[] = { COLOMBE_BINARY, "check-config", path, "--json", NULL };
      g_autoptr(ColombeClientConfig) config = read_or_report (path);
      g_autoptr(GError) error = NULL;
      g_autofree char *output = NULL;
      g_autofree char *errors = NULL;
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    &output, &errors, &status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, &error))
        g_error ("check-config %s: %s\n%s", path, error->message, errors);

      assert_check_config_output (path, output, config);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *output = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (colombe_test_ispdb_corpus () == NULL)
    {
      g_test_add_func ("/ispdb/corpus-present", skip_without_corpus);
      return g_test_run ();
    }

  corpus = list_corpus (colombe_test_ispdb_corpus ());
  output = run_reference (corpus);
  reference = split_listings (output);

  g_test_add_func ("/ispdb/corpus-present", test_corpus_present);
  g_test_add_func ("/ispdb/every-file-parses", test_every_file_parses);
  g_test_add_func ("/ispdb/matches-reference", test_matches_reference);
  g_test_add_func ("/ispdb/round-trip", test_round_trip);
  g_test_add_func ("/ispdb/comparison-can-fail", test_comparison_can_fail);
  g_test_add_func ("/ispdb/check-config-cli", test_check_config_cli);

  status = g_test_run ();

  g_clear_pointer (&reference, g_hash_table_unref);
  g_clear_pointer (&corpus, g_ptr_array_unref);
  return status;
}
