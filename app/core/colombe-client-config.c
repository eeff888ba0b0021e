/* colombe-client-config.c: the model of a Thunderbird clientConfig v1.1 document
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-client-config"

#include "config.h"

#include <string.h>

#include "colombe-client-config.h"
#include "colombe-field.h"
#include "colombe-names.h"

typedef struct
{
  int add_this_server;
  int use_global_preferred_server;
} OutgoingFlags;

struct _ColombeClientConfig
{
  GObject                parent_instance;

  char                  *id;
  char                  *display_name;
  char                  *display_short_name;
  GPtrArray             *domains;          /* char *, NULL-terminated */
  GHashTable            *domain_set;       /* the same strings, to find one quickly */
  GPtrArray             *incoming;         /* ColombeServer */
  GPtrArray             *outgoing;         /* ColombeServer */
  GHashTable            *pop3_options;     /* ColombeServer -> ColombePop3Options */
  GHashTable            *outgoing_flags;   /* ColombeServer -> OutgoingFlags */
  GPtrArray             *documentation;    /* ColombeHelpLink */
  ColombeHelpLink       *enable;
  ColombeOAuth2         *oauth2;
  char                  *webmail_url;
  ColombeConfidence      confidence;
  ColombePasswordPolicy  password_policy;
  char                  *app_password_url;
  GStrv                  sign_in;          /* NULL: unknown */
  ColombeHelpLink       *sign_in_help;
  ColombeHelpLink       *switch_link;      /* "switch" is C's */
  ColombeProtocol        switch_protocol;
  GPtrArray             *reader_warnings;  /* char * */
};

G_DEFINE_FINAL_TYPE (ColombeClientConfig, colombe_client_config, G_TYPE_OBJECT)

G_DEFINE_QUARK (colombe-client-config-error-quark, colombe_client_config_error)

static const ColombeName confidence_names[] = {
  { COLOMBE_CONFIDENCE_UNKNOWN, "unknown" },
  { COLOMBE_CONFIDENCE_UNCONFIRMED, "unconfirmed" },
  { COLOMBE_CONFIDENCE_LOW, "low" },
  { COLOMBE_CONFIDENCE_MEDIUM, "medium" },
  { COLOMBE_CONFIDENCE_HIGH, "high" },
  { 0, NULL },
};

static const ColombeName password_policy_names[] = {
  { COLOMBE_PASSWORD_POLICY_UNKNOWN, "unknown" },
  { COLOMBE_PASSWORD_POLICY_ORDINARY, "ordinary" },
  { COLOMBE_PASSWORD_POLICY_APP_PASSWORD, "app-password" },
  { COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY, "oauth2-only" },
  { 0, NULL },
};

void
colombe_oauth2_free (ColombeOAuth2 *oauth2)
{
  if (oauth2 == NULL)
    return;

  g_free (oauth2->issuer);
  g_free (oauth2->scope);
  g_free (oauth2->auth_url);
  g_free (oauth2->token_url);
  g_free (oauth2);
}

static void
colombe_client_config_finalize (GObject *object)
{
  ColombeClientConfig *self = (ColombeClientConfig *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->display_short_name, g_free);
  g_clear_pointer (&self->domain_set, g_hash_table_unref);
  g_clear_pointer (&self->domains, g_ptr_array_unref);
  g_clear_pointer (&self->pop3_options, g_hash_table_unref);
  g_clear_pointer (&self->outgoing_flags, g_hash_table_unref);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  g_clear_pointer (&self->outgoing, g_ptr_array_unref);
  g_clear_pointer (&self->documentation, g_ptr_array_unref);
  g_clear_pointer (&self->enable, colombe_help_link_free);
  g_clear_pointer (&self->oauth2, colombe_oauth2_free);
  g_clear_pointer (&self->webmail_url, g_free);
  g_clear_pointer (&self->app_password_url, g_free);
  g_clear_pointer (&self->sign_in, g_strfreev);
  g_clear_pointer (&self->sign_in_help, colombe_help_link_free);
  g_clear_pointer (&self->switch_link, colombe_help_link_free);
  g_clear_pointer (&self->reader_warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (colombe_client_config_parent_class)->finalize (object);
}

static void
colombe_client_config_class_init (ColombeClientConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_client_config_finalize;
}

static void
colombe_client_config_init (ColombeClientConfig *self)
{
  self->domains = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->domain_set = g_hash_table_new (g_str_hash, g_str_equal);
  self->incoming = g_ptr_array_new_with_free_func (g_object_unref);
  self->outgoing = g_ptr_array_new_with_free_func (g_object_unref);
  /* The keys hold a reference so that a server outlives its options. */
  self->pop3_options = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->outgoing_flags = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->documentation = g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_help_link_free);
  self->reader_warnings = g_ptr_array_new_with_free_func (g_free);
}

