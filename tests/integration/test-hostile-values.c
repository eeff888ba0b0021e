/* test-hostile-values.c: issue 12's proof: values from the outside never
 * become commands, whichever way they come in and whichever file goes out
 *
 * The corpus is tests/integration/hostile-values.txt (one value a line),
 * plus the values made here: 1 MB, invalid UTF-8, NUL. A refused value must
 * be turned away, with one line naming the field, by every entry point:
 * `colombe export` (an account file), `colombe check-config` (a
 * clientConfig file), `colombe detect` (the same clientConfig served by the
 * domain's autoconfig host), `colombe test --username/--name/--incoming/
 * --outgoing`. An accepted value is exported to every target of `colombe
 * export --list`, with and without its password, and each file is read by
 * its real client (msmtp, mbsync, NeoMutt, xmllint, plistutil, zbarimg) or
 * the reader its program uses (GKeyFile, a strict user.js reader, a URL
 * parser and sh for aerc's commands), which must give back the exact value.
 * Every value that would run a command touches a marker file: none may
 * exist at the end.
 *
 * One world for all values: dnsmasq, the autoconfig HTTPS server (its
 * answer is the current case's), a private gnome-keyring, and a line server
 * standing for the IMAP server mbsync logs in to. Each case checks all it
 * can and reports every failure (g_test_fail), so that the TAP output is
 * the pass/fail picture of the whole corpus.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-keyring.h"
#include "colombe-test-fixtures.h"

#define DOMAIN "hostile.test"
#define TEMPLATE_DOMAIN "tmpl.test"
#define ADDRESS "alice@" DOMAIN
#define CONFIG_PATH "/mail/config-v1.1.xml"
#define NO_ISPDB "https://127.0.0.1:1/v1.1"
#define BIG_SIZE (1024 * 1024)
#define MAX_ARGUMENT (120 * 1024)
#define ACCOUNT_MAX_SIZE (64 * 1024)   /* what colombe export reads */
#define HTTP_MAX_SIZE (1024 * 1024)    /* what discovery reads, about */

/* What a value may go into */
typedef enum
{
  FIELD_USERNAME = 1 << 0,
  FIELD_NAME     = 1 << 1,
  FIELD_PROVIDER = 1 << 2,
  FIELD_HOST     = 1 << 3,
  FIELD_PASSWORD = 1 << 4,
  FIELD_LOCALPART = 1 << 5,
} Field;

static const struct
{
  Field       field;
  const char *word;      /* in the corpus file */
  const char *json;      /* what export's message names */
  const char *element;   /* what check-config's message names */
  const char *option;    /* what test's message names */
} fields[] = {
  { FIELD_USERNAME, "username", "incoming.username", "username", "--username" },
  { FIELD_NAME, "name", "name", NULL, "--name" },
  { FIELD_PROVIDER, "provider", "provider.name", "displayName", NULL },
  { FIELD_HOST, "host", "incoming.host", "hostname", "--incoming" },
  { FIELD_PASSWORD, "password", NULL, NULL, NULL },
  { FIELD_LOCALPART, "localpart", NULL, NULL, NULL },
};

typedef struct
{
  char     *id;
  gboolean  accepted;
  Field     fields;
  char     *value;
  gsize     length;    /* a NUL may be inside */
} Entry;

static GPtrArray *entries;
static ColombeTestPki *pki;
static ColombeTestDns *dns;
static ColombeTestHttp *http;
static ColombeTestKeyring *keyring;
static ColombeTestScript *imap;
static char *scratch;
static char *markers;

/* The autoconfig host's answer, changed by each case */
static GMutex served_lock;
static GBytes *served;

/* ---------------------------------------------------------------------- */
/* checks that report and go on                                           */

#define check(condition, ...) \
  G_STMT_START { \
    if (!(condition)) \
      { \
        g_autofree char *check_message_ = g_strdup_printf (__VA_ARGS__); \
        g_test_message ("FAILED %s: %s", #condition, check_message_); \
        g_test_fail (); \
      } \
  } G_STMT_END

/* @text, printable for a message: escaped, and cut */
static char *
shown (const char *text,
       gsize       length)
{
  g_autofree char *cut = g_strndup (text, MIN (length, 160));
  g_autofree char *escaped = g_strescape (cut, NULL);

  return length > 160 ? g_strconcat (escaped, "…", NULL) : g_steal_pointer (&escaped);
}

/* ---------------------------------------------------------------------- */
/* the corpus                                                             */

static void
entry_free (Entry *entry)
{
  g_free (entry->id);
  g_free (entry->value);
  g_free (entry);
}

/* A literal and its length, NUL bytes inside included: counting by hand
 * read one byte past the end. */
#define BYTES(literal) (literal), (sizeof (literal) - 1)

static Entry *
entry_new (const char *id,
           gboolean    accepted,
           Field       fields_,
           const char *value,
           gsize       length)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->id = g_strdup (id);
  entry->accepted = accepted;
  entry->fields = fields_;
  /* Always ends with a NUL of its own: @value may be a part of a longer buffer. */
  entry->value = g_malloc (length + 1);
  memcpy (entry->value, value, length);
  entry->value[length] = '\0';
  entry->length = length;
  return entry;
}

static Field
parse_fields (const char *words)
{
  g_auto(GStrv) split = g_strsplit (words, ",", -1);
  Field parsed = 0;

  for (guint i = 0; split[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        if (g_str_equal (split[i], fields[j].word))
          {
            parsed |= fields[j].field;
            known = TRUE;
          }
      if (!known)
        g_error ("hostile-values.txt: unknown field %s", split[i]);
    }
  return parsed;
}

/* "ID VERDICT FIELDS VALUE" */
static Entry *
parse_line (const char *line)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([A-Za-z0-9-]+) +(refused|accepted) +([a-z,]+) *(.*)$",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *id = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *words = NULL;
  g_autofree char *written = NULL;
  g_autofree char *value = NULL;
  g_autofree char *marker = NULL;
  g_autoptr(GString) expanded = NULL;

  if (!g_regex_match (regex, line, 0, &match))
    g_error ("hostile-values.txt: not an entry: %s", line);
  id = g_match_info_fetch (match, 1);
  verdict = g_match_info_fetch (match, 2);
  words = g_match_info_fetch (match, 3);
  written = g_match_info_fetch (match, 4);
  value = g_strcompress (written);
  marker = g_build_filename (markers, id, NULL);
  expanded = g_string_new (value);
  g_string_replace (expanded, "@M@", marker, 0);

  return entry_new (id, g_str_equal (verdict, "accepted"), parse_fields (words),
                    expanded->str, expanded->len);
}

