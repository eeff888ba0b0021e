/* colombe-address.c: an e-mail address as a person types or pastes it, checked rule by rule
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What is accepted, and why:
 *
 * - Quoted local parts ("jean dupont"@example.org) are legal per RFC 5321, but no
 *   provider hands one to a volunteer, and every later step (login names, exports)
 *   would have to quote them again: they are rejected with INVALID_LOCAL_PART.
 * - One trailing dot on the domain ("alice@free.fr.") is removed, not rejected: it
 *   comes with an address copied from the end of a sentence, and in the DNS
 *   "free.fr." is the very same domain as "free.fr". Two dots are still an error.
 * - Non-ASCII local parts (RFC 6531 SMTPUTF8, "élodie@example.fr") are accepted:
 *   some providers allow them. They are normalised to NFC as RFC 6532 §3.1 asks,
 *   so an "é" pasted from macOS as "e" + accent matches the one the server knows;
 *   the 64 limit counts UTF-8 octets, as servers do. The case is kept.
 * - IP literals ([192.0.2.1]) and domains without a dot ("localhost") are rejected:
 *   a volunteer's mailbox is never on one, so they are typing mistakes.
 */

#define G_LOG_DOMAIN "colombe-address"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "colombe-address.h"

/* RFC 5321 §4.5.3.1; 254 is the 256-octet path minus its two angle brackets. */
#define LOCAL_PART_MAX_OCTETS 64
#define DOMAIN_MAX_OCTETS     253
#define LABEL_MAX_OCTETS      63
#define ADDRESS_MAX_OCTETS    254

/* A rule: TRUE when @text passes it, otherwise FALSE with @error set. */
typedef gboolean (*AddressCheck) (const char  *text,
                                  GError     **error);

#define RUN_CHECKS(checks, text, error) run_checks (checks, G_N_ELEMENTS (checks), text, error)

G_DEFINE_QUARK (colombe-address-error-quark, colombe_address_error)

G_DEFINE_BOXED_TYPE (ColombeAddress, colombe_address, colombe_address_copy, colombe_address_free)

static gboolean
fail (GError              **error,
      ColombeAddressError   code,
      const char           *message)
{
  g_set_error_literal (error, COLOMBE_ADDRESS_ERROR, code, message);
  return FALSE;
}

static gboolean
run_checks (const AddressCheck  *checks,
            gsize                n_checks,
            const char          *text,
            GError             **error)
{
  for (gsize i = 0; i < n_checks; i++)
    {
      if (!checks[i] (text, error))
        return FALSE;
    }

  return TRUE;
}

/* What a copy from a web page, a PDF or a phone leaves around an address:
 * ordinary spaces and line breaks, no-break spaces, zero-width spaces, word joiners
 * and a byte order mark. */
static gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x200B || c == 0xFEFF || c == 0x2060;
}

static gboolean
is_invisible (gunichar c)
{
  return g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT;
}

/* The full stops of Chinese and Japanese keyboards, which IDNA treats as dots. */
static gboolean
is_full_stop (gunichar c)
{
  return c == '.' || c == 0x3002 || c == 0xFF0E || c == 0xFF61;
}

static gboolean
is_comma (gunichar c)
{
  return c == ',' || c == 0xFF0C || c == 0x3001;
}

/* RFC 5322 atext plus the dot; the dot's placement is checked separately. */
static gboolean
is_local_part_character (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL);
}

static gboolean
has_character (const char *text,
               gboolean  (*predicate) (gunichar c))
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (predicate (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

static char *
trim_blanks (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && is_blank (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start && is_blank (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);

  return g_strndup (start, end - start);
}

static guint
count_at_signs (const char *text)
{
  guint count = 0;

  for (const char *p = strchr (text, '@'); p != NULL; p = strchr (p + 1, '@'))
    count++;

  return count;
}

/* The whole text, before it is cut at the "@". */

static gboolean
check_encoding (const char  *text,
                GError     **error)
{
  if (g_utf8_validate (text, -1, NULL))
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_ENCODING,
               _("The address contains characters that cannot be read; please type it again."));
}

static gboolean
check_not_empty (const char  *text,
                 GError     **error)
{
  if (*text != '\0')
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_EMPTY, _("Please type your e-mail address."));
}

/* Before counting "@": a quoted local part may hide one ("a@b"@example.org). */
static gboolean
check_not_quoted (const char  *text,
                  GError     **error)
{
  if (*text != '"')
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_LOCAL_PART,
               _("Addresses with quotation marks are not supported; remove the quotation marks."));
}

static gboolean
check_no_inner_space (const char  *text,
                      GError     **error)
{
  if (!has_character (text, is_blank))
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INNER_SPACE,
               _("The address contains a space or an invisible character; remove it."));
}