ColombeClientConfig *
colombe_client_config_new (void)
{
  return g_object_new (COLOMBE_TYPE_CLIENT_CONFIG, NULL);
}

const char *
colombe_client_config_get_id (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->id;
}

void
colombe_client_config_set_id (ColombeClientConfig *self,
                              const char          *id)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  colombe_set_str (&self->id, id);
}

const char *
colombe_client_config_get_display_name (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->display_name;
}

void
colombe_client_config_set_display_name (ColombeClientConfig *self,
                                        const char          *name)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  colombe_set_str (&self->display_name, name);
}

const char *
colombe_client_config_get_display_short_name (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->display_short_name;
}

void
colombe_client_config_set_display_short_name (ColombeClientConfig *self,
                                              const char          *name)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  colombe_set_str (&self->display_short_name, name);
}

const char * const *
colombe_client_config_get_domains (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return (const char * const *) self->domains->pdata;
}

/* Domains compare without case; a repeated one (seen in the ISPDB) counts once. */
void
colombe_client_config_add_domain (ColombeClientConfig *self,
                                  const char          *domain)
{
  g_autofree char *lower = NULL;

  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (domain != NULL);

  lower = g_ascii_strdown (domain, -1);
  if (g_hash_table_contains (self->domain_set, lower))
    return;

  g_hash_table_add (self->domain_set, lower);
  g_ptr_array_add (self->domains, g_steal_pointer (&lower));
}

GPtrArray *
colombe_client_config_get_incoming (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->incoming;
}

GPtrArray *
colombe_client_config_get_outgoing (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->outgoing;
}

void
colombe_client_config_add_incoming (ColombeClientConfig *self,
                                    ColombeServer       *server)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (COLOMBE_IS_SERVER (server));
  g_return_if_fail (colombe_server_get_protocol (server) != COLOMBE_PROTOCOL_SMTP);

  g_ptr_array_add (self->incoming, g_object_ref (server));
}

void
colombe_client_config_add_outgoing (ColombeClientConfig *self,
                                    ColombeServer       *server)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (COLOMBE_IS_SERVER (server));
  g_return_if_fail (colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_SMTP);

  g_ptr_array_add (self->outgoing, g_object_ref (server));
}

const ColombePop3Options *
colombe_client_config_get_pop3_options (ColombeClientConfig *self,
                                        ColombeServer       *server)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);
  g_return_val_if_fail (COLOMBE_IS_SERVER (server), NULL);

  return g_hash_table_lookup (self->pop3_options, server);
}

void
colombe_client_config_set_pop3_options (ColombeClientConfig      *self,
                                        ColombeServer            *server,
                                        const ColombePop3Options *options)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (COLOMBE_IS_SERVER (server));
  g_return_if_fail (g_ptr_array_find (self->incoming, server, NULL));

  if (options == NULL)
    g_hash_table_remove (self->pop3_options, server);
  else
    g_hash_table_replace (self->pop3_options, g_object_ref (server),
                          g_memdup2 (options, sizeof *options));
}

static const OutgoingFlags *
lookup_outgoing_flags (ColombeClientConfig *self,
                       ColombeServer       *server)
{
  static const OutgoingFlags unset = { -1, -1 };
  const OutgoingFlags *flags = g_hash_table_lookup (self->outgoing_flags, server);

  return flags ? flags : &unset;
}

