/* test-export.c: every export target, and how their files are written
 *
 * Each target's own client test lives in the integration suite; here, what
 * holds for all of them: no password unless asked, the table's promises,
 * what each does with an OAuth2 account, atomic writing, no file replaced
 * without --force.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "colombe-client-config.h"
#include "colombe-export-text.h"
#include "colombe-exporter.h"
#include "colombe-provider-db.h"
#include "colombe-test-fixtures.h"

#define MARKER "Marker-Pw-7f3a\"\\é"

static ColombeAccount *
account_new (ColombeProtocol protocol,
             ColombeSecurity security)
{
  ColombeAccount *account = colombe_account_new ("Zoé Martin", "zoe@asso-exemple.fr");
  g_autoptr(ColombeServer) incoming = colombe_server_new (protocol, "mail.asso-exemple.fr",
                                                          colombe_protocol_default_port (protocol, security),
                                                          security);
  g_autoptr(ColombeServer) outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP, "smtp.asso-exemple.fr",
                                                          465, COLOMBE_SECURITY_TLS);

  colombe_server_set_username (incoming, "zoe@asso-exemple.fr");
  colombe_server_set_username (outgoing, "zoe@asso-exemple.fr");
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);
  colombe_account_set_provider (account, "asso-exemple.fr", "Asso Exemple");

  return account;
}

static gboolean
files_contain (GPtrArray  *files,
               const char *needle)
{
  for (guint i = 0; i < files->len; i++)
    {
      ColombeExportFile *file = g_ptr_array_index (files, i);
      gsize length;
      const char *data = g_bytes_get_data (file->contents, &length);

      for (gsize at = 0; data != NULL && at + strlen (needle) <= length; at++)
        if (memcmp (data + at, needle, strlen (needle)) == 0)
          return TRUE;
    }

  return FALSE;
}

/* Without a password in the request, none of it in any file; with one,
 * exactly the targets that say they can carry it do. */
static void
test_no_password_unless_asked (void)
{
  ColombeProtocol protocols[] = { COLOMBE_PROTOCOL_IMAP, COLOMBE_PROTOCOL_POP3 };
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);

  g_assert_cmpuint (n_exporters, >, 0);
  for (guint i = 0; i < n_exporters; i++)
    for (guint p = 0; p < G_N_ELEMENTS (protocols); p++)
      {
        const ColombeExporter *exporter = exporters[i];
        g_autoptr(ColombeAccount) account = account_new (protocols[p], COLOMBE_SECURITY_TLS);
        ColombeExportRequest request = { account, NULL };
        g_autoptr(GPtrArray) without = NULL;
        g_autoptr(GPtrArray) with = NULL;
        g_autoptr(GError) error = NULL;

        if (exporter->kind == COLOMBE_EXPORT_KIND_ACTION)
          continue;

        g_test_message ("%s, %s", exporter->name, colombe_protocol_to_string (protocols[p]));
        without = exporter->build (&request, &error);
        if (without == NULL)
          {
            /* a format that cannot say this account says so, plainly */
            g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED);
            continue;
          }
        g_assert_no_error (error);
        g_assert_cmpuint (without->len, >, 0);
        g_assert_false (files_contain (without, "Marker-Pw"));

        if (!exporter->can_carry_password)
          continue;
        request.password = MARKER;
        with = exporter->build (&request, &error);
        g_assert_no_error (error);
        g_assert_nonnull (with);
        /* carried (a QR code's PNG is checked by decoding it, elsewhere) */
        if (!g_str_equal (exporter->name, "qr"))
          g_assert_true (files_contain (with, "Marker-Pw"));
      }
}

static void
test_table (void)
{
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);

  for (guint i = 0; i < n_exporters; i++)
    {
      const ColombeExporter *exporter = exporters[i];

      g_assert_nonnull (exporter->name);
      g_assert_nonnull (exporter->description);
      g_assert_true (colombe_exporter_find (exporter->name) == exporter);
      if (exporter->kind == COLOMBE_EXPORT_KIND_ACTION)
        g_assert_true (exporter->apply_async != NULL && exporter->apply_finish != NULL);
      else
        g_assert_nonnull (exporter->build);
      if (exporter->kind == COLOMBE_EXPORT_KIND_FILE)
        g_assert_nonnull (exporter->extension);
    }
  g_assert_null (colombe_exporter_find ("no-such-target"));
}

