/* colombe-fuzz-formats.c: each export format read back as its own client
 * reads it, for fuzz-export
 *
 * The readers are strict on purpose: they follow the client's own rules
 * (GMarkup and XML 1.0 for the XML targets, GKeyFile for Evolution and
 * Geary, msmtp's, isync's, NeoMutt's and go-ini's line readers, the prefs
 * parser's JavaScript strings, JSON for the QR payload), and abort on
 * anything a hostile value could have turned into a second directive, a
 * comment or a command.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colombe-export-account.h"
#include "colombe-exporter.h"
#include "colombe-fuzz-formats.h"

/* The longest line, newline included, that msmtp (1.8.23) and isync (1.4)
 * read as one line: longer ones are refused or split. */
#define MSMTP_MAX_LINE 500
#define MBSYNC_MAX_LINE 1022

void
colombe_fuzz_fail (const char *format,
                   const char *message,
                   ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, message);
  text = g_strdup_vprintf (message, args);
  va_end (args);

  fprintf (stderr, "fuzz-export: %s: %s\n", format, text);
  abort ();
}

static void
entry_free (ColombeFuzzEntry *entry)
{
  g_free (entry->path);
  g_free (entry->value);
  g_free (entry);
}

static void
add_entry (GPtrArray  *entries,
           const char *path,
           const char *value)
{
  ColombeFuzzEntry *entry = g_new0 (ColombeFuzzEntry, 1);

  entry->path = g_strdup (path);
  entry->value = g_strdup (value);
  g_ptr_array_add (entries, entry);
}

static GPtrArray *
entries_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

/* The @n-th value at @path (from 0), or NULL. */
static const char *
value_at (GPtrArray  *entries,
          const char *path,
          guint       n)
{
  for (guint i = 0; i < entries->len; i++)
    {
      ColombeFuzzEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->path, path) && n-- == 0)
        return entry->value;
    }

  return NULL;
}

static void
expect (const char *format,
        GPtrArray  *entries,
        const char *path,
        guint       n,
        const char *expected)
{
  const char *value = value_at (entries, path, n);

  if (g_strcmp0 (value, expected) != 0)
    colombe_fuzz_fail (format, "%s[%u] reads back as “%s”, not “%s”", path, n,
                       value ? value : "(absent)", expected ? expected : "(absent)");
}

/* The lines of @file: each must end with "\n", none may hold another line
 * break (CR, or U+2028 and U+2029, which JavaScript ends a line at). */
static char **
split_lines (const char *format,
             GBytes     *contents,
             gsize       max_line)
{
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);
  g_autofree char *text = g_strndup (data, length);
  char **lines;

  if (length == 0 || data[length - 1] != '\n' || strlen (text) != length)
    colombe_fuzz_fail (format, "the file does not end with a line break, or holds a NUL");
  if (!g_utf8_validate (text, -1, NULL))
    colombe_fuzz_fail (format, "the file is not UTF-8");
  if (strchr (text, '\r') || strstr (text, "\u2028") || strstr (text, "\u2029"))
    colombe_fuzz_fail (format, "a line break other than LF");

  text[length - 1] = '\0';
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; max_line > 0 && lines[i] != NULL; i++)
    if (strlen (lines[i]) + 1 > max_line)
      colombe_fuzz_fail (format, "line %u is %zu bytes long, its reader stops at %zu",
                         i + 1, strlen (lines[i]) + 1, max_line);

  return lines;
}

static gboolean
is_blank_or_comment (const char *line,
                     const char *comment)
{
  while (*line == ' ' || *line == '\t')
    line++;

  return *line == '\0' || g_str_has_prefix (line, comment);
}

static GBytes *
only_file (const char *format,
           GPtrArray  *files)
{
  ColombeExportFile *file;

  if (files->len != 1)
    colombe_fuzz_fail (format, "%u files, not one", files->len);
  file = g_ptr_array_index (files, 0);

  return file->contents;
}

/* XML (GMarkup, with XML 1.0's characters) */

typedef struct
{
  const char *format;
  GPtrArray  *entries;
  GPtrArray  *stack;    /* element names */
  GString    *text;     /* of the innermost element */
  gboolean    has_child;
} XmlReader;

static char *
xml_path (XmlReader *reader)
{
  char *path;

  g_ptr_array_add (reader->stack, NULL);
  path = g_strjoinv ("/", (char **) reader->stack->pdata);
  g_ptr_array_remove_index (reader->stack, reader->stack->len - 1);

  return path;
}

/* XML 1.0's Char production: GMarkup lets U+FFFE and U+FFFF through. */
static void
check_xml_characters (XmlReader  *reader,
                      const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
        colombe_fuzz_fail (reader->format, "U+%04X is not an XML 1.0 character", c);
    }
}

static void
xml_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  XmlReader *reader = user_data;
  g_autofree char *path = NULL;
  g_autofree char *opening = NULL;

  if (strspn (reader->text->str, " \t\n") != reader->text->len)
    colombe_fuzz_fail (reader->format, "text beside <%s>", element);
  g_string_truncate (reader->text, 0);

  g_ptr_array_add (reader->stack, g_strdup (element));
  path = xml_path (reader);
  opening = g_strconcat (path, "<", NULL);
  add_entry (reader->entries, opening, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *attribute = g_strconcat (path, "@", names[i], NULL);

      check_xml_characters (reader, values[i]);
      add_entry (reader->entries, attribute, values[i]);
    }
  reader->has_child = FALSE;
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  XmlReader *reader = user_data;
  g_autofree char *path = xml_path (reader);

  /* A leaf holds its value; an element with children only white space. */
  if (!reader->has_child)
    {
      check_xml_characters (reader, reader->text->str);
      add_entry (reader->entries, path, reader->text->str);
    }
  else if (strspn (reader->text->str, " \t\n") != reader->text->len)
    {
      colombe_fuzz_fail (reader->format, "text beside the children of <%s>", element);
    }
  g_string_truncate (reader->text, 0);
  g_ptr_array_remove_index (reader->stack, reader->stack->len - 1);
  reader->has_child = TRUE;
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  XmlReader *reader = user_data;

  g_string_append_len (reader->text, text, length);
}

