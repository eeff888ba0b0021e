/* colombe-thunderbird-account.c: an account added to a Thunderbird
 * profile's prefs.js
 *
 * prefs.js, not user.js: user.js would be applied again at every start
 * and undo the person's later changes. The keys are Thunderbird's own
 * kind (accountN, serverN, idN, smtpN), each the next number after every
 * one in use, as Thunderbird's account manager counts (it also keeps
 * mail.account.lastKey, which we move on too). The lists
 * mail.accountmanager.accounts and mail.smtpservers keep their order and
 * get the new keys at their end. A profile without Local Folders gets
 * them, as Thunderbird's account wizard creates them: a server of type
 * "none", user "nobody", host "Local Folders". POP3 leaves the messages on
 * the server (a shared mailbox); IMAP keeps Thunderbird's defaults.
 *
 * The same address in an identity already: refused, or with @replace the
 * servers of that account (and of its identity's outgoing server) are
 * rewritten in place, keys unchanged. An incoming server that another
 * account has already (same type, host and user name) is refused too,
 * even with @replace: Thunderbird would drop the account at start.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-thunderbird-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "colombe-export-text.h"
#include "colombe-exporter.h"
#include "colombe-prefs-file.h"
#include "colombe-thunderbird-account.h"
#include "colombe-thunderbird-profile.h"

void
colombe_thunderbird_added_free (ColombeThunderbirdAdded *added)
{
  if (added == NULL)
    return;
  g_free (added->account);
  g_free (added->server);
  g_free (added->identity);
  g_free (added->smtp);
  g_free (added->local_folders);
  g_free (added->backup_path);
  g_free (added);
}

int
colombe_thunderbird_socket_type (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return 3;
    case COLOMBE_SECURITY_STARTTLS:
      return 2;
    case COLOMBE_SECURITY_NONE:
    default:
      return 0;
    }
}

/* clientConfig's names, as Thunderbird's own reader maps them
 * (readFromXML.sys.mjs); what it does not know stays a normal password. */
int
colombe_thunderbird_auth_method (const char *auth)
{
  static const struct { const char *name; int code; } methods[] = {
    { "none", 1 },
    { "client-IP-address", 1 },
    { "smtp-after-pop", 1 },
    { "password-cleartext", 3 },
    { "password-encrypted", 4 },
    { "GSSAPI", 5 },
    { "NTLM", 6 },
    { "TLS-client-cert", 7 },
    { "OAuth2", 10 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_strcmp0 (auth, methods[i].name) == 0)
      return methods[i].code;

  return 3;
}

/* The mail hosts of kHostnames in mailnews/base/src/OAuth2Providers.sys.mjs
 * (Thunderbird ESR 153, read in its omni.ja), which getHostnameDetails()
 * matches as the host or a domain above it; readFromXML.sys.mjs drops
 * OAuth2 for a host it does not find ("Lacking OAuth2 config"). */
gboolean
colombe_thunderbird_knows_oauth2 (ColombeServer *server)
{
  static const char * const hosts[] = {
    "gmail.com", "googlemail.com",
    "office365.com", "outlook.com", "hotmail.com",
    "yahoo.com", "att.net", "aol.com",
    "imap.mail.ru", "smtp.mail.ru", "imap.yandex.com", "smtp.yandex.com",
    "imap.fastmail.com", "pop.fastmail.com", "smtp.fastmail.com",
    "imap.comcast.net", "pop.comcast.net", "smtp.comcast.net",
    "thundermail.com",
  };

  g_return_val_if_fail (COLOMBE_IS_SERVER (server), FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (hosts); i++)
    if (colombe_export_host_in_domain (colombe_server_get_host (server), hosts[i]))
      return TRUE;

  return FALSE;
}

const char *
colombe_thunderbird_oauth2_refusal (ColombeAccount *account)
{
  return colombe_export_oauth2_servers_known (account, colombe_thunderbird_knows_oauth2)
         ? NULL
         : N_("Thunderbird signs in with OAuth2 only to the providers it knows, such as Gmail, "
              "Outlook.com, Yahoo and AOL, and not to this one: use the provider’s own app or "
              "its webmail");
}

/* Keys ------------------------------------------------------------------- */

/* The highest N of "<stem>N" among @names cut at @offset (the pref names
 * of a branch) and among the comma list @list. */
static guint
highest_in (char       **names,
            gsize        offset,
            const char  *list,
            const char  *stem)
{
  g_auto(GStrv) listed = g_strsplit (list != NULL ? list : "", ",", -1);
  guint highest = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      char **keys = pass == 0 ? names : listed;

      for (guint i = 0; keys[i] != NULL; i++)
        {
          const char *key = g_strstrip (keys[i]) + (pass == 0 ? offset : 0);
          guint64 n;

          if (g_str_has_prefix (key, stem) &&
              g_ascii_string_to_unsigned (key + strlen (stem), 10, 1, G_MAXINT32, &n, NULL) &&
              n > highest)
            highest = n;
        }
    }

  return highest;
}

