/* colombe-bench-batch-world.c: fifty domains of five kinds for the batch benchmark
 *
 * The domains take turns by kind, ten of each (auto01.test, mx01.test,
 * srv01.test, guess01.test, dead01.test, auto02.test…), and the N-th
 * address of any list is userNNNNN at the domain N modulo 50: every list
 * spreads evenly, and the first 100 addresses of the longer lists are the
 * 100-address list.
 *  - autoNN.test: autoconfig.autoNN.test serves a clientConfig (https)
 *    naming the shared imap.mail-a.test and smtp.mail-a.test;
 *  - mxNN.test: its MX is mx.hoster.test, and the ISPDB mirror knows
 *    hoster.test (imap.hoster.test, smtp.hoster.test);
 *  - srvNN.test: RFC 6186 records to imap.mail-b.test and smtp.mail-b.test;
 *  - guessNN.test: only imap.guessNN.test and smtp.guessNN.test;
 *  - deadNN.test: the domain itself and its autoconfig., imap., mail. and
 *    smtp. hosts accept and never answer.
 * Every host name has a loopback address of its own, behind one delay
 * proxy on all the ports it serves: the proxy's counts are the host's,
 * the unit the batch's host gate limits.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-bench-batch-world"

#include "colombe-bench-batch-world.h"
#include "colombe-test-fixtures.h"

#define ISPDB_HOST "ispdb.bench.test"
#define AUTOCONFIG_PATH "/mail/config-v1.1.xml"

static const char * const kind_prefixes[COLOMBE_BATCH_N_KINDS] = {
  "auto", "mx", "srv", "guess", "dead",
};

/* Where the live kinds' answers lead: the provider of their servers */
static const char * const kind_providers[COLOMBE_BATCH_N_KINDS] = {
  "mail-a.test", "hoster.test", "mail-b.test", NULL, NULL,
};

/* The domain itself is both a web host (well-known) and a guessed mail host */
static const struct
{
  const char *prefix;
  const char *group;
} dead_hosts[] = {
  { "", "deadNN.test (web and mail)" },
  { "autoconfig.", "autoconfig.deadNN.test" },
  { "imap.", "imap.deadNN.test" },
  { "mail.", "mail.deadNN.test" },
  { "smtp.", "smtp.deadNN.test" },
};

typedef enum
{
  SERVES_WEB,
  SERVES_IMAP,
  SERVES_SMTP,
  SERVES_NOTHING,   /* a black hole on every standard port */
} Serves;

static const guint16 web_ports[] = { 443, 80, 0 };
static const guint16 imap_ports[] = { 993, 143, 0 };
static const guint16 smtp_ports[] = { 465, 587, 25, 0 };
static const guint16 all_ports[] = { 443, 80, 993, 143, 995, 110, 465, 587, 25, 0 };

struct _ColombeBatchWorld
{
  ColombeTestPki     *pki;
  ColombeTestDns     *dns;
  ColombeTestHttp    *http;
  ColombeTestDovecot *dovecot;
  ColombeTestSmtpd   *smtpd;
  ColombeTestFault   *black_hole;
  char               *ispdb_url;
  GPtrArray          *hosts;      /* ColombeBatchHost */
  guint               delay_ms;
};

/* ---- the lists ---- */

ColombeBatchKind
colombe_batch_domain_kind (guint index)
{
  return (index % COLOMBE_BATCH_N_DOMAINS) % COLOMBE_BATCH_N_KINDS;
}

char *
colombe_batch_dup_domain (guint index)
{
  guint domain = index % COLOMBE_BATCH_N_DOMAINS;

  return g_strdup_printf ("%s%02u.test", kind_prefixes[domain % COLOMBE_BATCH_N_KINDS],
                          domain / COLOMBE_BATCH_N_KINDS + 1);
}

char *
colombe_batch_dup_address (guint index)
{
  g_autofree char *domain = colombe_batch_dup_domain (index);

  return g_strdup_printf ("user%05u@%s", index, domain);
}

char *
colombe_batch_dup_password (guint index)
{
  return g_strdup_printf ("pw-%05u-Batch", index);
}

