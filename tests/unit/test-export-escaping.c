/* test-export-escaping.c: every export target carries any value it
 * accepts exactly, and refuses with an error what it cannot carry
 *
 * Each target's output is read back by a strict reader of its format,
 * written here without the writers' code: GMarkup for XML, GKeyFile for
 * key files, JSON-GLib for the QR payload, and small line readers for
 * msmtp, mbsync, NeoMutt, aerc and user.js that follow what the clients
 * do (see the comment at the top of each writer), accept one directive a
 * line and only the keys the writer may write. Keyring commands are split
 * with g_shell_parse_argv(), as /bin/sh would split them.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-exporter.h"
#include "colombe-field.h"
#include "colombe-export-terminal.h"
#include "colombe-export-text.h"

#define ADDRESS "zoe@asso-exemple.fr"
#define IN_HOST "imap.asso-exemple.fr"
#define OUT_HOST "smtp.asso-exemple.fr"

/* What each format must escape, in one value */
#define NASTY " Zo\xc3\xa9 \"q\" 'a' \\b $HOME `id` $(touch /tmp/colombe-x) #c ;d %41 &amp; " \
              "<e> ]]> |f \xe4\xb8\xad \"; touch /tmp/colombe-y; \" "

/* What the values read back are filed under */
#define NAME "name"
#define IN_USER "in-user"
#define OUT_USER "out-user"
#define IN_HOST_KEY "in-host"
#define OUT_HOST_KEY "out-host"
#define PASSWORD "password"

typedef struct
{
  const char *name;
  const char *username;
  const char *in_host;
  const char *out_host;
  const char *password;
} Values;

static ColombeAccount *
account_new (const Values *values)
{
  ColombeAccount *account = colombe_account_new (values->name, ADDRESS);
  g_autoptr(ColombeServer) incoming = colombe_server_new (COLOMBE_PROTOCOL_IMAP,
                                                          values->in_host, 993,
                                                          COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP,
                                                          values->out_host, 465,
                                                          COLOMBE_SECURITY_TLS);

  colombe_server_set_username (incoming, values->username);
  colombe_server_set_username (outgoing, values->username);
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);

  return account;
}

/* ---- what the readers find ---- */

static void
found (GHashTable *table,
       const char *key,
       const char *value)
{
  const char *before = g_hash_table_lookup (table, key);

  /* a value said twice must be said the same way */
  if (before != NULL)
    g_assert_cmpstr (before, ==, value);
  else
    g_hash_table_insert (table, g_strdup (key), g_strdup (value));
}

/* secret-tool lookup protocol P host H port N user U, split as sh does */
static void
found_command (GHashTable *table,
               const char *command,
               gboolean    outgoing)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv), ==, 10);
  g_assert_cmpstr (argv[0], ==, "secret-tool");
  g_assert_cmpstr (argv[1], ==, "lookup");
  g_assert_cmpstr (argv[2], ==, "protocol");
  g_assert_cmpstr (argv[3], ==, outgoing ? "smtp" : "imap");
  g_assert_cmpstr (argv[4], ==, "host");
  g_assert_cmpstr (argv[6], ==, "port");
  g_assert_cmpstr (argv[8], ==, "user");
  found (table, outgoing ? OUT_HOST_KEY : IN_HOST_KEY, argv[5]);
  found (table, outgoing ? OUT_USER : IN_USER, argv[9]);
}

/* imaps://USER[:PASSWORD]@HOST:PORT/ read as a URL parser reads it */
static void
found_url (GHashTable *table,
           const char *text,
           gboolean    outgoing)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = g_uri_parse (text, G_URI_FLAGS_HAS_PASSWORD, &error);
  g_assert_no_error (error);
  found (table, outgoing ? OUT_HOST_KEY : IN_HOST_KEY, g_uri_get_host (uri));
  if (g_uri_get_user (uri) != NULL)
    found (table, outgoing ? OUT_USER : IN_USER, g_uri_get_user (uri));
  if (g_uri_get_password (uri) != NULL)
    found (table, PASSWORD, g_uri_get_password (uri));
}

/* "NAME" <ADDRESS> or NAME <ADDRESS>, RFC 5322 */
static void
found_mailbox (GHashTable *table,
               const char *text)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *p = text;

  if (*p == '"')
    {
      for (p++; *p != '"'; p++)
        {
          g_assert_true (*p != '\0');
          if (*p == '\\')
            p++;
          g_string_append_c (name, *p);
        }
      p++;
      g_assert_cmpstr (p, ==, " <" ADDRESS ">");
    }
  else
    {
      g_assert_true (g_str_has_suffix (p, " <" ADDRESS ">"));
      g_string_append_len (name, p, strlen (p) - strlen (" <" ADDRESS ">"));
    }
  found (table, NAME, name->str);
}

