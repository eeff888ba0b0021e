/* colombe-account.c: a person's mail account, incoming and outgoing
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-account.h"
#include "colombe-address.h"
#include "colombe-field.h"

/* An account file is a few hundred bytes; anything near this is not one. */
#define ACCOUNT_MAX_SIZE (64 * 1024)

struct _ColombeAccount
{
  GObject        parent_instance;

  char          *name;
  char          *address;
  char          *provider_id;
  char          *provider_name;
  ColombeSource  source;
  ColombeServer *incoming;
  ColombeServer *outgoing;
  ColombeProvenance *provenance;
  GStrv          sign_in;         /* NULL: unknown */
  ColombeHelp   *help;
};

G_DEFINE_FINAL_TYPE (ColombeAccount, colombe_account, G_TYPE_OBJECT)

ColombeHelp *
colombe_help_new (const char *url,
                  const char *text)
{
  ColombeHelp *help;

  g_return_val_if_fail (colombe_field_check (COLOMBE_FIELD_URL, url, NULL), NULL);
  g_return_val_if_fail (colombe_field_check (COLOMBE_FIELD_NOTE, text, NULL), NULL);

  help = g_new0 (ColombeHelp, 1);
  help->url = g_strdup (url);
  help->text = g_strdup (text);

  return help;
}

ColombeHelp *
colombe_help_copy (const ColombeHelp *help)
{
  return help != NULL ? colombe_help_new (help->url, help->text) : NULL;
}

void
colombe_help_free (ColombeHelp *help)
{
  if (help == NULL)
    return;

  g_free (help->url);
  g_free (help->text);
  g_free (help);
}

enum {
  PROP_0,
  PROP_NAME,
  PROP_ADDRESS,
  PROP_INCOMING,
  PROP_OUTGOING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
colombe_account_finalize (GObject *object)
{
  ColombeAccount *self = (ColombeAccount *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->provider_id, g_free);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_object (&self->incoming);
  g_clear_object (&self->outgoing);
  g_clear_pointer (&self->provenance, colombe_provenance_free);
  g_clear_pointer (&self->sign_in, g_strfreev);
  g_clear_pointer (&self->help, colombe_help_free);

  G_OBJECT_CLASS (colombe_account_parent_class)->finalize (object);
}

static void
colombe_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ColombeAccount *self = COLOMBE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_INCOMING:
      g_value_set_object (value, self->incoming);
      break;
    case PROP_OUTGOING:
      g_value_set_object (value, self->outgoing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
colombe_account_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ColombeAccount *self = COLOMBE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      colombe_account_set_name (self, g_value_get_string (value));
      break;
    case PROP_ADDRESS:
      colombe_account_set_address (self, g_value_get_string (value));
      break;
    case PROP_INCOMING:
      colombe_account_set_incoming (self, g_value_get_object (value));
      break;
    case PROP_OUTGOING:
      colombe_account_set_outgoing (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
colombe_account_class_init (ColombeAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_account_finalize;
  object_class->get_property = colombe_account_get_property;
  object_class->set_property = colombe_account_set_property;

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_INCOMING] =
    g_param_spec_object ("incoming", NULL, NULL, COLOMBE_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_OUTGOING] =
    g_param_spec_object ("outgoing", NULL, NULL, COLOMBE_TYPE_SERVER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
colombe_account_init (ColombeAccount *self)
{
  self->source = COLOMBE_SOURCE_MANUAL;
}

ColombeAccount *
colombe_account_new (const char *name,
                     const char *address)
{
  return g_object_new (COLOMBE_TYPE_ACCOUNT,
                       "name", name,
                       "address", address,
                       NULL);
}

/* A server of the copy: the person's own username, from the provider's
 * template (the address itself when there is none, as discovery does). */
static ColombeServer *
dup_server_for (ColombeServer *server,
                const char    *address,
                const char    *name)
{
  ColombeServer *copy;

  if (server == NULL)
    return NULL;
  copy = colombe_server_copy (server);
  colombe_server_resolve_username (copy, address, name);
  return copy;
}

ColombeAccount *
colombe_account_copy_for (ColombeAccount *self,
                          const char     *address,
                          const char     *name)
{
  g_autoptr(ColombeServer) incoming = NULL;
  g_autoptr(ColombeServer) outgoing = NULL;
  ColombeAccount *copy;

  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  incoming = dup_server_for (self->incoming, address, name);
  outgoing = dup_server_for (self->outgoing, address, name);
  copy = colombe_account_new (name, address);
  colombe_account_set_provider (copy, self->provider_id, self->provider_name);
  colombe_account_set_source (copy, self->source);
  colombe_account_set_incoming (copy, incoming);
  colombe_account_set_outgoing (copy, outgoing);
  colombe_account_set_provenance (copy, self->provenance);

  return copy;
}

const char *
colombe_account_get_name (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->name;
}

void
colombe_account_set_name (ColombeAccount *self,
                          const char     *name)
{
  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));
  /* The gate is at each entry point, which can say why; this is its proof. */
  g_return_if_fail (name == NULL || colombe_field_check (COLOMBE_FIELD_NAME, name, NULL));

  if (colombe_set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NAME]);
}

const char *
colombe_account_get_address (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->address;
}

void
colombe_account_set_address (ColombeAccount *self,
                             const char     *address)
{
  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));

  if (colombe_set_str (&self->address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDRESS]);
}

