/* colombe-cli-test.c: `colombe test ADDRESS`: prove the servers by logging in
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-cli-test"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "colombe-cli.h"
#include "colombe-cli-batch.h"
#include "colombe-field.h"
#include "colombe-keyring.h"
#include "colombe-secret.h"
#include "colombe-speculation.h"
#include "colombe-verifier.h"

typedef struct
{
  ColombeCliDiscoveryOptions  discovery;
  gboolean                    json;
  gboolean                    password_stdin;
  gboolean                    allow_plaintext;
  gboolean                    store_password;
  char                       *name;
  char                       *incoming;
  char                       *outgoing;
  char                       *username;
  char                       *accept_cert;
  char                       *batch;
  int                         password_fd;
  gboolean                    no_network;   /* what detection found */
  ColombeSpeculation         *speculation;  /* connections opened while detecting */
} TestOptions;

static void
test_options_clear (TestOptions *options)
{
  colombe_cli_discovery_options_clear (&options->discovery);
  g_clear_pointer (&options->name, g_free);
  g_clear_pointer (&options->incoming, g_free);
  g_clear_pointer (&options->outgoing, g_free);
  g_clear_pointer (&options->username, g_free);
  g_clear_pointer (&options->accept_cert, g_free);
  g_clear_pointer (&options->batch, g_free);
  if (options->speculation != NULL)
    colombe_speculation_close (options->speculation);
  g_clear_object (&options->speculation);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestOptions, test_options_clear)

static gboolean
parse_port (const char  *text,
            guint16     *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    return FALSE;

  *port = value;
  return TRUE;
}

/* "[::1]" or "host.example.org"; brackets let IPv6 carry colons. */
static char *
parse_host (const char *text)
{
  gsize length = strlen (text);

  if (length > 2 && text[0] == '[' && text[length - 1] == ']')
    return g_strndup (text + 1, length - 2);

  return g_ascii_strdown (text, -1);
}

/* The model's gate, before anything is asked of the network. */
static gboolean
check_options (TestOptions  *options,
               GError      **error)
{
  return (options->name == NULL ||
          colombe_field_check_named (COLOMBE_FIELD_NAME, options->name, "--name", error)) &&
         (options->username == NULL ||
          colombe_field_check_named (COLOMBE_FIELD_USERNAME, options->username, "--username",
                                     error));
}

/* PROTO:HOST:PORT:SECURITY (incoming) or HOST:PORT:SECURITY (outgoing):
 * SECURITY and PORT from the right, PROTO from the left, and the host is
 * what lies between, so that a bracketed IPv6 host may hold colons. */
static ColombeServer *
parse_server (const char  *option,
              const char  *text,
              gboolean     outgoing,
              GError     **error)
{
  g_autofree char *host = NULL;
  g_autofree char *rest = g_strdup (text);
  ColombeProtocol protocol = COLOMBE_PROTOCOL_SMTP;
  ColombeSecurity security;
  guint16 port;
  char *colon;
  guint n_fields = outgoing ? 3 : 4;
  char *parts[4] = { NULL };
  g_autofree char *host_field = g_strdup_printf ("%s host", option);

  for (guint i = n_fields - 1; i >= n_fields - 2; i--)
    {
      if (!(colon = strrchr (rest, ':')))
        break;
      *colon = '\0';
      parts[i] = colon + 1;
    }
  parts[0] = rest;
  if (!outgoing && (colon = strchr (rest, ':')) != NULL)
    {
      *colon = '\0';
      parts[1] = colon + 1;
    }

  if (parts[1] == NULL ||
      (!outgoing && (!colombe_protocol_from_string (parts[0], &protocol) ||
                     protocol == COLOMBE_PROTOCOL_SMTP)) ||
      !(host = parse_host (parts[n_fields - 3])) ||
      !parse_port (parts[n_fields - 2], &port) ||
      !colombe_security_from_string (parts[n_fields - 1], &security))
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   outgoing ? _("%s: “%s” is not HOST:PORT:SECURITY (security tls, starttls or none)")
                            : _("%s: “%s” is not PROTO:HOST:PORT:SECURITY (imap or pop3; tls, starttls or none)"),
                   option, text);
      return NULL;
    }

  if (!colombe_field_check_named (COLOMBE_FIELD_HOST, host, host_field, error))
    return NULL;

  return colombe_server_new (protocol, host, port, security);
}