static void
load_corpus (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("COLOMBE_SOURCE_ROOT"), "tests",
                                            "integration", "hostile-values.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc (BIG_SIZE + 1);
  Field every = FIELD_USERNAME | FIELD_NAME | FIELD_PROVIDER;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != '#')
      g_ptr_array_add (entries, parse_line (lines[i]));

  /* made here: they do not belong in a text file */
  memset (big, 'a', BIG_SIZE);
  big[BIG_SIZE] = '\0';
  g_ptr_array_add (entries, entry_new ("big-1mb", FALSE, every, big, BIG_SIZE));
  g_ptr_array_add (entries, entry_new ("big-16k", FALSE, every | FIELD_HOST, big, 16 * 1024));
  memcpy (big + BIG_SIZE - 13, ".example.test", 13);
  g_ptr_array_add (entries, entry_new ("big-1mb-host", FALSE, FIELD_HOST, big, BIG_SIZE));
  g_ptr_array_add (entries, entry_new ("invalid-utf8", FALSE, every, BYTES ("alice\xff\xfe")));
  g_ptr_array_add (entries, entry_new ("overlong-utf8", FALSE, every, BYTES ("alice\xc0\xaf")));
  g_ptr_array_add (entries, entry_new ("truncated-utf8", FALSE, every, BYTES ("alice\xe2\x80")));
  g_ptr_array_add (entries, entry_new ("invalid-utf8-host", FALSE, FIELD_HOST,
                                       BYTES ("imap\xff.example.test")));
  g_ptr_array_add (entries, entry_new ("nul", FALSE, every,
                                       BYTES ("alice\0passwordeval touch x")));
  g_ptr_array_add (entries, entry_new ("nul-host", FALSE, FIELD_HOST,
                                       BYTES ("imap.example.test\0.evil.test")));
}

static gboolean
has_nul (const Entry *entry)
{
  return strlen (entry->value) != entry->length;
}

/* ---------------------------------------------------------------------- */
/* running programs, bytes in and out                                     */

typedef struct
{
  int    status;
  char  *out;
  gsize  out_length;
  char  *err;
  gsize  err_length;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
bytes_to_text (GBytes *bytes,
               gsize  *length)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';
  *length = size;
  return text;
}