/* An account at @incoming_host and @outgoing_host that signs in with
 * @auth on both servers. */
static ColombeAccount *
account_signing_in_by (ColombeProtocol  protocol,
                       const char      *incoming_host,
                       const char      *outgoing_host,
                       const char      *auth)
{
  ColombeAccount *account = colombe_account_new ("Alice Martin", "alice@hotmail.fr");
  guint16 port = colombe_protocol_default_port (protocol, COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) incoming = colombe_server_new (protocol, incoming_host, port,
                                                          COLOMBE_SECURITY_TLS);
  g_autoptr(ColombeServer) outgoing = colombe_server_new (COLOMBE_PROTOCOL_SMTP, outgoing_host,
                                                          587, COLOMBE_SECURITY_STARTTLS);

  colombe_server_set_username (incoming, "alice@hotmail.fr");
  colombe_server_set_username (outgoing, "alice@hotmail.fr");
  colombe_server_add_auth_method (incoming, auth);
  colombe_server_add_auth_method (outgoing, auth);
  colombe_account_set_incoming (account, incoming);
  colombe_account_set_outgoing (account, outgoing);

  return account;
}

static ColombeAccount *
account_signing_in (const char *incoming_host,
                    const char *outgoing_host,
                    const char *auth)
{
  return account_signing_in_by (COLOMBE_PROTOCOL_IMAP, incoming_host, outgoing_host, auth);
}

static guint
count_in_files (GPtrArray  *files,
                const char *needle)
{
  guint count = 0;

  for (guint i = 0; i < files->len; i++)
    {
      ColombeExportFile *file = g_ptr_array_index (files, i);
      g_autofree char *text = g_strndup (g_bytes_get_data (file->contents, NULL),
                                         g_bytes_get_size (file->contents));

      for (const char *at = strstr (text, needle); at != NULL; at = strstr (at + 1, needle))
        count++;
    }

  return count;
}

/* What the targets that sign in with OAuth2 write for it, once per
 * server; NULL: a picture, read by zbarimg in test-export-phone. A target
 * neither here nor refusing (without_oauth2) fails the test. */
static const struct
{
  const char *target;
  const char *oauth2;
} signing_in[] = {
  { "autoconfig", "<authentication>OAuth2</authentication>" },
  { "thunderbird", ".authMethod\", 10);" },
  { "k9", "<authentication-type>XOAUTH2</authentication-type>" },
  { "qr", NULL },
  { "qr-text", ",6,\"alice@hotmail.fr\"" },
  { "evolution", "Method=Outlook" },
};

static const char *
oauth2_written (const ColombeExporter *exporter,
                gboolean              *found)
{
  for (gsize i = 0; i < G_N_ELEMENTS (signing_in); i++)
    if (g_str_equal (signing_in[i].target, exporter->name))
      {
        *found = TRUE;
        return signing_in[i].oauth2;
      }

  *found = FALSE;
  return NULL;
}

static void
check_signs_in (const ColombeExporter *exporter,
                const char            *oauth2,
                ColombeAccount        *account,
                ColombeAccount        *with_password)
{
  ColombeExportRequest request = { account, NULL };
  ColombeExportRequest password_request = { with_password, NULL };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) password_files = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (colombe_exporter_can_carry (exporter, account, &error));
  g_assert_no_error (error);
  files = colombe_exporter_build (exporter, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (files);
  if (oauth2 == NULL)
    return;

  /* on both servers, and only for OAuth2 */
  g_assert_cmpuint (count_in_files (files, oauth2), ==, 2);
  password_files = colombe_exporter_build (exporter, &password_request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_files (password_files, oauth2), ==, 0);
}

static void
check_refuses (const ColombeExporter *exporter,
               ColombeAccount        *account,
               ColombeAccount        *with_password)
{
  ColombeExportRequest request = { account, NULL };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *expected = NULL;

  g_assert_nonnull (exporter->without_oauth2);
  g_assert_false (colombe_exporter_can_carry (exporter, account, &error));
  g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED);
  expected = exporter->oauth2_way_out
             ? g_strdup_printf ("%s: %s", exporter->without_oauth2,
                                colombe_export_oauth2_way_out (account))
             : g_strdup (exporter->without_oauth2);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* one sentence, naming what to use instead */
  g_assert_null (strchr (expected, '\n'));
  g_assert_nonnull (strstr (expected, ": "));
  g_assert_false (g_str_has_suffix (expected, "."));

  if (exporter->kind != COLOMBE_EXPORT_KIND_ACTION)
    {
      files = colombe_exporter_build (exporter, &request, &error);
      g_assert_null (files);
      g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED);
      g_clear_error (&error);
    }

  /* the same target takes the account that signs in with a password */
  g_assert_true (colombe_exporter_can_carry (exporter, with_password, &error));
  g_assert_no_error (error);
}

