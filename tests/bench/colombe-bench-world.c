/* colombe-bench-world.c: the benchmark's domains, every server behind a delay proxy
 *
 * One DNS world (dnsmasq, answering at once) holds three domains:
 *  (a) fast.test: autoconfig.fast.test serves a clientConfig over https;
 *      imap.fast.test and smtp.fast.test are working servers.
 *  (b) slow.test, guess-only: no autoconfig host, the ISPDB answers 404,
 *      no MX, no SRV; slow.test and imap.slow.test are one dead machine
 *      (every port accepts and never answers); mail.slow.test works.
 *  (b') slow2.test: the same, but only imap.slow2.test is dead; the
 *      machine slow2.test refuses every connection.
 * Each host has its own loopback address, where a ColombeTestProxy on
 * every standard port (443, 80, 993, 143, 995, 110, 465, 587, 25) adds the
 * delay each way and forwards to a fixture's free port: the HTTPS server,
 * Dovecot, the SMTP server, a black hole, or a port nobody listens on.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-bench-world"

#include "colombe-bench-world.h"
#include "colombe-test-fixtures.h"

#define ISPDB_HOST "ispdb.bench.test"

const ColombeBenchDomain colombe_bench_domains[COLOMBE_BENCH_N_DOMAINS] = {
  { "(a)", "fast.test", "alice@fast.test",
    "https autoconfig at autoconfig.fast.test",
    "imap:imap.fast.test:993:tls", "smtp.fast.test:465:tls" },
  { "(b)", "slow.test", "alice@slow.test",
    "guess only; slow.test = imap.slow.test, one dead host",
    "imap:mail.slow.test:993:tls", "mail.slow.test:465:tls" },
  { "(b')", "slow2.test", "alice@slow2.test",
    "guess only; imap.slow2.test dead, slow2.test refuses",
    "imap:mail.slow2.test:993:tls", "mail.slow2.test:465:tls" },
};

typedef enum
{
  HOST_WEB,        /* the HTTPS + HTTP server */
  HOST_MAIL,       /* Dovecot and the SMTP server */
  HOST_DEAD,       /* accepts, never answers */
  HOST_REFUSING,   /* refuses every connection */
} HostKind;

static const struct
{
  const char *address;
  HostKind    kind;
  const char *names[3];
} hosts[] = {
  { "127.0.0.3", HOST_WEB, { "autoconfig.fast.test", NULL } },
  { "127.0.0.4", HOST_MAIL, { "imap.fast.test", "smtp.fast.test", NULL } },
  { "127.0.0.5", HOST_DEAD, { "slow.test", "imap.slow.test", NULL } },
  { "127.0.0.6", HOST_MAIL, { "mail.slow.test", NULL } },
  { "127.0.0.7", HOST_DEAD, { "imap.slow2.test", NULL } },
  { "127.0.0.8", HOST_REFUSING, { "slow2.test", NULL } },
  { "127.0.0.9", HOST_MAIL, { "mail.slow2.test", NULL } },
  { "127.0.0.10", HOST_WEB, { ISPDB_HOST, NULL } },
};

static const guint16 standard_ports[] = { 443, 80, 993, 143, 995, 110, 465, 587, 25 };