/* Runs @argv to its end; outputs kept as bytes: a value may not be UTF-8 */
static void
run_argv (Run                *run,
          const char * const *environment,
          const char         *input,
          const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) stdin_bytes = g_bytes_new (input ? input : "", input ? strlen (input) : 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (gsize i = 0; environment != NULL && environment[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (environment[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, stdin_bytes, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                      : -1;
  run->out = bytes_to_text (out, &run->out_length);
  run->err = bytes_to_text (err, &run->err_length);
}

/* CLI.md's input error: exit 2, nothing on stdout, one UTF-8 line starting
 * "colombe:" that names @name (unless NULL) */
static void
check_refusal (const Run  *run,
               const char *what,
               const char *name)
{
  const char *newline = memchr (run->err, '\n', run->err_length);
  g_autofree char *err = shown (run->err, run->err_length);

  g_test_message ("%s: exit %d, stderr: %s", what, run->status, err);
  check (run->status == 2, "%s: exit %d, not 2", what, run->status);
  check (run->out_length == 0, "%s: %" G_GSIZE_FORMAT " bytes on stdout", what, run->out_length);
  check (g_str_has_prefix (run->err, "colombe:"), "%s: stderr %s", what, err);
  check (newline != NULL && (gsize) (newline + 1 - run->err) == run->err_length,
         "%s: not one line on stderr: %s", what, err);
  check (g_utf8_validate (run->err, run->err_length, NULL), "%s: stderr is not UTF-8", what);
  if (name != NULL)
    check (strstr (run->err, name) != NULL, "%s: stderr does not name %s: %s", what, name, err);
}

/* ---------------------------------------------------------------------- */
/* the documents a value goes into                                        */

static void
append_json_value (GString     *json,
                   const Entry *entry)
{
  g_string_append_c (json, '"');
  for (gsize i = 0; i < entry->length; i++)
    {
      guchar c = entry->value[i];

      if (c == '"' || c == '\\')
        g_string_append_printf (json, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (json, "\\u%04x", c);
      else
        g_string_append_c (json, c);   /* invalid UTF-8 stays as it is */
    }
  g_string_append_c (json, '"');
}

static void
append_json_or (GString     *json,
                const Entry *entry,
                Field        field,
                const char  *otherwise)
{
  if (entry->fields & field)
    append_json_value (json, entry);
  else
    g_string_append_printf (json, "\"%s\"", otherwise);
}

/* An account with the value in @field (every field of the entry if 0) */
static char *
account_json (const Entry *entry,
              Field        only)
{
  Entry narrowed = *entry;
  GString *json = g_string_new ("{\"version\": 1, \"name\": ");

  if (only != 0)
    narrowed.fields = only;
  append_json_or (json, &narrowed, FIELD_NAME, "Alice Martin");
  g_string_append (json, ", \"address\": \"" ADDRESS "\", \"source\": \"manual\","
                   " \"provider\": {\"id\": \"" DOMAIN "\", \"name\": ");
  append_json_or (json, &narrowed, FIELD_PROVIDER, "Hostile Mail");
  g_string_append (json, "}, \"incoming\": {\"protocol\": \"imap\", \"host\": ");
  append_json_or (json, &narrowed, FIELD_HOST, "imap." DOMAIN);
  g_string_append (json, ", \"port\": 993, \"security\": \"tls\", \"username\": ");
  append_json_or (json, &narrowed, FIELD_USERNAME, ADDRESS);
  g_string_append (json, ", \"auth\": \"password-cleartext\"}, \"outgoing\": {\"protocol\": "
                   "\"smtp\", \"host\": ");
  /* a refused value in one place only: the message must name that one */
  append_json_or (json, &narrowed, only ? 0 : FIELD_HOST, "smtp." DOMAIN);
  g_string_append (json, ", \"port\": 465, \"security\": \"tls\", \"username\": ");
  append_json_or (json, &narrowed, only ? 0 : FIELD_USERNAME, ADDRESS);
  g_string_append (json, ", \"auth\": \"password-cleartext\"}}\n");
  return g_string_free (json, FALSE);
}

/* Whether XML 1.0 can say the value at all (as text or character references) */
static gboolean
xml_can_carry (const Entry *entry)
{
  if (!g_utf8_validate (entry->value, entry->length, NULL))
    return FALSE;
  for (gsize i = 0; i < entry->length; i++)
    {
      guchar c = entry->value[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return FALSE;
    }
  return TRUE;
}

static void
append_xml_value (GString    *xml,
                  const char *value,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = value[i];

      if (c == '&')
        g_string_append (xml, "&amp;");
      else if (c == '<')
        g_string_append (xml, "&lt;");
      else if (c == '>')
        g_string_append (xml, "&gt;");
      else if (c < 0x20)
        g_string_append_printf (xml, "&#%u;", c);   /* &#0; is not XML: refused whole */
      else
        g_string_append_c (xml, c);
    }
}

static void
append_element (GString     *xml,
                const char  *name,
                const Entry *entry,
                Field        field,
                const char  *otherwise)
{
  g_string_append_printf (xml, "<%s>", name);
  if (entry->fields & field)
    append_xml_value (xml, entry->value, entry->length);
  else
    g_string_append (xml, otherwise);
  g_string_append_printf (xml, "</%s>\n", name);
}

static void
append_server (GString     *xml,
               const char  *direction,
               const char  *type,
               const char  *host,
               const char  *port,
               const Entry *entry)
{
  g_string_append_printf (xml, "<%sServer type=\"%s\">\n", direction, type);
  append_element (xml, "hostname", entry, FIELD_HOST, host);
  g_string_append_printf (xml, "<port>%s</port><socketType>SSL</socketType>\n", port);
  append_element (xml, "username", entry, FIELD_USERNAME, "%EMAILADDRESS%");
  g_string_append_printf (xml, "<authentication>password-cleartext</authentication>\n"
                          "</%sServer>\n", direction);
}

/* A clientConfig for @domain with the value in its fields; a local part
 * entry gets the %EMAILLOCALPART%.DOMAIN hostname template instead */
static GBytes *
client_config (const Entry *entry,
               const char  *domain)
{
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<clientConfig version=\"1.1\">\n");
  g_autofree char *incoming = g_strdup_printf ("imap.%s", domain);
  g_autofree char *outgoing = g_strdup_printf ("smtp.%s", domain);
  g_autofree char *localpart = g_strdup_printf ("%%EMAILLOCALPART%%.%s", domain);

  g_string_append_printf (xml, "<emailProvider id=\"%s\">\n<domain>%s</domain>\n", domain, domain);
  append_element (xml, "displayName", entry, FIELD_PROVIDER, "Hostile Mail");
  append_server (xml, "incoming", "imap",
                 entry->fields & FIELD_LOCALPART ? localpart : incoming, "993", entry);
  append_server (xml, "outgoing", "smtp",
                 entry->fields & FIELD_LOCALPART ? localpart : outgoing, "465", entry);
  g_string_append (xml, "</emailProvider>\n</clientConfig>\n");
  return g_string_free_to_bytes (xml);
}

static char *
case_dir (const char *kind,
          const Entry *entry)
{
  char *dir = g_build_filename (scratch, kind, entry->id, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static char *
write_file (const char *dir,
            const char *name,
            const char *data,
            gsize       length)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

/* ---------------------------------------------------------------------- */
/* the export targets                                                     */

typedef struct
{
  char     *name;
  gboolean  folder;
  gboolean  desktop;
  gboolean  password;
} Target;

static GPtrArray *targets;

static void
target_free (Target *target)
{
  g_free (target->name);
  g_free (target);
}

/* `colombe export --list`: a header, then NAME FORM [password] DESCRIPTION */
static void
load_targets (void)
{
  g_auto(Run) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "export", "--list", NULL };
  g_auto(GStrv) lines = NULL;

  run_argv (&run, NULL, NULL, argv);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "TARGET "));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_regex_split_simple (" +", lines[i], 0, 0);
      Target *target;

      if (lines[i][0] == '\0')
        continue;
      target = g_new0 (Target, 1);
      target->name = g_strdup (words[0]);
      target->folder = g_str_equal (words[1], "folder");
      target->desktop = g_str_equal (words[1], "desktop");
      target->password = g_strv_length (words) > 2 && g_str_equal (words[2], "password");
      g_ptr_array_add (targets, target);
    }
  g_assert_cmpuint (targets->len, >=, 14);
}

/* ---------------------------------------------------------------------- */
/* refused values                                                         */

static void
check_export_refused (const Entry *entry,
                      guint        field)
{
  g_autofree char *dir = case_dir ("export-refused", entry);
  g_autofree char *json = account_json (entry, fields[field].field);
  g_autofree char *account = write_file (dir, fields[field].word, json, strlen (json));
  /* invalid UTF-8 is not JSON, and a file over 64 KiB is not read: both
   * are refused as a whole, without a field to name */
  gboolean json_ok = g_utf8_validate (entry->value, entry->length, NULL) &&
                     strlen (json) <= ACCOUNT_MAX_SIZE;

  for (guint i = 0; i < targets->len; i++)
    {
      const Target *target = g_ptr_array_index (targets, i);
      g_autofree char *output = g_strdup_printf ("%s/%s-%s", dir, fields[field].word,
                                                 target->name);
      g_autofree char *what = g_strdup_printf ("export %s %s", target->name, fields[field].json);
      g_auto(Run) run = { 0 };
      const char *argv[] = { COLOMBE_BINARY, "export", "--format", target->name, "--account",
                             account, "--output", output, NULL };

      run_argv (&run, NULL, NULL, argv);
      check_refusal (&run, what, json_ok ? fields[field].json : NULL);
      check (!g_file_test (output, G_FILE_TEST_EXISTS), "%s: %s was written", what, output);
    }
}

static void
check_check_config_refused (const Entry *entry,
                            guint        field)
{
  g_autofree char *dir = case_dir ("check-config-refused", entry);
  Entry narrowed = *entry;
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *path = NULL;
  g_autofree char *what = g_strdup_printf ("check-config <%s>", fields[field].element);
  g_auto(Run) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "check-config", NULL, "--json", NULL };

  narrowed.fields = fields[field].field;
  xml = client_config (&narrowed, DOMAIN);
  path = write_file (dir, fields[field].element, g_bytes_get_data (xml, NULL),
                     g_bytes_get_size (xml));
  argv[2] = path;
  run_argv (&run, NULL, NULL, argv);
  check_refusal (&run, what, xml_can_carry (entry) ? fields[field].element : NULL);
}

static void
serve (GBytes *body)
{
  g_mutex_lock (&served_lock);
  g_clear_pointer (&served, g_bytes_unref);
  served = g_bytes_ref (body);
  g_mutex_unlock (&served_lock);
}

/* In the server's thread: the current case's clientConfig */
static void
answer_autoconfig (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_mutex_lock (&served_lock);
  body = served ? g_bytes_ref (served) : NULL;
  g_mutex_unlock (&served_lock);
  if (body == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static JsonObject *
source_report (JsonObject *root,
               const char *name)
{
  JsonArray *sources = json_object_get_array_member (root, "sources");

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonObject *report = json_array_get_object_element (sources, i);

      if (g_strcmp0 (json_object_get_string_member (report, "name"), name) == 0)
        return report;
    }
  return NULL;
}

/* `colombe detect` while autoconfig.DOMAIN serves the value */
static void
check_detect_refused (const Entry *entry,
                      guint        field)
{
  gboolean localpart = fields[field].field == FIELD_LOCALPART;
  g_autofree char *address = localpart ? g_strdup_printf ("%s@" TEMPLATE_DOMAIN, entry->value)
                                       : g_strdup (ADDRESS);
  Entry narrowed = *entry;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *what = g_strdup_printf ("detect <%s>", localpart ? "hostname template"
                                                                    : fields[field].element);
  g_autofree char *out = NULL;
  g_auto(Run) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "detect", address, "--json",
                         "--ca-file", colombe_test_pki_get_ca_file (pki),
                         "--ispdb-url", NO_ISPDB, "--timeout", "10", NULL };
  JsonObject *root;
  JsonObject *report;

  narrowed.fields = fields[field].field;
  xml = client_config (&narrowed, localpart ? TEMPLATE_DOMAIN : DOMAIN);
  serve (xml);
  run_argv (&run, NULL, NULL, argv);
  out = shown (run.out, run.out_length);
  g_test_message ("%s: exit %d\n%s\n%s", what, run.status, out, run.err);
  /* an address the parser refuses never reaches the template */
  if (localpart && run.status == 2)
    {
      check_refusal (&run, what, NULL);
      return;
    }

  check (run.status == 1, "%s: exit %d, not 1", what, run.status);
  check (g_utf8_validate (run.out, run.out_length, NULL), "%s: stdout is not UTF-8", what);
  if (!json_parser_load_from_data (parser, run.out, run.out_length, NULL))
    {
      check (FALSE, "%s: stdout is not JSON", what);
      return;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  report = root ? source_report (root, "autoconfig") : NULL;
  check (report != NULL, "%s: no autoconfig source", what);
  if (report != NULL && xml_can_carry (entry) && g_bytes_get_size (xml) < HTTP_MAX_SIZE)
    {
      check (g_strcmp0 (json_object_get_string_member (report, "state"), "unusable") == 0,
             "%s: autoconfig is %s, not unusable", what,
             json_object_get_string_member (report, "state"));
      check (json_object_get_string_member_with_default (report, "message", NULL) != NULL,
             "%s: the unusable source has no message", what);
    }
  else if (report != NULL)
    {
      /* not even XML, or too large to read: the source fails, in either word */
      const char *state = json_object_get_string_member (report, "state");

      check (g_strcmp0 (state, "unusable") == 0 || g_strcmp0 (state, "error") == 0,
             "%s: autoconfig is %s", what, state);
    }
  check (json_object_get_null_member (root, "account"), "%s: an account was found", what);
  if (!has_nul (entry) && entry->length > 0 && json_object_has_member (root, "candidates"))
    {
      g_autofree char *candidates = json_to_string (json_object_get_member (root, "candidates"),
                                                    FALSE);
      g_autofree char *host = g_strdup_printf ("\"%s." TEMPLATE_DOMAIN "\"", entry->value);

      /* a local part is in the address: only a host made of it is wrong */
      check (strstr (candidates, localpart ? host : entry->value) == NULL,
             "%s: a candidate carries the value", what);
    }
}

/* `colombe test` with the value in one option; the servers named
 * explicitly, so that nothing is detected */
static void
check_test_refused (const Entry *entry,
                    const char  *option)
{
  gboolean in_incoming = g_str_equal (option, "--incoming");
  gboolean in_outgoing = g_str_equal (option, "--outgoing");
  /* the kernel takes no argument over 128 KiB: the 1 MB value is cut there */
  g_autofree char *value = g_strndup (entry->value, MAX_ARGUMENT);
  g_autofree char *incoming = in_incoming ? g_strdup_printf ("imap:%s:993:tls", value)
                                          : g_strdup ("imap:imap." DOMAIN ":993:tls");
  g_autofree char *outgoing = in_outgoing ? g_strdup_printf ("%s:465:tls", value)
                                          : g_strdup ("smtp." DOMAIN ":465:tls");
  g_autofree char *what = g_strdup_printf ("test %s", option);
  g_auto(Run) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "test", ADDRESS, "--json", "--timeout", "5",
                         "--ispdb-url", NO_ISPDB, "--incoming", incoming, "--outgoing", outgoing,
                         in_incoming || in_outgoing ? NULL : option, value, NULL };

  run_argv (&run, NULL, NULL, argv);
  check_refusal (&run, what, option);
}

static void
test_refused (gconstpointer data)
{
  const Entry *entry = data;

  g_autofree char *value = shown (entry->value, entry->length);

  colombe_test_watchdog_arm (entry->length > 4096 ? 240 : 120);
  g_test_message ("%s: %s", entry->id, value);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (!(entry->fields & fields[i].field))
        continue;
      if (fields[i].json != NULL)
        check_export_refused (entry, i);
      if (fields[i].element != NULL)
        check_check_config_refused (entry, i);
      if (fields[i].element != NULL || fields[i].field == FIELD_LOCALPART)
        check_detect_refused (entry, i);
      /* an argument cannot hold a NUL */
      if (fields[i].option != NULL && !has_nul (entry))
        check_test_refused (entry, fields[i].option);
      if (fields[i].field == FIELD_HOST && !has_nul (entry))
        check_test_refused (entry, "--outgoing");
    }
}