/* Only the declaration, the DOCTYPE and comments, none holding "--". */
static void
xml_passthrough (GMarkupParseContext  *context,
                 const char           *text,
                 gsize                 length,
                 gpointer              user_data,
                 GError              **error)
{
  XmlReader *reader = user_data;
  g_autofree char *copy = g_strndup (text, length);

  if (g_str_has_prefix (copy, "<!--"))
    {
      if (length < 7 || strstr (copy + 4, "--") != copy + length - 3)
        colombe_fuzz_fail (reader->format, "a comment holds “--”");
      return;
    }
  if (!g_str_has_prefix (copy, "<?xml ") && !g_str_has_prefix (copy, "<!DOCTYPE "))
    colombe_fuzz_fail (reader->format, "unexpected markup %s", copy);
}

static GPtrArray *
read_xml (const char *format,
          GBytes     *contents)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, xml_passthrough, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  XmlReader reader = { format, entries_new (), stack, text, FALSE };
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  context = g_markup_parse_context_new (&parser, 0, &reader, NULL);
  if (!g_markup_parse_context_parse (context, data, length, &error) ||
      !g_markup_parse_context_end_parse (context, &error))
    colombe_fuzz_fail (format, "not well-formed XML: %s", error->message);

  return reader.entries;
}

/* GKeyFile (Evolution, Geary): every group and key, values unescaped */

/* Geary's sender_mailboxes is a list: its items, one a line. */
static char *
dup_key_file_value (GKeyFile    *file,
                    const char  *group,
                    const char  *key,
                    GError     **error)
{
  g_auto(GStrv) items = NULL;

  if (!g_str_equal (key, "sender_mailboxes"))
    return g_key_file_get_string (file, group, key, error);

  if (!(items = g_key_file_get_string_list (file, group, key, NULL, error)))
    return NULL;

  return g_strjoinv ("\n", items);
}

static void
read_key_file (const char *format,
               guint       number,
               const char *file_name,
               GBytes     *contents,
               GPtrArray  *entries)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  if (file_name == NULL || strchr (file_name, '/') != NULL)
    colombe_fuzz_fail (format, "a file has no name, or one with a “/”");
  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &error))
    colombe_fuzz_fail (format, "%s is not a key file: %s", file_name, error->message);

  add_entry (entries, "file", file_name);
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (file, groups[i], NULL, NULL);

      for (guint j = 0; keys[j] != NULL; j++)
        {
          g_autofree char *path = g_strdup_printf ("%u:%s/%s", number, groups[i], keys[j]);
          g_autofree char *value = dup_key_file_value (file, groups[i], keys[j], &error);

          if (value == NULL)
            colombe_fuzz_fail (format, "%s: %s", path, error->message);
          add_entry (entries, path, value);
        }
    }
}

static GPtrArray *
read_key_files (const char *format,
                GPtrArray  *files)
{
  GPtrArray *entries = entries_new ();

  for (guint i = 0; i < files->len; i++)
    {
      ColombeExportFile *file = g_ptr_array_index (files, i);

      read_key_file (format, i, file->name, file->contents, entries);
    }

  return entries;
}

/* msmtp: "NAME ARGUMENT", the argument in double quotes taken as it is
 * between the first and the last quote */

static const char * const msmtp_commands[] = {
  "account", "host", "port", "from", "tls", "tls_starttls", "auth", "user",
  "password", "passwordeval", NULL,
};

static GPtrArray *
read_msmtp (const char *format,
            GBytes     *contents)
{
  g_auto(GStrv) lines = split_lines (format, contents, MSMTP_MAX_LINE);
  GPtrArray *entries = entries_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *name = NULL;
      char *argument;
      gsize length;

      if (is_blank_or_comment (line, "#"))
        continue;

      name = g_strndup (line, strcspn (line, " \t"));
      argument = line + strlen (name);
      argument += strspn (argument, " \t");
      if (!g_strv_contains (msmtp_commands, name))
        colombe_fuzz_fail (format, "line %u: unknown command “%s”", i + 1, name);

      length = strlen (argument);
      if (argument[0] == '"')
        {
          if (length < 2 || argument[length - 1] != '"')
            colombe_fuzz_fail (format, "line %u: unterminated quote", i + 1);
          argument[length - 1] = '\0';
          argument++;
        }
      add_entry (entries, name, argument);
    }

  return entries;
}

/* isync: words where a backslash escapes the next character, double quotes
 * keep spaces, and "#" starts a comment where a word begins */

static const char * const mbsync_commands[] = {
  "IMAPAccount", "Host", "Port", "User", "Pass", "PassCmd", "SSLType", "AuthMechs",
  "IMAPStore", "Account", "MaildirStore", "Path", "Inbox", "SubFolders", "Channel",
  "Far", "Near", "Patterns", "Create", "SyncState", NULL,
};

static gboolean
mbsync_next_word (const char  *format,
                  const char **p,
                  GString     *word)
{
  gboolean quoted = FALSE;

  *p += strspn (*p, " \t");
  if (**p == '\0' || **p == '#')
    return FALSE;

  g_string_truncate (word, 0);
  for (; **p != '\0'; (*p)++)
    {
      char c = **p;

      if (c == '\\' && (*p)[1] != '\0')
        g_string_append_c (word, *++(*p));
      else if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == ' ' || c == '\t'))
        break;
      else
        g_string_append_c (word, c);
    }
  if (quoted)
    colombe_fuzz_fail (format, "unterminated quote");

  return TRUE;
}

