/* colombe-probe.c: does a mail server answer, and how securely?
 *
 * One connection to one server: TCP, implicit TLS or a real STARTTLS
 * upgrade, the greeting read before anything is sent, the capabilities
 * asked (again after STARTTLS; IMAP's greeting may list them at once),
 * a login when credentials were given, and a polite goodbye. Every step
 * has its own time limit; everything read goes through the bounded line
 * reader. The password goes out only over TLS (or in clear when allowed
 * for this probe), over a certificate that is trusted or pinned, and is
 * wiped from memory when the run ends. A run without a login may hold its
 * connection once the capabilities are known, instead of saying goodbye:
 * the next run then takes it over and goes straight to the login, after
 * checking its certificate as the handshake would have (a speculative
 * connection, opened while discovery still runs). The lines go to the debug messages
 * through a ColombeTrace, told where each login starts and ends so that
 * none of it is shown.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-probe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-certificate.h"
#include "colombe-handshake-gate.h"
#include "colombe-host-gate.h"
#include "colombe-line-reader.h"
#include "colombe-login.h"
#include "colombe-probe.h"
#include "colombe-protocol.h"
#include "colombe-secret.h"
#include "colombe-step-timer.h"
#include "colombe-trace.h"

/* Sending our goodbye should take no time: little patience. */
#define GOODBYE_TIMEOUT_MS 500
#define MAX_SHOWN_REPLY 200

/* Every protocol, as ColombeProtocol numbers them; a new one is one line. */
static const ColombeProtocolDriver * const drivers[] = {
  [COLOMBE_PROTOCOL_IMAP] = &colombe_protocol_imap,
  [COLOMBE_PROTOCOL_POP3] = &colombe_protocol_pop3,
  [COLOMBE_PROTOCOL_SMTP] = &colombe_protocol_smtp,
};

struct _ColombeProbe
{
  GObject                      parent_instance;

  const ColombeProtocolDriver *driver;
  char                        *host;
  guint16                      port;
  ColombeSecurity              security;
  GTlsDatabase                *database;
  guint                        timeout_ms;
  gboolean                     accept_untrusted;
  gboolean                     allow_plaintext;
  char                        *pin;          /* normalised SHA-256 */
  gboolean                     hold;         /* keep the connection after a run without login */

  /* credentials, for the next run only */
  GStrv                        usernames;
  ColombeSecret               *password;

  /* while running */
  GTask                       *task;
  gboolean                     in_gate;      /* holds a place of the host gate */
  gboolean                     held;         /* between two runs, the connection open */
  ColombeStepTimer            *timer;
  ColombeHandshakePlace       *place;        /* during the TLS handshake */
  GIOStream                   *stream;       /* the socket, or TLS over it */
  ColombeLineReader           *reader;
  ColombeTrace                *trace;        /* the debug messages of the lines */
  ColombeProtocolStep          step;
  GAsyncReadyCallback          on_reply;
  GBytes                      *command;      /* being written */
  guint                        sequence;
  char                        *client_name;
  gint64                       started;
  ColombeLoginAttempt          attempt;
  guint                        username_index;

  /* results */
  char                        *greeting;
  GStrv                        capabilities;
  ColombeSecurity              achieved;
  gboolean                     starttls_offered;
  GTlsCertificate             *certificate;
  GTlsCertificateFlags         certificate_errors;
  gboolean                     pinned;       /* accepted by the pin */
  ColombeCertificateInfo      *certificate_info;
  char                        *username_used;
  char                        *server_message;
  gint64                       elapsed_ms;
};

G_DEFINE_FINAL_TYPE (ColombeProbe, colombe_probe, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCEPT_UNTRUSTED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void send_command (ColombeProbe *self, ColombeProtocolStep step,
                          GAsyncReadyCallback on_reply);
static void drop_connection (ColombeProbe *self);

static void
forget_credentials (ColombeProbe *self)
{
  g_clear_pointer (&self->password, colombe_secret_free);
  g_clear_pointer (&self->usernames, g_strfreev);
  self->attempt.password = NULL;
  self->attempt.username = NULL;
}

static void
colombe_probe_finalize (GObject *object)
{
  ColombeProbe *self = (ColombeProbe *)object;

  g_assert (self->task == NULL && self->timer == NULL && self->place == NULL);

  /* A held connection nobody let go: close it, and give its place back. */
  if (self->held)
    drop_connection (self);
  forget_credentials (self);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->pin, g_free);
  g_clear_object (&self->database);
  g_clear_object (&self->stream);
  g_clear_object (&self->reader);
  g_clear_pointer (&self->trace, colombe_trace_free);
  g_clear_pointer (&self->client_name, g_free);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_pointer (&self->capabilities, g_strfreev);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->certificate_info, colombe_certificate_info_free);
  g_clear_pointer (&self->username_used, g_free);
  g_clear_pointer (&self->server_message, g_free);

  G_OBJECT_CLASS (colombe_probe_parent_class)->finalize (object);
}