/* ---------------------------------------------------------------------- */
/* accepted values: what each real client reads back                      */

/* @value as an XPath 1.0 literal, which has no escapes: concat() of parts */
static char *
xpath_literal (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, "'", -1);
  GString *literal = g_string_new ("concat(''");

  for (guint i = 0; parts[i] != NULL; i++)
    g_string_append_printf (literal, "%s'%s'", i > 0 ? ", \"'\", " : ", ", parts[i]);
  g_string_append (literal, ")");
  return g_string_free (literal, FALSE);
}

/* xmllint: well-formed, and some element's whole text is @value */
static void
check_xml (const char         *what,
           const char         *path,
           const char * const *wanted)
{
  g_auto(Run) run = { 0 };
  const char *argv[] = { "xmllint", "--noout", "--nonet", path, NULL };

  run_argv (&run, NULL, NULL, argv);
  check (run.status == 0, "%s: xmllint: %s", what, run.err);
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      g_autofree char *literal = xpath_literal (wanted[i]);
      g_autofree char *xpath = g_strdup_printf ("boolean(//*[not(*)][. = %s])", literal);
      g_auto(Run) query = { 0 };
      const char *query_argv[] = { "xmllint", "--nonet", "--xpath", xpath, path, NULL };

      run_argv (&query, NULL, NULL, query_argv);
      check (g_str_has_prefix (query.out, "true"), "%s: xmllint finds no element holding %s",
             what, wanted[i]);
    }
}