static gboolean
check_has_at (const char  *text,
              GError     **error)
{
  if (count_at_signs (text) > 0)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_NO_AT,
               _("The address has no “@” sign; it should look like name@example.org."));
}

static gboolean
check_single_at (const char  *text,
                 GError     **error)
{
  if (count_at_signs (text) < 2)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_SEVERAL_AT,
               _("The address has more than one “@” sign; it should have only one."));
}

static const AddressCheck text_checks[] = {
  check_not_empty,
  check_not_quoted,
  check_no_inner_space,
  check_has_at,
  check_single_at,
};

/* The local part, before the "@". */

static gboolean
check_local_part_not_empty (const char  *local_part,
                            GError     **error)
{
  if (*local_part != '\0')
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_EMPTY_LOCAL_PART,
               _("There is nothing before the “@” sign."));
}

static gboolean
check_local_part_length (const char  *local_part,
                         GError     **error)
{
  if (strlen (local_part) <= LOCAL_PART_MAX_OCTETS)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_LOCAL_PART_TOO_LONG,
               _("The part before the “@” sign is too long: it can have at most 64 characters."));
}

static gboolean
check_local_part_visible (const char  *local_part,
                          GError     **error)
{
  if (!has_character (local_part, is_invisible))
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_LOCAL_PART,
               _("The part before the “@” sign contains an invisible or control character."));
}

/* Non-ASCII characters pass (SMTPUTF8); the ASCII ones must be atext. */
static gboolean
check_local_part_characters (const char  *local_part,
                             GError     **error)
{
  for (const char *p = local_part; *p != '\0'; p++)
    {
      char shown[2] = { *p, '\0' };

      if ((guchar) *p >= 0x80 || is_local_part_character (*p))
        continue;

      g_set_error (error, COLOMBE_ADDRESS_ERROR, COLOMBE_ADDRESS_ERROR_INVALID_LOCAL_PART,
                   /* Translators: %s is one character, such as a comma */
                   _("The part before the “@” sign cannot contain “%s”."), shown);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_local_part_dot_ends (const char  *local_part,
                           GError     **error)
{
  if (!g_str_has_prefix (local_part, ".") && !g_str_has_suffix (local_part, "."))
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_LOCAL_PART,
               _("The part before the “@” sign cannot start or end with a dot."));
}

static gboolean
check_local_part_dot_runs (const char  *local_part,
                           GError     **error)
{
  if (strstr (local_part, "..") == NULL)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_LOCAL_PART,
               _("The part before the “@” sign cannot have two dots in a row."));
}

static const AddressCheck local_part_checks[] = {
  check_local_part_not_empty,
  check_local_part_length,
  check_local_part_visible,
  check_local_part_characters,
  check_local_part_dot_ends,
  check_local_part_dot_runs,
};

/* The domain as typed, its full stops already turned into dots. */

static gboolean
check_domain_not_empty (const char  *domain,
                        GError     **error)
{
  if (*domain != '\0')
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_EMPTY_DOMAIN,
               _("There is nothing after the “@” sign."));
}

static gboolean
fail_ip_address (GError **error)
{
  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
               _("An IP address after the “@” sign is not supported; "
                 "type the name of your provider, such as example.org."));
}

static gboolean
check_domain_not_ip_literal (const char  *domain,
                             GError     **error)
{
  if (*domain != '[')
    return TRUE;

  return fail_ip_address (error);
}

/* The most common slip on a French keyboard, where "," sits next to ";" and ".". */
static gboolean
check_domain_no_comma (const char  *domain,
                       GError     **error)
{
  if (!has_character (domain, is_comma))
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
               _("The part after the “@” sign contains a comma “,”; did you mean a dot “.”?"));
}

static gboolean
check_domain_visible (const char  *domain,
                      GError     **error)
{
  if (!has_character (domain, is_invisible))
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
               _("The part after the “@” sign contains an invisible or control character."));
}

static gboolean
check_domain_dot_start (const char  *domain,
                        GError     **error)
{
  if (*domain != '.')
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
               _("The part after the “@” sign cannot start with a dot."));
}

/* Run before the trailing dot is removed, so that "free.fr.." is caught here. */
static gboolean
check_domain_dot_runs (const char  *domain,
                       GError     **error)
{
  if (strstr (domain, "..") == NULL)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
               _("The part after the “@” sign cannot have two dots in a row."));
}

static const AddressCheck typed_domain_checks[] = {
  check_domain_not_empty,
  check_domain_not_ip_literal,
  check_domain_no_comma,
  check_domain_visible,
  check_domain_dot_start,
  check_domain_dot_runs,
};

static gboolean
check_domain_has_dot (const char  *domain,
                      GError     **error)
{
  if (strchr (domain, '.') != NULL)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_DOMAIN_NO_DOT,
               _("The part after the “@” sign has no dot; it should look like example.org."));
}