/* Branch names "mail.server.server3.port" -> "server3" start at @offset:
 * the part before the next "." is cut off in place. */
static char **
dup_branch_keys (ColombePrefsFile *prefs,
                 const char       *branch)
{
  char **names = colombe_prefs_file_dup_names (prefs, branch);

  for (guint i = 0; names[i] != NULL; i++)
    {
      char *dot = strchr (names[i] + strlen (branch), '.');

      if (dot != NULL)
        *dot = '\0';
    }

  return names;
}

static char *
next_key (ColombePrefsFile *prefs,
          const char       *branch,
          const char       *list_pref,
          const char       *stem,
          guint             at_least)
{
  g_auto(GStrv) names = dup_branch_keys (prefs, branch);
  const char *list = list_pref != NULL ? colombe_prefs_file_get_string (prefs, list_pref) : NULL;
  guint n = MAX (highest_in (names, strlen (branch), list, stem), at_least);

  return g_strdup_printf ("%s%u", stem, n + 1);
}

/* The comma list of the pref @name, @key at its end. */
static char *
dup_list_appended (ColombePrefsFile *prefs,
                   const char       *name,
                   const char       *key)
{
  const char *list = colombe_prefs_file_get_string (prefs, name);

  if (list == NULL || list[0] == '\0')
    return g_strdup (key);
  return g_strconcat (list, ",", key, NULL);
}

/* Writing the prefs ------------------------------------------------------ */

/* "BRANCH.KEY.NAME" in the profile's prefs.js: the writer of
 * colombe_thunderbird_write_incoming() and its kin for the profile. */
static void
set_server_string (gpointer    prefs,
                   const char *branch,
                   const char *key,
                   const char *name,
                   const char *value)
{
  g_autofree char *pref = g_strdup_printf ("%s.%s.%s", branch, key, name);

  colombe_prefs_file_set_string (prefs, pref, value);
}

static void
set_server_int (gpointer    prefs,
                const char *branch,
                const char *key,
                const char *name,
                int         value)
{
  g_autofree char *pref = g_strdup_printf ("%s.%s.%s", branch, key, name);

  colombe_prefs_file_set_int (prefs, pref, value);
}

static void
set_server_bool (gpointer    prefs,
                 const char *branch,
                 const char *key,
                 const char *name,
                 gboolean    value)
{
  g_autofree char *pref = g_strdup_printf ("%s.%s.%s", branch, key, name);

  colombe_prefs_file_set_bool (prefs, pref, value);
}

static const ColombeThunderbirdPrefsWriter prefs_file_writer = {
  set_server_string, set_server_int, set_server_bool,
};

/* The account's own preferences ----------------------------------------- */

static const char *
username_of (ColombeServer *server,
             const char    *address)
{
  const char *username = colombe_server_get_username (server);

  return username != NULL ? username : address;
}

void
colombe_thunderbird_write_incoming (const ColombeThunderbirdPrefsWriter *writer,
                                    gpointer                             data,
                                    const char                          *key,
                                    ColombeServer                       *server,
                                    const char                          *address)
{
  gboolean pop3 = colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_POP3;
  const char *branch = "mail.server";

  writer->set_string (data, branch, key, "type", pop3 ? "pop3" : "imap");
  writer->set_string (data, branch, key, "hostname", colombe_server_get_host (server));
  writer->set_int (data, branch, key, "port", colombe_server_get_port (server));
  writer->set_int (data, branch, key, "socketType",
                   colombe_thunderbird_socket_type (colombe_server_get_security (server)));
  writer->set_int (data, branch, key, "authMethod",
                   colombe_thunderbird_auth_method (colombe_server_get_auth (server)));
  writer->set_string (data, branch, key, "userName", username_of (server, address));
  writer->set_string (data, branch, key, "name", address);
  /* As Thunderbird's wizard does: mail is checked at start. */
  writer->set_bool (data, branch, key, "login_at_startup", TRUE);
  /* A shared mailbox read with POP3 must keep the messages for the others. */
  if (pop3)
    writer->set_bool (data, branch, key, "leave_on_server", TRUE);
}