const char *
colombe_account_get_provider_id (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->provider_id;
}

const char *
colombe_account_get_provider_name (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->provider_name;
}

void
colombe_account_set_provider (ColombeAccount *self,
                              const char     *id,
                              const char     *name)
{
  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));
  g_return_if_fail (id == NULL || colombe_field_check (COLOMBE_FIELD_NAME, id, NULL));
  g_return_if_fail (name == NULL || colombe_field_check (COLOMBE_FIELD_NAME, name, NULL));

  colombe_set_str (&self->provider_id, id);
  colombe_set_str (&self->provider_name, name);
}

ColombeSource
colombe_account_get_source (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), COLOMBE_SOURCE_MANUAL);

  return self->source;
}

void
colombe_account_set_source (ColombeAccount *self,
                            ColombeSource   source)
{
  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));

  self->source = source;
}

ColombeServer *
colombe_account_get_incoming (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->incoming;
}

/* An account that takes no password signs in on the provider's page,
 * whatever its servers' source: servers typed by hand, or read from a
 * file, list a password, which an export would write. So every server
 * of such an account says OAuth2, and only OAuth2. The caller's server
 * is left as it is (the verifier's candidates, the window's other
 * choices share it): the account keeps a copy. (transfer full) */
static ColombeServer *
dup_server_for_sign_in (ColombeAccount *self,
                        ColombeServer  *server)
{
  static const char * const oauth2[] = { "OAuth2", NULL };
  ColombeServer *copy;

  if (server == NULL || colombe_account_takes_password (self) ||
      g_strv_equal (colombe_server_get_auth_methods (server), oauth2))
    return server != NULL ? g_object_ref (server) : NULL;

  copy = colombe_server_copy (server);
  colombe_server_set_auth_methods (copy, oauth2);
  return copy;
}

void
colombe_account_set_incoming (ColombeAccount *self,
                              ColombeServer  *server)
{
  g_autoptr(ColombeServer) kept = NULL;

  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));
  g_return_if_fail (!server || COLOMBE_IS_SERVER (server));

  kept = dup_server_for_sign_in (self, server);
  if (g_set_object (&self->incoming, kept))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INCOMING]);
}

ColombeServer *
colombe_account_get_outgoing (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->outgoing;
}

void
colombe_account_set_outgoing (ColombeAccount *self,
                              ColombeServer  *server)
{
  g_autoptr(ColombeServer) kept = NULL;

  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));
  g_return_if_fail (!server || COLOMBE_IS_SERVER (server));

  kept = dup_server_for_sign_in (self, server);
  if (g_set_object (&self->outgoing, kept))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OUTGOING]);
}

const char * const *
colombe_account_get_sign_in (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return (const char * const *) self->sign_in;
}

