/* colombe-login.h: what every protocol's login shares: the attempt, SASL
 * encodings, and what a server's refusal says
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "colombe-secret.h"

G_BEGIN_DECLS

/* Password mechanisms, weakest first: a protocol offers a subset. */
typedef enum
{
  COLOMBE_LOGIN_MECHANISM_NONE,
  COLOMBE_LOGIN_MECHANISM_COMMAND,   /* IMAP LOGIN, POP3 USER and PASS */
  COLOMBE_LOGIN_MECHANISM_CRAM_MD5,  /* SASL CRAM-MD5 (RFC 2195) */
  COLOMBE_LOGIN_MECHANISM_LOGIN,     /* SASL LOGIN */
  COLOMBE_LOGIN_MECHANISM_PLAIN,     /* SASL PLAIN (RFC 4616) */
} ColombeLoginMechanism;

/* What a reply to a line of a login means. */
typedef enum
{
  COLOMBE_LOGIN_REPLY_CONTINUE,       /* send the next line */
  COLOMBE_LOGIN_REPLY_ACCEPTED,
  COLOMBE_LOGIN_REPLY_REFUSED,        /* another username may be tried */
  COLOMBE_LOGIN_REPLY_REFUSED_FINAL,  /* refused, and no other attempt */
  COLOMBE_LOGIN_REPLY_UNEXPECTED,     /* not a login reply at all */
} ColombeLoginReply;

/* One try of one username on a connection. */
typedef struct
{
  const char            *username;
  const char            *password;
  ColombeLoginMechanism  mechanism;
  gboolean               initial_response;  /* credentials in the first line */
  guint                  sequence;          /* the command's number (IMAP tag) */
  guint                  round;             /* lines sent so far */
} ColombeLoginAttempt;

const char    *colombe_login_mechanism_to_string (ColombeLoginMechanism  mechanism);

/* Base64 of the @length bytes of @data (a secret). */
ColombeSecret *colombe_sasl_encode               (const char            *data,
                                                  gsize                  length);
/* SASL PLAIN's response, base64: "\0username\0password". */
ColombeSecret *colombe_sasl_plain                (const char            *username,
                                                  const char            *password);
/* CRAM-MD5's response to @challenge (base64), base64; NULL when the
 * challenge is not base64. */
ColombeSecret *colombe_sasl_cram_md5             (const char            *username,
                                                  const char            *password,
                                                  const char            *challenge);

/* The forms in which @attempt's password may have been sent (itself,
 * base64, SASL PLAIN's response, IMAP's quoted string): what a server's
 * text must never bring back. Secrets, wiped when the array is freed. */
GPtrArray     *colombe_login_dup_sent_forms      (const ColombeLoginAttempt *attempt);

/* Whether a server's refusal @text says it takes no password at all, only
 * a sign-in on the provider's page (OAuth2). */
gboolean       colombe_login_asks_oauth2         (const char            *text);
/* Whether @capabilities (upper case, as the drivers parse them: IMAP
 * "AUTH=XOAUTH2", SMTP "AUTH PLAIN XOAUTH2", POP3 "SASL XOAUTH2") offer
 * an OAuth2 mechanism: XOAUTH2 or OAUTHBEARER (RFC 7628). */
gboolean       colombe_login_offers_oauth2       (const char * const    *capabilities);
/* Whether a server's refusal @text says an app password is needed. */
gboolean       colombe_login_asks_app_password   (const char            *text);
/* @text made fit to show and to keep: printable, at most @max_chars
 * characters, with every one of @hidden (what we sent) masked. */
char          *colombe_login_clean_text          (const char            *text,
                                                  const char * const    *hidden,
                                                  guint                  max_chars);

G_END_DECLS