/* Every target of the table either writes OAuth2 on both servers, or
 * refuses an OAuth2 account with its one sentence: a new target cannot
 * forget to say which. */
static void
test_oauth2_every_target (void)
{
  g_autoptr(ColombeAccount) account = account_signing_in ("outlook.office365.com",
                                                          "smtp-mail.outlook.com", "OAuth2");
  g_autoptr(ColombeAccount) with_password = account_signing_in ("outlook.office365.com",
                                                                "smtp-mail.outlook.com",
                                                                "password-cleartext");
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);
  guint n_refusing = 0;

  g_assert_true (colombe_export_uses_oauth2 (account));
  g_assert_false (colombe_export_uses_oauth2 (with_password));
  for (guint i = 0; i < n_exporters; i++)
    {
      gboolean found;
      const char *oauth2 = oauth2_written (exporters[i], &found);

      g_test_message ("%s", exporters[i]->name);
      if (found)
        {
          g_assert_null (exporters[i]->without_oauth2);
          check_signs_in (exporters[i], oauth2, account, with_password);
        }
      else
        {
          check_refuses (exporters[i], account, with_password);
          n_refusing++;
        }
    }
  /* mobileconfig, outlook, msmtp, mbsync, neomutt, aerc, geary, goa */
  g_assert_cmpuint (n_refusing, ==, 8);
}

/* Evolution names its OAuth2 service by the provider; one it has none
 * for is refused with its own sentence. */
static void
test_oauth2_evolution (void)
{
  /* Thunderbird as the way out only where it signs in itself */
  const char *thunderbird = "Evolution signs in with OAuth2 only to Google, Microsoft and Yahoo: "
                            "use Thunderbird for this account";
  const char *own_app = "Evolution signs in with OAuth2 only to Google, Microsoft and Yahoo: "
                        "use the provider’s own app or its webmail";
  const struct { const char *imap, *smtp, *method, *refusal; } cases[] = {
    { "imap.gmail.com", "smtp.gmail.com", "Method=Google", NULL },
    { "outlook.office365.com", "smtp-mail.outlook.com", "Method=Outlook", NULL },
    { "imap.mail.yahoo.com", "smtp.mail.yahoo.com", "Method=Yahoo", NULL },
    { "imap.aol.com", "smtp.aol.com", NULL, thunderbird },
    { "mail.asso-exemple.fr", "smtp.asso-exemple.fr", NULL, own_app },
  };
  const ColombeExporter *evolution = colombe_exporter_find ("evolution");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ColombeAccount) account = account_signing_in (cases[i].imap, cases[i].smtp,
                                                              "OAuth2");
      ColombeExportRequest request = { account, NULL };
      g_autoptr(GPtrArray) files = colombe_exporter_build (evolution, &request, NULL);
      g_autoptr(GError) error = NULL;

      if (cases[i].method != NULL)
        {
          g_assert_nonnull (files);
          g_assert_cmpuint (count_in_files (files, cases[i].method), ==, 2);
          continue;
        }
      g_assert_null (files);
      g_assert_false (colombe_exporter_can_carry (evolution, account, &error));
      g_assert_cmpstr (error->message, ==, cases[i].refusal);
    }
}

/* Thunderbird for Android signs in to Microsoft only as
 * outlook.office365.com and smtp.office365.com */
