/* test-flatpak-keyring.c: in a Flatpak-like sandbox, the password still
 * lands in the person's keyring, where secret-tool finds it
 *
 * The real colombe runs `colombe test --store-password` against the real
 * Dovecot and SMTP server, under bwrap, in a sandbox built the way
 * `flatpak run` builds one from the release manifest, read at test time:
 *  - a root of its own (a tmpfs with /usr and /etc read-only), with a
 *    /.flatpak-info like Flatpak's, generated from the manifest: libsecret
 *    looks for that file to know it runs in Flatpak;
 *  - the manifest's --env=NAME=VALUE, and Flatpak's own variables
 *    (FLATPAK_ID, XDG_*_HOME under ~/.var/app/ID, XDG_RUNTIME_DIR);
 *  - the session bus only through xdg-dbus-proxy, filtered as Flatpak
 *    filters it: the portals, the app's own name, and each
 *    --talk-name/--own-name of the manifest;
 *  - the network namespace shared only with --share=network.
 * The bus behind the proxy is ColombeTestKeyring's: a private dbus-daemon
 * and gnome-keyring. On it, this program answers as the Secret portal
 * (org.freedesktop.portal.Secret, version 1, RetrieveSecret), as
 * xdg-desktop-portal does on a GNOME desktop: that is what makes
 * libsecret's secret_password_*() pick its file backend
 * (secret-backend.c, backend_get_impl_type(): /.flatpak-info exists and
 * the portal's version is 1), whatever SECRET_BACKEND says.
 *
 * Outside the sandbox, the real secret-tool looks the password up in the
 * same gnome-keyring, as msmtp or mbsync would.
 *
 * Of the home, the sandbox sees the app's own folder and the manifest's
 * --filesystem=~/PATH folders that exist, as in Flatpak.
 *
 * Cases:
 *  - the manifest as it is: stored, secret-tool finds it for IMAP and SMTP,
 *    and no file keyring appeared in the app's data folder;
 *  - the manifest without --talk-name=org.freedesktop.secrets: Colombe
 *    says it could not keep the password, and the keyring has nothing;
 *  - what libsecret does by default, which Colombe did before: the real
 *    secret-tool store (secret_password_storev_binary_sync()) in the same
 *    sandbox, with the manifest's permissions and SECRET_BACKEND=service
 *    on top, "succeeds" into ~/.var/app/ID/data/keyrings/default.keyring
 *    and the person's keyring has nothing: the failure this test guards
 *    against is observable with Debian 12's libsecret 0.20.5 (built with
 *    its file backend).
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gunixfdlist.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "colombe-test-fixtures.h"

#define APP_ID "io.github.colombe.Colombe"
#define BWRAP "/usr/bin/bwrap"
#define DBUS_PROXY "/usr/bin/xdg-dbus-proxy"
#define SECRET_TOOL "/usr/bin/secret-tool"
#define SECRETS_NAME "org.freedesktop.secrets"
#define TALK_SECRETS "--talk-name=" SECRETS_NAME
#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define SANDBOX_BUS "/run/flatpak/bus"
#define SANDBOX_RUNTIME_DIR "/run/user/0"
#define MAIL_HOST "mail.example.test"
/* the portal hands libsecret exactly this many bytes (secret-file-backend.c) */
#define PORTAL_SECRET_SIZE 64
#define START_TIMEOUT_MS 10000

static ColombeTestPki *pki;
static ColombeTestDovecot *dovecot;
static ColombeTestSmtpd *smtpd;
static ColombeTestDns *dns;
static ColombeTestKeyring *keyring;
static char **manifest_args;

/* ---- the Secret portal, on the test keyring's bus ---- */

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Secret'>"
  "    <method name='RetrieveSecret'>"
  "      <arg type='h' name='fd' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

typedef struct
{
  GMainContext    *context;
  GMainLoop       *loop;
  GThread         *thread;
  GDBusConnection *connection;
  guint            object_id;
  guint            retrieved;   /* RetrieveSecret calls (atomic) */
} Portal;