/* plistutil turns it into a binary plist and back: nothing lost */
static void
check_plist (const char         *what,
             const char         *path,
             const char * const *wanted)
{
  g_autofree char *binary = g_strconcat (path, ".bin", NULL);
  g_autofree char *back = g_strconcat (path, ".xml", NULL);
  g_auto(Run) to_binary = { 0 };
  g_auto(Run) to_xml = { 0 };
  const char *to_binary_argv[] = { "plistutil", "-i", path, "-o", binary, "-f", "bin", NULL };
  const char *to_xml_argv[] = { "plistutil", "-i", binary, "-o", back, "-f", "xml", NULL };

  run_argv (&to_binary, NULL, NULL, to_binary_argv);
  check (to_binary.status == 0, "%s: plistutil: %s", what, to_binary.err);
  run_argv (&to_xml, NULL, NULL, to_xml_argv);
  check (to_xml.status == 0, "%s: plistutil back: %s", what, to_xml.err);
  if (to_xml.status == 0)
    check_xml (what, back, wanted);
}

static void
check_found (const char         *what,
             const char         *reader,
             GPtrArray          *read,
             const char * const *wanted)
{
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < read->len && !found; j++)
        found = g_str_equal (g_ptr_array_index (read, j), wanted[i]);
      check (found, "%s: %s does not read %s", what, reader, wanted[i]);
    }
}

/* "NAME" <address> (RFC 5322 quoted string), or NAME <address>: NAME */
static char *
mailbox_name (const char *mailbox)
{
  GString *name = g_string_new (NULL);
  const char *end = strrchr (mailbox, '<');

  if (end == NULL)
    return g_string_free (name, TRUE);
  if (mailbox[0] != '"')
    return g_strstrip (g_strndup (mailbox, end - mailbox));
  for (const char *p = mailbox + 1; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (name, *p);
    }
  return g_string_free (name, FALSE);
}

static void
add_read (GPtrArray  *read,
          const char *value)
{
  char *name = mailbox_name (value);

  g_ptr_array_add (read, g_strdup (value));
  if (name != NULL)
    g_ptr_array_add (read, name);
}

/* GLib's key file reader (Evolution, Geary): every value and list item */
static void
read_key_file (const char *what,
               const char *path,
               GPtrArray  *read)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  check (error == NULL, "%s: GKeyFile: %s", what, error ? error->message : "");
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (file, groups[i], NULL, NULL);

      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *value = g_key_file_get_string (file, groups[i], keys[j], NULL);
          g_auto(GStrv) list = g_key_file_get_string_list (file, groups[i], keys[j], NULL, NULL);

          if (value != NULL)
            add_read (read, value);
          for (guint k = 0; list != NULL && list[k] != NULL; k++)
            add_read (read, list[k]);
        }
    }
}

static void
read_folder (const char *what,
             const char *dir,
             GPtrArray  *read)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  check (folder != NULL, "%s: no folder %s", what, dir);
  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      read_key_file (what, path, read);
    }
}

/* A JavaScript string literal's body, as Thunderbird's prefs parser reads it */
static char *
js_unescape (const char *body)
{
  GString *value = g_string_new (NULL);

  for (const char *p = body; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (value, *p);
          continue;
        }
      p++;
      if (*p == 'n')
        g_string_append_c (value, '\n');
      else if (*p == 'r')
        g_string_append_c (value, '\r');
      else if (*p == 't')
        g_string_append_c (value, '\t');
      else if (*p == 'x' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_unichar (value, g_ascii_xdigit_value (p[1]) * 16 +
                                          g_ascii_xdigit_value (p[2]));
          p += 2;
        }
      else if (*p == 'u')
        {
          g_autofree char *hex = g_strndup (p + 1, 4);
          gunichar c = g_ascii_strtoull (hex, NULL, 16);

          p += 4;
          /* a surrogate pair */
          if (c >= 0xd800 && c < 0xdc00 && p[1] == '\\' && p[2] == 'u')
            {
              g_autofree char *low = g_strndup (p + 3, 4);

              c = 0x10000 + ((c - 0xd800) << 10) + (g_ascii_strtoull (low, NULL, 16) - 0xdc00);
              p += 6;
            }
          g_string_append_unichar (value, c);
        }
      else if (*p != '\0')
        g_string_append_c (value, *p);
      else
        break;
    }
  return g_string_free (value, FALSE);
}

/* user.js: each line a comment, blank or user_pref("name", value); */
static void
read_user_js (const char *what,
              const char *path,
              GPtrArray  *read)
{
  g_autoptr(GRegex) regex = g_regex_new ("^user_pref\\(\"[A-Za-z0-9_.]+\", "
                                         "(\"((?:[^\"\\\\\\n]|\\\\.)*)\"|[0-9]+|true|false)\\);$",
                                         0, 0, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  lines = g_strsplit (text ? text : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *body = NULL;

      if (lines[i][0] == '\0' || g_str_has_prefix (lines[i], "//"))
        continue;
      if (!g_regex_match (regex, lines[i], 0, &match))
        {
          check (FALSE, "%s: not a user.js line: %s", what, lines[i]);
          continue;
        }
      body = g_match_info_fetch (match, 2);
      g_ptr_array_add (read, js_unescape (body));
    }
}

static void
collect_json_strings (JsonNode  *node,
                      GPtrArray *read)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_json_strings (json_array_get_element (array, i), read);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        collect_json_strings (l->data, read);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_ptr_array_add (read, g_strdup (json_node_get_string (node)));
}