static void
test_oauth2_android_hosts (void)
{
  const char *targets[] = { "k9", "qr-text" };
  g_autoptr(ColombeAccount) account = account_signing_in ("outlook.office365.com",
                                                          "smtp-mail.outlook.com", "OAuth2");
  g_autoptr(ColombeAccount) with_password = account_signing_in ("mail.example.org",
                                                                "smtp-mail.outlook.com",
                                                                "password-cleartext");

  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      const ColombeExporter *exporter = colombe_exporter_find (targets[i]);
      ColombeExportRequest request = { account, NULL };
      ColombeExportRequest password_request = { with_password, NULL };
      g_autoptr(GPtrArray) files = colombe_exporter_build (exporter, &request, NULL);
      g_autoptr(GPtrArray) password_files = colombe_exporter_build (exporter, &password_request,
                                                                    NULL);

      g_assert_cmpuint (count_in_files (files, "smtp.office365.com"), ==, 1);
      g_assert_cmpuint (count_in_files (files, "outlook.office365.com"), ==, 1);
      g_assert_cmpuint (count_in_files (files, "smtp-mail.outlook.com"), ==, 0);
      /* a password server keeps the name it was proven under */
      g_assert_cmpuint (count_in_files (password_files, "smtp-mail.outlook.com"), ==, 1);
    }
}

/* @exporter refuses @account, before anything is built, with one
 * sentence that starts with @start and names what to do instead. */
static void
check_refuses_oauth2 (const char     *target,
                      ColombeAccount *account,
                      const char     *start)
{
  const ColombeExporter *exporter = colombe_exporter_find (target);
  ColombeExportRequest request = { account, NULL };
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  g_test_message ("%s", target);
  g_assert_false (colombe_exporter_can_carry (exporter, account, &error));
  g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (error->message, start));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, ": "));
  g_assert_false (g_str_has_suffix (error->message, "."));
  g_clear_error (&error);

  files = colombe_exporter_build (exporter, &request, &error);
  g_assert_null (files);
  g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED);
}

#define THUNDERBIRD_REFUSAL "Thunderbird signs in with OAuth2 only to the providers it knows"
#define ANDROID_REFUSAL "Thunderbird for Android signs in with OAuth2 only to the IMAP and SMTP"

/* Thunderbird and Thunderbird for Android sign in with OAuth2 only to the
 * providers they have built in: an association's own OAuth2 servers are
 * refused by every target they read, and the same servers with a
 * password are not. */
static void
test_oauth2_unknown_provider (void)
{
  const char *thunderbird_targets[] = { "thunderbird", "autoconfig" };
  const char *android_targets[] = { "k9", "qr", "qr-text" };
  g_autoptr(ColombeAccount) account = account_signing_in ("mail.asso-exemple.fr",
                                                          "smtp.asso-exemple.fr", "OAuth2");
  g_autoptr(ColombeAccount) with_password = account_signing_in ("mail.asso-exemple.fr",
                                                                "smtp.asso-exemple.fr",
                                                                "password-cleartext");

  for (gsize i = 0; i < G_N_ELEMENTS (thunderbird_targets); i++)
    check_refuses_oauth2 (thunderbird_targets[i], account, THUNDERBIRD_REFUSAL);
  for (gsize i = 0; i < G_N_ELEMENTS (android_targets); i++)
    check_refuses_oauth2 (android_targets[i], account, ANDROID_REFUSAL);

  for (gsize i = 0; i < G_N_ELEMENTS (android_targets); i++)
    g_assert_true (colombe_exporter_can_carry (colombe_exporter_find (android_targets[i]),
                                               with_password, NULL));
  g_assert_true (colombe_exporter_can_carry (colombe_exporter_find ("thunderbird"), with_password,
                                             NULL));
}

/* The targets that send elsewhere name the programs that know the
 * provider: both for Outlook.com, Thunderbird alone for Fastmail (not in
 * Evolution's list), neither for an association's own OAuth2 servers. */
static void
test_oauth2_way_out (void)
{
  static const struct
  {
    const char *incoming;
    const char *outgoing;
    const char *way_out;
  } cases[] = {
    { "outlook.office365.com", "smtp-mail.outlook.com", "use Thunderbird or Evolution instead" },
    { "imap.fastmail.com", "smtp.fastmail.com", "use Thunderbird instead" },
    { "mail.asso-exemple.fr", "smtp.asso-exemple.fr",
      "use the provider’s own app or its webmail instead" },
  };
  const char *targets[] = { "msmtp", "mbsync", "neomutt", "aerc" };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ColombeAccount) account = account_signing_in (cases[i].incoming,
                                                              cases[i].outgoing, "OAuth2");

      g_assert_cmpstr (colombe_export_oauth2_way_out (account), ==, cases[i].way_out);
      for (gsize j = 0; j < G_N_ELEMENTS (targets); j++)
        {
          g_autoptr(GError) error = NULL;

          g_assert_false (colombe_exporter_can_carry (colombe_exporter_find (targets[j]), account,
                                                      &error));
          g_assert_true (g_str_has_suffix (error->message, cases[i].way_out));
        }
    }
}