/* The host of the @service ("imap", "smtp") of the @index-th address */
static char *
dup_expected_host (guint       index,
                   const char *service)
{
  ColombeBatchKind kind = colombe_batch_domain_kind (index);
  g_autofree char *domain = colombe_batch_dup_domain (index);

  if (kind == COLOMBE_BATCH_KIND_DEAD)
    return NULL;
  return g_strdup_printf ("%s.%s", service,
                          kind_providers[kind] != NULL ? kind_providers[kind] : domain);
}

char *
colombe_batch_dup_expected_incoming (guint index)
{
  g_autofree char *host = dup_expected_host (index, "imap");

  return host != NULL ? g_strdup_printf ("imap:%s:993:tls", host) : NULL;
}

char *
colombe_batch_dup_expected_outgoing (guint index)
{
  g_autofree char *host = dup_expected_host (index, "smtp");

  return host != NULL ? g_strdup_printf ("%s:465:tls", host) : NULL;
}

/* The source the answer must come from: the https autoconfig, not its
 * http fallback, which needs the person's consent */
const char *
colombe_batch_expected_source (guint index)
{
  static const char * const sources[COLOMBE_BATCH_N_KINDS] = {
    "autoconfig", "mx", "srv", "guess", NULL,
  };

  return sources[colombe_batch_domain_kind (index)];
}

const char *
colombe_batch_kind_label (ColombeBatchKind kind)
{
  static const char * const labels[COLOMBE_BATCH_N_KINDS] = {
    "autoNN", "mxNN", "srvNN", "guessNN", "deadNN",
  };

  return labels[kind];
}

/* ---- the documents ---- */

static char *
dup_client_config (const char *domain,
                   const char *provider)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"%s\">\n"
    "    <domain>%s</domain>\n"
    "    <displayName>%s</displayName>\n"
    "    <incomingServer type=\"imap\">\n"
    "      <hostname>imap.%s</hostname>\n"
    "      <port>993</port>\n"
    "      <socketType>SSL</socketType>\n"
    "      <username>%%EMAILADDRESS%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </incomingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname>smtp.%s</hostname>\n"
    "      <port>465</port>\n"
    "      <socketType>SSL</socketType>\n"
    "      <username>%%EMAILADDRESS%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </outgoingServer>\n"
    "  </emailProvider>\n"
    "</clientConfig>\n",
    provider, domain, provider, provider, provider);
}

/* ---- the hosts ---- */

static void
host_free (ColombeBatchHost *host)
{
  g_clear_object (&host->proxy);
  g_free (host->name);
  g_free (host);
}

static const guint16 *
ports_of (Serves serves)
{
  switch (serves)
    {
    case SERVES_WEB: return web_ports;
    case SERVES_IMAP: return imap_ports;
    case SERVES_SMTP: return smtp_ports;
    case SERVES_NOTHING:
    default: return all_ports;
    }
}

/* The server behind a standard port of a live host */
static guint16
target_port (ColombeBatchWorld *self,
             guint16            port)
{
  switch (port)
    {
    case 443: return colombe_test_http_get_https_port (self->http);
    case 80: return colombe_test_http_get_http_port (self->http);
    case 993: return colombe_test_dovecot_get_imaps_port (self->dovecot);
    case 143: return colombe_test_dovecot_get_imap_port (self->dovecot);
    case 465: return colombe_test_smtpd_get_submissions_port (self->smtpd);
    case 587: return colombe_test_smtpd_get_submission_port (self->smtpd);
    case 25: return colombe_test_smtpd_get_plain_port (self->smtpd);
    default: return 0;
    }
}

/* The next loopback address: 127.0.1.1, 127.0.1.2… */
static char *
dup_host_address (ColombeBatchWorld *self)
{
  guint n = self->hosts->len + 1;

  return g_strdup_printf ("127.0.%u.%u", 1 + n / 250, n % 250 + 1);
}