static void
colombe_probe_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ColombeProbe *self = COLOMBE_PROBE (object);

  switch (prop_id)
    {
    case PROP_ACCEPT_UNTRUSTED:
      g_value_set_boolean (value, self->accept_untrusted);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
colombe_probe_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ColombeProbe *self = COLOMBE_PROBE (object);

  switch (prop_id)
    {
    case PROP_ACCEPT_UNTRUSTED:
      colombe_probe_set_accept_untrusted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
colombe_probe_class_init (ColombeProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = colombe_probe_finalize;
  object_class->get_property = colombe_probe_get_property;
  object_class->set_property = colombe_probe_set_property;

  properties [PROP_ACCEPT_UNTRUSTED] =
    g_param_spec_boolean ("accept-untrusted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
colombe_probe_init (ColombeProbe *self)
{
  self->timeout_ms = COLOMBE_PROBE_DEFAULT_TIMEOUT_MS;
  self->achieved = COLOMBE_SECURITY_NONE;
}

ColombeProbe *
colombe_probe_new (ColombeProtocol  protocol,
                   const char      *host,
                   guint16          port,
                   ColombeSecurity  security,
                   GTlsDatabase    *database)
{
  ColombeProbe *self;

  g_return_val_if_fail (protocol < G_N_ELEMENTS (drivers), NULL);
  g_return_val_if_fail (host != NULL && port > 0, NULL);
  g_return_val_if_fail (security <= COLOMBE_SECURITY_NONE, NULL);
  g_return_val_if_fail (!database || G_IS_TLS_DATABASE (database), NULL);

  self = g_object_new (COLOMBE_TYPE_PROBE, NULL);
  self->driver = drivers[protocol];
  self->host = g_strdup (host);
  self->port = port;
  self->security = security;
  g_set_object (&self->database, database);

  return self;
}

void
colombe_probe_set_timeout (ColombeProbe *self,
                           guint         timeout_ms)
{
  g_return_if_fail (COLOMBE_IS_PROBE (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

void
colombe_probe_set_accept_untrusted (ColombeProbe *self,
                                    gboolean      accept)
{
  g_return_if_fail (COLOMBE_IS_PROBE (self));

  accept = !!accept;
  if (self->accept_untrusted == accept)
    return;

  self->accept_untrusted = accept;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCEPT_UNTRUSTED]);
}

gboolean
colombe_probe_get_accept_untrusted (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), FALSE);

  return self->accept_untrusted;
}

void
colombe_probe_set_allow_plaintext (ColombeProbe *self,
                                   gboolean      allow)
{
  g_return_if_fail (COLOMBE_IS_PROBE (self));

  self->allow_plaintext = !!allow;
}

void
colombe_probe_set_pinned_certificate (ColombeProbe *self,
                                      const char   *sha256_hex)
{
  g_autofree char *pin = NULL;

  g_return_if_fail (COLOMBE_IS_PROBE (self));

  if (sha256_hex != NULL)
    {
      pin = colombe_certificate_normalize_sha256 (sha256_hex);
      g_return_if_fail (pin != NULL);
    }

  g_free (self->pin);
  self->pin = g_steal_pointer (&pin);
}

void
colombe_probe_set_hold (ColombeProbe *self,
                        gboolean      hold)
{
  g_return_if_fail (COLOMBE_IS_PROBE (self));

  self->hold = !!hold;
}

gboolean
colombe_probe_get_held (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), FALSE);

  return self->held;
}

void
colombe_probe_set_credentials (ColombeProbe       *self,
                               const char * const *usernames,
                               const char         *password)
{
  g_return_if_fail (COLOMBE_IS_PROBE (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail ((usernames == NULL) == (password == NULL));
  g_return_if_fail (usernames == NULL || (usernames[0] != NULL && usernames[0][0] != '\0'));

  forget_credentials (self);
  if (password == NULL)
    return;

  self->usernames = g_strdupv ((GStrv) usernames);
  self->password = g_strdup (password);
}

ColombeProtocol
colombe_probe_get_protocol (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), COLOMBE_PROTOCOL_IMAP);

  return self->driver->protocol;
}

const char *
colombe_probe_get_host (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), NULL);

  return self->host;
}