/* Kept in the canonical spelling, whatever case the input used. */
void
colombe_account_set_sign_in (ColombeAccount     *self,
                             const char * const *ways)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));
  g_return_if_fail (ways == NULL || colombe_field_check_sign_in (ways, NULL));

  g_clear_pointer (&self->sign_in, g_strfreev);
  if (ways == NULL)
    return;

  builder = g_strv_builder_new ();
  for (guint i = 0; ways[i] != NULL; i++)
    {
      ColombeSignIn way;

      colombe_sign_in_from_string (ways[i], &way);
      g_strv_builder_add (builder, colombe_sign_in_to_string (way));
    }
  self->sign_in = g_strv_builder_end (builder);

  /* the servers follow the new way in (dup_server_for_sign_in) */
  colombe_account_set_incoming (self, self->incoming);
  colombe_account_set_outgoing (self, self->outgoing);
}

gboolean
colombe_account_takes_password (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), TRUE);

  return colombe_sign_in_takes_password ((const char * const *) self->sign_in);
}

const ColombeHelp *
colombe_account_get_help (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->help;
}

void
colombe_account_set_help (ColombeAccount    *self,
                          const ColombeHelp *help)
{
  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));

  g_clear_pointer (&self->help, colombe_help_free);
  self->help = colombe_help_copy (help);
}

const ColombeProvenance *
colombe_account_get_provenance (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  return self->provenance;
}

void
colombe_account_set_provenance (ColombeAccount          *self,
                                const ColombeProvenance *provenance)
{
  g_return_if_fail (COLOMBE_IS_ACCOUNT (self));

  g_clear_pointer (&self->provenance, colombe_provenance_free);
  if (provenance != NULL)
    self->provenance = colombe_provenance_copy (provenance);
}

gboolean
colombe_account_needs_consent (ColombeAccount *self)
{
  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), TRUE);

  return self->provenance != NULL &&
         colombe_provenance_needs_consent (self->provenance, self->source);
}

static void
add_string_member (JsonBuilder *builder,
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
add_server_member (JsonBuilder   *builder,
                   const char    *member,
                   ColombeServer *server)
{
  json_builder_set_member_name (builder, member);
  if (server != NULL)
    json_builder_add_value (builder, colombe_server_to_json (server));
  else
    json_builder_add_null_value (builder);
}

static void
add_sign_in_members (JsonBuilder    *builder,
                     ColombeAccount *self)
{
  json_builder_set_member_name (builder, "sign_in");
  if (self->sign_in != NULL)
    {
      json_builder_begin_array (builder);
      for (guint i = 0; self->sign_in[i] != NULL; i++)
        json_builder_add_string_value (builder, self->sign_in[i]);
      json_builder_end_array (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "help");
  if (self->help != NULL)
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "url", self->help->url);
      add_string_member (builder, "text", self->help->text);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
}

JsonNode *
colombe_account_to_json (ColombeAccount *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  add_string_member (builder, "name", self->name);
  add_string_member (builder, "address", self->address);
  add_string_member (builder, "source", colombe_source_to_string (self->source));

  json_builder_set_member_name (builder, "provider");
  if (self->provider_id != NULL)
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "id", self->provider_id);
      add_string_member (builder, "name", self->provider_name);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  add_server_member (builder, "incoming", self->incoming);
  add_server_member (builder, "outgoing", self->outgoing);
  add_sign_in_members (builder, self);

  /* Only discovered accounts have one: a file stays as its author wrote it. */
  if (self->provenance != NULL)
    {
      json_builder_set_member_name (builder, "provenance");
      json_builder_add_value (builder, colombe_provenance_to_json (self->provenance, self->source));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
colombe_account_to_data (ColombeAccount *self)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (self), NULL);

  root = colombe_account_to_json (self);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT, message);
  return FALSE;
}

/* Optional string members: absent and null are the same; anything else
 * than a string is an error. */
static gboolean
read_optional_string (JsonObject  *object,
                      const char  *member,
                      const char  *where,
                      const char **value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *message = g_strdup_printf (_("%s: must be a string"), where);
      return fail (error, message);
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_version (JsonObject  *object,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, "version");

  /* Version 1 is the only one; a file without it is taken as version 1. */
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64 &&
      json_node_get_int (node) == 1)
    return TRUE;

  return fail (error, _("version: only version 1 is known"));
}