static void
assert_only_keys (const char         *key,
                  const char * const *allowed)
{
  g_assert_true (g_strv_contains (allowed, key));
}

static char *
dup_file (GPtrArray  *files,
          const char *suffix)
{
  for (guint i = 0; i < files->len; i++)
    {
      ColombeExportFile *file = g_ptr_array_index (files, i);
      gsize length;
      const char *data = g_bytes_get_data (file->contents, &length);

      if (suffix == NULL || (file->name != NULL && g_str_has_suffix (file->name, suffix)))
        {
          /* one NUL would end the text a client reads */
          g_assert_null (memchr (data, '\0', length));
          g_assert_true (g_utf8_validate (data, length, NULL));
          return g_strndup (data, length);
        }
    }

  g_assert_not_reached ();
}

/* ---- msmtp: KEY "VALUE", no escapes, lines of at most 499 bytes ---- */

static void
read_msmtp (GHashTable *table,
            GPtrArray  *files)
{
  static const char * const keys[] = { "account", "host", "port", "from", "tls",
                                       "tls_starttls", "auth", "user", "password",
                                       "passwordeval", NULL };
  g_autofree char *text = dup_file (files, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *space = strchr (line, ' ');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      g_assert_cmpuint (strlen (line), <=, 499);
      if (line[0] == '#' || line[0] == '\0')
        continue;
      g_assert_nonnull (space);
      key = g_strndup (line, space - line);
      assert_only_keys (key, keys);
      g_assert_true (g_hash_table_add (seen, g_strdup (key)));
      value = g_strstrip (g_strdup (space));
      if (value[0] == '"')
        {
          g_assert_true (g_str_has_suffix (value, "\"") && strlen (value) >= 2);
          memmove (value, value + 1, strlen (value));
          value[strlen (value) - 1] = '\0';
        }
      if (g_str_equal (key, "user"))
        found (table, OUT_USER, value);
      else if (g_str_equal (key, "host"))
        found (table, OUT_HOST_KEY, value);
      else if (g_str_equal (key, "password"))
        found (table, PASSWORD, value);
      else if (g_str_equal (key, "passwordeval"))
        found_command (table, value, TRUE);
    }
}

/* ---- mbsync: isync's get_arg(): "\" escapes, quotes toggle ---- */

static GPtrArray *
mbsync_words (const char *line)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  while (*p != '\0')
    {
      g_autoptr(GString) word = g_string_new (NULL);
      gboolean quoted = FALSE;

      while (*p == ' ')
        p++;
      if (*p == '\0' || *p == '#')
        break;
      for (; *p != '\0' && (quoted || *p != ' '); p++)
        {
          if (*p == '\\')
            {
              p++;
              g_assert_true (*p != '\0' && (guchar) *p >= 32);
              g_string_append_c (word, *p);
            }
          else if (*p == '"')
            quoted = !quoted;
          else
            g_string_append_c (word, *p);
        }
      g_assert_false (quoted);
      g_ptr_array_add (words, g_string_free (g_steal_pointer (&word), FALSE));
    }

  return words;
}

static void
read_mbsync (GHashTable *table,
             GPtrArray  *files)
{
  static const char * const keys[] = { "IMAPAccount", "Host", "Port", "User", "Pass", "PassCmd",
                                       "SSLType", "AuthMechs", "IMAPStore", "Account",
                                       "MaildirStore", "Path", "Inbox", "SubFolders",
                                       "Channel", "Far", "Near", "Patterns", "Create",
                                       "SyncState", NULL };
  g_autofree char *text = dup_file (files, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) words = NULL;
      const char *key;
      const char *value;

      g_assert_cmpuint (strlen (lines[i]), <=, 1000);
      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      words = mbsync_words (lines[i]);
      g_assert_cmpuint (words->len, ==, 2);
      key = g_ptr_array_index (words, 0);
      value = g_ptr_array_index (words, 1);
      assert_only_keys (key, keys);
      if (g_str_equal (key, "User"))
        found (table, IN_USER, value);
      else if (g_str_equal (key, "Host"))
        found (table, IN_HOST_KEY, value);
      else if (g_str_equal (key, "Pass"))
        found (table, PASSWORD, value);
      else if (g_str_equal (key, "PassCmd"))
        found_command (table, value, FALSE);
    }
}

/* ---- NeoMutt: set NAME = "VALUE", "\" escapes, no bare "$" or "`" ---- */

