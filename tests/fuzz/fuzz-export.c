/* fuzz-export.c: every file exporter, with accounts from fuzz input
 *
 * The input is fields separated by NUL bytes (name, local part, domain,
 * provider id and name, incoming host and username, outgoing host and
 * username, password, then settings bytes: protocols, securities,
 * authentications, ports, which values are absent), put into an account
 * file with json-glib, so that any bytes reach the account reader as JSON
 * strings; the input is also read as an account file as it is. For each
 * account the gate (colombe-field) accepts, each FILE and FOLDER exporter
 * writes it, with and without a password when it can carry one, and
 * colombe-fuzz-formats.c reads the result back as the client would:
 * - the values read back are exactly the account's;
 * - the places (elements, groups and keys, directives) are exactly those
 *   written for a benign account of the same shape, its "twin": a value
 *   can add none, remove none, split none.
 * An exporter may refuse a value, with a COLOMBE_EXPORT_ERROR only.
 *
 * While a bug found in one format waits for its fix, the others can go on
 * being fuzzed: COLOMBE_FUZZ_EXPORT_SKIP=aerc,msmtp leaves those out.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-account.h"
#include "colombe-exporter.h"
#include "colombe-field.h"
#include "colombe-fuzz-formats.h"
#include "colombe-fuzz.h"

/* What a password looks like when the input gives none: every character
 * some format quotes, escapes or reads as a comment. */
#define TRICKY_PASSWORD "p\"a'ss`$(x);#\\ %41\tw&<o>rd"

#define TWIN_ADDRESS "twin@example.org"

enum
{
  FIELD_NAME,
  FIELD_LOCAL_PART,
  FIELD_DOMAIN,
  FIELD_PROVIDER_ID,
  FIELD_PROVIDER_NAME,
  FIELD_INCOMING_HOST,
  FIELD_INCOMING_USERNAME,
  FIELD_OUTGOING_HOST,
  FIELD_OUTGOING_USERNAME,
  FIELD_PASSWORD,
  FIELD_SETTINGS,
  N_FIELDS
};

/* The bits of the first settings byte */
enum
{
  POP3 = 1 << 0,
  NO_NAME = 1 << 1,
  NO_PROVIDER = 1 << 2,
  NO_INCOMING_USERNAME = 1 << 3,
  NO_OUTGOING_USERNAME = 1 << 4,
  NO_PASSWORD = 1 << 5,
};

static const char * const securities[] = { "tls", "starttls", "none" };
static const char * const auths[] = {
  "password-cleartext", "password-encrypted", "OAuth2", "none", "client-IP-address",
  "TLS-client-cert", "GSSAPI", "NTLM", "smtp-after-pop", "plain", "secure",
};

typedef struct
{
  char   *fields[N_FIELDS];   /* NULL when the input is shorter */
  guint8  settings[9];
} Input;