static gboolean
read_identity (ColombeAccount  *self,
               JsonObject      *object,
               GError         **error)
{
  g_autoptr(ColombeAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text;

  if (!read_optional_string (object, "name", "name", &text, error) ||
      (text != NULL && !colombe_field_check_named (COLOMBE_FIELD_NAME, text, "name", error)))
    return FALSE;
  colombe_account_set_name (self, text);

  if (!read_optional_string (object, "address", "address", &text, error))
    return FALSE;
  if (text == NULL)
    return fail (error, _("address: is missing"));
  if (!(address = colombe_address_parse (text, &local_error)))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   "address: %s", local_error->message);
      return FALSE;
    }
  colombe_account_set_address (self, address->address);

  if (!read_optional_string (object, "source", "source", &text, error))
    return FALSE;
  if (text != NULL && !colombe_source_from_string (text, &self->source))
    return fail (error, _("source: is not a known source"));

  return TRUE;
}

static gboolean
read_provider (ColombeAccount  *self,
               JsonObject      *object,
               GError         **error)
{
  JsonNode *node = json_object_get_member (object, "provider");
  JsonObject *provider;
  const char *id;
  const char *name;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, _("provider: must be an object"));

  provider = json_node_get_object (node);
  if (!read_optional_string (provider, "id", "provider.id", &id, error) ||
      !read_optional_string (provider, "name", "provider.name", &name, error))
    return FALSE;
  if ((id != NULL && !colombe_field_check_named (COLOMBE_FIELD_NAME, id, "provider.id", error)) ||
      (name != NULL && !colombe_field_check_named (COLOMBE_FIELD_NAME, name, "provider.name", error)))
    return FALSE;

  colombe_account_set_provider (self, id, name);
  return TRUE;
}

/* "sign_in": null, or an array of the known names (the gate says which). */
static gboolean
read_sign_in (ColombeAccount  *self,
              JsonObject      *object,
              GError         **error)
{
  JsonNode *node = json_object_get_member (object, "sign_in");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ways = NULL;
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, _("sign_in: must be an array or null"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return fail (error, _("sign_in: must hold strings"));
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  ways = g_strv_builder_end (builder);
  if (!colombe_field_check_named_sign_in ((const char * const *) ways, "sign_in", error))
    return FALSE;

  colombe_account_set_sign_in (self, (const char * const *) ways);
  return TRUE;
}

/* "help": null, or {"url": an https page, "text": a sentence}. */
static gboolean
read_help (ColombeAccount  *self,
           JsonObject      *object,
           GError         **error)
{
  JsonNode *node = json_object_get_member (object, "help");
  g_autoptr(ColombeHelp) help = NULL;
  JsonObject *member;
  const char *url;
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, _("help: must be an object or null"));

  member = json_node_get_object (node);
  if (!read_optional_string (member, "url", "help.url", &url, error) ||
      !read_optional_string (member, "text", "help.text", &text, error) ||
      !colombe_field_check_named (COLOMBE_FIELD_URL, url, "help.url", error) ||
      !colombe_field_check_named (COLOMBE_FIELD_NOTE, text, "help.text", error))
    return FALSE;

  help = colombe_help_new (url, text);
  colombe_account_set_help (self, help);
  return TRUE;
}

static gboolean
read_provenance (ColombeAccount  *self,
                 JsonObject      *object,
                 GError         **error)
{
  JsonNode *node = json_object_get_member (object, "provenance");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!(self->provenance = colombe_provenance_new_from_json (node, error)))
    return FALSE;

  return TRUE;
}

static ColombeServer *
read_server (JsonObject  *object,
             const char  *member,
             GError     **error)
{
  g_autoptr(ColombeServer) server = NULL;
  JsonNode *node = json_object_get_member (object, member);
  ColombeProtocol protocol;
  gboolean outgoing = g_str_equal (member, "outgoing");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("%s: is missing"), member);
      return NULL;
    }

  if (!(server = colombe_server_new_from_json (node, member, error)))
    return NULL;

  /* Mail goes out by SMTP and comes in by IMAP or POP3, never the other way. */
  protocol = colombe_server_get_protocol (server);
  if (outgoing != (protocol == COLOMBE_PROTOCOL_SMTP))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   outgoing ? _("%s.protocol: must be “smtp”")
                            : _("%s.protocol: must be “imap” or “pop3”"),
                   member);
      return NULL;
    }

  return g_steal_pointer (&server);
}

