/* test-password-leak.c: a marker password goes to the keyring and nowhere else
 *
 * The command line's main paths run with every debug message on
 * (G_MESSAGES_DEBUG=all): detect, test (logging in, storing the password),
 * and export to every file target. Then every byte they printed, every
 * file under the test's home and output folders, and the servers' logs
 * are searched: the marker appears in none of them, in any form
 * (colombe-test-leak.h), and the keyring gives it back.
 *
 * Then `colombe test` logs in once per way of sending a password (SASL
 * PLAIN with an initial response, SMTP LOGIN and CRAM-MD5, IMAP's LOGIN
 * command with a quoted string and with a literal, POP3 USER and PASS),
 * each with a password of its own, and what it printed, the files of its
 * home and the servers' logs are searched for every form of that
 * password. Dovecot offers LOGIN and USER only along with PLAIN: a
 * rewriting proxy hides PLAIN, in clear to the loopback, so that Dovecot
 * itself checks the quoted string, the literal and PASS. Each run proves
 * that it logged in (its JSON, the server's log, the mechanism it chose)
 * and that the protocol trace was on (the lines around the hidden
 * exchange).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "colombe-exporter.h"
#include "colombe-test-fixtures.h"

#define ADDRESS "marker@example.test"
#define MARKER "Leak-Marker-7c1e"

static ColombeTestPki *pki;
static ColombeTestDovecot *dovecot;          /* AUTHENTICATE PLAIN, SASL-IR; AUTH PLAIN */
static ColombeTestRewriter *imap_command;    /* to Dovecot, without AUTH=PLAIN: LOGIN */
static ColombeTestRewriter *pop3_command;    /* to Dovecot, without SASL PLAIN: USER, PASS */
static ColombeTestSmtpd *smtpd;              /* AUTH PLAIN */
static ColombeTestSmtpd *smtpd_login;
static ColombeTestSmtpd *smtpd_cram_md5;
static guint n_checks;                       /* forms times texts searched */
static ColombeTestKeyring *keyring;
static ColombeTestDns *dns;
static GString *printed;

static int
run (const char         *input,
     const char * const *argv)
{
  g_auto(ColombeTestRun) result = { 0 };
  g_auto(GStrv) environment = g_get_environ ();

  environment = g_environ_setenv (environment, "G_MESSAGES_DEBUG", "all", TRUE);
  colombe_test_run (&result, (const char * const *) environment, input, argv);
  g_string_append (printed, result.out);
  g_string_append (printed, result.err);
  g_test_message ("%s %s %s: exit %d", argv[1], argv[2], argv[3], result.status);

  return result.status;
}

static void
assert_clean (ColombeTestLeak *leak,
              const char      *where,
              const char      *text)
{
  const char *found = colombe_test_leak_find (leak, text, -1);

  if (found != NULL)
    g_error ("the password (%s) is in %s", found, where);
  n_checks += colombe_test_leak_get_n_forms (leak) + 1;
}

/* Every regular file below @dir, but @skip (the keyring's own files). */
static void
assert_files_clean (ColombeTestLeak *leak,
                    const char      *dir,
                    const char      *skip)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      const char *found;

      if ((skip != NULL && g_str_equal (path, skip)) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_files_clean (leak, path, skip);
          continue;
        }
      if ((found = colombe_test_leak_find_in_file (leak, path)) != NULL)
        g_error ("the password (%s) is in %s", found, path);
      n_checks += colombe_test_leak_get_n_forms (leak) + 1;
    }
}