/* While the lookups run, the likely servers' TLS, greeting and
 * capabilities: the verifier then logs in on those connections. */
static gboolean
start_speculation (const ColombeAddress  *address,
                   TestOptions           *options,
                   GError               **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  if (options->discovery.offline)
    return TRUE;
  if (options->discovery.ca_file != NULL &&
      !(database = colombe_cli_discovery_options_get_database (&options->discovery, error)))
    return FALSE;

  options->speculation = colombe_speculation_new (address);
  colombe_speculation_set_tls_database (options->speculation, database);
  colombe_speculation_set_timeout (options->speculation, options->discovery.timeout * 1000);
  colombe_speculation_start (options->speculation);

  return TRUE;
}

/* The given servers, and detection for whatever was not given. */
static GPtrArray *
build_candidates (const ColombeAddress  *address,
                  TestOptions           *options,
                  GError               **error)
{
  g_autoptr(ColombeServer) incoming = NULL;
  g_autoptr(ColombeServer) outgoing = NULL;
  g_autoptr(ColombeAccount) account = NULL;
  g_autoptr(ColombeDiscovery) discovery = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);

  if ((options->incoming &&
       !(incoming = parse_server ("--incoming", options->incoming, FALSE, error))) ||
      (options->outgoing &&
       !(outgoing = parse_server ("--outgoing", options->outgoing, TRUE, error))))
    return NULL;

  if (incoming == NULL || outgoing == NULL)
    {
      GPtrArray *found;

      if (!(discovery = colombe_cli_discovery_new (address, options->name, &options->discovery,
                                                   error)) ||
          !start_speculation (address, options, error))
        return NULL;
      colombe_discovery_set_speculation (discovery, options->speculation);
      if (!colombe_cli_discovery_run (discovery, error))
        return NULL;

      options->no_network = colombe_discovery_get_no_network (discovery);
      found = colombe_discovery_get_candidates (discovery);

      for (guint i = 0; i < found->len; i++)
        g_ptr_array_add (candidates, g_object_ref (g_ptr_array_index (found, i)));
    }

  /* A server given on the command line replaces the detected one. */
  if (incoming != NULL || outgoing != NULL)
    {
      ColombeAccount *best = candidates->len ? g_ptr_array_index (candidates, 0) : NULL;

      account = colombe_account_new (options->name, address->address);
      colombe_account_set_source (account, COLOMBE_SOURCE_MANUAL);
      colombe_account_set_incoming (account, incoming ? incoming
                                             : best ? colombe_account_get_incoming (best) : NULL);
      colombe_account_set_outgoing (account, outgoing ? outgoing
                                             : best ? colombe_account_get_outgoing (best) : NULL);
      g_ptr_array_set_size (candidates, 0);
      g_ptr_array_add (candidates, g_steal_pointer (&account));
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      ColombeAccount *candidate = g_ptr_array_index (candidates, i);
      ColombeServer *servers[] = {
        colombe_account_get_incoming (candidate), colombe_account_get_outgoing (candidate),
      };

      colombe_account_set_name (candidate, options->name);
      for (guint j = 0; j < G_N_ELEMENTS (servers); j++)
        if (servers[j] != NULL && options->username != NULL)
          colombe_server_set_username (servers[j], options->username);
    }

  return g_steal_pointer (&candidates);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Waiting;

static void
verifier_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Waiting *waiting = user_data;

  colombe_verifier_run_finish (COLOMBE_VERIFIER (object), result, &waiting->error);
  waiting->done = TRUE;
}

