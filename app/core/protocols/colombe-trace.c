/* colombe-trace.c: the lines of one connection, as debug messages, with
 * every authentication exchange left out
 *
 * Looking for the password in a line cannot work: it travels raw, in
 * base64, quoted with escapes, as a literal, inside SASL PLAIN's response
 * or hashed by CRAM-MD5, and a server may send any of these back. So the
 * probe says when an exchange starts and ends, and nothing in between is
 * shown, neither what we sent nor what the server answered, only how many
 * lines went each way. The server's verdict that closes the exchange is
 * shown, masked as the person's error messages are, because it says why a
 * login failed.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-trace"

#include "config.h"

#include "colombe-login.h"
#include "colombe-secret.h"
#include "colombe-trace.h"

struct _ColombeTrace
{
  char      *host;
  guint16    port;

  /* while authenticating */
  gboolean   authenticating;
  guint      n_sent;
  guint      n_received;  /* but the last reply's */
  GPtrArray *sent;        /* secrets: what a verdict must not bring back */
  GPtrArray *last_reply;  /* secrets: held back until we know it is the verdict */
};

static GPtrArray *
secret_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) colombe_secret_free);
}

ColombeTrace *
colombe_trace_new (const char *host,
                   guint16     port)
{
  ColombeTrace *self;

  g_return_val_if_fail (host != NULL, NULL);

  self = g_new0 (ColombeTrace, 1);
  self->host = g_strdup (host);
  self->port = port;
  self->sent = secret_array_new ();
  self->last_reply = secret_array_new ();

  return self;
}

void
colombe_trace_free (ColombeTrace *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->sent);
  g_ptr_array_unref (self->last_reply);
  g_free (self->host);
  g_free (self);
}

void
colombe_trace_sent (ColombeTrace *self,
                    const char   *line)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (line != NULL);

  if (!self->authenticating)
    {
      g_debug ("%s:%u >> %s", self->host, self->port, line);
      return;
    }

  self->n_sent++;
  g_ptr_array_add (self->sent, g_strdup (line));
}

void
colombe_trace_received (ColombeTrace       *self,
                        const char * const *lines)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (lines != NULL);

  if (!self->authenticating)
    {
      for (guint i = 0; lines[i] != NULL; i++)
        g_debug ("%s:%u << %s", self->host, self->port, lines[i]);
      return;
    }

  /* The reply before this one was a continuation, never the verdict. */
  self->n_received += self->last_reply->len;
  g_ptr_array_set_size (self->last_reply, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (self->last_reply, g_strdup (lines[i]));
}

void
colombe_trace_begin_authentication (ColombeTrace *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->authenticating);

  self->authenticating = TRUE;
  self->n_sent = 0;
  self->n_received = 0;
}

static void
show_marker (ColombeTrace *self,
             const char   *direction,
             guint         n_lines)
{
  g_debug ("%s:%u %s [authentication: %u %s not shown]", self->host, self->port, direction,
           n_lines, n_lines == 1 ? "line" : "lines");
}

/* The verdict, with what we sent during the exchange and @hidden masked. */
static void
show_verdict (ColombeTrace       *self,
              const char * const *hidden)
{
  g_autoptr(GPtrArray) masked = g_ptr_array_new ();

  for (guint i = 0; i < self->sent->len; i++)
    g_ptr_array_add (masked, g_ptr_array_index (self->sent, i));
  for (guint i = 0; hidden != NULL && hidden[i] != NULL; i++)
    g_ptr_array_add (masked, (gpointer) hidden[i]);
  g_ptr_array_add (masked, NULL);

  for (guint i = 0; i < self->last_reply->len; i++)
    {
      g_autoptr(ColombeSecret) clean = NULL;

      clean = colombe_login_clean_text (g_ptr_array_index (self->last_reply, i),
                                        (const char * const *) masked->pdata, G_MAXUINT);
      g_debug ("%s:%u << %s", self->host, self->port, clean);
    }
}

void
colombe_trace_end_authentication (ColombeTrace       *self,
                                  gboolean            answered,
                                  const char * const *hidden)
{
  g_return_if_fail (self != NULL);

  if (!self->authenticating)
    return;

  if (!answered)
    self->n_received += self->last_reply->len;

  show_marker (self, ">>", self->n_sent);
  if (self->n_received > 0)
    show_marker (self, "<<", self->n_received);
  if (answered)
    show_verdict (self, hidden);

  self->authenticating = FALSE;
  g_ptr_array_set_size (self->sent, 0);
  g_ptr_array_set_size (self->last_reply, 0);
}

gboolean
colombe_trace_get_authenticating (ColombeTrace *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->authenticating;
}