static char *
neomutt_unquote (const char  *text,
                 const char **end)
{
  GString *value = g_string_new (NULL);
  const char *p = text;

  g_assert_true (*p == '"');
  for (p++; *p != '"'; p++)
    {
      g_assert_true (*p != '\0');
      /* unescaped, these would expand a variable or run a command */
      g_assert_true (*p != '$' && *p != '`');
      if (*p == '\\')
        {
          p++;
          g_assert_true (strchr ("\\\"$`", *p) != NULL);
        }
      g_string_append_c (value, *p);
    }
  *end = p + 1;

  return g_string_free (value, FALSE);
}

static void
read_neomutt_value (GHashTable *table,
                    const char *name,
                    const char *quoted)
{
  const char *end = NULL;
  g_autofree char *value = NULL;

  /* a keyring command: "`COMMAND`", COMMAND escaped as a value is */
  if (g_str_has_prefix (quoted, "\"`") && g_str_has_suffix (quoted, "`\""))
    {
      g_autofree char *inner = g_strdup_printf ("\"%.*s\"", (int) strlen (quoted) - 4, quoted + 2);

      value = neomutt_unquote (inner, &end);
      found_command (table, value, g_str_equal (name, "smtp_pass"));
      return;
    }

  value = neomutt_unquote (quoted, &end);
  g_assert_cmpstr (end, ==, "");
  if (g_str_equal (name, "real_name"))
    found (table, NAME, value);
  else if (g_str_equal (name, "imap_pass") || g_str_equal (name, "smtp_pass"))
    found (table, PASSWORD, value);
  else if (g_str_equal (name, "folder") || g_str_equal (name, "smtp_url"))
    found_url (table, value, g_str_equal (name, "smtp_url"));
}

static void
read_neomutt (GHashTable *table,
              GPtrArray  *files)
{
  static const char * const keys[] = { "real_name", "from", "folder", "spoolfile", "imap_pass",
                                       "smtp_url", "smtp_pass", "ssl_starttls",
                                       "ssl_force_tls", NULL };
  g_autofree char *text = dup_file (files, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      g_assert_true (g_str_has_prefix (lines[i], "set "));
      parts = g_strsplit (lines[i] + 4, " = ", 2);
      g_assert_nonnull (parts[1]);
      assert_only_keys (parts[0], keys);
      if (parts[1][0] == '"')
        read_neomutt_value (table, parts[0], parts[1]);
      else
        g_assert_true (g_str_equal (parts[1], "yes") || g_str_equal (parts[1], "no"));
    }
}

/* ---- aerc: go-ini, `VALUE` as it is, else no "#", ";", final "\" ---- */

static void
read_aerc (GHashTable *table,
           GPtrArray  *files)
{
  static const char * const keys[] = { "source", "source-cred-cmd", "outgoing",
                                       "outgoing-cred-cmd", "smtp-starttls", "default",
                                       "from", NULL };
  g_autofree char *text = dup_file (files, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint sections = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      g_autofree char *value = NULL;
      const char *raw;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      if (lines[i][0] == '[')
        {
          g_assert_cmpstr (lines[i], ==, "[" ADDRESS "]");
          sections++;
          continue;
        }
      parts = g_strsplit (lines[i], " = ", 2);
      g_assert_nonnull (parts[1]);
      assert_only_keys (parts[0], keys);
      raw = parts[1];
      if (raw[0] == '`')
        {
          g_assert_true (g_str_has_suffix (raw, "`") && strlen (raw) >= 2);
          value = g_strndup (raw + 1, strlen (raw) - 2);
        }
      else
        {
          g_assert_null (strpbrk (raw, "#;\"'`"));
          g_assert_false (g_str_has_suffix (raw, "\\"));
          value = g_strdup (raw);
        }
      if (g_str_equal (parts[0], "from"))
        found_mailbox (table, value);
      else if (g_str_equal (parts[0], "source") || g_str_equal (parts[0], "outgoing"))
        found_url (table, value, g_str_equal (parts[0], "outgoing"));
      else if (g_str_has_suffix (parts[0], "-cred-cmd"))
        found_command (table, value, g_str_equal (parts[0], "outgoing-cred-cmd"));
    }
  g_assert_cmpuint (sections, ==, 1);
}

/* ---- user.js: user_pref("KEY", VALUE); strings with \" \\ \uHHHH ---- */

static char *
js_unquote (const char *text)
{
  GString *value = g_string_new (NULL);
  const char *p = text;

  g_assert_true (*p == '"');
  for (p++; *p != '"'; p++)
    {
      g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
      if (*p == '\\')
        {
          p++;
          g_assert_true (*p == '"' || *p == '\\');
        }
      g_string_append_c (value, *p);
    }
  g_assert_cmpstr (p, ==, "\");");

  return g_string_free (value, FALSE);
}