guint16
colombe_probe_get_port (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), 0);

  return self->port;
}

/* ---- the end of a run ---- */

static void
connection_closed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree char *host = user_data;

  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  colombe_host_gate_leave (colombe_host_gate_get_default (), host);
}

/* Closing may still send a TLS alert: let it go on without us. The
 * gate's place is given back once the connection is closed. */
static void
drop_connection (ColombeProbe *self)
{
  gboolean in_gate = self->in_gate;

  self->in_gate = FALSE;
  if (self->stream != NULL)
    g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL,
                             in_gate ? connection_closed : NULL,
                             in_gate ? g_strdup (self->host) : NULL);
  else if (in_gate)
    colombe_host_gate_leave (colombe_host_gate_get_default (), self->host);
  g_clear_object (&self->stream);
  g_clear_object (&self->reader);
}

static void
note_elapsed (ColombeProbe *self)
{
  self->elapsed_ms = (g_get_monotonic_time () - self->started) / 1000;
}

static void
fail (ColombeProbe *self,
      GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  note_elapsed (self);
  g_clear_pointer (&self->timer, colombe_step_timer_free);
  /* a login cut short: its last reply was no verdict */
  colombe_trace_end_authentication (self->trace, FALSE, NULL);
  drop_connection (self);
  forget_credentials (self);

  g_debug ("%s:%u: %s", self->host, self->port, error->message);
  g_task_return_error (task, error);
}

static void
succeed (ColombeProbe *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_pointer (&self->timer, colombe_step_timer_free);
  drop_connection (self);
  forget_credentials (self);

  g_debug ("%s:%u: %s in %" G_GINT64_FORMAT " ms", self->host, self->port,
           colombe_security_to_string (self->achieved), self->elapsed_ms);
  g_task_return_boolean (task, TRUE);
}

/* A server's line, short enough to quote in a message. */
static char *
dup_shown (const char * const *lines)
{
  const char *line = lines[0] != NULL ? lines[g_strv_length ((GStrv) lines) - 1] : "";

  return g_utf8_substring (line, 0, MIN (g_utf8_strlen (line, -1), MAX_SHOWN_REPLY));
}

static void
fail_with_reply (ColombeProbe        *self,
                 ColombeProtocolError code,
                 const char          *what,
                 const char * const  *lines)
{
  g_autofree char *shown = dup_shown (lines);

  /* Translators: what went wrong, then the server's own words. */
  fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, code, _("%s: “%s”"), what, shown));
}

/* ---- goodbye ---- */

static void
say_goodbye (ColombeProbe *self)
{
  note_elapsed (self);
  colombe_line_reader_set_timeout (self->reader, MIN (self->timeout_ms, GOODBYE_TIMEOUT_MS));
  send_command (self, COLOMBE_PROTOCOL_STEP_GOODBYE, NULL);
}

/* The capabilities are known and no login was asked: keep the
 * connection (and its place at the gate) for the next run. */
static void
hold_connection (ColombeProbe *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  note_elapsed (self);
  self->held = TRUE;
  g_debug ("%s:%u: held, %s", self->host, self->port,
           colombe_security_to_string (self->achieved));
  g_task_return_boolean (task, TRUE);
}

void
colombe_probe_let_go (ColombeProbe *self)
{
  g_return_if_fail (COLOMBE_IS_PROBE (self));
  g_return_if_fail (self->task == NULL);

  if (!self->held)
    return;

  /* A run of its own, with nobody waiting for it: LOGOUT or QUIT, then close. */
  self->held = FALSE;
  self->task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (self->task, colombe_probe_let_go);
  say_goodbye (self);
}

/* ---- commands and replies ---- */

static gboolean
step_ends_reply (const char *line,
                 guint       index,
                 gpointer    user_data)
{
  ColombeProbe *self = user_data;

  return self->driver->ends_reply (self->step, line, index);
}

static void
read_reply (ColombeProbe        *self,
            GAsyncReadyCallback  on_reply)
{
  colombe_line_reader_read_reply_async (self->reader, step_ends_reply, self,
                                        g_task_get_cancellable (self->task),
                                        on_reply, g_object_ref (self));
}

static void
command_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_autoptr(ColombeStepTimer) timer = g_steal_pointer (&self->timer);
  GError *error = NULL;

  g_clear_pointer (&self->command, g_bytes_unref);

  /* Once LOGOUT or QUIT is on its way, the server's answer would only cost
   * a round trip: close without waiting for it. */
  if (self->step == COLOMBE_PROTOCOL_STEP_GOODBYE)
    {
      g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
      succeed (self);
      return;
    }

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      colombe_step_timer_check (timer, _("sending a command"), &error);
      fail (self, error);
      return;
    }

  read_reply (self, self->on_reply);
}

