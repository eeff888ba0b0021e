/* colombe-prefs-file.c: a Thunderbird prefs.js, read strictly and written
 * back changed only where a pref was set
 *
 * The grammar is Thunderbird's own (modules/libpref/parser/src/lib.rs):
 *
 *   file  = (space | comment | pref)*
 *   pref  = ("user_pref" | "pref" | "sticky_pref") "(" string "," value ")" ";"
 *   value = string | "true" | "false" | ("+" | "-")? [0-9]+   (a 32-bit int)
 *
 * with "#" and "//" comments to the end of the line, "/" "*" comments,
 * spaces \t \v \f \n \r, and single- or double-quoted strings whose escapes
 * are \" \' \\ \n \r \xHH \uHHHH (\x00 and \u0000 excluded).
 *
 * prefs.js is one of Thunderbird's user files: "pref" and "sticky_pref"
 * are read there (as default values), their attributes ", sticky" and
 * ", locked" only in its default files; in prefs.js they are an error.
 *
 * Thunderbird recovers from a syntax error by skipping to the next ";".
 * We do not: a file it would partly drop, or one with a NUL byte, text
 * that is not UTF-8 or a lone surrogate, is refused whole, so that what
 * we write back is never a guess. Every statement keeps its byte span:
 * writing back copies the bytes read, replaces the statements of the prefs
 * that were set and appends the new ones, one line each.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-prefs-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colombe-prefs-file.h"

typedef struct
{
  char            *name;
  ColombePrefType  type;
  char            *string;
  int              number;   /* an int, or a boolean */
  gssize           start;    /* the statement's bytes in the file read; -1: appended */
  gssize           end;
  char            *text;     /* what replaces them, or the appended line; NULL: as read */
} Pref;

struct _ColombePrefsFile
{
  GObject     parent_instance;

  GBytes     *original;
  gboolean    existed;
  GArray     *prefs;    /* of Pref, in the file's order, then the appended ones */
  GHashTable *last;     /* name -> index + 1 of its last definition */
};

G_DEFINE_FINAL_TYPE (ColombePrefsFile, colombe_prefs_file, G_TYPE_OBJECT)

static void
pref_clear (gpointer data)
{
  Pref *pref = data;

  g_free (pref->name);
  g_free (pref->string);
  g_free (pref->text);
}

static void
colombe_prefs_file_finalize (GObject *object)
{
  ColombePrefsFile *self = COLOMBE_PREFS_FILE (object);

  g_clear_pointer (&self->original, g_bytes_unref);
  g_clear_pointer (&self->prefs, g_array_unref);
  g_clear_pointer (&self->last, g_hash_table_unref);

  G_OBJECT_CLASS (colombe_prefs_file_parent_class)->finalize (object);
}

static void
colombe_prefs_file_class_init (ColombePrefsFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = colombe_prefs_file_finalize;
}

static void
colombe_prefs_file_init (ColombePrefsFile *self)
{
  self->original = g_bytes_new (NULL, 0);
  self->prefs = g_array_new (FALSE, TRUE, sizeof (Pref));
  g_array_set_clear_func (self->prefs, pref_clear);
  self->last = g_hash_table_new (g_str_hash, g_str_equal);
}

ColombePrefsFile *
colombe_prefs_file_new (void)
{
  return g_object_new (COLOMBE_TYPE_PREFS_FILE, NULL);
}

/* Reading -------------------------------------------------------------- */

typedef struct
{
  const char *data;
  gsize       length;
  gsize       i;
  guint       line;
} Scanner;

static int
peek (Scanner *s,
      gsize    ahead)
{
  return s->i + ahead < s->length ? (guchar) s->data[s->i + ahead] : -1;
}

/* The details are for a technical helper reading the message; the first
 * part says what happened in the person's language. */
static gboolean
fail (Scanner     *s,
      const char  *detail,
      GError     **error)
{
  g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_CORRUPT,
               _("Thunderbird's preferences cannot be read safely (line %u: %s)"),
               s->line, detail);
  return FALSE;
}

/* Counts a line break at s->i ("\r\n" once) and steps over one byte. */
static void
advance (Scanner *s)
{
  int c = peek (s, 0);

  if (c == '\n' || (c == '\r' && peek (s, 1) != '\n'))
    s->line++;
  s->i++;
}

static void
skip_line (Scanner *s)
{
  while (s->i < s->length && peek (s, 0) != '\n' && peek (s, 0) != '\r')
    s->i++;
}

