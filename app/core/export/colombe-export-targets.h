/* colombe-export-targets.h: the targets of the table (colombe-export.c)
 *
 * Copyright 2026 The Colombe authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "colombe-exporter.h"

G_BEGIN_DECLS

extern const ColombeExporter colombe_export_autoconfig;
extern const ColombeExporter colombe_export_evolution;
extern const ColombeExporter colombe_export_geary;
extern const ColombeExporter colombe_export_goa;
extern const ColombeExporter colombe_export_thunderbird;
extern const ColombeExporter colombe_export_outlook;
extern const ColombeExporter colombe_export_mobileconfig;
extern const ColombeExporter colombe_export_k9;
extern const ColombeExporter colombe_export_qr;
extern const ColombeExporter colombe_export_qr_text;
extern const ColombeExporter colombe_export_msmtp;
extern const ColombeExporter colombe_export_mbsync;
extern const ColombeExporter colombe_export_neomutt;
extern const ColombeExporter colombe_export_aerc;

/* The servers Evolution signs in to with OAuth2 (its own list). */
gboolean colombe_export_evolution_knows_oauth2 (ColombeServer *server);

G_END_DECLS