static void
test_marker_only_in_keyring (void)
{
  g_autofree char *out_dir = g_dir_make_tmp ("colombe-leak-XXXXXX", NULL);
  g_autofree char *account = g_build_filename (out_dir, "tested.json", NULL);
  g_autofree char *in = g_strdup_printf ("imap:mail.example.test:%u:tls",
                                         colombe_test_dovecot_get_imaps_port (dovecot));
  g_autofree char *out = g_strdup_printf ("mail.example.test:%u:starttls",
                                          colombe_test_smtpd_get_submission_port (smtpd));
  g_auto(ColombeTestRun) tested = { 0 };
  g_auto(ColombeTestRun) lookup = { 0 };
  g_auto(GStrv) environment = g_environ_setenv (g_get_environ (), "G_MESSAGES_DEBUG", "all", TRUE);
  g_autofree char *port = g_strdup_printf ("%u", colombe_test_dovecot_get_imaps_port (dovecot));
  g_autofree char *dovecot_log = NULL;
  g_autofree char *smtpd_log = NULL;
  const char *ca = colombe_test_pki_get_ca_file (pki);
  const char *detect_argv[] = { COLOMBE_BINARY, "detect", ADDRESS, "--json", "--ca-file", ca,
                                "--ispdb-url", "https://127.0.0.1:1/v1.1", NULL };
  const char *test_argv[] = { COLOMBE_BINARY, "test", ADDRESS, "--json", "--password-stdin",
                              "--store-password", "--ca-file", ca, "--incoming", in,
                              "--outgoing", out, NULL };
  const char *wrong_argv[] = { COLOMBE_BINARY, "test", ADDRESS, "--password-stdin",
                               "--ca-file", ca, "--incoming", in, "--outgoing", out, NULL };
  const char *lookup_argv[] = { "secret-tool", "lookup", "protocol", "imap", "host",
                                "mail.example.test", "port", port, "user", ADDRESS, NULL };
  const char *usernames[] = { ADDRESS, "marker", NULL };
  g_autoptr(ColombeTestLeak) leak = colombe_test_leak_new (MARKER, usernames);
  guint n_exporters;
  const ColombeExporter * const *exporters = colombe_exporters_get (&n_exporters);

  colombe_test_watchdog_arm (120);
  run (NULL, detect_argv);

  /* the login, kept: its JSON is the export's account */
  colombe_test_run (&tested, (const char * const *) environment, MARKER "\n", test_argv);
  g_assert_cmpint (tested.status, ==, 0);
  g_string_append (printed, tested.out);
  g_string_append (printed, tested.err);
  g_assert_true (g_file_set_contents (account, tested.out, -1, NULL));

  /* a refused one prints the server's words: never the password */
  run ("not-" MARKER "\n", wrong_argv);

  for (guint i = 0; i < n_exporters; i++)
    {
      g_autofree char *output = g_build_filename (out_dir, exporters[i]->name, NULL);
      const char *export_argv[] = { COLOMBE_BINARY, "export", "--format", exporters[i]->name,
                                    "--account", account, "--output", output, NULL };

      /* each export really wrote its file(s): nothing passes by doing nothing */
      if (exporters[i]->kind != COLOMBE_EXPORT_KIND_ACTION)
        {
          g_assert_cmpint (run (NULL, export_argv), ==, 0);
          g_assert_true (g_file_test (output, G_FILE_TEST_EXISTS));
        }
    }

  assert_clean (leak, "what the commands printed", printed->str);
  assert_files_clean (leak, out_dir, NULL);
  assert_files_clean (leak, colombe_test_keyring_get_dir (keyring),
                      colombe_test_keyring_get_keyrings_dir (keyring));
  dovecot_log = colombe_test_dovecot_dup_log (dovecot);
  smtpd_log = colombe_test_smtpd_dup_log (smtpd);
  assert_clean (leak, "Dovecot's log", dovecot_log);
  assert_clean (leak, "the SMTP server's log", smtpd_log);

  /* and the keyring has it */
  colombe_test_run (&lookup, NULL, NULL, lookup_argv);
  g_assert_cmpstr (lookup.out, ==, MARKER);
}

/* ---- every way of sending a password ---- */