static void
read_user_js (GHashTable *table,
              GPtrArray  *files)
{
  g_autofree char *text = dup_file (files, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *comma;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (g_str_has_prefix (line, "//") || line[0] == '\0')
        continue;
      g_assert_true (g_str_has_prefix (line, "user_pref(\"mail."));
      comma = strstr (line, "\", ");
      g_assert_nonnull (comma);
      key = g_strndup (line + strlen ("user_pref(\""), comma - line - strlen ("user_pref(\""));
      g_assert_null (strpbrk (key, "\"\\ "));
      if (comma[3] != '"')
        continue;
      value = js_unquote (comma + 3);
      if (g_str_has_suffix (key, ".fullName"))
        found (table, NAME, value);
      else if (g_str_has_prefix (key, "mail.server.") && g_str_has_suffix (key, ".userName"))
        found (table, IN_USER, value);
      else if (g_str_has_prefix (key, "mail.smtpserver.") && g_str_has_suffix (key, ".username"))
        found (table, OUT_USER, value);
      else if (g_str_has_prefix (key, "mail.server.") && g_str_has_suffix (key, ".hostname"))
        found (table, IN_HOST_KEY, value);
      else if (g_str_has_prefix (key, "mail.smtpserver.") && g_str_has_suffix (key, ".hostname"))
        found (table, OUT_HOST_KEY, value);
    }
}

/* ---- XML: GMarkup, every element's text under its path ---- */

typedef struct
{
  GPtrArray  *path;
  GString    *text;
  GHashTable *elements;   /* "a/b/c" -> GPtrArray of texts, in order */
  char       *plist_key;
} Xml;

static void
xml_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  Xml *xml = user_data;

  g_ptr_array_add (xml->path, g_strdup (element));
  g_string_truncate (xml->text, 0);
}

static void
xml_add (Xml        *xml,
         const char *path,
         const char *text)
{
  GPtrArray *texts = g_hash_table_lookup (xml->elements, path);

  if (texts == NULL)
    {
      texts = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (xml->elements, g_strdup (path), texts);
    }
  g_ptr_array_add (texts, g_strdup (text));
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  Xml *xml = user_data;
  g_autofree char *path = NULL;

  g_ptr_array_add (xml->path, NULL);
  path = g_strjoinv ("/", (char **) xml->path->pdata);
  g_ptr_array_remove_index (xml->path, xml->path->len - 1);
  xml_add (xml, path, xml->text->str);
  /* a property list: <key>K</key><string>V</string> is filed as K */
  if (g_str_equal (element, "key"))
    {
      g_free (xml->plist_key);
      xml->plist_key = g_strdup (xml->text->str);
    }
  else if (g_str_equal (element, "string") && xml->plist_key != NULL)
    xml_add (xml, xml->plist_key, xml->text->str);
  g_ptr_array_remove_index (xml->path, xml->path->len - 1);
  g_string_truncate (xml->text, 0);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  Xml *xml = user_data;

  g_string_append_len (xml->text, text, length);
}

static Xml *
xml_read (GPtrArray *files)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autofree char *text = dup_file (files, NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Xml *xml = g_new0 (Xml, 1);

  xml->path = g_ptr_array_new_with_free_func (g_free);
  xml->text = g_string_new (NULL);
  xml->elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, xml, NULL);
  g_markup_parse_context_parse (context, text, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  return xml;
}

static void
xml_free (Xml *xml)
{
  g_ptr_array_unref (xml->path);
  g_string_free (xml->text, TRUE);
  g_hash_table_unref (xml->elements);
  g_free (xml->plist_key);
  g_free (xml);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Xml, xml_free)

/* The @index-th text of @path into @table as @key (no such element: nothing) */
static void
xml_found (GHashTable *table,
           Xml        *xml,
           const char *path,
           guint       index,
           const char *key)
{
  GPtrArray *texts = g_hash_table_lookup (xml->elements, path);

  if (texts != NULL && index < texts->len)
    found (table, key, g_ptr_array_index (texts, index));
}

typedef struct
{
  const char *path;    /* elements from the root, or a property list key */
  guint       index;   /* which of the elements of that path */
  const char *key;
} XmlField;

static void
read_xml_fields (GHashTable     *table,
                 GPtrArray      *files,
                 const XmlField *fields,
                 gsize           n_fields)
{
  g_autoptr(Xml) xml = xml_read (files);

  for (gsize i = 0; i < n_fields; i++)
    xml_found (table, xml, fields[i].path, fields[i].index, fields[i].key);
}

#define AUTOCONFIG "clientConfig/emailProvider/"
#define OUTLOOK "Autodiscover/Response/"
#define K9 "k9settings/accounts/account/"