typedef struct
{
  GDBusConnection *connection;
  char            *sender;
  char            *handle;
} Response;

static void
response_free (gpointer data)
{
  Response *response = data;

  g_object_unref (response->connection);
  g_free (response->sender);
  g_free (response->handle);
  g_free (response);
}

/* libsecret 0.20 subscribes to Response only once the method's reply
 * arrived, and unsubscribes at the first one: sent every 50 ms until the
 * sandbox ends, the first one it can see is the one it takes. */
static gboolean
send_response (gpointer data)
{
  Response *response = data;

  g_dbus_connection_emit_signal (response->connection, response->sender, response->handle,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(u@a{sv})", 0,
                                                g_variant_new_array (G_VARIANT_TYPE ("{sv}"),
                                                                     NULL, 0)),
                                 NULL);
  return G_SOURCE_CONTINUE;
}

static void
portal_method (GDBusConnection       *connection,
               const char            *sender,
               const char            *object_path,
               const char            *interface_name,
               const char            *method_name,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  Portal *portal = user_data;
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) source = NULL;
  char secret[PORTAL_SECRET_SIZE];
  Response *response;
  gint32 index;
  int fd;

  g_variant_get (parameters, "(h@a{sv})", &index, NULL);
  fd = fds ? g_unix_fd_list_get (fds, index, &error) : -1;
  if (fd < 0)
    {
      g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.InvalidArgs",
                                                  "no file descriptor");
      return;
    }
  memset (secret, 'k', sizeof secret);
  g_assert_cmpint (write (fd, secret, sizeof secret), ==, sizeof secret);
  close (fd);
  g_atomic_int_inc (&portal->retrieved);

  response = g_new0 (Response, 1);
  response->connection = g_object_ref (connection);
  response->sender = g_strdup (sender);
  /* /org/freedesktop/portal/desktop/request/SENDER/TOKEN, ":1.23" as "1_23" */
  response->handle = g_strdup_printf (PORTAL_PATH "/request/%s/colombe%u", sender + 1,
                                      g_atomic_int_get (&portal->retrieved));
  g_strdelimit (response->handle + strlen (PORTAL_PATH "/request/"), ".", '_');
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", response->handle));

  source = g_timeout_source_new (50);
  g_source_set_callback (source, send_response, response, response_free);
  g_source_attach (source, portal->context);
}

static GVariant *
portal_property (GDBusConnection  *connection,
                 const char       *sender,
                 const char       *object_path,
                 const char       *interface_name,
                 const char       *property_name,
                 GError          **error,
                 gpointer          user_data)
{
  return g_variant_new_uint32 (1);
}

static gpointer
portal_thread (gpointer data)
{
  Portal *portal = data;

  g_main_context_push_thread_default (portal->context);
  g_main_loop_run (portal->loop);
  g_main_context_pop_thread_default (portal->context);
  return NULL;
}

