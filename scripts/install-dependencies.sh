#!/bin/sh
# Installs the Debian 12 packages that emergence's build, tests and examples need, skipping
# those already present. Run as root or as a user with sudo.
set -eu

packages="cmake g++ make libeigen3-dev catch2 libstb-dev zlib1g-dev libcli11-dev gnuplot-nox"

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

echo "Installing:$missing"
$sudo apt-get update
# shellcheck disable=SC2086 # the package list is meant to split into words
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
