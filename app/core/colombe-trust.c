/* colombe-trust.c: the certificate exceptions a person accepted
 *
 * When a server's certificate cannot be verified, the person may accept
 * that one certificate for that one host and port, after seeing its
 * fingerprint. This file keeps those decisions, one SHA-256 fingerprint per
 * "host:port" group of a key file:
 *
 *   [imap.example.org:993]
 *   sha256=3f…(64 hex digits)
 *   subject=CN=imap.example.org
 *   accepted=2026-03-01T09:30:00Z
 *
 * There is no wildcard, no "any port", no "all hosts": a lookup matches one
 * host and one port exactly. GKeyFile forbids '[' and ']' in group names,
 * so an IPv6 address is written without its brackets; the port is always
 * what follows the last colon ("::1:993" is ::1, port 993).
 *
 * A file that cannot be read back is reported and never rewritten: adding
 * to it would silently drop what the person accepted before.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-trust"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "colombe-certificate.h"
#include "colombe-trust.h"
#include "colombe-types.h"

#define KEY_SHA256 "sha256"
#define KEY_SUBJECT "subject"
#define KEY_ACCEPTED "accepted"

struct _ColombeTrust
{
  GObject   parent_instance;

  char     *path;
  GKeyFile *file;   /* NULL until a load succeeded */
};

G_DEFINE_FINAL_TYPE (ColombeTrust, colombe_trust, G_TYPE_OBJECT)

G_DEFINE_QUARK (colombe-trust-error-quark, colombe_trust_error)

static void
colombe_trust_finalize (GObject *object)
{
  ColombeTrust *self = COLOMBE_TRUST (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->file, g_key_file_unref);

  G_OBJECT_CLASS (colombe_trust_parent_class)->finalize (object);
}

static void
colombe_trust_class_init (ColombeTrustClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = colombe_trust_finalize;
}

static void
colombe_trust_init (ColombeTrust *self)
{
}

/* Nothing is read until the first lookup, add, remove or load. */
ColombeTrust *
colombe_trust_new (const char *path)
{
  ColombeTrust *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (COLOMBE_TYPE_TRUST, NULL);
  self->path = g_strdup (path);
  return self;
}

/* The application's exceptions: trusted-certificates.ini in the user's
 * configuration folder. Transfer none. */
ColombeTrust *
colombe_trust_get_default (void)
{
  static ColombeTrust *default_trust;

  if (g_once_init_enter (&default_trust))
    {
      g_autofree char *path = g_build_filename (g_get_user_config_dir (), "colombe",
                                                "trusted-certificates.ini", NULL);

      g_once_init_leave (&default_trust, colombe_trust_new (path));
    }
  return default_trust;
}

const char *
colombe_trust_get_path (ColombeTrust *self)
{
  g_return_val_if_fail (COLOMBE_IS_TRUST (self), NULL);

  return self->path;
}

char *
colombe_trust_normalize_fingerprint (const char  *sha256,
                                     GError     **error)
{
  char *normal;

  g_return_val_if_fail (sha256 != NULL, NULL);

  /* One spelling rule for every fingerprint Colombe reads */
  if (!(normal = colombe_certificate_normalize_sha256 (sha256)))
    g_set_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_BAD_FINGERPRINT,
                 _("“%s” is not a SHA-256 fingerprint (64 hexadecimal digits)"), sha256);

  return normal;
}

/* Lower-case ASCII (an IDN becomes its xn-- form), IPv6 without brackets. */
static char *
normalize_host (const char  *host,
                GError     **error)
{
  g_autofree char *bare = NULL;
  g_autofree char *ascii = NULL;
  gsize length = strlen (host);

  /* brackets only around an IPv6 address, as in a URL */
  if (length > 2 && host[0] == '[' && host[length - 1] == ']')
    {
      bare = g_strndup (host + 1, length - 2);
      if (strchr (bare, ':') == NULL)
        g_clear_pointer (&bare, g_free);
    }
  else
    bare = g_strdup (host);

  if (bare != NULL)
    ascii = g_hostname_to_ascii (bare);
  if (ascii == NULL || !colombe_hostname_is_valid (ascii)
      || (strchr (ascii, ':') != NULL && !g_hostname_is_ip_address (ascii)))
    {
      g_set_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_BAD_HOST,
                   _("“%s” is not a server name or address"), host);
      return NULL;
    }
  return g_ascii_strdown (ascii, -1);
}

static char *
group_name (const char  *host,
            guint16      port,
            GError     **error)
{
  g_autofree char *normal = NULL;

  if (port == 0)
    {
      g_set_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_BAD_HOST,
                   _("Port 0 is not a server port"));
      return NULL;
    }
  normal = normalize_host (host, error);
  if (normal == NULL)
    return NULL;
  return g_strdup_printf ("%s:%u", normal, port);
}