static void
read_autoconfig (GHashTable *table,
                 GPtrArray  *files)
{
  static const XmlField fields[] = {
    { AUTOCONFIG "incomingServer/username", 0, IN_USER },
    { AUTOCONFIG "incomingServer/hostname", 0, IN_HOST_KEY },
    { AUTOCONFIG "outgoingServer/username", 0, OUT_USER },
    { AUTOCONFIG "outgoingServer/hostname", 0, OUT_HOST_KEY },
  };

  read_xml_fields (table, files, fields, G_N_ELEMENTS (fields));
}

static void
read_outlook (GHashTable *table,
              GPtrArray  *files)
{
  static const XmlField fields[] = {
    { OUTLOOK "User/DisplayName", 0, NAME },
    { OUTLOOK "Account/Protocol/LoginName", 0, IN_USER },
    { OUTLOOK "Account/Protocol/LoginName", 1, OUT_USER },
    { OUTLOOK "Account/Protocol/Server", 0, IN_HOST_KEY },
    { OUTLOOK "Account/Protocol/Server", 1, OUT_HOST_KEY },
  };

  read_xml_fields (table, files, fields, G_N_ELEMENTS (fields));
}

static void
read_mobileconfig (GHashTable *table,
                   GPtrArray  *files)
{
  static const XmlField fields[] = {
    { "EmailAccountName", 0, NAME },
    { "IncomingMailServerUsername", 0, IN_USER },
    { "OutgoingMailServerUsername", 0, OUT_USER },
    { "IncomingMailServerHostName", 0, IN_HOST_KEY },
    { "OutgoingMailServerHostName", 0, OUT_HOST_KEY },
  };

  read_xml_fields (table, files, fields, G_N_ELEMENTS (fields));
}

static void
read_k9 (GHashTable *table,
         GPtrArray  *files)
{
  static const XmlField fields[] = {
    { K9 "identities/identity/name", 0, NAME },
    { K9 "incoming-server/username", 0, IN_USER },
    { K9 "incoming-server/host", 0, IN_HOST_KEY },
    { K9 "incoming-server/password", 0, PASSWORD },
    { K9 "outgoing-server/username", 0, OUT_USER },
    { K9 "outgoing-server/host", 0, OUT_HOST_KEY },
    { K9 "outgoing-server/password", 0, PASSWORD },
  };

  read_xml_fields (table, files, fields, G_N_ELEMENTS (fields));
}

/* ---- key files and JSON ---- */

static GKeyFile *
key_file_read (GPtrArray  *files,
               const char *suffix)
{
  g_autofree char *text = dup_file (files, suffix);
  g_autoptr(GError) error = NULL;
  GKeyFile *file = g_key_file_new ();

  g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  return file;
}

static void
key_file_found (GHashTable *table,
                GKeyFile   *file,
                const char *group,
                const char *name,
                const char *key)
{
  g_autofree char *value = g_key_file_get_string (file, group, name, NULL);

  if (value != NULL)
    found (table, key, value);
}

static void
read_evolution (GHashTable *table,
                GPtrArray  *files)
{
  g_autoptr(GKeyFile) account = key_file_read (files, "-account.source");
  g_autoptr(GKeyFile) identity = key_file_read (files, "-identity.source");
  g_autoptr(GKeyFile) transport = key_file_read (files, "-transport.source");

  key_file_found (table, identity, "Mail Identity", "Name", NAME);
  key_file_found (table, account, "Authentication", "User", IN_USER);
  key_file_found (table, account, "Authentication", "Host", IN_HOST_KEY);
  key_file_found (table, transport, "Authentication", "User", OUT_USER);
  key_file_found (table, transport, "Authentication", "Host", OUT_HOST_KEY);
}

static void
read_geary (GHashTable *table,
            GPtrArray  *files)
{
  g_autoptr(GKeyFile) file = key_file_read (files, "geary.ini");
  g_auto(GStrv) mailboxes = g_key_file_get_string_list (file, "Account", "sender_mailboxes",
                                                         NULL, NULL);

  g_assert_cmpuint (g_strv_length (mailboxes), ==, 1);
  found_mailbox (table, mailboxes[0]);
  key_file_found (table, file, "Incoming", "login", IN_USER);
  key_file_found (table, file, "Incoming", "host", IN_HOST_KEY);
  key_file_found (table, file, "Outgoing", "login", OUT_USER);
  key_file_found (table, file, "Outgoing", "host", OUT_HOST_KEY);
}

