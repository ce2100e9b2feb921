#!/bin/sh
# Makes a fresh Debian bookworm root at ROOT for the converge test (infra-checks ConvergeTest).
#
#   bootstrap-root.sh CACHE_DIR ROOT
#
# The first run bootstraps a pristine root with debootstrap into CACHE_DIR (minutes); later runs
# copy it (seconds). The pristine root is keyed by what goes into it (suite, variant, packages,
# the recipe version below), so changing the package list rebuilds it. Downloaded packages stay in
# CACHE_DIR/debs.
set -eu

cache=$1
root=$2
mirror=${HEADROOM_CONVERGE_MIRROR:-http://deb.debian.org/debian}
# What the playbooks need before they can run at all: Python for Ansible's modules, python3-apt
# for its apt module, systemd for systemctl (units are enabled offline inside the chroot).
include=python3,python3-apt,systemd,systemd-sysv,ca-certificates

# Bump when the steps after debootstrap change.
recipe="bookworm minbase $include policy-rc.d-101 v1"
key=$(printf '%s' "$recipe" | sha256sum | cut -c1-12)
pristine=$cache/bookworm-$key
mkdir -p "$cache/debs"

exec 9>"$cache/lock"
flock 9
if [ ! -e "$pristine/.complete" ]; then
  tmp=$cache/building-$key
  rm -rf "$tmp"
  debootstrap --variant=minbase --include="$include" --cache-dir="$cache/debs" bookworm "$tmp" "$mirror"
  # Daemons never start inside the chroot: package scripts ask invoke-rc.d, which asks this.
  printf '#!/bin/sh\n# converge test: no service starts inside the chroot\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod 0755 "$tmp/usr/sbin/policy-rc.d"
  chroot "$tmp" apt-get clean
  touch "$tmp/.complete"
  mv "$tmp" "$pristine"
fi
flock -u 9

rm -rf "$root"
mkdir -p "$(dirname "$root")"
cp -a --reflink=auto "$pristine" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