/* One label, between two dots: @ascii as sent to the DNS, @display as shown. */

static gboolean
fail_label_too_long (GError **error)
{
  return fail (error, COLOMBE_ADDRESS_ERROR_DOMAIN_TOO_LONG,
               _("After the “@” sign, a piece between two dots is too long: "
                 "it can have at most 63 characters."));
}

static gboolean
check_label_length (const char  *ascii,
                    GError     **error)
{
  if (strlen (ascii) <= LABEL_MAX_OCTETS)
    return TRUE;

  return fail_label_too_long (error);
}

/* g_hostname_to_ascii() gives NULL both for a forbidden character and for an "xn--"
 * form over 63 octets, without saying which. Every character costs at least one
 * octet after "xn--", so a label of more than 59 characters cannot fit. */
static gboolean
check_unconverted_label_length (const char  *label,
                                GError     **error)
{
  if (g_utf8_strlen (label, -1) + strlen ("xn--") <= LABEL_MAX_OCTETS)
    return TRUE;

  return fail_label_too_long (error);
}

/* On the Unicode form: an "xn--" label hides the characters it encodes. */
static gboolean
check_label_characters (const char  *display,
                        GError     **error)
{
  for (const char *p = display; *p != '\0'; p++)
    {
      char shown[2] = { *p, '\0' };

      if ((guchar) *p >= 0x80 || g_ascii_isalnum (*p) || *p == '-')
        continue;

      g_set_error (error, COLOMBE_ADDRESS_ERROR, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
                   /* Translators: %s is one character, such as an underscore */
                   _("The part after the “@” sign cannot contain “%s”."), shown);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_label_hyphens (const char  *display,
                     GError     **error)
{
  if (!g_str_has_prefix (display, "-") && !g_str_has_suffix (display, "-"))
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
               _("After the “@” sign, a piece between two dots cannot start or end "
                 "with a hyphen “-”."));
}

static const AddressCheck display_label_checks[] = {
  check_label_characters,
  check_label_hyphens,
};

/* The domain once converted to ASCII. */

static gboolean
check_domain_length (const char  *ascii,
                     GError     **error)
{
  if (strlen (ascii) <= DOMAIN_MAX_OCTETS)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_DOMAIN_TOO_LONG,
               _("The part after the “@” sign is too long: it can have at most 253 characters."));
}

/* "alice@192.0.2.1": no top-level domain is made of digits only (RFC 3696 §2). */
static gboolean
check_domain_not_numeric (const char  *ascii,
                          GError     **error)
{
  const char *last = strrchr (ascii, '.');

  for (const char *p = last != NULL ? last + 1 : ascii; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return TRUE;
    }

  return fail_ip_address (error);
}

static const AddressCheck ascii_domain_checks[] = {
  check_domain_length,
  check_domain_not_numeric,
};

static char *
normalize_dots (const char *domain)
{
  GString *result = g_string_sized_new (strlen (domain));

  for (const char *p = domain; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_full_stop (c))
        g_string_append_c (result, '.');
      else
        g_string_append_unichar (result, c);
    }

  return g_string_free (result, FALSE);
}

/* Removes the one trailing dot of a fully qualified name; "." alone is left to
 * check_domain_dot_start. */
static void
strip_trailing_dot (char *domain)
{
  gsize length = strlen (domain);

  if (length > 1 && domain[length - 1] == '.')
    domain[length - 1] = '\0';
}

/* A conversion that does not come back to the same ASCII is a broken "xn--" label
 * ("xn--a" decodes to nothing), or a character that IDNA maps to a dot. */
static gboolean
is_faithful_conversion (const char *ascii,
                        const char *display)
{
  g_autofree char *again = NULL;

  if (ascii == NULL || display == NULL || *ascii == '\0' || strchr (ascii, '.') != NULL)
    return FALSE;

  again = g_hostname_to_ascii (display);

  return again != NULL && g_ascii_strcasecmp (again, ascii) == 0;
}

/* Nameprep already lower-cases; doing it again says what we rely on. */
static char *
label_to_ascii (const char *label)
{
  g_autofree char *ascii = g_hostname_to_ascii (label);

  return ascii != NULL ? g_ascii_strdown (ascii, -1) : NULL;
}

/* Converts each label on its own: g_hostname_to_ascii() silently drops a trailing
 * dot when the name has non-ASCII characters, which would hide "exämple.fr..". */