/* The new host, or NULL on an error */
static ColombeBatchHost *
add_host (ColombeBatchWorld  *self,
          const char         *name,
          const char         *group,
          Serves              serves,
          GError            **error)
{
  g_autofree char *address = dup_host_address (self);
  const guint16 *ports = ports_of (serves);
  guint16 black_hole = colombe_test_fault_get_port (self->black_hole);
  ColombeBatchHost *host = g_new0 (ColombeBatchHost, 1);

  host->name = g_strdup (name);
  host->group = group;
  g_ptr_array_add (self->hosts, host);
  colombe_test_dns_add_address (self->dns, name, address);
  for (guint i = 0; ports[i] != 0; i++)
    {
      guint16 target = serves == SERVES_NOTHING ? black_hole : target_port (self, ports[i]);

      if (host->proxy == NULL)
        host->proxy = colombe_test_proxy_new (address, ports[i], COLOMBE_TEST_LOOPBACK, target,
                                              self->delay_ms, error);
      else if (!colombe_test_proxy_add_port (host->proxy, ports[i], target, error))
        return NULL;
      if (host->proxy == NULL)
        return NULL;
    }
  return host;
}

static gboolean
add_provider (ColombeBatchWorld  *self,
              const char         *provider,
              GError            **error)
{
  g_autofree char *imap = g_strconcat ("imap.", provider, NULL);
  g_autofree char *smtp = g_strconcat ("smtp.", provider, NULL);

  /* no group: each is reported on its own line, by its name */
  return add_host (self, imap, NULL, SERVES_IMAP, error) != NULL
         && add_host (self, smtp, NULL, SERVES_SMTP, error) != NULL;
}

/* The names, records and hosts of the @index-th domain */
static gboolean
add_domain (ColombeBatchWorld  *self,
            guint               index,
            GError            **error)
{
  g_autofree char *domain = colombe_batch_dup_domain (index);
  g_autofree char *autoconfig = g_strconcat ("autoconfig.", domain, NULL);
  g_autofree char *imap = g_strconcat ("imap.", domain, NULL);
  g_autofree char *smtp = g_strconcat ("smtp.", domain, NULL);
  g_autofree char *srv_imap = g_strconcat ("_imaps._tcp.", domain, NULL);
  g_autofree char *srv_smtp = g_strconcat ("_submissions._tcp.", domain, NULL);

  switch (colombe_batch_domain_kind (index))
    {
    case COLOMBE_BATCH_KIND_AUTOCONFIG:
      /* its document is one of the web server's routes (start_servers) */
      return add_host (self, autoconfig, "autoconfig.autoNN.test", SERVES_WEB, error) != NULL;
    case COLOMBE_BATCH_KIND_MX:
      colombe_test_dns_add_mx (self->dns, domain, "mx.hoster.test", 10);
      return TRUE;
    case COLOMBE_BATCH_KIND_SRV:
      colombe_test_dns_add_srv (self->dns, srv_imap, "imap.mail-b.test", 993, 0, 1);
      colombe_test_dns_add_srv (self->dns, srv_smtp, "smtp.mail-b.test", 465, 0, 1);
      return TRUE;
    case COLOMBE_BATCH_KIND_GUESS:
      return add_host (self, imap, "imap.guessNN.test", SERVES_IMAP, error) != NULL
             && add_host (self, smtp, "smtp.guessNN.test", SERVES_SMTP, error) != NULL;
    case COLOMBE_BATCH_KIND_DEAD:
    case COLOMBE_BATCH_N_KINDS:
    default:
      for (guint i = 0; i < G_N_ELEMENTS (dead_hosts); i++)
        {
          g_autofree char *name = g_strconcat (dead_hosts[i].prefix, domain, NULL);
          ColombeBatchHost *host = add_host (self, name, dead_hosts[i].group, SERVES_NOTHING,
                                             error);

          if (host == NULL)
            return FALSE;
          host->web_and_mail = *dead_hosts[i].prefix == '\0';
        }
      return TRUE;
    }
}

/* Before the servers start: the hosts' proxies need their ports */
static void
add_routes_and_users (ColombeBatchWorld *self,
                      guint              n_users)
{
  g_autofree char *hoster = dup_client_config ("hoster.test", "hoster.test");

  /* the ISPDB mirror knows the hoster only: any other domain gets 404 */
  colombe_test_http_add_text (self->http, ISPDB_HOST, "/v1.1/hoster.test", "text/xml", hoster);
  for (guint i = 0; i < n_users; i++)
    {
      g_autofree char *address = colombe_batch_dup_address (i);
      g_autofree char *password = colombe_batch_dup_password (i);

      colombe_test_dovecot_add_user (self->dovecot, address, password);
      colombe_test_smtpd_add_user (self->smtpd, address, password);
    }
}