static Portal *
portal_start (void)
{
  static const GDBusInterfaceVTable vtable = { portal_method, portal_property, NULL };
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  Portal *portal = g_new0 (Portal, 1);
  guint32 result;

  portal->context = g_main_context_new ();
  portal->loop = g_main_loop_new (portal->context, FALSE);
  /* the object's calls are dispatched in the context current when it is registered */
  g_main_context_push_thread_default (portal->context);
  portal->connection = g_dbus_connection_new_for_address_sync (
    colombe_test_keyring_get_bus_address (keyring),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  portal->object_id = g_dbus_connection_register_object (portal->connection, PORTAL_PATH,
                                                         node->interfaces[0], &vtable, portal,
                                                         NULL, &error);
  g_assert_no_error (error);
  g_main_context_pop_thread_default (portal->context);

  reply = g_dbus_connection_call_sync (portal->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName", g_variant_new ("(su)", PORTAL_NAME, 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
  portal->thread = g_thread_new ("secret-portal", portal_thread, portal);
  return portal;
}

static void
portal_stop (Portal *portal)
{
  g_main_loop_quit (portal->loop);
  g_thread_join (portal->thread);
  g_dbus_connection_unregister_object (portal->connection, portal->object_id);
  g_dbus_connection_close_sync (portal->connection, NULL, NULL);
  g_object_unref (portal->connection);
  g_main_loop_unref (portal->loop);
  g_main_context_unref (portal->context);
  g_free (portal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Portal, portal_stop)

/* ---- the sandbox ---- */

static gboolean
has_arg (char       **args,
         const char  *arg)
{
  return g_strv_contains ((const char * const *) args, arg);
}

/* finish-args of the release manifest, as flatpak-builder passes them */
static char **
read_manifest_args (void)
{
  const char *root = g_getenv ("COLOMBE_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root, "flatpak", APP_ID ".json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  JsonArray *array;

  g_assert_nonnull (root);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "finish-args");
  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (args, json_array_get_string_element (array, i));
  return g_strv_builder_end (args);
}

/* What `flatpak run` writes to /.flatpak-info: the app, and its context */
static char *
flatpak_info (char **args)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  const struct { const char *prefix, *key; } lists[] = {
    { "--share=", "shared" }, { "--socket=", "sockets" }, { "--device=", "devices" },
  };

  g_key_file_set_string (info, "Application", "name", APP_ID);
  g_key_file_set_string (info, "Application", "runtime", "runtime/org.gnome.Platform/x86_64/51");
  g_key_file_set_string (info, "Instance", "instance-id", "1234567890");
  g_key_file_set_string (info, "Instance", "flatpak-version", "1.14.10");
  g_key_file_set_string (info, "Instance", "session-bus-proxy", "true");
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_autoptr(GString) value = g_string_new (NULL);

      for (guint i = 0; args[i]; i++)
        if (g_str_has_prefix (args[i], lists[l].prefix))
          g_string_append_printf (value, "%s;", args[i] + strlen (lists[l].prefix));
      g_key_file_set_string (info, "Context", lists[l].key, value->str);
    }
  for (guint i = 0; args[i]; i++)
    if (g_str_has_prefix (args[i], "--talk-name="))
      g_key_file_set_string (info, "Session Bus Policy", args[i] + strlen ("--talk-name="), "talk");
    else if (g_str_has_prefix (args[i], "--own-name="))
      g_key_file_set_string (info, "Session Bus Policy", args[i] + strlen ("--own-name="), "own");
  return g_key_file_to_data (info, NULL, NULL);
}

static gboolean
proxy_answers (gpointer data)
{
  g_autofree char *address = g_strdup_printf ("unix:path=%s", (const char *) data);
  g_autoptr(GDBusConnection) connection = NULL;

  connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, NULL);
  if (connection == NULL)
    return FALSE;
  g_dbus_connection_close_sync (connection, NULL, NULL);
  return TRUE;
}

typedef struct
{
  char               *dir;       /* scratch: flatpak-info, the proxy's socket, the app's home */
  char               *home;
  char               *app_data;  /* ~/.var/app/ID/data: XDG_DATA_HOME in the sandbox */
  char              **args;      /* the finish-args it was built from */
  ColombeTestProcess *proxy;
} Sandbox;

static void
sandbox_free (Sandbox *sandbox)
{
  if (sandbox->proxy != NULL)
    colombe_test_process_stop (sandbox->proxy, SIGTERM, 3000, NULL);
  g_clear_pointer (&sandbox->proxy, colombe_test_process_free);
  colombe_test_scratch_dir_remove (sandbox->dir, NULL);
  g_free (sandbox->dir);
  g_free (sandbox->home);
  g_free (sandbox->app_data);
  g_strfreev (sandbox->args);
  g_free (sandbox);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sandbox, sandbox_free)

