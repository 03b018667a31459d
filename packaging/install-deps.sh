#!/usr/bin/env bash
# Installs every Debian package Jobdeck needs to build, run and test. Safe to run again.
set -euo pipefail

packages=(
  # build (ccache: a second build of the same sources, in any clone, is mostly cache hits)
  build-essential cmake ninja-build pkg-config ccache
  # Qt 6 (Core, Gui, Widgets, Sql, Network, Concurrent, Test) and the SQLite driver
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libgl-dev
  qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-httpserver-dev qt6-websockets-dev qt6-qpa-plugins
  # the time zone database schedules compute their occurrences with
  tzdata
  # raw-SQLite baseline in the benchmark; sqlite3 for inspecting databases
  libsqlite3-dev sqlite3
  # the PostgreSQL backend (libpq for the writer, Qt's driver for the readers), and the server its tests start as a
  # private cluster (initdb, pg_ctl)
  libpq-dev libqt6sql6-psql postgresql
  # digests whose state can be saved in a checkpoint (checksum handler)
  libssl-dev
  # interpreters the process handler runs scripts with (.py, .js)
  python3 nodejs
  # clients of the HTTP API in its tests, and the certificate its TLS test makes
  curl openssl
  # sanitizer runtimes
  libasan8 libubsan1 libtsan2
  # running the window headless, and screenshots
  xvfb xauth x11-apps imagemagick
  # the Debian package (packaging/deb.sh): making it, its PNG icons and checking it (the package test)
  dpkg-dev lintian desktop-file-utils appstream librsvg2-bin man-db file
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
