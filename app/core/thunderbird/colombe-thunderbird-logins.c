/* colombe-thunderbird-logins.c: a password into Thunderbird's own password manager
 *
 * Thunderbird keeps saved passwords in the profile's logins.json, each
 * username and password encrypted with the profile's key database
 * (key4.db) through NSS's "secret decoder ring" (PK11SDR_Encrypt, the
 * default key), then base64. This file does the same with NSS itself, so
 * that Thunderbird reads the entries back as its own: the origin and the
 * realm it looks up (MsgIncomingServer.sys.mjs and SmtpServer.sys.mjs:
 * "<localStoreType>://HOST", where POP3's store type is "mailbox"), and
 * the members its storage-json.sys.mjs writes for a new login.
 *
 * A primary password locks the key database: nothing is asked for and
 * nothing stored, Thunderbird asks once. Without key4.db (Thunderbird never
 * started there) NSS would create one Thunderbird did not make: nothing
 * either, unless the profile is one Colombe makes itself, whose key
 * database it makes as Thunderbird would (colombe_thunderbird_logins_create_keys).
 *
 * NSS is process-wide: it is opened with a context of its own, without
 * the profile's module list (no smart card module of the person's is
 * loaded) and shut down afterwards, one use at a time.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-thunderbird-logins"

#include "config.h"

#include <json-glib/json-glib.h>
#include <nss.h>
#include <prerror.h>
#include <pk11pub.h>
#include <secasn1.h>
#include <secerr.h>
#include <secoid.h>
#include <string.h>

#include "colombe-secret.h"
#include "colombe-thunderbird-logins.h"

/* nsILoginManagerCrypto.ENCTYPE_SDR */
#define ENCTYPE_SDR 1
/* LoginStore.sys.mjs kDataVersion */
#define LOGINS_VERSION 3

G_DEFINE_QUARK (colombe-thunderbird-logins-error-quark, colombe_thunderbird_logins_error)