/* Writes /.flatpak-info and starts the session bus proxy, from @args */
static Sandbox *
sandbox_new (char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proxy_argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *info = flatpak_info (args);
  g_autofree char *socket = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) environment = NULL;
  Sandbox *sandbox = g_new0 (Sandbox, 1);

  sandbox->args = g_strdupv (args);
  sandbox->dir = colombe_test_scratch_dir_new ("flatpak", &error);
  g_assert_no_error (error);
  sandbox->home = g_build_filename (sandbox->dir, "home", NULL);
  sandbox->app_data = g_build_filename (sandbox->home, ".var", "app", APP_ID, "data", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sandbox->app_data, 0700), ==, 0);
  colombe_test_scratch_write (sandbox->dir, "flatpak-info", info, &error);
  g_assert_no_error (error);
  g_test_message ("/.flatpak-info:\n%s", info);

  /* as flatpak-run.c filters the session bus of an app */
  socket = g_build_filename (sandbox->dir, "bus", NULL);
  log = g_build_filename (sandbox->dir, "xdg-dbus-proxy.log", NULL);
  g_ptr_array_add (proxy_argv, g_strdup (DBUS_PROXY));
  g_ptr_array_add (proxy_argv, g_strdup (colombe_test_keyring_get_bus_address (keyring)));
  g_ptr_array_add (proxy_argv, g_strdup (socket));
  g_ptr_array_add (proxy_argv, g_strdup ("--filter"));
  g_ptr_array_add (proxy_argv, g_strdup ("--log"));
  g_ptr_array_add (proxy_argv, g_strdup ("--own=" APP_ID));
  g_ptr_array_add (proxy_argv, g_strdup ("--own=" APP_ID ".*"));
  g_ptr_array_add (proxy_argv, g_strdup ("--call=org.freedesktop.portal.*=*"));
  g_ptr_array_add (proxy_argv, g_strdup ("--broadcast=org.freedesktop.portal.*=@/org/freedesktop/portal/*"));
  for (guint i = 0; args[i]; i++)
    if (g_str_has_prefix (args[i], "--talk-name="))
      g_ptr_array_add (proxy_argv, g_strdup_printf ("--talk=%s", args[i] + strlen ("--talk-name=")));
    else if (g_str_has_prefix (args[i], "--own-name="))
      g_ptr_array_add (proxy_argv, g_strdup_printf ("--own=%s", args[i] + strlen ("--own-name=")));
  g_ptr_array_add (proxy_argv, NULL);
  /* its warnings are its own (a client that hangs up early gets one):
   * the tests' fatal-warnings is not for it */
  environment = g_environ_unsetenv (g_get_environ (), "G_DEBUG");
  sandbox->proxy = colombe_test_process_spawn_full ((const char * const *) proxy_argv->pdata,
                                                    (const char * const *) environment, NULL,
                                                    log, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (colombe_test_wait_until (proxy_answers, socket, START_TIMEOUT_MS));
  return sandbox;
}

