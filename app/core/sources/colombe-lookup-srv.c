/* colombe-lookup-srv.c: RFC 6186 service records, with RFC 8314's
 *
 * The six services are asked at once. Records are ordered by priority,
 * then by weight, heaviest first, and equal ones keep the DNS order:
 * RFC 2782's weighted random pick spreads load across many clients, but
 * one person's assistant tries every candidate anyway, and the same
 * answer every time is what a person (and a test) can follow. A target
 * "." means the service is decidedly not offered.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-lookup-srv"

#include "config.h"

#include <string.h>

#include "colombe-client-config.h"
#include "colombe-lookup.h"

/* Incoming first, best first: implicit TLS before STARTTLS (RFC 8314),
 * IMAP before POP3 (a mailbox shared between several devices); then
 * outgoing in the same spirit. */
static const struct
{
  const char      *service;
  ColombeProtocol  protocol;
  ColombeSecurity  security;
} services[] = {
  { "_imaps._tcp", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS },
  { "_imap._tcp", COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_STARTTLS },
  { "_pop3s._tcp", COLOMBE_PROTOCOL_POP3, COLOMBE_SECURITY_TLS },
  { "_pop3._tcp", COLOMBE_PROTOCOL_POP3, COLOMBE_SECURITY_STARTTLS },
  { "_submissions._tcp", COLOMBE_PROTOCOL_SMTP, COLOMBE_SECURITY_TLS },
  { "_submission._tcp", COLOMBE_PROTOCOL_SMTP, COLOMBE_SECURITY_STARTTLS },
};

#define N_SERVICES G_N_ELEMENTS (services)

typedef struct
{
  char   *domain;
  char   *address;
  char   *real_name;
  GList  *records[N_SERVICES];   /* GVariant (qqqs), sorted */
  GError *error;                 /* the first failure other than "no such record" */
  guint   pending;
} SrvLookup;

static void
srv_lookup_free (SrvLookup *srv)
{
  g_free (srv->domain);
  g_free (srv->address);
  g_free (srv->real_name);
  for (guint i = 0; i < N_SERVICES; i++)
    g_list_free_full (srv->records[i], (GDestroyNotify) g_variant_unref);
  g_clear_error (&srv->error);
  g_free (srv);
}

static gint
compare_records (gconstpointer a,
                 gconstpointer b)
{
  guint16 first_priority, first_weight, second_priority, second_weight;

  g_variant_get ((GVariant *) a, "(qqq&s)", &first_priority, &first_weight, NULL, NULL);
  g_variant_get ((GVariant *) b, "(qqq&s)", &second_priority, &second_weight, NULL, NULL);

  if (first_priority != second_priority)
    return (first_priority > second_priority) - (first_priority < second_priority);

  return (first_weight < second_weight) - (first_weight > second_weight);
}

GList *
colombe_lookup_srv_sort (GList *records)
{
  return g_list_sort (records, compare_records);
}

/* The server a record offers, or NULL for "." and for unusable records. */
static ColombeServer *
server_from_record (GVariant *record,
                    guint     service)
{
  guint16 port;
  const char *target;
  g_autofree char *host = NULL;
  ColombeServer *server;

  g_variant_get (record, "(qqq&s)", NULL, NULL, &port, &target);
  host = g_ascii_strdown (target, -1);
  if (g_str_has_suffix (host, "."))
    host[strlen (host) - 1] = '\0';

  if (host[0] == '\0' || port == 0 ||
      !colombe_hostname_is_valid (host) || g_hostname_is_ip_address (host))
    {
      if (host[0] != '\0')
        g_debug ("%s: skipping the unusable target %s:%u", services[service].service, target, port);
      return NULL;
    }

  server = colombe_server_new (services[service].protocol, host, port, services[service].security);
  /* RFC 6186 3.2: the full address is the username. */
  colombe_server_set_username_template (server, "%EMAILADDRESS%");
  colombe_server_add_auth_method (server, "password-cleartext");

  return server;
}

/* The records as a clientConfig: every incoming server in order, and the
 * best outgoing one, so each account pairs one with the other. */
