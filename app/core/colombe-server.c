/* colombe-server.c: one mail server, as a client must reach it
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-field.h"
#include "colombe-server.h"

struct _ColombeServer
{
  GObject          parent_instance;

  ColombeProtocol  protocol;
  char            *host;
  guint16          port;
  ColombeSecurity  security;
  GStrv            auth_methods;
  char            *username_template;
  char            *username;
};

G_DEFINE_FINAL_TYPE (ColombeServer, colombe_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROTOCOL,
  PROP_HOST,
  PROP_PORT,
  PROP_SECURITY,
  PROP_USERNAME,
  PROP_USERNAME_TEMPLATE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
colombe_server_finalize (GObject *object)
{
  ColombeServer *self = (ColombeServer *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->auth_methods, g_strfreev);
  g_clear_pointer (&self->username_template, g_free);
  g_clear_pointer (&self->username, g_free);

  G_OBJECT_CLASS (colombe_server_parent_class)->finalize (object);
}

static void
colombe_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ColombeServer *self = COLOMBE_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      g_value_set_int (value, self->protocol);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_SECURITY:
      g_value_set_int (value, self->security);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_USERNAME_TEMPLATE:
      g_value_set_string (value, self->username_template);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
colombe_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ColombeServer *self = COLOMBE_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      colombe_server_set_protocol (self, g_value_get_int (value));
      break;
    case PROP_HOST:
      colombe_server_set_host (self, g_value_get_string (value));
      break;
    case PROP_PORT:
      colombe_server_set_port (self, g_value_get_uint (value));
      break;
    case PROP_SECURITY:
      colombe_server_set_security (self, g_value_get_int (value));
      break;
    case PROP_USERNAME:
      colombe_server_set_username (self, g_value_get_string (value));
      break;
    case PROP_USERNAME_TEMPLATE:
      colombe_server_set_username_template (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
colombe_server_class_init (ColombeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_server_finalize;
  object_class->get_property = colombe_server_get_property;
  object_class->set_property = colombe_server_set_property;

  properties [PROP_PROTOCOL] =
    g_param_spec_int ("protocol", NULL, NULL,
                      COLOMBE_PROTOCOL_IMAP, COLOMBE_PROTOCOL_SMTP, COLOMBE_PROTOCOL_IMAP,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SECURITY] =
    g_param_spec_int ("security", NULL, NULL,
                      COLOMBE_SECURITY_TLS, COLOMBE_SECURITY_NONE, COLOMBE_SECURITY_TLS,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_USERNAME_TEMPLATE] =
    g_param_spec_string ("username-template", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
colombe_server_init (ColombeServer *self)
{
  self->auth_methods = g_new0 (char *, 1);
}

ColombeServer *
colombe_server_new (ColombeProtocol  protocol,
                    const char      *host,
                    guint16          port,
                    ColombeSecurity  security)
{
  ColombeServer *self;

  g_return_val_if_fail (host == NULL || colombe_field_check_template (COLOMBE_FIELD_HOST, host, NULL),
                        NULL);

  self = g_object_new (COLOMBE_TYPE_SERVER, NULL);
  self->protocol = protocol;
  self->host = g_strdup (host);
  self->port = port;
  self->security = security;

  return self;
}

ColombeServer *
colombe_server_copy (ColombeServer *self)
{
  ColombeServer *copy;

  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  copy = colombe_server_new (self->protocol, self->host, self->port, self->security);
  colombe_server_set_auth_methods (copy, (const char * const *) self->auth_methods);
  copy->username_template = g_strdup (self->username_template);
  copy->username = g_strdup (self->username);

  return copy;
}

gboolean
colombe_server_equal (ColombeServer *a,
                      ColombeServer *b)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (a), FALSE);
  g_return_val_if_fail (COLOMBE_IS_SERVER (b), FALSE);

  return a->protocol == b->protocol &&
         g_strcmp0 (a->host, b->host) == 0 &&
         a->port == b->port &&
         a->security == b->security &&
         g_strv_equal ((const char * const *) a->auth_methods,
                       (const char * const *) b->auth_methods) &&
         g_strcmp0 (a->username_template, b->username_template) == 0 &&
         g_strcmp0 (a->username, b->username) == 0;
}

ColombeProtocol
colombe_server_get_protocol (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), COLOMBE_PROTOCOL_IMAP);

  return self->protocol;
}

void
colombe_server_set_protocol (ColombeServer   *self,
                             ColombeProtocol  protocol)
{
  g_return_if_fail (COLOMBE_IS_SERVER (self));

  if (self->protocol == protocol)
    return;

  self->protocol = protocol;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PROTOCOL]);
}

const char *
colombe_server_get_host (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  return self->host;
}

void
colombe_server_set_host (ColombeServer *self,
                         const char    *host)
{
  g_return_if_fail (COLOMBE_IS_SERVER (self));
  /* The gate is at each entry point, which can say why; this is its proof. */
  g_return_if_fail (host == NULL || colombe_field_check_template (COLOMBE_FIELD_HOST, host, NULL));

  if (colombe_set_str (&self->host, host))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HOST]);
}