/* bwrap's command line for @command inside @sandbox */
static GPtrArray *
sandbox_argv (Sandbox            *sandbox,
              const char * const *command)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  const char *build_root = g_getenv ("COLOMBE_BUILD_ROOT");
  const char *ca = colombe_test_pki_get_ca_file (pki);
  g_autofree char *info = g_build_filename (sandbox->dir, "flatpak-info", NULL);
  g_autofree char *socket = g_build_filename (sandbox->dir, "bus", NULL);
  g_autofree char *app = g_build_filename (sandbox->home, ".var", "app", APP_ID, NULL);
  const char *fixed[] = {
    BWRAP, "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
    "--tmpfs", "/", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
    "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
    "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
    "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/run",
    "--dir", SANDBOX_RUNTIME_DIR, "--ro-bind", info, "/.flatpak-info",
    "--bind", socket, SANDBOX_BUS, "--dir", sandbox->home, "--bind", app, app,
    "--ro-bind", build_root, build_root, "--ro-bind", ca, ca,
    "--clearenv",
  };
  const struct { const char *name, *value; } env[] = {
    { "PATH", "/usr/bin" }, { "LC_ALL", "C.UTF-8" }, { "FLATPAK_ID", APP_ID },
    { "container", "flatpak" }, { "HOME", sandbox->home },
    { "XDG_RUNTIME_DIR", SANDBOX_RUNTIME_DIR },
    { "DBUS_SESSION_BUS_ADDRESS", "unix:path=" SANDBOX_BUS },
  };
  const char *xdg[] = { "XDG_DATA_HOME", "data", "XDG_CONFIG_HOME", "config",
                        "XDG_CACHE_HOME", "cache", NULL };
  /* The sanitizer build's settings are the test run's, not Flatpak's: in
   * the sandbox, LeakSanitizer's exit-time tracer failed one run in three
   * and turned a proven store into exit 1. */
  const char *sanitizers[] = { "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS" };

  g_assert_nonnull (build_root);
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, g_strdup (fixed[i]));
  if (!has_arg (sandbox->args, "--share=network"))
    g_ptr_array_add (argv, g_strdup ("--unshare-net"));
  /* of the home, only the app's folder and each --filesystem=~/PATH that
   * exists, as flatpak-run.c mounts them */
  for (guint i = 0; sandbox->args[i]; i++)
    if (g_str_has_prefix (sandbox->args[i], "--filesystem=~/"))
      {
        g_autofree char *path = g_build_filename (sandbox->home,
                                                  sandbox->args[i] + strlen ("--filesystem=~/"),
                                                  NULL);

        g_assert_null (strchr (sandbox->args[i], ':'));
        if (!g_file_test (path, G_FILE_TEST_IS_DIR))
          continue;
        g_ptr_array_add (argv, g_strdup ("--bind"));
        g_ptr_array_add (argv, g_strdup (path));
        g_ptr_array_add (argv, g_strdup (path));
      }
  for (guint i = 0; i < G_N_ELEMENTS (env); i++)
    {
      g_ptr_array_add (argv, g_strdup ("--setenv"));
      g_ptr_array_add (argv, g_strdup (env[i].name));
      g_ptr_array_add (argv, g_strdup (env[i].value));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sanitizers); i++)
    if (g_getenv (sanitizers[i]) != NULL)
      {
        g_ptr_array_add (argv, g_strdup ("--setenv"));
        g_ptr_array_add (argv, g_strdup (sanitizers[i]));
        g_ptr_array_add (argv, g_strdup (g_getenv (sanitizers[i])));
      }
  for (guint i = 0; xdg[i]; i += 2)
    {
      g_ptr_array_add (argv, g_strdup ("--setenv"));
      g_ptr_array_add (argv, g_strdup (xdg[i]));
      g_ptr_array_add (argv, g_build_filename (app, xdg[i + 1], NULL));
    }
  /* the manifest's own environment, last: it wins, as in Flatpak */
  for (guint i = 0; sandbox->args[i]; i++)
    if (g_str_has_prefix (sandbox->args[i], "--env="))
      {
        g_auto(GStrv) pair = g_strsplit (sandbox->args[i] + strlen ("--env="), "=", 2);

        g_assert_nonnull (pair[1]);
        g_ptr_array_add (argv, g_strdup ("--setenv"));
        g_ptr_array_add (argv, g_strdup (pair[0]));
        g_ptr_array_add (argv, g_strdup (pair[1]));
      }
  g_ptr_array_add (argv, g_strdup ("--"));
  for (guint i = 0; command[i]; i++)
    g_ptr_array_add (argv, g_strdup (command[i]));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
sandbox_run (Sandbox            *sandbox,
             ColombeTestRun     *run,
             const char         *input,
             const char * const *command)
{
  g_autoptr(GPtrArray) argv = sandbox_argv (sandbox, command);

  g_autofree char *log_path = g_build_filename (sandbox->dir, "xdg-dbus-proxy.log", NULL);
  g_autofree char *log = NULL;

  colombe_test_run (run, NULL, input, (const char * const *) argv->pdata);
  g_test_message ("sandboxed %s: exit %d\n%s\n%s", command[0], run->status, run->out, run->err);
  /* what the sandbox asked on the bus, and what it was told */
  if (g_file_get_contents (log_path, &log, NULL, NULL))
    g_test_message ("xdg-dbus-proxy --log:\n%s", log);
}