/* A group must name one host and port, in normal form, with a fingerprint. */
static gboolean
group_is_valid (GKeyFile   *file,
                const char *group)
{
  const char *colon = strrchr (group, ':');
  g_autofree char *host = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *normal = NULL;
  guint64 port;

  if (colon == NULL
      || !g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT16, &port, NULL))
    return FALSE;
  host = g_strndup (group, colon - group);
  expected = group_name (host, (guint16) port, NULL);
  if (g_strcmp0 (expected, group) != 0)
    return FALSE;

  sha256 = g_key_file_get_string (file, group, KEY_SHA256, NULL);
  if (sha256 == NULL)
    return FALSE;
  normal = colombe_trust_normalize_fingerprint (sha256, NULL);
  return g_strcmp0 (normal, sha256) == 0;
}

static void
set_corrupt_error (ColombeTrust  *self,
                   GError       **error,
                   const char    *why)
{
  g_set_error (error, COLOMBE_TRUST_ERROR, COLOMBE_TRUST_ERROR_CORRUPT,
               _("The list of accepted certificates %s is damaged (%s); "
                 "it was left as it is"), self->path, why);
}

/* Reads the file again. A missing file is an empty list; a damaged one is
 * an error, and the object then trusts nothing until it loads. */
gboolean
colombe_trust_load (ColombeTrust  *self,
                    GError       **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (COLOMBE_IS_TRUST (self), FALSE);

  g_clear_pointer (&self->file, g_key_file_unref);
  if (!g_key_file_load_from_file (file, self->path, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          self->file = g_steal_pointer (&file);
          return TRUE;
        }
      if (local_error->domain == G_KEY_FILE_ERROR)
        set_corrupt_error (self, error, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (!group_is_valid (file, groups[i]))
      {
        g_autofree char *why = g_strdup_printf (_("the entry “%s” is not valid"), groups[i]);

        set_corrupt_error (self, error, why);
        return FALSE;
      }

  self->file = g_steal_pointer (&file);
  return TRUE;
}

/* The fingerprint accepted for exactly @host and @port, or NULL (also when
 * the file is damaged: then nothing is trusted). */
char *
colombe_trust_lookup (ColombeTrust *self,
                      const char   *host,
                      guint16       port)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (COLOMBE_IS_TRUST (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  if (self->file == NULL && !colombe_trust_load (self, NULL))
    return NULL;
  group = group_name (host, port, NULL);
  if (group == NULL)
    return NULL;
  return g_key_file_get_string (self->file, group, KEY_SHA256, NULL);
}

/* Whether @sha256 (any accepted spelling) is the one accepted for @host:@port */
gboolean
colombe_trust_is_trusted (ColombeTrust *self,
                          const char   *host,
                          guint16       port,
                          const char   *sha256)
{
  g_autofree char *accepted = NULL;
  g_autofree char *normal = NULL;

  g_return_val_if_fail (COLOMBE_IS_TRUST (self), FALSE);
  g_return_val_if_fail (host != NULL && sha256 != NULL, FALSE);

  accepted = colombe_trust_lookup (self, host, port);
  normal = colombe_trust_normalize_fingerprint (sha256, NULL);
  return accepted != NULL && normal != NULL && strcmp (accepted, normal) == 0;
}

/* Atomically (a temporary file renamed over the old one), mode 0600 in a
 * folder made 0700: the list says which servers the person talks to. */
static gboolean
save (ColombeTrust  *self,
      GError       **error)
{
  g_autofree char *folder = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  if (g_key_file_get_comment (self->file, NULL, NULL, NULL) == NULL)
    g_key_file_set_comment (self->file, NULL, NULL,
                            " Certificates accepted in Colombe: one SHA-256 fingerprint"
                            " per host:port", NULL);
  data = g_key_file_to_data (self->file, &length, NULL);
  return g_file_set_contents_full (self->path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Accepts @sha256 for @host:@port, replacing what was accepted there before. */
gboolean
colombe_trust_add (ColombeTrust  *self,
                   const char    *host,
                   guint16        port,
                   const char    *sha256,
                   const char    *subject,
                   GError       **error)
{
  g_autofree char *group = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *accepted = NULL;

  g_return_val_if_fail (COLOMBE_IS_TRUST (self), FALSE);
  g_return_val_if_fail (host != NULL && sha256 != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group = group_name (host, port, error);
  if (group == NULL)
    return FALSE;
  normal = colombe_trust_normalize_fingerprint (sha256, error);
  if (normal == NULL)
    return FALSE;
  /* read it again: another Colombe (the command line) may have added some */
  if (!colombe_trust_load (self, error))
    return FALSE;

  accepted = now_iso8601 ();
  g_key_file_remove_group (self->file, group, NULL);
  g_key_file_set_string (self->file, group, KEY_SHA256, normal);
  g_key_file_set_string (self->file, group, KEY_SUBJECT, subject != NULL ? subject : "");
  g_key_file_set_string (self->file, group, KEY_ACCEPTED, accepted);
  g_debug ("accepted %s for %s", normal, group);
  return save (self, error);
}

/* Forgets the exception of @host:@port; nothing to forget is not an error. */
gboolean
colombe_trust_remove (ColombeTrust  *self,
                      const char    *host,
                      guint16        port,
                      GError       **error)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (COLOMBE_IS_TRUST (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  group = group_name (host, port, error);
  if (group == NULL || !colombe_trust_load (self, error))
    return FALSE;
  if (!g_key_file_remove_group (self->file, group, NULL))
    return TRUE;
  return save (self, error);
}
