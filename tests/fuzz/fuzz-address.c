/* fuzz-address.c: the address parser, with what its normal form promises
 *
 * An accepted address is local_part@domain, the domain lower case ASCII,
 * at most 254 octets; and the parser takes its own output (and the form
 * shown to a person) back to the same address.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "colombe-address.h"
#include "colombe-fuzz.h"

static void
check_normal_form (const ColombeAddress *address)
{
  g_autofree char *joined = g_strconcat (address->local_part, "@", address->domain, NULL);

  g_assert_cmpstr (address->address, ==, joined);
  g_assert_cmpuint (strlen (address->address), <=, 254);
  for (const char *p = address->domain; *p != '\0'; p++)
    g_assert_true (g_ascii_isprint (*p) && !g_ascii_isupper (*p));
}

/* @text, a form of @address, parses to @address again. */
static void
check_reparsed (const ColombeAddress *address,
                const char           *text)
{
  g_autoptr(ColombeAddress) again = NULL;
  g_autoptr(GError) error = NULL;

  again = colombe_address_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->address, ==, address->address);
  g_assert_cmpstr (again->display_domain, ==, address->display_domain);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(ColombeAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  address = colombe_address_parse (text, &error);
  if (address == NULL)
    {
      g_assert_error (error, COLOMBE_ADDRESS_ERROR, error->code);
      return 0;
    }
  g_assert_no_error (error);

  check_normal_form (address);
  check_reparsed (address, address->address);
  shown = g_strconcat (address->local_part, "@", address->display_domain, NULL);
  check_reparsed (address, shown);

  return 0;
}
