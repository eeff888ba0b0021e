/* colombe-tls-database.c: the system's trust anchors plus an extra CA file
 *
 * GIO has no way to add anchors to the system database, so this database
 * asks the system's first and, only when the issuer was unknown to it, the
 * extra anchors. Every other check (dates, host name) still applies.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-tls-database"

#include "config.h"

#include "colombe-tls-database.h"

struct _ColombeTlsDatabase
{
  GTlsDatabase  parent_instance;

  GTlsDatabase *system;
  GTlsDatabase *extra;
};

G_DEFINE_FINAL_TYPE (ColombeTlsDatabase, colombe_tls_database, G_TYPE_TLS_DATABASE)

static GTlsCertificateFlags
colombe_tls_database_verify_chain (GTlsDatabase             *database,
                                   GTlsCertificate          *chain,
                                   const char               *purpose,
                                   GSocketConnectable       *identity,
                                   GTlsInteraction          *interaction,
                                   GTlsDatabaseVerifyFlags   flags,
                                   GCancellable             *cancellable,
                                   GError                  **error)
{
  ColombeTlsDatabase *self = COLOMBE_TLS_DATABASE (database);
  GTlsCertificateFlags result;

  result = g_tls_database_verify_chain (self->system, chain, purpose, identity, interaction,
                                        flags, cancellable, error);

  if (self->extra != NULL && (result & G_TLS_CERTIFICATE_UNKNOWN_CA) != 0)
    {
      g_clear_error (error);
      result = g_tls_database_verify_chain (self->extra, chain, purpose, identity, interaction,
                                            flags, cancellable, error);
    }

  return result;
}

static void
colombe_tls_database_finalize (GObject *object)
{
  ColombeTlsDatabase *self = (ColombeTlsDatabase *)object;

  g_clear_object (&self->system);
  g_clear_object (&self->extra);

  G_OBJECT_CLASS (colombe_tls_database_parent_class)->finalize (object);
}

static void
colombe_tls_database_class_init (ColombeTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = colombe_tls_database_finalize;
  database_class->verify_chain = colombe_tls_database_verify_chain;
}

static void
colombe_tls_database_init (ColombeTlsDatabase *self)
{
}

/* A file with no certificate in it would silently trust nothing more:
 * say so rather than fail later with a puzzling "unknown issuer". */
static gboolean
load_extra (ColombeTlsDatabase  *self,
            const char          *ca_file,
            GError             **error)
{
  /* GTlsFileDatabase takes absolute paths only: a relative one is dropped
   * with a mere warning, and the certificate then looks untrusted. */
  g_autofree char *path = g_canonicalize_filename (ca_file, NULL);
  GList *certificates;

  if (!(certificates = g_tls_certificate_list_new_from_file (path, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                     "%s: no certificate in this file", ca_file);
      return FALSE;
    }
  g_list_free_full (certificates, g_object_unref);

  self->extra = g_tls_file_database_new (path, error);

  return self->extra != NULL;
}

GTlsDatabase *
colombe_tls_database_new (const char  *ca_file,
                          GError     **error)
{
  g_autoptr(ColombeTlsDatabase) self = NULL;
  GTlsBackend *backend = g_tls_backend_get_default ();

  self = g_object_new (COLOMBE_TYPE_TLS_DATABASE, NULL);
  self->system = g_tls_backend_get_default_database (backend);

  if (self->system == NULL)
    {
      g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                           "No TLS support: is glib-networking installed?");
      return NULL;
    }

  if (ca_file != NULL && !load_extra (self, ca_file, error))
    return NULL;

  return G_TLS_DATABASE (g_steal_pointer (&self));
}
