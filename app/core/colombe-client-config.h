/* colombe-client-config.h: a Thunderbird clientConfig v1.1 document
 *
 * The format is Thunderbird's "Autoconfiguration" file
 * (wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat);
 * the reader and the writer live in their own files.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-account.h"

G_BEGIN_DECLS

#define COLOMBE_CLIENT_CONFIG_ERROR (colombe_client_config_error_quark ())

typedef enum
{
  COLOMBE_CLIENT_CONFIG_ERROR_MALFORMED,   /* not XML: message has line and column */
  COLOMBE_CLIENT_CONFIG_ERROR_NOT_CLIENT_CONFIG,
  COLOMBE_CLIENT_CONFIG_ERROR_TOO_LARGE,
  COLOMBE_CLIENT_CONFIG_ERROR_INVALID,     /* XML, but a value is unusable */
} ColombeClientConfigError;

/* 1 MiB: more than any real provider file, far less than an attack. */
#define COLOMBE_CLIENT_CONFIG_MAX_SIZE (1024 * 1024)

/* How far the facts of a built-in entry were confirmed (PROVIDERS.md). */
typedef enum
{
  COLOMBE_CONFIDENCE_UNKNOWN,       /* no statement: an ordinary clientConfig */
  COLOMBE_CONFIDENCE_UNCONFIRMED,
  COLOMBE_CONFIDENCE_LOW,
  COLOMBE_CONFIDENCE_MEDIUM,
  COLOMBE_CONFIDENCE_HIGH,
} ColombeConfidence;

/* Whether the provider takes the ordinary password from a mail program. */
typedef enum
{
  COLOMBE_PASSWORD_POLICY_UNKNOWN,
  COLOMBE_PASSWORD_POLICY_ORDINARY,
  COLOMBE_PASSWORD_POLICY_APP_PASSWORD,
  COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY,
} ColombePasswordPolicy;

typedef struct
{
  char *lang;   /* NULL when the element has no lang attribute */
  char *text;
} ColombeLocalizedText;

/* <documentation url> with its <descr>, or <enable visiturl> with its <instruction> */
typedef struct
{
  char      *url;
  GPtrArray *texts;   /* ColombeLocalizedText */
} ColombeHelpLink;

/* <pop3> options of an incoming POP3 server; -1 / unset when absent */
typedef struct
{
  int leave_messages_on_server;       /* -1 unset, 0 false, 1 true */
  int download_on_biff;               /* -1 unset, 0 false, 1 true */
  int days_to_leave_messages_on_server;  /* -1 unset */
  int check_interval_minutes;         /* -1 unset */
} ColombePop3Options;

/* <oAuth2> of an emailProvider */
typedef struct
{
  char *issuer;
  char *scope;
  char *auth_url;
  char *token_url;
} ColombeOAuth2;

#define COLOMBE_TYPE_CLIENT_CONFIG (colombe_client_config_get_type ())

G_DECLARE_FINAL_TYPE (ColombeClientConfig, colombe_client_config, COLOMBE, CLIENT_CONFIG, GObject)

GQuark               colombe_client_config_error_quark (void);

ColombeClientConfig *colombe_client_config_new            (void);

/* Reader (colombe-client-config-reader.c). @where names the input in messages. */
ColombeClientConfig *colombe_client_config_new_from_data  (const char           *data,
                                                           gssize                length,
                                                           const char           *where,
                                                           GError              **error);
ColombeClientConfig *colombe_client_config_new_from_file  (const char           *path,
                                                           GError              **error);
/* Writer (colombe-client-config-writer.c): UTF-8 XML, NUL-terminated. */
char                *colombe_client_config_to_data        (ColombeClientConfig  *self,
                                                           gsize                *length);

/* Checks (colombe-client-config-check.c): plain connections, deprecated
 * values, missing fields; translated sentences. (transfer full) */
GPtrArray           *colombe_client_config_check          (ColombeClientConfig  *self);

