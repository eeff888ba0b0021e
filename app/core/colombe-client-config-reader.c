/* colombe-client-config-reader.c: reads a Thunderbird clientConfig v1.1 document
 *
 * GMarkup does the XML: it knows only the five predefined entities and never
 * fetches anything, and a <!DOCTYPE> is refused outright, so an entity bomb
 * or an external entity ends in an error at once. The rules table below
 * says which element may appear where; anything else is skipped with its
 * whole subtree, as Thunderbird does.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-client-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "colombe-client-config.h"
#include "colombe-field.h"

#define UTF8_BOM "\xEF\xBB\xBF"

typedef enum
{
  EL_DOCUMENT,          /* before the root element */
  EL_CLIENT_CONFIG,
  EL_EMAIL_PROVIDER,
  EL_SERVER,
  EL_POP3,
  EL_DOCUMENTATION,
  EL_ENABLE,
  EL_OAUTH2,
  EL_WEBMAIL,
  EL_X_COLOMBE,
  EL_SIGN_IN_HELP,      /* <sign-in-help> and <switch> of <x-colombe> */
  EL_TEXT,              /* a leaf whose text is the value */
  EL_EMPTY,             /* a leaf whose attributes are the value */
  EL_PASSWORD,          /* a leaf whose text is never kept */
} Element;

typedef struct _Reader Reader;
typedef struct _Rule Rule;

typedef gboolean (*StartFunc) (Reader      *reader,
                               const char **names,
                               const char **values,
                               GError     **error);
typedef gboolean (*EndFunc)   (Reader      *reader,
                               const char  *text,
                               GError     **error);

struct _Rule
{
  Element     parent;
  const char *name;
  Element     element;
  StartFunc   start;
  EndFunc     end;
};

struct _Reader
{
  ColombeClientConfig *config;
  GMarkupParseContext *context;
  const char          *where;
  const char          *data;
  gsize                size;
  GArray              *newlines;        /* gsize offsets of '\n', built when needed */

  GPtrArray           *stack;           /* const Rule *, the open known elements */
  guint                skip_depth;      /* > 0 inside an ignored subtree */
  GString             *text;
  int                  raw_line;        /* GMarkup's position of the innermost known element */
  int                  raw_column;
  const char          *element_name;
  guint                n_warnings;
  gboolean             seen_root;
  gboolean             seen_provider;
  gboolean             password_seen;

  /* The server being read, and what it has said so far. */
  ColombeServer       *server;
  gboolean             server_incoming;
  int                  server_raw_line;
  int                  server_raw_column;
  gboolean             has_host;
  gboolean             has_port;
  gboolean             has_security;
  gboolean             has_username;
  gboolean             has_pop3;
  ColombePop3Options   pop3;
  int                  add_this_server;
  int                  use_global_preferred_server;

  ColombeHelpLink     *link;            /* <documentation>, <enable>, <sign-in-help> or <switch> */
  ColombeProtocol      switch_protocol; /* of the <switch> being read */
  char                *text_lang;       /* lang of its <descr>/<instruction> */
  ColombeOAuth2       *oauth2;
};

/* Types Thunderbird knows for other protocols (Exchange and Microsoft's
 * web services): not for Colombe, but not a mistake in the document. */
static const char * const other_server_types[] = { "exchange", "ews", "owa", "graph" };

/* Locations. GMarkup counts bytes and, after the first line, counts the
 * '\n' itself as column 1; its start_element comes once the tag is read.
 * Messages name the start of the element, in characters, like a compiler. */

#define MAX_READER_WARNINGS 32