static GPtrArray *
read_mbsync (const char *format,
             GBytes     *contents)
{
  g_auto(GStrv) lines = split_lines (format, contents, MBSYNC_MAX_LINE);
  g_autoptr(GString) word = g_string_new (NULL);
  GPtrArray *entries = entries_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *path = NULL;
      g_autofree char *value = NULL;

      if (!mbsync_next_word (format, &p, word))
        continue;
      name = g_strdup (word->str);
      if (!g_strv_contains (mbsync_commands, name))
        colombe_fuzz_fail (format, "line %u: unknown keyword “%s”", i + 1, name);
      while (mbsync_next_word (format, &p, word))
        g_ptr_array_add (words, g_strdup (word->str));
      g_ptr_array_add (words, NULL);

      /* The number of words is part of the place: a value split in two
       * would change it. */
      path = g_strdup_printf ("%s/%u", name, words->len - 1);
      value = g_strjoinv (" ", (char **) words->pdata);
      add_entry (entries, path, value);
    }

  return entries;
}

/* NeoMutt: set NAME = "VALUE", where a backslash escapes, "$NAME" is a
 * variable and `COMMAND` runs COMMAND, whose text is read again (escapes
 * removed) before the shell gets it */

static const char * const neomutt_variables[] = {
  "real_name", "from", "folder", "spoolfile", "imap_pass", "pop_pass", "smtp_url",
  "smtp_pass", "ssl_starttls", "ssl_force_tls", NULL,
};

/* One escaped character: "\n", "\t", "\e", "\cX" and digits mean other
 * things, so a value never has a backslash before a letter or a digit. */
static const char *
neomutt_escape (const char *format,
                const char *p,
                GString    *out)
{
  if (p[1] == '\0' || g_ascii_isalnum (p[1]))
    colombe_fuzz_fail (format, "a backslash before “%c”", p[1]);
  g_string_append_c (out, p[1]);

  return p + 2;
}

static const char *
neomutt_command (const char *format,
                 const char *p,
                 GString    *out)
{
  g_autoptr(GString) command = g_string_new (NULL);

  /* the command ends at the first backtick without a backslash before it */
  for (p++; *p != '`'; p++)
    {
      if (*p == '\0')
        colombe_fuzz_fail (format, "unterminated command");
      if (*p == '\\' && p[1] != '\0')
        p = neomutt_escape (format, p, command) - 1;
      else
        g_string_append_c (command, *p);
    }
  g_string_append (out, command->str);

  return p + 1;
}

/* A command is the whole value, or none of it: the output of the shell
 * in the middle of a setting is not something the writer means. The
 * value is then the command after COMMAND_MARK. */
#define COMMAND_MARK "\001"

static const char *
neomutt_whole_command (const char *format,
                       const char *text,
                       const char *p,
                       GString    *out)
{
  if (p != text + 1 || out->len != 0)
    colombe_fuzz_fail (format, "a command inside a value: “%s”", text);

  g_string_append (out, COMMAND_MARK);
  p = neomutt_command (format, p, out);
  if (*p != '"')
    colombe_fuzz_fail (format, "text after a command: “%s”", text);

  return p;
}

static char *
neomutt_value (const char *format,
               const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  if (*p != '"')
    {
      if (strspn (p, "abcdefghijklmnopqrstuvwxyz") != strlen (p))
        colombe_fuzz_fail (format, "a bare value “%s”", p);
      return g_strdup (p);
    }

  for (p++; *p != '"'; )
    {
      if (*p == '\0')
        colombe_fuzz_fail (format, "unterminated quote");
      else if (*p == '\\')
        p = neomutt_escape (format, p, out);
      else if (*p == '$')
        colombe_fuzz_fail (format, "an unescaped “$” (a variable)");
      else if (*p == '`')
        p = neomutt_whole_command (format, text, p, out);
      else
        g_string_append_c (out, *p++);
    }
  if (p[1] != '\0')
    colombe_fuzz_fail (format, "“%s” after a value", p + 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GPtrArray *
read_neomutt (const char *format,
              GBytes     *contents)
{
  g_auto(GStrv) lines = split_lines (format, contents, 0);
  GPtrArray *entries = entries_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const char *p;

      if (is_blank_or_comment (lines[i], "#"))
        continue;
      if (!g_str_has_prefix (lines[i], "set "))
        colombe_fuzz_fail (format, "line %u is not a set command", i + 1);

      p = lines[i] + strlen ("set ");
      name = g_strndup (p, strcspn (p, " "));
      if (!g_strv_contains (neomutt_variables, name))
        colombe_fuzz_fail (format, "line %u: unknown variable “%s”", i + 1, name);
      p += strlen (name);
      if (!g_str_has_prefix (p, " = "))
        colombe_fuzz_fail (format, "line %u: no “ = ”", i + 1);

      value = neomutt_value (format, p + strlen (" = "));
      add_entry (entries, name, value);
    }

  return entries;
}

/* aerc 0.14: go-ini's readValue(). A value starting with a backtick (or
 * three quotes) is what lies up to the line's last one, as it is; any
 * other is cut at the first "#" or ";" (an inline comment), continued on
 * the next line when it ends with "\", trimmed, and stripped of
 * surrounding quotes. */

static const char * const aerc_keys[] = {
  "source", "source-cred-cmd", "outgoing", "outgoing-cred-cmd", "smtp-starttls",
  "default", "from", NULL,
};

static char *
aerc_raw_value (const char *format,
                const char *text,
                const char *quote)
{
  gsize start = strlen (quote);
  gsize length = strlen (text);

  if (length < 2 * start || !g_str_has_suffix (text + start, quote))
    colombe_fuzz_fail (format, "a value that goes on to the next lines: “%s”", text);

  return g_strndup (text + start, length - 2 * start);
}

static char *
aerc_value (const char *format,
            const char *text)
{
  g_autofree char *value = NULL;
  gsize length;

  if (text[0] == '`')
    return aerc_raw_value (format, text, "`");
  if (g_str_has_prefix (text, "\"\"\""))
    return aerc_raw_value (format, text, "\"\"\"");

  value = g_strndup (text, strcspn (text, "#;"));
  if (strlen (value) != strlen (text))
    colombe_fuzz_fail (format, "a value with “#” or “;” is cut there: “%s”", text);
  if (g_str_has_suffix (value, "\\"))
    colombe_fuzz_fail (format, "a value continued on the next line: “%s”", text);

  g_strstrip (value);
  length = strlen (value);
  if (length >= 2 && (value[0] == '"' || value[0] == '\'') && value[length - 1] == value[0])
    colombe_fuzz_fail (format, "a value read without its surrounding quotes: “%s”", value);

  return g_steal_pointer (&value);
}

static GPtrArray *
read_aerc (const char *format,
           GBytes     *contents)
{
  g_auto(GStrv) lines = split_lines (format, contents, 0);
  GPtrArray *entries = entries_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      const char *equals;

      if (is_blank_or_comment (line, "#") || line[0] == ';')
        continue;

      if (line[0] == '[')
        {
          if (!g_str_has_suffix (line, "]") || strchr (line + 1, '[') != NULL)
            colombe_fuzz_fail (format, "line %u: a broken section", i + 1);
          line[strlen (line) - 1] = '\0';
          add_entry (entries, "[]", line + 1);
          continue;
        }

      if ((equals = strchr (line, '=')) == NULL)
        colombe_fuzz_fail (format, "line %u: no “=”", i + 1);
      key = g_strstrip (g_strndup (line, equals - line));
      if (!g_strv_contains (aerc_keys, key))
        colombe_fuzz_fail (format, "line %u: unknown key “%s”", i + 1, key);
      value = aerc_value (format, g_strchug ((char *) equals + 1));
      add_entry (entries, key, value);
    }

  return entries;
}