static gboolean
convert_label (const char  *label,
               GString     *ascii_domain,
               GString     *display_domain,
               GError     **error)
{
  g_autofree char *ascii = label_to_ascii (label);
  g_autofree char *display = ascii != NULL ? g_hostname_to_unicode (ascii) : NULL;

  if (ascii == NULL && !check_unconverted_label_length (label, error))
    return FALSE;

  if (!is_faithful_conversion (ascii, display))
    return fail (error, COLOMBE_ADDRESS_ERROR_INVALID_DOMAIN,
                 _("The part after the “@” sign is not a valid domain name."));

  if (!check_label_length (ascii, error) || !RUN_CHECKS (display_label_checks, display, error))
    return FALSE;

  if (ascii_domain->len > 0)
    {
      g_string_append_c (ascii_domain, '.');
      g_string_append_c (display_domain, '.');
    }
  g_string_append (ascii_domain, ascii);
  g_string_append (display_domain, display);

  return TRUE;
}

static gboolean
convert_domain (const char  *domain,
                char       **ascii,
                char       **display,
                GError     **error)
{
  g_auto(GStrv) labels = g_strsplit (domain, ".", -1);
  g_autoptr(GString) ascii_domain = g_string_new (NULL);
  g_autoptr(GString) display_domain = g_string_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    {
      if (!convert_label (labels[i], ascii_domain, display_domain, error))
        return FALSE;
    }

  *ascii = g_string_free (g_steal_pointer (&ascii_domain), FALSE);
  *display = g_string_free (g_steal_pointer (&display_domain), FALSE);

  return TRUE;
}

static gboolean
parse_domain (const char  *typed,
              char       **ascii,
              char       **display,
              GError     **error)
{
  g_autofree char *domain = normalize_dots (typed);
  g_autofree char *ascii_domain = NULL;
  g_autofree char *display_domain = NULL;

  if (!RUN_CHECKS (typed_domain_checks, domain, error))
    return FALSE;

  strip_trailing_dot (domain);

  if (!check_domain_has_dot (domain, error)
      || !convert_domain (domain, &ascii_domain, &display_domain, error)
      || !RUN_CHECKS (ascii_domain_checks, ascii_domain, error))
    return FALSE;

  *ascii = g_steal_pointer (&ascii_domain);
  *display = g_steal_pointer (&display_domain);

  return TRUE;
}

static gboolean
check_address_length (const char  *address,
                      GError     **error)
{
  if (strlen (address) <= ADDRESS_MAX_OCTETS)
    return TRUE;

  return fail (error, COLOMBE_ADDRESS_ERROR_TOO_LONG,
               _("The address is too long: it can have at most 254 characters."));
}

/**
 * colombe_address_parse:
 * @text: what the person typed or pasted; invalid UTF-8 is reported, not guessed at
 * @error: return location for a #COLOMBE_ADDRESS_ERROR
 *
 * Checks @text as an e-mail address and normalises it: blanks around it are
 * removed, the domain is lower-cased and converted to ASCII ("xn--" labels),
 * the local part keeps its case.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL with @error set to
 *   a sentence that can be shown as it is
 */
ColombeAddress *
colombe_address_parse (const char  *text,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *local_part = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *display_domain = NULL;
  g_autofree char *address = NULL;
  ColombeAddress *self;
  const char *at;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_encoding (text, error))
    return NULL;

  trimmed = trim_blanks (text);
  if (!RUN_CHECKS (text_checks, trimmed, error))
    return NULL;

  at = strchr (trimmed, '@');
  local_part = g_utf8_normalize (trimmed, at - trimmed, G_NORMALIZE_NFC);
  if (!RUN_CHECKS (local_part_checks, local_part, error)
      || !parse_domain (at + 1, &domain, &display_domain, error))
    return NULL;

  address = g_strconcat (local_part, "@", domain, NULL);
  if (!check_address_length (address, error))
    return NULL;

  self = g_new0 (ColombeAddress, 1);
  self->address = g_steal_pointer (&address);
  self->local_part = g_steal_pointer (&local_part);
  self->domain = g_steal_pointer (&domain);
  self->display_domain = g_steal_pointer (&display_domain);

  return self;
}

/**
 * colombe_address_copy:
 * @self: an address
 *
 * Returns: (transfer full): a deep copy of @self
 */
ColombeAddress *
colombe_address_copy (const ColombeAddress *self)
{
  ColombeAddress *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (ColombeAddress, 1);
  copy->address = g_strdup (self->address);
  copy->local_part = g_strdup (self->local_part);
  copy->domain = g_strdup (self->domain);
  copy->display_domain = g_strdup (self->display_domain);

  return copy;
}

/**
 * colombe_address_free:
 * @self: (nullable): an address
 *
 * Frees @self and its strings; %NULL is accepted, as with g_free().
 */
void
colombe_address_free (ColombeAddress *self)
{
  if (self == NULL)
    return;

  g_free (self->address);
  g_free (self->local_part);
  g_free (self->domain);
  g_free (self->display_domain);
  g_free (self);
}