static gboolean
normalise_fingerprint (char    **fingerprint,
                       GError  **error)
{
  char *normalised = colombe_certificate_normalize_sha256 (*fingerprint);

  if (normalised == NULL)
    {
      g_set_error (error, COLOMBE_ERROR, COLOMBE_ERROR_INVALID_INPUT,
                   _("--accept-cert: “%s” is not a SHA-256 fingerprint (64 hexadecimal digits)"),
                   *fingerprint);
      return FALSE;
    }

  g_free (*fingerprint);
  *fingerprint = normalised;
  return TRUE;
}

static ColombeVerifier *
verify (GPtrArray    *candidates,
        const char   *password,
        TestOptions  *options,
        GError      **error)
{
  g_autoptr(ColombeVerifier) verifier = colombe_verifier_new (candidates);
  g_autoptr(GTlsDatabase) database = NULL;
  Waiting waiting = { FALSE, NULL };

  if (options->discovery.ca_file != NULL &&
      !(database = colombe_cli_discovery_options_get_database (&options->discovery, error)))
    return NULL;

  colombe_verifier_set_password (verifier, password);
  colombe_verifier_set_tls_database (verifier, database);
  colombe_verifier_set_pinned_certificate (verifier, options->accept_cert);
  colombe_verifier_set_allow_plaintext (verifier, options->allow_plaintext);
  colombe_verifier_set_timeout (verifier, options->discovery.timeout * 1000);
  colombe_verifier_set_speculation (verifier, options->speculation);

  colombe_verifier_run_async (verifier, NULL, verifier_done, &waiting);
  colombe_cli_wait (&waiting.done);
  if (waiting.error != NULL)
    {
      g_propagate_error (error, waiting.error);
      return NULL;
    }

  return g_steal_pointer (&verifier);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Storing;

static void
stored (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Storing *storing = user_data;

  colombe_keyring_store_account_finish (result, &storing->error);
  storing->done = TRUE;
}

/* After both logins worked: one keyring item per server, as other
 * programs look them up (protocol, host, port, the user that logged in). */
static gboolean
store_password (ColombeVerifier  *verifier,
                const char       *password,
                GError          **error)
{
  Storing storing = { FALSE, NULL };

  colombe_keyring_store_account_async (colombe_verifier_get_account (verifier), password,
                                       NULL, stored, &storing);
  colombe_cli_wait (&storing.done);
  if (storing.error != NULL)
    {
      g_propagate_error (error, storing.error);
      return FALSE;
    }

  return TRUE;
}

/* The verifier's, with the provider's page quoted, else the kind's own. */
static const char *
next_step (const ColombeVerifyResult *result)
{
  return result->next_step ? result->next_step : colombe_failure_kind_get_next_step (result->kind);
}

static JsonNode *
result_to_json (const ColombeVerifyResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (result == NULL)
    return json_node_new (JSON_NODE_NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, result->verified);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, colombe_login_to_string (result->login));
  json_builder_set_member_name (builder, "username");
  if (result->username != NULL)
    json_builder_add_string_value (builder, result->username);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ms");
  json_builder_add_int_value (builder, result->ms);

  json_builder_set_member_name (builder, "error");
  if (result->error != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, colombe_failure_kind_to_string (result->kind));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, colombe_failure_kind_get_sentence (result->kind));
      json_builder_set_member_name (builder, "next_step");
      json_builder_add_string_value (builder, next_step (result));
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, result->error->message);
      json_builder_set_member_name (builder, "help_url");
      if (result->help_url != NULL)
        json_builder_add_string_value (builder, result->help_url);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "oauth2_offered");
  json_builder_add_boolean_value (builder, result->oauth2_offered);

  json_builder_set_member_name (builder, "certificate");
  if (result->certificate != NULL)
    json_builder_add_value (builder, colombe_certificate_info_to_json (result->certificate));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