static gboolean
start_servers (ColombeBatchWorld  *self,
               guint               n_users,
               GError            **error)
{
  self->http = colombe_test_http_new (self->pki);
  self->dovecot = colombe_test_dovecot_new (self->pki);
  self->smtpd = colombe_test_smtpd_new (self->pki);
  colombe_test_smtpd_set_plain_port (self->smtpd, TRUE, TRUE);
  for (guint d = 0; d < COLOMBE_BATCH_N_DOMAINS; d++)
    if (colombe_batch_domain_kind (d) == COLOMBE_BATCH_KIND_AUTOCONFIG)
      {
        g_autofree char *domain = colombe_batch_dup_domain (d);
        g_autofree char *config = dup_client_config (domain, "mail-a.test");
        g_autofree char *host = g_strconcat ("autoconfig.", domain, NULL);

        colombe_test_http_add_text (self->http, host, AUTOCONFIG_PATH, "text/xml", config);
      }
  add_routes_and_users (self, n_users);

  return colombe_test_http_start (self->http, error)
         && colombe_test_dovecot_start (self->dovecot, error)
         && colombe_test_smtpd_start (self->smtpd, error)
         && (self->black_hole = colombe_test_fault_new_black_hole (error)) != NULL;
}

/* The hosts and their names, then the DNS, which is fixed once started */
static gboolean
start_hosts_and_dns (ColombeBatchWorld  *self,
                     GError            **error)
{
  self->dns = colombe_test_dns_new ();
  colombe_test_dns_add_zone (self->dns, "test");
  if (!add_host (self, ISPDB_HOST, NULL, SERVES_WEB, error)
      || !add_provider (self, "mail-a.test", error)
      || !add_provider (self, "hoster.test", error)
      || !add_provider (self, "mail-b.test", error))
    return FALSE;
  for (guint d = 0; d < COLOMBE_BATCH_N_DOMAINS; d++)
    if (!add_domain (self, d, error))
      return FALSE;
  return colombe_test_dns_start (self->dns, error);
}

static ColombeTestPki *
create_pki (GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint d = 0; d < COLOMBE_BATCH_N_DOMAINS; d++)
    {
      g_autofree char *domain = colombe_batch_dup_domain (d);

      g_ptr_array_add (names, g_strconcat ("*.", domain, NULL));
      g_ptr_array_add (names, g_strdup (domain));
    }
  g_ptr_array_add (names, g_strdup ("*.mail-a.test"));
  g_ptr_array_add (names, g_strdup ("*.mail-b.test"));
  g_ptr_array_add (names, g_strdup ("*.hoster.test"));
  g_ptr_array_add (names, g_strdup ("*.bench.test"));
  g_ptr_array_add (names, NULL);

  return colombe_test_pki_new ((const char * const *) names->pdata, error);
}

/* Starts the servers, the hosts and the DNS world; @n_users: the first
 * addresses of the lists, whose passwords the mail servers know */
ColombeBatchWorld *
colombe_batch_world_new (guint    delay_ms,
                         guint    n_users,
                         GError **error)
{
  g_autoptr(ColombeBatchWorld) self = g_new0 (ColombeBatchWorld, 1);

  self->delay_ms = delay_ms;
  self->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_free);
  self->ispdb_url = g_strdup ("https://" ISPDB_HOST "/v1.1");
  if (!(self->pki = create_pki (error))
      || !start_servers (self, n_users, error)
      || !start_hosts_and_dns (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
colombe_batch_world_get_ca_file (ColombeBatchWorld *self)
{
  return colombe_test_pki_get_ca_file (self->pki);
}

const char *
colombe_batch_world_get_ispdb_url (ColombeBatchWorld *self)
{
  return self->ispdb_url;
}

/* ColombeBatchHost, those of a group one after another */
GPtrArray *
colombe_batch_world_get_hosts (ColombeBatchWorld *self)
{
  return self->hosts;
}

/* Every fixture stops its server when let go of */
void
colombe_batch_world_free (ColombeBatchWorld *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->hosts, g_ptr_array_unref);
  g_clear_object (&self->black_hole);
  g_clear_object (&self->smtpd);
  g_clear_object (&self->dovecot);
  g_clear_object (&self->http);
  g_clear_object (&self->dns);
  g_clear_object (&self->pki);
  g_free (self->ispdb_url);
  g_free (self);
}