static void
input_clear (Input *input)
{
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&input->fields[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Input, input_clear)

static void
input_split (Input         *input,
             const uint8_t *data,
             size_t         size)
{
  const uint8_t *end = data + size;

  for (guint i = 0; i < N_FIELDS && data < end; i++)
    {
      const uint8_t *nul = memchr (data, '\0', end - data);
      size_t length = nul ? (size_t) (nul - data) : (size_t) (end - data);

      input->fields[i] = g_strndup ((const char *) data, length);
      data += length + (nul ? 1 : 0);
    }
  if (input->fields[FIELD_SETTINGS] != NULL)
    strncpy ((char *) input->settings, input->fields[FIELD_SETTINGS], sizeof input->settings);
}

static const char *
field_or (Input      *input,
          guint       field,
          const char *fallback)
{
  return input->fields[field] ? input->fields[field] : fallback;
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_server (JsonBuilder *builder,
            Input       *input,
            gboolean     outgoing)
{
  guint8 *settings = input->settings;
  guint port = outgoing ? (settings[7] << 8 | settings[8]) : (settings[5] << 8 | settings[6]);
  gboolean no_username = settings[0] & (outgoing ? NO_OUTGOING_USERNAME : NO_INCOMING_USERNAME);

  json_builder_set_member_name (builder, outgoing ? "outgoing" : "incoming");
  json_builder_begin_object (builder);
  add_string (builder, "protocol", outgoing ? "smtp" : (settings[0] & POP3) ? "pop3" : "imap");
  add_string (builder, "host",
              outgoing ? field_or (input, FIELD_OUTGOING_HOST, "smtp.example.org")
                       : field_or (input, FIELD_INCOMING_HOST, "imap.example.org"));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, port ? port : outgoing ? 587 : 993);
  add_string (builder, "security", securities[settings[outgoing ? 2 : 1] % 3]);
  add_string (builder, "username",
              no_username ? NULL
                          : input->fields[outgoing ? FIELD_OUTGOING_USERNAME
                                                   : FIELD_INCOMING_USERNAME]);
  add_string (builder, "auth", auths[settings[outgoing ? 4 : 3] % G_N_ELEMENTS (auths)]);
  json_builder_end_object (builder);
}

/* The account file the fields make, as a person could have written it */
static char *
dup_account_file (Input *input)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *address = g_strdup_printf ("%s@%s", field_or (input, FIELD_LOCAL_PART, "alice"),
                                              field_or (input, FIELD_DOMAIN, "example.org"));

  json_builder_begin_object (builder);
  add_string (builder, "name", (input->settings[0] & NO_NAME) ? NULL : input->fields[FIELD_NAME]);
  add_string (builder, "address", address);
  if (!(input->settings[0] & NO_PROVIDER))
    {
      json_builder_set_member_name (builder, "provider");
      json_builder_begin_object (builder);
      add_string (builder, "id", input->fields[FIELD_PROVIDER_ID]);
      add_string (builder, "name", input->fields[FIELD_PROVIDER_NAME]);
      json_builder_end_object (builder);
    }
  add_server (builder, input, FALSE);
  add_server (builder, input, TRUE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* A benign value in place of each of the account's, keeping which are
 * absent, empty, or equal to the address, its local part or each other
 * (once their placeholders are said, as the phone targets say them):
 * what decides the shape of a file. */
static const char *
twin_username (ColombeAccount *account,
               const char     *username,
               const char     *incoming_username,
               const char     *token)
{
  const char *address = colombe_account_get_address (account);
  const char *name = colombe_account_get_name (account);
  g_autofree char *local_part = g_strndup (address, strrchr (address, '@') - address);
  g_autofree char *said = NULL;
  g_autofree char *incoming_said = NULL;

  if (username == NULL)
    return NULL;

  said = colombe_expand_placeholders (username, address, name);
  if (incoming_username != NULL)
    incoming_said = colombe_expand_placeholders (incoming_username, address, name);
  if (g_str_equal (said, address))
    return TWIN_ADDRESS;
  if (g_str_equal (said, local_part))
    return "twin";
  if (g_strcmp0 (said, incoming_said) == 0)
    return "in-user";

  return token;
}

static ColombeServer *
dup_twin_server (ColombeAccount *account,
                 ColombeServer  *server,
                 const char     *host,
                 const char     *token)
{
  ColombeServer *twin = colombe_server_copy (server);
  const char *incoming_username =
    colombe_server_get_username (colombe_account_get_incoming (account));

  colombe_server_set_host (twin, host);
  colombe_server_set_username (twin, twin_username (account, colombe_server_get_username (server),
                                                    server == colombe_account_get_incoming (account)
                                                    ? NULL : incoming_username,
                                                    token));
  return twin;
}

static ColombeAccount *
dup_twin (ColombeAccount *account)
{
  const char *name = colombe_account_get_name (account);
  ColombeAccount *twin = colombe_account_new (name == NULL ? NULL : *name ? "Twin Name" : "",
                                              TWIN_ADDRESS);
  g_autoptr(ColombeServer) incoming = NULL;
  g_autoptr(ColombeServer) outgoing = NULL;

  colombe_account_set_provider (twin,
                                colombe_account_get_provider_id (account) ? "twin-provider" : NULL,
                                colombe_account_get_provider_name (account) ? "Twin Provider" : NULL);
  colombe_account_set_source (twin, colombe_account_get_source (account));
  incoming = dup_twin_server (account, colombe_account_get_incoming (account),
                              "in.example.org", "in-user");
  outgoing = dup_twin_server (account, colombe_account_get_outgoing (account),
                              "out.example.org", "out-user");
  colombe_account_set_incoming (twin, incoming);
  colombe_account_set_outgoing (twin, outgoing);

  return twin;
}

/* The entries of what @exporter writes for @account, checked; NULL when
 * it refused the account, as it may. */
static GPtrArray *
export (const ColombeExporter *exporter,
        ColombeAccount        *account,
        const char            *password)
{
  ColombeExportRequest request = { account, password };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  files = colombe_exporter_build (exporter, &request, &error);
  if (files == NULL)
    {
      if (error == NULL || error->domain != COLOMBE_EXPORT_ERROR)
        colombe_fuzz_fail (exporter->name, "no files, and no export error");
      return NULL;
    }
  if (error != NULL || files->len == 0)
    colombe_fuzz_fail (exporter->name, "an error beside the files, or no file");

  entries = colombe_fuzz_read_export (exporter->name, files);
  colombe_fuzz_check_values (exporter->name, entries, account, password);
  return entries;
}

static void
check_exporter (const ColombeExporter *exporter,
                ColombeAccount        *account,
                ColombeAccount        *twin,
                const char            *password)
{
  g_autoptr(GPtrArray) entries = export (exporter, account, password);
  g_autoptr(GPtrArray) twin_entries = NULL;
  g_autofree char *shape = NULL;
  g_autofree char *twin_shape = NULL;

  if (entries == NULL)
    return;

  /* Evolution signs in with OAuth2 to some providers only: a twin on
   * another host may be refused for that, which says nothing of values */
  if (!colombe_exporter_can_carry (exporter, twin, NULL))
    return;

  /* The twin has the account's protocols and authentications: a format
   * that takes the account's values takes its benign ones too. */
  twin_entries = export (exporter, twin, password ? "twin-password" : NULL);
  if (twin_entries == NULL)
    colombe_fuzz_fail (exporter->name, "the account is written, its benign twin refused");

  shape = colombe_fuzz_dup_shape (entries);
  twin_shape = colombe_fuzz_dup_shape (twin_entries);
  if (!g_str_equal (shape, twin_shape))
    colombe_fuzz_fail (exporter->name, "the places differ from the benign twin's:\n%s\n---\n%s",
                       shape, twin_shape);
}

static gboolean
is_skipped (const char *format)
{
  static GStrv skipped = NULL;

  if (skipped == NULL)
    skipped = g_strsplit (g_getenv ("COLOMBE_FUZZ_EXPORT_SKIP") ?: "", ",", -1);

  return g_strv_contains ((const char * const *) skipped, format);
}

static void
check_account (ColombeAccount *account,
               const char     *password)
{
  g_autoptr(ColombeAccount) twin = dup_twin (account);
  const ColombeExporter * const *exporters;
  guint n_exporters;

  /* What the gate refuses never reaches an exporter: the command line
   * checks a password as the reader checks the rest. */
  if (password != NULL && !colombe_field_check (COLOMBE_FIELD_PASSWORD, password, NULL))
    password = NULL;

  exporters = colombe_exporters_get (&n_exporters);
  for (guint i = 0; i < n_exporters; i++)
    {
      if (exporters[i]->kind == COLOMBE_EXPORT_KIND_ACTION || is_skipped (exporters[i]->name))
        continue;
      check_exporter (exporters[i], account, twin, NULL);
      if (exporters[i]->can_carry_password && password != NULL)
        check_exporter (exporters[i], account, twin, password);
    }
}

static void
check_fields (const uint8_t *data,
              size_t         size)
{
  g_auto(Input) input = { { NULL } };
  g_autofree char *file = NULL;
  g_autoptr(ColombeAccount) account = NULL;

  input_split (&input, data, size);
  file = dup_account_file (&input);
  if (!(account = colombe_account_new_from_data (file, -1, NULL)))
    return;

  check_account (account, (input.settings[0] & NO_PASSWORD)
                          ? NULL : field_or (&input, FIELD_PASSWORD, TRICKY_PASSWORD));
}

/* The reader takes a NUL-terminated buffer, as g_file_get_contents gives */
static void
check_file (const uint8_t *data,
            size_t         size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr(ColombeAccount) account = NULL;

  memcpy (text, data, size);
  text[size] = '\0';
  if ((account = colombe_account_new_from_data (text, size, NULL)))
    check_account (account, TRICKY_PASSWORD);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_fields (data, size);
  check_file (data, size);

  return 0;
}
