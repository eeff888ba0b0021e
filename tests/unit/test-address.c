/* test-address.c: what colombe_address_parse() accepts, normalises and rejects
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-address.h"

#define VALID_CODE (-1)

typedef struct
{
  const char *name;
  const char *text;
  int         code;             /* a ColombeAddressError, or VALID_CODE */
  const char *address;
  const char *local_part;
  const char *domain;
  const char *display_domain;
} AddressCase;

#define VALID(name, text, address, local_part, domain, display_domain) \
  { name, text, VALID_CODE, address, local_part, domain, display_domain }
#define INVALID(name, text, code) \
  { name, text, COLOMBE_ADDRESS_ERROR_##code, NULL, NULL, NULL, NULL }

/* Long parts, counted in octets. */
#define A10  "aaaaaaaaaa"
#define A60  A10 A10 A10 A10 A10 A10
#define A61  A60 "a"
#define A62  A60 "aa"
#define A63  A60 "aaa"
#define A64  A60 "aaaa"
#define A65  A60 "aaaaa"
#define D189 A63 "." A63 "." A61                 /* 64 + 1 + 189 = 254 */
#define D190 A63 "." A63 "." A62
#define D252 A63 "." A63 "." A63 "." A60         /* 1 + 1 + 252 = 254 */
#define D253 A63 "." A63 "." A63 "." A61
#define D254 A63 "." A63 "." A63 "." A62

static const AddressCase cases[] = {
  /* What people type, and what it becomes */
  VALID ("plain", "alice@free.fr", "alice@free.fr", "alice", "free.fr", "free.fr"),
  VALID ("spaces-and-case", "  Alice@Free.FR  ", "Alice@free.fr", "Alice", "free.fr", "free.fr"),
  VALID ("tabs-newlines", "\talice@free.fr\r\n", "alice@free.fr", "alice", "free.fr", "free.fr"),
  VALID ("no-break-spaces", "\u00a0alice@free.fr\u00a0", "alice@free.fr", "alice", "free.fr",
         "free.fr"),
  VALID ("zero-width-and-bom", "\ufeff\u200balice@free.fr\u200b", "alice@free.fr", "alice",
         "free.fr", "free.fr"),
  VALID ("upper-case", "ALICE@ORANGE.FR", "ALICE@orange.fr", "ALICE", "orange.fr", "orange.fr"),
  VALID ("idn", "alice@exämple.fr", "alice@xn--exmple-cua.fr", "alice", "xn--exmple-cua.fr",
         "exämple.fr"),
  VALID ("idn-upper-case", "alice@EXÄMPLE.FR", "alice@xn--exmple-cua.fr", "alice",
         "xn--exmple-cua.fr", "exämple.fr"),
  VALID ("idn-japanese", "alice@例え.jp", "alice@xn--r8jz45g.jp", "alice", "xn--r8jz45g.jp",
         "例え.jp"),
  VALID ("idn-ideographic-full-stop", "alice@例え。jp", "alice@xn--r8jz45g.jp", "alice",
         "xn--r8jz45g.jp", "例え.jp"),
  VALID ("idn-typed-as-ascii", "alice@XN--EXMPLE-CUA.fr", "alice@xn--exmple-cua.fr", "alice",
         "xn--exmple-cua.fr", "exämple.fr"),
  VALID ("plus-addressing", "alice+colombe@gmail.com", "alice+colombe@gmail.com",
         "alice+colombe", "gmail.com", "gmail.com"),
  VALID ("dots", "jean.dupont@laposte.net", "jean.dupont@laposte.net", "jean.dupont",
         "laposte.net", "laposte.net"),
  VALID ("hyphens", "marie-claire@mon-asso.fr", "marie-claire@mon-asso.fr", "marie-claire",
         "mon-asso.fr", "mon-asso.fr"),
  VALID ("digits", "asso2024@sfr.fr", "asso2024@sfr.fr", "asso2024", "sfr.fr", "sfr.fr"),
  VALID ("apostrophe", "o'brien@example.ie", "o'brien@example.ie", "o'brien", "example.ie",
         "example.ie"),
  VALID ("subdomains", "contact@mail.asso-quartier.org", "contact@mail.asso-quartier.org",
         "contact", "mail.asso-quartier.org", "mail.asso-quartier.org"),
  VALID ("shortest", "a@b.co", "a@b.co", "a", "b.co", "b.co"),
  VALID ("trailing-dot", "alice@free.fr.", "alice@free.fr", "alice", "free.fr", "free.fr"),
  VALID ("non-ascii-local-part", "Élodie@exemple.fr", "Élodie@exemple.fr", "Élodie",
         "exemple.fr", "exemple.fr"),
  VALID ("local-part-nfc", "e\u0301lodie@exemple.fr", "\u00e9lodie@exemple.fr", "\u00e9lodie",
         "exemple.fr", "exemple.fr"),
  VALID ("local-part-64", A64 "@free.fr", A64 "@free.fr", A64, "free.fr", "free.fr"),
  VALID ("label-63", "alice@" A63 ".fr", "alice@" A63 ".fr", "alice", A63 ".fr", A63 ".fr"),
  VALID ("domain-252", "a@" D252, "a@" D252, "a", D252, D252),
  VALID ("address-254", A64 "@" D189, A64 "@" D189, A64, D189, D189),

  /* Empty, and the "@" */
  INVALID ("empty", "", EMPTY),
  INVALID ("only-blanks", "   \t\n ", EMPTY),
  INVALID ("only-invisible", "\u00a0\u200b\ufeff", EMPTY),
  INVALID ("no-at", "alice.free.fr", NO_AT),
  INVALID ("two-at-together", "alice@@free.fr", SEVERAL_AT),
  INVALID ("two-addresses", "alice@free.fr@orange.fr", SEVERAL_AT),
  INVALID ("empty-local-part", "@free.fr", EMPTY_LOCAL_PART),
  INVALID ("empty-domain", "alice@", EMPTY_DOMAIN),
  INVALID ("only-at", "@", EMPTY_LOCAL_PART),

  /* Blanks inside */
  INVALID ("space-before-at", "alice @free.fr", INNER_SPACE),
  INVALID ("space-in-domain", "alice@free .fr", INNER_SPACE),
  INVALID ("tab-inside", "alice\t@free.fr", INNER_SPACE),
  INVALID ("newline-inside", "alice@free\n.fr", INNER_SPACE),
  INVALID ("zero-width-inside", "ali\u200bce@free.fr", INNER_SPACE),
  INVALID ("no-break-space-inside", "alice@free\u00a0.fr", INNER_SPACE),
  INVALID ("name-and-address", "Alice <alice@free.fr>", INNER_SPACE),

  /* Lengths */
  INVALID ("local-part-65", A65 "@free.fr", LOCAL_PART_TOO_LONG),
  INVALID ("label-64", "alice@" A64 ".fr", DOMAIN_TOO_LONG),
  INVALID ("idn-label-too-long", "alice@" A60 "ä.fr", DOMAIN_TOO_LONG),
  INVALID ("domain-254", "a@" D254, DOMAIN_TOO_LONG),
  INVALID ("domain-253", "a@" D253, TOO_LONG),
  INVALID ("address-255", A64 "@" D190, TOO_LONG),

  /* Domains */
  INVALID ("no-dot", "alice@localhost", DOMAIN_NO_DOT),
  INVALID ("no-dot-trailing-dot", "alice@localhost.", DOMAIN_NO_DOT),
  INVALID ("comma", "alice@free,fr", INVALID_DOMAIN),
  INVALID ("ideographic-comma", "alice@free\u3001fr", INVALID_DOMAIN),
  INVALID ("two-trailing-dots", "alice@free.fr..", INVALID_DOMAIN),
  INVALID ("idn-two-trailing-dots", "alice@exämple.fr..", INVALID_DOMAIN),
  INVALID ("consecutive-dots-domain", "alice@free..fr", INVALID_DOMAIN),
  INVALID ("leading-dot-domain", "alice@.free.fr", INVALID_DOMAIN),
  INVALID ("only-dot-domain", "alice@.", INVALID_DOMAIN),
  INVALID ("ip-literal", "alice@[192.0.2.1]", INVALID_DOMAIN),
  INVALID ("ip-address", "alice@192.0.2.1", INVALID_DOMAIN),
  INVALID ("leading-hyphen", "alice@-free.fr", INVALID_DOMAIN),
  INVALID ("trailing-hyphen", "alice@free-.fr", INVALID_DOMAIN),
  INVALID ("idn-leading-hyphen", "alice@-exämple.fr", INVALID_DOMAIN),
  INVALID ("underscore", "alice@mon_asso.fr", INVALID_DOMAIN),
  INVALID ("idn-underscore", "alice@mon_exämple.fr", INVALID_DOMAIN),
  INVALID ("exclamation", "alice@free!.fr", INVALID_DOMAIN),
  INVALID ("broken-punycode", "alice@xn--a.fr", INVALID_DOMAIN),
  INVALID ("control-in-domain", "alice@fr\001ee.fr", INVALID_DOMAIN),

  /* Local parts */
  INVALID ("control-in-local-part", "ali\001ce@free.fr", INVALID_LOCAL_PART),
  INVALID ("delete-in-local-part", "ali\177ce@free.fr", INVALID_LOCAL_PART),
  INVALID ("bidi-override", "ali\u202ece@free.fr", INVALID_LOCAL_PART),
  INVALID ("quoted", "\"alice\"@free.fr", INVALID_LOCAL_PART),
  INVALID ("quoted-with-at", "\"a@b\"@example.org", INVALID_LOCAL_PART),
  INVALID ("parentheses", "alice(asso)@free.fr", INVALID_LOCAL_PART),
  INVALID ("comma-local-part", "alice,bob@free.fr", INVALID_LOCAL_PART),
  INVALID ("semicolon", "alice;bob@free.fr", INVALID_LOCAL_PART),
  INVALID ("angle-brackets", "<alice@free.fr>", INVALID_LOCAL_PART),
  INVALID ("backslash", "alice\\bob@free.fr", INVALID_LOCAL_PART),
  INVALID ("consecutive-dots", "alice..dupont@free.fr", INVALID_LOCAL_PART),
  INVALID ("leading-dot", ".alice@free.fr", INVALID_LOCAL_PART),
  INVALID ("trailing-dot-local-part", "alice.@free.fr", INVALID_LOCAL_PART),

  /* Bytes that are not text */
  INVALID ("invalid-utf8", "alice@fr\377ee.fr", INVALID_ENCODING),
  INVALID ("truncated-utf8", "\303@free.fr", INVALID_ENCODING),
  INVALID ("latin1-paste", "h\351l\350ne@free.fr", INVALID_ENCODING),
};

static void
assert_valid (const AddressCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeAddress) address = colombe_address_parse (c->text, &error);
  g_autoptr(ColombeAddress) again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_assert_cmpstr (address->address, ==, c->address);
  g_assert_cmpstr (address->local_part, ==, c->local_part);
  g_assert_cmpstr (address->domain, ==, c->domain);
  g_assert_cmpstr (address->display_domain, ==, c->display_domain);

  /* Parsing is idempotent: what it gives back is accepted as it is. */
  again = colombe_address_parse (address->address, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->address, ==, address->address);
}

