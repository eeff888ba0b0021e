/* colombe-export-qr.c: the Thunderbird for Android account QR code (qr)
 * and its payload as text (qr-text)
 *
 * The payload follows "Thunderbird Export for Mobile QR code format",
 * format version 1 (thunderbird-android feature/migration/qrcode/
 * qr-code-format.md): UTF-8 JSON of nested arrays,
 *   [1, [1, 1], INCOMING, [[OUTGOING, [address, name]]]]
 * with INCOMING [protocol, host, port, security, auth, username,
 * account name?, password?] and OUTGOING [0, host, port, security, auth,
 * username, password?]. The optional elements are written only when the
 * password is asked for: an element may be left out only with all those
 * after it. The code itself: libqrencode, error correction level L (as
 * Thunderbird desktop writes it), 8-bit mode, a quiet zone of 4 modules.
 *
 * Escaping: the payload is JSON written by json-glib (quotes, backslashes
 * and control characters escaped; checked against the format's own
 * reader, thunderbird-android's QrCodePayloadParser, which is Moshi's JSON
 * reader). The format allows no line break in a value, and host names in
 * ASCII only (their ACE form): the first is refused before
 * (colombe-export-text.h), the second done here.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-export-qr"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <string.h>

#include "colombe-export-account.h"
#include "colombe-export-targets.h"
#include "colombe-export-text.h"
#include "colombe-png.h"

#define FORMAT_VERSION 1
#define QUIET_ZONE 4       /* modules of white around the code (ISO/IEC 18004) */
#define MODULE_PIXELS 8
#define ECI_UTF8 26       /* the ECI designator of UTF-8 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

/* IncomingProtocol and OutgoingProtocol */
static int
protocol_code (ColombeProtocol protocol)
{
  switch (protocol)
    {
    case COLOMBE_PROTOCOL_IMAP:
    case COLOMBE_PROTOCOL_SMTP:
      return 0;
    case COLOMBE_PROTOCOL_POP3:
      return 1;
    default:
      g_assert_not_reached ();
    }
}

/* ConnectionSecurity: 0 plain, 2 STARTTLS required, 3 TLS (1 is reserved) */
static int
security_code (ColombeSecurity security)
{
  switch (security)
    {
    case COLOMBE_SECURITY_TLS:
      return 3;
    case COLOMBE_SECURITY_STARTTLS:
      return 2;
    case COLOMBE_SECURITY_NONE:
      return 0;
    default:
      g_assert_not_reached ();
    }
}

/* AuthenticationType, from clientConfig's names */
static int
auth_code (const char *auth)
{
  static const struct { const char *name; int code; } codes[] = {
    { "none", 0 }, { "client-IP-address", 0 }, { "smtp-after-pop", 0 },
    { "password-cleartext", 1 }, { "plain", 1 },
    { "password-encrypted", 2 }, { "secure", 2 },
    { "GSSAPI", 3 }, { "NTLM", 4 }, { "TLS-client-cert", 5 }, { "OAuth2", 6 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (codes[i].name, auth))
      return codes[i].code;

  /* colombe_auth_is_known() admitted it: the table above must know it */
  g_assert_not_reached ();
}

/* Hostname: ASCII only (the ACE form of an internationalised name), a
 * name or an IP address. */
static gboolean
add_server (JsonBuilder    *builder,
            ColombeServer  *server,
            const char     *username,
            GError        **error)
{
  const char *name = colombe_export_android_host (server);
  g_autofree char *host = g_hostname_is_ip_address (name) ? g_strdup (name)
                                                          : colombe_export_dup_plain_host (name);

  /* the field, not the value: an error never shows what it refuses */
  if (host == NULL)
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_INVALID_VALUE,
                           colombe_server_get_protocol (server) == COLOMBE_PROTOCOL_SMTP
                           ? _("the outgoing server’s name is not a host name a QR code can carry")
                           : _("the incoming server’s name is not a host name a QR code can carry"));
      return FALSE;
    }

  json_builder_add_int_value (builder, protocol_code (colombe_server_get_protocol (server)));
  json_builder_add_string_value (builder, host);
  json_builder_add_int_value (builder, colombe_server_get_port (server));
  json_builder_add_int_value (builder, security_code (colombe_server_get_security (server)));
  json_builder_add_int_value (builder, auth_code (colombe_server_get_auth (server)));
  json_builder_add_string_value (builder, username);

  return TRUE;
}

static gboolean
add_incoming (JsonBuilder           *builder,
              ColombeExportAccount  *account,
              GError               **error)
{
  json_builder_begin_array (builder);
  if (!add_server (builder, account->incoming, account->incoming_username, error))
    return FALSE;
  if (account->password != NULL)
    {
      /* AccountName: the address, as a reader would take it anyway */
      json_builder_add_string_value (builder, account->address);
      json_builder_add_string_value (builder, account->password);
    }
  json_builder_end_array (builder);

  return TRUE;
}