int
colombe_client_config_get_add_this_server (ColombeClientConfig *self,
                                           ColombeServer       *server)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), -1);
  g_return_val_if_fail (COLOMBE_IS_SERVER (server), -1);

  return lookup_outgoing_flags (self, server)->add_this_server;
}

int
colombe_client_config_get_use_global_preferred_server (ColombeClientConfig *self,
                                                       ColombeServer       *server)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), -1);
  g_return_val_if_fail (COLOMBE_IS_SERVER (server), -1);

  return lookup_outgoing_flags (self, server)->use_global_preferred_server;
}

void
colombe_client_config_set_outgoing_flags (ColombeClientConfig *self,
                                          ColombeServer       *server,
                                          int                  add_this_server,
                                          int                  use_global_preferred_server)
{
  OutgoingFlags *flags;

  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (COLOMBE_IS_SERVER (server));
  g_return_if_fail (g_ptr_array_find (self->outgoing, server, NULL));
  g_return_if_fail (add_this_server >= -1 && add_this_server <= 1);
  g_return_if_fail (use_global_preferred_server >= -1 && use_global_preferred_server <= 1);

  if (add_this_server == -1 && use_global_preferred_server == -1)
    {
      g_hash_table_remove (self->outgoing_flags, server);
      return;
    }

  flags = g_new (OutgoingFlags, 1);
  flags->add_this_server = add_this_server;
  flags->use_global_preferred_server = use_global_preferred_server;
  g_hash_table_replace (self->outgoing_flags, g_object_ref (server), flags);
}

GPtrArray *
colombe_client_config_get_documentation (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->documentation;
}

void
colombe_client_config_add_documentation (ColombeClientConfig *self,
                                         ColombeHelpLink     *link)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (link != NULL);

  g_ptr_array_add (self->documentation, link);
}

const ColombeHelpLink *
colombe_client_config_get_enable (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->enable;
}

void
colombe_client_config_set_enable (ColombeClientConfig *self,
                                  ColombeHelpLink     *link)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  if (link == self->enable)
    return;

  g_clear_pointer (&self->enable, colombe_help_link_free);
  self->enable = link;
}

const ColombeOAuth2 *
colombe_client_config_get_oauth2 (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->oauth2;
}

void
colombe_client_config_set_oauth2 (ColombeClientConfig *self,
                                  const ColombeOAuth2 *oauth2)
{
  ColombeOAuth2 *copy = NULL;

  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  if (oauth2 != NULL)
    {
      copy = g_new0 (ColombeOAuth2, 1);
      copy->issuer = g_strdup (oauth2->issuer);
      copy->scope = g_strdup (oauth2->scope);
      copy->auth_url = g_strdup (oauth2->auth_url);
      copy->token_url = g_strdup (oauth2->token_url);
    }

  g_clear_pointer (&self->oauth2, colombe_oauth2_free);
  self->oauth2 = copy;
}

const char *
colombe_client_config_get_webmail_url (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->webmail_url;
}

void
colombe_client_config_set_webmail_url (ColombeClientConfig *self,
                                       const char          *url)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  colombe_set_str (&self->webmail_url, url);
}

ColombeConfidence
colombe_client_config_get_confidence (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), COLOMBE_CONFIDENCE_UNKNOWN);

  return self->confidence;
}

void
colombe_client_config_set_confidence (ColombeClientConfig *self,
                                      ColombeConfidence    confidence)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (confidence <= COLOMBE_CONFIDENCE_HIGH);

  self->confidence = confidence;
}

ColombePasswordPolicy
colombe_client_config_get_password_policy (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), COLOMBE_PASSWORD_POLICY_UNKNOWN);

  return self->password_policy;
}

void
colombe_client_config_set_password_policy (ColombeClientConfig  *self,
                                           ColombePasswordPolicy policy)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (policy <= COLOMBE_PASSWORD_POLICY_OAUTH2_ONLY);

  self->password_policy = policy;
}

const char *
colombe_client_config_get_app_password_url (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->app_password_url;
}

void
colombe_client_config_set_app_password_url (ColombeClientConfig *self,
                                            const char          *url)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  colombe_set_str (&self->app_password_url, url);
}

const char * const *
colombe_client_config_get_sign_in (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return (const char * const *) self->sign_in;
}