/* Thunderbird's user.js: user_pref("NAME", VALUE); with VALUE a
 * JavaScript string, an integer or a boolean; comments with "//" */

static const char *
js_string (const char *format,
           const char *p,
           GString    *out)
{
  if (*p != '"')
    colombe_fuzz_fail (format, "no string at “%s”", p);

  for (p++; *p != '"'; p++)
    {
      if (*p == '\0')
        colombe_fuzz_fail (format, "unterminated string");
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }

      p++;
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, *p);
        }
      else if (*p == 'u' && strspn (p + 1, "0123456789abcdefABCDEF") >= 4)
        {
          g_autofree char *hex = g_strndup (p + 1, 4);

          g_string_append_unichar (out, g_ascii_strtoull (hex, NULL, 16));
          p += 4;
        }
      else
        {
          colombe_fuzz_fail (format, "an escape the writer never writes: \\%c", *p);
        }
    }

  return p + 1;
}

static char *
js_value (const char  *format,
          const char **p)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize length;

  if (**p == '"')
    {
      *p = js_string (format, *p, out);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  length = strspn (*p, "-0123456789");
  if (length == 0 && g_str_has_prefix (*p, "true"))
    length = 4;
  else if (length == 0 && g_str_has_prefix (*p, "false"))
    length = 5;
  if (length == 0)
    colombe_fuzz_fail (format, "no value at “%s”", *p);
  *p += length;

  return g_strndup (*p - length, length);
}

static GPtrArray *
read_user_js (const char *format,
              GBytes     *contents)
{
  g_auto(GStrv) lines = split_lines (format, contents, 0);
  GPtrArray *entries = entries_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      g_autofree char *value = NULL;
      const char *p = lines[i];

      if (*p == '\0' || g_str_has_prefix (p, "//"))
        continue;
      if (!g_str_has_prefix (p, "user_pref("))
        colombe_fuzz_fail (format, "line %u is not a user_pref()", i + 1);

      p = js_string (format, p + strlen ("user_pref("), name);
      if (!g_str_has_prefix (p, ", "))
        colombe_fuzz_fail (format, "line %u: no “, ” after the name", i + 1);
      p += 2;
      value = js_value (format, &p);
      if (!g_str_equal (p, ");"))
        colombe_fuzz_fail (format, "line %u: “%s” after the value", i + 1, p);
      add_entry (entries, name->str, value);
    }

  return entries;
}

/* qr-text: one line of JSON, every leaf a number or a string */

static void
add_json (const char *format,
          GPtrArray  *entries,
          const char *path,
          JsonNode   *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      add_entry (entries, path, "[");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s/%u", path, i);

          add_json (format, entries, child, json_array_get_element (array, i));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *typed = g_strconcat (path, "s", NULL);

      add_entry (entries, typed, json_node_get_string (node));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_autofree char *typed = g_strconcat (path, "i", NULL);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      add_entry (entries, typed, number);
    }
  else
    {
      colombe_fuzz_fail (format, "%s is neither an array, a string nor a number", path);
    }
}

static GPtrArray *
read_qr_text (const char *format,
              GBytes     *contents)
{
  g_auto(GStrv) lines = split_lines (format, contents, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = entries_new ();

  if (g_strv_length (lines) != 1)
    colombe_fuzz_fail (format, "%u lines, not one", g_strv_length (lines));
  if (!json_parser_load_from_data (parser, lines[0], -1, &error))
    colombe_fuzz_fail (format, "not JSON: %s", error->message);
  add_json (format, entries, "", json_parser_get_root (parser));

  return entries;
}

static GPtrArray *
read_png (const char *format,
          GBytes     *contents)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize length;
  const guint8 *data = g_bytes_get_data (contents, &length);

  if (length < sizeof signature || memcmp (data, signature, sizeof signature) != 0)
    colombe_fuzz_fail (format, "no PNG signature");

  return entries_new ();
}

