/* colombe-provenance.c: where a candidate configuration came from
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-provenance"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-field.h"
#include "colombe-provenance.h"

G_DEFINE_BOXED_TYPE (ColombeProvenance, colombe_provenance,
                     colombe_provenance_copy, colombe_provenance_free)

ColombeProvenance *
colombe_provenance_new (const char *origin)
{
  ColombeProvenance *self = g_new0 (ColombeProvenance, 1);

  self->origin = g_strdup (origin);

  return self;
}

ColombeProvenance *
colombe_provenance_copy (const ColombeProvenance *self)
{
  ColombeProvenance *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = colombe_provenance_new (self->origin);
  copy->unauthenticated = self->unauthenticated;
  copy->outside_domain = self->outside_domain;
  copy->notice = g_strdup (self->notice);

  return copy;
}

void
colombe_provenance_free (ColombeProvenance *self)
{
  if (self == NULL)
    return;

  g_free (self->origin);
  g_free (self->notice);
  g_free (self);
}

void
colombe_provenance_set_notice (ColombeProvenance *self,
                               const char        *notice)
{
  g_return_if_fail (self != NULL);

  colombe_set_str (&self->notice, notice);
}

gboolean
colombe_provenance_needs_consent (const ColombeProvenance *self,
                                  ColombeSource            source)
{
  g_return_val_if_fail (self != NULL, TRUE);

  if (self->unauthenticated)
    return TRUE;

  /* The domain's own https answer, our database and the ISPDB vouch for
   * servers elsewhere (hosted mail); anything else does not. */
  switch (source)
    {
    case COLOMBE_SOURCE_AUTOCONFIG:
    case COLOMBE_SOURCE_WELL_KNOWN:
    case COLOMBE_SOURCE_BUILTIN:
    case COLOMBE_SOURCE_ISPDB:
    case COLOMBE_SOURCE_MANUAL:
      return FALSE;
    case COLOMBE_SOURCE_MX:
    case COLOMBE_SOURCE_SRV:
    case COLOMBE_SOURCE_AUTOCONFIG_HTTP:
    case COLOMBE_SOURCE_GUESS:
    default:
      return self->outside_domain;
    }
}

JsonNode *
colombe_provenance_to_json (const ColombeProvenance *self,
                            ColombeSource            source)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "origin");
  if (self->origin != NULL)
    json_builder_add_string_value (builder, self->origin);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "unauthenticated");
  json_builder_add_boolean_value (builder, self->unauthenticated);
  json_builder_set_member_name (builder, "outside_domain");
  json_builder_add_boolean_value (builder, self->outside_domain);
  json_builder_set_member_name (builder, "needs_consent");
  json_builder_add_boolean_value (builder, colombe_provenance_needs_consent (self, source));
  json_builder_set_member_name (builder, "notice");
  if (self->notice != NULL)
    json_builder_add_string_value (builder, self->notice);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_member (JsonObject  *object,
             const char  *member,
             GType        type,
             JsonNode   **node,
             GError     **error)
{
  *node = json_object_get_member (object, member);

  if (*node == NULL || JSON_NODE_HOLDS_NULL (*node))
    {
      *node = NULL;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (*node) && json_node_get_value_type (*node) == type)
    return TRUE;

  g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
               type == G_TYPE_BOOLEAN ? _("provenance.%s: must be true or false")
                                      : _("provenance.%s: must be a string"),
               member);
  return FALSE;
}

/* Every member is optional: an account file written by hand has none;
 * "needs_consent" is derived, so it is not read back. */
ColombeProvenance *
colombe_provenance_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(ColombeProvenance) self = colombe_provenance_new (NULL);
  JsonObject *object;
  JsonNode *origin, *unauthenticated, *outside_domain, *notice;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                           _("provenance: must be an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  if (!read_member (object, "origin", G_TYPE_STRING, &origin, error) ||
      !read_member (object, "unauthenticated", G_TYPE_BOOLEAN, &unauthenticated, error) ||
      !read_member (object, "outside_domain", G_TYPE_BOOLEAN, &outside_domain, error) ||
      !read_member (object, "notice", G_TYPE_STRING, &notice, error))
    return NULL;

  if ((origin != NULL &&
       !colombe_field_check_named (COLOMBE_FIELD_NOTE, json_node_get_string (origin),
                                   "provenance.origin", error)) ||
      (notice != NULL &&
       !colombe_field_check_named (COLOMBE_FIELD_NOTE, json_node_get_string (notice),
                                   "provenance.notice", error)))
    return NULL;

  self->origin = origin ? g_strdup (json_node_get_string (origin)) : NULL;
  self->unauthenticated = unauthenticated && json_node_get_boolean (unauthenticated);
  self->outside_domain = outside_domain && json_node_get_boolean (outside_domain);
  self->notice = notice ? g_strdup (json_node_get_string (notice)) : NULL;

  return g_steal_pointer (&self);
}