guint16
colombe_server_get_port (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), 0);

  return self->port;
}

void
colombe_server_set_port (ColombeServer *self,
                         guint16        port)
{
  g_return_if_fail (COLOMBE_IS_SERVER (self));

  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PORT]);
}

ColombeSecurity
colombe_server_get_security (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), COLOMBE_SECURITY_TLS);

  return self->security;
}

void
colombe_server_set_security (ColombeServer   *self,
                             ColombeSecurity  security)
{
  g_return_if_fail (COLOMBE_IS_SERVER (self));

  if (self->security == security)
    return;

  self->security = security;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SECURITY]);
}

const char * const *
colombe_server_get_auth_methods (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  return (const char * const *) self->auth_methods;
}

void
colombe_server_set_auth_methods (ColombeServer      *self,
                                 const char * const *methods)
{
  g_return_if_fail (COLOMBE_IS_SERVER (self));

  g_strfreev (self->auth_methods);
  self->auth_methods = methods ? g_strdupv ((char **) methods) : g_new0 (char *, 1);
}

void
colombe_server_add_auth_method (ColombeServer *self,
                                const char    *method)
{
  guint n;

  g_return_if_fail (COLOMBE_IS_SERVER (self));
  g_return_if_fail (method != NULL);

  n = g_strv_length (self->auth_methods);
  self->auth_methods = g_renew (char *, self->auth_methods, n + 2);
  self->auth_methods[n] = g_strdup (method);
  self->auth_methods[n + 1] = NULL;
}

/* The preferred method; a server nobody described takes a password. */
const char *
colombe_server_get_auth (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  return self->auth_methods[0] ? self->auth_methods[0] : "password-cleartext";
}

const char *
colombe_server_get_username_template (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  return self->username_template;
}

void
colombe_server_set_username_template (ColombeServer *self,
                                      const char    *username_template)
{
  g_return_if_fail (COLOMBE_IS_SERVER (self));
  g_return_if_fail (username_template == NULL ||
                    colombe_field_check_template (COLOMBE_FIELD_USERNAME, username_template, NULL));

  if (colombe_set_str (&self->username_template, username_template))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USERNAME_TEMPLATE]);
}

const char *
colombe_server_get_username (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  return self->username;
}

void
colombe_server_set_username (ColombeServer *self,
                             const char    *username)
{
  g_return_if_fail (COLOMBE_IS_SERVER (self));
  g_return_if_fail (username == NULL || colombe_field_check (COLOMBE_FIELD_USERNAME, username, NULL));

  if (colombe_set_str (&self->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USERNAME]);
}