/* Sends @line (taken, and wiped once written: it may be a secret) and
 * its CRLF. */
static void
send_line (ColombeProbe        *self,
           ColombeProtocolStep  step,
           char                *line,
           GAsyncReadyCallback  on_reply)
{
  GOutputStream *output = g_io_stream_get_output_stream (self->stream);
  gsize length = strlen (line);
  char *data = g_malloc (length + 3);

  self->step = step;
  self->on_reply = on_reply;
  memcpy (data, line, length);
  memcpy (data + length, "\r\n", 3);
  colombe_secret_free (line);

  g_assert (self->timer == NULL && self->command == NULL);
  self->command = g_bytes_new_with_free_func (data, length + 2,
                                              (GDestroyNotify) colombe_secret_free, data);
  self->timer = colombe_step_timer_new (g_task_get_cancellable (self->task), self->timeout_ms);
  g_output_stream_write_all_async (output, g_bytes_get_data (self->command, NULL),
                                   g_bytes_get_size (self->command),
                                   G_PRIORITY_DEFAULT,
                                   colombe_step_timer_get_cancellable (self->timer),
                                   command_written, g_object_ref (self));
}

static void
send_command (ColombeProbe        *self,
              ColombeProtocolStep  step,
              GAsyncReadyCallback  on_reply)
{
  char *command = self->driver->dup_command (step, ++self->sequence, self->client_name);

  colombe_trace_sent (self->trace, command);
  send_line (self, step, command, on_reply);
}

/* The reply of the current step, or NULL after failing the run. */
static GStrv
finish_reply (ColombeProbe *self,
              GAsyncResult *result)
{
  GError *error = NULL;
  GStrv lines;

  lines = colombe_line_reader_read_reply_finish (self->reader, result, &error);
  if (lines == NULL)
    {
      fail (self, error);
      return NULL;
    }

  colombe_trace_received (self->trace, (const char * const *) lines);

  return lines;
}

/* ---- TLS ---- */

static char *
describe_certificate_errors (GTlsCertificateFlags flags)
{
  static const struct { GTlsCertificateFlags flag; const char *text; } texts[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("issued by an unknown authority") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("made out to another name") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("not valid yet") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("insecure") },
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (flags & texts[i].flag)
      g_string_append_printf (text, "%s%s", text->len ? ", " : "", _(texts[i].text));

  if (text->len == 0)
    g_string_append (text, _("not valid"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
matches_pin (ColombeProbe *self)
{
  g_autofree char *sha256 = NULL;

  if (self->pin == NULL || self->certificate == NULL)
    return FALSE;

  sha256 = colombe_certificate_dup_sha256 (self->certificate);
  return g_strcmp0 (sha256, self->pin) == 0;
}

static GError *
untrusted_error (ColombeProbe *self)
{
  g_autofree char *why = describe_certificate_errors (self->certificate_errors);

  return g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TLS_UNTRUSTED,
                      _("the certificate of %s is not trusted: %s"), self->host, why);
}

static gboolean
accept_certificate (GTlsConnection       *connection,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  errors,
                    gpointer              user_data)
{
  ColombeProbe *self = user_data;

  g_set_object (&self->certificate, certificate);
  self->certificate_errors = errors;
  self->pinned = matches_pin (self);

  g_debug ("%s:%u: untrusted certificate (0x%x)%s", self->host, self->port, errors,
           self->pinned ? ", pinned" : self->accept_untrusted ? ", going on" : "");

  return self->pinned || self->accept_untrusted;
}

static GError *
classify_tls_error (ColombeProbe *self,
                    GError       *error)
{
  g_autoptr(GError) original = error;

  if (original->domain != G_TLS_ERROR &&
      !(original->domain == G_IO_ERROR && original->code != G_IO_ERROR_CANCELLED))
    return g_steal_pointer (&original);

  if (g_error_matches (original, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
      self->certificate_errors != 0)
    return untrusted_error (self);

  return g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TLS_FAILED,
                      _("the secure connection to %s failed: %s"), self->host,
                      original->message);
}

/* TLS 1.0 and 1.1 are broken and retired (RFC 8996): a server that speaks
 * nothing newer does not get the password, whatever it says. */
static gboolean
protocol_version_acceptable (ColombeProbe   *self,
                             GTlsConnection *tls)
{
  GTlsProtocolVersion version = g_tls_connection_get_protocol_version (tls);

  if (version == G_TLS_PROTOCOL_VERSION_TLS_1_0 || version == G_TLS_PROTOCOL_VERSION_TLS_1_1 ||
      version == G_TLS_PROTOCOL_VERSION_SSL_3_0)
    {
      g_io_stream_close_async (G_IO_STREAM (tls), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TLS_FAILED,
                               _("%s speaks only an outdated version of TLS, no longer safe"),
                               self->host));
      return FALSE;
    }

  return TRUE;
}

static void read_greeting (ColombeProbe *self);
static void capabilities_done (GObject *object, GAsyncResult *result, gpointer user_data);

static void
handshake_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_autoptr(ColombeStepTimer) timer = g_steal_pointer (&self->timer);
  g_autoptr(ColombeHandshakePlace) place = g_steal_pointer (&self->place);
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      colombe_handshake_place_check (place, _("the secure connection"), &error);
      colombe_step_timer_check (timer, _("the secure connection"), &error);
      fail (self, classify_tls_error (self, error));
      return;
    }

  g_set_object (&self->certificate, g_tls_connection_get_peer_certificate (tls));
  self->certificate_errors = g_tls_connection_get_peer_certificate_errors (tls);

  if (!protocol_version_acceptable (self, tls))
    return;

  g_set_object (&self->stream, G_IO_STREAM (tls));

  if (self->security == COLOMBE_SECURITY_TLS)
    {
      self->achieved = COLOMBE_SECURITY_TLS;
      read_greeting (self);
      return;
    }

  /* After STARTTLS: what was said in clear counts for nothing. */
  self->achieved = COLOMBE_SECURITY_STARTTLS;
  colombe_line_reader_set_stream (self->reader, g_io_stream_get_input_stream (self->stream));
  g_clear_pointer (&self->capabilities, g_strfreev);
  send_command (self, COLOMBE_PROTOCOL_STEP_CAPABILITY, capabilities_done);
}