void
colombe_thunderbird_write_outgoing (const ColombeThunderbirdPrefsWriter *writer,
                                    gpointer                             data,
                                    const char                          *key,
                                    ColombeServer                       *server,
                                    const char                          *address)
{
  int auth = colombe_thunderbird_auth_method (colombe_server_get_auth (server));
  const char *branch = "mail.smtpserver";

  writer->set_string (data, branch, key, "type", "smtp");
  writer->set_string (data, branch, key, "hostname", colombe_server_get_host (server));
  writer->set_int (data, branch, key, "port", colombe_server_get_port (server));
  writer->set_int (data, branch, key, "try_ssl",
                   colombe_thunderbird_socket_type (colombe_server_get_security (server)));
  writer->set_int (data, branch, key, "authMethod", auth);
  if (auth != 1)
    writer->set_string (data, branch, key, "username", username_of (server, address));
  writer->set_string (data, branch, key, "description", address);
}

void
colombe_thunderbird_write_identity (const ColombeThunderbirdPrefsWriter *writer,
                                    gpointer                             data,
                                    const char                          *key,
                                    ColombeAccount                      *account,
                                    const char                          *smtp_key)
{
  const char *name = colombe_account_get_name (account);
  const char *branch = "mail.identity";

  writer->set_string (data, branch, key, "fullName", name != NULL ? name : "");
  writer->set_string (data, branch, key, "useremail", colombe_account_get_address (account));
  writer->set_string (data, branch, key, "smtpServer", smtp_key);
  writer->set_bool (data, branch, key, "valid", TRUE);
}

/* Keys and lists --------------------------------------------------------- */

static guint
last_key (ColombePrefsFile *prefs)
{
  int last = 0;

  colombe_prefs_file_get_int (prefs, "mail.account.lastKey", &last);
  return MAX (last, 0);
}

static void
add_account_key (ColombePrefsFile *prefs,
                 const char       *account_key,
                 const char       *server_key,
                 const char       *identity_key)
{
  g_autofree char *accounts = dup_list_appended (prefs, "mail.accountmanager.accounts",
                                                 account_key);

  set_server_string (prefs, "mail.account", account_key, "server", server_key);
  if (identity_key != NULL)
    set_server_string (prefs, "mail.account", account_key, "identities", identity_key);
  colombe_prefs_file_set_string (prefs, "mail.accountmanager.accounts", accounts);
  colombe_prefs_file_set_int (prefs, "mail.account.lastKey",
                              atoi (account_key + strlen ("account")));
}

static char *
new_account_key (ColombePrefsFile *prefs)
{
  return next_key (prefs, "mail.account.", "mail.accountmanager.accounts", "account",
                   last_key (prefs));
}

static char *
new_server_key (ColombePrefsFile *prefs)
{
  return next_key (prefs, "mail.server.", NULL, "server", 0);
}

/* Local Folders, when the profile has none. */
static char *
add_local_folders (ColombePrefsFile *prefs)
{
  g_autofree char *server = NULL;
  g_autofree char *account = NULL;
  const char *branch = "mail.server";

  if (colombe_prefs_file_get_string (prefs, "mail.accountmanager.localfoldersserver") != NULL)
    return NULL;

  server = new_server_key (prefs);
  account = new_account_key (prefs);
  set_server_string (prefs, branch, server, "type", "none");
  set_server_string (prefs, branch, server, "hostname", "Local Folders");
  set_server_string (prefs, branch, server, "name", "Local Folders");
  set_server_string (prefs, branch, server, "userName", "nobody");
  add_account_key (prefs, account, server, NULL);
  colombe_prefs_file_set_string (prefs, "mail.accountmanager.localfoldersserver", server);

  return g_steal_pointer (&server);
}

static gboolean
is_empty_list (ColombePrefsFile *prefs,
               const char       *name)
{
  const char *list = colombe_prefs_file_get_string (prefs, name);

  return list == NULL || list[0] == '\0';
}