static void
read_qr_text (GHashTable *table,
              GPtrArray  *files)
{
  g_autofree char *text = dup_file (files, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *root, *incoming, *outgoing, *identity;

  /* one line: the payload, then its line break */
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_true (strchr (text, '\n') == text + strlen (text) - 1);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_array (json_parser_get_root (parser));
  incoming = json_array_get_array_element (root, 2);
  outgoing = json_array_get_array_element (json_array_get_array_element (
               json_array_get_array_element (root, 3), 0), 0);
  identity = json_array_get_array_element (json_array_get_array_element (
               json_array_get_array_element (root, 3), 0), 1);
  found (table, IN_HOST_KEY, json_array_get_string_element (incoming, 1));
  found (table, IN_USER, json_array_get_string_element (incoming, 5));
  found (table, OUT_HOST_KEY, json_array_get_string_element (outgoing, 1));
  found (table, OUT_USER, json_array_get_string_element (outgoing, 5));
  found (table, NAME, json_array_get_string_element (identity, 1));
  if (json_array_get_length (incoming) > 7)
    found (table, PASSWORD, json_array_get_string_element (incoming, 7));
  if (json_array_get_length (outgoing) > 6)
    found (table, PASSWORD, json_array_get_string_element (outgoing, 6));
}

/* ---- the targets, what their reader is, what they must say ---- */

typedef void (*Reader) (GHashTable *table,
                        GPtrArray  *files);

typedef struct
{
  const char *target;
  Reader      read;
  const char *keys;   /* what the file must say, "," between */
  gboolean    urls;   /* puts the hosts in URLs */
  gsize       max;    /* the longest value it takes, 0: any */
} Target;

static const Target targets[] = {
  { "autoconfig", read_autoconfig, IN_USER "," OUT_USER "," IN_HOST_KEY "," OUT_HOST_KEY },
  { "thunderbird", read_user_js, NAME "," IN_USER "," OUT_USER "," IN_HOST_KEY "," OUT_HOST_KEY },
  { "outlook", read_outlook, NAME "," IN_USER "," OUT_USER "," IN_HOST_KEY "," OUT_HOST_KEY },
  { "mobileconfig", read_mobileconfig,
    NAME "," IN_USER "," OUT_USER "," IN_HOST_KEY "," OUT_HOST_KEY },
  { "k9", read_k9, NAME "," IN_USER "," OUT_USER "," IN_HOST_KEY "," OUT_HOST_KEY },
  { "qr-text", read_qr_text, NAME "," IN_USER "," OUT_USER, TRUE },
  { "msmtp", read_msmtp, OUT_USER "," OUT_HOST_KEY, FALSE, 400 },
  { "mbsync", read_mbsync, IN_USER "," IN_HOST_KEY, FALSE, 400 },
  { "neomutt", read_neomutt, NAME "," IN_USER "," OUT_USER, TRUE },
  { "aerc", read_aerc, NAME "," IN_USER "," OUT_USER, TRUE },
  { "evolution", read_evolution, NAME "," IN_USER "," OUT_USER "," IN_HOST_KEY "," OUT_HOST_KEY },
  { "geary", read_geary, NAME "," IN_USER "," OUT_USER "," IN_HOST_KEY "," OUT_HOST_KEY },
};

static const char *
expected (const Values *values,
          const char   *key)
{
  if (g_str_equal (key, NAME))
    return values->name;
  if (g_str_equal (key, IN_USER) || g_str_equal (key, OUT_USER))
    return values->username;
  if (g_str_equal (key, IN_HOST_KEY))
    return values->in_host;
  if (g_str_equal (key, OUT_HOST_KEY))
    return values->out_host;
  if (g_str_equal (key, PASSWORD))
    return values->password;
  g_assert_not_reached ();
}

/* @target writes @values and its reader finds each of them unchanged */
static void
check_round_trip (const Target *target,
                  const Values *values)
{
  const ColombeExporter *exporter = colombe_exporter_find (target->target);
  g_autoptr(ColombeAccount) account = account_new (values);
  ColombeExportRequest request = { account, values->password };
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = g_strsplit (target->keys, ",", -1);
  GHashTableIter iter;
  gpointer key, value;

  g_test_message ("%s", target->target);
  files = exporter->build (&request, &error);
  g_assert_no_error (error);
  target->read (table, files);

  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (table, keys[i]));
  if (values->password != NULL)
    g_assert_true (g_hash_table_contains (table, PASSWORD));
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (value, ==, expected (values, key));
}