/* The step timer starts with the handshake, not with the wait. */
static void
handshake_place_entered (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
  g_autoptr(GIOStream) tls = NULL;
  GError *error = NULL;

  g_assert (self->place == NULL);
  self->place = colombe_handshake_gate_enter_finish (COLOMBE_HANDSHAKE_GATE (object), result,
                                                     &error);
  if (self->place == NULL)
    {
      fail (self, error);
      return;
    }

  tls = g_tls_client_connection_new (self->stream, identity, &error);
  if (tls == NULL)
    {
      g_clear_pointer (&self->place, colombe_handshake_place_leave);
      fail (self, classify_tls_error (self, error));
      return;
    }

  if (self->database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), self->database);
  g_signal_connect_object (tls, "accept-certificate", G_CALLBACK (accept_certificate), self, 0);

  g_assert (self->timer == NULL);
  self->timer = colombe_step_timer_new (colombe_handshake_place_get_cancellable (self->place),
                                        self->timeout_ms);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    colombe_step_timer_get_cancellable (self->timer),
                                    handshake_done, g_object_ref (self));
}

static void
start_tls (ColombeProbe *self)
{
  colombe_handshake_gate_enter_async (colombe_handshake_gate_get_default (), self->host,
                                      g_task_get_cancellable (self->task),
                                      handshake_place_entered, g_object_ref (self));
}

/* ---- the conversation ---- */

/* The reply of @step if it is the positive one; otherwise the run fails
 * with @code, quoting the server, and NULL is returned. */
static GStrv
finish_positive_reply (ColombeProbe         *self,
                       GAsyncResult         *result,
                       ColombeProtocolError  code,
                       const char           *what)
{
  g_auto(GStrv) lines = NULL;

  if (!(lines = finish_reply (self, result)))
    return NULL;

  if (!self->driver->is_success (self->step, (const char * const *) lines))
    {
      fail_with_reply (self, code, what, (const char * const *) lines);
      return NULL;
    }

  return g_steal_pointer (&lines);
}

static void
starttls_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_auto(GStrv) lines = NULL;

  if (!(lines = finish_positive_reply (self, result, COLOMBE_PROTOCOL_ERROR_STARTTLS_FAILED,
                                       _("the server refused to start TLS"))))
    return;

  /* Anything sent before the handshake could be injected into it. */
  if (colombe_line_reader_get_n_buffered (self->reader) > 0)
    {
      fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_STARTTLS_FAILED,
                               _("the server sent data before the secure connection began")));
      return;
    }

  start_tls (self);
}