static gsize
n_newlines_before (Reader *reader,
                   gsize   offset)
{
  gsize low = 0;
  gsize high;

  if (reader->newlines == NULL)
    {
      reader->newlines = g_array_new (FALSE, FALSE, sizeof (gsize));
      for (gsize i = 0; i < reader->size; i++)
        if (reader->data[i] == '\n')
          g_array_append_val (reader->newlines, i);
    }

  high = reader->newlines->len;
  while (low < high)
    {
      gsize middle = (low + high) / 2;

      if (g_array_index (reader->newlines, gsize, middle) < offset)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static gsize
raw_to_offset (Reader *reader,
               int     raw_line,
               int     raw_column)
{
  gsize offset = raw_column > 0 ? raw_column - 1 : 0;

  /* Builds the table of newlines on first use. */
  n_newlines_before (reader, 0);

  if (raw_line >= 2 && (guint) raw_line - 2 < reader->newlines->len)
    offset += g_array_index (reader->newlines, gsize, raw_line - 2);

  return MIN (offset, reader->size);
}

static void
offset_to_position (Reader *reader,
                    gsize   offset,
                    int    *line,
                    int    *column)
{
  gsize n = n_newlines_before (reader, offset);
  gsize line_start = n == 0 ? 0 : g_array_index (reader->newlines, gsize, n - 1) + 1;

  *line = n + 1;
  *column = g_utf8_strlen (reader->data + line_start, offset - line_start) + 1;
}

/* The '<' that opens @name, at or before GMarkup's position. */
static gsize
element_offset (Reader     *reader,
                int         raw_line,
                int         raw_column,
                const char *name)
{
  gsize offset = raw_to_offset (reader, raw_line, raw_column);
  gsize length = strlen (name);

  if (reader->size == 0)
    return 0;

  for (gsize i = MIN (offset, reader->size - 1) + 1; i-- > 0;)
    if (reader->data[i] == '<' && i + 1 + length <= reader->size &&
        memcmp (reader->data + i + 1, name, length) == 0)
      return i;

  return offset;
}

static gsize
current_offset (Reader *reader)
{
  int raw_line;
  int raw_column;

  g_markup_parse_context_get_position (reader->context, &raw_line, &raw_column);
  return raw_to_offset (reader, raw_line, raw_column);
}

static char *
location (Reader *reader,
          gsize   offset)
{
  int line;
  int column;

  offset_to_position (reader, offset, &line, &column);
  return g_strdup_printf ("%s:%d:%d", reader->where, line, column);
}

static gboolean
reader_error (Reader     *reader,
              GError    **error,
              int         code,
              gsize       offset,
              const char *format,
              ...) G_GNUC_PRINTF (5, 6);

static gboolean
reader_error (Reader     *reader,
              GError    **error,
              int         code,
              gsize       offset,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *where = location (reader, offset);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* GMarkup may quote the invalid bytes it found, and a value may hold a
   * line break or a terminal's escape: a message stays one line of UTF-8. */
  valid = colombe_field_dup_shown (message);
  g_set_error (error, COLOMBE_CLIENT_CONFIG_ERROR, code, "%s: %s", where, valid);
  return FALSE;
}

#define innermost_offset(reader) \
  element_offset ((reader), (reader)->raw_line, (reader)->raw_column, (reader)->element_name)

/* A value error points at the element that holds the value. */
#define invalid(reader, error, ...) \
  reader_error ((reader), (error), COLOMBE_CLIENT_CONFIG_ERROR_INVALID, \
                innermost_offset (reader), __VA_ARGS__)

static void
reader_warning (Reader     *reader,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

/* A hostile document could repeat a remark a million times: keep a few. */
static void
reader_warning (Reader     *reader,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  g_autofree char *where = NULL;
  g_autofree char *warning = NULL;
  va_list args;

  if (++reader->n_warnings > MAX_READER_WARNINGS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  where = location (reader, innermost_offset (reader));
  warning = g_strdup_printf ("%s: %s", where, message);
  colombe_client_config_add_reader_warning (reader->config, warning);
}

static const char *
attribute (const char **names,
           const char **values,
           const char  *name)
{
  for (gsize i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];

  return NULL;
}

static gboolean
parse_boolean (Reader     *reader,
               const char *name,
               const char *text,
               int        *value,
               GError    **error)
{
  if (g_ascii_strcasecmp (text, "true") == 0)
    *value = 1;
  else if (g_ascii_strcasecmp (text, "false") == 0)
    *value = 0;
  else
    return invalid (reader, error, _("<%s> must be “true” or “false”, not “%s”"), name, text);

  return TRUE;
}

static gboolean
parse_number (Reader     *reader,
              const char *name,
              const char *text,
              guint64     min,
              guint64     max,
              int        *value,
              GError    **error)
{
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    return invalid (reader, error,
                    /* Plain %lu: gettext cannot see through G_GUINT64_FORMAT. */
                    _("<%s> must be a whole number from %lu to %lu, not “%s”"),
                    name, (gulong) min, (gulong) max, text ? text : "");

  *value = number;
  return TRUE;
}

/* <clientConfig> and <emailProvider> */

static gboolean
end_client_config (Reader     *reader,
                   const char *text,
                   GError    **error)
{
  if (reader->seen_provider)
    return TRUE;

  return reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG,
                       current_offset (reader), _("<clientConfig> has no <emailProvider>"));
}

/* The model's gate (colombe-field.c), with the element named. */
static gboolean
check_value (Reader        *reader,
             ColombeField   field,
             const char    *text,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (colombe_field_check_template (field, text, &local_error))
    return TRUE;

  return invalid (reader, error, "<%s> %s", reader->element_name, local_error->message);
}

static gboolean
start_email_provider (Reader      *reader,
                      const char **names,
                      const char **values,
                      GError     **error)
{
  const char *id = attribute (names, values, "id");

  if (reader->seen_provider)
    {
      /* Thunderbird reads the first provider only; so do we. */
      reader->skip_depth = 1;
      reader_warning (reader, _("only the first <emailProvider> is read; this one is ignored"));
      return TRUE;
    }

  reader->seen_provider = TRUE;
  if (id != NULL && id[0] != '\0')
    {
      g_autoptr(GError) local_error = NULL;

      if (!colombe_field_check (COLOMBE_FIELD_NAME, id, &local_error))
        return invalid (reader, error, "<emailProvider id> %s", local_error->message);
      colombe_client_config_set_id (reader->config, id);
    }

  return TRUE;
}

static gboolean
end_domain (Reader     *reader,
            const char *text,
            GError    **error)
{
  if (!check_value (reader, COLOMBE_FIELD_NAME, text, error))
    return FALSE;

  if (text[0] != '\0')
    colombe_client_config_add_domain (reader->config, text);

  return TRUE;
}

static gboolean
end_display_name (Reader     *reader,
                  const char *text,
                  GError    **error)
{
  if (!check_value (reader, COLOMBE_FIELD_NAME, text, error))
    return FALSE;

  if (text[0] != '\0' && colombe_client_config_get_display_name (reader->config) == NULL)
    colombe_client_config_set_display_name (reader->config, text);

  return TRUE;
}

static gboolean
end_display_short_name (Reader     *reader,
                        const char *text,
                        GError    **error)
{
  if (!check_value (reader, COLOMBE_FIELD_NAME, text, error))
    return FALSE;

  if (text[0] != '\0' && colombe_client_config_get_display_short_name (reader->config) == NULL)
    colombe_client_config_set_display_short_name (reader->config, text);

  return TRUE;
}

/* <incomingServer> and <outgoingServer> */

static gboolean
server_protocol (Reader          *reader,
                 gboolean         incoming,
                 const char      *type,
                 ColombeProtocol *protocol,
                 GError         **error)
{
  const char *element = incoming ? "incomingServer" : "outgoingServer";

  if (type == NULL)
    return invalid (reader, error, _("<%s> has no type"), element);

  if (incoming && colombe_protocol_from_string (type, protocol) &&
      *protocol != COLOMBE_PROTOCOL_SMTP)
    return TRUE;

  if (!incoming && g_ascii_strcasecmp (type, "smtp") == 0)
    {
      *protocol = COLOMBE_PROTOCOL_SMTP;
      return TRUE;
    }

  return invalid (reader, error, incoming ?
                  _("<%s> has the unknown type “%s” (“imap” or “pop3” expected)") :
                  _("<%s> has the unknown type “%s” (“smtp” expected)"),
                  element, type);
}

static gboolean
is_other_server_type (const char *type)
{
  for (gsize i = 0; type != NULL && i < G_N_ELEMENTS (other_server_types); i++)
    if (g_ascii_strcasecmp (type, other_server_types[i]) == 0)
      return TRUE;

  return FALSE;
}

static void
reset_server (Reader *reader)
{
  g_clear_object (&reader->server);
  reader->has_host = reader->has_port = reader->has_security = FALSE;
  reader->has_username = reader->has_pop3 = FALSE;
  reader->pop3 = (ColombePop3Options) { -1, -1, -1, -1 };
  reader->add_this_server = reader->use_global_preferred_server = -1;
}

static gboolean
start_server (Reader      *reader,
              gboolean     incoming,
              const char **names,
              const char **values,
              GError     **error)
{
  const char *type = attribute (names, values, "type");
  ColombeProtocol protocol;

  if (is_other_server_type (type))
    {
      g_debug ("%s: skipping a server of type %s", reader->where, type);
      reader->skip_depth = 1;
      return TRUE;
    }

  if (!server_protocol (reader, incoming, type, &protocol, error))
    return FALSE;

  reset_server (reader);
  reader->server = colombe_server_new (protocol, NULL, 0, COLOMBE_SECURITY_TLS);
  reader->server_incoming = incoming;
  reader->server_raw_line = reader->raw_line;
  reader->server_raw_column = reader->raw_column;

  return TRUE;
}

static gboolean
start_incoming (Reader      *reader,
                const char **names,
                const char **values,
                GError     **error)
{
  return start_server (reader, TRUE, names, values, error);
}

static gboolean
start_outgoing (Reader      *reader,
                const char **names,
                const char **values,
                GError     **error)
{
  return start_server (reader, FALSE, names, values, error);
}

static gboolean
check_server_complete (Reader  *reader,
                       GError **error)
{
  const char *element = reader->server_incoming ? "incomingServer" : "outgoingServer";
  const char *missing = NULL;

  if (!reader->has_host)
    missing = "hostname";
  else if (!reader->has_port)
    missing = "port";
  else if (!reader->has_security)
    missing = "socketType";

  if (missing == NULL)
    return TRUE;

  return reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_INVALID,
                       element_offset (reader, reader->server_raw_line,
                                       reader->server_raw_column, element),
                       _("<%s> has no <%s>"), element, missing);
}

static gboolean
end_server (Reader     *reader,
            const char *text,
            GError    **error)
{
  ColombeClientConfig *config = reader->config;
  ColombeServer *server = reader->server;

  /* A skipped server (another protocol) leaves nothing to finish. */
  if (server == NULL)
    return TRUE;

  if (!check_server_complete (reader, error))
    return FALSE;

  if (reader->server_incoming)
    {
      colombe_client_config_add_incoming (config, server);
      if (reader->has_pop3)
        colombe_client_config_set_pop3_options (config, server, &reader->pop3);
    }
  else
    {
      colombe_client_config_add_outgoing (config, server);
      colombe_client_config_set_outgoing_flags (config, server, reader->add_this_server,
                                                reader->use_global_preferred_server);
    }

  reset_server (reader);
  return TRUE;
}

static gboolean
end_hostname (Reader     *reader,
              const char *text,
              GError    **error)
{
  if (reader->has_host)
    return TRUE;

  /* It may carry a placeholder (mail.%EMAILDOMAIN%). */
  if (!check_value (reader, COLOMBE_FIELD_HOST, text, error))
    return FALSE;

  colombe_server_set_host (reader->server, text);
  reader->has_host = TRUE;
  return TRUE;
}

static gboolean
end_port (Reader     *reader,
          const char *text,
          GError    **error)
{
  int port;

  if (reader->has_port)
    return TRUE;

  if (!parse_number (reader, "port", text, 1, 65535, &port, error))
    return FALSE;

  colombe_server_set_port (reader->server, port);
  reader->has_port = TRUE;
  return TRUE;
}

static gboolean
end_socket_type (Reader     *reader,
                 const char *text,
                 GError    **error)
{
  ColombeSecurity security;
  const char *canonical;

  if (reader->has_security)
    return TRUE;

  if (!colombe_security_from_socket_type (text, &security))
    return invalid (reader, error,
                    _("<socketType> must be “SSL”, “STARTTLS” or “plain”, not “%s”"), text);

  /* We read "ssl" as "SSL"; Thunderbird's reader does not. */
  canonical = colombe_security_to_socket_type (security);
  if (strcmp (text, canonical) != 0)
    reader_warning (reader, _("socketType “%s” should be written “%s”; other programs will "
                              "not read it"), text, canonical);

  colombe_server_set_security (reader->server, security);
  reader->has_security = TRUE;
  return TRUE;
}

static gboolean
end_username (Reader     *reader,
              const char *text,
              GError    **error)
{
  if (reader->has_username || text[0] == '\0')
    return TRUE;

  if (!check_value (reader, COLOMBE_FIELD_USERNAME, text, error))
    return FALSE;

  colombe_server_set_username_template (reader->server, text);
  reader->has_username = TRUE;
  return TRUE;
}

/* Kept as written, deprecated and unknown names included: the checks name them. */
static gboolean
end_authentication (Reader     *reader,
                    const char *text,
                    GError    **error)
{
  if (text[0] != '\0')
    colombe_server_add_auth_method (reader->server, text);

  return TRUE;
}

/* <pop3> of an incoming server, <addThisServer> of an outgoing one */

static gboolean
start_pop3 (Reader      *reader,
            const char **names,
            const char **values,
            GError     **error)
{
  if (reader->server_incoming)
    reader->has_pop3 = TRUE;
  else
    reader->skip_depth = 1;

  return TRUE;
}

static gboolean
end_leave_messages (Reader     *reader,
                    const char *text,
                    GError    **error)
{
  return parse_boolean (reader, "leaveMessagesOnServer", text,
                        &reader->pop3.leave_messages_on_server, error);
}

static gboolean
end_download_on_biff (Reader     *reader,
                      const char *text,
                      GError    **error)
{
  return parse_boolean (reader, "downloadOnBiff", text, &reader->pop3.download_on_biff, error);
}

static gboolean
end_days_to_leave (Reader     *reader,
                   const char *text,
                   GError    **error)
{
  return parse_number (reader, "daysToLeaveMessagesOnServer", text, 0, 36500,
                       &reader->pop3.days_to_leave_messages_on_server, error);
}

static gboolean
start_check_interval (Reader      *reader,
                      const char **names,
                      const char **values,
                      GError     **error)
{
  return parse_number (reader, "checkInterval minutes", attribute (names, values, "minutes"),
                       1, 525600, &reader->pop3.check_interval_minutes, error);
}

static gboolean
start_outgoing_only (Reader      *reader,
                     const char **names,
                     const char **values,
                     GError     **error)
{
  if (reader->server_incoming)
    reader->skip_depth = 1;

  return TRUE;
}

static gboolean
end_add_this_server (Reader     *reader,
                     const char *text,
                     GError    **error)
{
  return parse_boolean (reader, "addThisServer", text, &reader->add_this_server, error);
}

static gboolean
end_use_global_preferred_server (Reader     *reader,
                                 const char *text,
                                 GError    **error)
{
  return parse_boolean (reader, "useGlobalPreferredServer", text,
                        &reader->use_global_preferred_server, error);
}

/* <documentation url> and <enable visiturl> with their texts */

static gboolean
start_documentation (Reader      *reader,
                     const char **names,
                     const char **values,
                     GError     **error)
{
  reader->link = colombe_help_link_new (attribute (names, values, "url"));
  return TRUE;
}

static gboolean
end_documentation (Reader     *reader,
                   const char *text,
                   GError    **error)
{
  colombe_client_config_add_documentation (reader->config, g_steal_pointer (&reader->link));
  return TRUE;
}

static gboolean
start_enable (Reader      *reader,
              const char **names,
              const char **values,
              GError     **error)
{
  /* The first <enable> is the one Thunderbird shows. */
  if (colombe_client_config_get_enable (reader->config) != NULL)
    {
      reader->skip_depth = 1;
      return TRUE;
    }

  reader->link = colombe_help_link_new (attribute (names, values, "visiturl"));
  return TRUE;
}

static gboolean
end_enable (Reader     *reader,
            const char *text,
            GError    **error)
{
  colombe_client_config_set_enable (reader->config, g_steal_pointer (&reader->link));
  return TRUE;
}

static gboolean
start_help_text (Reader      *reader,
                 const char **names,
                 const char **values,
                 GError     **error)
{
  g_free (reader->text_lang);
  reader->text_lang = g_strdup (attribute (names, values, "lang"));
  return TRUE;
}

static gboolean
end_help_text (Reader     *reader,
               const char *text,
               GError    **error)
{
  if (text[0] != '\0')
    colombe_help_link_add_text (reader->link, reader->text_lang, text);

  g_clear_pointer (&reader->text_lang, g_free);
  return TRUE;
}

/* <oAuth2>, <webMail>, <x-colombe> */

static gboolean
start_oauth2 (Reader      *reader,
              const char **names,
              const char **values,
              GError     **error)
{
  if (colombe_client_config_get_oauth2 (reader->config) != NULL)
    {
      reader->skip_depth = 1;
      return TRUE;
    }

  reader->oauth2 = g_new0 (ColombeOAuth2, 1);
  return TRUE;
}

static gboolean
end_oauth2 (Reader     *reader,
            const char *text,
            GError    **error)
{
  colombe_client_config_set_oauth2 (reader->config, reader->oauth2);
  g_clear_pointer (&reader->oauth2, colombe_oauth2_free);
  return TRUE;
}

static gboolean
set_first (char       **field,
           const char  *text)
{
  if (*field == NULL && text[0] != '\0')
    *field = g_strdup (text);

  return TRUE;
}

static gboolean
end_issuer (Reader     *reader,
            const char *text,
            GError    **error)
{
  return set_first (&reader->oauth2->issuer, text);
}

static gboolean
end_scope (Reader     *reader,
           const char *text,
           GError    **error)
{
  return set_first (&reader->oauth2->scope, text);
}

static gboolean
end_auth_url (Reader     *reader,
              const char *text,
              GError    **error)
{
  return set_first (&reader->oauth2->auth_url, text);
}

static gboolean
end_token_url (Reader     *reader,
               const char *text,
               GError    **error)
{
  return set_first (&reader->oauth2->token_url, text);
}

static gboolean
start_login_page (Reader      *reader,
                  const char **names,
                  const char **values,
                  GError     **error)
{
  const char *url = attribute (names, values, "url");

  if (url == NULL || url[0] == '\0' || colombe_client_config_get_webmail_url (reader->config))
    return TRUE;

  colombe_client_config_set_webmail_url (reader->config, url);
  return TRUE;
}

/* "app-password oauth2": the model's gate says which lists are good. */
static gboolean
read_sign_in (Reader      *reader,
              const char  *text,
              GError     **error)
{
  g_auto(GStrv) ways = g_strsplit_set (text, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; ways[i] != NULL; i++)
    if (ways[i][0] != '\0')
      g_strv_builder_add (builder, ways[i]);
  words = g_strv_builder_end (builder);

  if (!colombe_field_check_sign_in ((const char * const *) words, &local_error))
    return invalid (reader, error, "<x-colombe sign-in> %s", local_error->message);

  colombe_client_config_set_sign_in (reader->config, (const char * const *) words);
  return TRUE;
}

static gboolean
start_x_colombe (Reader      *reader,
                 const char **names,
                 const char **values,
                 GError     **error)
{
  const char *confidence_name = attribute (names, values, "confidence");
  const char *policy_name = attribute (names, values, "password");
  const char *url = attribute (names, values, "app-password-url");
  const char *sign_in = attribute (names, values, "sign-in");
  ColombeConfidence confidence = COLOMBE_CONFIDENCE_UNKNOWN;
  ColombePasswordPolicy policy = COLOMBE_PASSWORD_POLICY_UNKNOWN;

  if (confidence_name != NULL && !colombe_confidence_from_string (confidence_name, &confidence))
    return invalid (reader, error, _("“%s” is not a confidence level"), confidence_name);

  if (policy_name != NULL && !colombe_password_policy_from_string (policy_name, &policy))
    return invalid (reader, error, _("“%s” is not a password policy"), policy_name);

  if (sign_in != NULL && !read_sign_in (reader, sign_in, error))
    return FALSE;

  colombe_client_config_set_confidence (reader->config, confidence);
  colombe_client_config_set_password_policy (reader->config, policy);
  if (url != NULL && url[0] != '\0')
    colombe_client_config_set_app_password_url (reader->config, url);

  return TRUE;
}

/* <sign-in-help url> and <switch for url>: pages a person is sent to from
 * an account, so they pass the account's gate here already. */
static gboolean
start_sign_in_link (Reader      *reader,
                    const char  *url,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!colombe_field_check (COLOMBE_FIELD_URL, url, &local_error))
    return invalid (reader, error, "<%s url> %s", reader->element_name, local_error->message);

  reader->link = colombe_help_link_new (url);
  return TRUE;
}

static gboolean
start_sign_in_help (Reader      *reader,
                    const char **names,
                    const char **values,
                    GError     **error)
{
  return start_sign_in_link (reader, attribute (names, values, "url"), error);
}

static gboolean
end_sign_in_help (Reader     *reader,
                  const char *text,
                  GError    **error)
{
  colombe_client_config_set_sign_in_help (reader->config, g_steal_pointer (&reader->link));
  return TRUE;
}

static gboolean
start_switch (Reader      *reader,
              const char **names,
              const char **values,
              GError     **error)
{
  const char *protocol = attribute (names, values, "for");

  if (protocol == NULL || !colombe_protocol_from_string (protocol, &reader->switch_protocol))
    return invalid (reader, error, _("<switch for> must be “imap”, “pop3” or “smtp”"));

  return start_sign_in_link (reader, attribute (names, values, "url"), error);
}

static gboolean
end_switch (Reader     *reader,
            const char *text,
            GError    **error)
{
  colombe_client_config_set_switch (reader->config, reader->switch_protocol,
                                    g_steal_pointer (&reader->link));
  return TRUE;
}

/* Where each element may appear. A new element is one line here. */
static const Rule rules[] = {
  { EL_DOCUMENT, "clientConfig", EL_CLIENT_CONFIG, NULL, end_client_config },
  { EL_CLIENT_CONFIG, "emailProvider", EL_EMAIL_PROVIDER, start_email_provider, NULL },
  { EL_EMAIL_PROVIDER, "domain", EL_TEXT, NULL, end_domain },
  { EL_EMAIL_PROVIDER, "displayName", EL_TEXT, NULL, end_display_name },
  { EL_EMAIL_PROVIDER, "displayShortName", EL_TEXT, NULL, end_display_short_name },
  { EL_EMAIL_PROVIDER, "incomingServer", EL_SERVER, start_incoming, end_server },
  { EL_EMAIL_PROVIDER, "outgoingServer", EL_SERVER, start_outgoing, end_server },
  { EL_SERVER, "hostname", EL_TEXT, NULL, end_hostname },
  { EL_SERVER, "port", EL_TEXT, NULL, end_port },
  { EL_SERVER, "socketType", EL_TEXT, NULL, end_socket_type },
  { EL_SERVER, "username", EL_TEXT, NULL, end_username },
  { EL_SERVER, "authentication", EL_TEXT, NULL, end_authentication },
  { EL_SERVER, "password", EL_PASSWORD, NULL, NULL },
  { EL_SERVER, "pop3", EL_POP3, start_pop3, NULL },
  { EL_POP3, "leaveMessagesOnServer", EL_TEXT, NULL, end_leave_messages },
  { EL_POP3, "downloadOnBiff", EL_TEXT, NULL, end_download_on_biff },
  { EL_POP3, "daysToLeaveMessagesOnServer", EL_TEXT, NULL, end_days_to_leave },
  { EL_POP3, "checkInterval", EL_EMPTY, start_check_interval, NULL },
  { EL_SERVER, "addThisServer", EL_TEXT, start_outgoing_only, end_add_this_server },
  { EL_SERVER, "useGlobalPreferredServer", EL_TEXT, start_outgoing_only,
    end_use_global_preferred_server },
  { EL_EMAIL_PROVIDER, "documentation", EL_DOCUMENTATION, start_documentation, end_documentation },
  { EL_CLIENT_CONFIG, "documentation", EL_DOCUMENTATION, start_documentation, end_documentation },
  { EL_DOCUMENTATION, "descr", EL_TEXT, start_help_text, end_help_text },
  { EL_EMAIL_PROVIDER, "enable", EL_ENABLE, start_enable, end_enable },
  { EL_CLIENT_CONFIG, "enable", EL_ENABLE, start_enable, end_enable },
  { EL_ENABLE, "instruction", EL_TEXT, start_help_text, end_help_text },
  { EL_CLIENT_CONFIG, "oAuth2", EL_OAUTH2, start_oauth2, end_oauth2 },
  { EL_EMAIL_PROVIDER, "oAuth2", EL_OAUTH2, start_oauth2, end_oauth2 },
  { EL_OAUTH2, "issuer", EL_TEXT, NULL, end_issuer },
  { EL_OAUTH2, "scope", EL_TEXT, NULL, end_scope },
  { EL_OAUTH2, "authURL", EL_TEXT, NULL, end_auth_url },
  { EL_OAUTH2, "tokenURL", EL_TEXT, NULL, end_token_url },
  { EL_CLIENT_CONFIG, "webMail", EL_WEBMAIL, NULL, NULL },
  { EL_EMAIL_PROVIDER, "webMail", EL_WEBMAIL, NULL, NULL },
  { EL_WEBMAIL, "loginPage", EL_EMPTY, start_login_page, NULL },
  { EL_EMAIL_PROVIDER, "x-colombe", EL_X_COLOMBE, start_x_colombe, NULL },
  { EL_X_COLOMBE, "sign-in-help", EL_SIGN_IN_HELP, start_sign_in_help, end_sign_in_help },
  { EL_X_COLOMBE, "switch", EL_SIGN_IN_HELP, start_switch, end_switch },
  { EL_SIGN_IN_HELP, "text", EL_TEXT, start_help_text, end_help_text },
};

static const Rule *
find_rule (Element     parent,
           const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].parent == parent && strcmp (rules[i].name, name) == 0)
      return &rules[i];

  return NULL;
}