/* The file keyring libsecret's file backend writes in the sandbox:
 * XDG_DATA_HOME/keyrings/default.keyring (SECRET_COLLECTION_DEFAULT) */
static gboolean
has_file_keyring (Sandbox *sandbox)
{
  g_autofree char *path = g_build_filename (sandbox->app_data, "keyrings", "default.keyring", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* ---- the steps ---- */

/* `colombe test ADDRESS --password-stdin --store-password` in @sandbox */
static void
colombe_store (Sandbox        *sandbox,
               ColombeTestRun *run,
               const char     *address,
               const char     *password)
{
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_autofree char *in = g_strdup_printf ("imap:" MAIL_HOST ":%u:tls",
                                         colombe_test_dovecot_get_imaps_port (dovecot));
  g_autofree char *out = g_strdup_printf (MAIL_HOST ":%u:starttls",
                                          colombe_test_smtpd_get_submission_port (smtpd));
  const char *command[] = {
    COLOMBE_BINARY, "test", address, "--json", "--ca-file", colombe_test_pki_get_ca_file (pki),
    "--ispdb-url", "https://127.0.0.1:1/v1.1", "--password-stdin", "--store-password",
    "--incoming", in, "--outgoing", out, NULL
  };

  sandbox_run (sandbox, run, input, command);
  /* what went wrong, when something does, is in there */
  g_test_message ("colombe test: exit %d\n%s\n%s", run->status, run->out, run->err);
}

static const char *
keyring_state (ColombeTestRun *run)
{
  static char state[32];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_null_member (root, "keyring"))
    return NULL;
  g_strlcpy (state, json_object_get_string_member (root, "keyring"), sizeof state);
  return state;
}

/* The real secret-tool, outside the sandbox, on the test keyring's bus:
 * what it prints, or NULL when it finds nothing */
static char *
secret_tool_lookup (const char *protocol,
                    guint16     port,
                    const char *user)
{
  g_auto(ColombeTestRun) run = { 0 };
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *argv[] = { SECRET_TOOL, "lookup", "protocol", protocol, "host", MAIL_HOST,
                         "port", port_text, "user", user, NULL };

  colombe_test_run (&run, NULL, NULL, argv);
  return run.status == 0 ? g_strdup (run.out) : NULL;
}

/* the manifest's finish-args, without @drop (if not NULL), with @add (if not NULL) */
static char **
manifest_args_but (const char *drop,
                   const char *add)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_assert_true (drop == NULL || has_arg (manifest_args, drop));
  for (guint i = 0; manifest_args[i]; i++)
    if (g_strcmp0 (manifest_args[i], drop) != 0)
      g_strv_builder_add (builder, manifest_args[i]);
  if (add != NULL)
    g_strv_builder_add (builder, add);
  return g_strv_builder_end (builder);
}

static void
test_manifest (void)
{
  g_autoptr(Portal) portal = portal_start ();
  g_autoptr(Sandbox) sandbox = sandbox_new (manifest_args);
  g_auto(ColombeTestRun) run = { 0 };
  g_autofree char *imap = NULL;
  g_autofree char *smtp = NULL;

  colombe_test_watchdog_arm (60);
  colombe_store (sandbox, &run, COLOMBE_TEST_ALICE_LOGIN, COLOMBE_TEST_ALICE_PASSWORD);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (keyring_state (&run), ==, "stored");

  imap = secret_tool_lookup ("imap", colombe_test_dovecot_get_imaps_port (dovecot),
                             COLOMBE_TEST_ALICE_LOGIN);
  smtp = secret_tool_lookup ("smtp", colombe_test_smtpd_get_submission_port (smtpd),
                             COLOMBE_TEST_ALICE_LOGIN);
  g_assert_cmpstr (imap, ==, COLOMBE_TEST_ALICE_PASSWORD);
  g_assert_cmpstr (smtp, ==, COLOMBE_TEST_ALICE_PASSWORD);
  /* the portal was there to be asked: Colombe never asked it, and no
   * keyring file of the sandbox's own appeared */
  g_assert_cmpuint (g_atomic_int_get (&portal->retrieved), ==, 0);
  g_assert_false (has_file_keyring (sandbox));
  colombe_test_watchdog_disarm ();
}