GPtrArray *
colombe_fuzz_read_export (const char *format,
                          GPtrArray  *files)
{
  static const struct
  {
    const char  *format;
    GPtrArray *(*read) (const char *format, GBytes *contents);
  } readers[] = {
    { "autoconfig", read_xml }, { "outlook", read_xml }, { "mobileconfig", read_xml },
    { "k9", read_xml }, { "thunderbird", read_user_js }, { "qr", read_png },
    { "qr-text", read_qr_text }, { "msmtp", read_msmtp }, { "mbsync", read_mbsync },
    { "neomutt", read_neomutt }, { "aerc", read_aerc },
  };

  if (g_str_equal (format, "evolution") || g_str_equal (format, "geary"))
    return read_key_files (format, files);

  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    if (g_str_equal (readers[i].format, format))
      return readers[i].read (format, only_file (format, files));

  colombe_fuzz_fail (format, "no reader for this format: add one");
}

/* Thunderbird's keys end with a hash of the address, Evolution's file
 * names hold a UUID: those parts are not the shape. */
static void
append_shape (GString    *shape,
              const char *path)
{
  const char *colombe = strstr (path, "colombe_");

  if (g_str_equal (path, "file") || colombe == NULL)
    {
      g_string_append (shape, path);
      return;
    }

  g_string_append_len (shape, path, colombe - path);
  g_string_append (shape, "colombe_*");
  append_shape (shape, colombe + strlen ("colombe_") + strspn (colombe + strlen ("colombe_"),
                                                               "0123456789abcdef"));
}

char *
colombe_fuzz_dup_shape (GPtrArray *entries)
{
  GString *shape = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      ColombeFuzzEntry *entry = g_ptr_array_index (entries, i);

      append_shape (shape, entry->path);
      g_string_append_c (shape, '\n');
    }

  return g_string_free (shape, FALSE);
}

/* The values read back */

typedef struct
{
  const char     *format;
  GPtrArray      *entries;
  const char     *address;
  const char     *domain;
  const char     *name;
  const char     *password;
  ColombeServer  *incoming;
  ColombeServer  *outgoing;
} Check;

/* A username is written as the account holds it, or with its
 * placeholders (%EMAILADDRESS%…) said for this person, as the phone
 * targets do; @fallback when the server has none. */
static void
expect_username (Check         *check,
                 const char    *path,
                 const char    *read,
                 ColombeServer *server,
                 const char    *fallback)
{
  const char *username = colombe_server_get_username (server);
  g_autofree char *expanded = NULL;

  if (username == NULL)
    username = fallback;
  if (g_strcmp0 (read, username) == 0)
    return;

  expanded = username ? colombe_expand_placeholders (username, check->address, check->name) : NULL;
  if (read == NULL || g_strcmp0 (read, expanded) != 0)
    colombe_fuzz_fail (check->format, "%s reads back as “%s”, not “%s”", path,
                       read ? read : "(absent)", username ? username : "(absent)");
}

static void
expect_port (Check         *check,
             const char    *path,
             guint          n,
             ColombeServer *server)
{
  g_autofree char *port = g_strdup_printf ("%u", colombe_server_get_port (server));

  expect (check->format, check->entries, path, n, port);
}

/* secret-tool lookup protocol P host H port N user U, each value one word */
static void
expect_lookup (Check         *check,
               const char    *command,
               ColombeServer *server)
{
  const char *username = colombe_server_get_username (server);
  g_autofree char *port = g_strdup_printf ("%u", colombe_server_get_port (server));
  const char *expected[] = {
    "secret-tool", "lookup", "protocol",
    colombe_protocol_to_string (colombe_server_get_protocol (server)),
    "host", colombe_server_get_host (server), "port", port, "user", username ? username : "",
    NULL,
  };
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  if (command == NULL || !g_shell_parse_argv (command, NULL, &argv, &error))
    colombe_fuzz_fail (check->format, "the keyring command “%s” does not parse: %s",
                       command ? command : "(absent)", error ? error->message : "absent");
  if (!g_strv_equal ((const char * const *) argv, expected))
    colombe_fuzz_fail (check->format, "the keyring command “%s” is not the lookup", command);
}

/* A value that is all one command between backticks (NeoMutt) */
static void
expect_command_lookup (Check         *check,
                       const char    *value,
                       ColombeServer *server)
{
  if (value == NULL || !g_str_has_prefix (value, COMMAND_MARK))
    colombe_fuzz_fail (check->format, "“%s” is not a command", value ? value : "(absent)");

  expect_lookup (check, value + strlen (COMMAND_MARK), server);
}

/* SCHEME://[USER[:PASSWORD]@]HOST:PORT[/]: the user and password
 * percent-decoded, an IPv6 host in brackets */