/* ---- logging in ---- */

static void send_login_line (ColombeProbe *self, const char *challenge);

/* The server gave its verdict: the trace shows it, and only it. */
static void
end_exchange (ColombeProbe *self)
{
  g_autoptr(GPtrArray) hidden = colombe_login_dup_sent_forms (&self->attempt);

  colombe_trace_end_authentication (self->trace, TRUE, (const char * const *) hidden->pdata);
}

/* The server's own words in @lines, fit to keep: never what we sent. */
static void
keep_server_message (ColombeProbe       *self,
                     const char * const *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) hidden = colombe_login_dup_sent_forms (&self->attempt);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", self->driver->reply_text (lines[i]));

  g_free (self->server_message);
  self->server_message = colombe_login_clean_text (text->str,
                                                   (const char * const *) hidden->pdata,
                                                   MAX_SHOWN_REPLY);
}

static void
start_attempt (ColombeProbe *self)
{
  self->attempt.username = self->usernames[self->username_index];
  self->attempt.sequence = ++self->sequence;
  self->attempt.round = 0;

  g_debug ("%s:%u: logging in as %s (%s)", self->host, self->port, self->attempt.username,
           colombe_login_mechanism_to_string (self->attempt.mechanism));
  colombe_trace_begin_authentication (self->trace);
  send_login_line (self, NULL);
}

static void
login_refused (ColombeProbe *self,
               gboolean      may_retry)
{
  /* No other username helps: the server takes no password at all. */
  if (colombe_login_asks_oauth2 (self->server_message))
    {
      fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_OAUTH2_REQUIRED,
                               _("%s takes no password, only a sign-in on the provider’s page: “%s”"),
                               self->host, self->server_message));
      return;
    }

  if (colombe_login_asks_app_password (self->server_message))
    {
      fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_APP_PASSWORD_REQUIRED,
                               _("%s asks for an app password: “%s”"),
                               self->host, self->server_message));
      return;
    }

  if (may_retry && self->usernames[self->username_index + 1] != NULL)
    {
      self->username_index++;
      start_attempt (self);
      return;
    }

  fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_AUTH_FAILED,
                           _("%s refused the username or the password: “%s”"),
                           self->host, self->server_message));
}

static void
login_reply_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_auto(GStrv) lines = NULL;
  const char * const *reply;
  ColombeLoginReply answer;

  if (!(lines = finish_reply (self, result)))
    return;

  reply = (const char * const *) lines;
  answer = self->driver->read_login_reply (&self->attempt, reply);
  switch (answer)
    {
    case COLOMBE_LOGIN_REPLY_CONTINUE:
      send_login_line (self, reply[g_strv_length (lines) - 1]);
      break;

    case COLOMBE_LOGIN_REPLY_ACCEPTED:
      end_exchange (self);
      self->username_used = g_strdup (self->attempt.username);
      say_goodbye (self);
      break;

    case COLOMBE_LOGIN_REPLY_REFUSED:
    case COLOMBE_LOGIN_REPLY_REFUSED_FINAL:
      end_exchange (self);
      keep_server_message (self, reply);
      login_refused (self, answer == COLOMBE_LOGIN_REPLY_REFUSED);
      break;

    case COLOMBE_LOGIN_REPLY_UNEXPECTED:
    default:
      keep_server_message (self, reply);
      fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_BAD_REPLY,
                               _("the server answered the login strangely: “%s”"),
                               self->server_message));
    }
}

static void
send_login_line (ColombeProbe *self,
                 const char   *challenge)
{
  char *line = self->driver->dup_login_line (&self->attempt, challenge);

  if (line == NULL)
    {
      fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_BAD_REPLY,
                               _("the server asked for more than a login needs")));
      return;
    }

  colombe_trace_sent (self->trace, line);
  self->attempt.round++;
  send_line (self, COLOMBE_PROTOCOL_STEP_LOGIN, line, login_reply_done);
}

/* The last checks before anything secret leaves. */
static gboolean
may_send_password (ColombeProbe  *self,
                   GError       **error)
{
  if (self->achieved == COLOMBE_SECURITY_NONE && !self->allow_plaintext)
    {
      g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_PLAINTEXT_REFUSED,
                   _("the connection to %s is not encrypted: the password was not sent"),
                   self->host);
      return FALSE;
    }

  /* accept-untrusted is for looking only */
  if (self->achieved != COLOMBE_SECURITY_NONE && self->certificate_errors != 0 && !self->pinned)
    {
      g_set_error (error, COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_TLS_UNTRUSTED,
                   _("the certificate of %s is not trusted: the password was not sent"),
                   self->host);
      return FALSE;
    }

  return TRUE;
}