static void
read_json_text (const char *what,
                const char *text,
                GPtrArray  *read)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  check (error == NULL, "%s: not JSON: %s", what, error ? error->message : "");
  if (error == NULL)
    collect_json_strings (json_parser_get_root (parser), read);
}

static void
read_json_file (const char *what,
                const char *path,
                GPtrArray  *read)
{
  g_autofree char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  read_json_text (what, text ? text : "", read);
}

/* zbarimg decodes the picture; its payload is JSON */
static void
read_qr (const char *what,
         const char *path,
         GPtrArray  *read)
{
  g_auto(Run) run = { 0 };
  const char *argv[] = { "zbarimg", "--raw", "-q", path, NULL };

  run_argv (&run, NULL, NULL, argv);
  check (run.status == 0, "%s: zbarimg: exit %d %s", what, run.status, run.err);
  g_strchomp (run.out);
  read_json_text (what, run.out, read);
}

/* msmtp says what it would do: "user = …", "host = …", "from = …"; its
 * passwordeval runs (from the keyring) */
static void
read_msmtp (const char *what,
            const char *path,
            GPtrArray  *read)
{
  g_auto(Run) run = { 0 };
  const char *argv[] = { "msmtp", "--pretend", "-C", path, "-a", ADDRESS, "bob@example.test",
                         NULL };
  g_auto(GStrv) lines = NULL;

  g_chmod (path, 0600);
  run_argv (&run, NULL, NULL, argv);
  check (run.status == 0, "%s: msmtp --pretend: exit %d %s", what, run.status, run.err);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals = strstr (lines[i], " = ");

      if (equals != NULL)
        g_ptr_array_add (read, g_strdup (equals + 3));
    }
}

static char *
rewrite_mbsync (const char *path,
                const char *maildir)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GString *edited = g_string_new (NULL);
  g_autofree char *copy = g_strconcat (path, ".local", NULL);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  lines = g_strsplit (text ? text : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Host "))
        g_string_append (edited, "Host 127.0.0.1\n");
      else if (g_str_has_prefix (lines[i], "Port "))
        g_string_append_printf (edited, "Port %u\n", colombe_test_script_get_port (imap));
      else if (g_str_has_prefix (lines[i], "SSLType "))
        g_string_append (edited, "SSLType None\n");
      else if (g_str_has_prefix (lines[i], "Path ") || g_str_has_prefix (lines[i], "Inbox "))
        g_string_append_printf (edited, "%.*s %s/\n", (int) strcspn (lines[i], " "), lines[i],
                                maildir);
      else
        g_string_append_printf (edited, "%s\n", lines[i]);
    }
  g_file_set_contents (copy, edited->str, edited->len, &error);
  g_assert_no_error (error);
  g_string_free (edited, TRUE);
  return g_steal_pointer (&copy);
}

/* mbsync logs in to the line server standing for the IMAP server (no TLS:
 * the server is the test's); the user and password come out of its
 * AUTHENTICATE PLAIN, the password from the file or its PassCmd */
static void
read_mbsync (const char *what,
             const char *path,
             GPtrArray  *read)
{
  g_autofree char *maildir = g_strconcat (path, ".maildir", NULL);
  g_autofree char *local = rewrite_mbsync (path, maildir);
  g_autofree char *received = NULL;
  g_autofree guchar *plain = NULL;
  g_auto(Run) run = { 0 };
  const char *argv[] = { "mbsync", "-c", local, "-l", ADDRESS, NULL };
  const char *last;
  gsize length = 0;

  g_assert_cmpint (g_mkdir_with_parents (maildir, 0700), ==, 0);
  run_argv (&run, NULL, NULL, argv);
  g_test_message ("%s: mbsync: exit %d %s%s", what, run.status, run.out, run.err);
  check (strstr (run.err, local) == NULL, "%s: mbsync complains about the file: %s", what,
         run.err);
  received = colombe_test_script_dup_received (imap);
  last = g_strrstr (received, "AUTHENTICATE PLAIN\n");
  check (last != NULL, "%s: mbsync did not log in", what);
  if (last == NULL)
    return;
  last += strlen ("AUTHENTICATE PLAIN\n");
  {
    g_autofree char *line = g_strndup (last, strcspn (last, "\n"));

    plain = g_base64_decode (line, &length);
  }
  /* authzid NUL authcid NUL password */
  for (gsize start = 0, i = 0; i <= length; i++)
    if (i == length || plain[i] == '\0')
      {
        g_ptr_array_add (read, g_strndup ((char *) plain + start, i - start));
        start = i + 1;
      }
}

/* NeoMutt's own view: its -Q answers "set NAME = \"VALUE\"", unescaped */
static void
read_neomutt (const char *what,
              const char *path,
              GPtrArray  *read)
{
  g_auto(Run) run = { 0 };
  const char *argv[] = { "neomutt", "-n", "-F", path, "-Q", "folder", "-Q", "smtp_url",
                         "-Q", "real_name", "-Q", "from", "-Q", "imap_pass", "-Q", "smtp_pass",
                         NULL };
  g_auto(GStrv) lines = NULL;

  run_argv (&run, NULL, "", argv);
  check (run.status == 0 && run.err_length == 0, "%s: neomutt: exit %d %s", what, run.status,
         run.err);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *start = strstr (lines[i], " = \"");
      GString *value = g_string_new (NULL);
      g_autoptr(GUri) uri = NULL;

      if (start == NULL)
        {
          g_string_free (value, TRUE);
          continue;
        }
      for (const char *p = start + 4; *p != '"' && *p != '\0'; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          g_string_append_c (value, *p);
        }
      uri = g_uri_parse (value->str, G_URI_FLAGS_HAS_PASSWORD, NULL);
      if (uri != NULL && g_uri_get_user (uri) != NULL)
        g_ptr_array_add (read, g_strdup (g_uri_get_user (uri)));
      if (uri != NULL && g_uri_get_host (uri) != NULL)
        g_ptr_array_add (read, g_strdup (g_uri_get_host (uri)));
      g_ptr_array_add (read, g_string_free (value, FALSE));
    }
}

/* A value as go-ini 1.63 reads it (aerc 0.14): between backticks as it
 * is; otherwise up to an inline comment, quotes around it dropped */
