/* colombe-cli.h: the `colombe SUB-COMMAND` entry points
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "colombe-discovery.h"
#include "colombe-secret.h"
#include "colombe-verifier.h"

G_BEGIN_DECLS

/* Exit statuses of CLI.md */
enum
{
  COLOMBE_EXIT_OK = 0,
  COLOMBE_EXIT_FAILURE = 1,   /* not found, not proven, refused */
  COLOMBE_EXIT_USAGE = 2,     /* usage or input error */
};

/* TRUE when argv[1] is a word, not an option: a sub-command. */
gboolean colombe_cli_is_command       (int          argc,
                                       char       **argv);
/* `colombe --help` or `-h`: the commands and the window's options. */
gboolean colombe_cli_is_help          (int          argc,
                                       char       **argv);
int      colombe_cli_print_help       (void);
/* TRUE when argv holds only what the assistant window takes; otherwise
 * one "colombe: …" line on stderr (the caller exits with USAGE). */
gboolean colombe_cli_check_window_options (int      argc,
                                           char   **argv);
/* Runs the sub-command of argv[1]; returns the exit status. */
int      colombe_cli_run              (int          argc,
                                       char       **argv);

/* Helpers for the sub-commands. */

/* Parses @entries from argv (argv[0] is the sub-command). On error prints
 * one line to stderr and returns FALSE; the caller returns COLOMBE_EXIT_USAGE. */
gboolean colombe_cli_parse_options    (const char    *command,
                                       const char    *parameter_string,
                                       const char    *summary,
                                       const GOptionEntry *entries,
                                       int           *argc,
                                       char        ***argv);
/* "colombe: MESSAGE" on one line of stderr; returns COLOMBE_EXIT_USAGE. */
int      colombe_cli_input_error      (const char    *format,
                                       ...) G_GNUC_PRINTF (1, 2);
/* The system's trust anchors plus --ca-file (NULL: the system's alone);
 * errors name the option. */
GTlsDatabase *colombe_cli_tls_database_new (const char  *ca_file,
                                            GError     **error);
/* The options detect and test share (CLI.md), and a discovery set up with
 * them; errors name the option. */
typedef struct
{
  gboolean  offline;
  char     *ispdb_url;
  char     *ca_file;
  double    timeout;
} ColombeCliDiscoveryOptions;

#define COLOMBE_CLI_DISCOVERY_ENTRIES(options) \
  { "offline", 0, 0, G_OPTION_ARG_NONE, &(options).offline, \
    N_("Use only the built-in provider database"), NULL }, \
  { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &(options).ispdb_url, \
    N_("Base address of an ISPDB mirror"), N_("URL") }, \
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &(options).ca_file, \
    N_("Also trust the certificate authorities in this file"), N_("PEM") }, \
  { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &(options).timeout, \
    N_("Give up after this many seconds"), N_("S") }

void              colombe_cli_discovery_options_clear (ColombeCliDiscoveryOptions *options);
GTlsDatabase     *colombe_cli_discovery_options_get_database (ColombeCliDiscoveryOptions  *options,
                                                              GError                     **error);
ColombeDiscovery *colombe_cli_discovery_new   (const ColombeAddress       *address,
                                               const char                 *real_name,
                                               ColombeCliDiscoveryOptions *options,
                                               GError                    **error);
/* The options as colombe_cli_discovery_new() takes them, before any
 * address is known (a batch). */
gboolean          colombe_cli_discovery_options_check (ColombeCliDiscoveryOptions  *options,
                                                       GError                     **error);
/* Runs it to the end: the command line has nothing else to do meanwhile. */
gboolean          colombe_cli_discovery_run   (ColombeDiscovery           *discovery,
                                               GError                    **error);
/* Iterates the main context until *done. */
void              colombe_cli_wait            (const gboolean             *done);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ColombeCliDiscoveryOptions, colombe_cli_discovery_options_clear)

/* --password-stdin: the first line of standard input, without its line
 * end (at most 4096 bytes, UTF-8, not empty); INVALID_INPUT naming the
 * option otherwise. Free with colombe_secret_free (it wipes it). */
ColombeSecret *colombe_cli_read_password (GError **error);

/* The member @name: @value, or null. */
void     colombe_cli_json_add_string  (JsonBuilder   *builder,
                                       const char    *name,
                                       const char    *value);
/* Pretty-printed JSON and a newline on stdout. */
void     colombe_cli_print_json       (JsonNode      *node);

/* One function per sub-command, one file each (colombe-cli-NAME.c). */
int      colombe_cli_detect           (int argc, char **argv);
int      colombe_cli_providers        (int argc, char **argv);
int      colombe_cli_check_config     (int argc, char **argv);
int      colombe_cli_test             (int argc, char **argv);
int      colombe_cli_export           (int argc, char **argv);

/* The objects detect --json and test --json print, for one address (a
 * batch prints one per line). @keyring: NULL (not asked), "stored" or
 * "failed". */
JsonNode *colombe_cli_detect_result_to_json (const char      *address,
                                             GPtrArray       *candidates,
                                             GPtrArray       *reports,
                                             const char      *did_you_mean,
                                             gboolean         offline);
JsonNode *colombe_cli_test_result_to_json   (ColombeVerifier *verifier,
                                             const char      *keyring);

/* @text followed by spaces up to @width columns, as a terminal shows it:
 * by characters (wide ones count two), not bytes, so French rows align. */
/* "an app password, or the provider’s own page (OAuth2)": how a mail
 * program signs in, preferred first, for a person (translated); NULL
 * when @ways is NULL (unknown). */
char    *colombe_cli_dup_sign_in_label (const char * const *ways);

char    *colombe_cli_dup_padded       (const char   *text,
                                       guint         width);
/* How many columns @text takes in a terminal (wide characters count two). */
guint    colombe_cli_get_width        (const char   *text);

G_END_DECLS
