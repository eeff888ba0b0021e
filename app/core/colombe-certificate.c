/* colombe-certificate.c: what a person must see of a server's certificate
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-certificate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "colombe-certificate.h"

struct _ColombeCertificateInfo
{
  char                      *sha256;
  char                      *subject;
  char                      *issuer;
  char                      *not_after;
  char                      *host;
  GTlsCertificateFlags       errors;
  ColombeCertificateProblem  problem;
};

G_DEFINE_BOXED_TYPE (ColombeCertificateInfo, colombe_certificate_info,
                     colombe_certificate_info_copy, colombe_certificate_info_free)

static const struct
{
  const char *name;
  const char *description;
} problems[] = {
  [COLOMBE_CERTIFICATE_PROBLEM_NONE] =
    { "none", N_("The server’s certificate is valid.") },
  [COLOMBE_CERTIFICATE_PROBLEM_UNKNOWN_ISSUER] =
    { "unknown-issuer", N_("The server’s certificate was issued by an authority this computer does not know.") },
  [COLOMBE_CERTIFICATE_PROBLEM_SELF_SIGNED] =
    { "self-signed", N_("The server’s certificate was signed by the server itself: nobody vouches for it.") },
  [COLOMBE_CERTIFICATE_PROBLEM_EXPIRED] =
    { "expired", N_("The server’s certificate has expired.") },
  [COLOMBE_CERTIFICATE_PROBLEM_NOT_YET_VALID] =
    { "not-yet-valid", N_("The server’s certificate is not valid yet.") },
  [COLOMBE_CERTIFICATE_PROBLEM_WRONG_HOST] =
    { "wrong-host", N_("The server’s certificate was made out to another server name.") },
  [COLOMBE_CERTIFICATE_PROBLEM_OTHER] =
    { "other", N_("The server’s certificate is not valid.") },
};

char *
colombe_certificate_dup_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

char *
colombe_certificate_normalize_sha256 (const char *text)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        return NULL;
      g_string_append_c (hex, g_ascii_tolower (*p));
    }

  if (hex->len != 64)
    return NULL;

  return g_string_free (g_steal_pointer (&hex), FALSE);
}

/* Self-signed first (the clearest for a person), then who issued it,
 * then which name, then when. */
static ColombeCertificateProblem
classify (GTlsCertificateFlags  errors,
          const char           *subject,
          const char           *issuer)
{
  if (errors == 0)
    return COLOMBE_CERTIFICATE_PROBLEM_NONE;
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return subject != NULL && g_strcmp0 (subject, issuer) == 0
           ? COLOMBE_CERTIFICATE_PROBLEM_SELF_SIGNED
           : COLOMBE_CERTIFICATE_PROBLEM_UNKNOWN_ISSUER;
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return COLOMBE_CERTIFICATE_PROBLEM_WRONG_HOST;
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return COLOMBE_CERTIFICATE_PROBLEM_EXPIRED;
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return COLOMBE_CERTIFICATE_PROBLEM_NOT_YET_VALID;

  return COLOMBE_CERTIFICATE_PROBLEM_OTHER;
}

static char *
dup_not_after (GTlsCertificate *certificate)
{
  g_autoptr(GDateTime) not_after = g_tls_certificate_get_not_valid_after (certificate);
  g_autoptr(GDateTime) utc = NULL;

  if (not_after == NULL)
    return NULL;

  utc = g_date_time_to_utc (not_after);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

ColombeCertificateInfo *
colombe_certificate_info_new (GTlsCertificate      *certificate,
                              GTlsCertificateFlags  errors,
                              const char           *host)
{
  ColombeCertificateInfo *self;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_new0 (ColombeCertificateInfo, 1);
  self->sha256 = colombe_certificate_dup_sha256 (certificate);
  self->subject = g_tls_certificate_get_subject_name (certificate);
  self->issuer = g_tls_certificate_get_issuer_name (certificate);
  self->not_after = dup_not_after (certificate);
  self->host = g_strdup (host);
  self->errors = errors;
  self->problem = classify (errors, self->subject, self->issuer);

  return self;
}

ColombeCertificateInfo *
colombe_certificate_info_copy (const ColombeCertificateInfo *self)
{
  ColombeCertificateInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->sha256 = g_strdup (self->sha256);
  copy->subject = g_strdup (self->subject);
  copy->issuer = g_strdup (self->issuer);
  copy->not_after = g_strdup (self->not_after);
  copy->host = g_strdup (self->host);

  return copy;
}

void
colombe_certificate_info_free (ColombeCertificateInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->sha256);
  g_free (self->subject);
  g_free (self->issuer);
  g_free (self->not_after);
  g_free (self->host);
  g_free (self);
}

const char *
colombe_certificate_info_get_sha256 (const ColombeCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sha256;
}

const char *
colombe_certificate_info_get_subject (const ColombeCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->subject;
}

const char *
colombe_certificate_info_get_issuer (const ColombeCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->issuer;
}

const char *
colombe_certificate_info_get_not_after (const ColombeCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->not_after;
}

const char *
colombe_certificate_info_get_host (const ColombeCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

ColombeCertificateProblem
colombe_certificate_info_get_problem (const ColombeCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, COLOMBE_CERTIFICATE_PROBLEM_OTHER);

  return self->problem;
}

gboolean
colombe_certificate_info_is_trusted (const ColombeCertificateInfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->errors == 0;
}

JsonNode *
colombe_certificate_info_to_json (const ColombeCertificateInfo *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, self->sha256);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, self->subject);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, self->issuer);
  json_builder_set_member_name (builder, "not_after");
  json_builder_add_string_value (builder, self->not_after);
  json_builder_set_member_name (builder, "trusted");
  json_builder_add_boolean_value (builder, self->errors == 0);
  json_builder_set_member_name (builder, "problem");
  json_builder_add_string_value (builder, colombe_certificate_problem_to_string (self->problem));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
colombe_certificate_problem_to_string (ColombeCertificateProblem problem)
{
  g_return_val_if_fail (problem < G_N_ELEMENTS (problems), NULL);

  return problems[problem].name;
}

const char *
colombe_certificate_problem_get_description (ColombeCertificateProblem problem)
{
  g_return_val_if_fail (problem < G_N_ELEMENTS (problems), NULL);

  return _(problems[problem].description);
}