static void
expect_url (Check         *check,
            const char    *url,
            ColombeServer *server,
            gboolean       with_user,
            const char    *password)
{
  g_autofree char *expected_host = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *user = NULL;
  g_autofree char *secret = NULL;
  const char *rest = url ? strstr (url, "://") : NULL;
  const char *at;

  if (rest == NULL)
    colombe_fuzz_fail (check->format, "“%s” is not a URL", url ? url : "(absent)");
  rest += 3;

  if ((at = strchr (rest, '@')) != NULL)
    {
      g_autofree char *userinfo = g_strndup (rest, at - rest);
      char *colon = strchr (userinfo, ':');

      if (colon != NULL)
        {
          *colon = '\0';
          secret = g_uri_unescape_string (colon + 1, NULL);
        }
      user = g_uri_unescape_string (userinfo, NULL);
      rest = at + 1;
    }
  /* No username, no user part: the password has nowhere to go. */
  with_user = with_user && colombe_server_get_username (server) != NULL;
  if (with_user)
    expect_username (check, url, user, server, NULL);
  else if (user != NULL)
    colombe_fuzz_fail (check->format, "“%s” has a user part", url);
  if (g_strcmp0 (secret, with_user ? password : NULL) != 0)
    colombe_fuzz_fail (check->format, "the password of “%s” is not the account's", url);

  expected_host = strchr (colombe_server_get_host (server), ':')
                  ? g_strdup_printf ("[%s]", colombe_server_get_host (server))
                  : g_strdup (colombe_server_get_host (server));
  /* a host name may be written in its ASCII form, in lower case */
  tail = g_strdup_printf ("%s:%u", expected_host, colombe_server_get_port (server));
  if (g_ascii_strncasecmp (rest, tail, strlen (tail)) != 0 ||
      !(rest[strlen (tail)] == '\0' || g_str_equal (rest + strlen (tail), "/")))
    colombe_fuzz_fail (check->format, "“%s” does not end with “%s”", url, tail);
}

/* The text of a phrase: an RFC 5322 quoted string, or as it is */
static void
expect_mailbox (Check      *check,
                const char *mailbox)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *tail = g_strdup_printf (" <%s>", check->address);
  const char *p = mailbox;

  if (check->name == NULL || check->name[0] == '\0')
    {
      if (g_strcmp0 (mailbox, check->address) != 0)
        colombe_fuzz_fail (check->format, "the mailbox “%s” is not the address", mailbox);
      return;
    }

  if (mailbox == NULL || !g_str_has_suffix (mailbox, tail))
    colombe_fuzz_fail (check->format, "the mailbox “%s” does not end with the address",
                       mailbox ? mailbox : "(absent)");
  if (*p != '"')
    {
      g_string_append_len (name, p, strlen (p) - strlen (tail));
    }
  else
    {
      for (p++; *p != '"'; p++)
        {
          if (*p == '\\')
            p++;
          if (*p == '\0')
            colombe_fuzz_fail (check->format, "unterminated quote in “%s”", mailbox);
          g_string_append_c (name, *p);
        }
      if (!g_str_equal (p + 1, tail))
        colombe_fuzz_fail (check->format, "“%s” after the quoted name", p + 1);
    }

  if (!g_str_equal (name->str, check->name))
    colombe_fuzz_fail (check->format, "the name reads back as “%s”", name->str);
}

/* The value after the plist <key> @key, or NULL */
static const char *
plist_value (Check      *check,
             const char *key)
{
  for (guint i = 0; i + 2 < check->entries->len; i++)
    {
      ColombeFuzzEntry *entry = g_ptr_array_index (check->entries, i);

      if (g_str_has_suffix (entry->path, "/key") && g_strcmp0 (entry->value, key) == 0)
        return ((ColombeFuzzEntry *) g_ptr_array_index (check->entries, i + 2))->value;
    }

  return NULL;
}

/* The value of the pref whose shape (hash left out) is @shape */
static const char *
pref_value (Check      *check,
            const char *shape)
{
  for (guint i = 0; i < check->entries->len; i++)
    {
      ColombeFuzzEntry *entry = g_ptr_array_index (check->entries, i);
      g_autoptr(GString) entry_shape = g_string_new (NULL);

      append_shape (entry_shape, entry->path);
      if (g_str_equal (entry_shape->str, shape))
        return entry->value;
    }

  return NULL;
}

static void
check_autoconfig_server (Check         *check,
                         const char    *element,
                         ColombeServer *server)
{
  g_autofree char *host = g_strconcat ("clientConfig/emailProvider/", element, "/hostname", NULL);
  g_autofree char *port = g_strconcat ("clientConfig/emailProvider/", element, "/port", NULL);
  g_autofree char *user = g_strconcat ("clientConfig/emailProvider/", element, "/username", NULL);
  const char *template = value_at (check->entries, user, 0);
  g_autofree char *said = template ? colombe_expand_placeholders (template, check->address,
                                                                  check->name) : NULL;

  expect (check->format, check->entries, host, 0, colombe_server_get_host (server));
  expect_port (check, port, 0, server);
  /* a template is fine, as long as the reader says it as the account's */
  expect_username (check, user, said, server, check->address);
}

static void
check_autoconfig (Check          *check,
                  ColombeAccount *account)
{
  const char *id = colombe_account_get_provider_id (account);
  const char *name = colombe_account_get_provider_name (account);

  expect (check->format, check->entries, "clientConfig/emailProvider@id", 0,
          id ? id : check->domain);
  expect (check->format, check->entries, "clientConfig/emailProvider/domain", 0, check->domain);
  expect (check->format, check->entries, "clientConfig/emailProvider/displayName", 0,
          name ? name : check->domain);
  check_autoconfig_server (check, "incomingServer", check->incoming);
  check_autoconfig_server (check, "outgoingServer", check->outgoing);
}

static void
check_outlook (Check *check)
{
  const char *protocol = "Autodiscover/Response/Account/Protocol";
  g_autofree char *server = g_strconcat (protocol, "/Server", NULL);
  g_autofree char *login = g_strconcat (protocol, "/LoginName", NULL);
  g_autofree char *port = g_strconcat (protocol, "/Port", NULL);

  expect (check->format, check->entries, "Autodiscover/Response/User/DisplayName", 0,
          check->name && *check->name ? check->name : NULL);
  expect (check->format, check->entries, server, 0, colombe_server_get_host (check->incoming));
  expect (check->format, check->entries, server, 1, colombe_server_get_host (check->outgoing));
  expect_port (check, port, 0, check->incoming);
  expect_port (check, port, 1, check->outgoing);
  expect_username (check, login, value_at (check->entries, login, 0), check->incoming,
                   check->address);
  expect_username (check, login, value_at (check->entries, login, 1), check->outgoing,
                   check->address);
}