static void
test_without_talk_name (void)
{
  g_autoptr(Portal) portal = portal_start ();
  g_auto(GStrv) args = manifest_args_but (TALK_SECRETS, NULL);
  g_autoptr(Sandbox) sandbox = sandbox_new (args);
  g_auto(ColombeTestRun) run = { 0 };
  g_autofree char *imap = NULL;

  colombe_test_watchdog_arm (60);
  colombe_store (sandbox, &run, COLOMBE_TEST_BOB_LOGIN, COLOMBE_TEST_BOB_PASSWORD);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (keyring_state (&run), ==, "failed");
  imap = secret_tool_lookup ("imap", colombe_test_dovecot_get_imaps_port (dovecot),
                             COLOMBE_TEST_BOB_LOGIN);
  g_assert_null (imap);
  colombe_test_watchdog_disarm ();
}

/* libsecret's secret_password_*() in the sandbox: the file backend, even
 * with the manifest's permissions and SECRET_BACKEND=service */
static void
test_password_api (void)
{
  g_autoptr(Portal) portal = portal_start ();
  g_auto(GStrv) args = manifest_args_but (NULL, "--env=SECRET_BACKEND=service");
  g_autoptr(Sandbox) sandbox = sandbox_new (args);
  g_auto(ColombeTestRun) run = { 0 };
  g_autofree char *port = g_strdup_printf ("%u", colombe_test_dovecot_get_imaps_port (dovecot));
  g_autofree char *found = NULL;
  const char *command[] = { SECRET_TOOL, "store", "--label", "Mail password",
                            "protocol", "imap", "host", MAIL_HOST, "port", port,
                            "user", COLOMBE_TEST_ZOE_LOGIN, NULL };


  colombe_test_watchdog_arm (60);
  sandbox_run (sandbox, &run, COLOMBE_TEST_ZOE_PASSWORD, command);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (has_file_keyring (sandbox));
  g_assert_cmpuint (g_atomic_int_get (&portal->retrieved), ==, 1);
  found = secret_tool_lookup ("imap", colombe_test_dovecot_get_imaps_port (dovecot),
                              COLOMBE_TEST_ZOE_LOGIN);
  g_assert_null (found);
  colombe_test_watchdog_disarm ();
}

/* Add to Thunderbird from the sandbox: the manifest's --filesystem is what
 * reaches Flathub's and Debian's profile folders; without it, no profile is
 * found, none is made (the sandbox's /usr says nothing of the system's
 * Thunderbird) and nothing is written. */
static const char thunderbird_account[] =
  "{\"address\": \"" COLOMBE_TEST_ALICE_LOGIN "\", \"name\": \"Alice\",\n"
  " \"incoming\": {\"protocol\": \"imap\", \"host\": \"" MAIL_HOST "\", \"port\": 993,\n"
  "              \"security\": \"tls\", \"username\": \"" COLOMBE_TEST_ALICE_LOGIN "\",\n"
  "              \"authentication\": \"password-cleartext\"},\n"
  " \"outgoing\": {\"protocol\": \"smtp\", \"host\": \"" MAIL_HOST "\", \"port\": 465,\n"
  "              \"security\": \"tls\", \"username\": \"" COLOMBE_TEST_ALICE_LOGIN "\",\n"
  "              \"authentication\": \"password-cleartext\"}}\n";

/* A Thunderbird profile below @root of the sandbox's home, and
 * `colombe export --format thunderbird --profile default` in the sandbox;
 * the host's prefs.js afterwards. */
