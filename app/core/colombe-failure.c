/* colombe-failure.c: why proving a server failed, in CLI.md's words
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-failure"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "colombe-failure.h"
#include "colombe-protocol.h"

static const char * const names[] = {
  [COLOMBE_FAILURE_KIND_HOST_NOT_FOUND] = "host-not-found",
  [COLOMBE_FAILURE_KIND_CONNECTION_REFUSED] = "connection-refused",
  [COLOMBE_FAILURE_KIND_TIMEOUT] = "timeout",
  [COLOMBE_FAILURE_KIND_TLS_UNTRUSTED] = "tls-untrusted",
  [COLOMBE_FAILURE_KIND_TLS_FAILED] = "tls-failed",
  [COLOMBE_FAILURE_KIND_STARTTLS_MISSING] = "starttls-missing",
  [COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED] = "plaintext-refused",
  [COLOMBE_FAILURE_KIND_AUTH_FAILED] = "auth-failed",
  [COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED] = "app-password-required",
  [COLOMBE_FAILURE_KIND_PROTOCOL_ERROR] = "protocol-error",
  [COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED] = "oauth2-required",
};

const char *
colombe_failure_kind_to_string (ColombeFailureKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);

  return names[kind];
}

static ColombeFailureKind
from_protocol_error (int code)
{
  switch ((ColombeProtocolError) code)
    {
    case COLOMBE_PROTOCOL_ERROR_TIMEOUT:
      return COLOMBE_FAILURE_KIND_TIMEOUT;
    case COLOMBE_PROTOCOL_ERROR_TLS_UNTRUSTED:
      return COLOMBE_FAILURE_KIND_TLS_UNTRUSTED;
    case COLOMBE_PROTOCOL_ERROR_TLS_FAILED:
    case COLOMBE_PROTOCOL_ERROR_STARTTLS_FAILED:
      return COLOMBE_FAILURE_KIND_TLS_FAILED;
    case COLOMBE_PROTOCOL_ERROR_STARTTLS_MISSING:
      return COLOMBE_FAILURE_KIND_STARTTLS_MISSING;
    case COLOMBE_PROTOCOL_ERROR_PLAINTEXT_REFUSED:
      return COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED;
    case COLOMBE_PROTOCOL_ERROR_AUTH_FAILED:
      return COLOMBE_FAILURE_KIND_AUTH_FAILED;
    case COLOMBE_PROTOCOL_ERROR_APP_PASSWORD_REQUIRED:
      return COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED;
    case COLOMBE_PROTOCOL_ERROR_OAUTH2_REQUIRED:
      return COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED;
    case COLOMBE_PROTOCOL_ERROR_CLOSED:
    case COLOMBE_PROTOCOL_ERROR_LINE_TOO_LONG:
    case COLOMBE_PROTOCOL_ERROR_TOO_MANY_LINES:
    case COLOMBE_PROTOCOL_ERROR_BAD_REPLY:
    case COLOMBE_PROTOCOL_ERROR_NO_MECHANISM:
    default:
      return COLOMBE_FAILURE_KIND_PROTOCOL_ERROR;
    }
}

/* Connecting: the name, then the way there. */
static ColombeFailureKind
from_io_error (int code)
{
  switch (code)
    {
    case G_IO_ERROR_TIMED_OUT:
      return COLOMBE_FAILURE_KIND_TIMEOUT;
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_CONNECTION_CLOSED:
      return COLOMBE_FAILURE_KIND_CONNECTION_REFUSED;
    case G_IO_ERROR_HOST_NOT_FOUND:
      return COLOMBE_FAILURE_KIND_HOST_NOT_FOUND;
    default:
      return COLOMBE_FAILURE_KIND_PROTOCOL_ERROR;
    }
}

ColombeFailureKind
colombe_failure_kind_from_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, COLOMBE_FAILURE_KIND_PROTOCOL_ERROR);

  if (error->domain == COLOMBE_PROTOCOL_ERROR)
    return from_protocol_error (error->code);

  /* NOT_FOUND and TEMPORARY_FAILURE alike: the name led nowhere. */
  if (error->domain == G_RESOLVER_ERROR)
    return COLOMBE_FAILURE_KIND_HOST_NOT_FOUND;

  if (error->domain == G_TLS_ERROR)
    return COLOMBE_FAILURE_KIND_TLS_FAILED;

  if (error->domain == G_IO_ERROR)
    return from_io_error (error->code);

  return COLOMBE_FAILURE_KIND_PROTOCOL_ERROR;
}