static void
test_round_trip (void)
{
  Values values = { NASTY, NASTY, IN_HOST, OUT_HOST, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    check_round_trip (&targets[i], &values);
}

static void
test_round_trip_password (void)
{
  Values values = { NASTY, NASTY, IN_HOST, OUT_HOST, NASTY };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (colombe_exporter_find (targets[i].target)->can_carry_password)
      check_round_trip (&targets[i], &values);
}

/* A host no URL can carry: the URL targets refuse it, the others carry it */
/* A hostile host never reaches a writer: the model refuses it
 * (colombe-field.c). Were it to, the URL writers would refuse it too. */
static void
test_round_trip_host (void)
{
  const char *hosts[] = { "mail.exemple.fr\"; touch /tmp/colombe-z #", "smtp host;$(id)",
                          "fe80::1%x\"]/#", "courriel.été.fr/x" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_assert_false (colombe_field_check (COLOMBE_FIELD_HOST, hosts[i], NULL));
      g_assert_null (colombe_export_dup_plain_host (hosts[i]));
    }
}

/* @text padded with "x" to @length bytes */
static char *
padded (const char *text,
        gsize       length)
{
  GString *out = g_string_new (text);

  while (out->len < length)
    g_string_append_c (out, 'x');

  return g_string_free (out, FALSE);
}

/* The longest values the model takes (colombe-field.c), and a 64 KiB
 * password, which reaches a writer from the keyring without the model:
 * carried whole, or refused with an error */
static void
test_long_values (void)
{
  g_autofree char *name = padded (NASTY, 256);
  g_autofree char *username = padded (NASTY, 320);
  g_autofree char *value = padded (NASTY, 64 * 1024);
  g_autofree char *label = g_strnfill (63, 'h');
  g_autofree char *host = g_strjoin (".", label, label, label, "asso-exemple-fr-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL);
  Values values = { name, username, IN_HOST, OUT_HOST, value };
  Values longest = { name, username, host, host, NULL };

  g_assert_true (colombe_field_check (COLOMBE_FIELD_NAME, name, NULL));
  g_assert_true (colombe_field_check (COLOMBE_FIELD_USERNAME, username, NULL));
  g_assert_true (colombe_field_check (COLOMBE_FIELD_HOST, host, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(ColombeAccount) account = account_new (&values);
      const ColombeExporter *exporter = colombe_exporter_find (targets[i].target);
      ColombeExportRequest request = { account, exporter->can_carry_password ? value : NULL };
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GError) error = NULL;
      Values asked = values;

      if (targets[i].max == 0)
        {
          asked.password = request.password;
          check_round_trip (&targets[i], &asked);
          continue;
        }
      files = exporter->build (&request, &error);
      g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE);
      g_assert_null (files);
      g_assert_null (strstr (error->message, "xxxx"));
    }

  /* A QR code holds about 2 KiB: the longest account the model takes
   * still fits, so a phone can always be given one. */
  {
    g_autoptr(ColombeAccount) account = account_new (&longest);
    ColombeExportRequest request = { account, NULL };
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) files = colombe_exporter_find ("qr")->build (&request, &error);

    g_assert_no_error (error);
    g_assert_nonnull (files);
  }
}

/* ---- what no target may write ---- */

static const char * const refused[] = {
  "a\nb", "a\rb", "a\r\nb", "a\x01" "b", "a\x1b[31mb", "a\x7f" "b", "a\xc2\x85" "b",
  "a\xe2\x80\xa8" "b", "a\xe2\x80\xa9" "b", "a\tb", "a\xef\xbf\xbe" "b", "a\xff" "b",
};

static void
test_check_text (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (colombe_export_check_text (refused[i], "the name", &error));
      g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE);
      g_assert_true (g_str_has_prefix (error->message, "the name "));
      g_assert_null (strstr (error->message, refused[i]));
    }

  g_assert_true (colombe_export_check_text (NASTY, "the name", NULL));
  g_assert_true (colombe_export_check_text (NULL, "the name", NULL));
  g_assert_true (colombe_export_check_length ("abc", 3, "the name", NULL));
  g_assert_false (colombe_export_check_length ("abcd", 3, "the name", NULL));
}