const char *
colombe_thunderbird_logins_outcome_to_string (ColombeThunderbirdLoginsOutcome outcome)
{
  switch (outcome)
    {
    case COLOMBE_THUNDERBIRD_LOGINS_STORED:
      return "stored";
    case COLOMBE_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD:
      return "primary-password";
    case COLOMBE_THUNDERBIRD_LOGINS_NO_KEY_DATABASE:
      return "no-key-database";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Origins ---------------------------------------------------------------- */

static gboolean
takes_password (ColombeServer *server)
{
  const char *no_password[] = { "none", "OAuth2", "client-IP-address", "TLS-client-cert",
                                "GSSAPI", NULL };
  const char *username = colombe_server_get_username (server);

  if (username == NULL || username[0] == '\0')
    return FALSE;

  return !g_strv_contains (no_password, colombe_server_get_auth (server));
}

char *
colombe_thunderbird_logins_dup_origin (ColombeServer *server)
{
  const char *host;
  g_autofree char *bracketed = NULL;

  g_return_val_if_fail (COLOMBE_IS_SERVER (server), NULL);

  if (!takes_password (server))
    return NULL;

  /* Thunderbird brackets an IPv6 address; incoming servers then
   * encodeURIComponent() the host, SMTP does not. */
  host = colombe_server_get_host (server);
  bracketed = strchr (host, ':') != NULL ? g_strconcat ("[", host, "]", NULL) : g_strdup (host);

  switch (colombe_server_get_protocol (server))
    {
    case COLOMBE_PROTOCOL_IMAP:
    case COLOMBE_PROTOCOL_POP3:
      {
        g_autofree char *escaped = g_uri_escape_string (bracketed, "!*'()", FALSE);
        const char *store = colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_IMAP
                            ? "imap" : "mailbox";

        return g_strconcat (store, "://", escaped, NULL);
      }
    case COLOMBE_PROTOCOL_SMTP:
      return g_strconcat ("smtp://", bracketed, NULL);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The key database ------------------------------------------------------- */

/* NSS keeps one state per process: one use at a time. */
static GMutex nss_lock;

typedef struct
{
  NSSInitContext *context;
  PK11SlotInfo   *slot;
} Keys;

static void
set_nss_error (GError    **error,
               const char *what)
{
  PRErrorCode code = PORT_GetError ();

  g_set_error (error, COLOMBE_THUNDERBIRD_LOGINS_ERROR,
               COLOMBE_THUNDERBIRD_LOGINS_ERROR_KEY_DATABASE,
               "%s: %s (%s)", what, PORT_ErrorToString (code), PORT_ErrorToName (code));
}

static void
keys_close (Keys *keys)
{
  g_clear_pointer (&keys->slot, PK11_FreeSlot);
  if (keys->context != NULL && NSS_ShutdownContext (keys->context) != SECSuccess)
    g_warning ("NSS did not shut down: %s", PORT_ErrorToName (PORT_GetError ()));
  keys->context = NULL;
}

/* Opens (or, when there is none yet, makes) the key database in
 * @profile_dir read-write, as Thunderbird does: a database nobody gave a
 * password yet gets the empty one. */
static gboolean
keys_open_database (Keys        *keys,
                    const char  *profile_dir,
                    GError     **error)
{
  g_autofree char *config = g_strconcat ("sql:", profile_dir, NULL);

  keys->context = NSS_InitContext (config, "", "", "", NULL,
                                   NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT);
  if (keys->context == NULL)
    {
      set_nss_error (error, "Cannot open the profile's key database");
      return FALSE;
    }
  keys->slot = PK11_GetInternalKeySlot ();
  if (keys->slot == NULL)
    {
      set_nss_error (error, "No key slot in the profile's key database");
      return FALSE;
    }
  if (PK11_NeedUserInit (keys->slot) && PK11_InitPin (keys->slot, "", "") != SECSuccess)
    {
      set_nss_error (error, "Cannot prepare the profile's key database");
      return FALSE;
    }

  return TRUE;
}

/* Opens the profile's key4.db read-write. FALSE with *@outcome set and no
 * error when the password cannot be stored there. */
static gboolean
keys_open (Keys                             *keys,
           const char                       *profile_dir,
           ColombeThunderbirdLoginsOutcome  *outcome,
           GError                          **error)
{
  g_autofree char *key4 = g_build_filename (profile_dir, "key4.db", NULL);

  if (!g_file_test (key4, G_FILE_TEST_IS_REGULAR))
    {
      *outcome = COLOMBE_THUNDERBIRD_LOGINS_NO_KEY_DATABASE;
      return FALSE;
    }
  if (!keys_open_database (keys, profile_dir, error))
    return FALSE;
  if (PK11_NeedLogin (keys->slot) && !PK11_IsLoggedIn (keys->slot, NULL))
    {
      *outcome = COLOMBE_THUNDERBIRD_LOGINS_PRIMARY_PASSWORD;
      return FALSE;
    }

  return TRUE;
}

gboolean
colombe_thunderbird_logins_create_keys (const char  *profile_dir,
                                        GError     **error)
{
  g_autofree char *key4 = NULL;
  Keys keys = { NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (profile_dir != NULL, FALSE);

  key4 = g_build_filename (profile_dir, "key4.db", NULL);
  if (g_file_test (key4, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, COLOMBE_THUNDERBIRD_LOGINS_ERROR,
                   COLOMBE_THUNDERBIRD_LOGINS_ERROR_KEY_DATABASE,
                   "The profile has a key database already");
      return FALSE;
    }

  g_mutex_lock (&nss_lock);
  ok = keys_open_database (&keys, profile_dir, error);
  keys_close (&keys);
  g_mutex_unlock (&nss_lock);

  return ok;
}

/* The secret decoder ring's result (pk11sdr.c): the key's id, the
 * algorithm with its IV, the padded ciphertext. */
typedef struct
{
  SECItem        key_id;
  SECAlgorithmID algorithm;
  SECItem        data;
} SdrResult;

SEC_ASN1_MKSUB (SECOID_AlgorithmIDTemplate)

static const SEC_ASN1Template sdr_result_template[] = {
  { SEC_ASN1_SEQUENCE, 0, NULL, sizeof (SdrResult) },
  { SEC_ASN1_OCTET_STRING, offsetof (SdrResult, key_id), NULL, 0 },
  { SEC_ASN1_INLINE | SEC_ASN1_XTRN, offsetof (SdrResult, algorithm),
    SEC_ASN1_SUB (SECOID_AlgorithmIDTemplate), 0 },
  { SEC_ASN1_OCTET_STRING, offsetof (SdrResult, data), NULL, 0 },
  { 0, 0, NULL, 0 }
};

/* The id of the default SDR key */
static unsigned char sdr_key_id[] = {
  0xF8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01
};

/* The profile's default key, and the mechanism its type calls for: AES
 * in what a recent Thunderbird made (its own NSS), triple DES in older
 * profiles. Debian's PK11SDR_Encrypt() only knows the latter. Without
 * one, an AES key as a recent NSS makes it. */
static PK11SymKey *
keys_find_default (PK11SlotInfo      *slot,
                   CK_MECHANISM_TYPE *mechanism)
{
  SECItem id = { siBuffer, sdr_key_id, sizeof sdr_key_id };
  SECItem type = { siBuffer, NULL, 0 };
  PK11SymKey *key = PK11_FindFixedKey (slot, CKM_AES_CBC, &id, NULL);
  CK_KEY_TYPE key_type = CKK_AES;

  *mechanism = CKM_AES_CBC;
  if (key == NULL)
    return PK11_TokenKeyGen (slot, CKM_AES_CBC, NULL, PK11_GetBestKeyLength (slot, CKM_AES_CBC),
                             &id, PR_TRUE, NULL);

  if (PK11_ReadRawAttribute (PK11_TypeSymKey, key, CKA_KEY_TYPE, &type) == SECSuccess &&
      type.len == sizeof key_type)
    memcpy (&key_type, type.data, sizeof key_type);
  SECITEM_FreeItem (&type, PR_FALSE);
  if (key_type == CKK_AES)
    return key;

  /* the same object, for triple DES */
  PK11_FreeSymKey (key);
  *mechanism = CKM_DES3_CBC;
  return PK11_FindFixedKey (slot, CKM_DES3_CBC, &id, NULL);
}

/* PK11SDR_EncryptWithMechanism(), with public calls only */
static gboolean
keys_seal (Keys       *keys,
           const char *text,
           SECItem    *sealed)
{
  CK_MECHANISM_TYPE mechanism;
  PK11SymKey *key = keys_find_default (keys->slot, &mechanism);
  PLArenaPool *arena = PORT_NewArena (DER_DEFAULT_CHUNKSIZE);
  SECItem *params = NULL;
  PK11Context *context = NULL;
  SdrResult result = { { siBuffer, sdr_key_id, sizeof sdr_key_id } };
  gsize length = strlen (text);
  int block;
  int padded_length;
  guchar *padded = NULL;
  int out_length = 0;
  gboolean ok = FALSE;

  if (key == NULL || arena == NULL)
    goto out;
  params = PK11_GenerateNewParam (mechanism, key);
  if (params == NULL)
    goto out;
  context = PK11_CreateContextBySymKey (mechanism, CKA_ENCRYPT, key, params);
  if (context == NULL)
    goto out;

  /* always padded, by the number of bytes added */
  block = PK11_GetBlockSize (mechanism, NULL);
  padded_length = length + block - length % block;
  padded = g_malloc (padded_length);
  memcpy (padded, text, length);
  memset (padded + length, padded_length - length, padded_length - length);

  result.data.data = PORT_ArenaAlloc (arena, padded_length);
  if (PK11_CipherOp (context, result.data.data, &out_length, padded_length, padded,
                     padded_length) != SECSuccess ||
      PK11_Finalize (context) != SECSuccess)
    goto out;
  result.data.len = out_length;

  if (PK11_ParamToAlgid (SECOID_FindOIDByMechanism (mechanism)->offset, params, arena,
                         &result.algorithm) != SECSuccess)
    goto out;
  ok = SEC_ASN1EncodeItem (NULL, sealed, &result, sdr_result_template) != NULL;

out:
  if (padded != NULL)
    colombe_secret_wipe (padded, padded_length);
  g_free (padded);
  if (context != NULL)
    PK11_DestroyContext (context, PR_TRUE);
  if (params != NULL)
    SECITEM_ZfreeItem (params, PR_TRUE);
  if (arena != NULL)
    PORT_FreeArena (arena, PR_TRUE);
  if (key != NULL)
    PK11_FreeSymKey (key);

  return ok;
}

static char *
keys_encrypt (Keys        *keys,
              const char  *text,
              GError     **error)
{
  SECItem sealed = { siBuffer, NULL, 0 };
  char *base64;

  if (!keys_seal (keys, text, &sealed))
    {
      set_nss_error (error, "Cannot encrypt with the profile's key database");
      return NULL;
    }
  base64 = g_base64_encode (sealed.data, sealed.len);
  SECITEM_ZfreeItem (&sealed, PR_FALSE);

  return base64;
}

/* PK11SDR_Decrypt() for both key types: the plain text, NUL-terminated,
 * or NULL for what this key database cannot open. */
static ColombeSecret *
keys_unseal (Keys         *keys,
             const guchar *data,
             gsize         length)
{
  SECItem input = { siBuffer, (unsigned char *) data, length };
  PLArenaPool *arena = PORT_NewArena (DER_DEFAULT_CHUNKSIZE);
  SdrResult result = { { siBuffer, NULL, 0 } };
  CK_MECHANISM_TYPE mechanism;
  SECItem *params = NULL;
  PK11SymKey *key = NULL;
  PK11Context *context = NULL;
  ColombeSecret *text = NULL;
  int out_length = 0;
  int pad;

  if (arena == NULL ||
      SEC_QuickDERDecodeItem (arena, &result, sdr_result_template, &input) != SECSuccess)
    goto out;
  mechanism = PK11_AlgtagToMechanism (SECOID_GetAlgorithmTag (&result.algorithm));
  if ((mechanism != CKM_AES_CBC && mechanism != CKM_DES3_CBC) || result.data.len == 0)
    goto out;
  params = PK11_ParamFromAlgid (&result.algorithm);
  key = PK11_FindFixedKey (keys->slot, mechanism, &result.key_id, NULL);
  if (params == NULL || key == NULL)
    goto out;
  context = PK11_CreateContextBySymKey (mechanism, CKA_DECRYPT, key, params);
  text = g_malloc0 (result.data.len + 1);
  if (context == NULL ||
      PK11_CipherOp (context, (unsigned char *) text, &out_length, result.data.len,
                     result.data.data, result.data.len) != SECSuccess ||
      out_length <= 0)
    {
      g_clear_pointer (&text, colombe_secret_free);
      goto out;
    }
  pad = (guchar) text[out_length - 1];
  if (pad == 0 || pad > PK11_GetBlockSize (mechanism, NULL) || pad > out_length)
    g_clear_pointer (&text, colombe_secret_free);
  else
    colombe_secret_wipe (text + out_length - pad, pad);

out:
  if (context != NULL)
    PK11_DestroyContext (context, PR_TRUE);
  if (key != NULL)
    PK11_FreeSymKey (key);
  if (params != NULL)
    SECITEM_ZfreeItem (params, PR_TRUE);
  if (arena != NULL)
    PORT_FreeArena (arena, PR_TRUE);

  return text;
}

/* Whether @base64 decrypts to @expected; FALSE for what this key database
 * cannot decrypt (an entry of another key). */
static gboolean
keys_decrypts_to (Keys       *keys,
                  const char *base64,
                  const char *expected)
{
  gsize length = 0;
  g_autofree guchar *sealed = g_base64_decode (base64, &length);
  g_autoptr(ColombeSecret) text = keys_unseal (keys, sealed, length);

  return text != NULL && strcmp (text, expected) == 0;
}

/* logins.json ------------------------------------------------------------ */

static gboolean
corrupt (GError    **error,
         const char *path,
         const char *why)
{
  g_set_error (error, COLOMBE_THUNDERBIRD_LOGINS_ERROR, COLOMBE_THUNDERBIRD_LOGINS_ERROR_CORRUPT,
               "%s is not a Thunderbird password file (%s); it was left as it is", path, why);
  return FALSE;
}

static JsonNode *
logins_new (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* The members and their order as LoginStore.sys.mjs makes them */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nextId");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "logins");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "potentiallyVulnerablePasswords");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, LOGINS_VERSION);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
is_int_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

/* logins.json as it is, or a new one; never what Thunderbird would not
 * read back whole. */
static JsonNode *
logins_load (const char  *path,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *logins;

  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return logins_new ();
      corrupt (error, path, local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return corrupt (error, path, "not an object"), NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "nextId") && !is_int_member (root, "nextId"))
    return corrupt (error, path, "nextId"), NULL;

  logins = json_object_get_member (root, "logins");
  if (logins == NULL)
    json_object_set_array_member (root, "logins", json_array_new ());
  else if (!JSON_NODE_HOLDS_ARRAY (logins))
    return corrupt (error, path, "logins"), NULL;
  else
    for (guint i = 0; i < json_array_get_length (json_node_get_array (logins)); i++)
      if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (logins), i)))
        return corrupt (error, path, "a login"), NULL;

  return json_node_ref (json_parser_get_root (parser));
}

static const char *
login_string (JsonObject *login,
              const char *name)
{
  JsonNode *node = json_object_get_member (login, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
next_id (JsonObject *root)
{
  JsonArray *logins = json_object_get_array_member (root, "logins");
  gint64 next = is_int_member (root, "nextId") ? json_object_get_int_member (root, "nextId") : 1;

  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *login = json_array_get_object_element (logins, i);

      if (is_int_member (login, "id"))
        next = MAX (next, json_object_get_int_member (login, "id") + 1);
    }

  return next;
}

/* A new login, its members in storage-json.sys.mjs's order and with the
 * values Thunderbird gives a login saved from its password prompt. */
static JsonObject *
login_new (gint64      id,
           const char *origin,
           const char *sealed_username,
           const char *sealed_password,
           gint64      now)
{
  JsonObject *login = json_object_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *guid = g_strconcat ("{", uuid, "}", NULL);

  json_object_set_int_member (login, "id", id);
  json_object_set_string_member (login, "hostname", origin);
  json_object_set_string_member (login, "httpRealm", origin);
  json_object_set_null_member (login, "formSubmitURL");
  json_object_set_string_member (login, "usernameField", "");
  json_object_set_string_member (login, "passwordField", "");
  json_object_set_string_member (login, "encryptedUsername", sealed_username);
  json_object_set_string_member (login, "encryptedPassword", sealed_password);
  json_object_set_string_member (login, "guid", guid);
  json_object_set_int_member (login, "encType", ENCTYPE_SDR);
  json_object_set_int_member (login, "timeCreated", now);
  json_object_set_int_member (login, "timeLastUsed", now);
  json_object_set_int_member (login, "timePasswordChanged", now);
  json_object_set_int_member (login, "timesUsed", 1);
  json_object_set_null_member (login, "timeLastBreachAlertDismissed");
  json_object_set_int_member (login, "syncCounter", 1);
  json_object_set_boolean_member (login, "everSynced", FALSE);
  json_object_set_null_member (login, "encryptedUnknownFields");

  return login;
}

/* As Thunderbird's modifyLogin() with a new password: the entry keeps
 * its id, guid and history. */
static void
login_update (JsonObject *login,
              const char *origin,
              const char *sealed_username,
              const char *sealed_password,
              gint64      now)
{
  json_object_set_string_member (login, "httpRealm", origin);
  json_object_set_string_member (login, "encryptedUsername", sealed_username);
  json_object_set_string_member (login, "encryptedPassword", sealed_password);
  json_object_set_int_member (login, "encType", ENCTYPE_SDR);
  json_object_set_int_member (login, "timeLastUsed", now);
  json_object_set_int_member (login, "timePasswordChanged", now);
  if (is_int_member (login, "syncCounter"))
    json_object_set_int_member (login, "syncCounter",
                                json_object_get_int_member (login, "syncCounter") + 1);
}

/* Replaces every entry of @server's origin and username, or adds one. */
static gboolean
logins_put (Keys           *keys,
            JsonObject     *root,
            ColombeServer  *server,
            const char     *password,
            GError        **error)
{
  g_autofree char *origin = colombe_thunderbird_logins_dup_origin (server);
  const char *username = colombe_server_get_username (server);
  JsonArray *logins = json_object_get_array_member (root, "logins");
  g_autofree char *sealed_username = NULL;
  g_autofree char *sealed_password = NULL;
  gint64 now = g_get_real_time () / 1000;
  gboolean replaced = FALSE;

  if (origin == NULL)
    return TRUE;

  sealed_username = keys_encrypt (keys, username, error);
  if (sealed_username == NULL)
    return FALSE;
  sealed_password = keys_encrypt (keys, password, error);
  if (sealed_password == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *login = json_array_get_object_element (logins, i);
      const char *sealed = login_string (login, "encryptedUsername");

      if (g_strcmp0 (login_string (login, "hostname"), origin) == 0 && sealed != NULL &&
          keys_decrypts_to (keys, sealed, username))
        {
          login_update (login, origin, sealed_username, sealed_password, now);
          replaced = TRUE;
        }
    }

  if (!replaced)
    {
      gint64 id = next_id (root);

      json_array_add_object_element (logins, login_new (id, origin, sealed_username,
                                                        sealed_password, now));
      json_object_set_int_member (root, "nextId", id + 1);
    }
  g_debug ("%s %s for %s", replaced ? "replaced" : "added", origin, username);

  return TRUE;
}

static gboolean
logins_save (JsonNode    *root,
             const char  *path,
             GError     **error)
{
  g_autofree char *text = json_to_string (root, FALSE);

  /* a temporary file, then rename: never a half-written logins.json */
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Storing ---------------------------------------------------------------- */

static gboolean
store_locked (const char                       *profile_dir,
              ColombeServer                    *incoming,
              ColombeServer                    *outgoing,
              const char                       *password,
              ColombeThunderbirdLoginsOutcome  *outcome,
              GError                          **error)
{
  g_autofree char *path = g_build_filename (profile_dir, "logins.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  Keys keys = { NULL, NULL };
  gboolean ok = FALSE;

  if (!keys_open (&keys, profile_dir, outcome, &local_error))
    {
      keys_close (&keys);
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  root = logins_load (path, error);
  if (root != NULL &&
      logins_put (&keys, json_node_get_object (root), incoming, password, error) &&
      (outgoing == NULL ||
       logins_put (&keys, json_node_get_object (root), outgoing, password, error)))
    ok = logins_save (root, path, error);
  keys_close (&keys);

  if (ok)
    *outcome = COLOMBE_THUNDERBIRD_LOGINS_STORED;
  return ok;
}

gboolean
colombe_thunderbird_logins_store (const char                       *profile_dir,
                                  ColombeServer                    *incoming,
                                  ColombeServer                    *outgoing,
                                  const char                       *password,
                                  ColombeThunderbirdLoginsOutcome  *outcome,
                                  GError                          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  ColombeThunderbirdLoginsOutcome unused;

  g_return_val_if_fail (profile_dir != NULL, FALSE);
  g_return_val_if_fail (COLOMBE_IS_SERVER (incoming), FALSE);
  g_return_val_if_fail (outgoing == NULL || COLOMBE_IS_SERVER (outgoing), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&nss_lock);
  return store_locked (profile_dir, incoming, outgoing, password,
                       outcome != NULL ? outcome : &unused, error);
}

/* In a thread ------------------------------------------------------------ */

typedef struct
{
  char          *profile_dir;
  ColombeServer *incoming;
  ColombeServer *outgoing;
  ColombeSecret *password;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->profile_dir);
  g_clear_object (&data->incoming);
  g_clear_object (&data->outgoing);
  colombe_secret_free (data->password);
  g_free (data);
}

static void
store_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  StoreData *data = task_data;
  ColombeThunderbirdLoginsOutcome outcome = COLOMBE_THUNDERBIRD_LOGINS_STORED;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (colombe_thunderbird_logins_store (data->profile_dir, data->incoming, data->outgoing,
                                        data->password, &outcome, &error))
    g_task_return_int (task, outcome);
  else
    g_task_return_error (task, error);
}

void
colombe_thunderbird_logins_store_async (const char          *profile_dir,
                                        ColombeServer       *incoming,
                                        ColombeServer       *outgoing,
                                        const char          *password,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreData *data;

  g_return_if_fail (profile_dir != NULL);
  g_return_if_fail (COLOMBE_IS_SERVER (incoming));
  g_return_if_fail (outgoing == NULL || COLOMBE_IS_SERVER (outgoing));
  g_return_if_fail (password != NULL);

  data = g_new0 (StoreData, 1);
  data->profile_dir = g_strdup (profile_dir);
  data->incoming = colombe_server_copy (incoming);
  data->outgoing = outgoing != NULL ? colombe_server_copy (outgoing) : NULL;
  data->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, colombe_thunderbird_logins_store_async);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);
  g_task_run_in_thread (task, store_in_thread);
}

gboolean
colombe_thunderbird_logins_store_finish (GAsyncResult                     *result,
                                         ColombeThunderbirdLoginsOutcome  *outcome,
                                         GError                          **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        colombe_thunderbird_logins_store_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (outcome != NULL)
    *outcome = value;

  return TRUE;
}