typedef struct
{
  const char *sentence;
  const char *next_step;
} Explanation;

/* What a person reads: what happened in plain words, then what to do.
 * In the order of ColombeFailureKind. */
static const Explanation explanations[] = {
  { N_("The server’s name was not found."),
    N_("Check the address for a typing mistake, and that this computer is connected to the Internet.") },
  { N_("The server refused the connection."),
    N_("The server may be down, or the port may be wrong: try again later, or check the settings with your provider.") },
  { N_("The server did not answer in time."),
    N_("Check the Internet connection and try again; if it keeps happening, the server may be down.") },
  { N_("The server’s identity could not be confirmed: its certificate is not trusted."),
    N_("Do not continue unless the person who runs this server confirms that the fingerprint below is theirs.") },
  { N_("A secure connection to the server could not be made."),
    N_("Try again later; if it keeps happening, ask your provider which settings to use.") },
  { N_("The server does not offer encryption on this port."),
    N_("Your password was not sent. Choose “SSL/TLS” or another port in the settings.") },
  { N_("This server does not encrypt the connection, so your password could be read on the way."),
    N_("Your password was not sent. Use an encrypted setting, or allow it explicitly if you accept the risk.") },
  { N_("The server refused the password."),
    N_("Check the password (capital letters count) and the user name, then try again.") },
  { N_("This provider does not accept your usual password in mail programs: it needs an app password."),
    N_("Create an app password on your provider’s website, then use it here instead of your usual password.") },
  { N_("The server answered in an unexpected way."),
    N_("Check that the settings name the right kind of server (IMAP, POP3 or SMTP) and the right port.") },
  { N_("This provider takes no password from mail programs, not even an app password: you sign in on its own page."),
    N_("Your password was not sent. Use a mail program that opens the provider’s sign-in page itself, such as Thunderbird.") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (explanations) == COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED + 1);

const char *
colombe_failure_kind_get_sentence (ColombeFailureKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (explanations), NULL);

  return _(explanations[kind].sentence);
}

const char *
colombe_failure_kind_get_next_step (ColombeFailureKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (explanations), NULL);

  return _(explanations[kind].next_step);
}

char *
colombe_failure_kind_dup_next_step (ColombeFailureKind  kind,
                                    const char         *help_url)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (explanations), NULL);

  if (help_url == NULL)
    return g_strdup (colombe_failure_kind_get_next_step (kind));

  switch (kind)
    {
    case COLOMBE_FAILURE_KIND_APP_PASSWORD_REQUIRED:
      /* Translators: %s is the provider's page, such as https://myaccount.google.com/apppasswords */
      return g_strdup_printf (_("Create an app password at %s, then use it here instead of your usual password."),
                              help_url);
    case COLOMBE_FAILURE_KIND_OAUTH2_REQUIRED:
      /* Translators: %s is the provider's page on signing in from mail programs */
      return g_strdup_printf (_("Your password was not sent. Sign in on the provider’s own page, from a mail program that opens it itself, such as Thunderbird (see %s)."),
                              help_url);
    case COLOMBE_FAILURE_KIND_HOST_NOT_FOUND:
    case COLOMBE_FAILURE_KIND_CONNECTION_REFUSED:
    case COLOMBE_FAILURE_KIND_TIMEOUT:
    case COLOMBE_FAILURE_KIND_TLS_UNTRUSTED:
    case COLOMBE_FAILURE_KIND_TLS_FAILED:
    case COLOMBE_FAILURE_KIND_STARTTLS_MISSING:
    case COLOMBE_FAILURE_KIND_PLAINTEXT_REFUSED:
    case COLOMBE_FAILURE_KIND_AUTH_FAILED:
    case COLOMBE_FAILURE_KIND_PROTOCOL_ERROR:
    default:
      return g_strdup (colombe_failure_kind_get_next_step (kind));
    }
}

char *
colombe_failure_dup_switch_step (const char *switch_text,
                                 const char *url)
{
  g_return_val_if_fail (switch_text != NULL && url != NULL, NULL);

  /* Translators: the provider's own sentence on the setting (already in the
   * person's language), then its page. */
  return g_strdup_printf (_("The same password worked on the other server, so this one is probably switched off at the provider: %s (%s) Then try again."),
                          switch_text, url);
}