static void
set_field (ColombeAccount *account,
           guint           field,
           const char     *value)
{
  switch (field)
    {
    case 0:
      colombe_account_set_name (account, value);
      break;
    case 1:
      colombe_server_set_username (colombe_account_get_incoming (account), value);
      break;
    case 2:
      colombe_server_set_username (colombe_account_get_outgoing (account), value);
      break;
    case 3:
      colombe_server_set_host (colombe_account_get_incoming (account), value);
      break;
    case 4:
      colombe_server_set_host (colombe_account_get_outgoing (account), value);
      break;
    case 5:
      colombe_account_set_provider (account, value, value);
      break;
    case 6:
      colombe_account_set_address (account, value);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
goa_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The error of @exporter for @account and @password (none: NULL) */
static GError *
export_error (const ColombeExporter *exporter,
              ColombeAccount        *account,
              const char            *password)
{
  ColombeExportRequest request = { account, password };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;
  GError *error = NULL;

  if (exporter->kind != COLOMBE_EXPORT_KIND_ACTION)
    {
      files = exporter->build (&request, &error);
      g_assert_true ((files == NULL) == (error != NULL));
      return error;
    }

  /* GNOME Online Accounts: refused before the bus is looked for */
  exporter->apply_async (&request, NULL, goa_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (exporter->apply_finish (result, &error));
  return error;
}

/* The model's rules for set_field()'s fields 0 to 5 */
static const ColombeField field_kinds[] = {
  COLOMBE_FIELD_NAME, COLOMBE_FIELD_USERNAME, COLOMBE_FIELD_USERNAME,
  COLOMBE_FIELD_HOST, COLOMBE_FIELD_HOST, COLOMBE_FIELD_NAME,
};

/* Every target, every field, every refused string: an error naming the
 * field, no file, and nothing of the value in the message; a string the
 * model already refuses for a field of the account is not tried there */
static void
test_refused_everywhere (void)
{
  Values values = { "Zoé", "zoe", IN_HOST, OUT_HOST, NULL };
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);

  for (guint e = 0; e < n_exporters; e++)
    for (guint field = 0; field <= 7; field++)
      for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
        {
          g_autoptr(ColombeAccount) account = account_new (&values);
          g_autoptr(GError) error = NULL;
          g_autofree char *address = g_strconcat (refused[i], "@asso-exemple.fr", NULL);
          const char *password = NULL;

          if (field == 7)
            {
              if (!exporters[e]->can_carry_password)
                continue;
              password = refused[i];
            }
          else if (field < 6 && !colombe_field_check (field_kinds[field], refused[i], NULL))
            continue;   /* the model refuses it: no account can hold it */
          else
            set_field (account, field, field == 6 ? address : refused[i]);

          error = export_error (exporters[e], account, password);
          g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE);
          g_assert_null (strstr (error->message, refused[i]));
        }
}

/* ---- the shared pieces ---- */

static void
test_url (void)
{
  struct { const char *host; const char *url; } cases[] = {
    { "mail.exemple.fr", "imaps://a%20b%40c%3Ad%25@mail.exemple.fr:993" },
    { "courriel.xn--t-9fab.fr", "imaps://a%20b%40c%3Ad%25@courriel.xn--t-9fab.fr:993" },
    { "2001:db8::1", "imaps://a%20b%40c%3Ad%25@[2001:db8::1]:993" },
    { "192.0.2.1", "imaps://a%20b%40c%3Ad%25@192.0.2.1:993" },
  };
  const char *bad[] = { "mail exemple.fr", "h/x", "h@x", "h#x", "[::1]", "::1]x", "fe80::g%x",
                        "fe80::1%eth0", "h:x", "" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ColombeServer) server = colombe_server_new (COLOMBE_PROTOCOL_IMAP, cases[i].host,
                                                            993, COLOMBE_SECURITY_TLS);
      g_autofree char *url = NULL;
      g_autoptr(GError) error = NULL;

      colombe_server_set_username (server, "a b@c:d%");
      url = colombe_export_dup_url ("imaps", server, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].url);
    }

  /* The model refuses them; the URL's own check would too. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (colombe_field_check (COLOMBE_FIELD_HOST, bad[i], NULL));
      g_assert_null (colombe_export_dup_plain_host (bad[i]));
    }
}

static void
test_quoted (void)
{
  g_autofree char *quoted = colombe_export_dup_quoted ("a\"b\\c$d`e'f", "\"$`");

  g_assert_cmpstr (quoted, ==, "\"a\\\"b\\\\c\\$d\\`e'f\"");
}

/* Placeholders a reader would replace, and an address without "@" */
static void
test_autoconfig_placeholders (void)
{
  Values values = { "Zoé", "x%EMAILLOCALPART%", IN_HOST, OUT_HOST, NULL };
  g_autoptr(ColombeAccount) account = account_new (&values);
  g_autoptr(GError) error = export_error (colombe_exporter_find ("autoconfig"), account, NULL);
  g_autoptr(GError) no_at = NULL;

  g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE);
  colombe_account_set_address (account, "zoe.asso-exemple.fr");
  no_at = export_error (colombe_exporter_find ("mobileconfig"), account, NULL);
  g_assert_error (no_at, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-escaping/round-trip", test_round_trip);
  g_test_add_func ("/export-escaping/round-trip/password", test_round_trip_password);
  g_test_add_func ("/export-escaping/round-trip/host", test_round_trip_host);
  g_test_add_func ("/export-escaping/long-values", test_long_values);
  g_test_add_func ("/export-escaping/check-text", test_check_text);
  g_test_add_func ("/export-escaping/refused-everywhere", test_refused_everywhere);
  g_test_add_func ("/export-escaping/url", test_url);
  g_test_add_func ("/export-escaping/quoted", test_quoted);
  g_test_add_func ("/export-escaping/autoconfig-placeholders", test_autoconfig_placeholders);

  return g_test_run ();
}