static void
add_new (ColombePrefsFile        *prefs,
         ColombeAccount          *account,
         ColombeThunderbirdAdded *added)
{
  const char *address = colombe_account_get_address (account);
  g_autofree char *smtps = NULL;

  added->server = new_server_key (prefs);
  added->identity = next_key (prefs, "mail.identity.", NULL, "id", 0);
  added->smtp = next_key (prefs, "mail.smtpserver.", "mail.smtpservers", "smtp", 0);
  added->account = new_account_key (prefs);

  colombe_thunderbird_write_incoming (&prefs_file_writer, prefs, added->server,
                                      colombe_account_get_incoming (account), address);
  colombe_thunderbird_write_identity (&prefs_file_writer, prefs, added->identity, account,
                                      added->smtp);
  colombe_thunderbird_write_outgoing (&prefs_file_writer, prefs, added->smtp,
                                      colombe_account_get_outgoing (account), address);
  /* Without these prefs Thunderbird takes the first of each list: they
   * are written only where B is the first, so no default moves. */
  if (is_empty_list (prefs, "mail.smtpservers"))
    colombe_prefs_file_set_string (prefs, "mail.smtp.defaultserver", added->smtp);
  smtps = dup_list_appended (prefs, "mail.smtpservers", added->smtp);
  colombe_prefs_file_set_string (prefs, "mail.smtpservers", smtps);

  if (is_empty_list (prefs, "mail.accountmanager.accounts"))
    colombe_prefs_file_set_string (prefs, "mail.accountmanager.defaultaccount", added->account);
  add_account_key (prefs, added->account, added->server, added->identity);

  added->local_folders = add_local_folders (prefs);
}

/* The same address --------------------------------------------------------- */

static gboolean
same_address (const char *a,
              const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a, -1);
  g_autofree char *folded_b = g_utf8_casefold (b, -1);

  return strcmp (folded_a, folded_b) == 0;
}

/* The identity whose useremail is @address, and the account holding it
 * (in the profile's list), or FALSE. */
static gboolean
find_address (ColombePrefsFile         *prefs,
              const char               *address,
              ColombeThunderbirdAdded  *found)
{
  const char *list = colombe_prefs_file_get_string (prefs, "mail.accountmanager.accounts");
  g_auto(GStrv) accounts = g_strsplit (list != NULL ? list : "", ",", -1);

  for (guint i = 0; accounts[i] != NULL; i++)
    {
      const char *key = g_strstrip (accounts[i]);
      g_autofree char *identities_pref = g_strconcat ("mail.account.", key, ".identities", NULL);
      g_autofree char *server_pref = g_strconcat ("mail.account.", key, ".server", NULL);
      const char *identities = colombe_prefs_file_get_string (prefs, identities_pref);
      g_auto(GStrv) ids = g_strsplit (identities != NULL ? identities : "", ",", -1);

      for (guint j = 0; ids[j] != NULL; j++)
        {
          const char *id = g_strstrip (ids[j]);
          g_autofree char *email_pref = g_strconcat ("mail.identity.", id, ".useremail", NULL);
          g_autofree char *smtp_pref = g_strconcat ("mail.identity.", id, ".smtpServer", NULL);
          const char *email = colombe_prefs_file_get_string (prefs, email_pref);

          if (email == NULL || !same_address (email, address))
            continue;
          found->account = g_strdup (key);
          found->identity = g_strdup (id);
          found->server = g_strdup (colombe_prefs_file_get_string (prefs, server_pref));
          found->smtp = g_strdup (colombe_prefs_file_get_string (prefs, smtp_pref));
          return TRUE;
        }
    }

  return FALSE;
}

/* The key of the incoming server of another account (not @except) with
 * the same type, host and user name as @server: Thunderbird's account
 * manager finds servers by these three, and drops at start an account
 * whose server is already known. */
static char *
find_server (ColombePrefsFile *prefs,
             ColombeServer    *server,
             const char       *address,
             const char       *except)
{
  const char *list = colombe_prefs_file_get_string (prefs, "mail.accountmanager.accounts");
  g_auto(GStrv) accounts = g_strsplit (list != NULL ? list : "", ",", -1);
  gboolean pop3 = colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_POP3;
  const char *type = pop3 ? "pop3" : "imap";
  const char *host = colombe_server_get_host (server);
  const char *username = username_of (server, address);

  for (guint i = 0; accounts[i] != NULL; i++)
    {
      g_autofree char *server_pref = g_strconcat ("mail.account.", g_strstrip (accounts[i]),
                                                  ".server", NULL);
      const char *key = colombe_prefs_file_get_string (prefs, server_pref);
      g_autofree char *type_pref = NULL;
      g_autofree char *host_pref = NULL;
      g_autofree char *user_pref = NULL;
      const char *other_type, *other_host, *other_user;

      if (key == NULL || g_strcmp0 (key, except) == 0)
        continue;
      type_pref = g_strconcat ("mail.server.", key, ".type", NULL);
      host_pref = g_strconcat ("mail.server.", key, ".hostname", NULL);
      user_pref = g_strconcat ("mail.server.", key, ".userName", NULL);
      other_type = colombe_prefs_file_get_string (prefs, type_pref);
      other_host = colombe_prefs_file_get_string (prefs, host_pref);
      other_user = colombe_prefs_file_get_string (prefs, user_pref);
      if (other_type != NULL && other_host != NULL && other_user != NULL &&
          g_ascii_strcasecmp (other_type, type) == 0 &&
          g_ascii_strcasecmp (other_host, host) == 0 &&
          strcmp (other_user, username) == 0)
        return g_strdup (key);
    }

  return NULL;
}