static const Rule *
current_rule (Reader *reader)
{
  if (reader->stack->len == 0)
    return NULL;

  return g_ptr_array_index (reader->stack, reader->stack->len - 1);
}

static Element
current_element (Reader *reader)
{
  const Rule *rule = current_rule (reader);

  return rule ? rule->element : EL_DOCUMENT;
}

/* GMarkup callbacks */

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *name,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Reader *reader = user_data;
  const Rule *rule;
  int raw_line;
  int raw_column;

  if (reader->skip_depth > 0)
    {
      reader->skip_depth++;
      return;
    }

  g_markup_parse_context_get_position (context, &raw_line, &raw_column);

  if (!(rule = find_rule (current_element (reader), name)))
    {
      if (current_element (reader) != EL_DOCUMENT)
        reader->skip_depth = 1;
      else if (reader->seen_root)
        reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED,
                      element_offset (reader, raw_line, raw_column, name),
                      _("<%s> comes after the end of the document"), name);
      else
        reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG,
                      element_offset (reader, raw_line, raw_column, name),
                      _("the document is <%s>, not <clientConfig>"), name);
      return;
    }

  /* Only known elements move the location: their names are static. */
  reader->raw_line = raw_line;
  reader->raw_column = raw_column;
  reader->element_name = rule->name;
  reader->seen_root = TRUE;
  g_ptr_array_add (reader->stack, (gpointer) rule);
  g_string_truncate (reader->text, 0);

  if (rule->start != NULL && !rule->start (reader, names, values, error))
    return;

  /* A start function may decide to skip (a second provider, a foreign server). */
  if (reader->skip_depth > 0)
    g_ptr_array_remove_index (reader->stack, reader->stack->len - 1);
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *name,
                gpointer              user_data,
                GError              **error)
{
  Reader *reader = user_data;
  const Rule *rule;

  if (reader->skip_depth > 0)
    {
      reader->skip_depth--;
      return;
    }

  rule = current_rule (reader);
  g_assert (rule != NULL && strcmp (rule->name, name) == 0);

  if (rule->end != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (reader->text->str));

      if (!rule->end (reader, text, error))
        return;
    }

  g_ptr_array_remove_index (reader->stack, reader->stack->len - 1);
  g_string_truncate (reader->text, 0);
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;

  return TRUE;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Reader *reader = user_data;
  Element element = current_element (reader);

  if (reader->skip_depth > 0)
    return;

  if (element == EL_TEXT)
    g_string_append_len (reader->text, text, length);
  else if (element == EL_PASSWORD && !is_blank (text, length) && !reader->password_seen)
    {
      reader->password_seen = TRUE;
      reader_warning (reader, _("the file contains a password: Colombe ignored it, and a "
                                "password must never be published in a configuration file"));
    }
}