/* OutgoingServerGroups: one group, one server, one identity */
static gboolean
add_outgoing (JsonBuilder           *builder,
              ColombeExportAccount  *account,
              GError               **error)
{
  json_builder_begin_array (builder);
  json_builder_begin_array (builder);

  json_builder_begin_array (builder);
  if (!add_server (builder, account->outgoing, account->outgoing_username, error))
    return FALSE;
  if (account->password != NULL)
    json_builder_add_string_value (builder, account->password);
  json_builder_end_array (builder);

  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, account->address);
  json_builder_add_string_value (builder, account->name ? account->name : "");
  json_builder_end_array (builder);

  json_builder_end_array (builder);
  json_builder_end_array (builder);

  return TRUE;
}

static char *
dup_payload (const ColombeExportRequest  *request,
             GError                     **error)
{
  g_auto(ColombeExportAccount) account = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  if (!colombe_export_account_init (&account, request, error))
    return NULL;

  /* the format allows ASCII addresses only */
  if (!g_str_is_ascii (account.address))
    {
      g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                           _("the address is not one a QR code can carry (ASCII only)"));
      return NULL;
    }

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, FORMAT_VERSION);
  /* MiscellaneousData: this code is 1 of 1 */
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 1);
  json_builder_add_int_value (builder, 1);
  json_builder_end_array (builder);
  if (!add_incoming (builder, &account, error) ||
      !add_outgoing (builder, &account, error))
    return NULL;
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static GPtrArray *
qr_text_build (const ColombeExportRequest  *request,
               GError                     **error)
{
  g_autofree char *payload = dup_payload (request, error);
  g_autofree char *line = NULL;

  if (payload == NULL)
    return NULL;

  line = g_strconcat (payload, "\n", NULL);
  return colombe_export_files_new_text (line);
}

/* The code's modules, each MODULE_PIXELS square, inside the quiet zone. */
static guint8 *
render (const QRcode *code,
        guint        *size)
{
  guint modules = code->width + 2 * QUIET_ZONE;
  guint8 *dark;

  *size = modules * MODULE_PIXELS;
  dark = g_malloc0 ((gsize) *size * *size);

  for (guint y = 0; y < *size; y++)
    for (guint x = 0; x < *size; x++)
      {
        int my = (int) (y / MODULE_PIXELS) - QUIET_ZONE;
        int mx = (int) (x / MODULE_PIXELS) - QUIET_ZONE;

        if (mx >= 0 && my >= 0 && mx < code->width && my < code->width)
          dark[(gsize) y * *size + x] = code->data[my * code->width + mx] & 1;
      }

  return dark;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRinput, QRinput_free)

/* One 8-bit segment, the smallest version that holds it. Readers guess
 * the character set of 8-bit data (zbar takes some UTF-8 for Shift JIS):
 * a name or password beyond ASCII is announced as UTF-8 with ECI 26. */
static QRcode *
encode (const char *payload)
{
  g_autoptr(QRinput) input = QRinput_new2 (0, QR_ECLEVEL_L);

  if (input == NULL)
    return NULL;
  if (!g_str_is_ascii (payload) && QRinput_appendECIheader (input, ECI_UTF8) != 0)
    return NULL;
  if (QRinput_append (input, QR_MODE_8, strlen (payload), (const unsigned char *) payload) != 0)
    return NULL;

  return QRcode_encodeInput (input);
}

static GPtrArray *
qr_build (const ColombeExportRequest  *request,
          GError                     **error)
{
  g_autofree char *payload = dup_payload (request, error);
  g_autoptr(QRcode) code = NULL;
  g_autofree guint8 *dark = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GPtrArray) files = NULL;
  guint size;

  if (payload == NULL)
    return NULL;

  if (!(code = encode (payload)))
    {
      int saved = errno;

      if (saved == ERANGE)
        g_set_error_literal (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_UNSUPPORTED,
                             _("the account is too long for a QR code"));
      else
        g_set_error (error, COLOMBE_EXPORT_ERROR, COLOMBE_EXPORT_ERROR_FAILED,
                     _("could not make the QR code: %s"), g_strerror (saved));
      return NULL;
    }

  dark = render (code, &size);
  if (!(png = colombe_png_new_bilevel (dark, size, size, error)))
    return NULL;

  files = g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_export_file_free);
  g_ptr_array_add (files, colombe_export_file_new (NULL, png));
  return g_steal_pointer (&files);
}

const ColombeExporter colombe_export_qr = {
  .name = "qr",
  .extension = "png",
  .description = N_("QR code that Thunderbird for Android scans to add the account"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .oauth2_refusal = colombe_export_android_oauth2_refusal,
  .build = qr_build,
};

const ColombeExporter colombe_export_qr_text = {
  .name = "qr-text",
  .extension = "txt",
  .description = N_("what the Thunderbird for Android QR code says, as text"),
  .can_carry_password = TRUE,
  .kind = COLOMBE_EXPORT_KIND_FILE,
  .oauth2_refusal = colombe_export_android_oauth2_refusal,
  .build = qr_text_build,
};