colombe_cli_test_result_to_json (ColombeVerifier *verifier,
                                 const char      *keyring)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_value (builder, colombe_account_to_json (colombe_verifier_get_account (verifier)));
  json_builder_set_member_name (builder, "incoming");
  json_builder_add_value (builder, result_to_json (colombe_verifier_get_incoming_result (verifier)));
  json_builder_set_member_name (builder, "outgoing");
  json_builder_add_value (builder, result_to_json (colombe_verifier_get_outgoing_result (verifier)));
  colombe_cli_json_add_string (builder, "keyring", keyring);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_certificate (const ColombeCertificateInfo *info)
{
  g_print ("  %s\n", colombe_certificate_problem_get_description (colombe_certificate_info_get_problem (info)));
  g_print (_("  Certificate: %s, issued by %s, valid until %s\n"),
           colombe_certificate_info_get_subject (info), colombe_certificate_info_get_issuer (info),
           colombe_certificate_info_get_not_after (info));
  g_print (_("  Fingerprint (SHA-256): %s\n"), colombe_certificate_info_get_sha256 (info));
}

static void
print_result (const char                *label,
              ColombeServer             *server,
              const ColombeVerifyResult *result)
{
  g_autofree char *summary = NULL;

  if (server == NULL)
    {
      /* Translators: no server of this kind (incoming or outgoing) was found. */
      g_print (_("%s none\n"), label);
      return;
    }

  summary = colombe_server_dup_summary (server);
  g_print ("%s %s\n", label, summary);

  if (result->verified && result->login == COLOMBE_LOGIN_OK)
    g_print (_("  Works: logged in as %s (%.1f s).\n"), result->username, result->ms / 1000.);
  else if (result->verified)
    g_print (_("  Answers (%.1f s); no login tried without a password.\n"), result->ms / 1000.);
  else
    {
      g_print ("  %s\n", colombe_failure_kind_get_sentence (result->kind));
      g_print ("  %s\n", next_step (result));
      g_print (_("  (Details: %s)\n"), result->error->message);
    }

  if (result->certificate != NULL && !colombe_certificate_info_is_trusted (result->certificate))
    print_certificate (result->certificate);
}

static void
print_human (ColombeVerifier *verifier,
             const char      *keyring)
{
  ColombeAccount *account = colombe_verifier_get_account (verifier);

  print_result (_("Incoming:"), colombe_account_get_incoming (account),
                colombe_verifier_get_incoming_result (verifier));
  print_result (_("Outgoing:"), colombe_account_get_outgoing (account),
                colombe_verifier_get_outgoing_result (verifier));
  if (keyring != NULL)
    g_print ("%s\n", keyring);
}

/* --batch: only what applies to every line of a list. */
static int
run_batch (TestOptions *options,
           int          argc)
{
  g_autoptr(GError) error = NULL;
  ColombeCliBatchOptions batch = { &options->discovery, options->allow_plaintext,
                                   options->password_fd };

  if (argc != 1)
    return colombe_cli_input_error (_("test: give either an address or --batch"));
  if (options->password_stdin || options->store_password || options->name ||
      options->incoming || options->outgoing || options->username || options->accept_cert)
    return colombe_cli_input_error (_("--batch takes none of --password-stdin, --store-password, "
                                      "--name, --incoming, --outgoing, --username, --accept-cert"));
  if (!colombe_cli_discovery_options_check (&options->discovery, &error))
    return colombe_cli_input_error ("%s", error->message);

  return colombe_cli_batch_run (COLOMBE_CLI_BATCH_TEST, options->batch, &batch);
}