/* Comments and <?xml?> pass; a DTD is where entity bombs live, and no
 * clientConfig document has one. */
static void
on_passthrough (GMarkupParseContext  *context,
                const char           *text,
                gsize                 length,
                gpointer              user_data,
                GError              **error)
{
  Reader *reader = user_data;
  int raw_line;
  int raw_column;

  if (length < 9 || g_ascii_strncasecmp (text, "<!DOCTYPE", 9) != 0)
    return;

  g_markup_parse_context_get_position (context, &raw_line, &raw_column);
  reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG,
                element_offset (reader, raw_line, raw_column, "!DOCTYPE"),
                _("a document type declaration (<!DOCTYPE …>) has no place in a clientConfig "
                  "document"));
}

static const GMarkupParser parser = {
  on_start_element,
  on_end_element,
  on_text,
  on_passthrough,
  NULL,
};

/* Running the parser */

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->context, g_markup_parse_context_free);
  g_clear_pointer (&reader->stack, g_ptr_array_unref);
  g_clear_pointer (&reader->newlines, g_array_unref);
  g_string_free (reader->text, TRUE);
  g_clear_object (&reader->server);
  g_clear_pointer (&reader->link, colombe_help_link_free);
  g_clear_pointer (&reader->text_lang, g_free);
  g_clear_pointer (&reader->oauth2, colombe_oauth2_free);
  g_clear_object (&reader->config);
}