static void
check_mobileconfig (Check *check)
{
  if (g_strcmp0 (plist_value (check, "EmailAddress"), check->address) != 0 ||
      g_strcmp0 (plist_value (check, "EmailAccountName"), check->name) != 0 ||
      g_strcmp0 (plist_value (check, "IncomingMailServerHostName"),
                 colombe_server_get_host (check->incoming)) != 0 ||
      g_strcmp0 (plist_value (check, "OutgoingMailServerHostName"),
                 colombe_server_get_host (check->outgoing)) != 0)
    colombe_fuzz_fail (check->format, "the address, the name or a host does not read back");
  expect_username (check, "IncomingMailServerUsername",
                   plist_value (check, "IncomingMailServerUsername"), check->incoming,
                   check->address);
  expect_username (check, "OutgoingMailServerUsername",
                   plist_value (check, "OutgoingMailServerUsername"), check->outgoing,
                   check->address);
}

static void
check_k9_server (Check         *check,
                 const char    *element,
                 ColombeServer *server)
{
  g_autofree char *base = g_strconcat ("k9settings/accounts/account/", element, NULL);
  g_autofree char *host = g_strconcat (base, "/host", NULL);
  g_autofree char *port = g_strconcat (base, "/port", NULL);
  g_autofree char *user = g_strconcat (base, "/username", NULL);
  g_autofree char *password = g_strconcat (base, "/password", NULL);

  expect (check->format, check->entries, host, 0, colombe_export_android_host (server));
  expect_port (check, port, 0, server);
  expect_username (check, user, value_at (check->entries, user, 0), server, check->address);
  expect (check->format, check->entries, password, 0, check->password);
}

static void
check_k9 (Check *check)
{
  const char *identity = "k9settings/accounts/account/identities/identity";
  g_autofree char *name = g_strconcat (identity, "/name", NULL);
  g_autofree char *email = g_strconcat (identity, "/email", NULL);

  expect (check->format, check->entries, "k9settings/accounts/account/name", 0, check->address);
  expect (check->format, check->entries, name, 0, check->name);
  expect (check->format, check->entries, email, 0, check->address);
  check_k9_server (check, "incoming-server", check->incoming);
  check_k9_server (check, "outgoing-server", check->outgoing);
}

static void
check_thunderbird (Check *check)
{
  const char *server = "mail.server.server_colombe_*";
  const char *smtp = "mail.smtpserver.smtp_colombe_*";
  const char *identity = "mail.identity.id_colombe_*";
  g_autofree char *in_host = g_strconcat (server, ".hostname", NULL);
  g_autofree char *in_user = g_strconcat (server, ".userName", NULL);
  g_autofree char *out_host = g_strconcat (smtp, ".hostname", NULL);
  g_autofree char *out_user = g_strconcat (smtp, ".username", NULL);
  g_autofree char *full_name = g_strconcat (identity, ".fullName", NULL);
  g_autofree char *email = g_strconcat (identity, ".useremail", NULL);

  if (g_strcmp0 (pref_value (check, in_host), colombe_server_get_host (check->incoming)) != 0 ||
      g_strcmp0 (pref_value (check, out_host), colombe_server_get_host (check->outgoing)) != 0 ||
      g_strcmp0 (pref_value (check, full_name), check->name ? check->name : "") != 0 ||
      g_strcmp0 (pref_value (check, email), check->address) != 0)
    colombe_fuzz_fail (check->format, "a host, the name or the address does not read back");
  expect_username (check, in_user, pref_value (check, in_user), check->incoming, check->address);
  if (pref_value (check, out_user) != NULL)
    expect_username (check, out_user, pref_value (check, out_user), check->outgoing,
                     check->address);
}

/* The payload has the ASCII form of a host name, in lower case: the same
 * name for DNS. */
static void
expect_host_ascii (Check         *check,
                   const char    *path,
                   ColombeServer *server)
{
  const char *host = value_at (check->entries, path, 0);
  const char *expected = colombe_export_android_host (server);

  if (host == NULL || g_ascii_strcasecmp (host, expected) != 0)
    colombe_fuzz_fail (check->format, "%s reads back as “%s”, not “%s”", path,
                       host ? host : "(absent)", expected);
}

static void
check_qr_text (Check *check)
{
  expect_host_ascii (check, "/2/1s", check->incoming);
  expect_host_ascii (check, "/3/0/0/1s", check->outgoing);
  expect_username (check, "/2/5s", value_at (check->entries, "/2/5s", 0), check->incoming,
                   check->address);
  expect_username (check, "/3/0/0/5s", value_at (check->entries, "/3/0/0/5s", 0),
                   check->outgoing, check->address);
  expect (check->format, check->entries, "/2/7s", 0, check->password);
  expect (check->format, check->entries, "/3/0/0/6s", 0, check->password);
  expect (check->format, check->entries, "/3/0/1/0s", 0, check->address);
  expect (check->format, check->entries, "/3/0/1/1s", 0, check->name ? check->name : "");
}

static void
check_msmtp (Check *check)
{
  expect (check->format, check->entries, "account", 0, check->address);
  expect (check->format, check->entries, "from", 0, check->address);
  expect (check->format, check->entries, "host", 0, colombe_server_get_host (check->outgoing));
  expect_port (check, "port", 0, check->outgoing);
  if (value_at (check->entries, "user", 0) == NULL)
    return;

  expect_username (check, "user", value_at (check->entries, "user", 0), check->outgoing, NULL);
  expect (check->format, check->entries, "password", 0, check->password);
  if (check->password == NULL)
    expect_lookup (check, value_at (check->entries, "passwordeval", 0), check->outgoing);
}

