#!/bin/bash
# netns-run.sh: runs one integration test program in namespaces of its own
#
# Copyright 2026 The Colombe authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: netns-run.sh PROGRAM [ARGS...]   (the command meson runs; root or not)
#
# PROGRAM runs in new network, mount and PID namespaces:
#  - network: only "lo", up, holding 127.0.0.1, 127.0.0.2, ::1 and
#    fd00:c010:be::2. glibc's AI_ADDRCONFIG ignores loopback addresses: with
#    no other IPv4 address every IPv4-only lookup fails, and GIO's
#    asynchronous connect by name with it; with no other IPv6 address
#    getaddrinfo() drops AAAA answers. Nothing here reaches the host's
#    network, its DNS resolver included.
#  - mount: private. /etc/resolv.conf is /dev/null here, so glibc asks
#    127.0.0.1:53, where a ColombeTestDns world runs dnsmasq when a test
#    wants names (and where nothing answers otherwise).
#  - PID: this script is PID 1 there. It reaps the orphans of the servers
#    (Dovecot's processes once their master is killed), and when it exits
#    the kernel kills whatever the test left running.
# COLOMBE_TEST_NETNS and COLOMBE_TEST_MNTNS name the namespaces: fixtures
# check that they run inside them before touching resolv.conf. TMPDIR is a
# directory of this run, removed at the end even if the test crashed
# before its fixtures could clean up.
#
# An ordinary user gets a user namespace first, mapping the user to itself
# with its capabilities kept (--map-current-user --keep-caps) rather than
# to root: Dovecot started as "root" calls setgroups(), which a user
# namespace forbids; started as an ordinary user it runs everything as
# that user.
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
  namespaces=(--net --mount --pid --fork --mount-proc --propagation private --kill-child)
  if [ "$(id -u)" != 0 ]; then
    namespaces=(--map-current-user --keep-caps "${namespaces[@]}")
  fi
  exec unshare "${namespaces[@]}" -- "$0" --inside "$@"
fi
shift

PATH=$PATH:/usr/sbin:/sbin
ip link set lo up
ip addr add 127.0.0.2/8 dev lo
# a kernel with IPv6 switched off has no ::1 either: then IPv4 only
ip -6 addr add fd00:c010:be::2/128 dev lo 2>/dev/null || true
# GIO's network monitor counts a default route as "a network": without one
# Colombe would say the computer is offline. This one sits in a table no
# rule reads, so nothing is routed by it: traffic to any address but the
# loopback's still fails at once. A test of the offline case removes it.
ip route add default dev lo table 100
if [ -e /etc/resolv.conf ]; then
  mount --bind /dev/null /etc/resolv.conf
fi
COLOMBE_TEST_NETNS=$(readlink /proc/self/ns/net)
COLOMBE_TEST_MNTNS=$(readlink /proc/self/ns/mnt)
export COLOMBE_TEST_NETNS COLOMBE_TEST_MNTNS

scratch=$(mktemp -d "${TMPDIR:-/tmp}/colombe-netns.XXXXXX")
chmod 755 "$scratch"   # Dovecot's own accounts must get in
trap 'rm -rf "$scratch"' EXIT
export TMPDIR=$scratch

# not exec: PID 1 has to stay, to reap orphans
"$@" &
status=0
wait "$!" || status=$?
exit "$status"