void
colombe_client_config_set_sign_in (ColombeClientConfig *self,
                                   const char * const  *ways)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (ways == NULL || colombe_field_check_sign_in (ways, NULL));

  g_clear_pointer (&self->sign_in, g_strfreev);
  self->sign_in = g_strdupv ((GStrv) ways);
}

/* Whether every server of @servers names OAuth2 as its only way in. */
static gboolean
only_oauth2 (GPtrArray *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      const char * const *methods = colombe_server_get_auth_methods (g_ptr_array_index (servers, i));

      if (methods == NULL || methods[0] == NULL || methods[1] != NULL ||
          strcmp (methods[0], "OAuth2") != 0)
        return FALSE;
    }

  return servers->len > 0;
}

GStrv
colombe_client_config_dup_sign_in (ColombeClientConfig *self)
{
  const char *oauth2[] = { "oauth2", NULL };

  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  if (self->sign_in != NULL)
    return g_strdupv (self->sign_in);

  /* A document that offers nothing but OAuth2 says so for any provider
   * (the ISPDB's Outlook.com entry does); a password method listed beside
   * it proves nothing (the ISPDB's Gmail lists both, and takes no usual
   * password). */
  if (only_oauth2 (self->incoming) &&
      (self->outgoing->len == 0 || only_oauth2 (self->outgoing)))
    return g_strdupv ((GStrv) oauth2);

  return NULL;
}

const ColombeHelpLink *
colombe_client_config_get_sign_in_help (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->sign_in_help;
}

void
colombe_client_config_set_sign_in_help (ColombeClientConfig *self,
                                        ColombeHelpLink     *link)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  if (link == self->sign_in_help)
    return;

  g_clear_pointer (&self->sign_in_help, colombe_help_link_free);
  self->sign_in_help = link;
}

const ColombeHelpLink *
colombe_client_config_get_switch (ColombeClientConfig *self,
                                  ColombeProtocol     *protocol)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  if (protocol != NULL)
    *protocol = self->switch_protocol;

  return self->switch_link;
}

void
colombe_client_config_set_switch (ColombeClientConfig *self,
                                  ColombeProtocol      protocol,
                                  ColombeHelpLink     *link)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));

  if (link != self->switch_link)
    {
      g_clear_pointer (&self->switch_link, colombe_help_link_free);
      self->switch_link = link;
    }
  self->switch_protocol = protocol;
}

GPtrArray *
colombe_client_config_get_reader_warnings (ColombeClientConfig *self)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  return self->reader_warnings;
}

void
colombe_client_config_add_reader_warning (ColombeClientConfig *self,
                                          const char          *warning)
{
  g_return_if_fail (COLOMBE_IS_CLIENT_CONFIG (self));
  g_return_if_fail (warning != NULL);

  g_ptr_array_add (self->reader_warnings, g_strdup (warning));
}

/* Help links */

static void
localized_text_free (ColombeLocalizedText *text)
{
  g_free (text->lang);
  g_free (text->text);
  g_free (text);
}

ColombeHelpLink *
colombe_help_link_new (const char *url)
{
  ColombeHelpLink *link = g_new0 (ColombeHelpLink, 1);

  link->url = g_strdup (url);
  link->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) localized_text_free);

  return link;
}

ColombeHelpLink *
colombe_help_link_copy (const ColombeHelpLink *link)
{
  ColombeHelpLink *copy;

  if (link == NULL)
    return NULL;

  copy = colombe_help_link_new (link->url);
  for (guint i = 0; i < link->texts->len; i++)
    {
      const ColombeLocalizedText *text = g_ptr_array_index (link->texts, i);

      colombe_help_link_add_text (copy, text->lang, text->text);
    }

  return copy;
}

void
colombe_help_link_add_text (ColombeHelpLink *link,
                            const char      *lang,
                            const char      *text)
{
  ColombeLocalizedText *entry;

  g_return_if_fail (link != NULL);
  g_return_if_fail (text != NULL);

  entry = g_new0 (ColombeLocalizedText, 1);
  entry->lang = g_strdup (lang);
  entry->text = g_strdup (text);
  g_ptr_array_add (link->texts, entry);
}