static gboolean
skip_space (Scanner  *s,
            GError  **error)
{
  for (;;)
    {
      int c = peek (s, 0);

      if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\n' || c == '\r')
        advance (s);
      else if (c == '#' || (c == '/' && peek (s, 1) == '/'))
        skip_line (s);
      else if (c == '/' && peek (s, 1) == '*')
        {
          s->i += 2;
          while (!(peek (s, 0) == '*' && peek (s, 1) == '/'))
            {
              if (s->i >= s->length)
                return fail (s, "unterminated comment", error);
              advance (s);
            }
          s->i += 2;
        }
      else
        return TRUE;
    }
}

static gboolean
is_word_char (int c)
{
  return c >= 0 && (g_ascii_isalnum (c) || c == '_');
}

/* A keyword, or NULL when none starts here. */
static char *
read_word (Scanner *s)
{
  gsize start = s->i;

  if (!is_word_char (peek (s, 0)) || g_ascii_isdigit (peek (s, 0)))
    return NULL;
  while (is_word_char (peek (s, 0)))
    s->i++;

  return g_strndup (s->data + start, s->i - start);
}

static gboolean
expect (Scanner     *s,
        char         c,
        const char  *detail,
        GError     **error)
{
  if (!skip_space (s, error))
    return FALSE;
  if (peek (s, 0) != (guchar) c)
    return fail (s, detail, error);
  s->i++;
  return TRUE;
}

static gboolean
read_hex (Scanner  *s,
          guint     digits,
          guint    *value)
{
  *value = 0;
  for (guint k = 0; k < digits; k++)
    {
      int c = peek (s, 0);

      if (c < 0 || !g_ascii_isxdigit (c))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (c);
      s->i++;
    }

  return TRUE;
}

/* After "\u": one UTF-16 code unit, or a surrogate pair in two escapes. */
static gboolean
read_unicode_escape (Scanner  *s,
                     GString  *out)
{
  guint unit;
  guint low;

  if (!read_hex (s, 4, &unit) || unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    return FALSE;
  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      if (peek (s, 0) != '\\' || peek (s, 1) != 'u')
        return FALSE;
      s->i += 2;
      if (!read_hex (s, 4, &low) || low < 0xdc00 || low > 0xdfff)
        return FALSE;
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
    }
  g_string_append_unichar (out, unit);

  return TRUE;
}

static gboolean
read_escape (Scanner *s,
             GString *out)
{
  int c = peek (s, 0);
  guint byte;

  s->i++;
  switch (c)
    {
    case '"':
    case '\'':
    case '\\':
      g_string_append_c (out, c);
      return TRUE;
    case 'n':
      g_string_append_c (out, '\n');
      return TRUE;
    case 'r':
      g_string_append_c (out, '\r');
      return TRUE;
    case 'x':
      if (!read_hex (s, 2, &byte) || byte == 0)
        return FALSE;
      g_string_append_c (out, byte);
      return TRUE;
    case 'u':
      return read_unicode_escape (s, out);
    default:
      return FALSE;
    }
}

/* A string literal at s->i, decoded; it must decode to UTF-8 (a "\xHH"
 * above 0x7f may not). */