static void
check_mbsync (Check *check)
{
  expect (check->format, check->entries, "Host/1", 0, colombe_server_get_host (check->incoming));
  expect_port (check, "Port/1", 0, check->incoming);
  expect_username (check, "User/1", value_at (check->entries, "User/1", 0), check->incoming, "");
  expect (check->format, check->entries, "Pass/1", 0, check->password);
  if (check->password == NULL)
    expect_lookup (check, value_at (check->entries, "PassCmd/1", 0), check->incoming);
}

static void
check_password_setting (Check         *check,
                        const char    *value,
                        ColombeServer *server)
{
  if (check->password != NULL && g_strcmp0 (value, check->password) != 0)
    colombe_fuzz_fail (check->format, "the password does not read back");
  if (check->password == NULL)
    expect_command_lookup (check, value, server);
}

static void
check_neomutt (Check *check)
{
  gboolean pop3 = colombe_server_get_protocol (check->incoming) == COLOMBE_PROTOCOL_POP3;
  gboolean login = !g_str_equal (colombe_server_get_auth (check->outgoing), "none");

  expect (check->format, check->entries, "real_name", 0, check->name);
  expect (check->format, check->entries, "from", 0, check->address);
  expect_url (check, value_at (check->entries, pop3 ? "spoolfile" : "folder", 0),
              check->incoming, TRUE, NULL);
  check_password_setting (check, value_at (check->entries, pop3 ? "pop_pass" : "imap_pass", 0),
                          check->incoming);
  expect_url (check, value_at (check->entries, "smtp_url", 0), check->outgoing, login, NULL);
  if (login)
    check_password_setting (check, value_at (check->entries, "smtp_pass", 0), check->outgoing);
}

static void
check_aerc (Check *check)
{
  gboolean login = !g_str_equal (colombe_server_get_auth (check->outgoing), "none");

  expect (check->format, check->entries, "[]", 0, check->address);
  expect_url (check, value_at (check->entries, "source", 0), check->incoming, TRUE,
              check->password);
  expect_url (check, value_at (check->entries, "outgoing", 0), check->outgoing, login,
              check->password);
  if (check->password == NULL)
    expect_lookup (check, value_at (check->entries, "source-cred-cmd", 0), check->incoming);
  if (check->password == NULL && login)
    expect_lookup (check, value_at (check->entries, "outgoing-cred-cmd", 0), check->outgoing);
  expect_mailbox (check, value_at (check->entries, "from", 0));
}

static void
check_evolution_server (Check         *check,
                        guint          file,
                        ColombeServer *server)
{
  g_autofree char *host = g_strdup_printf ("%u:Authentication/Host", file);
  g_autofree char *port = g_strdup_printf ("%u:Authentication/Port", file);
  g_autofree char *user = g_strdup_printf ("%u:Authentication/User", file);
  const char *read = value_at (check->entries, user, 0);

  expect (check->format, check->entries, host, 0, colombe_server_get_host (server));
  expect_port (check, port, 0, server);
  if (read != NULL)
    expect_username (check, user, read, server, NULL);
}

static void
check_evolution (Check *check)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *display_name = g_strdup_printf ("%u:Data Source/DisplayName", i);

      expect (check->format, check->entries, display_name, 0, check->address);
    }
  expect (check->format, check->entries, "1:Mail Identity/Address", 0, check->address);
  expect (check->format, check->entries, "1:Mail Identity/Name", 0,
          check->name ? check->name : "");
  check_evolution_server (check, 0, check->incoming);
  check_evolution_server (check, 2, check->outgoing);
}

static void
check_geary (Check *check)
{
  const char *in_login = value_at (check->entries, "0:Incoming/login", 0);
  const char *out_login = value_at (check->entries, "0:Outgoing/login", 0);

  expect (check->format, check->entries, "0:Incoming/host", 0,
          colombe_server_get_host (check->incoming));
  expect (check->format, check->entries, "0:Outgoing/host", 0,
          colombe_server_get_host (check->outgoing));
  if (in_login != NULL)
    expect_username (check, "Incoming/login", in_login, check->incoming, NULL);
  if (out_login != NULL)
    expect_username (check, "Outgoing/login", out_login, check->outgoing, NULL);
  expect_mailbox (check, value_at (check->entries, "0:Account/sender_mailboxes", 0));
}

void
colombe_fuzz_check_values (const char     *format,
                           GPtrArray      *entries,
                           ColombeAccount *account,
                           const char     *password)
{
  static const struct
  {
    const char *format;
    void      (*check) (Check *check);
  } checks[] = {
    { "outlook", check_outlook }, { "mobileconfig", check_mobileconfig }, { "k9", check_k9 },
    { "thunderbird", check_thunderbird }, { "qr-text", check_qr_text },
    { "msmtp", check_msmtp }, { "mbsync", check_mbsync }, { "neomutt", check_neomutt },
    { "aerc", check_aerc }, { "evolution", check_evolution }, { "geary", check_geary },
  };
  Check check = {
    format, entries, colombe_account_get_address (account), NULL,
    colombe_account_get_name (account), password,
    colombe_account_get_incoming (account), colombe_account_get_outgoing (account),
  };

  check.domain = strrchr (check.address, '@') + 1;
  if (g_str_equal (format, "autoconfig"))
    check_autoconfig (&check, account);
  else if (g_str_equal (format, "qr"))
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (checks); i++)
    if (g_str_equal (checks[i].format, format))
      checks[i].check (&check);
}