void
colombe_help_link_free (ColombeHelpLink *link)
{
  if (link == NULL)
    return;

  g_free (link->url);
  g_ptr_array_unref (link->texts);
  g_free (link);
}

/* "fr" matches "fr", "fr-CA" and "fr_FR.UTF-8": languages, not regions. */
static gboolean
lang_matches (const char *text_lang,
              const char *lang)
{
  gsize length = strcspn (lang, "_-.@");

  return text_lang != NULL &&
         strlen (text_lang) >= length &&
         g_ascii_strncasecmp (text_lang, lang, length) == 0 &&
         strchr ("_-.@", text_lang[length]) != NULL;
}

static const ColombeLocalizedText *
find_text (const ColombeHelpLink *link,
           const char            *lang)
{
  for (guint i = 0; i < link->texts->len; i++)
    {
      const ColombeLocalizedText *text = g_ptr_array_index (link->texts, i);

      if (lang_matches (text->lang, lang))
        return text;
    }

  return NULL;
}

const char *
colombe_help_link_get_text (const ColombeHelpLink *link,
                            const char            *lang)
{
  const ColombeLocalizedText *text = NULL;

  g_return_val_if_fail (link != NULL, NULL);

  if (link->texts->len == 0)
    return NULL;

  if (lang != NULL && lang[0] != '\0')
    text = find_text (link, lang);
  if (text == NULL)
    text = find_text (link, "en");
  if (text == NULL)
    text = g_ptr_array_index (link->texts, 0);

  return text->text;
}

/* Equality */

static gboolean
servers_equal (ColombeServer *a,
               ColombeServer *b)
{
  return colombe_server_get_protocol (a) == colombe_server_get_protocol (b) &&
         g_strcmp0 (colombe_server_get_host (a), colombe_server_get_host (b)) == 0 &&
         colombe_server_get_port (a) == colombe_server_get_port (b) &&
         colombe_server_get_security (a) == colombe_server_get_security (b) &&
         g_strcmp0 (colombe_server_get_username_template (a),
                    colombe_server_get_username_template (b)) == 0 &&
         g_strv_equal (colombe_server_get_auth_methods (a),
                       colombe_server_get_auth_methods (b));
}

static gboolean
pop3_options_equal (const ColombePop3Options *a,
                    const ColombePop3Options *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->leave_messages_on_server == b->leave_messages_on_server &&
         a->download_on_biff == b->download_on_biff &&
         a->days_to_leave_messages_on_server == b->days_to_leave_messages_on_server &&
         a->check_interval_minutes == b->check_interval_minutes;
}