static char *
go_ini_value (const char *raw)
{
  const char *last = strrchr (raw, '`');
  g_autofree char *value = NULL;
  gsize length;

  if (raw[0] == '`' && last != raw)
    return g_strndup (raw + 1, last - raw - 1);
  value = g_strstrip (g_strndup (raw, strcspn (raw, "#;")));
  length = strlen (value);
  if (length >= 2 && (value[0] == '"' || value[0] == '\'') && value[length - 1] == value[0])
    return g_strndup (value + 1, length - 2);
  return g_steal_pointer (&value);
}

static void
read_aerc_setting (const char *what,
                   const char *key,
                   const char *value,
                   GPtrArray  *read)
{
  if (g_str_equal (key, "source") || g_str_equal (key, "outgoing"))
    {
      g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_HAS_PASSWORD, NULL);

      check (uri != NULL, "%s: %s is not a URL", what, key);
      if (uri != NULL && g_uri_get_user (uri))
        g_ptr_array_add (read, g_strdup (g_uri_get_user (uri)));
      if (uri != NULL && g_uri_get_password (uri))
        g_ptr_array_add (read, g_strdup (g_uri_get_password (uri)));
      if (uri != NULL && g_uri_get_host (uri))
        g_ptr_array_add (read, g_strdup (g_uri_get_host (uri)));
    }
  else if (g_str_has_suffix (key, "-cred-cmd"))
    {
      g_auto(Run) run = { 0 };
      const char *argv[] = { "sh", "-c", value, NULL };

      run_argv (&run, NULL, NULL, argv);
      check (run.status == 0, "%s: %s: exit %d %s", what, key, run.status, run.err);
      /* aerc takes the first line */
      run.out[strcspn (run.out, "\n")] = '\0';
      g_ptr_array_add (read, g_strdup (run.out));
    }
  else
    add_read (read, value);
}

/* aerc: its URLs as a URL parser reads them, its *-cred-cmd run the way
 * aerc runs them (sh -c), its from as a mailbox */
static void
read_aerc (const char *what,
           const char *path,
           GPtrArray  *read)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  lines = g_strsplit (text ? text : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals = strchr (lines[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '[' || lines[i][0] == '\0')
        continue;
      check (equals != NULL, "%s: not an aerc setting: %s", what, lines[i]);
      if (equals == NULL)
        continue;
      key = g_strstrip (g_strndup (lines[i], equals - lines[i]));
      value = go_ini_value (equals + 1 + strspn (equals + 1, " \t"));
      read_aerc_setting (what, key, value, read);
    }
}

typedef void (*Reader) (const char *what,
                        const char *path,
                        GPtrArray  *read);

static const struct
{
  const char *target;
  Field       carried;            /* what it must give back */
  Field       carried_password;   /* and with --with-password */
  Reader      reader;             /* NULL: XML, through xmllint */
  const char *reader_name;
} readers[] = {
  { "autoconfig", FIELD_USERNAME | FIELD_HOST | FIELD_PROVIDER, 0, NULL, "xmllint" },
  { "thunderbird", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, 0, read_user_js, "user.js reader" },
  { "outlook", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, 0, NULL, "xmllint" },
  { "mobileconfig", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, 0, NULL, "xmllint, plistutil" },
  { "k9", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, FIELD_PASSWORD, NULL, "xmllint" },
  { "qr", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, FIELD_PASSWORD, read_qr, "zbarimg" },
  { "qr-text", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, FIELD_PASSWORD, read_json_file,
    "JSON reader" },
  { "msmtp", FIELD_USERNAME | FIELD_HOST, 0, read_msmtp, "msmtp --pretend" },
  { "mbsync", FIELD_USERNAME | FIELD_PASSWORD, FIELD_PASSWORD, read_mbsync, "mbsync" },
  { "neomutt", FIELD_USERNAME | FIELD_HOST | FIELD_NAME | FIELD_PASSWORD, FIELD_PASSWORD,
    read_neomutt, "neomutt -Q" },
  { "aerc", FIELD_USERNAME | FIELD_HOST | FIELD_NAME | FIELD_PASSWORD, FIELD_PASSWORD,
    read_aerc, "aerc's URL and sh" },
  { "evolution", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, 0, read_folder, "GKeyFile" },
  { "geary", FIELD_USERNAME | FIELD_HOST | FIELD_NAME, 0, read_folder, "GKeyFile" },
};

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
store_password (ColombeProtocol  protocol,
                const char      *host,
                guint16          port,
                const char      *username,
                const char      *password)
{
  g_autoptr(ColombeServer) server = colombe_server_new (protocol, host, port,
                                                        COLOMBE_SECURITY_TLS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  colombe_server_set_username (server, username);
  colombe_keyring_store_async (server, ADDRESS, password, NULL, stored, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  g_assert_true (colombe_keyring_store_finish (result, &error));
  g_assert_no_error (error);
}

/* The value where the entry puts it, the usual one elsewhere */
static const char *
value_of (const Entry *entry,
          Field        field,
          const char  *otherwise)
{
  return entry->fields & field ? entry->value : otherwise;
}

static void
check_target (const Entry  *entry,
              const char   *dir,
              const char   *account,
              const Target *target,
              gboolean      with_password)
{
  g_autofree char *what = g_strdup_printf ("%s%s", target->name,
                                           with_password ? " --with-password" : "");
  g_autofree char *output = g_build_filename (dir, with_password ? "pw" : "keyring", NULL);
  g_autofree char *path = g_build_filename (output, target->name, NULL);
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_auto(Run) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "export", "--format", target->name, "--account",
                         account, "--output", path, with_password ? "--with-password" : NULL,
                         NULL };
  guint r = 0;
  Field carried;

  g_assert_cmpint (g_mkdir_with_parents (output, 0700), ==, 0);
  run_argv (&run, NULL, NULL, argv);
  check (run.status == 0, "export %s: exit %d %s", what, run.status, run.err);
  if (run.status != 0)
    return;

  while (!g_str_equal (readers[r].target, target->name))
    r++;
  carried = with_password ? readers[r].carried | readers[r].carried_password : readers[r].carried;
  carried &= entry->fields;
  if (carried & FIELD_USERNAME)
    g_ptr_array_add (wanted, entry->value);
  if (carried & FIELD_NAME)
    g_ptr_array_add (wanted, entry->value);
  if (carried & FIELD_PROVIDER)
    g_ptr_array_add (wanted, entry->value);
  if (carried & FIELD_HOST)
    g_ptr_array_add (wanted, entry->value);
  if (carried & FIELD_PASSWORD)
    g_ptr_array_add (wanted, entry->value);
  g_ptr_array_add (wanted, NULL);

  if (readers[r].reader == NULL && g_str_equal (target->name, "mobileconfig"))
    check_plist (what, path, (const char * const *) wanted->pdata);
  else if (readers[r].reader == NULL)
    check_xml (what, path, (const char * const *) wanted->pdata);
  else
    {
      readers[r].reader (what, path, read);
      check_found (what, readers[r].reader_name, read, (const char * const *) wanted->pdata);
    }
}

/* check-config reads the value back as written */
static void
check_check_config_accepted (const Entry *entry,
                             const char  *dir)
{
  Entry narrowed = *entry;
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_free);
  g_auto(Run) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "check-config", NULL, "--json", NULL };
  const char *wanted[] = { entry->value, NULL };

  narrowed.fields &= FIELD_USERNAME | FIELD_PROVIDER | FIELD_HOST;
  if (narrowed.fields == 0)
    return;
  xml = client_config (&narrowed, DOMAIN);
  path = write_file (dir, "config.xml", g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  argv[2] = path;
  run_argv (&run, NULL, NULL, argv);
  check (run.status == 0, "check-config: exit %d %s", run.status, run.err);
  read_json_text ("check-config", run.out, read);
  check_found ("check-config", "its JSON", read, wanted);
}