int
colombe_cli_test (int    argc,
                  char **argv)
{
  g_auto(TestOptions) options = { .password_fd = -1 };
  g_autoptr(ColombeAddress) address = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(ColombeVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring = NULL;
  const char *keyring_state = NULL;
  g_autoptr(ColombeSecret) password = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print JSON"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("Read the password from the first line of standard input, and log in"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options.name, N_("The person’s name"), N_("NAME") },
    { "incoming", 0, 0, G_OPTION_ARG_STRING, &options.incoming,
      N_("The incoming server, instead of detecting it"), N_("PROTO:HOST:PORT:SECURITY") },
    { "outgoing", 0, 0, G_OPTION_ARG_STRING, &options.outgoing,
      N_("The outgoing server, instead of detecting it"), N_("HOST:PORT:SECURITY") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &options.username,
      N_("Log in with this name on both servers"), N_("USER") },
    { "accept-cert", 0, 0, G_OPTION_ARG_STRING, &options.accept_cert,
      N_("Trust exactly the certificate with this fingerprint, for this run"), N_("SHA256") },
    { "allow-plaintext", 0, 0, G_OPTION_ARG_NONE, &options.allow_plaintext,
      N_("Allow sending the password over an unencrypted connection"), NULL },
    { "store-password", 0, 0, G_OPTION_ARG_NONE, &options.store_password,
      N_("Keep the password in the desktop keyring once both servers accepted it"), NULL },
    { "batch", 0, 0, G_OPTION_ARG_FILENAME, &options.batch,
      N_("Prove the servers of every address of a list, one per line (- for standard input)"),
      N_("FILE") },
    { "password-fd", 0, 0, G_OPTION_ARG_INT, &options.password_fd,
      N_("With --batch: the passwords, one line per address, from this file descriptor "
         "(otherwise the keyring’s)"), N_("FD") },
    COLOMBE_CLI_DISCOVERY_ENTRIES (options.discovery),
    { NULL }
  };

  if (!colombe_cli_parse_options ("test", _("ADDRESS"),
                                  _("Prove that the mail servers of an address work."),
                                  entries, &argc, &argv))
    return COLOMBE_EXIT_USAGE;

  if (options.password_fd != -1 && (options.batch == NULL || options.password_fd < 0))
    return colombe_cli_input_error (_("--password-fd: only with --batch, and a file descriptor "
                                      "(0 or more)"));
  if (options.batch != NULL)
    return run_batch (&options, argc);
  if (argc != 2)
    return colombe_cli_input_error (_("test: give exactly one address"));
  if (options.store_password && !options.password_stdin)
    return colombe_cli_input_error (_("--store-password needs --password-stdin"));

  if (!(address = colombe_address_parse (argv[1], &error)) ||
      (options.accept_cert && !normalise_fingerprint (&options.accept_cert, &error)) ||
      !check_options (&options, &error) ||
      !(candidates = build_candidates (address, &options, &error)) ||
      (options.password_stdin && !(password = colombe_cli_read_password (&error))))
    return colombe_cli_input_error ("%s", error->message);

  if (candidates->len == 0 && options.no_network)
    {
      g_printerr ("%s\n", _("colombe: this computer is not connected to the Internet"));
      return COLOMBE_EXIT_FAILURE;
    }
  if (candidates->len == 0)
    {
      g_printerr (_("colombe: no settings found for %s; give them with --incoming and --outgoing\n"),
                  address->address);
      return COLOMBE_EXIT_FAILURE;
    }

  verifier = verify (candidates, password, &options, &error);
  if (verifier == NULL)
    return colombe_cli_input_error ("%s", error->message);

  status = colombe_verifier_get_proven (verifier) ? COLOMBE_EXIT_OK : COLOMBE_EXIT_FAILURE;
  if (status == COLOMBE_EXIT_OK && options.store_password)
    {
      keyring_state = "stored";
      if (store_password (verifier, password, &error))
        keyring = g_strdup (_("The password is now in the desktop keyring."));
      else
        {
          keyring_state = "failed";
          keyring = g_strdup_printf (_("The password could not be kept in the keyring: %s"),
                                     error->message);
          status = COLOMBE_EXIT_FAILURE;
        }
    }

  if (options.json)
    {
      g_autoptr(JsonNode) root = colombe_cli_test_result_to_json (verifier, keyring_state);

      colombe_cli_print_json (root);
    }
  else
    print_human (verifier, keyring);

  return status;
}