static char *
read_string (Scanner  *s,
             GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int quote = peek (s, 0);

  s->i++;
  for (;;)
    {
      int c = peek (s, 0);

      if (c < 0)
        return fail (s, "unterminated string", error), NULL;
      if (c == quote)
        break;
      if (c == '\\')
        {
          s->i++;
          if (!read_escape (s, out))
            return fail (s, "bad escape sequence", error), NULL;
          continue;
        }
      g_string_append_c (out, c);
      advance (s);
    }
  s->i++;

  if (!g_utf8_validate_len (out->str, out->len, NULL))
    return fail (s, "string escapes that are not UTF-8", error), NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
read_int (Scanner  *s,
          Pref     *pref,
          GError  **error)
{
  gboolean negative = FALSE;
  guint64 value = 0;

  if (peek (s, 0) == '+' || peek (s, 0) == '-')
    {
      negative = peek (s, 0) == '-';
      s->i++;
      if (!skip_space (s, error))
        return FALSE;
    }
  if (peek (s, 0) < 0 || !g_ascii_isdigit (peek (s, 0)))
    return fail (s, "a number expected", error);
  while (peek (s, 0) >= 0 && g_ascii_isdigit (peek (s, 0)))
    {
      value = value * 10 + (peek (s, 0) - '0');
      if (value > (guint64) G_MAXINT32 + 1)
        return fail (s, "number out of range", error);
      s->i++;
    }
  if (is_word_char (peek (s, 0)))
    return fail (s, "a number followed by a letter", error);
  if (!negative && value > G_MAXINT32)
    return fail (s, "number out of range", error);

  pref->type = COLOMBE_PREF_INT;
  pref->number = negative ? (int) (-(gint64) value) : (int) value;
  return TRUE;
}

static gboolean
read_value (Scanner  *s,
            Pref     *pref,
            GError  **error)
{
  g_autofree char *word = NULL;
  int c;

  if (!skip_space (s, error))
    return FALSE;
  c = peek (s, 0);
  if (c == '"' || c == '\'')
    {
      pref->string = read_string (s, error);
      pref->type = COLOMBE_PREF_STRING;
      return pref->string != NULL;
    }
  if (c == '+' || c == '-' || (c >= 0 && g_ascii_isdigit (c)))
    return read_int (s, pref, error);

  word = read_word (s);
  if (g_strcmp0 (word, "true") != 0 && g_strcmp0 (word, "false") != 0)
    return fail (s, "a value expected", error);
  pref->type = COLOMBE_PREF_BOOL;
  pref->number = word[0] == 't';
  return TRUE;
}

/* ", sticky" or ", locked": Thunderbird drops such a statement from
 * prefs.js. */
static gboolean
refuse_attributes (Scanner  *s,
                   GError  **error)
{
  if (!skip_space (s, error))
    return FALSE;
  if (peek (s, 0) == ',')
    return fail (s, "an attribute, which Thunderbird reads only in its default files", error);
  return TRUE;
}

static gboolean
read_pref (Scanner  *s,
           Pref     *pref,
           GError  **error)
{
  g_autofree char *keyword = NULL;

  pref->start = s->i;
  keyword = read_word (s);
  if (g_strcmp0 (keyword, "user_pref") != 0 && g_strcmp0 (keyword, "pref") != 0 &&
      g_strcmp0 (keyword, "sticky_pref") != 0)
    return fail (s, "user_pref expected", error);
  if (!expect (s, '(', "\"(\" expected", error) || !skip_space (s, error))
    return FALSE;
  if (peek (s, 0) != '"' && peek (s, 0) != '\'')
    return fail (s, "a pref name expected", error);
  pref->name = read_string (s, error);
  if (pref->name == NULL ||
      !expect (s, ',', "\",\" expected", error) ||
      !read_value (s, pref, error) ||
      !refuse_attributes (s, error) ||
      !expect (s, ')', "\")\" expected", error) ||
      !expect (s, ';', "\";\" expected", error))
    return FALSE;
  pref->end = s->i;

  return TRUE;
}

static void
add_pref (ColombePrefsFile *self,
          Pref             *pref)
{
  g_array_append_val (self->prefs, *pref);
  g_hash_table_insert (self->last, g_array_index (self->prefs, Pref, self->prefs->len - 1).name,
                       GUINT_TO_POINTER (self->prefs->len));
}

ColombePrefsFile *
colombe_prefs_file_new_from_data (const char  *data,
                                  gsize        length,
                                  GError     **error)
{
  g_autoptr(ColombePrefsFile) self = colombe_prefs_file_new ();
  Scanner s = { data, length, 0, 1 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0)
    data = "";
  if (memchr (data, '\0', length) != NULL)
    return fail (&s, "a NUL byte", error), NULL;
  if (!g_utf8_validate_len (data, length, NULL))
    return fail (&s, "not UTF-8", error), NULL;

  for (;;)
    {
      Pref pref = { NULL, COLOMBE_PREF_NONE, NULL, 0, -1, -1, NULL };

      if (!skip_space (&s, error))
        return NULL;
      if (s.i >= s.length)
        break;
      if (!read_pref (&s, &pref, error))
        {
          pref_clear (&pref);
          return NULL;
        }
      add_pref (self, &pref);
    }

  g_bytes_unref (self->original);
  self->original = g_bytes_new (data, length);
  self->existed = TRUE;

  return g_steal_pointer (&self);
}

ColombePrefsFile *
colombe_prefs_file_new_for_path (const char  *path,
                                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return colombe_prefs_file_new ();
      g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED,
                   _("Thunderbird's preferences cannot be read: %s"), local_error->message);
      return NULL;
    }

  return colombe_prefs_file_new_from_data (data, length, error);
}

/* Looking up ------------------------------------------------------------ */