/* Thunderbird for Android knows Gmail's IMAP and SMTP servers, not its POP3
 * one; Thunderbird knows every name under gmail.com. */
static void
test_oauth2_android_pop3 (void)
{
  g_autoptr(ColombeAccount) pop3 = account_signing_in_by (COLOMBE_PROTOCOL_POP3, "pop.gmail.com",
                                                          "smtp.gmail.com", "OAuth2");
  g_autoptr(ColombeAccount) imap = account_signing_in ("imap.gmail.com", "smtp.gmail.com",
                                                       "OAuth2");

  check_refuses_oauth2 ("k9", pop3, ANDROID_REFUSAL);
  check_refuses_oauth2 ("qr-text", pop3, ANDROID_REFUSAL);
  g_assert_true (colombe_exporter_can_carry (colombe_exporter_find ("k9"), imap, NULL));
  g_assert_true (colombe_exporter_can_carry (colombe_exporter_find ("thunderbird"), pop3, NULL));
}

/* The clientConfig file names the provider's sign-in page, from the
 * built-in database, found by the servers' hosts (a domain served by
 * Google gets Google's); a provider Thunderbird knows but the database
 * does not is refused, rather than written without it. */
static void
test_oauth2_autoconfig (void)
{
  const struct { const char *imap, *smtp, *issuer; } cases[] = {
    { "outlook.office365.com", "smtp-mail.outlook.com", "login.microsoftonline.com" },
    { "imap.gmail.com", "smtp.gmail.com", "accounts.google.com" },
    { "imap.mail.yahoo.com", "smtp.mail.yahoo.com", "login.yahoo.com" },
  };
  const ColombeExporter *autoconfig = colombe_exporter_find ("autoconfig");
  g_autoptr(ColombeAccount) mail_ru = account_signing_in ("imap.mail.ru", "smtp.mail.ru", "OAuth2");
  g_autoptr(ColombeAccount) with_password = account_signing_in ("imap.gmail.com", "smtp.gmail.com",
                                                                "password-cleartext");
  ColombeExportRequest password_request = { with_password, NULL };
  g_autoptr(GPtrArray) password_files = colombe_exporter_build (autoconfig, &password_request,
                                                                NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ColombeAccount) account = account_signing_in (cases[i].imap, cases[i].smtp,
                                                              "OAuth2");
      ColombeExportRequest request = { account, NULL };
      g_autoptr(GPtrArray) files = colombe_exporter_build (autoconfig, &request, NULL);
      ColombeExportFile *file = g_ptr_array_index (files, 0);
      g_autoptr(ColombeClientConfig) read = NULL;
      g_autoptr(GError) error = NULL;
      ColombeClientConfig *provider;
      const ColombeOAuth2 *oauth2;

      g_test_message ("%s", cases[i].imap);
      read = colombe_client_config_new_from_data (g_bytes_get_data (file->contents, NULL),
                                                  g_bytes_get_size (file->contents), "export",
                                                  &error);
      g_assert_no_error (error);
      oauth2 = colombe_client_config_get_oauth2 (read);
      g_assert_nonnull (oauth2);
      g_assert_cmpstr (oauth2->issuer, ==, cases[i].issuer);
      provider = colombe_provider_db_lookup_for_host (colombe_provider_db_get_default (),
                                                      cases[i].imap);
      g_assert_cmpstr (oauth2->scope, ==, colombe_client_config_get_oauth2 (provider)->scope);
      g_assert_cmpstr (oauth2->auth_url, ==, colombe_client_config_get_oauth2 (provider)->auth_url);
      g_assert_cmpstr (oauth2->token_url, ==,
                       colombe_client_config_get_oauth2 (provider)->token_url);
    }

  check_refuses_oauth2 ("autoconfig", mail_ru, "Colombe does not know this provider’s OAuth2 "
                                               "sign-in page");
  g_assert_true (colombe_exporter_can_carry (colombe_exporter_find ("thunderbird"), mail_ru, NULL));
  /* a password account names no sign-in page */
  g_assert_false (files_contain (password_files, "<oAuth2>"));
}