static void
start_login (ColombeProbe *self)
{
  const char * const *capabilities = (const char * const *) self->capabilities;
  GError *error = NULL;

  if (!may_send_password (self, &error))
    {
      fail (self, error);
      return;
    }

  self->attempt.mechanism = self->driver->choose_mechanism (capabilities,
                                                            &self->attempt.initial_response,
                                                            &error);
  if (self->attempt.mechanism == COLOMBE_LOGIN_MECHANISM_NONE)
    {
      fail (self, error);
      return;
    }

  self->attempt.password = self->password;
  self->username_index = 0;
  start_attempt (self);
}

/* ---- capabilities ---- */

/* The capabilities are known: upgrade, log in, or leave. */
static void
go_on (ColombeProbe *self)
{
  if (self->achieved == COLOMBE_SECURITY_NONE)
    self->starttls_offered = colombe_probe_has_capability (self,
                                                           self->driver->starttls_capability);

  if (self->security == COLOMBE_SECURITY_STARTTLS && self->achieved == COLOMBE_SECURITY_NONE)
    {
      if (!self->starttls_offered)
        fail (self, g_error_new (COLOMBE_PROTOCOL_ERROR, COLOMBE_PROTOCOL_ERROR_STARTTLS_MISSING,
                                 _("%s does not offer STARTTLS on port %u"),
                                 self->host, self->port));
      else
        send_command (self, COLOMBE_PROTOCOL_STEP_STARTTLS, starttls_done);
    }
  else if (self->password != NULL)
    start_login (self);
  else if (self->hold)
    hold_connection (self);
  else
    say_goodbye (self);
}

/* A held connection taken over: its certificate is judged now, with this
 * run's pin, as the handshake would have judged it. */
static void
resume (ColombeProbe *self)
{
  self->held = FALSE;
  self->pinned = matches_pin (self);
  colombe_line_reader_set_timeout (self->reader, self->timeout_ms);
  g_debug ("%s:%u: taking over the held connection", self->host, self->port);

  if (self->achieved != COLOMBE_SECURITY_NONE && self->certificate_errors != 0 &&
      !self->pinned && !self->accept_untrusted)
    {
      fail (self, untrusted_error (self));
      return;
    }

  go_on (self);
}

static void
capabilities_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_auto(GStrv) lines = NULL;
  GError *error = NULL;

  if (!(lines = finish_reply (self, result)))
    return;

  self->capabilities = self->driver->parse_capabilities ((const char * const *) lines, &error);
  if (self->capabilities == NULL)
    {
      fail (self, error);
      return;
    }

  go_on (self);
}

static void
greeting_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_auto(GStrv) lines = NULL;

  if (!(lines = finish_positive_reply (self, result, COLOMBE_PROTOCOL_ERROR_BAD_REPLY,
                                       _("the server’s greeting is not the expected one"))))
    return;

  self->greeting = g_strjoinv ("\n", lines);

  /* Listed in the greeting: no need to ask. */
  if (self->driver->parse_greeting_capabilities != NULL &&
      (self->capabilities = self->driver->parse_greeting_capabilities (
         (const char * const *) lines)) != NULL)
    {
      go_on (self);
      return;
    }

  send_command (self, COLOMBE_PROTOCOL_STEP_CAPABILITY, capabilities_done);
}

static void
read_greeting (ColombeProbe *self)
{
  g_clear_object (&self->reader);
  self->reader = colombe_line_reader_new (g_io_stream_get_input_stream (self->stream));
  colombe_line_reader_set_timeout (self->reader, self->timeout_ms);

  self->step = COLOMBE_PROTOCOL_STEP_GREETING;
  read_reply (self, greeting_done);
}

/* How SMTP's EHLO introduces us: our address as an address literal. */
static char *
dup_client_name (GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autofree char *text = NULL;
  GInetAddress *address;

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return g_strdup ("[127.0.0.1]");

  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  text = g_inet_address_to_string (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", text);

  return g_strdup_printf ("[%s]", text);
}

static void
connected (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_autoptr(ColombeStepTimer) timer = g_steal_pointer (&self->timer);
  g_autoptr(GSocketConnection) connection = NULL;
  GError *error = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      colombe_step_timer_check (timer, _("connecting"), &error);
      g_prefix_error (&error, "%s:%u: ", self->host, self->port);
      fail (self, error);
      return;
    }

  self->client_name = dup_client_name (connection);
  self->stream = G_IO_STREAM (g_steal_pointer (&connection));

  if (self->security == COLOMBE_SECURITY_TLS)
    start_tls (self);
  else
    read_greeting (self);
}

