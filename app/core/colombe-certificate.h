/* colombe-certificate.h: what a person must see of a server's certificate
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Why a certificate is not trusted, the most telling reason when there
 * are several. */
typedef enum
{
  COLOMBE_CERTIFICATE_PROBLEM_NONE,            /* trusted */
  COLOMBE_CERTIFICATE_PROBLEM_UNKNOWN_ISSUER,
  COLOMBE_CERTIFICATE_PROBLEM_SELF_SIGNED,     /* its own issuer, and not trusted */
  COLOMBE_CERTIFICATE_PROBLEM_EXPIRED,
  COLOMBE_CERTIFICATE_PROBLEM_NOT_YET_VALID,
  COLOMBE_CERTIFICATE_PROBLEM_WRONG_HOST,
  COLOMBE_CERTIFICATE_PROBLEM_OTHER,
} ColombeCertificateProblem;

typedef struct _ColombeCertificateInfo ColombeCertificateInfo;

#define COLOMBE_TYPE_CERTIFICATE_INFO (colombe_certificate_info_get_type ())

GType                      colombe_certificate_info_get_type      (void) G_GNUC_CONST;

/* @host: the name the certificate was checked against. */
ColombeCertificateInfo    *colombe_certificate_info_new           (GTlsCertificate              *certificate,
                                                                   GTlsCertificateFlags          errors,
                                                                   const char                   *host);
ColombeCertificateInfo    *colombe_certificate_info_copy          (const ColombeCertificateInfo *self);
void                       colombe_certificate_info_free          (ColombeCertificateInfo       *self);

/* Lower-case hex, without colons. */
const char                *colombe_certificate_info_get_sha256    (const ColombeCertificateInfo *self);
const char                *colombe_certificate_info_get_subject   (const ColombeCertificateInfo *self);
const char                *colombe_certificate_info_get_issuer    (const ColombeCertificateInfo *self);
/* ISO 8601 in UTC ("2027-01-31T12:00:00Z"); NULL when unknown. */
const char                *colombe_certificate_info_get_not_after (const ColombeCertificateInfo *self);
const char                *colombe_certificate_info_get_host      (const ColombeCertificateInfo *self);
ColombeCertificateProblem  colombe_certificate_info_get_problem   (const ColombeCertificateInfo *self);
gboolean                   colombe_certificate_info_is_trusted    (const ColombeCertificateInfo *self);

/* CLI.md's {"sha256", "subject", "issuer", "not_after", "trusted"} and
 * "problem" (colombe_certificate_problem_to_string()). */
JsonNode                  *colombe_certificate_info_to_json       (const ColombeCertificateInfo *self);

/* "expired", "self-signed", … ("none" when trusted). */
const char                *colombe_certificate_problem_to_string  (ColombeCertificateProblem     problem);
/* A sentence for people, translated. */
const char                *colombe_certificate_problem_get_description (ColombeCertificateProblem problem);

/* The SHA-256 fingerprint of @certificate's DER, lower-case hex. */
char                      *colombe_certificate_dup_sha256         (GTlsCertificate              *certificate);
/* @text as a fingerprint to compare: colons and spaces dropped, lower
 * case; NULL when it is not 64 hex digits. */
char                      *colombe_certificate_normalize_sha256   (const char                   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeCertificateInfo, colombe_certificate_info_free)

G_END_DECLS