static void
assert_invalid (const AddressCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ColombeAddress) address = colombe_address_parse (c->text, &error);

  g_assert_null (address);
  g_assert_error (error, COLOMBE_ADDRESS_ERROR, c->code);

  /* The message is shown as it is, on one line, to a person. */
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s: %s", c->name, error->message);

  /* The same rejection without a GError to fill. */
  g_assert_null (colombe_address_parse (c->text, NULL));
}

static void
test_parse_case (gconstpointer data)
{
  const AddressCase *c = data;

  if (c->code == VALID_CODE)
    assert_valid (c);
  else
    assert_invalid (c);
}

static void
test_copy_free (void)
{
  g_autoptr(ColombeAddress) address = colombe_address_parse ("Alice@Exämple.FR", NULL);
  g_autoptr(ColombeAddress) copy = NULL;
  ColombeAddress *boxed;

  g_assert_nonnull (address);
  copy = colombe_address_copy (address);
  g_assert_true (copy != address);
  g_assert_true (copy->address != address->address);
  g_assert_cmpstr (copy->address, ==, "Alice@xn--exmple-cua.fr");
  g_assert_cmpstr (copy->local_part, ==, address->local_part);
  g_assert_cmpstr (copy->domain, ==, address->domain);
  g_assert_cmpstr (copy->display_domain, ==, "exämple.fr");

  boxed = g_boxed_copy (COLOMBE_TYPE_ADDRESS, address);
  g_assert_cmpstr (boxed->address, ==, address->address);
  g_boxed_free (COLOMBE_TYPE_ADDRESS, boxed);

  colombe_address_free (NULL);
}

static void
test_autoptr (void)
{
  g_autoptr(ColombeAddress) empty = NULL;

  {
    g_autoptr(ColombeAddress) scoped = colombe_address_parse ("bob@free.fr", NULL);

    g_assert_nonnull (scoped);
  }

  g_assert_null (empty);
}

static void
test_type_and_quark (void)
{
  g_assert_true (G_TYPE_IS_BOXED (COLOMBE_TYPE_ADDRESS));
  g_assert_cmpstr (g_type_name (COLOMBE_TYPE_ADDRESS), ==, "ColombeAddress");
  g_assert_cmpstr (g_quark_to_string (COLOMBE_ADDRESS_ERROR), ==, "colombe-address-error-quark");
}

static void
test_null_text (void)
{
  g_test_expect_message ("colombe-address", G_LOG_LEVEL_CRITICAL, "*text != NULL*");
  g_assert_null (colombe_address_parse (NULL, NULL));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/address/parse/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_parse_case);
    }

  g_test_add_func ("/address/copy-free", test_copy_free);
  g_test_add_func ("/address/autoptr", test_autoptr);
  g_test_add_func ("/address/type-and-quark", test_type_and_quark);
  g_test_add_func ("/address/null-text", test_null_text);

  return g_test_run ();
}