/* GMarkup's own errors start with "Error on line L char C: "; ours say
 * "WHERE:L:C: " like a compiler, so that a person finds the spot. */
static void
set_markup_error (Reader       *reader,
                  const GError *markup_error,
                  GError      **error)
{
  g_autofree char *prefix = NULL;
  const char *message = markup_error->message;
  int raw_line;
  int raw_column;

  g_markup_parse_context_get_position (reader->context, &raw_line, &raw_column);
  prefix = g_strdup_printf (g_dgettext ("glib20", "Error on line %d char %d: "),
                            raw_line, raw_column);
  if (g_str_has_prefix (message, prefix))
    message += strlen (prefix);

  /* Entity errors carry a second, shorter prefix of their own. */
  g_clear_pointer (&prefix, g_free);
  prefix = g_strdup_printf (g_dgettext ("glib20", "Error on line %d: "), raw_line);
  if (g_str_has_prefix (message, prefix))
    message += strlen (prefix);

  reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED,
                raw_to_offset (reader, raw_line, raw_column), "%s", message);
}

static gboolean
run_parser (Reader  *reader,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *nul = memchr (reader->data, '\0', reader->size);
  const char *invalid_end;

  /* GMarkup lets a NUL through, and C strings would end at it:
   * "evil.example\0.example.org" must not read as a host name. */
  if (nul != NULL)
    return reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED,
                         nul - reader->data, _("a NUL byte is not allowed in XML"));

  /* GLib 2.74's GMarkup sets its error twice on bad UTF-8 in a comment
   * (a critical warning): check the encoding before it does. */
  if (!g_utf8_validate_len (reader->data, reader->size, &invalid_end))
    return reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED,
                         invalid_end - reader->data, _("the text is not valid UTF-8"));

  if (g_markup_parse_context_parse (reader->context, reader->data, reader->size, &local_error) &&
      g_markup_parse_context_end_parse (reader->context, &local_error))
    {
      /* GMarkup takes a lone <?xml?> or comment for a document. */
      if (!reader->seen_root)
        return reader_error (reader, error, COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED,
                             reader->size, _("the document has no element"));
      return TRUE;
    }

  if (local_error->domain == COLOMBE_CLIENT_CONFIG_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    set_markup_error (reader, local_error, error);

  return FALSE;
}