static ColombeClientConfig *
config_from_records (SrvLookup *srv)
{
  g_autoptr(ColombeClientConfig) config = colombe_client_config_new ();
  gboolean have_outgoing = FALSE;

  colombe_client_config_set_id (config, srv->domain);
  colombe_client_config_set_display_name (config, srv->domain);
  colombe_client_config_add_domain (config, srv->domain);

  for (guint i = 0; i < N_SERVICES; i++)
    for (GList *l = srv->records[i]; l != NULL; l = l->next)
      {
        g_autoptr(ColombeServer) server = server_from_record (l->data, i);

        if (server == NULL)
          continue;
        if (services[i].protocol != COLOMBE_PROTOCOL_SMTP)
          colombe_client_config_add_incoming (config, server);
        else if (!have_outgoing)
          {
            colombe_client_config_add_outgoing (config, server);
            have_outgoing = TRUE;
          }
      }

  return g_steal_pointer (&config);
}

static const char *
service_of (ColombeServer *server)
{
  for (guint i = 0; i < N_SERVICES; i++)
    if (services[i].protocol == colombe_server_get_protocol (server) &&
        services[i].security == colombe_server_get_security (server))
      return services[i].service;

  g_assert_not_reached ();
}

/* "_imaps._tcp.example.org, _submission._tcp.example.org" */
static void
set_origin (ColombeAccount *account,
            const char     *domain)
{
  ColombeServer *outgoing = colombe_account_get_outgoing (account);
  g_autoptr(ColombeProvenance) provenance = NULL;
  g_autoptr(GString) origin = g_string_new (NULL);

  g_string_append_printf (origin, "%s.%s", service_of (colombe_account_get_incoming (account)),
                          domain);
  if (outgoing != NULL)
    g_string_append_printf (origin, ", %s.%s", service_of (outgoing), domain);

  provenance = colombe_provenance_new (origin->str);
  colombe_account_set_provenance (account, provenance);
}

static void
finish (GTask *task)
{
  SrvLookup *srv = g_task_get_task_data (task);
  g_autoptr(ColombeClientConfig) config = NULL;
  GPtrArray *accounts;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  config = config_from_records (srv);
  if (!(accounts = colombe_client_config_to_accounts (config, srv->address, srv->real_name,
                                                      COLOMBE_SOURCE_SRV, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A failed lookup may hide a better service than the ones that answered;
   * with nothing found at all, the failure is the answer. */
  if (accounts->len == 0 && srv->error != NULL)
    {
      g_ptr_array_unref (accounts);
      g_task_return_error (task, g_steal_pointer (&srv->error));
      return;
    }
  if (srv->error != NULL)
    g_debug ("%s: kept the services that answered despite: %s", srv->domain, srv->error->message);

  for (guint i = 0; i < accounts->len; i++)
    set_origin (g_ptr_array_index (accounts, i), srv->domain);

  g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

typedef struct
{
  GTask *task;
  guint  service;
} ServiceLookup;

static void
got_records (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ServiceLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  SrvLookup *srv = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *records;

  records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  if (records != NULL)
    srv->records[lookup->service] = colombe_lookup_srv_sort (records);
  else if (!g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) &&
           srv->error == NULL)
    srv->error = g_steal_pointer (&error);

  g_free (lookup);
  if (--srv->pending == 0)
    finish (task);
}

static void
srv_run (const ColombeLookupQuery *query,
         GTask                    *task)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  SrvLookup *srv = g_new0 (SrvLookup, 1);

  srv->domain = g_strdup (query->domain);
  srv->address = g_strdup (query->address);
  srv->real_name = g_strdup (query->real_name);
  srv->pending = N_SERVICES;
  g_task_set_task_data (task, srv, (GDestroyNotify) srv_lookup_free);

  for (guint i = 0; i < N_SERVICES; i++)
    {
      g_autofree char *name = g_strconcat (services[i].service, ".", query->domain, NULL);
      ServiceLookup *lookup = g_new0 (ServiceLookup, 1);

      lookup->task = g_object_ref (task);
      lookup->service = i;
      g_resolver_lookup_records_async (resolver, name, G_RESOLVER_RECORD_SRV,
                                       g_task_get_cancellable (task), got_records, lookup);
    }
}

const ColombeLookup colombe_lookup_srv = {
  .name = "srv",
  .provenance = COLOMBE_SOURCE_SRV,
  .needs_network = TRUE,
  .proves_network = TRUE,
  .timeout_ms = 10000,
  .run = srv_run,
};