/* The servers of the account found, keys kept; an identity without its
 * own outgoing server gets one. */
static void
update_found (ColombePrefsFile        *prefs,
              ColombeAccount          *account,
              ColombeThunderbirdAdded *added)
{
  const char *address = colombe_account_get_address (account);

  if (added->server == NULL)
    {
      added->server = new_server_key (prefs);
      set_server_string (prefs, "mail.account", added->account, "server", added->server);
    }
  colombe_thunderbird_write_incoming (&prefs_file_writer, prefs, added->server,
                                      colombe_account_get_incoming (account), address);

  if (added->smtp == NULL)
    {
      g_autofree char *smtps = NULL;

      added->smtp = next_key (prefs, "mail.smtpserver.", "mail.smtpservers", "smtp", 0);
      smtps = dup_list_appended (prefs, "mail.smtpservers", added->smtp);
      colombe_prefs_file_set_string (prefs, "mail.smtpservers", smtps);
      set_server_string (prefs, "mail.identity", added->identity, "smtpServer", added->smtp);
    }
  colombe_thunderbird_write_outgoing (&prefs_file_writer, prefs, added->smtp,
                                      colombe_account_get_outgoing (account), address);
  added->updated = TRUE;
}

/* Adding ---------------------------------------------------------------- */

static gboolean
check_input (ColombeAccount  *account,
             const char      *profile_path,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (colombe_account_get_incoming (account) == NULL ||
      colombe_account_get_outgoing (account) == NULL ||
      !colombe_export_check_account (account, NULL, &local_error))
    {
      g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_FAILED,
                   _("The account cannot be added to Thunderbird: %s"),
                   local_error != NULL ? local_error->message
                                       : _("it needs an incoming and an outgoing server"));
      return FALSE;
    }
  if (!g_file_test (profile_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_PROFILE_NOT_FOUND,
                   _("There is no Thunderbird profile in %s"), profile_path);
      return FALSE;
    }

  return colombe_thunderbird_profile_check_unused (profile_path, error);
}

ColombeThunderbirdAdded *
colombe_thunderbird_account_add (ColombeAccount  *account,
                                 const char      *profile_path,
                                 gboolean         replace,
                                 GError         **error)
{
  g_autoptr(ColombeThunderbirdAdded) added = g_new0 (ColombeThunderbirdAdded, 1);
  g_autoptr(ColombePrefsFile) prefs = NULL;
  g_autofree char *path = NULL;
  g_autofree char *same_server = NULL;
  const char *address;

  g_return_val_if_fail (COLOMBE_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (profile_path != NULL, NULL);

  if (!check_input (account, profile_path, error))
    return NULL;

  path = g_build_filename (profile_path, "prefs.js", NULL);
  prefs = colombe_prefs_file_new_for_path (path, error);
  if (prefs == NULL)
    return NULL;

  address = colombe_account_get_address (account);
  if (find_address (prefs, address, added))
    {
      if (!replace)
        {
          g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT,
                       _("Thunderbird has an account for %s already"), address);
          return NULL;
        }
    }

  same_server = find_server (prefs, colombe_account_get_incoming (account), address,
                             added->server);
  if (same_server != NULL)
    {
      ColombeServer *incoming = colombe_account_get_incoming (account);

      g_set_error (error, COLOMBE_THUNDERBIRD_ERROR, COLOMBE_THUNDERBIRD_ERROR_ALREADY_PRESENT,
                   _("Thunderbird has an account on %s for the user %s already"),
                   colombe_server_get_host (incoming), username_of (incoming, address));
      return NULL;
    }

  if (added->account != NULL)
    update_found (prefs, account, added);
  else
    add_new (prefs, account, added);

  /* Thunderbird may have started while we read */
  if (!colombe_thunderbird_profile_check_unused (profile_path, error) ||
      !colombe_prefs_file_save (prefs, path, &added->backup_path, error))
    return NULL;

  g_debug ("%s %s in %s", added->updated ? "updated" : "added", added->account, profile_path);
  return g_steal_pointer (&added);
}