const char          *colombe_client_config_get_id            (ColombeClientConfig *self);
void                 colombe_client_config_set_id            (ColombeClientConfig *self,
                                                              const char          *id);
const char          *colombe_client_config_get_display_name  (ColombeClientConfig *self);
void                 colombe_client_config_set_display_name  (ColombeClientConfig *self,
                                                              const char          *name);
const char          *colombe_client_config_get_display_short_name (ColombeClientConfig *self);
void                 colombe_client_config_set_display_short_name (ColombeClientConfig *self,
                                                                   const char          *name);
/* Domains in document order, lower case. */
const char * const  *colombe_client_config_get_domains       (ColombeClientConfig *self);
void                 colombe_client_config_add_domain        (ColombeClientConfig *self,
                                                              const char          *domain);

/* Servers in document order; usernames are templates (colombe_server_get_username_template). */
GPtrArray           *colombe_client_config_get_incoming      (ColombeClientConfig *self);
GPtrArray           *colombe_client_config_get_outgoing      (ColombeClientConfig *self);
void                 colombe_client_config_add_incoming      (ColombeClientConfig *self,
                                                              ColombeServer       *server);
void                 colombe_client_config_add_outgoing      (ColombeClientConfig *self,
                                                              ColombeServer       *server);

/* POP3 options of one of this document's incoming servers; NULL when none. */
const ColombePop3Options *colombe_client_config_get_pop3_options (ColombeClientConfig *self,
                                                                  ColombeServer       *server);
void                 colombe_client_config_set_pop3_options  (ColombeClientConfig      *self,
                                                              ColombeServer            *server,
                                                              const ColombePop3Options *options);
/* <addThisServer>/<useGlobalPreferredServer> of an outgoing server: -1 unset, 0, 1 */
int                  colombe_client_config_get_add_this_server (ColombeClientConfig *self,
                                                                ColombeServer       *server);
int                  colombe_client_config_get_use_global_preferred_server (ColombeClientConfig *self,
                                                                            ColombeServer       *server);
void                 colombe_client_config_set_outgoing_flags (ColombeClientConfig *self,
                                                               ColombeServer       *server,
                                                               int                  add_this_server,
                                                               int                  use_global_preferred_server);

GPtrArray           *colombe_client_config_get_documentation (ColombeClientConfig *self);  /* ColombeHelpLink */
void                 colombe_client_config_add_documentation (ColombeClientConfig *self,
                                                              ColombeHelpLink     *link);  /* takes ownership */
const ColombeHelpLink *colombe_client_config_get_enable      (ColombeClientConfig *self);
void                 colombe_client_config_set_enable        (ColombeClientConfig *self,
                                                              ColombeHelpLink     *link);  /* takes ownership */
const ColombeOAuth2 *colombe_client_config_get_oauth2        (ColombeClientConfig *self);
void                 colombe_client_config_set_oauth2        (ColombeClientConfig *self,
                                                              const ColombeOAuth2 *oauth2);
const char          *colombe_client_config_get_webmail_url   (ColombeClientConfig *self);
void                 colombe_client_config_set_webmail_url   (ColombeClientConfig *self,
                                                              const char          *url);

/* Colombe's own facts about a built-in provider, read from and written to an
 * <x-colombe confidence="…" password="…" app-password-url="…"/> element of
 * emailProvider, which other readers ignore. */
ColombeConfidence    colombe_client_config_get_confidence    (ColombeClientConfig *self);
void                 colombe_client_config_set_confidence    (ColombeClientConfig *self,
                                                              ColombeConfidence    confidence);
ColombePasswordPolicy colombe_client_config_get_password_policy (ColombeClientConfig *self);
void                 colombe_client_config_set_password_policy (ColombeClientConfig  *self,
                                                                ColombePasswordPolicy policy);
const char          *colombe_client_config_get_app_password_url (ColombeClientConfig *self);
void                 colombe_client_config_set_app_password_url (ColombeClientConfig *self,
                                                                 const char          *url);