static char *
add_to_profile (char          **args,
                const char     *root,
                ColombeTestRun *run)
{
  g_autoptr(Sandbox) sandbox = sandbox_new (args);
  g_autoptr(GError) error = NULL;
  g_autofree char *profiles = g_build_filename (sandbox->home, root, NULL);
  g_autofree char *profile = g_build_filename (profiles, "t3st.default-release", NULL);
  g_autofree char *prefs = g_build_filename (profile, "prefs.js", NULL);
  g_autofree char *ini = g_build_filename (profiles, "profiles.ini", NULL);
  g_autofree char *account = g_build_filename (sandbox->app_data, "alice.json", NULL);
  char *written = NULL;
  const char *command[] = { COLOMBE_BINARY, "export", "--format", "thunderbird", "--account",
                            account, "--profile", "default", NULL };

  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ini, "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
                                           "[Profile0]\nName=default-release\nIsRelative=1\n"
                                           "Path=t3st.default-release\nDefault=1\n", -1, &error));
  g_assert_true (g_file_set_contents (prefs, "// Mozilla User Preferences\n", -1, &error));
  g_assert_true (g_file_set_contents (account, thunderbird_account, -1, &error));

  sandbox_run (sandbox, run, NULL, command);
  g_assert_true (g_file_get_contents (prefs, &written, NULL, &error));
  return written;
}

static void
test_thunderbird_profiles (void)
{
  const char *roots[] = { ".var/app/org.mozilla.Thunderbird/.thunderbird", ".thunderbird" };

  colombe_test_watchdog_arm (60);
  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *permission = g_strconcat ("--filesystem=~/", roots[i], NULL);
      g_auto(GStrv) without = manifest_args_but (permission, NULL);
      g_auto(ColombeTestRun) added = { 0 };
      g_auto(ColombeTestRun) refused = { 0 };
      g_autofree char *prefs = add_to_profile (manifest_args, roots[i], &added);
      g_autofree char *untouched = add_to_profile (without, roots[i], &refused);

      g_assert_cmpint (added.status, ==, 0);
      g_assert_nonnull (strstr (prefs, "\"" COLOMBE_TEST_ALICE_LOGIN "\""));
      g_assert_cmpint (refused.status, ==, 1);
      g_assert_true (g_str_has_suffix (refused.err, " [profile-not-found]\n"));
      g_assert_cmpstr (untouched, ==, "// Mozilla User Preferences\n");
    }
  colombe_test_watchdog_disarm ();
}

static void
start_world (void)
{
  g_autoptr(GError) error = NULL;

  pki = colombe_test_pki_get_default (&error);
  g_assert_no_error (error);
  dovecot = colombe_test_dovecot_new (pki);
  colombe_test_dovecot_start (dovecot, &error);
  g_assert_no_error (error);
  smtpd = colombe_test_smtpd_new (pki);
  colombe_test_smtpd_start (smtpd, &error);
  g_assert_no_error (error);
  keyring = colombe_test_keyring_new ();
  colombe_test_keyring_start (keyring, &error);
  g_assert_no_error (error);
  dns = colombe_test_dns_new ();
  colombe_test_dns_add_address (dns, MAIL_HOST, "127.0.0.1");
  colombe_test_dns_start (dns, &error);
  g_assert_no_error (error);
  manifest_args = read_manifest_args ();
}

static void
stop_world (void)
{
  colombe_test_dns_stop (dns, NULL);
  colombe_test_smtpd_stop (smtpd, NULL);
  colombe_test_dovecot_stop (dovecot, NULL);
  colombe_test_keyring_stop (keyring, NULL);
  g_clear_object (&keyring);
  g_clear_object (&dns);
  g_clear_object (&smtpd);
  g_clear_object (&dovecot);
  g_clear_pointer (&manifest_args, g_strfreev);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  start_world ();

  g_test_add_func ("/flatpak/manifest", test_manifest);
  g_test_add_func ("/flatpak/without-talk-name", test_without_talk_name);
  g_test_add_func ("/flatpak/password-api", test_password_api);
  g_test_add_func ("/flatpak/thunderbird-profiles", test_thunderbird_profiles);

  status = g_test_run ();
  stop_world ();

  return status;
}