/* Thunderbird's placeholders (clientConfig format). */
char *
colombe_expand_placeholders (const char *text,
                             const char *address,
                             const char *real_name)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *local_part = NULL;
  const char *at;
  const char *domain = "";

  g_return_val_if_fail (text != NULL, NULL);

  address = address ? address : "";
  at = strrchr (address, '@');
  local_part = at ? g_strndup (address, at - address) : g_strdup (address);
  if (at)
    domain = at + 1;

  out = g_string_new (text);
  g_string_replace (out, "%EMAILADDRESS%", address, 0);
  g_string_replace (out, "%EMAILLOCALPART%", local_part, 0);
  g_string_replace (out, "%EMAILDOMAIN%", domain, 0);
  g_string_replace (out, "%REALNAME%", real_name ? real_name : "", 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A server without a template takes the full address: what most
 * providers expect, and the first form the verifier tries. */
void
colombe_server_resolve_username (ColombeServer *self,
                                 const char    *address,
                                 const char    *real_name)
{
  g_autofree char *username = NULL;

  g_return_if_fail (COLOMBE_IS_SERVER (self));

  if (self->username_template != NULL)
    username = colombe_expand_placeholders (self->username_template, address, real_name);
  else
    username = g_strdup (address);

  colombe_server_set_username (self, username);
}

char *
colombe_server_dup_summary (ColombeServer *self)
{
  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  /* Translators: protocol, host name, port number, encryption,
   * as in "IMAP, imap.free.fr, port 993, SSL/TLS". */
  return g_strdup_printf (_("%s, %s, port %u, %s"),
                          colombe_protocol_get_label (self->protocol),
                          self->host ? self->host : "",
                          self->port,
                          colombe_security_get_label (self->security));
}

JsonNode *
colombe_server_to_json (ColombeServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *username;

  g_return_val_if_fail (COLOMBE_IS_SERVER (self), NULL);

  username = self->username ? self->username : self->username_template;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, colombe_protocol_to_string (self->protocol));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, self->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder, colombe_security_to_string (self->security));
  json_builder_set_member_name (builder, "username");
  if (username != NULL)
    json_builder_add_string_value (builder, username);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "auth");
  json_builder_add_string_value (builder, colombe_server_get_auth (self));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *member,
         const char  *problem)
{
  g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
               "%s.%s: %s", where, member, problem);
  return FALSE;
}

static gboolean
check_field (ColombeField   field,
             const char    *value,
             const char    *where,
             const char    *member,
             GError       **error)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", where, member);

  return colombe_field_check_named (field, value, name, error);
}

/* Returns the string member, or NULL with @error set (required) or not (optional). */
static const char *
get_string (JsonObject  *object,
            const char  *where,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        invalid (error, where, member, _("is missing"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      invalid (error, where, member, _("must be a string"));
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
get_port (JsonObject  *object,
          const char  *where,
          guint16     *port,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, "port");
  gint64 value;

  if (node == NULL)
    return invalid (error, where, "port", _("is missing"));

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, where, "port", _("must be a whole number from 1 to 65535"));

  value = json_node_get_int (node);
  if (value < 1 || value > 65535)
    return invalid (error, where, "port", _("must be a whole number from 1 to 65535"));

  *port = value;
  return TRUE;
}

static gboolean
read_enums (JsonObject       *object,
            const char       *where,
            ColombeProtocol  *protocol,
            ColombeSecurity  *security,
            GError          **error)
{
  const char *text;

  if (!(text = get_string (object, where, "protocol", TRUE, error)))
    return FALSE;
  if (!colombe_protocol_from_string (text, protocol))
    return invalid (error, where, "protocol", _("must be “imap”, “pop3” or “smtp”"));

  if (!(text = get_string (object, where, "security", TRUE, error)))
    return FALSE;
  if (!colombe_security_from_string (text, security))
    return invalid (error, where, "security", _("must be “tls”, “starttls” or “none”"));

  return TRUE;
}

ColombeServer *
colombe_server_new_from_json (JsonNode    *node,
                              const char  *where,
                              GError     **error)
{
  g_autoptr(ColombeServer) self = NULL;
  g_autoptr(GError) local_error = NULL;
  ColombeProtocol protocol;
  ColombeSecurity security;
  JsonObject *object;
  const char *host;
  const char *text;
  guint16 port;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("%s: must be an object"), where);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_enums (object, where, &protocol, &security, error))
    return NULL;
  if (!(host = get_string (object, where, "host", TRUE, error)) ||
      !check_field (COLOMBE_FIELD_HOST, host, where, "host", error))
    return NULL;
  if (!get_port (object, where, &port, error))
    return NULL;

  self = colombe_server_new (protocol, host, port, security);

  text = get_string (object, where, "username", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (text != NULL && !check_field (COLOMBE_FIELD_USERNAME, text, where, "username", error))
    return NULL;
  colombe_server_set_username (self, text);

  text = get_string (object, where, "auth", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (text != NULL && !colombe_auth_is_known (text))
    {
      invalid (error, where, "auth", _("is not a known authentication method"));
      return NULL;
    }
  if (text != NULL)
    colombe_server_add_auth_method (self, text);

  return g_steal_pointer (&self);
}