static const char fast_config[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"fast.test\">\n"
  "    <domain>fast.test</domain>\n"
  "    <displayName>Fast Test Mail</displayName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.fast.test</hostname>\n"
  "      <port>993</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.fast.test</hostname>\n"
  "      <port>465</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

struct _ColombeBenchWorld
{
  ColombeTestPki     *pki;
  GTlsDatabase       *database;
  ColombeTestDns     *dns;
  ColombeTestHttp    *http;
  ColombeTestDovecot *dovecot;
  ColombeTestSmtpd   *smtpd;
  ColombeTestFault   *black_hole;
  guint16             refusing_port;
  char               *ispdb_url;
  GPtrArray          *proxies;
};

/* Where a standard port of a host of @kind leads; 0: nowhere (refused
 * at once, as a port nobody listens on) */
static guint16
target_port (ColombeBenchWorld *self,
             HostKind           kind,
             guint16            port)
{
  switch (kind)
    {
    case HOST_DEAD:
      return colombe_test_fault_get_port (self->black_hole);
    case HOST_REFUSING:
      return self->refusing_port;
    case HOST_WEB:
      return port == 443 ? colombe_test_http_get_https_port (self->http)
             : port == 80 ? colombe_test_http_get_http_port (self->http) : 0;
    case HOST_MAIL:
    default:
      switch (port)
        {
        case 993: return colombe_test_dovecot_get_imaps_port (self->dovecot);
        case 143: return colombe_test_dovecot_get_imap_port (self->dovecot);
        case 995: return colombe_test_dovecot_get_pop3s_port (self->dovecot);
        case 110: return colombe_test_dovecot_get_pop3_port (self->dovecot);
        case 465: return colombe_test_smtpd_get_submissions_port (self->smtpd);
        case 587: return colombe_test_smtpd_get_submission_port (self->smtpd);
        case 25: return colombe_test_smtpd_get_plain_port (self->smtpd);
        default: return 0;
        }
    }
}

static gboolean
start_proxies (ColombeBenchWorld  *self,
               guint               delay_ms,
               GError            **error)
{
  for (guint h = 0; h < G_N_ELEMENTS (hosts); h++)
    for (guint p = 0; p < G_N_ELEMENTS (standard_ports); p++)
      {
        guint16 target = target_port (self, hosts[h].kind, standard_ports[p]);
        ColombeTestProxy *proxy;

        if (target == 0)
          continue;
        proxy = colombe_test_proxy_new (hosts[h].address, standard_ports[p],
                                        COLOMBE_TEST_LOOPBACK, target, delay_ms, error);
        if (proxy == NULL)
          return FALSE;
        g_ptr_array_add (self->proxies, proxy);
      }
  return TRUE;
}

static gboolean
start_dns (ColombeBenchWorld  *self,
           GError            **error)
{
  self->dns = colombe_test_dns_new ();
  for (guint i = 0; i < COLOMBE_BENCH_N_DOMAINS; i++)
    colombe_test_dns_add_zone (self->dns, colombe_bench_domains[i].domain);
  for (guint h = 0; h < G_N_ELEMENTS (hosts); h++)
    for (guint n = 0; hosts[h].names[n] != NULL; n++)
      colombe_test_dns_add_address (self->dns, hosts[h].names[n], hosts[h].address);
  return colombe_test_dns_start (self->dns, error);
}

static gboolean
start_servers (ColombeBenchWorld  *self,
               GError            **error)
{
  self->http = colombe_test_http_new (self->pki);
  colombe_test_http_add_text (self->http, "autoconfig.fast.test", "/mail/config-v1.1.xml",
                              "text/xml", fast_config);
  /* a mirror of the real ISPDB, which knows none of these domains: 404 */
  colombe_test_http_add_ispdb (self->http, ISPDB_HOST, "/v1.1/");
  if (!colombe_test_http_start (self->http, error))
    return FALSE;

  self->dovecot = colombe_test_dovecot_new (self->pki);
  self->smtpd = colombe_test_smtpd_new (self->pki);
  /* each domain's address logs in as itself, with the fixtures' alice's password */
  for (guint d = 0; d < COLOMBE_BENCH_N_DOMAINS; d++)
    {
      colombe_test_dovecot_add_user (self->dovecot, colombe_bench_domains[d].address,
                                     COLOMBE_TEST_ALICE_PASSWORD);
      colombe_test_smtpd_add_user (self->smtpd, colombe_bench_domains[d].address,
                                   COLOMBE_TEST_ALICE_PASSWORD);
    }
  if (!colombe_test_dovecot_start (self->dovecot, error))
    return FALSE;
  colombe_test_smtpd_set_plain_port (self->smtpd, TRUE, TRUE);
  if (!colombe_test_smtpd_start (self->smtpd, error))
    return FALSE;

  self->black_hole = colombe_test_fault_new_black_hole (error);
  if (self->black_hole == NULL)
    return FALSE;
  return colombe_test_net_reserve_ports (COLOMBE_TEST_LOOPBACK, 1, &self->refusing_port, error);
}

/* Starts every server, the DNS world and the proxies; @delay_ms each way */
ColombeBenchWorld *
colombe_bench_world_new (guint    delay_ms,
                         GError **error)
{
  const char *names[] = { "*.fast.test", "fast.test", "*.slow.test", "slow.test",
                          "*.slow2.test", "slow2.test", "*.bench.test", NULL };
  g_autoptr(ColombeBenchWorld) self = g_new0 (ColombeBenchWorld, 1);

  self->proxies = g_ptr_array_new_with_free_func (g_object_unref);
  self->ispdb_url = g_strdup ("https://" ISPDB_HOST "/v1.1");
  self->pki = colombe_test_pki_new (names, error);
  if (self->pki == NULL)
    return NULL;
  self->database = colombe_test_pki_create_database (self->pki, error);
  if (self->database == NULL
      || !start_dns (self, error)
      || !start_servers (self, error)
      || !start_proxies (self, delay_ms, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
colombe_bench_world_get_ca_file (ColombeBenchWorld *self)
{
  return colombe_test_pki_get_ca_file (self->pki);
}

/* Trusts the world's CA only */
GTlsDatabase *
colombe_bench_world_get_tls_database (ColombeBenchWorld *self)
{
  return self->database;
}

const char *
colombe_bench_world_get_ispdb_url (ColombeBenchWorld *self)
{
  return self->ispdb_url;
}

guint
colombe_bench_world_get_n_proxies (ColombeBenchWorld *self)
{
  return self->proxies->len;
}

/* A port of COLOMBE_TEST_LOOPBACK nobody listens on, reached without a
 * proxy: a connection there is refused at once */
guint16
colombe_bench_world_get_refusing_port (ColombeBenchWorld *self)
{
  return self->refusing_port;
}

/* Stops everything that was started */
void
colombe_bench_world_free (ColombeBenchWorld *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->proxies->len; i++)
    colombe_test_proxy_stop (g_ptr_array_index (self->proxies, i));
  g_ptr_array_unref (self->proxies);
  if (self->black_hole != NULL)
    colombe_test_fault_stop (self->black_hole);
  if (self->smtpd != NULL && colombe_test_smtpd_is_running (self->smtpd))
    colombe_test_smtpd_stop (self->smtpd, NULL);
  if (self->dovecot != NULL && colombe_test_dovecot_is_running (self->dovecot))
    colombe_test_dovecot_stop (self->dovecot, NULL);
  if (self->http != NULL && colombe_test_http_is_running (self->http))
    colombe_test_http_stop (self->http);
  if (self->dns != NULL && colombe_test_dns_is_running (self->dns))
    colombe_test_dns_stop (self->dns, NULL);
  g_clear_object (&self->black_hole);
  g_clear_object (&self->smtpd);
  g_clear_object (&self->dovecot);
  g_clear_object (&self->http);
  g_clear_object (&self->dns);
  g_clear_object (&self->database);
  g_clear_object (&self->pki);
  g_free (self->ispdb_url);
  g_free (self);
}
