#!/bin/sh
# Installs every Debian package saetrack needs to build, test and run, plus any packages named as
# arguments (tools/gather-data.sh passes its photo packages). Idempotent; run as root or a sudoer.
set -eu
PKGS="build-essential pkg-config cmake meson ninja-build \
  libtorch-dev libopenblas0-pthread \
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev \
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
  gstreamer1.0-libav gstreamer1.0-opencv python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 \
  libopencv-dev libopencv-contrib-dev opencv-doc mate-backgrounds zlib1g-dev libgtest-dev bc $*"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends $missing
fi
