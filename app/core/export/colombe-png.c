/* colombe-png.c: a black and white picture as a PNG file
 *
 * Only what a QR code needs, from the PNG specification (W3C, second
 * edition): the signature, IHDR (1-bit greyscale, no interlace), one IDAT
 * of zlib data (GIO's compressor, so the core needs no image library), and
 * IEND; every chunk ends with the CRC-32 of its type and data.
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "colombe-png"

#include "config.h"

#include "colombe-png.h"

static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* CRC-32 as PNG and zlib define it (reflected, polynomial 0xedb88320). */
static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         length)
{
  static guint32 table[256];
  static gsize table_ready = 0;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }

  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);

  return crc;
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (out, bytes, sizeof bytes);
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint32 crc = 0xffffffffu;

  g_assert (length <= G_MAXINT32);

  append_be32 (out, length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, length);
  crc = crc32_update (crc, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, length);
  append_be32 (out, crc ^ 0xffffffffu);
}

/* Each row: filter type 0 (none), then the pixels 8 to a byte, the
 * leftmost in the high bit; 1 is white in 1-bit greyscale. */
static GByteArray *
pack_rows (const guint8 *dark,
           guint         width,
           guint         height)
{
  gsize row_bytes = (width + 7) / 8;
  GByteArray *rows = g_byte_array_sized_new ((row_bytes + 1) * height);

  for (guint y = 0; y < height; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (rows, &filter, 1);
      for (gsize b = 0; b < row_bytes; b++)
        {
          guint8 byte = 0;

          for (guint bit = 0; bit < 8; bit++)
            {
              guint x = b * 8 + bit;

              /* the padding bits of the last byte stay 0, as they may */
              if (x < width && !dark[(gsize) y * width + x])
                byte |= 0x80 >> bit;
            }
          g_byte_array_append (rows, &byte, 1);
        }
    }

  return rows;
}

static GBytes *
zlib_compress (GByteArray  *data,
               GError     **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory,
                                                                   G_CONVERTER (compressor));

  if (!g_output_stream_write_all (stream, data->data, data->len, NULL, NULL, error) ||
      !g_output_stream_close (stream, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

GBytes *
colombe_png_new_bilevel (const guint8  *dark,
                         guint          width,
                         guint          height,
                         GError       **error)
{
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GByteArray) header = g_byte_array_new ();
  g_autoptr(GByteArray) rows = NULL;
  g_autoptr(GBytes) compressed = NULL;
  /* bit depth 1, colour type 0 (greyscale), compression, filter, interlace 0 */
  const guint8 header_tail[] = { 1, 0, 0, 0, 0 };
  gsize length;
  const guint8 *data;

  g_return_val_if_fail (dark != NULL, NULL);
  g_return_val_if_fail (width > 0 && width <= G_MAXINT32, NULL);
  g_return_val_if_fail (height > 0 && height <= G_MAXINT32, NULL);

  rows = pack_rows (dark, width, height);
  if (!(compressed = zlib_compress (rows, error)))
    return NULL;

  append_be32 (header, width);
  append_be32 (header, height);
  g_byte_array_append (header, header_tail, sizeof header_tail);

  data = g_bytes_get_data (compressed, &length);
  out = g_byte_array_new ();
  g_byte_array_append (out, signature, sizeof signature);
  append_chunk (out, "IHDR", header->data, header->len);
  append_chunk (out, "IDAT", data, length);
  append_chunk (out, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
