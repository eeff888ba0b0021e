#!/bin/bash
# a11y-session.sh: runs test-a11y.py in a private D-Bus session
#
# Copyright 2026 The Colombe authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: a11y-session.sh TEST_SCRIPT COLOMBE_BINARY
#
# The session bus starts at-spi-bus-launcher, and it the AT-SPI registry,
# on demand; both print to standard output, which carries TAP: they get
# standard error, and the test writes TAP to descriptor 3. G_DEBUG's fatal
# warnings are for Colombe, not for the AT-SPI daemons or the driver.
set -euo pipefail
exec 3>&1 1>&2
export COLOMBE_G_DEBUG=${G_DEBUG:-}
unset G_DEBUG

exec dbus-run-session -- /usr/bin/python3 "$1" "$2" 3