static void
test_accepted (gconstpointer data)
{
  const Entry *entry = data;
  g_autofree char *dir = case_dir ("accepted", entry);
  g_autofree char *json = account_json (entry, 0);
  g_autofree char *account = write_file (dir, "account.json", json, strlen (json));
  g_autofree char *password = g_strdup_printf ("pw-%s", entry->id);
  g_autofree char *marker = g_build_filename (markers, entry->id, NULL);
  const char *username = value_of (entry, FIELD_USERNAME, ADDRESS);

  colombe_test_watchdog_arm (180);
  g_test_message ("%s: %s", entry->id, entry->value);
  store_password (COLOMBE_PROTOCOL_IMAP, value_of (entry, FIELD_HOST, "imap." DOMAIN), 993,
                  username, value_of (entry, FIELD_PASSWORD, password));
  store_password (COLOMBE_PROTOCOL_SMTP, value_of (entry, FIELD_HOST, "smtp." DOMAIN), 465,
                  username, value_of (entry, FIELD_PASSWORD, password));

  check_check_config_accepted (entry, dir);
  for (guint i = 0; i < targets->len; i++)
    {
      const Target *target = g_ptr_array_index (targets, i);

      /* goa hands the account to goa-daemon: test-export-gnome.c runs one */
      if (target->desktop)
        continue;
      check_target (entry, dir, account, target, FALSE);
      if (target->password)
        check_target (entry, dir, account, target, TRUE);
    }
  check (!g_file_test (marker, G_FILE_TEST_EXISTS), "a command ran: %s exists", marker);
}

/* Last: whatever ran anywhere left its mark */
static void
test_no_marker (void)
{
  g_autoptr(GDir) dir = g_dir_open (markers, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    check (FALSE, "a value ran a command: marker %s", name);
}

/* ---------------------------------------------------------------------- */
/* the world                                                              */

static void
start_world (void)
{
  const char *names[] = { DOMAIN, "autoconfig." DOMAIN, TEMPLATE_DOMAIN,
                          "autoconfig." TEMPLATE_DOMAIN, NULL };
  /* the line server keeps the pointer: static */
  static const ColombeTestScriptRule rules[] = {
    { NULL, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n" },
    { "AUTHENTICATE", "+ \r\n" },
    { "CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nTAG OK done\r\n" },
    { "", COLOMBE_TEST_SCRIPT_CLOSE },
    { NULL, NULL },
  };
  g_autoptr(GError) error = NULL;

  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);
  scratch = colombe_test_scratch_dir_new ("hostile", &error);
  g_assert_no_error (error);
  markers = g_build_filename (scratch, "markers", NULL);
  g_assert_cmpint (g_mkdir_with_parents (markers, 0700), ==, 0);

  pki = colombe_test_pki_new (names, &error);
  g_assert_no_error (error);
  dns = colombe_test_dns_new ();
  for (guint i = 0; names[i] != NULL; i++)
    colombe_test_dns_add_address (dns, names[i], COLOMBE_TEST_LOOPBACK);
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);

  http = colombe_test_http_new (pki);
  colombe_test_http_set_ports (http, 443, 80);
  colombe_test_http_add_handler (http, NULL, CONFIG_PATH, answer_autoconfig, NULL, NULL);
  colombe_test_http_start (http, &error);
  g_assert_no_error (error);

  imap = colombe_test_script_new (rules, 0);
}

static void
stop_world (void)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&imap, colombe_test_script_free);
  colombe_test_http_stop (http);
  g_clear_object (&http);
  colombe_test_dns_stop (dns, &error);
  g_assert_no_error (error);
  g_clear_object (&dns);
  g_clear_object (&pki);
  secret_service_disconnect ();
  colombe_test_keyring_stop (keyring, &error);
  g_assert_no_error (error);
  g_clear_object (&keyring);
  colombe_test_scratch_dir_remove (scratch, NULL);
  g_clear_pointer (&scratch, g_free);
  g_clear_pointer (&markers, g_free);
  g_clear_pointer (&served, g_bytes_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int status;

  /* every case runs, failed or not: the TAP lines are the corpus's picture */
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, (char *) "--keep-going");
  argc = args->len;
  g_ptr_array_add (args, NULL);
  argv = (char **) args->pdata;
  g_test_init (&argc, &argv, NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  start_world ();
  load_corpus ();
  load_targets ();
  for (guint i = 0; i < targets->len; i++)
    {
      const Target *target = g_ptr_array_index (targets, i);
      gboolean known = target->desktop;

      for (guint r = 0; r < G_N_ELEMENTS (readers); r++)
        known |= g_str_equal (readers[r].target, target->name);
      /* a new target needs its reader here */
      g_assert_true (known);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);
      g_autofree char *path = g_strdup_printf ("/hostile/%s/%s",
                                               entry->accepted ? "accepted" : "refused",
                                               entry->id);

      g_test_add_data_func (path, entry, entry->accepted ? test_accepted : test_refused);
    }
  g_test_add_func ("/hostile/end/no-command-ran", test_no_marker);

  status = g_test_run ();

  stop_world ();
  g_clear_pointer (&targets, g_ptr_array_unref);
  g_clear_pointer (&entries, g_ptr_array_unref);
  return status;
}