static Pref *
lookup (ColombePrefsFile *self,
        const char       *name)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->last, name));

  return index > 0 ? &g_array_index (self->prefs, Pref, index - 1) : NULL;
}

ColombePrefType
colombe_prefs_file_get_pref_type (ColombePrefsFile *self,
                                  const char       *name)
{
  Pref *pref;

  g_return_val_if_fail (COLOMBE_IS_PREFS_FILE (self), COLOMBE_PREF_NONE);
  g_return_val_if_fail (name != NULL, COLOMBE_PREF_NONE);

  pref = lookup (self, name);
  return pref != NULL ? pref->type : COLOMBE_PREF_NONE;
}

const char *
colombe_prefs_file_get_string (ColombePrefsFile *self,
                               const char       *name)
{
  Pref *pref;

  g_return_val_if_fail (COLOMBE_IS_PREFS_FILE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  pref = lookup (self, name);
  return pref != NULL && pref->type == COLOMBE_PREF_STRING ? pref->string : NULL;
}

static gboolean
get_number (ColombePrefsFile *self,
            const char       *name,
            ColombePrefType   type,
            int              *value)
{
  Pref *pref = lookup (self, name);

  if (pref == NULL || pref->type != type)
    return FALSE;
  *value = pref->number;
  return TRUE;
}

gboolean
colombe_prefs_file_get_int (ColombePrefsFile *self,
                            const char       *name,
                            int              *value)
{
  g_return_val_if_fail (COLOMBE_IS_PREFS_FILE (self), FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  return get_number (self, name, COLOMBE_PREF_INT, value);
}

gboolean
colombe_prefs_file_get_bool (ColombePrefsFile *self,
                             const char       *name,
                             gboolean         *value)
{
  int number;

  g_return_val_if_fail (COLOMBE_IS_PREFS_FILE (self), FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  if (!get_number (self, name, COLOMBE_PREF_BOOL, &number))
    return FALSE;
  *value = number != 0;
  return TRUE;
}

char **
colombe_prefs_file_dup_names (ColombePrefsFile *self,
                              const char       *prefix)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (COLOMBE_IS_PREFS_FILE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  for (guint i = 0; i < self->prefs->len; i++)
    {
      const char *name = g_array_index (self->prefs, Pref, i).name;

      if (g_str_has_prefix (name, prefix) && g_hash_table_add (seen, (gpointer) name))
        g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

/* Setting --------------------------------------------------------------- */

void
colombe_prefs_append_string_literal (GString    *out,
                                     const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* The statement for @pref's value, always a user_pref. */
static char *
dup_statement (const Pref *pref)
{
  GString *out = g_string_new ("user_pref(");

  colombe_prefs_append_string_literal (out, pref->name);
  g_string_append (out, ", ");
  switch (pref->type)
    {
    case COLOMBE_PREF_STRING:
      colombe_prefs_append_string_literal (out, pref->string);
      break;
    case COLOMBE_PREF_INT:
      g_string_append_printf (out, "%d", pref->number);
      break;
    case COLOMBE_PREF_BOOL:
      g_string_append (out, pref->number ? "true" : "false");
      break;
    case COLOMBE_PREF_NONE:
    default:
      g_assert_not_reached ();
    }
  g_string_append (out, ");");

  return g_string_free (out, FALSE);
}

static void
set_value (ColombePrefsFile *self,
           const char       *name,
           ColombePrefType   type,
           const char       *string,
           int               number)
{
  Pref *pref = lookup (self, name);

  if (pref == NULL)
    {
      Pref added = { g_strdup (name), COLOMBE_PREF_NONE, NULL, 0, -1, -1, NULL };

      add_pref (self, &added);
      pref = lookup (self, name);
    }

  pref->type = type;
  g_free (pref->string);
  pref->string = g_strdup (string);
  pref->number = number;
  g_free (pref->text);
  pref->text = dup_statement (pref);
}

void
colombe_prefs_file_set_string (ColombePrefsFile *self,
                               const char       *name,
                               const char       *value)
{
  g_return_if_fail (COLOMBE_IS_PREFS_FILE (self));
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));
  g_return_if_fail (value != NULL && g_utf8_validate (value, -1, NULL));

  set_value (self, name, COLOMBE_PREF_STRING, value, 0);
}

void
colombe_prefs_file_set_int (ColombePrefsFile *self,
                            const char       *name,
                            int               value)
{
  g_return_if_fail (COLOMBE_IS_PREFS_FILE (self));
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));

  set_value (self, name, COLOMBE_PREF_INT, NULL, value);
}

void
colombe_prefs_file_set_bool (ColombePrefsFile *self,
                             const char       *name,
                             gboolean          value)
{
  g_return_if_fail (COLOMBE_IS_PREFS_FILE (self));
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));

  set_value (self, name, COLOMBE_PREF_BOOL, NULL, value != FALSE);
}