ColombeAccount *
colombe_account_new_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(ColombeAccount) self = NULL;
  g_autoptr(ColombeServer) incoming = NULL;
  g_autoptr(ColombeServer) outgoing = NULL;
  JsonObject *object;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, _("an account must be a JSON object"));
      return NULL;
    }

  object = json_node_get_object (node);
  self = g_object_new (COLOMBE_TYPE_ACCOUNT, NULL);

  if (!read_version (object, error) ||
      !read_identity (self, object, error) ||
      !read_provider (self, object, error) ||
      !read_sign_in (self, object, error) ||
      !read_help (self, object, error) ||
      !read_provenance (self, object, error))
    return NULL;

  if (!(incoming = read_server (object, "incoming", error)) ||
      !(outgoing = read_server (object, "outgoing", error)))
    return NULL;

  colombe_account_set_incoming (self, incoming);
  colombe_account_set_outgoing (self, outgoing);

  return g_steal_pointer (&self);
}

/* json-glib reads "\u0000" into a string that C then cuts short there:
 * "Alice\u0000<anything>" would pass every check as "Alice". */
static gboolean
check_no_nul (const char  *data,
              gsize        length,
              GError     **error)
{
  gboolean in_string = FALSE;

  if (memchr (data, '\0', length) != NULL)
    return fail (error, _("the file contains a NUL character"));

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '"')
        in_string = !in_string;
      else if (in_string && data[i] == '\\' && i + 1 < length)
        {
          if (length - i >= 6 && strncmp (data + i + 1, "u0000", 5) == 0)
            return fail (error, _("a string contains a NUL character (\\u0000)"));
          i++;
        }
    }

  return TRUE;
}

/* The "account" member of what detect --json and test --json print, so
 * that their output can be saved and used as it is; NULL otherwise. */
static JsonNode *
find_wrapped_account (JsonNode *root)
{
  JsonObject *object;
  JsonNode *account;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  account = json_object_get_member (object, "account");
  if (account == NULL || !JSON_NODE_HOLDS_OBJECT (account) ||
      !(json_object_has_member (object, "incoming") || json_object_has_member (object, "candidates")))
    return NULL;

  return account;
}

static ColombeAccount *
new_from_root (JsonNode  *root,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *wrapped = find_wrapped_account (root);
  ColombeAccount *account;

  if (wrapped == NULL)
    return colombe_account_new_from_json (root, error);

  if (!(account = colombe_account_new_from_json (wrapped, &local_error)))
    g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                 "account.%s", local_error->message);

  return account;
}

ColombeAccount *
colombe_account_new_from_data (const char  *data,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (length > ACCOUNT_MAX_SIZE)
    {
      fail (error, _("the file is too large to be an account"));
      return NULL;
    }

  if (!check_no_nul (data, length, error))
    return NULL;

  /* json-glib's messages already carry the line and the column. */
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("not valid JSON: %s"), local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      fail (error, _("the file is empty"));
      return NULL;
    }

  return new_from_root (json_parser_get_root (parser), error);
}

ColombeAccount *
colombe_account_new_from_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = NULL;
  gsize n_read = 0;
  ColombeAccount *account;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  buffer = g_malloc (ACCOUNT_MAX_SIZE + 2);

  /* Read one byte past the limit, so an oversize file is noticed without
   * reading all of it. */
  if (!(stream = g_file_read (file, NULL, &local_error)) ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, ACCOUNT_MAX_SIZE + 1,
                                &n_read, NULL, &local_error))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   "%s: %s", path, local_error->message);
      return NULL;
    }
  buffer[n_read] = '\0';

  if (!(account = colombe_account_new_from_data (buffer, n_read, &local_error)))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  return account;
}