static void
test_host_in_domain (void)
{
  g_assert_true (colombe_export_host_in_domain ("smtp.gmail.com", "gmail.com"));
  g_assert_true (colombe_export_host_in_domain ("Imap.GMAIL.com.", "gmail.com"));
  g_assert_true (colombe_export_host_in_domain ("gmail.com", "gmail.com"));
  g_assert_false (colombe_export_host_in_domain ("notgmail.com", "gmail.com"));
  g_assert_false (colombe_export_host_in_domain ("gmail.com.example.org", "gmail.com"));
  g_assert_false (colombe_export_host_in_domain ("mail.com", "gmail.com"));
  g_assert_false (colombe_export_host_in_domain (NULL, "gmail.com"));
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* Written with mode 0600, never over an existing file without force, and
 * a refused write leaves the old file as it was. */
static void
test_write_file (void)
{
  g_autoptr(ColombeAccount) account = account_new (COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS);
  const ColombeExporter *exporter = colombe_exporter_find ("autoconfig");
  ColombeExportRequest request = { account, NULL };
  g_autofree char *dir = g_dir_make_tmp ("colombe-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "config-v1.1.xml", NULL);
  g_autoptr(GPtrArray) files = exporter->build (&request, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *kept = NULL;
  GStatBuf info;

  g_assert_true (colombe_export_write (exporter, files, path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "mail.asso-exemple.fr"));

  g_file_set_contents (path, "the person's own file", -1, NULL);
  g_assert_false (colombe_export_write (exporter, files, path, FALSE, &error));
  g_assert_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_EXISTS);
  g_clear_error (&error);
  kept = read_file (path);
  g_assert_cmpstr (kept, ==, "the person's own file");

  g_assert_true (colombe_export_write (exporter, files, path, TRUE, &error));
  g_assert_no_error (error);
  g_free (contents);
  contents = read_file (path);
  g_assert_nonnull (strstr (contents, "mail.asso-exemple.fr"));

  g_remove (path);
  g_rmdir (dir);
}

/* A folder that cannot be written to: an error, and nothing left behind
 * (no temporary file either). */
static void
test_write_read_only (void)
{
  g_autoptr(ColombeAccount) account = account_new (COLOMBE_PROTOCOL_IMAP, COLOMBE_SECURITY_TLS);
  const ColombeExporter *exporter = colombe_exporter_find ("autoconfig");
  ColombeExportRequest request = { account, NULL };
  g_autofree char *dir = g_dir_make_tmp ("colombe-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "config-v1.1.xml", NULL);
  g_autoptr(GPtrArray) files = exporter->build (&request, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;

  g_chmod (dir, 0500);
  if (getuid () == 0)
    {
      /* root writes in any folder: give it a path through a plain file */
      g_autofree char *blocker = g_build_filename (dir, "not-a-folder", NULL);

      g_chmod (dir, 0700);
      g_file_set_contents (blocker, "", 0, NULL);
      g_free (path);
      path = g_build_filename (blocker, "config-v1.1.xml", NULL);
    }

  g_assert_false (colombe_export_write (exporter, files, path, FALSE, &error));
  g_assert_nonnull (error);
  g_chmod (dir, 0700);

  /* nothing but what was there before */
  listing = g_dir_open (dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL; )
    {
      g_autofree char *leftover = g_build_filename (dir, name, NULL);

      g_assert_cmpstr (name, ==, "not-a-folder");
      g_remove (leftover);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/table", test_table);
  g_test_add_func ("/export/no-password-unless-asked", test_no_password_unless_asked);
  g_test_add_func ("/export/oauth2/every-target", test_oauth2_every_target);
  g_test_add_func ("/export/oauth2/evolution", test_oauth2_evolution);
  g_test_add_func ("/export/oauth2/android-hosts", test_oauth2_android_hosts);
  g_test_add_func ("/export/oauth2/unknown-provider", test_oauth2_unknown_provider);
  g_test_add_func ("/export/oauth2/way-out", test_oauth2_way_out);
  g_test_add_func ("/export/oauth2/android-pop3", test_oauth2_android_pop3);
  g_test_add_func ("/export/oauth2/autoconfig", test_oauth2_autoconfig);
  g_test_add_func ("/export/host-in-domain", test_host_in_domain);
  g_test_add_func ("/export/write-file", test_write_file);
  g_test_add_func ("/export/write-read-only", test_write_read_only);

  return g_test_run ();
}