static void
reset_results (ColombeProbe *self)
{
  self->sequence = 0;
  self->achieved = COLOMBE_SECURITY_NONE;
  self->starttls_offered = FALSE;
  self->certificate_errors = 0;
  self->pinned = FALSE;
  self->elapsed_ms = 0;
  g_clear_pointer (&self->certificate_info, colombe_certificate_info_free);
  g_clear_pointer (&self->username_used, g_free);
  g_clear_pointer (&self->server_message, g_free);
  g_clear_pointer (&self->client_name, g_free);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_pointer (&self->capabilities, g_strfreev);
  g_clear_object (&self->certificate);
}

/* The step timer starts with the connection, not with the wait. */
static void
gate_entered (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ColombeProbe) self = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GError *error = NULL;

  if (!colombe_host_gate_enter_finish (COLOMBE_HOST_GATE (object), result, &error))
    {
      fail (self, error);
      return;
    }
  self->in_gate = TRUE;

  /* A mail server is reached directly: a desktop's HTTP proxy is no way there. */
  g_socket_client_set_enable_proxy (client, FALSE);
  self->timer = colombe_step_timer_new (g_task_get_cancellable (self->task), self->timeout_ms);
  g_socket_client_connect_to_host_async (client, self->host, self->port,
                                         colombe_step_timer_get_cancellable (self->timer),
                                         connected, g_object_ref (self));
}

void
colombe_probe_run_async (ColombeProbe        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (COLOMBE_IS_PROBE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL);

  if (self->held)
    {
      self->task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (self->task, colombe_probe_run_async);
      resume (self);
      return;
    }

  reset_results (self);
  self->started = g_get_monotonic_time ();
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, colombe_probe_run_async);
  g_clear_pointer (&self->trace, colombe_trace_free);
  self->trace = colombe_trace_new (self->host, self->port);

  g_debug ("%s:%u: %s, %s", self->host, self->port,
           colombe_protocol_to_string (self->driver->protocol),
           colombe_security_to_string (self->security));

  colombe_host_gate_enter_async (colombe_host_gate_get_default (), self->host, cancellable,
                                 gate_entered, g_object_ref (self));
}

gboolean
colombe_probe_run_finish (ColombeProbe  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- results ---- */

const char *
colombe_probe_get_greeting (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), NULL);

  return self->greeting;
}

const char * const *
colombe_probe_get_capabilities (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), NULL);

  return (const char * const *) self->capabilities;
}

gboolean
colombe_probe_has_capability (ColombeProbe *self,
                              const char   *name)
{
  gsize length;

  g_return_val_if_fail (COLOMBE_IS_PROBE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  length = strlen (name);
  for (guint i = 0; self->capabilities != NULL && self->capabilities[i] != NULL; i++)
    {
      const char *capability = self->capabilities[i];

      if (g_ascii_strncasecmp (capability, name, length) == 0 &&
          (capability[length] == '\0' || capability[length] == ' ' ||
           capability[length] == '='))
        return TRUE;
    }

  return FALSE;
}

gboolean
colombe_probe_offers_oauth2 (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), FALSE);

  return colombe_login_offers_oauth2 ((const char * const *) self->capabilities);
}

ColombeSecurity
colombe_probe_get_achieved_security (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), COLOMBE_SECURITY_NONE);

  return self->achieved;
}

gboolean
colombe_probe_get_starttls_offered (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), FALSE);

  return self->starttls_offered;
}

GTlsCertificate *
colombe_probe_get_certificate (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), NULL);

  return self->certificate;
}

GTlsCertificateFlags
colombe_probe_get_certificate_errors (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), 0);

  return self->certificate_errors;
}

gint64
colombe_probe_get_elapsed_ms (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), 0);

  return self->elapsed_ms;
}

const char *
colombe_probe_get_username_used (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), NULL);

  return self->username_used;
}

const char *
colombe_probe_get_server_message (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), NULL);

  return self->server_message;
}

ColombeCertificateInfo *
colombe_probe_get_certificate_info (ColombeProbe *self)
{
  g_return_val_if_fail (COLOMBE_IS_PROBE (self), NULL);

  if (self->certificate_info == NULL && self->certificate != NULL)
    self->certificate_info = colombe_certificate_info_new (self->certificate,
                                                           self->certificate_errors,
                                                           self->host);

  return self->certificate_info;
}