ColombeClientConfig *
colombe_client_config_new_from_data (const char  *data,
                                     gssize       length,
                                     const char  *where,
                                     GError     **error)
{
  ColombeClientConfig *config = NULL;
  Reader reader = { 0 };
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  reader.where = where ? where : "clientConfig";

  if (size > COLOMBE_CLIENT_CONFIG_MAX_SIZE)
    {
      g_set_error (error, COLOMBE_CLIENT_CONFIG_ERROR, COLOMBE_CLIENT_CONFIG_ERROR_TOO_LARGE,
                   _("%s: larger than 1 MiB: not a clientConfig document"), reader.where);
      return NULL;
    }

  if (size >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      data += 3;
      size -= 3;
    }

  reader.data = data;
  reader.size = size;
  reader.config = colombe_client_config_new ();
  reader.stack = g_ptr_array_new ();
  reader.text = g_string_new (NULL);
  reader.context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT,
                                               &reader, NULL);
  reset_server (&reader);

  if (run_parser (&reader, error))
    config = g_steal_pointer (&reader.config);

  reader_clear (&reader);
  return config;
}

/* At most one byte more than the limit: enough to know it is too large,
 * without reading a huge file (or a pipe that never ends) into memory. */
static char *
read_bounded (const char  *path,
              gsize       *length,
              GError     **error)
{
  g_autofree char *buffer = NULL;
  FILE *file;
  int saved_errno;

  if (!(file = g_fopen (path, "rb")))
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  buffer = g_malloc (COLOMBE_CLIENT_CONFIG_MAX_SIZE + 2);
  *length = fread (buffer, 1, COLOMBE_CLIENT_CONFIG_MAX_SIZE + 1, file);
  saved_errno = errno;

  if (ferror (file))
    {
      fclose (file);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  fclose (file);
  buffer[*length] = '\0';
  return g_steal_pointer (&buffer);
}

ColombeClientConfig *
colombe_client_config_new_from_file (const char  *path,
                                     GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(data = read_bounded (path, &length, error)))
    return NULL;

  return colombe_client_config_new_from_data (data, length, path, error);
}