/* How a mail program signs in, read from and written to the same element:
 * <x-colombe sign-in="app-password oauth2"> (preferred first), holding
 * <sign-in-help url="https://…"> (the provider's page on it) and
 * <switch for="smtp" url="https://…"> (a setting the person must turn on
 * at the provider first), each with <text lang="…"> sentences. */
const char * const  *colombe_client_config_get_sign_in       (ColombeClientConfig *self);
void                 colombe_client_config_set_sign_in       (ColombeClientConfig *self,
                                                              const char * const  *ways);
/* The built-in list, else what the servers say: only OAuth2 on every one
 * of them means ["oauth2"]. NULL when unknown. (transfer full) */
GStrv                colombe_client_config_dup_sign_in       (ColombeClientConfig *self);
const ColombeHelpLink *colombe_client_config_get_sign_in_help (ColombeClientConfig *self);
/* The sign-in help as an account carries it: its sentence in the person's
 * language, else English; NULL without one. (transfer full) */
ColombeHelp         *colombe_client_config_dup_help          (ColombeClientConfig *self);
void                 colombe_client_config_set_sign_in_help  (ColombeClientConfig *self,
                                                              ColombeHelpLink     *link);  /* takes ownership */
/* NULL when there is none; @protocol (may be NULL) says which server it opens. */
const ColombeHelpLink *colombe_client_config_get_switch      (ColombeClientConfig *self,
                                                              ColombeProtocol     *protocol);
void                 colombe_client_config_set_switch        (ColombeClientConfig *self,
                                                              ColombeProtocol      protocol,
                                                              ColombeHelpLink     *link);  /* takes ownership */

/* The help text in @lang ("fr", "en"…), else English, else the first. */
const char          *colombe_help_link_get_text              (const ColombeHelpLink *link,
                                                              const char            *lang);
ColombeHelpLink     *colombe_help_link_new                   (const char            *url);
ColombeHelpLink     *colombe_help_link_copy                  (const ColombeHelpLink *link);
void                 colombe_help_link_add_text              (ColombeHelpLink       *link,
                                                              const char            *lang,
                                                              const char            *text);
void                 colombe_help_link_free                  (ColombeHelpLink       *link);

void                 colombe_oauth2_free                     (ColombeOAuth2         *oauth2);

/* Accounts for one person, best first: IMAP before POP3, then document
 * order, each incoming with each outgoing; hosts and usernames resolved.
 * NULL and COLOMBE_ERROR_INVALID_INPUT when a resolved value fails the
 * model's rules (colombe-field.h). (transfer full) */
GPtrArray           *colombe_client_config_to_accounts       (ColombeClientConfig  *self,
                                                              const char           *address,
                                                              const char           *real_name,
                                                              ColombeSource         source,
                                                              GError              **error);

const char          *colombe_confidence_to_string            (ColombeConfidence     confidence);
const char          *colombe_password_policy_to_string       (ColombePasswordPolicy policy);

/* Names of Colombe's own facts, equality, and the reader's remarks. */

/* The names of <x-colombe confidence="…" password="…"/>: FALSE when unknown. */
gboolean             colombe_confidence_from_string          (const char            *text,
                                                              ColombeConfidence     *confidence);
gboolean             colombe_password_policy_from_string     (const char            *text,
                                                              ColombePasswordPolicy *policy);

/* TRUE when both documents say the same thing (every field above). */
gboolean             colombe_client_config_equal             (ColombeClientConfig *a,
                                                              ColombeClientConfig *b);

/* Remarks on the input that the model cannot keep (a socketType spelled in
 * another case, a password written in the file, a second emailProvider…):
 * the reader adds translated sentences, colombe_client_config_check returns
 * them first. (element-type utf8) (transfer none) */
GPtrArray           *colombe_client_config_get_reader_warnings (ColombeClientConfig *self);
void                 colombe_client_config_add_reader_warning  (ColombeClientConfig *self,
                                                                const char          *warning);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeHelpLink, colombe_help_link_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ColombeOAuth2, colombe_oauth2_free)

G_END_DECLS