/* Writing --------------------------------------------------------------- */

GBytes *
colombe_prefs_file_to_bytes (ColombePrefsFile *self)
{
  gsize length;
  const char *data;
  GString *out;
  gsize pos = 0;
  gboolean appended = FALSE;

  g_return_val_if_fail (COLOMBE_IS_PREFS_FILE (self), NULL);

  data = g_bytes_get_data (self->original, &length);
  if (data == NULL)
    data = "";
  out = g_string_sized_new (length + 1024);
  for (guint i = 0; i < self->prefs->len; i++)
    {
      Pref *pref = &g_array_index (self->prefs, Pref, i);

      if (pref->start < 0 || pref->text == NULL)
        continue;
      g_string_append_len (out, data + pos, pref->start - pos);
      g_string_append (out, pref->text);
      pos = pref->end;
    }
  g_string_append_len (out, data + pos, length - pos);

  for (guint i = 0; i < self->prefs->len; i++)
    {
      Pref *pref = &g_array_index (self->prefs, Pref, i);

      if (pref->start >= 0)
        continue;
      /* a last line without its line break may be a comment */
      if (!appended && out->len > 0 && out->str[out->len - 1] != '\n' &&
          out->str[out->len - 1] != '\r')
        g_string_append_c (out, '\n');
      appended = TRUE;
      g_string_append (out, pref->text);
      g_string_append_c (out, '\n');
    }

  return g_string_free_to_bytes (out);
}

static gboolean
set_failed (GError     **error,
            const char  *path,
            int          saved_errno)
{
  g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED,
               _("Thunderbird's preferences cannot be written (%s): %s"), path,
               g_strerror (saved_errno));
  return FALSE;
}

/* A new file, never over an existing one. */
static gboolean
write_new_file (const char  *path,
                GBytes      *bytes,
                int          mode,
                GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

  if (fd < 0)
    return set_failed (error, path, errno);
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int saved = errno;

          close (fd);
          g_unlink (path);
          return set_failed (error, path, saved);
        }
      data += written;
      length -= written;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    return set_failed (error, path, errno);

  return TRUE;
}

/* prefs.js.colombe-YYYYMMDD-HHMMSS, or -2… within the same second */
static char *
backup (ColombePrefsFile  *self,
        const char        *path,
        int                mode,
        GError           **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint n = 1; n < 100; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup_printf ("%s.colombe-%s", path, stamp)
                                     : g_strdup_printf ("%s.colombe-%s-%u", path, stamp, n);
      g_autoptr(GError) local_error = NULL;

      if (write_new_file (name, self->original, mode, &local_error))
        return g_steal_pointer (&name);
      if (!g_file_test (name, G_FILE_TEST_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  set_failed (error, path, EEXIST);
  return NULL;
}

/* Thunderbird may have started, or saved, since we read the file. */
static gboolean
is_unchanged (ColombePrefsFile *self,
              const char       *path)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GBytes) now = NULL;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return !self->existed && !g_file_test (path, G_FILE_TEST_EXISTS);
  now = g_bytes_new_take (g_steal_pointer (&data), length);

  return self->existed && g_bytes_equal (now, self->original);
}

gboolean
colombe_prefs_file_save (ColombePrefsFile  *self,
                         const char        *path,
                         char             **backup_path,
                         GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;
  int mode = 0600;
  gsize length;
  const char *data;

  g_return_val_if_fail (COLOMBE_IS_PREFS_FILE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!is_unchanged (self, path))
    {
      g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED,
                   _("Thunderbird's preferences changed while the account was being added"));
      return FALSE;
    }
  if (self->existed && g_stat (path, &info) == 0)
    mode = info.st_mode & 07777;

  if (self->existed && (copy = backup (self, path, mode, error)) == NULL)
    return FALSE;

  bytes = colombe_prefs_file_to_bytes (self);
  data = g_bytes_get_data (bytes, &length);
  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 mode, &local_error))
    {
      g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED,
                   _("Thunderbird's preferences cannot be written: %s"), local_error->message);
      return FALSE;
    }

  if (backup_path != NULL)
    *backup_path = g_steal_pointer (&copy);
  return TRUE;
}