typedef enum
{
  INCOMING_IMAP_PLAIN,      /* AUTHENTICATE PLAIN with SASL-IR, over TLS */
  INCOMING_IMAP_COMMAND,    /* LOGIN, in clear to the loopback (allowed) */
  INCOMING_POP3_COMMAND,    /* USER and PASS, likewise */
} Incoming;

typedef enum
{
  OUTGOING_PLAIN,
  OUTGOING_LOGIN,
  OUTGOING_CRAM_MD5,
} Outgoing;

typedef struct
{
  const char *name;
  const char *address;
  const char *login;           /* what the servers know: the address or its local part */
  const char *password;
  Incoming    incoming;
  Outgoing    outgoing;
  const char *verdict;         /* the incoming server's answer to the login that works */
} Way;

static const Way ways[] = {
  /* the servers know the local part only: the address is refused first,
   * so two exchanges are hidden on each connection */
  { "sasl-plain", "plain@example.test", "plain", "pl\"ai\\n w\xc3\xb6rd-1",
    INCOMING_IMAP_PLAIN, OUTGOING_PLAIN, "a2 OK" },
  { "imap-login-quoted", "quoted@example.test", "quoted@example.test", "q\"u\\o te-2",
    INCOMING_IMAP_COMMAND, OUTGOING_LOGIN, "a1 OK" },
  /* 8-bit: a literal; longer than any line a quoted string would be kept to */
  { "imap-login-literal", "literal@example.test", "literal@example.test",
    "l\"i\\t \xc3\xa9r\xc3\xa2l {3}-3 and then some more words to make it longer than "
    "a hundred and twenty-eight bytes, which is more than most servers' quoting needs",
    INCOMING_IMAP_COMMAND, OUTGOING_CRAM_MD5, "a1 OK" },
  { "pop3-user-pass", "pop@example.test", "pop@example.test", "p0p\"pa\\ss w\xc3\xb6rd-4",
    INCOMING_POP3_COMMAND, OUTGOING_LOGIN, "+OK" },
};

static const char * const outgoing_mechanisms[] = {
  [OUTGOING_PLAIN] = "PLAIN",
  [OUTGOING_LOGIN] = "LOGIN",
  [OUTGOING_CRAM_MD5] = "CRAM-MD5",
};

static ColombeTestSmtpd *
way_smtpd (const Way *way)
{
  ColombeTestSmtpd *servers[] = { smtpd, smtpd_login, smtpd_cram_md5 };

  return servers[way->outgoing];
}

static guint16
way_incoming_port (const Way *way)
{
  if (way->incoming == INCOMING_IMAP_PLAIN)
    return colombe_test_dovecot_get_imaps_port (dovecot);
  if (way->incoming == INCOMING_IMAP_COMMAND)
    return colombe_test_rewriter_get_port (imap_command);

  return colombe_test_rewriter_get_port (pop3_command);
}

static void
assert_in (const char *text,
           const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is missing from:\n%s", needle, text);
}

/* The JSON says both logins worked, as @login. */
static void
assert_logged_in (const char *json,
                  const char *login)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *directions[] = { "incoming", "outgoing" };
  JsonObject *root;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    {
      JsonObject *result = json_object_get_object_member (root, directions[i]);

      g_assert_true (json_object_get_boolean_member (result, "verified"));
      g_assert_cmpstr (json_object_get_string_member (result, "login"), ==, "ok");
      g_assert_cmpstr (json_object_get_string_member (result, "username"), ==, login);
    }
}

/* The trace of the connection to @port was on: the line @before, then
 * the mechanism chosen, the marker of the hidden exchange, and @verdict. */