static gboolean
server_lists_equal (ColombeClientConfig *a,
                    GPtrArray           *list_a,
                    ColombeClientConfig *b,
                    GPtrArray           *list_b)
{
  if (list_a->len != list_b->len)
    return FALSE;

  for (guint i = 0; i < list_a->len; i++)
    {
      ColombeServer *server_a = g_ptr_array_index (list_a, i);
      ColombeServer *server_b = g_ptr_array_index (list_b, i);
      const OutgoingFlags *flags_a = lookup_outgoing_flags (a, server_a);
      const OutgoingFlags *flags_b = lookup_outgoing_flags (b, server_b);

      if (!servers_equal (server_a, server_b) ||
          !pop3_options_equal (g_hash_table_lookup (a->pop3_options, server_a),
                               g_hash_table_lookup (b->pop3_options, server_b)) ||
          memcmp (flags_a, flags_b, sizeof *flags_a) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
help_links_equal (const ColombeHelpLink *a,
                  const ColombeHelpLink *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  if (g_strcmp0 (a->url, b->url) != 0 || a->texts->len != b->texts->len)
    return FALSE;

  for (guint i = 0; i < a->texts->len; i++)
    {
      const ColombeLocalizedText *text_a = g_ptr_array_index (a->texts, i);
      const ColombeLocalizedText *text_b = g_ptr_array_index (b->texts, i);

      if (g_strcmp0 (text_a->lang, text_b->lang) != 0 ||
          g_strcmp0 (text_a->text, text_b->text) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
documentation_equal (GPtrArray *a,
                     GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (!help_links_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;

  return TRUE;
}

static gboolean
oauth2_equal (const ColombeOAuth2 *a,
              const ColombeOAuth2 *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->issuer, b->issuer) == 0 &&
         g_strcmp0 (a->scope, b->scope) == 0 &&
         g_strcmp0 (a->auth_url, b->auth_url) == 0 &&
         g_strcmp0 (a->token_url, b->token_url) == 0;
}

/* The reader's warnings are about one input's spelling, not its meaning:
 * they do not take part. */
static gboolean
sign_in_equal (ColombeClientConfig *a,
               ColombeClientConfig *b)
{
  if ((a->sign_in == NULL) != (b->sign_in == NULL) ||
      (a->sign_in != NULL && !g_strv_equal ((const char * const *) a->sign_in,
                                            (const char * const *) b->sign_in)))
    return FALSE;

  return help_links_equal (a->sign_in_help, b->sign_in_help) &&
         help_links_equal (a->switch_link, b->switch_link) &&
         (a->switch_link == NULL || a->switch_protocol == b->switch_protocol);
}

gboolean
colombe_client_config_equal (ColombeClientConfig *a,
                             ColombeClientConfig *b)
{
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (a), FALSE);
  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->display_name, b->display_name) == 0 &&
         g_strcmp0 (a->display_short_name, b->display_short_name) == 0 &&
         g_strv_equal ((const char * const *) a->domains->pdata,
                       (const char * const *) b->domains->pdata) &&
         server_lists_equal (a, a->incoming, b, b->incoming) &&
         server_lists_equal (a, a->outgoing, b, b->outgoing) &&
         documentation_equal (a->documentation, b->documentation) &&
         help_links_equal (a->enable, b->enable) &&
         oauth2_equal (a->oauth2, b->oauth2) &&
         g_strcmp0 (a->webmail_url, b->webmail_url) == 0 &&
         a->confidence == b->confidence &&
         a->password_policy == b->password_policy &&
         g_strcmp0 (a->app_password_url, b->app_password_url) == 0 &&
         sign_in_equal (a, b);
}

/* Accounts */

/* IMAP keeps a shared mailbox in step on every device: it comes first. */
static GPtrArray *
incoming_by_preference (ColombeClientConfig *self)
{
  GPtrArray *sorted = g_ptr_array_new ();
  const ColombeProtocol order[] = { COLOMBE_PROTOCOL_IMAP, COLOMBE_PROTOCOL_POP3 };

  for (gsize p = 0; p < G_N_ELEMENTS (order); p++)
    for (guint i = 0; i < self->incoming->len; i++)
      {
        ColombeServer *server = g_ptr_array_index (self->incoming, i);

        if (colombe_server_get_protocol (server) == order[p])
          g_ptr_array_add (sorted, server);
      }

  return sorted;
}

/* A copy for one person: username and host placeholders resolved, and
 * checked again, since the person's local part or name may hold what the
 * sample checked when the document was read did not. */
static ColombeServer *
server_for_person (ColombeServer  *server,
                   const char     *address,
                   const char     *real_name,
                   GError        **error)
{
  g_autoptr(ColombeServer) copy = colombe_server_copy (server);
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;
  const char *direction = colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_SMTP
                          ? "outgoing" : "incoming";
  g_autofree char *host_name = g_strdup_printf ("%s.host", direction);
  g_autofree char *username_name = g_strdup_printf ("%s.username", direction);
  const char *username_template = colombe_server_get_username_template (server);

  /* Some providers write <hostname>mail.%EMAILDOMAIN%</hostname>. */
  host = colombe_expand_placeholders (colombe_server_get_host (server), address, real_name);
  if (!colombe_field_check_named (COLOMBE_FIELD_HOST, host, host_name, error))
    return NULL;
  colombe_server_set_host (copy, host);

  /* Without a template, the full address: what most providers expect. */
  username = username_template ? colombe_expand_placeholders (username_template, address, real_name)
                               : g_strdup (address);
  if (!colombe_field_check_named (COLOMBE_FIELD_USERNAME, username, username_name, error))
    return NULL;
  colombe_server_set_username (copy, username);

  return g_steal_pointer (&copy);
}

/* The sign-in help in the person's language ("fr_FR.UTF-8" -> "fr"),
 * English otherwise; NULL when the document has none. */
ColombeHelp *
colombe_client_config_dup_help (ColombeClientConfig *self)
{
  const char *text;

  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);

  if (self->sign_in_help == NULL || self->sign_in_help->url == NULL)
    return NULL;

  text = colombe_help_link_get_text (self->sign_in_help, g_get_language_names ()[0]);
  if (text == NULL || !colombe_field_check (COLOMBE_FIELD_URL, self->sign_in_help->url, NULL) ||
      !colombe_field_check (COLOMBE_FIELD_NOTE, text, NULL))
    return NULL;

  return colombe_help_new (self->sign_in_help->url, text);
}

static ColombeAccount *
account_new (ColombeClientConfig  *self,
             ColombeServer        *incoming,
             ColombeServer        *outgoing,
             const char           *address,
             const char           *real_name,
             ColombeSource         source,
             GError              **error)
{
  g_autoptr(ColombeAccount) account = colombe_account_new (real_name, address);
  g_autoptr(ColombeServer) in = NULL;
  g_autoptr(ColombeServer) out = NULL;
  g_autoptr(ColombeHelp) help = colombe_client_config_dup_help (self);
  g_auto(GStrv) sign_in = colombe_client_config_dup_sign_in (self);

  if (!(in = server_for_person (incoming, address, real_name, error)) ||
      (outgoing != NULL && !(out = server_for_person (outgoing, address, real_name, error))))
    return NULL;

  colombe_account_set_provider (account, self->id, self->display_name);
  colombe_account_set_source (account, source);
  colombe_account_set_incoming (account, in);
  colombe_account_set_outgoing (account, out);
  colombe_account_set_sign_in (account, (const char * const *) sign_in);
  colombe_account_set_help (account, help);

  return g_steal_pointer (&account);
}

/* A document without an outgoing server still gives accounts that can
 * receive; one without an incoming server gives none. One server that the
 * person's address turns into something unusable spoils them all: such a
 * document is not one to trust with the rest. */
GPtrArray *
colombe_client_config_to_accounts (ColombeClientConfig  *self,
                                   const char           *address,
                                   const char           *real_name,
                                   ColombeSource         source,
                                   GError              **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) incoming = NULL;

  g_return_val_if_fail (COLOMBE_IS_CLIENT_CONFIG (self), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  accounts = g_ptr_array_new_with_free_func (g_object_unref);
  incoming = incoming_by_preference (self);

  for (guint i = 0; i < incoming->len; i++)
    {
      ColombeServer *in = g_ptr_array_index (incoming, i);
      guint n_outgoing = MAX (self->outgoing->len, 1);

      for (guint o = 0; o < n_outgoing; o++)
        {
          ColombeServer *out = o < self->outgoing->len ? g_ptr_array_index (self->outgoing, o)
                                                       : NULL;
          ColombeAccount *account = account_new (self, in, out, address, real_name, source, error);

          if (account == NULL)
            return NULL;
          g_ptr_array_add (accounts, account);
        }
    }

  return g_steal_pointer (&accounts);
}

/* Names */

const char *
colombe_confidence_to_string (ColombeConfidence confidence)
{
  return colombe_names_to_string (confidence_names, confidence);
}

gboolean
colombe_confidence_from_string (const char        *text,
                                ColombeConfidence *confidence)
{
  int value;

  g_return_val_if_fail (confidence != NULL, FALSE);

  if (!colombe_names_from_string (confidence_names, text, &value))
    return FALSE;

  *confidence = value;
  return TRUE;
}

const char *
colombe_password_policy_to_string (ColombePasswordPolicy policy)
{
  return colombe_names_to_string (password_policy_names, policy);
}

gboolean
colombe_password_policy_from_string (const char            *text,
                                     ColombePasswordPolicy *policy)
{
  int value;

  g_return_val_if_fail (policy != NULL, FALSE);

  if (!colombe_names_from_string (password_policy_names, text, &value))
    return FALSE;

  *policy = value;
  return TRUE;
}