static void
assert_traced (const char *err,
               guint16     port,
               const char *before,
               const char *mechanism,
               const char *verdict)
{
  const char *at = err;
  char *expected[] = {
    g_strdup_printf ("mail.example.test:%u %s", port, before),
    g_strdup_printf ("mail.example.test:%u: logging in as ", port),
    g_strdup_printf (" (%s)\n", mechanism),
    g_strdup_printf ("mail.example.test:%u >> [authentication: ", port),
    g_strdup_printf ("mail.example.test:%u << %s", port, verdict),
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (!(at = strstr (at, expected[i])))
        g_error ("“%s” is missing, or out of order, in:\n%s", expected[i], err);
      g_free (expected[i]);
    }
}

/* The servers' logs say who logged in, and how. */
static void
assert_servers_saw (const Way *way)
{
  const char *protocol = way->incoming == INCOMING_POP3_COMMAND ? "pop3" : "imap";
  g_autofree char *dovecot_log = colombe_test_dovecot_dup_log (dovecot);
  g_autofree char *smtpd_log = colombe_test_smtpd_dup_log (way_smtpd (way));
  g_autofree char *login = g_strdup_printf ("%s-login: Info: Login: user=<%s>,",
                                            protocol, way->login);
  g_autofree char *auth = g_strdup_printf ("mechanism=%s user=%s result=ok",
                                           outgoing_mechanisms[way->outgoing], way->login);

  assert_in (dovecot_log, login);
  assert_in (smtpd_log, auth);
}

static void
assert_nothing_leaked (const Way      *way,
                       ColombeTestRun *run)
{
  g_autofree char *local_part = g_strndup (way->address, strcspn (way->address, "@"));
  const char *usernames[] = { way->address, local_part, NULL };
  g_autoptr(ColombeTestLeak) leak = colombe_test_leak_new (way->password, usernames);
  g_autofree char *dovecot_log = colombe_test_dovecot_dup_log (dovecot);
  g_autofree char *smtpd_log = colombe_test_smtpd_dup_log (way_smtpd (way));

  assert_clean (leak, "standard output", run->out);
  assert_clean (leak, "standard error", run->err);
  assert_clean (leak, "Dovecot's log", dovecot_log);
  assert_clean (leak, "the SMTP server's log", smtpd_log);
  assert_files_clean (leak, colombe_test_keyring_get_dir (keyring),
                      colombe_test_keyring_get_keyrings_dir (keyring));
}

static void
test_way (gconstpointer data)
{
  const Way *way = data;
  const char *protocol = way->incoming == INCOMING_POP3_COMMAND ? "pop3" : "imap";
  guint16 in_port = way_incoming_port (way);
  guint16 out_port = colombe_test_smtpd_get_submission_port (way_smtpd (way));
  gboolean in_clear = way->incoming != INCOMING_IMAP_PLAIN;
  g_autofree char *in = g_strdup_printf ("%s:mail.example.test:%u:%s", protocol, in_port,
                                         in_clear ? "none" : "tls");
  g_autofree char *out = g_strdup_printf ("mail.example.test:%u:starttls", out_port);
  g_autofree char *input = g_strdup_printf ("%s\n", way->password);
  g_auto(GStrv) environment = g_environ_setenv (g_get_environ (), "G_MESSAGES_DEBUG", "all", TRUE);
  g_auto(ColombeTestRun) run = { 0 };
  const char *argv[] = { COLOMBE_BINARY, "test", way->address, "--json", "--password-stdin",
                         "--ca-file", colombe_test_pki_get_ca_file (pki), "--incoming", in,
                         "--outgoing", out, in_clear ? "--allow-plaintext" : NULL, NULL };
  guint n_before = n_checks;

  colombe_test_watchdog_arm (60);
  colombe_test_run (&run, (const char * const *) environment, input, argv);
  if (run.status != 0)
    g_error ("colombe test: exit %d\n%s", run.status, run.err);

  assert_logged_in (run.out, way->login);
  assert_servers_saw (way);
  assert_traced (run.err, in_port, way->incoming == INCOMING_POP3_COMMAND ? "<< +OK" : "<< * OK",
                 way->incoming == INCOMING_IMAP_PLAIN ? "PLAIN" : "command", way->verdict);
  assert_traced (run.err, out_port, ">> EHLO", outgoing_mechanisms[way->outgoing], "235 ");
  assert_nothing_leaked (way, &run);
  g_test_message ("%s: %u searches", way->name, n_checks - n_before);
}

static void
add_way_users (void)
{
  ColombeTestSmtpd *smtpds[] = { smtpd, smtpd_login, smtpd_cram_md5 };

  for (guint i = 0; i < G_N_ELEMENTS (ways); i++)
    {
      colombe_test_dovecot_add_user (dovecot, ways[i].login, ways[i].password);
      for (guint j = 0; j < G_N_ELEMENTS (smtpds); j++)
        colombe_test_smtpd_add_user (smtpds[j], ways[i].login, ways[i].password);
    }
}

/* A server knowing the marker's user, to be started once every user is in. */
static ColombeTestSmtpd *
new_smtpd (const char *mechanisms)
{
  ColombeTestSmtpd *server = colombe_test_smtpd_new (pki);

  colombe_test_smtpd_set_mechanisms (server, mechanisms);
  colombe_test_smtpd_add_user (server, ADDRESS, MARKER);

  return server;
}

static void
start_servers (void)
{
  ColombeTestSmtpd *smtpds[] = { smtpd, smtpd_login, smtpd_cram_md5 };
  g_autoptr(GError) error = NULL;

  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);
  imap_command = colombe_test_rewriter_new (COLOMBE_TEST_LOOPBACK,
                                            colombe_test_dovecot_get_imap_port (dovecot),
                                            " AUTH=PLAIN", "", 0);
  pop3_command = colombe_test_rewriter_new (COLOMBE_TEST_LOOPBACK,
                                            colombe_test_dovecot_get_pop3_port (dovecot),
                                            "SASL PLAIN", "SASL", 0);
  for (guint i = 0; i < G_N_ELEMENTS (smtpds); i++)
    {
      colombe_test_smtpd_start (smtpds[i], &error);
      g_assert_no_error (error);
    }
}

static void
stop_servers (void)
{
  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_smtpd_stop (smtpd_login, NULL);
  colombe_test_smtpd_stop (smtpd_cram_md5, NULL);
  g_clear_pointer (&imap_command, colombe_test_rewriter_free);
  g_clear_pointer (&pop3_command, colombe_test_rewriter_free);
  colombe_test_dovecot_stop (dovecot, NULL);
  g_clear_object (&smtpd);
  g_clear_object (&smtpd_login);
  g_clear_object (&smtpd_cram_md5);
  g_clear_object (&dovecot);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  printed = g_string_new (NULL);

  pki = colombe_test_pki_get_default (&error);
  g_assert_no_error (error);
  dovecot = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_add_user (dovecot, ADDRESS, MARKER);
  smtpd = new_smtpd ("PLAIN,LOGIN,CRAM-MD5");
  smtpd_login = new_smtpd ("LOGIN");
  smtpd_cram_md5 = new_smtpd ("CRAM-MD5");
  add_way_users ();
  start_servers ();
  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);
  dns = colombe_test_dns_new ();
  colombe_test_dns_add_address (dns, "mail.example.test", "127.0.0.1");
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);

  g_test_add_func ("/leak/marker-only-in-keyring", test_marker_only_in_keyring);
  for (guint i = 0; i < G_N_ELEMENTS (ways); i++)
    {
      g_autofree char *path = g_strdup_printf ("/leak/trace/%s", ways[i].name);

      g_test_add_data_func (path, &ways[i], test_way);
    }
  status = g_test_run ();
  g_test_message ("%u searches for a form of a password", n_checks);

  colombe_test_dns_stop (dns, NULL);
  colombe_test_keyring_stop (keyring, NULL);
  stop_servers ();
  g_clear_object (&dns);
  g_clear_object (&keyring);
  g_string_free (printed, TRUE);

  return status;
}
